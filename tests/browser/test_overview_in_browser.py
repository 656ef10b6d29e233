"""Porteføljeoverblik in Chromium: a count opens the units behind it, whose workbook
downloads with plejefamilier pseudonymised, and a unit of the drill-down opens in the
inspector's app, in a new tab, with that unit chosen."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import openpyxl
import pytest
from playwright.sync_api import Page, expect

from tilsynwidgets.apps import overview_data
from tilsynwidgets.domain.core.danish_numbers import danish_count
from tilsynwidgets.exports.drilldown import SHEET
from tilsynwidgets.store.store import Store

if TYPE_CHECKING:
    from tests.browser.conftest import VoilaServer

pytestmark = pytest.mark.browser

APP = "Portefoelje.ipynb"


def _overdue() -> tuple[int, set[str]]:
    """The overdue count the overview shows, and the real names of every plejefamilie."""
    with Store.open() as store:
        data = overview_data(store)
    units = data.units
    return data.overdue_count(), set(units.loc[units["kind"] == "plejefamilie", "name"])


def test_the_overdue_count_opens_its_units_and_their_workbook(
    page: Page, voila_server: VoilaServer, tmp_path: Path
) -> None:
    overdue, family_names = _overdue()
    assert overdue > 1  # the sample has overdue visits under the default rule set
    page.goto(voila_server.url(APP))
    expect(page.get_by_text("Tilsynsbesøg overskredet pr.")).to_be_visible()
    page.get_by_role("button", name=f"Vis de {danish_count(overdue)} enheder").click()
    figure = page.get_by_label("Tal", exact=True)
    expect(figure.locator("option:checked")).to_have_text(
        re.compile(rf"Overskredne\stilsynsbesøg\s\({re.escape(danish_count(overdue))}\)")
    )
    expect(page.get_by_label("Enheder", exact=True).locator("option")).to_have_count(overdue)
    expect(page.locator("caption", has_text="Overskredne tilsynsbesøg: de mest")).to_be_visible()

    page.get_by_role("button", name="Hent enhederne som Excel-projektmappe").click()
    link = page.get_by_role("link", name="Hent enhederne")
    with page.expect_download() as download_info:
        link.click()
    name = download_info.value.suggested_filename
    assert name.startswith("portefoeljeoverblik-overskredne-tilsynsbesoeg-"), name
    path = tmp_path / "enheder.xlsx"
    download_info.value.save_as(path)
    header, *rows = openpyxl.load_workbook(path)[SHEET].iter_rows(values_only=True)
    assert len(rows) == overdue
    names = {str(row[list(header).index("Navn")]) for row in rows}
    assert names.isdisjoint(family_names)


def test_a_unit_of_the_drill_down_opens_in_the_inspectors_app(
    page: Page, voila_server: VoilaServer
) -> None:
    page.goto(voila_server.url(APP))
    page.get_by_label("Afsnit", exact=True).select_option(label="Valgte risikokategorier, seneste")
    figure = page.get_by_label("Tal", exact=True)
    expect(figure.locator("option")).not_to_have_count(1)
    figure.select_option(index=1)
    units = page.get_by_label("Enheder", exact=True)
    units.select_option(index=0)
    chosen = units.locator("option:checked").inner_text()
    unit_id = chosen.replace("\xa0", " ").split(" – ", 1)[0].strip()  # "P-00194 – navn"
    link = page.locator("a.tw-unit-link")
    expect(link).to_have_attribute("href", f"Tilsynsfoerende.ipynb?enhed={unit_id}")
    expect(link).to_have_attribute("target", "_blank")
    with page.context.expect_page() as opened:
        link.click()
    inspector = opened.value
    expect(inspector).to_have_url(
        re.compile(rf"/voila/render/Tilsynsfoerende\.ipynb\?enhed={unit_id}$")
    )
    expect(inspector.get_by_role("tab", name="Risikokategorisering")).to_be_visible(timeout=90_000)
    expect(inspector.get_by_text(unit_id).first).to_be_visible()
    expect(inspector.get_by_text("Vælg en enhed i listen for at begynde.")).to_be_hidden()
    inspector.goto("about:blank")  # its kernel is shut down as any page's
    inspector.close()
