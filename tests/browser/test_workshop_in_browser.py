"""The criteria workshop in Chromium: edit a threshold and see the distribution and the
backtest change (each suggestion from what was known on the day of the assessment, against
the opened version), save the edit as a version and find it listed; a malformed YAML import
is refused with the line named, and nothing changes."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Page, expect
from tests.browser._inspector import form_field

from tilsynwidgets.domain.core.signals import signal_catalogue
from tilsynwidgets.domain.risk.criteria import (
    default_catalogue,
    explanation_text,
    threshold_problem,
)
from tilsynwidgets.domain.workshop.catalogue_yaml import catalogue_from_yaml
from tilsynwidgets.domain.workshop.explanations import explanation_mismatch
from tilsynwidgets.widgets.workshop.backtest import BACKTEST_CAPTION, HONEST
from tilsynwidgets.widgets.workshop.criteria_editor import criterion_label

if TYPE_CHECKING:
    from conftest import VoilaServer

pytestmark = pytest.mark.browser

APP = "Kriterier.ipynb"
NAME = "2026.2-browser"

COUNT = r"\d{1,3}(?:\.\d{3})*"  # a Danish count: "7.300"


def test_edit_save_and_a_refused_import(page: Page, voila_server: VoilaServer) -> None:
    page.goto(voila_server.url(APP))
    expect(page.get_by_text(re.compile(rf"Beregnet for {COUNT} enheder"))).to_be_visible()
    totals = page.get_by_text(re.compile(rf"Hele porteføljen \({COUNT} enheder\)"))
    before = totals.inner_text()
    expect(page.get_by_text("0 enheder får et andet forslag", exact=False)).to_be_visible()
    expect(page.get_by_text(HONEST, exact=True)).to_be_visible()
    backtest = page.locator("table", has_text=BACKTEST_CAPTION)
    expect(backtest.get_by_role("rowheader", name="I alt", exact=True)).to_be_visible()
    expect(backtest.get_by_role("rowheader", name="Nye oplysninger", exact=True)).to_be_visible()
    # The working copy is the opened version: no change yet, in any phase.
    expect(backtest.get_by_text("0,0 procentpoint", exact=True)).to_have_count(4)
    untouched = backtest.inner_text()

    whistle = next(c for c in default_catalogue().criteria if c.id == "whistleblower")
    page.get_by_label("Kriterier", exact=True).select_option(label=criterion_label(whistle))
    threshold = form_field(page, "Tærskel").locator("input")
    expect(threshold).to_have_value("1")
    threshold.fill("0")
    threshold.press("Enter")
    expect(totals).not_to_have_text(before)
    expect(backtest).not_to_have_text(untouched)
    expect(backtest.get_by_text(re.compile(r"^[+−]\d+,\d procentpoint$")).first).to_be_visible()
    changed = page.get_by_text(re.compile(r"^(1 enhed|[1-9][\d.]* enheder) får et andet forslag"))
    expect(changed).to_be_visible()

    page.get_by_label("Nyt navn", exact=True).fill(NAME)
    page.get_by_placeholder("Hvad er ændret, og hvorfor?").fill("Alle henvendelser <tæller>.")
    page.get_by_role("button", name="Gem som ny version").click()
    expect(page.get_by_text(f"Gemt som version '{NAME}'")).to_be_visible()
    listing = page.locator("table", has_text="Nyeste først; intet overskrives")
    expect(listing.get_by_text(NAME, exact=True)).to_be_visible()
    expect(page.get_by_text("Redigerer en arbejdskopi af", exact=False)).to_contain_text(NAME)
    after = totals.inner_text()

    bad = b"version: x\ntitle: T\ncriteria:\n  - id: a\n    signal: maaneskin\n"
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name=re.compile("Vælg fil")).click()
    chooser.value.set_files(
        files=[{"name": "rettet.yaml", "mimeType": "application/x-yaml", "buffer": bad}]
    )
    page.get_by_role("button", name="Indlæs YAML").click()
    refusal = page.get_by_text("Filen er ikke indlæst; intet er ændret", exact=False)
    expect(refusal).to_be_visible()
    expect(refusal).to_contain_text("linje 4")
    expect(totals).to_have_text(after)
    expect(page.get_by_text("Redigerer en arbejdskopi af", exact=False)).to_contain_text(NAME)


def test_a_threshold_is_checked_and_the_explanation_and_export_follow_it(
    page: Page, voila_server: VoilaServer
) -> None:
    page.goto(voila_server.url(APP))
    expect(page.get_by_text(re.compile(rf"Beregnet for {COUNT} enheder"))).to_be_visible()
    totals = page.get_by_text(re.compile(rf"Hele porteføljen \({COUNT} enheder\)"))
    before = totals.inner_text()
    flere = next(c for c in default_catalogue().criteria if c.id == "whistleblower_flere")
    page.get_by_label("Kriterier", exact=True).select_option(label=criterion_label(flere))
    threshold = form_field(page, "Tærskel").locator("input")
    expect(threshold).to_have_value("3")
    # The fields read as a rule is read: signal, condition, threshold, colour, why; id last.
    fields = ["Signal", "Betingelse", "Tærskel", "Peger på", "Forklaring", "Id"]
    tops = [form_field(page, title).first.bounding_box() for title in fields]
    assert all(top is not None for top in tops)
    heights = [top["y"] for top in tops if top is not None]
    assert heights == sorted(heights), list(zip(fields, heights, strict=True))
    threshold.fill("-5")
    threshold.press("Enter")
    signal = signal_catalogue().get(flere.signal)
    refused = threshold_problem(signal, -5)
    assert refused is not None
    expect(form_field(page, "Tærskel").get_by_role("alert")).to_have_text(refused)
    expect(totals).to_have_text(before)  # the edit never reached the computation

    threshold.fill("4")
    threshold.press("Enter")
    moved = flere.model_copy(update={"threshold": 4.0})
    note = explanation_mismatch(moved)
    assert note is not None
    expect(form_field(page, "Forklaring").get_by_text(note, exact=False)).to_be_visible()
    expect(form_field(page, "Tærskel").get_by_role("alert")).to_have_count(0)
    footer = page.get_by_text(
        re.compile(r"^Arbejdskopien af \S+ med ændringer, der ikke er gemt, foreslår for")
    )
    expect(footer).to_be_visible()  # the line below the workshop follows the edit

    explanation = form_field(page, "Forklaring").locator("textarea")
    explanation.fill("{tærskel} eller flere whistleblowerhenvendelser det seneste år.")
    explanation.press("Tab")
    following = moved.model_copy(update={"explanation": explanation.input_value()})
    expect(form_field(page, "Forklaring")).to_contain_text(
        f"Læses som: «{explanation_text(following)}»"
    )

    page.get_by_role("button", name="Eksportér som YAML").click()
    link = page.get_by_role("link", name=re.compile(r"^Hent kriterier-.+-arbejdskopi-"))
    expect(link).to_be_visible()
    name = link.get_attribute("download")
    assert name is not None
    assert re.fullmatch(r"kriterier-[a-z0-9._-]+-arbejdskopi-\d{4}-\d{2}-\d{2}\.yaml", name)
    with page.expect_download() as download:
        link.click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    exported = catalogue_from_yaml(text)
    assert f"kriterier-{exported.version}.yaml" == name
    written = next(c for c in exported.criteria if c.id == "whistleblower_flere")
    assert (written.threshold, written.explanation) == (4.0, explanation.input_value())
