"""A bound on kernels: an ``<img>``, script or fetch pointing at an app starts no kernel, past
the bound a new page gets a Danish refusal instead of one (also when pages come at once), and a
bad setting stops the server with a Danish message.

The server is this module's own: it never culls and allows two kernels.
"""

from __future__ import annotations

import http.cookies
import json
import re
import subprocess
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Browser, expect
from tests.browser._kernels import (
    IDLE_MINUTES_ENV,
    MAX_KERNELS_ENV,
    kernel_processes,
    live_kernels,
    new_context,
    open_app,
    ready_marker,
    serve,
    wait_for_kernels,
)
from tests.browser.conftest import (
    NOTEBOOKS,
    PAGE_TIMEOUT_MS,
    ROOT,
    free_port,
    voila_command,
    voila_environment,
)

if TYPE_CHECKING:
    from tests.browser.conftest import VoilaServer

pytestmark = pytest.mark.browser

BOUND = 2
TOO_MANY = "Der er for mange åbne sider lige nu"


@pytest.fixture(scope="module")
def bounded_server(
    chromium: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[VoilaServer]:
    yield from serve(
        tmp_path_factory, "bounded", {IDLE_MINUTES_ENV: "0", MAX_KERNELS_ENV: str(BOUND)}
    )


def test_an_image_script_or_fetch_pointing_at_an_app_starts_no_kernel(
    browser: Browser, bounded_server: VoilaServer
) -> None:
    wait_for_kernels(bounded_server, 0, timeout_s=30)
    app = bounded_server.url("Forside.ipynb")
    context = new_context(browser)
    try:
        page = context.new_page()
        page.goto(bounded_server.base_url)  # the notebook list: a page of the same server
        statuses = page.evaluate(
            """async (app) => {
                const loaded = (element) => new Promise((resolve) => {
                    element.onload = () => resolve("indlæst");
                    element.onerror = () => resolve("afvist");
                    document.body.appendChild(element);
                });
                const images = Array.from({length: 5}, (_, i) => {
                    const image = document.createElement("img");
                    image.src = `${app}?billede=${i}`;
                    return loaded(image);
                });
                const script = document.createElement("script");
                script.src = `${app}?script=1`;
                const fetched = fetch(`${app}?fetch=1`).then((response) => response.status);
                return [...(await Promise.all([...images, loaded(script)])), await fetched];
            }""",
            app,
        )
        assert statuses == ["afvist"] * 6 + [403]
    finally:
        context.close()

    # Without Sec-Fetch-Dest (plain http to another host) an image's Accept header is enough.
    request = urllib.request.Request(app, headers={"Accept": "image/avif,image/webp,*/*;q=0.8"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)
    assert refused.value.code == 403

    assert bounded_server.log().count("): Adressen er en app og kan ikke hentes") == 8
    assert "Kernel started" not in bounded_server.log()
    assert kernel_processes(bounded_server) == {}


def test_past_the_bound_a_new_page_gets_a_danish_refusal_and_can_try_again(
    browser: Browser, bounded_server: VoilaServer
) -> None:
    wait_for_kernels(bounded_server, 0, timeout_s=30)
    contexts = [new_context(browser) for _ in range(BOUND + 1)]
    try:
        first, second = (open_app(c, bounded_server, "Forside.ipynb") for c in contexts[:BOUND])
        for page in (first, second):
            expect(ready_marker(page, "Forside.ipynb")).to_be_visible()

        third = contexts[BOUND].new_page()
        response = third.goto(bounded_server.url("Forside.ipynb"))
        assert response is not None
        assert response.status == 503
        assert third.evaluate("document.documentElement.lang") == "da"
        expect(third).to_have_title(TOO_MANY)
        expect(third.get_by_role("heading", level=1)).to_have_text(TOO_MANY)
        expect(third.get_by_text("Luk sider, du ikke bruger")).to_be_visible()
        assert len(live_kernels(bounded_server)) == BOUND

        # One person leaves a page (Voilà's shutdown on leaving); the third can now get in.
        first.goto("about:blank")
        wait_for_kernels(bounded_server, BOUND - 1, timeout_s=30)
        third.get_by_role("link", name="Genindlæs siden").click()
        expect(ready_marker(third, "Forside.ipynb")).to_be_visible()
    finally:
        for context in contexts:
            for page in context.pages:
                page.goto("about:blank")
            context.close()
    wait_for_kernels(bounded_server, 0, timeout_s=30)


def _request_page(url: str, results: list[tuple[int, str, str]]) -> None:
    """GET a page as a browser's navigation does; record (status, body, _xsrf cookie)."""
    request = urllib.request.Request(url, headers={"Sec-Fetch-Dest": "document"})
    try:
        with urllib.request.urlopen(request, timeout=PAGE_TIMEOUT_MS / 1000) as response:
            cookie = http.cookies.SimpleCookie()
            for header in response.headers.get_all("Set-Cookie") or []:
                cookie.load(header)
            xsrf = cookie["_xsrf"].value if "_xsrf" in cookie else ""
            results.append((response.status, response.read().decode("utf-8"), xsrf))
    except urllib.error.HTTPError as error:
        results.append((error.code, error.read().decode("utf-8"), ""))


def _shut_down(server: VoilaServer, page_html: str, xsrf: str) -> None:
    """What Voilà's front end does when a page is left."""
    config = re.search(
        r'<script id="jupyter-config-data" type="application/json">(.*?)</script>',
        page_html,
        re.DOTALL,
    )
    assert config is not None
    kernel = json.loads(config.group(1))["kernelId"]
    request = urllib.request.Request(
        f"{server.base_url}voila/api/shutdown/{kernel}",
        data=urllib.parse.urlencode({"_xsrf": xsrf}).encode(),
        headers={"Cookie": f"_xsrf={xsrf}"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 204


def test_simultaneous_pages_do_not_slip_past_the_bound(bounded_server: VoilaServer) -> None:
    wait_for_kernels(bounded_server, 0, timeout_s=30)
    results: list[tuple[int, str, str]] = []
    url = bounded_server.url("Forside.ipynb")
    threads = [
        threading.Thread(target=_request_page, args=(url, results)) for _ in range(BOUND + 2)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(status for status, _, _ in results) == [200] * BOUND + [503] * 2
    assert all(TOO_MANY in html for status, html, _ in results if status == 503)
    assert len(live_kernels(bounded_server)) == BOUND
    for _, html, xsrf in (result for result in results if result[0] == 200):
        _shut_down(bounded_server, html, xsrf)
    wait_for_kernels(bounded_server, 0, timeout_s=30)


def test_a_bad_kernel_setting_stops_the_server_with_a_danish_message() -> None:
    # Without this, traitlets would drop the whole voila.py with a logged traceback, and the
    # server would run without culling, bound or _xsrf cookie.
    environment = {**voila_environment(), MAX_KERNELS_ENV: "mange"}
    finished = subprocess.run(
        voila_command(NOTEBOOKS, free_port()),
        cwd=ROOT,
        env=environment,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert finished.returncode != 0
    assert f"miljøvariablen {MAX_KERNELS_ENV}='mange' skal være et helt tal ≥ 0" in finished.stderr
