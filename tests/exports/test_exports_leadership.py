"""The leadership review's sheets and report, against the view's domain figures."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest
from tests.presentation import _shown
from tests.presentation._shown import CATEGORY, assert_no_raw_cells, assert_table, tables_in
from tests.presentation.test_presentation_quarter_chart import assert_draws, read_quarter_chart
from tests.presentation.test_presentation_tables import assert_overdue_table

from tilsynwidgets.assessor import Assessor
from tilsynwidgets.domain.core.categories import Phase
from tilsynwidgets.domain.portfolio.leadership import Filters
from tilsynwidgets.domain.portfolio.leadership_view import LeadershipData, LeadershipView
from tilsynwidgets.exports import INFO_SHEET
from tilsynwidgets.exports import leadership as leadership_exports
from tilsynwidgets.exports.leadership import (
    OVERDUE_SHEET,
    REPORT_OVERDUE_ROWS,
    export_filename,
    export_sheets,
    leadership_report,
    leadership_workbook,
)
from tilsynwidgets.exports.pseudonyms import PSEUDONYM_PREFIX, pseudonym_code
from tilsynwidgets.presentation.self_assessment import overview_html

KEY = b"k" * 32


SHEETS = {  # sheet → (the view's figure, the table it is drawn as)
    "Præ": (lambda v: v.distribution(Phase.PRAE), "distribution_socialtilsyn"),
    "Post": (lambda v: v.distribution(Phase.POST), "distribution_socialtilsyn"),
    "Præ pr. type": (lambda v: v.distribution(Phase.PRAE, "unit_type"), "distribution_unit_type"),
    "Post pr. type": (lambda v: v.distribution(Phase.POST, "unit_type"), "distribution_unit_type"),
    "Pr. kvartal": (lambda v: v.by_quarter(), "by_quarter"),
    "Præ-post": (lambda v: v.transitions(), "transitions"),
    "Uanmeldte besøg": (lambda v: v.unannounced(), "unannounced"),
    "Kommende besøg": (lambda v: v.upcoming(), "upcoming"),
    "Understøttelse": (lambda v: v.support(), "support"),
    "Ressourcer": (lambda v: v.resources(), "resources"),
    "Automatik": (lambda v: v.automatism(), "automatism"),
}
REPORT = {  # report section → sheet of the same figure
    "Risikokategorier, præ": "Præ",
    "Risikokategorier, post": "Post",
    "Bevægelse over tid (pr. kvartal)": "Pr. kvartal",
    "Præ → post": "Præ-post",
    "Planlagte uanmeldte besøg": "Uanmeldte besøg",
    "Planlagte besøg pr. kvartal": "Kommende besøg",
    "Organisatorisk understøttelse": "Understøttelse",
    "Ressourcer": "Ressourcer",
    "Planer lig skabelonen": "Automatik",
}
UNITS_HEADER = ["Id", "Navn", "Art", "Type", "Socialtilsyn", "Team", "Risikokategori"]


def _workbook(view: LeadershipView, author: Assessor | None = None) -> openpyxl.Workbook:
    data = leadership_workbook(view, key=KEY, reveal=True, self_assessments=[], author=author)
    return openpyxl.load_workbook(io.BytesIO(data))


def test_every_sheet_cell_is_the_views_figure(sample_leadership: LeadershipData) -> None:
    view = sample_leadership.view(Filters(socialtilsyn={"syd", "nord"}), {"syd": 400.0})
    workbook = _workbook(view)
    for name, (figure, table) in SHEETS.items():
        shown = _shown.sheet(workbook, name)
        assert_table(shown, figure(view), table, html=False)
    sheets = export_sheets(view, key=KEY, reveal=True, self_assessments=[])
    for name in SHEETS:  # numbers stay numbers, so Excel can add them up
        numbers = sheets[name].attrs["number_formats"]
        assert numbers, name
        shown = _shown.sheet(workbook, name)
        for header in numbers:
            at = shown.header.index(header)
            assert all(isinstance(row[at], int | float | None) for row in shown.rows), name
    assert [row[0] for row in _shown.sheet(workbook, "Præ").rows] == [
        "Socialtilsyn Nord",
        "Socialtilsyn Syd",
    ]
    first_share = _shown.sheet(workbook, "Uanmeldte besøg").rows[0][-1]
    assert first_share == pytest.approx(view.unannounced()["share"].iloc[0], rel=1e-12)
    assert workbook["Uanmeldte besøg"]["F2"].number_format == "0.0%"
    units = _shown.sheet(workbook, "Enheder")
    assert units.header == UNITS_HEADER
    assert len(units.rows) == len(view.units)
    assert {row[4] for row in units.rows} == {"Socialtilsyn Syd", "Socialtilsyn Nord"}
    in_force = view.units["id"].map(view.categories().astype(object)).fillna("ingen")
    assert [row[6] for row in units.rows] == [CATEGORY[c] for c in in_force]
    assert [row[0] for row in units.rows] == view.units["id"].tolist()
    assert_no_raw_cells(units, allowed=set(view.units["id"]) | set(view.units["team"]))
    moved = _shown.sheet(workbook, "Flyttede enheder")
    assert moved.header == ["Enhed (id)", "Præ", "Post", "Præ vurderet", "Post vurderet", "Retning"]
    assert [row[5] for row in moved.rows] == [
        {"op": "Op", "ned": "Ned"}[d] for d in view.moved()["direction"]
    ]
    assert [row[1] for row in moved.rows] == [CATEGORY[c] for c in view.moved()["prae"]]


def test_every_report_table_is_the_views_figure(sample_leadership: LeadershipData) -> None:
    view = sample_leadership.view(Filters(socialtilsyn={"syd"}, team={"Syd – Team Tilbud 1"}))
    report = leadership_report(
        view, key=KEY, reveal=False, self_assessments=[], author=Assessor("Leder A", "test")
    )
    sections = {section.split("</h2>", 1)[0]: section for section in report.split("<h2>")[1:]}
    for heading, name in REPORT.items():
        figure, table = SHEETS[name]
        (shown,) = tables_in(sections[heading])
        assert_table(shown, figure(view), table)
    assert "Socialtilsyn Nord" not in sections["Risikokategorier, præ"]
    chart = read_quarter_chart(sections["Bevægelse over tid (pr. kvartal)"])
    assert_draws(chart, view.by_quarter())


def test_report_and_workbook_say_what_they_hold_and_who_made_them(
    sample_leadership: LeadershipData,
) -> None:
    view = sample_leadership.view(
        Filters(socialtilsyn={"syd"}, period=(date(2025, 1, 1), date(2026, 11, 1)))
    )
    author = Assessor("Leder A", "JupyterHub-bruger")
    report = leadership_report(view, key=KEY, reveal=False, self_assessments=[], author=author)
    facts = {row[0]: row[1] for row in tables_in(report)[0].rows}
    assert facts == {
        "Socialtilsyn": "Socialtilsyn Syd",
        "Type": "Alle typer",
        "Team": "Alle teams",
        "Periode": "1. januar 2025 – 1. november 2026",
        "Enheder i udvalget": str(len(view.units)),
        "Lavet af": "Leder A (JupyterHub-bruger)",
    }
    assert "Data pr. <time" in report
    assert "Datakilde: Syntetisk" in report
    info = dict(_workbook(view, author=author)[INFO_SHEET].iter_rows(values_only=True))
    assert info["Socialtilsyn"] == "Socialtilsyn Syd"
    assert info["Periode"] == "1. januar 2025 – 1. november 2026"
    assert info["Lavet af"] == "Leder A (JupyterHub-bruger)"
    assert info["Data pr."].date() == view.data.as_of
    assert str(info["Datakilde"]).startswith("Syntetisk")


def test_file_names_say_what_they_hold() -> None:
    as_of = date(2026, 11, 30)
    assert export_filename(Filters(socialtilsyn={"syd"}), as_of, "xlsx") == (
        "ledelsesoverblik-syd-2026-11-30.xlsx"
    )
    assert export_filename(Filters(), as_of, "html") == "ledelsesoverblik-alle-2026-11-30.html"
    both = Filters(socialtilsyn={"oest"}, unit_type={"plejefamilie_almen"}, team={"Team Tilbud 1"})
    assert export_filename(both, as_of, "xlsx") == (
        "ledelsesoverblik-oest-plejefamilie-almen-team-tilbud-1-2026-11-30.xlsx"
    )


def test_plejefamilier_are_pseudonymised_unless_revealed(
    sample_leadership: LeadershipData,
) -> None:
    view = sample_leadership.view(Filters())
    pleje = view.units[view.units["kind"] == "plejefamilie"]
    names, ids = set(pleje["name"]), set(pleje["id"])
    hidden = export_sheets(view, key=KEY, reveal=False, self_assessments=[])
    shown = export_sheets(view, key=KEY, reveal=True, self_assessments=[])
    assert {"Enheder", "Flyttede enheder", OVERDUE_SHEET} <= set(hidden)
    for sheet in hidden:  # every sheet, the unit-level ones above all
        cells = set(hidden[sheet].astype(str).stack())
        assert names.isdisjoint(cells), sheet
        assert ids.isdisjoint(cells), sheet
    assert names <= set(shown["Enheder"]["Navn"])
    assert set(shown["Flyttede enheder"]["Enhed (id)"]) & ids  # the sample moves plejefamilier


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
    assert sheets["Præ"]["Socialtilsyn"].tolist() == ["Socialtilsyn Midt"]
    # Other socialtilsyn are named only as columns of the self-assessment's table.
    assert report.count("Socialtilsyn Syd") == overview_html([]).count("Socialtilsyn Syd")


def _pseudonyms(view: LeadershipView) -> tuple[dict[str, str], dict[str, str]]:
    """(shown id → unit id, unit id → name shown) with plejefamilier pseudonymised."""
    units = view.data.units
    real: dict[str, str] = {}
    names: dict[str, str] = {}
    for unit_id, name, kind in units[["id", "name", "kind"]].itertuples(index=False):
        code = pseudonym_code(unit_id, KEY) if kind == "plejefamilie" else unit_id
        real[code] = unit_id
        names[unit_id] = f"{PSEUDONYM_PREFIX} {code}" if kind == "plejefamilie" else name
    return real, names


def test_the_overdue_units_go_into_the_sheet_and_the_report_pseudonymised(
    with_overdue: LeadershipData,
) -> None:
    view = with_overdue.view(Filters())
    real, names = _pseudonyms(view)
    pleje = view.units[view.units["kind"] == "plejefamilie"]
    overdue = set(view.overdue())
    assert overdue & set(pleje["id"]), "the sample has overdue plejefamilier"
    data = leadership_workbook(view, key=KEY, reveal=False, self_assessments=[])
    shown = _shown.sheet(openpyxl.load_workbook(io.BytesIO(data)), OVERDUE_SHEET)
    assert_overdue_table(shown, view, real_ids=real, names=names)
    report = leadership_report(view, key=KEY, reveal=False, self_assessments=[])
    section = report.split("<h2>Overskredne tilsynsbesøg</h2>", 1)[1].split("</section>")[0]
    (table,) = tables_in(section)
    assert len(overdue) <= REPORT_OVERDUE_ROWS  # so the report lists all of them
    assert_overdue_table(table, view, real_ids=real, names=names)
    assert f"{len(overdue)} enheder har overskredet fristen for tilsynsbesøg.</p>" in section
    for text in (report, str(shown.rows)):
        for unit_id, name in pleje[["id", "name"]].itertuples(index=False):
            assert unit_id not in text
            assert name not in text
    revealed = leadership_report(view, key=KEY, reveal=True, self_assessments=[])
    section = revealed.split("<h2>Overskredne tilsynsbesøg</h2>", 1)[1].split("</section>")[0]
    (table,) = tables_in(section)
    assert_overdue_table(table, view)


def test_the_report_lists_the_most_overdue_and_sends_the_rest_to_the_workbook(
    with_overdue: LeadershipData, monkeypatch: pytest.MonkeyPatch
) -> None:
    view = with_overdue.view(Filters())
    overdue = view.overdue()
    assert len(overdue) >= 3
    monkeypatch.setattr(leadership_exports, "REPORT_OVERDUE_ROWS", 2)
    report = leadership_report(view, key=KEY, reveal=True, self_assessments=[])
    section = report.split("<h2>Overskredne tilsynsbesøg</h2>", 1)[1].split("</section>")[0]
    (table,) = tables_in(section)
    assert_overdue_table(table, view, first=2)
    assert (
        f"{len(overdue)} enheder har overskredet fristen for tilsynsbesøg. Her står de 2 mest "
        "overskredne; alle står i Excel-projektmappen (arket «Overskredne besøg»)."
    ) in section
