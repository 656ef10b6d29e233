from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from tilsynwidgets.domain.core.categories import RiskCategory
from tilsynwidgets.domain.core.units import Unit
from tilsynwidgets.domain.intensity.plans import IntensityPlan, PlanDecision
from tilsynwidgets.domain.intensity.rulesets import is_overdue, ruleset, visit_due
from tilsynwidgets.domain.portfolio.standing import PlanFit, plan_in_force, unit_standing
from tilsynwidgets.domain.risk.assessment import RiskAssessment

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
RULES = ruleset("socialtilsyn-7-4")
PLAN = IntensityPlan.model_validate(
    {
        "written_information": {"level": "udvidet", "include_financial": True},
        "external_information": {"level": "udvidet", "sources": ["kommuner"]},
        "visits": {"announced_per_year": 1, "unannounced_per_year": 2},
        "data_sources": {"sources": ["medarbejdere", "borgere"]},
        "methods": {"methods": ["observation", "interview"]},
        "visit_scope": {"hours_per_visit": 5, "inspectors_per_visit": 2},
        "follow_up": {
            "reporting": "udvidet",
            "follow_up_meetings_per_year": 1,
            "dialogue": "udvidet",
        },
    }
)


def unit(last: date | None = date(2026, 1, 10)) -> Unit:
    return Unit.model_validate(
        {
            "id": "T-1",
            "name": "Bostedet",
            "unit_type": "boern_doegn",
            "socialtilsyn": "syd",
            "team": "Team 1",
            "capacity": 8,
            "last_announced_visit": last,
            "signals": {},
        }
    )


def assessment(chosen: str, at: datetime) -> RiskAssessment:
    return RiskAssessment(
        unit_id="T-1",
        phase="prae",
        chosen=chosen,
        justification="En faglig begrundelse på mere end tyve tegn.",
        based_on=("risikosignaler",),
        assessor="Tilsynsførende A",
        assessed_at=at,
    )


def plan(category: str, at: datetime, author: str = "B") -> PlanDecision:
    return PlanDecision(
        unit_id="T-1",
        category=category,
        plan=PLAN,
        estimated_hours=100,
        template_unchanged=False,
        author=author,
        decided_at=at,
        ruleset_id=RULES.id,
    )


def test_category_and_plan_in_force_are_the_latest_and_fit_when_their_colours_agree() -> None:
    day = timedelta(days=1)
    standing = unit_standing(
        unit(),
        [assessment("gul", T0), assessment("roed", T0 + day)],
        [plan("gul", T0), plan("roed", T0 + 2 * day)],
        RULES,
        date(2026, 6, 1),
    )
    assert standing.category is not None
    assert standing.category.chosen is RiskCategory.ROED
    assert standing.plan is not None
    assert standing.plan.decided_at == T0 + 2 * day
    assert standing.fit is PlanFit.FITS


def test_a_plan_for_another_colour_is_named_as_such() -> None:
    standing = unit_standing(
        unit(), [assessment("roed", T0)], [plan("gul", T0)], RULES, date(2026, 6, 1)
    )
    assert standing.fit is PlanFit.OTHER_COLOUR


@pytest.mark.parametrize(
    ("assessments", "plans", "fit"),
    [([], [], PlanFit.NO_CATEGORY), ([assessment("gul", T0)], [], PlanFit.NO_PLAN)],
)
def test_missing_category_or_plan(
    assessments: list[RiskAssessment], plans: list[PlanDecision], fit: PlanFit
) -> None:
    assert unit_standing(unit(), assessments, plans, RULES, date(2026, 6, 1)).fit is fit


def test_of_two_plans_made_at_once_the_one_recorded_last_is_in_force() -> None:
    first, second = plan("gul", T0, "A"), plan("gul", T0, "B")
    assert plan_in_force([first, second]) is second
    assert plan_in_force([]) is None


@pytest.mark.parametrize(
    ("last", "as_of", "due", "overdue"),
    [
        (date(2026, 1, 10), date(2027, 1, 10), date(2027, 1, 10), False),  # on the due date
        (date(2026, 1, 10), date(2027, 1, 11), date(2027, 1, 10), True),  # a day late
        (None, date(2026, 6, 1), None, True),  # never visited
    ],
)
def test_the_visit_status_is_the_rule_sets(
    last: date | None, as_of: date, due: date | None, overdue: bool
) -> None:
    standing = unit_standing(unit(last), [], [], RULES, as_of)
    assert (standing.due, standing.overdue) == (due, overdue)
    assert standing.due == visit_due(last, RULES)
    assert standing.overdue is is_overdue(last, as_of, RULES)
    assert standing.last_visit == last
