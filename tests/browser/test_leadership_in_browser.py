"""Ledelsens overblik in Chromium: change a filter, drill down to a unit's history, and
download both exports; the workbook opens and holds the filtered rows. What waits for a
decision shows the day's totals the domain computes, and its counts open in the drill-down,
down to a waiting unit's information since its latest assessment."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import openpyxl
import pytest
from playwright.sync_api import Page, expect

from tilsynwidgets import apps
from tilsynwidgets.domain.core.danish_numbers import danish_count
from tilsynwidgets.domain.core.units import Socialtilsyn
from tilsynwidgets.domain.labels import label_of
from tilsynwidgets.domain.portfolio.drilldown import Section, section_figures
from tilsynwidgets.domain.portfolio.leadership import Filters
from tilsynwidgets.domain.support.measures import general_measures
from tilsynwidgets.exports.waiting import waiting_facts
from tilsynwidgets.presentation.information import pending_line, unit_listing
from tilsynwidgets.store.store import Store

if TYPE_CHECKING:
    from tests.browser.conftest import VoilaServer

pytestmark = pytest.mark.browser

APP = "Ledelse.ipynb"


def units_in(tilsyn: Socialtilsyn) -> tuple[int, set[str]]:
    """How many units the socialtilsyn has, and the names of its plejefamilier."""
    with Store.open() as store:
        units = store.units_frame()
    mine = units[units["socialtilsyn"] == tilsyn.value]
    pleje = set(mine.loc[mine["kind"] == "plejefamilie", "name"])
    return len(mine), pleje


def test_filter_drill_down_and_both_exports(
    page: Page, voila_server: VoilaServer, tmp_path: Path
) -> None:
    page.goto(voila_server.url(APP))
    expect(page.get_by_text(re.compile(r"[\d.]+ enheder i udvalget"))).to_be_visible()

    tilsyn = Socialtilsyn.SYD
    count, pleje_names = units_in(tilsyn)
    page.get_by_label("Socialtilsyn", exact=True).select_option(label=label_of(tilsyn))
    expect(page.get_by_text(f"{danish_count(count)} enheder i udvalget")).to_be_visible()

    page.get_by_label("Afsnit", exact=True).select_option(label="Risikokategorier præ og post")
    figure = page.get_by_label("Tal", exact=True)
    first = figure.locator("option").nth(1)
    # The figures follow the filter: the first is a colour count in the chosen socialtilsyn.
    # ipywidgets shows option spaces as no-break spaces; \s matches both.
    words = r"\s".join(re.escape(word) for word in f"i {label_of(tilsyn)}".split())
    expect(first).to_have_text(re.compile(words + r"\s\([\d.]+\)\s*$"))
    label = first.inner_text().strip()
    figure.select_option(label=label)
    behind = int(label.rsplit("(", 1)[1].rstrip(")").replace(".", ""))  # "1.344" → 1344
    units = page.get_by_label("Enheder", exact=True)
    expect(units.locator("option")).to_have_count(behind)
    units.select_option(index=0)
    expect(page.locator("table.tw-history")).to_be_visible()

    page.get_by_role("button", name="Lav Excel-projektmappe").click()
    link = page.get_by_role("link", name="Hent Excel-projektmappen")
    with page.expect_download() as download_info:
        link.click()
    assert download_info.value.suggested_filename.startswith("ledelsesoverblik-syd-")
    workbook_path = tmp_path / "overblik.xlsx"
    download_info.value.save_as(workbook_path)
    workbook = openpyxl.load_workbook(workbook_path)
    header, *rows = workbook["Enheder"].iter_rows(values_only=True)
    column = {str(name): index for index, name in enumerate(header)}
    assert len(rows) == count
    assert {row[column["Socialtilsyn"]] for row in rows} == {label_of(tilsyn)}
    names = {str(row[column["Navn"]]) for row in rows}
    assert pleje_names.isdisjoint(names)  # pseudonymised by default

    page.get_by_role("button", name="Lav rapport til udskrift").click()
    report_link = page.get_by_role("link", name="Hent rapporten")
    with page.expect_download() as report_info:
        report_link.click()
    assert report_info.value.suggested_filename.startswith("ledelsesoverblik-syd-")
    expect(link).to_be_visible()  # making the report keeps the workbook's link
    report_path = tmp_path / "overblik.html"
    report_info.value.save_as(report_path)
    report = report_path.read_text(encoding="utf-8")
    assert 'lang="da"' in report
    assert "Ledelsens overblik" in report
    assert not any(name in report for name in pleje_names)


def test_self_assessment_of_the_leadership_measures(page: Page, voila_server: VoilaServer) -> None:
    page.goto(voila_server.url(APP))
    overview = page.locator("table", has_text="Seneste selvevaluering pr. socialtilsyn")
    # The sample leaves the last socialtilsyn (Nord) without a self-assessment.
    not_assessed = overview.get_by_text("Ikke vurderet", exact=True)
    expect(not_assessed).to_have_count(len(general_measures()))
    tilsyn = label_of(Socialtilsyn.NORD)
    page.get_by_label("Udfyld for", exact=True).select_option(label=tilsyn)
    save = page.get_by_role("button", name="Gem selvevaluering")
    expect(save).to_be_enabled()
    established = page.get_by_role("button", name="Etableret", exact=True)
    expect(established).to_have_count(len(general_measures()))
    for index in range(len(general_measures())):
        established.nth(index).click()
    page.get_by_role("button", name="Ikke etableret", exact=True).first.click()
    page.get_by_placeholder("Samlet bemærkning (valgfri)").fill("<b>Drøftet</b> & aftalt")
    save.click()
    expect(page.get_by_text(f"Selvevaluering for {tilsyn} gemt")).to_be_visible()
    expect(not_assessed).to_have_count(0)
    expect(overview).to_contain_text("Ikke etableret")
    expect(page.locator("b", has_text="Drøftet")).to_have_count(0)


def test_what_waits_for_a_decision(page: Page, voila_server: VoilaServer) -> None:
    tilsyn = Socialtilsyn.MIDT
    with Store.open() as store:  # the figures as the app's kernel computes them
        view = apps.leadership_data(store).view(Filters(socialtilsyn={tilsyn.value}))
        totals = waiting_facts(view)[0]
        figures = section_figures(view, Section.WAITING)
    page.goto(voila_server.url(APP))
    expect(page.get_by_text(re.compile(r"[\d.]+ enheder i udvalget"))).to_be_visible()
    page.get_by_label("Socialtilsyn", exact=True).select_option(label=label_of(tilsyn))
    expect(page.get_by_text(totals, exact=True)).to_be_visible()
    expect(page.get_by_text(re.compile(r"^Perioden gælder ikke her"))).to_be_visible()
    page.get_by_label("Afsnit", exact=True).select_option(label="Venter på stillingtagen")
    options = page.get_by_label("Tal", exact=True).locator("option")
    expect(options).to_have_count(1 + len(figures))
    assert figures, "the sample has units waiting in Midt"
    assert figures[0].count
    # The first count (units waiting in all) opens its units, longest wait first.
    page.get_by_label("Tal", exact=True).select_option(index=1)
    units = page.get_by_label("Enheder", exact=True)
    expect(units.locator("option")).to_have_count(figures[0].count)
    expect(page.get_by_text(re.compile(r": længst ventet først$"))).to_be_visible()

    # The first unit of the list: what came since its latest assessment, then its history.
    unit_id = figures[0].find()[0]
    with Store.open() as store:
        found = unit_listing(
            store.information(unit_id), store.assessments(unit_id), view.data.as_of
        )
    assert found.waiting
    units.select_option(index=0)
    expect(page.get_by_role("heading", name="Oplysninger", exact=True)).to_be_visible()
    expect(page.get_by_text(pending_line(found), exact=True)).to_be_visible()
    news = page.locator(".tw-information-list > .tw-information")
    expect(news).to_have_count(len(found.pending))
    expect(news.first).to_contain_text(f"nr. {found.pending[0].id}")
    expect(page.get_by_role("heading", name="Historik", exact=True)).to_be_visible()
