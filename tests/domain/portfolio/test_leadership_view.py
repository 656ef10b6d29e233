"""The leadership view computes per-unit facts once and selects rows per filter: each of its
figures must equal the domain function computed on the filtered frames from scratch."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from tilsynwidgets import apps
from tilsynwidgets.domain.core.categories import Phase
from tilsynwidgets.domain.portfolio.figures import colour_distribution, movements, transition_matrix
from tilsynwidgets.domain.portfolio.leadership import (
    Filters,
    apply_filters,
    colour_distribution_by_quarter,
    restrict_history,
    support_gaps,
    template_share,
    units_overdue,
)
from tilsynwidgets.domain.portfolio.leadership_view import LeadershipData
from tilsynwidgets.domain.portfolio.visits import (
    resource_balance,
    unannounced_share,
    upcoming_visits,
)
from tilsynwidgets.domain.risk.current import current_categories
from tilsynwidgets.sample.load import load_sample
from tilsynwidgets.store.store import Store

AS_OF = date(2026, 11, 1)


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LeadershipData]:
    path: Path = tmp_path_factory.mktemp("view") / "view.sqlite"
    with Store.open(f"sqlite:///{path}") as store:
        store.upgrade()
        load_sample(store, AS_OF, n_tilbud=60, n_plejefamilier=90)
        yield apps.leadership_data(store, AS_OF)


def _filters(data: LeadershipData) -> list[Filters]:
    units = data.units
    one_team = str(units["team"].iloc[0])
    one_type = str(units["unit_type"].iloc[-1])
    return [
        Filters(),
        Filters(socialtilsyn={"syd"}),
        Filters(unit_type={one_type}),
        Filters(team={one_team}),
        Filters(socialtilsyn={"midt", "nord"}, unit_type={one_type}),
        Filters(period=(date(2025, 1, 1), AS_OF)),
        Filters(socialtilsyn={"hovedstaden"}, period=(date(2025, 7, 1), date(2026, 3, 31))),
        Filters(socialtilsyn={"oest"}, team={"ingen-saadan"}),  # nothing selected
    ]


def test_every_figure_equals_the_domain_function_on_the_filtered_frames(
    data: LeadershipData,
) -> None:
    capacity = {"syd": 400.0, "hovedstaden": 50.0}
    for filters in _filters(data):
        view = data.view(filters, capacity)
        units = apply_filters(data.units, filters)
        assessments = restrict_history(data.assessments, units, filters.period)
        plans = restrict_history(data.plans, units)
        plan_visits = restrict_history(data.plan_visits, units)
        changes = restrict_history(data.changes, units)
        pd.testing.assert_frame_equal(view.units, units)
        for phase in (None, Phase.PRAE, Phase.POST):
            for by in ("socialtilsyn", "unit_type"):
                expected = colour_distribution(units, current_categories(assessments, phase), (by,))
                pd.testing.assert_frame_equal(view.distribution(phase, by), expected)
        period = filters.period or (date(AS_OF.year - 1, 1, 1), AS_OF)
        pd.testing.assert_frame_equal(
            view.by_quarter(),
            colour_distribution_by_quarter(units, assessments, period),
            check_index_type=False,
        )
        pd.testing.assert_frame_equal(view.transitions(), transition_matrix(assessments))
        pd.testing.assert_frame_equal(view.moved(), movements(assessments))
        assert view.overdue() == units_overdue(units, data.rules, AS_OF)
        pd.testing.assert_frame_equal(
            view.unannounced(),
            unannounced_share(units, plan_visits),
        )
        pd.testing.assert_frame_equal(
            view.upcoming(),
            upcoming_visits(units, plan_visits, AS_OF),
        )
        pd.testing.assert_frame_equal(
            view.resources(), resource_balance(units, plans, capacity, AS_OF)
        )
        pd.testing.assert_frame_equal(view.automatism(), template_share(units, plans))
        expected_support = support_gaps(units, assessments, changes)
        pd.testing.assert_frame_equal(
            view.support(), expected_support, check_index_type=not units.empty
        )


def test_a_filter_that_selects_nothing_gives_empty_figures(data: LeadershipData) -> None:
    view = data.view(Filters(team={"ingen-saadan"}))
    assert view.units.empty
    assert view.overdue() == []
    assert int(view.by_quarter().to_numpy().sum()) == 0
    assert int(view.transitions().to_numpy().sum()) == 0


def test_facts_are_computed_once_per_period(data: LeadershipData) -> None:
    first = data.view(Filters(socialtilsyn={"syd"})).facts
    again = data.view(Filters(socialtilsyn={"nord"})).facts
    other = data.view(Filters(period=(date(2026, 1, 1), AS_OF))).facts
    assert first is again
    assert other is not first
