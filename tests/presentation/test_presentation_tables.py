"""Labelled tables: Danish headers, labels for codes, Danish numbers, and every cell read
back equal to the domain's figure."""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date, datetime

import pandas as pd
import pytest
from tests.presentation._shown import (
    TILSYN,
    Shown,
    assert_no_raw_cells,
    assert_table,
    number,
    tables_in,
)

from tilsynwidgets.domain.core.categories import Phase
from tilsynwidgets.domain.core.local_time import format_stamp
from tilsynwidgets.domain.portfolio.drilldown import overdue_units
from tilsynwidgets.domain.portfolio.figures import visit_status
from tilsynwidgets.domain.portfolio.leadership import Filters
from tilsynwidgets.domain.portfolio.leadership_view import LeadershipData, LeadershipView
from tilsynwidgets.presentation.tables import (
    TABLES,
    category_heading,
    cell_text,
    for_people,
    for_workbook,
    labelled_html,
    table_html,
)


def test_cells_read_as_a_dane_writes_them() -> None:
    assert cell_text("count", 7300) == "7.300"
    assert cell_text("count", 870.0) == "870"
    assert cell_text("decimal", 23829.125) == "23.829,1"
    assert cell_text("share", 0.364499) == "36,4 %"
    assert cell_text("decimal", math.nan) == "–"
    assert cell_text("count", None) == "–"
    assert cell_text("flag", True) == "Ja"
    assert cell_text("flag", False) == "Nej"
    assert cell_text("category", "roed") == "▲ Rød"
    assert category_heading("ingen") == "Ingen vurdering"
    assert cell_text("socialtilsyn", "oest") == "Socialtilsyn Øst"
    assert cell_text("unit_type", "plejefamilie_almen") != "plejefamilie_almen"
    assert cell_text("quarter", "2026K4") == "4. kvt. 2026"
    assert cell_text("direction", "op") == "Op"
    assert cell_text("date", pd.Timestamp("2026-08-18")) == "18. august 2026"
    assert cell_text("date", pd.NaT) == "–"


def _figures(view: LeadershipView) -> dict[str, pd.DataFrame]:
    return {
        "distribution_socialtilsyn": view.distribution(Phase.PRAE),
        "distribution_unit_type": view.distribution(Phase.POST, "unit_type"),
        "by_quarter": view.by_quarter(),
        "transitions": view.transitions(),
        "unannounced": view.unannounced(),
        "upcoming": view.upcoming(),
        "support": view.support(),
        "resources": view.resources(),
        "automatism": view.automatism(),
    }


@pytest.fixture
def view(with_overdue: LeadershipData) -> LeadershipView:
    # Capacity for two socialtilsyn only: the others' capacity is missing ("–").
    return with_overdue.view(Filters(), {"syd": 500.0, "midt": 150.0})


@pytest.mark.parametrize(
    "table",
    [
        "distribution_socialtilsyn",
        "distribution_unit_type",
        "by_quarter",
        "transitions",
        "unannounced",
        "upcoming",
        "support",
        "resources",
        "automatism",
    ],
)
def test_every_cell_of_the_html_is_the_domains(view: LeadershipView, table: str) -> None:
    frame = _figures(view)[table]
    (shown,) = tables_in(labelled_html(frame, table, "Tabellen"))
    assert shown.caption == "Tabellen"
    assert_table(shown, frame, table)


@pytest.mark.parametrize("table", ["unannounced", "resources", "automatism", "by_quarter"])
def test_every_cell_of_the_workbook_frame_is_the_domains(view: LeadershipView, table: str) -> None:
    frame = _figures(view)[table]
    book = for_workbook(frame, TABLES[table])
    rows = [[None if pd.isna(v) else v for v in row] for row in book.itertuples(index=False)]
    assert_table(Shown(table, list(book.columns), rows), frame, table, html=False)
    for header in book.attrs["number_formats"]:
        assert all(isinstance(v, int | float) for v in book[header].dropna())


def test_a_swapped_figure_or_label_is_caught(view: LeadershipView) -> None:
    frame = view.unannounced()
    swapped = frame.rename(columns={"announced": "unannounced", "unannounced": "announced"})
    (shown,) = tables_in(labelled_html(swapped[frame.columns], "unannounced"))
    with pytest.raises(AssertionError):
        assert_table(shown, frame, "unannounced")
    relabelled = frame.set_axis(list(reversed(frame.index)), axis=0).rename_axis("socialtilsyn")
    (shown,) = tables_in(labelled_html(relabelled, "unannounced"))
    with pytest.raises(AssertionError):
        assert_table(shown, frame, "unannounced")


def test_missing_values_show_a_dash_and_flags_a_word(view: LeadershipView) -> None:
    people = for_people(view.resources(), TABLES["resources"])
    assert "–" in set(people["Kapacitet"])
    # Without a capacity, whether hours are short is not known: "–", never a bare "Nej".
    known = view.resources()["capacity"].notna().to_numpy()
    assert set(people.loc[known, "Mangler timer"]) <= {"Ja", "Nej"}
    assert set(people.loc[~known, "Mangler timer"]) == {"–"}
    html = table_html(people)
    assert "nan" not in html.lower().replace("danmark", "")
    assert number("1.234,5") == 1234.5
    assert '<th scope="row">' in html


# --- the overdue drill-down: every cell against visit_status ---------------------------------

OVERDUE_HEADER = [
    "Id",
    "Navn",
    "Socialtilsyn",
    "Team",
    "Frist for besøg",
    "Dage over fristen",
    "Seneste besøg",
]
_MONTHS = [format_stamp(date(2026, m, 1)).split()[1] for m in range(1, 13)]


def shown_day(cell: object) -> date | None:
    """A shown date back as a date: "18. august 2026" (HTML), a date cell (sheet), "–"."""
    if cell in ("–", None):
        return None
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    day, month, year = str(cell).split()
    return date(int(year), _MONTHS.index(month) + 1, int(day.rstrip(".")))


def assert_overdue_table(
    shown: Shown,
    view: LeadershipView,
    *,
    real_ids: Mapping[str, str] | None = None,
    names: Mapping[str, str] | None = None,
    first: int | None = None,
) -> None:
    """``shown`` lists exactly the view's overdue units, each with its socialtilsyn, team,
    due date, days overdue and last visit as :func:`visit_status` computes them (its own
    call here, not the drill-down's), the most overdue first and the never visited before
    all. ``real_ids`` maps a shown (pseudonymised) id back to the unit's; ``names`` gives the
    name expected per unit (default: its own); ``first``: only the first so many rows are
    shown (then each of them is overdue, and none left out waited longer)."""
    data = view.data
    status = visit_status(data.units, data.rules, data.as_of)
    units = data.units.set_index("id")
    assert shown.header == OVERDUE_HEADER
    ids = [(real_ids or {}).get(str(row[0]), str(row[0])) for row in shown.rows]
    if first is None:
        assert sorted(ids) == view.overdue()
    else:
        assert len(ids) == min(first, len(view.overdue()))
        assert set(ids) <= set(view.overdue())
    waited: list[float] = []
    for row, unit in zip(shown.rows, ids, strict=True):
        _, name, tilsyn, team, due, days, last = row
        expected = status.loc[unit]
        assert name == (names or units["name"]).get(unit), (unit, name)
        assert tilsyn == TILSYN[str(units.loc[unit, "socialtilsyn"])]
        assert team == units.loc[unit, "team"]
        assert shown_day(last) == (
            None if pd.isna(expected["last_visit"]) else expected["last_visit"].date()
        )
        if pd.isna(expected["due"]):
            assert (shown_day(due), days) in ((None, "–"), (None, None)), row
            waited.append(math.inf)
            continue
        assert shown_day(due) == expected["due"].date(), (unit, due)
        late = (pd.Timestamp(data.as_of) - expected["due"]).days
        assert late > 0
        assert (number(days) if isinstance(days, str) else days) == late, (unit, days)
        waited.append(late)
    assert waited == sorted(waited, reverse=True)
    if first is not None and waited:
        left_out = status.loc[sorted(set(view.overdue()) - set(ids))]
        late = (pd.Timestamp(data.as_of) - left_out["due"]).dt.days.fillna(math.inf)
        assert (late <= waited[-1]).all()
    assert_no_raw_cells(
        shown, allowed=set(units["team"]) | set(shown.rows[0][:1] if shown.rows else [])
    )


def test_the_overdue_units_are_shown_with_their_dates(view: LeadershipView) -> None:
    frame = overdue_units(view)
    assert len(frame) == len(view.overdue()) > 0
    (shown,) = tables_in(labelled_html(frame, "overdue", "Overskredne"))
    assert_overdue_table(shown, view)
    assert any(row[6] == "–" for row in shown.rows) or frame["last_visit"].notna().all()
    book = for_workbook(frame, TABLES["overdue"])
    rows = [[None if pd.isna(v) else v for v in row] for row in book.itertuples(index=False)]
    assert all(isinstance(v, date) for v in book["Frist for besøg"].dropna())
    assert_overdue_table(Shown("", list(book.columns), rows), view)


def test_a_wrong_date_or_order_in_the_overdue_table_is_caught(view: LeadershipView) -> None:
    frame = overdue_units(view)
    dated = frame[frame["due"].notna()]
    assert len(dated) >= 2
    swapped = frame.copy()
    swapped["due"], swapped["last_visit"] = frame["last_visit"], frame["due"]
    (shown,) = tables_in(labelled_html(swapped, "overdue"))
    with pytest.raises(AssertionError):
        assert_overdue_table(shown, view)
    (shown,) = tables_in(labelled_html(frame.iloc[::-1], "overdue"))
    with pytest.raises(AssertionError):
        assert_overdue_table(shown, view)
