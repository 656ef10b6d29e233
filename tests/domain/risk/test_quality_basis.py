"""A post assessment names the quality assessment it rests on; the rule is checked on save."""

from __future__ import annotations

from datetime import UTC, datetime

from tilsynwidgets.domain.core.categories import Phase
from tilsynwidgets.domain.quality.model import QualityAssessment
from tilsynwidgets.domain.risk.assessment import RiskAssessment
from tilsynwidgets.domain.risk.quality_basis import (
    NO_QUALITY_ASSESSMENT,
    QUALITY_NOT_CHOSEN,
    QUALITY_NOT_THE_UNITS,
    newest_first,
    quality_basis_problem,
    reference_to,
    referenced,
)


def quality(day: int, unit_id: str = "T-00001", assessor: str = "tk-midt-01") -> QualityAssessment:
    return QualityAssessment(
        unit_id=unit_id,
        model_version="2026.1-illustrativ",
        scores={},
        assessor=assessor,
        assessed_at=datetime(2026, 10, day, 12, tzinfo=UTC),
    )


def assessment(phase: Phase, basis: QualityAssessment | None = None) -> RiskAssessment:
    return RiskAssessment(
        unit_id="T-00001",
        phase=phase,
        chosen="gul",
        justification="Flere klager og et nyligt lederskifte giver anledning til bekymring.",
        based_on=("kvalitetsvurdering",),
        assessor="tk-midt-01",
        assessed_at=datetime(2026, 11, 1, 9, 30, tzinfo=UTC),
        quality=reference_to(basis) if basis is not None else None,
    )


def test_a_prae_assessment_needs_no_quality_assessment() -> None:
    assert quality_basis_problem(assessment(Phase.PRAE), []) is None


def test_a_post_assessment_of_a_unit_without_quality_assessments_is_refused() -> None:
    assert quality_basis_problem(assessment(Phase.POST), []) == NO_QUALITY_ASSESSMENT
    other_units = [quality(3, unit_id="T-00002")]
    assert quality_basis_problem(assessment(Phase.POST), other_units) == NO_QUALITY_ASSESSMENT
    assert "fanen «Kvalitetsvurdering»" in NO_QUALITY_ASSESSMENT


def test_a_post_assessment_must_name_one_of_the_units_quality_assessments() -> None:
    mine = [quality(3), quality(20)]
    assert quality_basis_problem(assessment(Phase.POST), mine) == QUALITY_NOT_CHOSEN
    assert quality_basis_problem(assessment(Phase.POST, mine[0]), mine) is None
    stranger = quality(3, assessor="en anden")
    assert quality_basis_problem(assessment(Phase.POST, stranger), mine) == QUALITY_NOT_THE_UNITS


def test_the_reference_finds_its_assessment_and_the_newest_comes_first() -> None:
    mine = [quality(3), quality(20), quality(9)]
    assert [q.assessed_at.day for q in newest_first(mine)] == [20, 9, 3]
    assert referenced(reference_to(mine[2]), mine) is mine[2]
    assert referenced(reference_to(quality(4)), mine) is None
