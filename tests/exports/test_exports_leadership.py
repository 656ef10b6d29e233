"""The leadership review's sheets and report, against the view's domain figures."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd

from tilsynwidgets.domain.core.categories import Phase
from tilsynwidgets.domain.labels import code_labels
from tilsynwidgets.domain.portfolio.leadership import Filters
from tilsynwidgets.domain.portfolio.leadership_view import LeadershipData
from tilsynwidgets.exports.leadership import (
    export_sheets,
    leadership_report,
    leadership_workbook,
)
from tilsynwidgets.presentation.self_assessment import overview_frame, overview_html

KEY = b"k" * 32


def test_every_sheet_is_the_views_figure_with_labels(sample_leadership: LeadershipData) -> None:
    view = sample_leadership.view(Filters(socialtilsyn={"syd", "nord"}))
    sheets = export_sheets(view, key=KEY, reveal=True, self_assessments=[])
    tilsyn, types = code_labels("socialtilsyn"), code_labels("unit_type")
    expected = {
        "Præ": view.distribution(Phase.PRAE).rename(index=tilsyn),
        "Post": view.distribution(Phase.POST).rename(index=tilsyn),
        "Præ pr. type": view.distribution(Phase.PRAE, "unit_type").rename(index=types),
        "Post pr. type": view.distribution(Phase.POST, "unit_type").rename(index=types),
        "Pr. kvartal": view.by_quarter(),
        "Præ-post": view.transitions(),
        "Uanmeldte besøg": view.unannounced().rename(index=tilsyn),
        "Kommende besøg": view.upcoming().rename(index=tilsyn),
        "Understøttelse": view.support(),
        "Ressourcer": view.resources(),
        "Automatik": view.automatism(),
    }
    for name, frame in expected.items():
        pd.testing.assert_frame_equal(sheets[name], frame, obj=name)
    assert list(sheets["Præ"].index) == ["Socialtilsyn Nord", "Socialtilsyn Syd"]
    pd.testing.assert_frame_equal(sheets["Selvevaluering"], overview_frame([]))
    units = sheets["Enheder"]
    assert len(units) == len(view.units)
    assert set(units["socialtilsyn"]) == {"syd", "nord"}
    in_force = view.units["id"].map(view.categories().astype(object)).fillna("ingen")
    assert units["kategori"].tolist() == in_force.tolist()


def test_plejefamilier_are_pseudonymised_unless_revealed(
    sample_leadership: LeadershipData,
) -> None:
    view = sample_leadership.view(Filters())
    pleje = view.units[view.units["kind"] == "plejefamilie"]
    names, ids = set(pleje["name"]), set(pleje["id"])
    hidden = export_sheets(view, key=KEY, reveal=False, self_assessments=[])
    shown = export_sheets(view, key=KEY, reveal=True, self_assessments=[])
    for sheet in ("Enheder", "Flyttede enheder"):
        cells = set(hidden[sheet].astype(str).stack())
        assert names.isdisjoint(cells), sheet
        assert ids.isdisjoint(cells), sheet
    assert names <= set(shown["Enheder"]["name"])
    assert set(shown["Flyttede enheder"]["unit_id"]) & ids  # the sample moves plejefamilier


def test_workbook_and_report_carry_the_sheets(sample_leadership: LeadershipData) -> None:
    view = sample_leadership.view(Filters(socialtilsyn={"midt"}))
    data = leadership_workbook(view, key=KEY, reveal=False, self_assessments=[])
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    sheets = export_sheets(view, key=KEY, reveal=False, self_assessments=[])
    assert workbook.sheetnames[1:] == list(sheets)
    _header, *rows = workbook["Enheder"].iter_rows(values_only=True)
    assert len(rows) == len(sheets["Enheder"])
    report = leadership_report(view, key=KEY, reveal=False, self_assessments=[])
    assert 'lang="da"' in report
    for title in ("Risikokategorier, præ", "Præ → post", "Planer lig skabelonen"):
        assert title in report
    assert list(sheets["Præ"].index) == ["Socialtilsyn Midt"]
    # Other socialtilsyn are named only as columns of the self-assessment's table.
    assert report.count("Socialtilsyn Syd") == overview_html([]).count("Socialtilsyn Syd")
