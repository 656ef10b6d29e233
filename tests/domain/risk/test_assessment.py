from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from pydantic import ValidationError

from tilsynwidgets.domain.core.categories import RiskCategory
from tilsynwidgets.domain.risk.assessment import RiskAssessment

WHY = "Flere klager og et nyligt lederskifte giver anledning til bekymring."


def assessment(**overrides: Any) -> RiskAssessment:
    fields: dict[str, Any] = {
        "unit_id": "T-00001",
        "phase": "prae",
        "suggested": "gul",
        "chosen": "gul",
        "justification": WHY,
        "based_on": ["risikosignaler"],
        "assessor": "tk-midt-01",
        "assessed_at": datetime(2026, 11, 1, 9, 30, tzinfo=UTC),
    }
    fields.update(overrides)
    return RiskAssessment.model_validate(fields)


def test_agreeing_with_the_suggestion_needs_only_a_justification() -> None:
    a = assessment()
    assert a.chosen is RiskCategory.GUL
    assert a.is_deviation is False


def test_justification_is_always_required() -> None:
    with pytest.raises(ValidationError, match="faglig begrundelse på mindst 20 tegn"):
        assessment(justification="ok")
    with pytest.raises(ValidationError, match="faglig begrundelse"):
        assessment(justification=" " * 40)


def test_a_deviation_must_be_addressed() -> None:
    with pytest.raises(ValidationError, match="afviger fra forslaget: begrund afvigelsen"):
        assessment(chosen="groen")
    ok = assessment(
        chosen="groen",
        deviation_justification="Klagerne er undersøgt og vurderet grundløse ved besøget.",
    )
    assert ok.is_deviation is True


def test_without_a_suggestion_there_is_no_deviation() -> None:
    assert assessment(suggested=None, chosen="roed").is_deviation is False


def test_time_needs_a_zone_and_basis_is_required() -> None:
    with pytest.raises(ValidationError, match="tidszone"):
        assessment(assessed_at=datetime(2026, 11, 1, 9, 30))
    with pytest.raises(ValidationError):
        assessment(based_on=[])


def test_hostile_justification_is_kept_as_typed() -> None:
    hostile = "<img src=x onerror=alert(1)> begrundelse med nok tegn"
    assert assessment(justification=hostile).justification == hostile
