"""A unit as it stands: its category in force, its plan in force, whether the two fit, and
when its next visit is due under the rule set in force.

This is what an inspector must be able to say about a unit without opening its history
(issue: "the inspector's working picture"). The category in force is the rule of
:mod:`tilsynwidgets.domain.risk.current`; the plan in force is the unit's latest plan, the
same rule :func:`tilsynwidgets.domain.portfolio.figures.latest_plans` applies to the whole
portfolio; the visit figures are those of
:func:`tilsynwidgets.domain.intensity.rulesets.visit_due` and ``is_overdue``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from tilsynwidgets.domain.core.recorded import latest_recorded
from tilsynwidgets.domain.core.units import Unit
from tilsynwidgets.domain.intensity.plans import PlanDecision
from tilsynwidgets.domain.intensity.rulesets import LegalRuleSet, is_overdue, visit_due
from tilsynwidgets.domain.risk.assessment import RiskAssessment
from tilsynwidgets.domain.risk.current import in_force

__all__ = ["PlanFit", "UnitStanding", "plan_in_force", "unit_standing"]


class PlanFit(StrEnum):
    """How the plan in force relates to the category in force."""

    FITS = "passer"
    """The plan was made for the colour the unit has now."""
    OTHER_COLOUR = "anden_farve"
    """The plan was made for another colour: a new plan is needed."""
    NO_PLAN = "ingen_plan"
    """The unit has a category but no plan."""
    NO_CATEGORY = "ingen_kategori"
    """The unit has not been categorised (a plan, if any, has nothing to fit)."""


@dataclass(frozen=True, slots=True)
class UnitStanding:
    """What is in force for one unit on one day, and whether it still fits."""

    category: RiskAssessment | None
    """The assessment in force (its colour, phase, date, assessor and justification)."""
    plan: PlanDecision | None
    """The plan in force."""
    fit: PlanFit
    last_visit: date | None
    due: date | None
    """The last day the next visit is on time (``None``: no maximum interval, or never visited)."""
    overdue: bool
    rules: LegalRuleSet
    as_of: date


def plan_in_force(plans: Sequence[PlanDecision]) -> PlanDecision | None:
    """The plan in force among one unit's plans, given in recorded order: the latest by
    ``decided_at``, and of two made at the same moment the one recorded last."""
    return latest_recorded(plans, lambda plan: plan.decided_at)


def unit_standing(
    unit: Unit,
    assessments: Sequence[RiskAssessment],
    plans: Sequence[PlanDecision],
    rules: LegalRuleSet,
    as_of: date,
) -> UnitStanding:
    """``unit``'s category and plan in force and its visit status on ``as_of``."""
    category = in_force(assessments)
    plan = plan_in_force(plans)
    if category is None:
        fit = PlanFit.NO_CATEGORY
    elif plan is None:
        fit = PlanFit.NO_PLAN
    elif plan.category is category.chosen:
        fit = PlanFit.FITS
    else:
        fit = PlanFit.OTHER_COLOUR
    last = unit.last_visit
    return UnitStanding(
        category=category,
        plan=plan,
        fit=fit,
        last_visit=last,
        due=visit_due(last, rules),
        overdue=is_overdue(last, as_of, rules),
        rules=rules,
        as_of=as_of,
    )
