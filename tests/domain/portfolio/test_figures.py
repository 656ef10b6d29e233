from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tilsynwidgets.domain.core.categories import Phase
from tilsynwidgets.domain.intensity.rulesets import available_rulesets, default_ruleset, is_overdue
from tilsynwidgets.domain.portfolio.figures import (
    colour_distribution,
    hours_required,
    latest_plans,
    movements,
    transition_matrix,
    visit_status,
)
from tilsynwidgets.domain.risk.current import current_categories


def when(day: int, month: int = 1) -> pd.Timestamp:
    return pd.Timestamp(datetime(2026, month, day), tz="UTC")


UNITS = pd.DataFrame(
    {
        "id": ["a", "b", "c", "d"],
        "socialtilsyn": ["syd", "syd", "nord", "nord"],
        "last_announced_visit": [date(2025, 10, 31), None, date(2024, 2, 29), None],
        "last_unannounced_visit": [None, None, date(2025, 2, 28), date(2026, 6, 1)],
    }
)

# a: præ gul → post rød (up); b: præ grøn → post grøn, later præ gul (no post yet);
# c: præ rød → post gul (down); d: never assessed.
ASSESSMENTS = pd.DataFrame(
    [
        ("a", "prae", "gul", when(1)),
        ("a", "post", "roed", when(1, 3)),
        ("b", "prae", "groen", when(2)),
        ("b", "post", "groen", when(2, 3)),
        ("b", "prae", "gul", when(2, 9)),
        ("c", "prae", "roed", when(3)),
        ("c", "post", "gul", when(3, 4)),
    ],
    columns=["unit_id", "phase", "chosen", "assessed_at"],
)


def test_current_category_is_the_latest_choice() -> None:
    current = current_categories(ASSESSMENTS)
    assert current.to_dict() == {"a": "roed", "b": "gul", "c": "gul"}
    assert current_categories(ASSESSMENTS, Phase.POST).to_dict() == {
        "a": "roed",
        "b": "groen",
        "c": "gul",
    }


def test_colour_distribution_counts_units_without_assessment() -> None:
    table = colour_distribution(UNITS, current_categories(ASSESSMENTS))
    assert list(table.columns) == ["roed", "gul", "groen", "ingen"]
    assert table.loc["syd"].tolist() == [1, 1, 0, 0]
    assert table.loc["nord"].tolist() == [0, 1, 0, 1]


def test_transition_matrix_pairs_post_with_the_praee_before_it() -> None:
    matrix = transition_matrix(ASSESSMENTS)
    assert matrix.loc["gul", "roed"] == 1
    assert matrix.loc["groen", "groen"] == 1
    assert matrix.loc["roed", "gul"] == 1
    assert int(matrix.to_numpy().sum()) == 3


def test_movements_up_and_down() -> None:
    moved = movements(ASSESSMENTS)
    assert moved["direction"].to_dict() == {"a": "op", "c": "ned"}
    assert moved.loc["a", "prae"] == "gul"
    assert moved.loc["a", "post"] == "roed"


def test_visit_status_by_hand() -> None:
    status = visit_status(UNITS, default_ruleset(), date(2026, 10, 31))
    # a: due 2026-10-31, on time on the day; c: last visit 2025-02-28 → due 2026-02-28.
    assert status.loc["a", "due"] == pd.Timestamp(2026, 10, 31)
    assert not status.loc["a", "overdue"]
    assert status.loc["b", "overdue"]  # never visited
    assert status.loc["c", "overdue"]
    assert not status.loc["d", "overdue"]
    later = visit_status(UNITS, default_ruleset(), date(2026, 11, 1))
    assert later.loc["a", "overdue"]


def test_no_interval_rule_means_nothing_overdue() -> None:
    without = next(r for r in available_rulesets().values() if r.max_months_between_visits is None)
    assert not visit_status(UNITS, without, date(2030, 1, 1))["overdue"].any()


@settings(max_examples=150, deadline=None)
@given(
    last=st.none() | st.dates(date(2020, 1, 1), date(2027, 12, 31)),
    as_of=st.dates(date(2021, 1, 1), date(2028, 12, 31)),
)
def test_visit_status_equals_is_overdue(last: date | None, as_of: date) -> None:
    units = pd.DataFrame(
        {"id": ["x"], "last_announced_visit": [last], "last_unannounced_visit": [None]}
    )
    for rules in available_rulesets().values():
        expected = is_overdue(last, as_of, rules)
        assert bool(visit_status(units, rules, as_of).loc["x", "overdue"]) is expected


PLANS = pd.DataFrame(
    [
        ("a", "gul", 70.0, when(5)),
        ("a", "roed", 150.0, when(5, 3)),
        ("b", "groen", 20.0, when(6)),
        ("c", "roed", 140.0, when(7)),
    ],
    columns=["unit_id", "category", "estimated_hours", "decided_at"],
)


def test_hours_use_each_units_latest_plan() -> None:
    assert latest_plans(PLANS)["estimated_hours"].to_dict() == {"a": 150.0, "b": 20.0, "c": 140.0}
    table = hours_required(UNITS, PLANS)
    assert table.loc["syd"].tolist() == [150.0, 0.0, 20.0, 170.0]
    assert table.loc["nord"].tolist() == [140.0, 0.0, 0.0, 140.0]


@pytest.mark.parametrize("by", [("socialtilsyn",), ()])
def test_distribution_totals_equal_unit_count(by: tuple[str, ...]) -> None:
    table = colour_distribution(UNITS, current_categories(ASSESSMENTS), by=by)
    assert int(table.to_numpy().sum()) == len(UNITS)
