"""Every app fits a 1024 px wide window: no horizontal scrolling, no element reaching past
the right edge, and the app's one-line summary reads as text (the page's font, wrapped)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Browser, expect
from tests.browser.conftest import NOTEBOOKS

from tilsynwidgets.widgets.inspector.app import TABS

if TYPE_CHECKING:
    from tests.browser.conftest import VoilaServer

pytestmark = pytest.mark.browser

WIDTH = 1024

# Elements (tag, class, first text) whose right edge lies past the window's.
PAST_THE_EDGE = """() => {
  const edge = document.documentElement.clientWidth;
  return [...document.querySelectorAll('body *')]
    .filter(e => e.getClientRects().length && e.getBoundingClientRect().right > edge + 1)
    .filter(e => getComputedStyle(e).visibility !== 'hidden')
    .map(e => `${e.tagName.toLowerCase()}.${e.className} «${(e.innerText||'').slice(0, 40)}»`)
    .slice(0, 10);
}"""
# Tab titles and button labels cut short (their text is wider than its box).
CUT_LABELS = """() => [...document.querySelectorAll(
    '.lm-TabBar-tabLabel, .p-TabBar-tabLabel, button.jupyter-button, .widget-label')]
  .filter(e => e.getClientRects().length && e.scrollWidth > e.clientWidth + 1)
  .map(e => e.textContent)"""
SUMMARY = '.jp-OutputArea-output.jp-RenderedText[data-mime-type="text/plain"] pre'


def _printed_summaries(notebook: str) -> int:
    """How many of the notebook's cells print a summary."""
    cells = json.loads((NOTEBOOKS / notebook).read_text(encoding="utf-8"))["cells"]
    return sum(1 for c in cells if c["cell_type"] == "code" and "print(" in "".join(c["source"]))


@pytest.mark.parametrize("notebook", sorted(p.name for p in NOTEBOOKS.glob("*.ipynb")))
def test_the_app_fits_1024_px(browser: Browser, voila_server: VoilaServer, notebook: str) -> None:
    context = browser.new_context(locale="da-DK", viewport={"width": WIDTH, "height": 800})
    try:
        page = context.new_page()
        page.goto(voila_server.url(notebook))
        expect(page.locator("#loading")).to_be_hidden(timeout=180_000)
        expect(page.locator(".jupyter-widgets").first).to_be_visible()
        page.wait_for_load_state("networkidle")
        widths = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert widths[0] <= widths[1], f"{notebook}: siden er {widths[0]} px bred ved {WIDTH}"
        assert page.evaluate(PAST_THE_EDGE) == [], notebook
        assert page.evaluate(CUT_LABELS) == [], notebook
        summaries = page.locator(SUMMARY).all()
        assert len(summaries) == _printed_summaries(notebook)
        for summary in summaries:
            font = summary.evaluate("e => getComputedStyle(e).fontFamily")
            assert "mono" not in font.lower(), f"{notebook}: resuméet står i {font}"
            assert summary.evaluate("e => e.scrollWidth <= e.clientWidth"), notebook
    finally:
        context.close()


@pytest.mark.parametrize("width", [1024, 1440])
def test_the_inspector_with_a_unit_chosen_fits_and_its_tab_titles_are_whole(
    browser: Browser, voila_server: VoilaServer, width: int
) -> None:
    context = browser.new_context(locale="da-DK", viewport={"width": width, "height": 800})
    try:
        page = context.new_page()
        page.goto(voila_server.url("Tilsynsfoerende.ipynb"))
        expect(page.locator("#loading")).to_be_hidden(timeout=180_000)
        listed = page.get_by_label("Enheder", exact=True)
        expect(listed.locator("option").first).to_be_attached()
        listed.select_option(index=0)
        expect(page.get_by_text("Kategori i kraft")).to_be_visible()
        tabs = page.locator(".lm-TabBar-tabLabel")
        expect(tabs.filter(has_text="Organisatorisk understøttelse")).to_be_visible()
        for title in TABS:
            page.get_by_role("tab", name=title, exact=True).click()
            expect(page.get_by_role("tab", name=title, exact=True)).to_have_attribute(
                "aria-selected", "true"
            )
            page.wait_for_timeout(300)  # the tab's content is laid out
            assert page.evaluate(CUT_LABELS) == [], title
            assert page.evaluate(PAST_THE_EDGE) == [], title
    finally:
        context.close()
