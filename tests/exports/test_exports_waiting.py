"""«Venter på stillingtagen» in the workbook and the report: every cell read back against the
view's figures (two swapped figures fail), the units behind them with their reason and wait,
plejefamilier pseudonymised unless revealed, and the reason in plain Danish."""

from __future__ import annotations

import dataclasses
import io
import math
from typing import Any

import openpyxl
import pandas as pd
import pytest
from tests.domain.portfolio._leadership_waiting import WAITING_DAYS, waiting_data
from tests.presentation import _shown
from tests.presentation._shown import TILSYN, Shown, assert_no_raw_cells, number, tables_in

from tilsynwidgets.domain.information.queue import SUMMARY_COLUMNS
from tilsynwidgets.domain.portfolio.leadership import Filters
from tilsynwidgets.domain.portfolio.leadership_view import LeadershipView
from tilsynwidgets.exports.leadership import export_sheets, leadership_report, leadership_workbook
from tilsynwidgets.exports.pseudonyms import PSEUDONYM_PREFIX, pseudonym_code
from tilsynwidgets.exports.waiting import (
    HEIGHTENED_SHEET,
    ORDERS_SHEET,
    SUMMARY_SHEET,
    WAITING_SHEET,
    WAITING_TITLE,
    waiting_facts,
)
from tilsynwidgets.presentation.information import QUEUE_TABLE

KEY = b"w" * 32
SUMMARY_HEADER = [
    "Socialtilsyn",
    "Team",
    "Enheder der venter",
    "Heraf med oplysninger der kræver stillingtagen",
    "Median ventetid (dage)",
    "Længste ventetid (dage)",
    "Ventet over 30 dage",
    "Påbud over frist",
    "Skærpet tilsyn slutter inden 30 dage",
]
WAITING_HEADER = [  # the queue's table, shared with the inspector's app, then the reason's parts
    *(column.header for column in (*QUEUE_TABLE.rows.values(), *QUEUE_TABLE.columns.values())),
    "Kræver stillingtagen",
    "Seneste vurdering",
    "Forslag ved seneste vurdering",
    "Forslag i dag",
]


@pytest.fixture
def view() -> LeadershipView:
    return waiting_data().view(Filters())


def _expected_summary(view: LeadershipView) -> list[tuple[str, str, tuple[float, ...]]]:
    """(socialtilsyn label, team, the figures) per row: the groups, then the total."""
    rows = [
        (TILSYN[str(tilsyn)], str(team), tuple(float(counts[c]) for c in SUMMARY_COLUMNS))
        for (tilsyn, team), counts in view.waiting().iterrows()  # type: ignore[misc]
    ]
    total = view.waiting_total().iloc[0]
    return [*rows, ("I alt", "", tuple(float(total[c]) for c in SUMMARY_COLUMNS))]


def _same(got: Any, expected: float) -> bool:
    if math.isnan(expected):
        return got is None or (isinstance(got, float) and math.isnan(got))
    return isinstance(got, int | float) and abs(float(got) - expected) < 1e-9


def assert_summary(shown: Shown, view: LeadershipView, *, html: bool) -> None:
    """Every row and cell of a shown summary is the view's (numbers read back from the
    Danish text on a page, as they are in a sheet)."""
    assert shown.header == SUMMARY_HEADER
    expected = _expected_summary(view)
    assert len(shown.rows) == len(expected)
    for cells, (tilsyn, team, figures) in zip(shown.rows, expected, strict=True):
        assert cells[0] == tilsyn
        assert (cells[1] or "") == team
        for cell, figure, column in zip(cells[2:], figures, SUMMARY_COLUMNS, strict=True):
            got = number(cell) if html else cell
            assert _same(got, figure), (tilsyn, team, column, cell, figure)


def _workbook(view: LeadershipView, *, reveal: bool) -> openpyxl.Workbook:
    data = leadership_workbook(view, key=KEY, reveal=reveal, self_assessments=[])
    return openpyxl.load_workbook(io.BytesIO(data))


def _report_section(report: str) -> str:
    return report.split(f"<h2>{WAITING_TITLE}</h2>", 1)[1].split("</section>", 1)[0]


def test_the_summary_sheet_is_the_views_summary(view: LeadershipView) -> None:
    workbook = _workbook(view, reveal=False)
    shown = _shown.sheet(workbook, SUMMARY_SHEET)
    assert_summary(shown, view, html=False)
    assert shown.rows[2][4] is None  # Team B: nothing waits, no median
    median = shown.header.index("Median ventetid (dage)")
    assert workbook[SUMMARY_SHEET].cell(row=2, column=median + 1).number_format == "#,##0.0"


def test_the_report_section_is_the_views_summary_with_its_facts(view: LeadershipView) -> None:
    section = _report_section(leadership_report(view, key=KEY, reveal=False, self_assessments=[]))
    (shown,) = tables_in(section)
    assert shown.caption.startswith("Pr. socialtilsyn og team. Perioden gælder ikke her")
    assert_summary(shown, view, html=True)
    assert shown.rows[2][4] == "–"  # a median without data
    assert shown.rows[0][4] == "62,5"
    assert_no_raw_cells(shown, allowed={"Team A", "Team B", "Team P", ""})
    for line in waiting_facts(view):
        assert line in section.replace("&#x27;", "'")
    assert (
        "Pr. 1. november 2026 venter 4 enheder på stillingtagen; 2 har ventet over 30 dage. "
        "3 påbud er over fristen, og 1 skærpet tilsyn slutter inden 30 dage."
    ) in section
    assert "Perioden gælder ikke her" in section


def test_a_swapped_figure_is_caught(view: LeadershipView) -> None:
    shown = _shown.sheet(_workbook(view, reveal=True), SUMMARY_SHEET)
    swapped = Shown(shown.caption, shown.header, [list(row) for row in shown.rows])
    first = swapped.rows[-1]
    first[2], first[3] = first[3], first[2]  # units ↔ requires a decision, in the total
    with pytest.raises(AssertionError):
        assert_summary(swapped, view, html=False)


def _real_ids(view: LeadershipView) -> dict[str, str]:
    units = view.data.units
    return {
        (pseudonym_code(unit_id, KEY) if kind == "plejefamilie" else unit_id): unit_id
        for unit_id, kind in units[["id", "kind"]].itertuples(index=False)
    }


def test_the_waiting_sheet_lists_each_unit_with_reason_and_wait(view: LeadershipView) -> None:
    shown = _shown.sheet(_workbook(view, reveal=False), WAITING_SHEET)
    assert shown.header == WAITING_HEADER
    assert shown.header[4:9] == ["Årsag", "Nye oplysninger", "Venter siden", "Dage", "Over grænsen"]
    real = _real_ids(view)
    rows = {real[str(row[0])]: dict(zip(shown.header, row, strict=True)) for row in shown.rows}
    assert [real[str(row[0])] for row in shown.rows] == list(WAITING_DAYS)  # longest first
    assert {unit: row["Dage"] for unit, row in rows.items()} == WAITING_DAYS
    assert {unit: row["Nye oplysninger"] for unit, row in rows.items()} == {
        "P-2": 1,
        "T-1": 2,
        "T-2": 1,
        "P-1": 1,
    }
    assert {unit: row["Over grænsen"] for unit, row in rows.items()} == {
        "P-2": "Ja",
        "T-1": "Ja",
        "T-2": "Nej",
        "P-1": "Nej",
    }
    t1, t2 = rows["T-1"], rows["T-2"]
    assert t1["Årsag"] == "Whistleblowerhenvendelse kræver stillingtagen"
    assert t1["Kræver stillingtagen"] == "Ja"
    assert t1["Venter siden"].date() == pd.Timestamp("2026-09-02").date()
    assert t1["Seneste vurdering"].date() == pd.Timestamp("2026-06-01").date()
    assert t2["Årsag"] == "Forslaget er nu ■ Gul (var ● Grøn)"
    assert (t2["Forslag ved seneste vurdering"], t2["Forslag i dag"]) == ("● Grøn", "■ Gul")
    assert t2["Kræver stillingtagen"] == "Nej"
    assert rows["P-2"]["Navn"] == f"{PSEUDONYM_PREFIX} {pseudonym_code('P-2', KEY)}"
    assert rows["T-1"]["Navn"] == "Bostedet Lærkereden"


def test_the_sheets_of_overdue_orders_and_heightened_supervision(view: LeadershipView) -> None:
    workbook = _workbook(view, reveal=True)
    orders = _shown.sheet(workbook, ORDERS_SHEET)
    assert orders.header == [
        "Id",
        "Navn",
        "Socialtilsyn",
        "Team",
        "Påbud givet",
        "Frist",
        "Dage over fristen",
    ]
    found = [(row[0], row[5].date().isoformat(), row[6]) for row in orders.rows]
    assert sorted(found) == [
        ("P-2", "2026-09-01", 61),
        ("P-2", "2026-10-01", 31),
        ("T-3", "2026-10-01", 31),
    ]
    assert [row[6] for row in orders.rows] == [61, 31, 31]
    ending = _shown.sheet(workbook, HEIGHTENED_SHEET)
    assert ending.header[-3:] == ["Skærpet tilsyn fra", "Slutter", "Dage tilbage"]
    assert [(row[0], row[5].date().isoformat(), row[6]) for row in ending.rows] == [
        ("P-1", "2026-11-20", 19)
    ]


def test_the_unit_sheets_pseudonymise_plejefamilier_unless_revealed(
    view: LeadershipView,
) -> None:
    pleje = view.units[view.units["kind"] == "plejefamilie"]
    names, ids = set(pleje["name"]), set(pleje["id"])
    hidden = export_sheets(view, key=KEY, reveal=False, self_assessments=[])
    shown = export_sheets(view, key=KEY, reveal=True, self_assessments=[])
    for sheet in (SUMMARY_SHEET, WAITING_SHEET, ORDERS_SHEET, HEIGHTENED_SHEET):
        cells = set(hidden[sheet].astype(str).stack())
        assert names.isdisjoint(cells), sheet
        assert ids.isdisjoint(cells), sheet
    assert {"P-1", "P-2"} <= set(shown[WAITING_SHEET]["Id"])
    assert "Plejefamilien Vang, Hjørring" in set(shown[ORDERS_SHEET]["Navn"])


def test_a_filter_narrows_the_sheets_and_the_section() -> None:
    view = waiting_data().view(Filters(socialtilsyn={"syd"}))
    sheets = export_sheets(view, key=KEY, reveal=True, self_assessments=[])
    assert list(sheets[WAITING_SHEET]["Id"]) == ["T-1", "T-2"]
    assert list(sheets[ORDERS_SHEET]["Id"]) == ["T-3"]
    assert sheets[HEIGHTENED_SHEET].empty
    assert list(sheets[HEIGHTENED_SHEET].columns)[-1] == "Dage tilbage"
    assert list(sheets[SUMMARY_SHEET]["Socialtilsyn"]) == [
        "Socialtilsyn Syd",
        "Socialtilsyn Syd",
        "I alt",
    ]


def test_nothing_waiting_says_so() -> None:
    view = waiting_data().view(Filters(socialtilsyn={"midt"}))
    assert waiting_facts(view)[0] == (
        "Pr. 1. november 2026 venter ingen enheder på stillingtagen. 0 påbud er over fristen, "
        "og 0 skærpede tilsyn slutter inden 30 dage."
    )
    sheets = export_sheets(view, key=KEY, reveal=False, self_assessments=[])
    assert sheets[SUMMARY_SHEET].empty
    assert sheets[WAITING_SHEET].empty


def test_without_todays_suggestions_the_section_says_what_counts() -> None:
    view = waiting_data(suggestions=False).view(Filters())
    assert waiting_facts(view)[-1] == (
        "Dagens forslag er ikke beregnet, så kun oplysninger, der kræver stillingtagen, "
        "sætter en enhed i køen."
    )
    assert not any(
        "Dagens forslag" in line for line in waiting_facts(waiting_data().view(Filters()))
    )


def test_a_unit_never_assessed_waits_since_its_first_information() -> None:
    data = waiting_data()
    unassessed = dataclasses.replace(
        data, assessments=data.assessments[data.assessments["unit_id"] != "P-1"]
    )
    sheets = export_sheets(unassessed.view(Filters()), key=KEY, reveal=True, self_assessments=[])
    p1 = sheets[WAITING_SHEET].set_index("Id").loc["P-1"]
    assert p1["Dage"] == 153  # since the skærpet tilsyn of 1 June
    assert p1["Nye oplysninger"] == 2
    assert p1["Seneste vurdering"] is None
    assert p1["Forslag ved seneste vurdering"] == "Ingen vurdering"
    assert p1["Forslag i dag"] == "■ Gul"
