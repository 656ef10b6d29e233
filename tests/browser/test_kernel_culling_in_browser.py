"""Kernels that end: a page closed without unloading loses its kernel to the idle culler, and a
page left open past the idle time says so in Danish, takes no more input and reloads.

The server is this module's own, with an idle time of a few seconds (see _kernels.py). ``-s``
prints the measured figures (kernels and their memory when the pages closed, seconds until all
are gone).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Browser, expect
from tests.browser._kernels import (
    CULL_INTERVAL_ENV,
    IDLE_MINUTES_ENV,
    MAX_KERNELS_ENV,
    culled,
    kernel_exists,
    kernel_processes,
    live_kernels,
    new_context,
    open_app,
    ready_marker,
    serve,
    wait_for_kernels,
)

if TYPE_CHECKING:
    from tests.browser.conftest import VoilaServer

pytestmark = pytest.mark.browser

# Long enough for three apps to open side by side on two busy cores before the first
# kernel counts as idle; short enough to wait for.
IDLE_S = 12
CULL_INTERVAL_S = 1
# Culled after IDLE_S plus one interval, noticed by the page within one more; the rest is
# room for a busy machine.
GONE_WITHIN_S = IDLE_S + 3 * CULL_INTERVAL_S + 30

# The page's kernel, as Voilà writes it into the page.
KERNEL_ID = "JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"

IDLE_TEXT = (
    "Siden har været uvirksom og er lukket for at spare serverens hukommelse. Genindlæs "
    "siden for at fortsætte – en kladde, du var i gang med, kommer igen."
)


@pytest.fixture(scope="module")
def culling_server(
    chromium: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[VoilaServer]:
    yield from serve(
        tmp_path_factory,
        "culling",
        {
            IDLE_MINUTES_ENV: str(IDLE_S / 60),
            CULL_INTERVAL_ENV: str(CULL_INTERVAL_S),
            MAX_KERNELS_ENV: "10",
        },
    )


def test_pages_closed_without_unloading_lose_their_kernels(
    browser: Browser, culling_server: VoilaServer
) -> None:
    wait_for_kernels(culling_server, 0, timeout_s=GONE_WITHIN_S)
    apps = ("Forside.ipynb", "Portefoelje.ipynb", "Ledelse.ipynb")
    pages = [open_app(new_context(browser), culling_server, app) for app in apps]
    for page, app in zip(pages, apps, strict=True):
        expect(ready_marker(page, app)).to_be_visible()
    kernels = [str(page.evaluate(KERNEL_ID)) for page in pages]
    before = kernel_processes(culling_server)
    assert len(before) == len(apps)
    assert sorted(live_kernels(culling_server)) == sorted(kernels)

    # As a killed browser or a lost laptop: no beforeunload, so Voilà's front end never asks
    # for a shutdown. The culler's log line below (0 connections) proves it: a kernel shut
    # down on leaving would not be there to cull.
    for page in pages:
        page.close(run_before_unload=False)
        page.context.close()
    assert all(kernel_exists(culling_server, kernel) for kernel in kernels)

    seconds = wait_for_kernels(culling_server, 0, timeout_s=GONE_WITHIN_S)

    log = culling_server.log()
    for kernel in kernels:
        assert culled(kernel, connections=0) in log
    megabytes = sum(before.values()) / 1024
    print(
        f"\nKerner: {len(before)} ({megabytes:.0f} MB RSS) da siderne blev lukket, 0 efter "
        f"{seconds:.1f} s (inaktiv i {IDLE_S} s, kontrol med {CULL_INTERVAL_S} s mellemrum)."
    )


def test_a_page_left_open_past_the_timeout_says_so_in_danish_and_reloads(
    browser: Browser, culling_server: VoilaServer
) -> None:
    context = new_context(browser)
    try:
        page = open_app(context, culling_server, "Forside.ipynb")
        link = ready_marker(page, "Forside.ipynb")
        expect(link).to_be_visible()
        kernel = str(page.evaluate(KERNEL_ID))

        notice = page.get_by_role("alertdialog")
        expect(notice).to_be_visible(timeout=GONE_WITHIN_S * 1000)
        expect(notice.get_by_role("heading")).to_have_text("Siden er lukket")
        expect(notice).to_contain_text(IDLE_TEXT)
        reload = notice.get_by_role("button", name="Genindlæs siden")
        expect(reload).to_be_focused()
        assert culled(kernel, connections=1) in culling_server.log()
        # The dead page takes no input: its links and widgets cannot get focus or clicks.
        assert page.evaluate(
            "document.getElementById('rendered_cells').closest('[inert]') !== null"
        )
        link.evaluate("element => element.focus()")
        expect(link).not_to_be_focused()
        expect(reload).to_be_focused()

        reload.click()
        expect(link).to_be_visible()
        assert page.evaluate(KERNEL_ID) != kernel
        expect(page.get_by_role("alertdialog")).to_have_count(0)
        # Leaving the dead page did not ask to shut down a kernel that no longer exists.
        assert f"POST /voila/api/shutdown/{kernel}" not in culling_server.log()
    finally:
        context.close()
