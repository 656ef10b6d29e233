"""What a post assessment rests on: one of the unit's quality assessments.

The category is documented post "after the quality assessment" (seed 000), so a post
assessment names the quality assessment it rests on (:class:`~tilsynwidgets.domain.risk.
assessment.QualityReference`). The rule is checked when an assessment is saved
(:func:`quality_basis_problem`), not in :class:`~tilsynwidgets.domain.risk.assessment.
RiskAssessment`'s own validation: post assessments stored before the rule name none and
must still read.
"""

from __future__ import annotations

from collections.abc import Sequence

from tilsynwidgets.domain.core.categories import Phase
from tilsynwidgets.domain.quality.model import QualityAssessment
from tilsynwidgets.domain.risk.assessment import QualityReference, RiskAssessment

__all__ = [
    "NO_QUALITY_ASSESSMENT",
    "QUALITY_NOT_CHOSEN",
    "QUALITY_NOT_THE_UNITS",
    "newest_first",
    "quality_basis_problem",
    "reference_to",
    "referenced",
]

NO_QUALITY_ASSESSMENT = (
    "Enheden har ingen kvalitetsvurdering. Udfyld den under fanen «Kvalitetsvurdering», "
    "før du gemmer en post-vurdering."
)
QUALITY_NOT_CHOSEN = "Vælg den kvalitetsvurdering, post-vurderingen bygger på."
QUALITY_NOT_THE_UNITS = (
    "Den valgte kvalitetsvurdering findes ikke blandt enhedens kvalitetsvurderinger. "
    "Vælg en af dem."
)


def reference_to(assessment: QualityAssessment) -> QualityReference:
    """The reference a post assessment keeps to ``assessment``."""
    return QualityReference(
        assessed_at=assessment.assessed_at,
        assessor=assessment.assessor,
        model_version=assessment.model_version,
    )


def newest_first(assessments: Sequence[QualityAssessment]) -> list[QualityAssessment]:
    """The unit's quality assessments, newest first (of two at the same moment, the one
    given later first)."""
    order = sorted(range(len(assessments)), key=lambda i: (assessments[i].assessed_at, i))
    return [assessments[i] for i in reversed(order)]


def referenced(
    reference: QualityReference, assessments: Sequence[QualityAssessment]
) -> QualityAssessment | None:
    """The assessment among ``assessments`` that ``reference`` names, if any."""
    for assessment in newest_first(assessments):
        if reference_to(assessment) == reference:
            return assessment
    return None


def quality_basis_problem(
    assessment: RiskAssessment, available: Sequence[QualityAssessment]
) -> str | None:
    """Why ``assessment`` cannot be saved on the grounds of its quality basis (Danish), or
    None. ``available`` are the unit's quality assessments.

    A præ assessment needs none. A post assessment must name one of ``available``; a unit
    with none is asked for one first.
    """
    if assessment.phase is not Phase.POST:
        return None
    mine = [a for a in available if a.unit_id == assessment.unit_id]
    if not mine:
        return NO_QUALITY_ASSESSMENT
    if assessment.quality is None:
        return QUALITY_NOT_CHOSEN
    if referenced(assessment.quality, mine) is None:
        return QUALITY_NOT_THE_UNITS
    return None
