"""The plan panel's texts as pure functions: Danish sizes, the mismatch notice, the heading
(escaped), the hours and the rule set with each rule's verification."""

from __future__ import annotations

from datetime import UTC, datetime

from tilsynwidgets.domain.core.categories import RiskCategory
from tilsynwidgets.domain.core.units import Socialtilsyn, Unit, UnitType
from tilsynwidgets.domain.intensity.plans import PlanDecision, estimate_hours, template_for
from tilsynwidgets.domain.intensity.rulesets import UNVERIFIED, default_ruleset
from tilsynwidgets.widgets.unit.plan_texts import (
    Opened,
    heading_html,
    hours_html,
    mismatch_html,
    rules_html,
    unit_size,
)

HOSTILE = "<img src=x onerror=alert(1)>"


def _unit(unit_type: UnitType, capacity: int) -> Unit:
    return Unit(
        id="P-1",
        name="Familien",
        unit_type=unit_type,
        socialtilsyn=Socialtilsyn.MIDT,
        team="Team 1",
        capacity=capacity,
    )


def _decision(category: RiskCategory) -> PlanDecision:
    plan = template_for(category)
    return PlanDecision(
        unit_id="P-1",
        category=category,
        plan=plan,
        estimated_hours=estimate_hours(plan),
        template_unchanged=False,
        author=HOSTILE,
        decided_at=datetime(2026, 3, 3, 9, 15, tzinfo=UTC),
        ruleset_id="socialtilsyn-7-4",
    )


def test_unit_size_in_danish() -> None:
    assert unit_size(_unit(UnitType.PLEJEFAMILIE_ALMEN, 1)) == "en plejefamilie med 1 barn"
    assert unit_size(_unit(UnitType.PLEJEFAMILIE_ALMEN, 3)) == "en plejefamilie med 3 børn"
    assert unit_size(_unit(UnitType.VOKSNE_BOTILBUD, 1000)) == "et tilbud med 1.000 pladser"


def test_mismatch_names_both_colours_and_only_when_they_differ() -> None:
    gul = _decision(RiskCategory.GUL)
    assert mismatch_html(gul, RiskCategory.GUL) == ""
    assert mismatch_html(None, RiskCategory.GUL) == ""
    text = mismatch_html(gul, RiskCategory.ROED)
    assert "Planen i kraft er lavet til" in text
    assert "men enhedens kategori er nu" in text
    assert "■ Gul" in text
    assert "▲ Rød" in text
    assert "Lav en ny plan." in text


def test_heading_says_whose_plan_and_since_when_escaped() -> None:
    unit = _unit(UnitType.PLEJEFAMILIE_ALMEN, 2)
    gul = _decision(RiskCategory.GUL)
    text = heading_html(unit, RiskCategory.GUL, gul, Opened.IN_FORCE)
    assert "Planen i kraft, gemt 3. marts 2026 kl. 10.15 af &lt;img" in text
    assert "<img" not in text
    fresh = heading_html(unit, RiskCategory.GUL, None, Opened.TEMPLATE, note=HOSTILE)
    assert "Enheden har ingen gemt plan" in fresh
    assert "en plejefamilie med 2 børn" in fresh
    assert "<img" not in fresh


def test_hours_and_rules() -> None:
    plan = template_for(RiskCategory.GROEN)
    assert hours_html(plan) == "<p><b>Anslåede timer om året:</b> 19,5</p>"
    assert "– (ret felterne)" in hours_html(None)
    assert rules_html(default_ruleset()).count(f"({UNVERIFIED})") == 2
