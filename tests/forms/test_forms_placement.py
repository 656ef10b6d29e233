"""Where problems are shown: the nearest shown field, else the form-level area."""

from __future__ import annotations

from typing import Any

import pytest

from tilsynwidgets.domain.intensity.plans import IntensityPlan
from tilsynwidgets.domain.risk.assessment import RiskAssessment
from tilsynwidgets.forms import Problem
from tilsynwidgets.forms._placement import line_text, place_loc, place_path, related


class _Node:
    def __init__(self, title: str) -> None:
        self.spec = type("Spec", (), {"title": title})()


NODES: dict[str, Any] = {
    "visits": _Node("Hyppighed af tilsynsbesøg"),
    "visits.announced_per_year": _Node("Anmeldte tilsynsbesøg om året"),
    "based_on": _Node("Oplysninger"),
}


def test_pydantic_location_goes_to_the_deepest_shown_node() -> None:
    problem = place_loc(
        ("visits", "announced_per_year"), "skal være mindst 0", NODES, IntensityPlan
    )
    assert problem == Problem(
        "visits.announced_per_year", "skal være mindst 0", "Anmeldte tilsynsbesøg om året"
    )
    inside = place_loc(("based_on", 0), "skal være en af", NODES, RiskAssessment)
    assert inside.path == "based_on"


def test_model_level_and_hidden_fields_go_to_the_form_with_a_title() -> None:
    assert place_loc((), "afviger", NODES, RiskAssessment) == Problem("", "afviger", "")
    hidden = place_loc(("unit_id",), "har et ugyldigt format", NODES, RiskAssessment)
    assert hidden == Problem("", "har et ugyldigt format", "Id")
    deep = place_loc(("reasons", 0, "explanation"), "skal udfyldes", NODES, RiskAssessment)
    assert deep.title == "Begrundelse 1"  # by Danish titles, not reasons[0].explanation


def test_check_paths_climb_to_a_shown_parent() -> None:
    assert place_path("visits.unannounced_per_year", "m", NODES, IntensityPlan).path == "visits"
    assert place_path("visits.announced_per_year", "m", NODES, IntensityPlan).title == (
        "Anmeldte tilsynsbesøg om året"
    )
    assert place_path("", "m", NODES, IntensityPlan) == Problem("", "m", "")
    assert place_path("methods", "m", NODES, IntensityPlan).title == "Dataindsamlingsmetoder"


def test_line_text() -> None:
    assert line_text(Problem("a", "skal udfyldes", "Navn")) == "skal udfyldes"
    assert line_text(Problem("", "skal udfyldes", "Id")) == "Id: skal udfyldes"


@pytest.mark.parametrize(
    ("path", "touched", "expected"),
    [
        ("a", "a", True),
        ("a.b", "a", True),
        ("a", "a.b", True),
        ("a[0].b", "a", True),
        ("ab", "a", False),
        ("a", "b", False),
        ("", "a", True),
    ],
)
def test_related(path: str, touched: str, expected: bool) -> None:
    assert related(path, touched) is expected
