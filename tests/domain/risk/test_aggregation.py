"""The aggregation rule, once: by hand, and "alone decides" against removing the criterion."""

from __future__ import annotations

import numpy as np
import pytest

from tilsynwidgets.domain.risk.aggregation import (
    NO_SUGGESTION,
    aggregate_counts,
    decided_alone,
    enough_known,
    known_needed,
)

# (rød fired, gul fired, escalate_after_gul) → (colour rank, escalated), worked out by hand.
CASES = [
    (0, 0, 3, 0, False),
    (0, 1, 3, 1, False),
    (0, 2, 3, 1, False),
    (0, 3, 3, 2, True),
    (0, 5, 3, 2, True),
    (1, 0, 3, 2, False),
    (1, 3, 3, 2, False),  # rød anyway: not an escalation
    (0, 3, None, 1, False),
    (2, 0, None, 2, False),
    (0, 1, 1, 2, True),
]


@pytest.mark.parametrize(("roed", "gul", "escalate", "rank", "escalated"), CASES)
def test_the_rule_by_hand(
    roed: int, gul: int, escalate: int | None, rank: int, escalated: bool
) -> None:
    ranks, escalations = aggregate_counts(np.array([roed]), np.array([gul]), escalate)
    assert (int(ranks[0]), bool(escalations[0])) == (rank, escalated)


def test_many_units_at_once_equal_one_at_a_time() -> None:
    roed = np.array([c[0] for c in CASES if c[2] == 3])
    gul = np.array([c[1] for c in CASES if c[2] == 3])
    ranks, escalated = aggregate_counts(roed, gul, 3)
    expected = [(c[3], c[4]) for c in CASES if c[2] == 3]
    assert list(zip(ranks.tolist(), escalated.tolist(), strict=True)) == expected


@pytest.mark.parametrize("escalate", [None, 1, 2, 3])
@pytest.mark.parametrize("points_roed", [True, False])
def test_alone_decides_is_the_rule_without_the_criterion(
    escalate: int | None, points_roed: bool
) -> None:
    rng = np.random.default_rng(7)
    roed = rng.integers(0, 3, 500)
    gul = rng.integers(0, 5, 500)
    own = roed if points_roed else gul
    fired = (own > 0) & (rng.random(500) < 0.7)
    decides, by_escalation = decided_alone(roed, gul, escalate, fired, points_roed)
    for i in range(500):
        with_it = aggregate_counts(roed[i : i + 1], gul[i : i + 1], escalate)
        less = (roed[i] - fired[i], gul[i]) if points_roed else (roed[i], gul[i] - fired[i])
        without = aggregate_counts(np.array([less[0]]), np.array([less[1]]), escalate)
        changes = bool(fired[i]) and int(with_it[0][0]) != int(without[0][0])
        assert bool(decides[i]) == changes, i
        completes = changes and not points_roed and bool(with_it[1][0])
        assert bool(by_escalation[i]) == completes, i
    assert decides.any()


def test_too_little_known_gives_no_suggestion_and_no_escalation() -> None:
    roed, gul = np.array([1, 0, 0, 0]), np.array([0, 3, 3, 0])
    enough = np.array([False, False, True, True])
    ranks, escalated = aggregate_counts(roed, gul, 3, enough)
    assert ranks.tolist() == [NO_SUGGESTION, NO_SUGGESTION, 2, 0]
    assert escalated.tolist() == [False, False, True, False]


def test_enough_known_is_the_share_rounded_up() -> None:
    known = np.array([9, 10, 5, 6, 0, 0])
    applicable = np.array([13, 13, 8, 8, 0, 8])
    assert enough_known(known, applicable, 75).tolist() == [False, True, False, True, False, False]
    assert [known_needed(int(a), 75) for a in applicable] == [10, 10, 6, 6, 1, 6]


def test_a_criterion_never_alone_decides_where_there_is_no_suggestion() -> None:
    roed, gul = np.array([1, 1]), np.array([0, 0])
    fired = np.array([True, True])
    enough = np.array([True, False])
    decides, _ = decided_alone(roed, gul, 3, fired, True, enough)
    assert decides.tolist() == [True, False]
