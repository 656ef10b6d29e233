from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from pydantic import ValidationError

from tilsynwidgets.domain.core.categories import RiskCategory
from tilsynwidgets.domain.risk.assessment import QualityReference, RiskAssessment

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


def test_an_assessment_stored_before_unknowns_and_quality_references_still_reads() -> None:
    stored = assessment().model_dump(mode="json")
    del stored["unknown_signals"], stored["quality"]
    read = RiskAssessment.model_validate(stored)
    assert read.unknown_signals == ()
    assert read.quality is None
    old_post = RiskAssessment.model_validate({**stored, "phase": "post"})
    assert old_post.quality is None  # the rule for new post assessments is checked on save


def test_an_assessment_records_the_unknown_signals_and_its_quality_basis() -> None:
    reference = QualityReference(
        assessed_at=datetime(2026, 10, 1, 12, tzinfo=UTC), assessor="tk", model_version="m1"
    )
    saved = assessment(phase="post", unknown_signals=["complaints"], quality=reference)
    again = RiskAssessment.model_validate_json(saved.model_dump_json())
    assert again.unknown_signals == ("complaints",)
    assert again.quality == reference
