"""No plejefamilie's name or id leaves the leadership review in an export unless the user
asks for it: every cell of every sheet of the written workbook (the information sheet
included) and every text of the printed report, for the whole portfolio and for a filter
of plejefamilier only, and for a portfolio where plejefamilier wait for a decision, have
overdue påbud and skærpet tilsyn ending (the sheets of what waits list them). With names
revealed, the same scan finds them in the workbook, so the scan itself can fail."""

from __future__ import annotations

import io
import re
from html import unescape

import openpyxl
import pandas as pd
import pytest
from tests.domain.portfolio._leadership_waiting import waiting_data

from tilsynwidgets.domain.portfolio.leadership import Filters
from tilsynwidgets.domain.portfolio.leadership_view import LeadershipData, LeadershipView
from tilsynwidgets.exports.leadership import leadership_report, leadership_workbook
from tilsynwidgets.exports.waiting import (
    HEIGHTENED_SHEET,
    ORDERS_SHEET,
    WAITING_SHEET,
    WAITING_TITLE,
)

KEY = b"p" * 32
VIEWS = {
    "hele porteføljen": Filters(),
    "kun plejefamilier i Syd": Filters(
        socialtilsyn={"syd"}, unit_type={"plejefamilie_almen", "plejefamilie_forstaerket"}
    ),
}


def _plejefamilier(view: LeadershipView) -> pd.DataFrame:
    return view.units[view.units["kind"] == "plejefamilie"]


def _workbook_cells(data: bytes) -> dict[str, set[str]]:
    """Every non-empty cell of every sheet, as text."""
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    return {
        sheet.title: {
            str(value).strip()
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value is not None
        }
        for sheet in workbook.worksheets
    }


def _report_text(report: str) -> str:
    without_style = re.sub(r"<style.*?</style>", " ", report, flags=re.S)
    return unescape(re.sub(r"<[^>]+>", "\n", without_style))


def _found(texts: set[str] | str, names: set[str], ids: set[str]) -> set[str]:
    """The names and ids that occur in ``texts`` (cells, or one document's text)."""
    cells = {texts} if isinstance(texts, str) else texts
    return {n for n in names | ids for cell in cells if re.search(rf"\b{re.escape(n)}\b", cell)}


@pytest.mark.parametrize("filters", VIEWS.values(), ids=list(VIEWS))
def test_workbook_has_no_plejefamilie_name_or_id_in_any_sheet(
    sample_leadership: LeadershipData, filters: Filters
) -> None:
    view = sample_leadership.view(filters)
    pleje = _plejefamilier(view)
    names, ids = set(pleje["name"]), set(pleje["id"])
    assert names
    assert ids
    hidden = _workbook_cells(leadership_workbook(view, key=KEY, reveal=False, self_assessments=[]))
    assert len(hidden) >= 10  # the information sheet and every figure's sheet
    for sheet, cells in hidden.items():
        assert not _found(cells, names, ids), f"arket «{sheet}» viser plejefamilier"
    shown = _workbook_cells(leadership_workbook(view, key=KEY, reveal=True, self_assessments=[]))
    assert names <= set().union(*shown.values())


@pytest.mark.parametrize("filters", VIEWS.values(), ids=list(VIEWS))
def test_report_has_no_plejefamilie_name_or_id_in_any_section(
    sample_leadership: LeadershipData, filters: Filters
) -> None:
    view = sample_leadership.view(filters)
    pleje = _plejefamilier(view)
    names, ids = set(pleje["name"]), set(pleje["id"])
    hidden = _report_text(leadership_report(view, key=KEY, reveal=False, self_assessments=[]))
    assert not _found(hidden, names, ids)
    assert "Plejefamilier er pseudonymiseret" in hidden


def test_the_sheets_of_what_waits_hide_the_plejefamilier_they_list() -> None:
    view = waiting_data().view(Filters())
    pleje = _plejefamilier(view)
    names, ids = set(pleje["name"]), set(pleje["id"])
    hidden = _workbook_cells(leadership_workbook(view, key=KEY, reveal=False, self_assessments=[]))
    for sheet, cells in hidden.items():
        assert not _found(cells, names, ids), f"arket «{sheet}» viser plejefamilier"
    shown = _workbook_cells(leadership_workbook(view, key=KEY, reveal=True, self_assessments=[]))
    waiting = {"P-1", "P-2"}  # the plejefamilier that wait (P-2: påbud; P-1: skærpet tilsyn)
    assert waiting <= _found(shown[WAITING_SHEET], names, ids)
    assert "P-2" in _found(shown[ORDERS_SHEET], names, ids)
    assert "P-1" in _found(shown[HEIGHTENED_SHEET], names, ids)
    report = _report_text(leadership_report(view, key=KEY, reveal=False, self_assessments=[]))
    assert WAITING_TITLE in report
    assert not _found(report, names, ids)
