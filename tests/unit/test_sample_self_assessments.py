"""Synthetic self-assessments: reproducible, valid, and one socialtilsyn left unassessed."""

from __future__ import annotations

from datetime import date

from tilsynwidgets.domain.core.units import Socialtilsyn
from tilsynwidgets.domain.support.self_assessment import latest_self_assessments
from tilsynwidgets.sample.self_assessments import generate_self_assessments

AS_OF = date(2026, 11, 1)


def test_the_same_seed_gives_the_same_self_assessments() -> None:
    assert generate_self_assessments(5, AS_OF) == generate_self_assessments(5, AS_OF)
    assert generate_self_assessments(5, AS_OF) != generate_self_assessments(6, AS_OF)


def test_all_but_one_socialtilsyn_have_a_recent_and_an_older_self_assessment() -> None:
    items = generate_self_assessments(2022, AS_OF)
    latest = latest_self_assessments(items)
    assert set(latest) == set(list(Socialtilsyn)[:-1])
    for tilsyn, item in latest.items():
        older = [i for i in items if i.socialtilsyn is tilsyn and i is not item]
        assert len(older) == 1
        assert older[0].assessed_at < item.assessed_at
        assert (AS_OF - item.assessed_at.date()).days < 90
        assert not item.assessor.startswith("Leder ")  # a role, not a person
