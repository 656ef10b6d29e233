"""The unit as it stands, at the top of the inspector's card: the category in force, the plan
in force, whether they fit, and the next visit. Pure HTML; every text is escaped."""

from __future__ import annotations

from tilsynwidgets.domain.core.danish_numbers import counted, danish_number
from tilsynwidgets.domain.core.local_time import format_stamp
from tilsynwidgets.domain.intensity.plans import PlanDecision
from tilsynwidgets.domain.intensity.rulesets import UNVERIFIED, RuleId
from tilsynwidgets.domain.labels import label_of
from tilsynwidgets.domain.portfolio.standing import PlanFit, UnitStanding
from tilsynwidgets.domain.risk.assessment import RiskAssessment
from tilsynwidgets.presentation.html import category_badge, escape

__all__ = ["FIRST_LINE", "first_line", "standing_html"]

FIRST_LINE = 160
"""Characters of the justification shown on the card (the whole text is in Historik)."""

_WARN = "color:#8a4b00"
_ALARM = "color:#b71c1c"


def first_line(text: str, limit: int = FIRST_LINE) -> str:
    """The first line of ``text``, cut at a word before ``limit`` characters with "…"."""
    line = text.strip().split("\n", 1)[0].strip()
    if len(line) <= limit:
        return line
    cut = line[:limit].rsplit(" ", 1)[0].rstrip(" ,.;:")
    return f"{cut} …"


def standing_html(standing: UnitStanding) -> str:
    """Three lines an inspector reads before anything else: category, plan, next visit."""
    rows = [
        ("Kategori i kraft", _category(standing.category)),
        ("Plan i kraft", _plan(standing)),
        ("Næste tilsynsbesøg", _visit(standing)),
    ]
    body = "".join(
        f"<tr><th style='text-align:left;vertical-align:top;padding-right:12px;"
        f"white-space:nowrap'>{label}</th><td>{value}</td></tr>"
        for label, value in rows
    )
    return f'<table class="tw-standing">{body}</table>'


def _category(assessment: RiskAssessment | None) -> str:
    if assessment is None:
        return f"<span style='{_WARN}'>Enheden er ikke risikovurderet endnu.</span>"
    justification = first_line(assessment.justification)
    return (
        f"{category_badge(assessment.chosen)} · {escape(label_of(assessment.phase))} · "
        f"{escape(format_stamp(assessment.assessed_at))} · af {escape(assessment.assessor)}"
        f"<br><i>«{escape(justification)}»</i>"
    )


def _plan(standing: UnitStanding) -> str:
    plan = standing.plan
    if plan is None:
        if standing.fit is PlanFit.NO_PLAN:
            return (
                f"<span style='{_WARN}'>Ingen plan endnu: lav en under «Tilsynsintensitet».</span>"
            )
        return "Ingen plan."
    text = _plan_text(plan)
    if standing.fit is PlanFit.OTHER_COLOUR and standing.category is not None:
        text += (
            f"<br><b style='{_ALARM}'>⚠ Planen er lavet til {category_badge(plan.category)}, "
            f"men kategorien i kraft er {category_badge(standing.category.chosen)}: lav en ny "
            "plan under «Tilsynsintensitet».</b>"
        )
    return text


def _plan_text(plan: PlanDecision) -> str:
    visits = plan.plan.visits
    announced = counted(visits.announced_per_year, "anmeldt", "anmeldte")
    unannounced = counted(visits.unannounced_per_year, "uanmeldt", "uanmeldte")
    return (
        f"for {category_badge(plan.category)} · {announced} og {unannounced} besøg om året · "
        f"{danish_number(plan.estimated_hours)} timer om året · "
        f"{escape(format_stamp(plan.decided_at))} af {escape(plan.author)}"
    )


def _visit(standing: UnitStanding) -> str:
    rules = f"regelsættet «{escape(standing.rules.title)}»"
    interval = standing.rules.rules.get(RuleId.MAX_MONTHS_BETWEEN_VISITS)
    if interval is not None and not interval.verified:
        rules += f", {UNVERIFIED}"
    last = (
        f"seneste besøg {escape(format_stamp(standing.last_visit))}"
        if standing.last_visit
        else "aldrig besøgt"
    )
    if standing.rules.max_months_between_visits is None:
        return f"{last[0].upper()}{last[1:]}; {rules} sætter ingen frist for næste besøg."
    if standing.overdue:
        when = (
            f"skulle have været senest {escape(format_stamp(standing.due))}"
            if standing.due
            else "enheden er aldrig besøgt"
        )
        return f"<b style='{_ALARM}'>Overskredet</b>: {when} ({last}; {rules})."
    assert standing.due is not None  # not overdue under a maximum interval: visited
    return f"Senest {escape(format_stamp(standing.due))} ({last}; {rules})."
