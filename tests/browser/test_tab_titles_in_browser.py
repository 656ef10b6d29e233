"""Each app's browser tab is named in Danish, as the landing page names the app (the
notebook's ``title`` metadata, which the lab template writes into ``<title>``), not by its
notebook's file name."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Page, expect
from tests.browser.conftest import NOTEBOOKS

from tilsynwidgets.app_index import app_index

if TYPE_CHECKING:
    from tests.browser.conftest import VoilaServer

pytestmark = pytest.mark.browser


def _titles() -> dict[str, str]:
    index = app_index()
    return {"Forside.ipynb": index.title} | {app.notebook: app.title for app in index.apps}


def test_every_notebook_is_named_as_the_landing_page_names_it() -> None:
    titles = _titles()
    assert sorted(titles) == sorted(p.name for p in NOTEBOOKS.glob("*.ipynb"))
    for notebook, title in titles.items():
        metadata = json.loads((NOTEBOOKS / notebook).read_text(encoding="utf-8"))["metadata"]
        assert metadata.get("title") == title, notebook


@pytest.mark.parametrize("notebook", sorted(_titles()))
def test_the_tab_shows_the_apps_danish_name(
    page: Page, voila_server: VoilaServer, notebook: str
) -> None:
    title = _titles()[notebook]
    page.goto(voila_server.url(notebook))
    expect(page).to_have_title(title)
    # Still so once the cells have run and the widgets are drawn.
    expect(page.locator("#loading")).to_be_hidden()
    expect(page.locator(".jupyter-widgets").first).to_be_visible()
    assert page.title() == title
