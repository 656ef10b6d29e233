"""Versioned legal rule sets for supervision intensity, and checks of plans against them.

The law changes (the 2025 amending act "mere risikobaseret socialtilsyn"), so the rules are
data in ``data/rulesets/*.yaml``; the seed's rule set is the default.
"""

from __future__ import annotations

import calendar
from datetime import date
from functools import cache
from importlib import resources

from pydantic import BaseModel, ConfigDict, Field

from tilsynwidgets.domain.core.danish_numbers import danish_number
from tilsynwidgets.domain.core.datafiles import load_packaged
from tilsynwidgets.domain.core.errors import DataFileError, Problem
from tilsynwidgets.domain.intensity.plans import IntensityPlan

__all__ = [
    "DEFAULT_RULESET_ID",
    "RULESET",
    "LegalRuleSet",
    "Violation",
    "add_months",
    "available_rulesets",
    "check_plan",
    "default_ruleset",
    "is_overdue",
    "ruleset",
    "visit_due",
]

DEFAULT_RULESET_ID = "socialtilsyn-7-4"

_PACKAGE = "tilsynwidgets"
_FOLDER = "rulesets"


class LegalRuleSet(BaseModel):
    """The legal requirements on intensity in force from ``valid_from``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str = Field(min_length=1)
    version: str = Field(min_length=1)
    valid_from: date
    source: str = Field(min_length=1)
    verified: bool = Field(description="Falsk når reglerne ikke er kontrolleret mod lovteksten.")
    min_visits_per_year: int | None = Field(default=None, ge=0, le=24)
    min_unannounced_per_year: int | None = Field(default=None, ge=0, le=24)
    max_months_between_visits: int | None = Field(default=None, ge=1, le=120)
    notes: str = ""


class Violation(BaseModel):
    """One rule a plan breaks: the rule's field name and a Danish explanation."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    rule: str
    message: str


@cache
def available_rulesets() -> dict[str, LegalRuleSet]:
    """Every rule set shipped in ``data/rulesets``, by id (the file name without ``.yaml``)."""
    folder = resources.files(_PACKAGE).joinpath("data", _FOLDER)
    found: dict[str, LegalRuleSet] = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".yaml"):
            continue
        name = f"{_FOLDER}/{entry.name}"
        rules = load_packaged(LegalRuleSet, name)
        if rules.id != entry.name.removesuffix(".yaml"):
            raise DataFileError(
                name, [Problem("felt id", f"'{rules.id}' skal svare til filnavnet")]
            )
        found[rules.id] = rules
    return found


def ruleset(ruleset_id: str) -> LegalRuleSet:
    """The rule set with this id; ``KeyError`` with a Danish message if unknown."""
    try:
        return available_rulesets()[ruleset_id]
    except KeyError:
        known = ", ".join(sorted(available_rulesets()))
        raise KeyError(f"ukendt regelsæt '{ruleset_id}' (kendte: {known})") from None


RULESET = "ruleset"
"""The key of the legal rule set in a pydantic validation context."""


def default_ruleset() -> LegalRuleSet:
    return ruleset(DEFAULT_RULESET_ID)


def check_plan(plan: IntensityPlan, rules: LegalRuleSet) -> list[Violation]:
    """The rules of ``rules`` that ``plan`` breaks (empty when it complies)."""
    violations: list[Violation] = []
    visits = plan.visits.total_per_year
    unannounced = plan.visits.unannounced_per_year
    name = f"regelsættet '{rules.title}'"
    if rules.min_visits_per_year is not None and visits < rules.min_visits_per_year:
        violations.append(
            Violation(
                rule="min_visits_per_year",
                message=(
                    f"Planen har {visits} tilsynsbesøg om året; "
                    f"{name} kræver mindst {rules.min_visits_per_year}."
                ),
            )
        )
    if rules.min_unannounced_per_year is not None and unannounced < rules.min_unannounced_per_year:
        violations.append(
            Violation(
                rule="min_unannounced_per_year",
                message=(
                    f"Planen har {unannounced} uanmeldte tilsynsbesøg om året; "
                    f"{name} kræver mindst {rules.min_unannounced_per_year}."
                ),
            )
        )
    limit = rules.max_months_between_visits
    if limit is not None and visits * limit < 12:
        # Evenly spread, n visits a year leave 12/n months between them.
        months = danish_number(round(12 / visits, 1)) if visits else ""
        gap = "ingen tilsynsbesøg" if visits == 0 else f"op til {months} måneder mellem besøg"
        violations.append(
            Violation(
                rule="max_months_between_visits",
                message=f"Planen giver {gap}; {name} tillader højst {limit} måneder.",
            )
        )
    return violations


def add_months(start: date, months: int) -> date:
    """The same day ``months`` later, clamped to the month's last day.

    2024-01-15 + 12 = 2025-01-15; 2024-02-29 + 12 = 2025-02-28; 2023-08-31 + 6 = 2024-02-29.
    """
    index = start.year * 12 + (start.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def visit_due(last_visit: date | None, rules: LegalRuleSet) -> date | None:
    """The last day the next visit is on time.

    ``None`` when the rule set sets no maximum interval, or when the unit has never been
    visited (then no date applies: it is due at once, see :func:`is_overdue`).
    """
    limit = rules.max_months_between_visits
    if limit is None or last_visit is None:
        return None
    return add_months(last_visit, limit)


def is_overdue(last_visit: date | None, as_of: date, rules: LegalRuleSet) -> bool:
    """True when ``as_of`` is after the due date; a visit on the due date itself is on time.

    A unit never visited is overdue whenever the rule set has a maximum interval.
    """
    if rules.max_months_between_visits is None:
        return False
    due = visit_due(last_visit, rules)
    return due is None or as_of > due
