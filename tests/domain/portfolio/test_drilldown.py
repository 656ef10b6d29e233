"""Drill-down: every figure of every section finds exactly as many units as it counts (the
overdue påbud: as many påbud, of fewer units where one has several), each of them selected
by the filters; the figures of what waits list the right units with their waits."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from tests.domain.portfolio._leadership_waiting import WAITING_DAYS, waiting_data

from tilsynwidgets.domain.portfolio.drilldown import (
    HEIGHTENED_COLUMNS,
    ORDER_COLUMNS,
    OVERDUE_COLUMNS,
    REVIEW_SECTIONS,
    WAITING_COLUMNS,
    WAITING_KINDS,
    Figure,
    FigureKind,
    Section,
    all_figures,
    figure_rows,
    overdue_units,
    section_figures,
)
from tilsynwidgets.domain.portfolio.figures import visit_status
from tilsynwidgets.domain.portfolio.leadership import Filters
from tilsynwidgets.domain.portfolio.leadership_view import LeadershipData


@pytest.fixture
def data(sample_leadership: LeadershipData) -> LeadershipData:
    return sample_leadership


@pytest.mark.parametrize("by", ["socialtilsyn", "unit_type"])
@pytest.mark.parametrize(
    "filters",
    [Filters(), Filters(socialtilsyn={"midt"}), Filters(unit_type={"plejefamilie_almen"})],
)
def test_every_figure_finds_as_many_units_as_it_counts(
    data: LeadershipData, filters: Filters, by: str
) -> None:
    view = data.view(filters)
    selected = set(view.units["id"])
    for section in Section:
        found = section_figures(view, section, by)
        if section not in {Section.SUPPORT, Section.AUTOMATISM, Section.WAITING}:
            assert found, section  # the sample has something to show in each of these
        for figure in found:
            _assert_finds_what_it_counts(figure, selected)


def _assert_finds_what_it_counts(figure: Figure, selected: set[str]) -> None:
    ids = figure.find()
    if figure.kind is FigureKind.ORDER_OVERDUE:  # counted per påbud, listed per unit
        assert 0 < len(ids) <= figure.count, figure
    else:
        assert len(ids) == figure.count, figure
    assert len(set(ids)) == len(ids)
    assert set(ids) <= selected, figure


@pytest.mark.parametrize(
    "filters",
    [Filters(), Filters(socialtilsyn={"nord"}), Filters(team={"Team A", "Team B"})],
)
def test_every_figure_of_what_waits_finds_what_it_counts(filters: Filters) -> None:
    view = waiting_data().view(filters)
    found = section_figures(view, Section.WAITING)
    assert found
    for figure in found:
        _assert_finds_what_it_counts(figure, set(view.units["id"]))
        rows = figure_rows(view, figure)
        assert rows is not None
        assert len(rows) == figure.count, figure


def test_the_figures_of_what_waits_are_the_summarys_counts() -> None:
    view = waiting_data().view(Filters())
    figures = section_figures(view, Section.WAITING)
    total = view.waiting_total().iloc[0]
    summary = view.waiting()
    expected: list[tuple[FigureKind, tuple[str, ...], int]] = [
        (kind, (), int(total[column])) for column, kind in WAITING_KINDS.items() if total[column]
    ]
    for key, counts in summary.iterrows():
        group = tuple(str(code) for code in key)  # type: ignore[attr-defined]  # (tilsyn, team)
        expected += [
            (kind, group, int(counts[column]))
            for column, kind in WAITING_KINDS.items()
            if counts[column]
        ]
    assert [(f.kind, f.codes, f.count) for f in figures] == expected
    by_codes = {(f.kind, f.codes): f for f in figures}
    assert by_codes[FigureKind.WAITING, ()].find() == sorted(WAITING_DAYS)
    assert by_codes[FigureKind.WAITING_DECISION, ()].find() == ["P-1", "P-2", "T-1"]
    assert by_codes[FigureKind.WAITING_LONG, ()].find() == ["P-2", "T-1"]
    assert by_codes[FigureKind.WAITING, ("syd", "Team A")].find() == ["T-1", "T-2"]
    assert by_codes[FigureKind.ORDER_OVERDUE, ("nord", "Team P")].find() == ["P-2"]
    assert by_codes[FigureKind.ORDER_OVERDUE, ("nord", "Team P")].count == 2
    assert by_codes[FigureKind.HEIGHTENED_ENDING, ()].find() == ["P-1"]
    assert (FigureKind.WAITING, ("syd", "Team B")) not in by_codes  # nothing waits there


def test_the_rows_behind_what_waits_carry_reasons_and_days() -> None:
    view = waiting_data().view(Filters())
    codes: tuple[str, ...] = ()
    waiting = figure_rows(view, Figure(FigureKind.WAITING, codes, 4, list))
    assert waiting is not None
    assert list(waiting.columns) == WAITING_COLUMNS
    assert dict(zip(waiting["id"], waiting["days_waiting"], strict=True)) == WAITING_DAYS
    assert list(waiting["id"]) == list(WAITING_DAYS)  # the longest wait first
    t1 = waiting.set_index("id").loc["T-1"]
    assert t1["kinds"] == ("klage", "whistleblower")  # newest first
    assert bool(t1["requires_decision"])
    assert not bool(t1["moves_suggestion"])
    t2 = waiting.set_index("id").loc["T-2"]
    assert (t2["suggested_then"], t2["suggested_now"]) == ("groen", "gul")
    assert not bool(t2["requires_decision"])
    assert (t2["name"], t2["socialtilsyn"], t2["team"]) == ("Opholdsstedet Egely", "syd", "Team A")
    orders = figure_rows(view, Figure(FigureKind.ORDER_OVERDUE, codes, 3, list))
    assert orders is not None
    assert list(orders.columns) == ORDER_COLUMNS
    found = list(zip(orders["id"], orders["days_overdue"], strict=True))
    assert sorted(found) == [("P-2", 31), ("P-2", 61), ("T-3", 31)]  # one row per påbud
    assert [days for _, days in found] == [61, 31, 31]  # the most overdue first
    ending = figure_rows(view, Figure(FigureKind.HEIGHTENED_ENDING, codes, 1, list))
    assert ending is not None
    assert list(ending.columns) == HEIGHTENED_COLUMNS
    assert ending[["id", "days_left"]].values.tolist() == [["P-1", 19]]
    assert figure_rows(view, Figure(FigureKind.OVERDUE, (), 0, list)) is None


def test_colour_figures_add_up_to_the_selected_units(data: LeadershipData) -> None:
    view = data.view(Filters(socialtilsyn={"syd"}))
    colours = section_figures(view, Section.COLOURS, "unit_type")
    for phase in ("prae", "post"):
        assert sum(f.count for f in colours if f.codes[0] == phase) == len(view.units)
    assert {f.codes[2] for f in colours} <= set(view.units["unit_type"])  # codes, not labels
    quarter = str(view.by_quarter().index[-1])
    in_quarter = [f for f in section_figures(view, Section.QUARTERS) if f.codes[0] == quarter]
    assert sum(f.count for f in in_quarter) == len(view.units)


def test_figures_name_what_they_count_by_codes(data: LeadershipData) -> None:
    view = data.view(Filters())
    figures = all_figures(view)
    overdue = next(f for f in figures if f.kind is FigureKind.OVERDUE)
    assert (overdue.codes, overdue.count) == ((), len(view.overdue()))
    transitions = view.transitions()
    for figure in (f for f in figures if f.kind is FigureKind.TRANSITION):
        assert figure.count == transitions.loc[figure.codes[0], figure.codes[1]]
    by_quarter = view.by_quarter()
    for figure in (f for f in figures if f.kind is FigureKind.QUARTER):
        assert figure.count == by_quarter.loc[figure.codes[0], figure.codes[1]]


def test_figures_are_the_union_of_the_sections(data: LeadershipData) -> None:
    view = data.view(Filters())
    together = all_figures(view)
    assert len(together) == sum(len(section_figures(view, s)) for s in REVIEW_SECTIONS)


def test_the_overdue_units_carry_their_visit_status(data: LeadershipData) -> None:
    view = data.view(Filters(socialtilsyn={"syd", "nord", "oest"}))
    rows = overdue_units(view)
    status = visit_status(data.units, data.rules, data.as_of)
    assert sorted(rows["id"]) == view.overdue()
    assert list(rows.columns) == OVERDUE_COLUMNS
    for row in rows.itertuples(index=False):
        expected = status.loc[row.id]
        assert bool(expected["overdue"])
        assert row.last_visit is pd.NaT or row.last_visit == expected["last_visit"]
        if pd.isna(expected["due"]):
            assert pd.isna(row.due)
            assert math.isnan(row.days_overdue)
        else:
            assert row.due == expected["due"]
            assert row.days_overdue == (pd.Timestamp(data.as_of) - expected["due"]).days > 0
    never = rows["due"].isna().to_numpy()
    assert list(never) == sorted(never, reverse=True)  # the never visited first
    dated = rows.loc[~never, "days_overdue"].tolist()
    assert dated == sorted(dated, reverse=True)  # then the most overdue
