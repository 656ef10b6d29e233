"""The apps as a user meets them: served by Voilà, clicked in Chromium, without errors."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from tilsynwidgets.app_index import app_index

if TYPE_CHECKING:
    from tests.browser.conftest import VoilaServer

pytestmark = pytest.mark.browser

KERNEL_ID = "JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"


def test_landing_page_lists_the_apps_and_opens_the_overview(
    page: Page, voila_server: VoilaServer
) -> None:
    page.goto(voila_server.url("Forside.ipynb"))
    index = app_index()
    expect(page.get_by_role("heading", name=index.title)).to_be_visible()
    for app in index.apps:
        expect(page.get_by_role("link", name=app.title, exact=True)).to_be_visible()

    page.get_by_role("link", name="Porteføljeoverblik", exact=True).click()
    expect(page).to_have_url(voila_server.url("Portefoelje.ipynb"))
    expect(page.get_by_role("heading", name="Valgte risikokategorier")).to_be_visible()
    expect(page.get_by_text("Almen plejefamilie")).to_have_count(0)

    page.get_by_role("button", name="Type", exact=True).click()
    expect(page.get_by_text("Almen plejefamilie").first).to_be_visible()


def test_landing_page_is_danish_and_loads_nothing_from_outside(
    page: Page, voila_server: VoilaServer
) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(voila_server.url("Forside.ipynb"))
    expect(page.get_by_role("link", name="Porteføljeoverblik", exact=True)).to_be_visible()

    assert page.evaluate("document.documentElement.lang") == "da"
    server = urlsplit(voila_server.base_url).netloc
    outside = [
        url
        for url in requested
        if urlsplit(url).scheme in ("http", "https", "ws", "wss") and urlsplit(url).netloc != server
    ]
    assert outside == []


def test_leaving_a_page_shuts_its_kernel_down(page: Page, voila_server: VoilaServer) -> None:
    page.goto(voila_server.url("Forside.ipynb"))
    expect(page.get_by_role("link", name="Porteføljeoverblik", exact=True)).to_be_visible()
    kernel = page.evaluate(KERNEL_ID)

    page.goto("about:blank")
    voila_server.wait_for_log(f"Kernel shutdown: {kernel}", timeout_s=30)


def test_notebook_list_leads_to_the_landing_page(page: Page, voila_server: VoilaServer) -> None:
    page.goto(voila_server.base_url)
    assert page.evaluate("document.documentElement.lang") == "da"
    page.get_by_role("link", name="Forside.ipynb", exact=True).click()
    expect(page.get_by_role("link", name="Porteføljeoverblik", exact=True)).to_be_visible()


def _fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return int(response.status), response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


@pytest.mark.parametrize(
    ("path", "status"), [("voila/tree", 200), ("voila/render/Findes-ikke.ipynb", 404)]
)
def test_voilas_own_pages_are_danish_and_offline(
    voila_server: VoilaServer, path: str, status: int
) -> None:
    got, html = _fetch(voila_server.base_url + path)
    assert got == status
    assert '<html lang="da">' in html
    assert re.findall(r'(?:href|src)="(?:https?:)?//[^"]*"', html) == []
