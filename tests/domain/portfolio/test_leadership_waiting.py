"""What waits for a decision in the leadership view: the summary per socialtilsyn and team
is the queue's own summary of the selected units, worked out by hand on a small portfolio,
and the period filter does not change it."""

from __future__ import annotations

import dataclasses
import math
from datetime import date

import pandas as pd
import pytest
from tests.domain.portfolio._leadership_waiting import (
    EXPECTED,
    EXPECTED_TOTAL,
    WAITING_DAYS,
    waiting_data,
)

from tilsynwidgets.domain.information.queue import (
    SUMMARY_COLUMNS,
    ending_heightened,
    overdue_orders,
    queue_summary,
    reconsideration_queue,
)
from tilsynwidgets.domain.portfolio.leadership import Filters, apply_filters
from tilsynwidgets.domain.portfolio.leadership_view import ALL, LeadershipData, no_records


@pytest.fixture
def data() -> LeadershipData:
    return waiting_data()


def _row(table: pd.DataFrame, key: object) -> tuple[float, ...]:
    values = table.loc[[key]].to_numpy(dtype=float)[0]
    assert list(table.columns) == list(SUMMARY_COLUMNS)
    return tuple(float(value) for value in values)


def _same(got: tuple[float, ...], expected: tuple[float, ...]) -> bool:
    return all(
        (math.isnan(a) and math.isnan(b)) or a == b for a, b in zip(got, expected, strict=True)
    )


def test_the_summary_is_the_hand_worked_one(data: LeadershipData) -> None:
    view = data.view(Filters())
    summary = view.waiting()
    assert list(summary.columns) == list(SUMMARY_COLUMNS)
    assert list(summary.index) == list(EXPECTED)  # groups with nothing to show left out
    for key, expected in EXPECTED.items():
        assert _same(_row(summary, key), expected), key
    total = view.waiting_total()
    assert list(total.index) == [ALL]
    assert _same(_row(total, ALL), EXPECTED_TOTAL)
    assert dict(zip(view.queue["unit_id"], view.queue["days_waiting"], strict=True)) == (
        WAITING_DAYS
    )
    assert list(view.queue["unit_id"]) == list(WAITING_DAYS)  # the longest wait first


@pytest.mark.parametrize(
    "filters",
    [
        Filters(),
        Filters(socialtilsyn={"syd"}),
        Filters(unit_type={"plejefamilie_almen"}),
        Filters(team={"Team P", "Team B"}),
        Filters(socialtilsyn={"midt"}),  # a unit, nothing waiting
        Filters(team={"ingen-saadan"}),  # no unit
    ],
)
def test_the_summary_equals_the_queue_function_on_the_filtered_units(
    data: LeadershipData, filters: Filters
) -> None:
    view = data.view(filters)
    units = apply_filters(data.units, filters)
    mine = data.information[data.information["unit_id"].isin(units["id"])]
    assert data.suggested_now is not None
    queue = reconsideration_queue(mine, data.assessments, data.suggested_now, data.as_of)
    expected = queue_summary(
        queue, units, overdue_orders(mine, data.as_of), ending_heightened(mine, data.as_of)
    )
    pd.testing.assert_frame_equal(view.waiting(), expected, check_dtype=False)
    pd.testing.assert_frame_equal(
        view.queue, queue.reset_index(drop=True), check_dtype=False, check_index_type=False
    )
    waiting = int(view.waiting_total()["units"].sum())
    assert waiting == len(queue) == int(expected["units"].sum())


def test_the_period_does_not_change_what_waits_today(data: LeadershipData) -> None:
    everything = data.view(Filters())
    this_autumn = data.view(Filters(period=(date(2026, 10, 1), date(2026, 10, 31))))
    last_year = data.view(Filters(period=(date(2025, 1, 1), date(2025, 12, 31))))
    for view in (this_autumn, last_year):
        pd.testing.assert_frame_equal(view.waiting(), everything.waiting())
        pd.testing.assert_frame_equal(view.queue, everything.queue)


def test_without_todays_suggestions_only_information_requiring_a_decision_queues() -> None:
    data = waiting_data(suggestions=False)
    assert not data.suggestions_known
    view = data.view(Filters())
    assert set(view.queue["unit_id"]) == set(WAITING_DAYS) - {"T-2"}  # T-2: a moved suggestion
    assert not view.queue["moves_suggestion"].any()
    assert view.waiting_total()["units"].tolist() == [EXPECTED_TOTAL[0] - 1]


def test_a_portfolio_without_information_has_nothing_waiting(data: LeadershipData) -> None:
    view = dataclasses.replace(data, information=no_records()).view(Filters())
    assert view.queue.empty
    assert view.waiting().empty
    assert view.waiting_total().empty


def test_the_queue_is_computed_once_for_every_view(data: LeadershipData) -> None:
    first = data.view(Filters(socialtilsyn={"syd"}))
    other = data.view(Filters(socialtilsyn={"nord"}))
    assert first.queue is not other.queue
    assert data.queue is data.queue
    assert set(first.queue["unit_id"]) | set(other.queue["unit_id"]) == set(data.queue["unit_id"])
