"""Drill-down: every figure of every section finds exactly as many units as it counts, each
of them selected by the filters."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from tilsynwidgets.domain.portfolio.drilldown import (
    OVERDUE_COLUMNS,
    FigureKind,
    Section,
    all_figures,
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
        if section not in {Section.SUPPORT, Section.AUTOMATISM}:
            assert found, section  # the sample has something to show in each of these
        for figure in found:
            ids = figure.find()
            assert len(ids) == figure.count, figure
            assert len(set(ids)) == len(ids)
            assert set(ids) <= selected, figure


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
    assert len(together) == sum(len(section_figures(view, s)) for s in Section)


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
