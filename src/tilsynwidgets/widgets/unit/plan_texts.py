"""What the plan panel says, as pure functions of what it shows: the hours, the unit's size,
where the form's content came from, a plan in force made for another colour, and the rule
set with each rule's verification. Every text that can hold user input is escaped."""

from __future__ import annotations

from enum import StrEnum

from tilsynwidgets.domain.core.categories import RiskCategory
from tilsynwidgets.domain.core.danish_numbers import danish_count, danish_number
from tilsynwidgets.domain.core.kinds import UnitKind
from tilsynwidgets.domain.core.local_time import format_stamp
from tilsynwidgets.domain.core.units import Unit
from tilsynwidgets.domain.intensity.plans import (
    HoursModel,
    IntensityPlan,
    PlanDecision,
    estimate_hours,
)
from tilsynwidgets.domain.intensity.rulesets import LegalRuleSet, rule_lines
from tilsynwidgets.presentation.html import category_badge, escape

__all__ = [
    "RESTORED",
    "Opened",
    "heading_html",
    "hours_html",
    "mismatch_html",
    "rules_html",
    "unit_size",
]

RESTORED = "Din ikke-gemte kladde til denne plan er gendannet."


class Opened(StrEnum):
    """Where the form's content came from."""

    DRAFT = "draft"
    IN_FORCE = "in_force"
    TEMPLATE = "template"


def hours_html(plan: IntensityPlan | None, model: HoursModel | None = None) -> str:
    """The estimated hours a year of ``plan`` (``None``: the plan is not valid yet), by the
    hours model of the rule set in use (default: the default rule set's)."""
    if plan is None:
        return "<p><b>Anslåede timer om året:</b> – (ret felterne)</p>"
    hours = danish_number(estimate_hours(plan, model))
    return f"<p><b>Anslåede timer om året:</b> {hours}</p>"


def unit_size(unit: Unit) -> str:
    """``et tilbud med 24 pladser``, ``en plejefamilie med 1 barn``."""
    count = danish_count(unit.capacity)
    if unit.kind is UnitKind.PLEJEFAMILIE:
        return f"en plejefamilie med {count} {'barn' if unit.capacity == 1 else 'børn'}"
    return f"et tilbud med {count} {'plads' if unit.capacity == 1 else 'pladser'}"


def mismatch_html(in_force: PlanDecision | None, category: RiskCategory) -> str:
    """The notice that the plan in force was made for another colour (else nothing)."""
    if in_force is None or in_force.category is category:
        return ""
    return (
        '<p role="alert" style="color:#b71c1c"><b>Planen i kraft er lavet til '
        f"{category_badge(in_force.category)}, men enhedens kategori er nu "
        f"{category_badge(category)}. Lav en ny plan.</b></p>"
    )


def heading_html(
    unit: Unit | None,
    category: RiskCategory,
    in_force: PlanDecision | None,
    opened: Opened,
    note: str = "",
) -> str:
    """Whose plan the form holds and since when, or which template it starts from."""
    if unit is None:
        return "<p>Vælg en enhed for at planlægge tilsynsintensiteten.</p>"
    template = f"skabelonen for {category_badge(category)} til {escape(unit_size(unit))}"
    saved = (
        f"Planen i kraft, gemt {escape(format_stamp(in_force.decided_at))} af "
        f"{escape(in_force.author)}"
        if in_force is not None
        else ""
    )
    if opened is Opened.IN_FORCE:
        text = f"{saved}. Ret den, eller start forfra fra skabelonen."
    elif opened is Opened.DRAFT:
        kept = f" {saved}, gælder, indtil du gemmer." if in_force is not None else ""
        text = f"{RESTORED}{kept}"
    elif in_force is None:
        text = f"Enheden har ingen gemt plan. Udgangspunkt: {template}. Tilpas planen."
    elif in_force.category is category:
        text = (
            f"Udgangspunkt: {template}. {saved}, gælder, indtil du gemmer. Tilpas planen til "
            "enheden."
        )
    else:
        text = f"Udgangspunkt: {template}. Tilpas planen til enheden."
    shown_note = f" <i>{escape(note)}</i>" if note else ""
    return f"<p>{text}{shown_note}</p>"


def rules_html(rules: LegalRuleSet) -> str:
    """The rule set and each of its rules, an unverified rule marked as such."""
    items = "".join(f"<li>{escape(line)}</li>" for line in rule_lines(rules))
    return (
        f"<details><summary>Regelsæt: «{escape(rules.title)}»</summary>"
        f"<ul style='margin:4px 0'>{items}</ul></details>"
    )
