"""Versioned legal rule sets for supervision intensity, and checks of plans against them.

The law changes (L 200, "mere risikobaseret socialtilsyn", 2025), so the rules are data in
``data/rulesets/*.yaml``; the seed's rule set is the default. A rule set names the templates
and the quality model version per kind of unit that go with it, so choosing a rule set
chooses all three together. Each rule carries its own basis: where it comes from and
whether the law text was read and cited (``verified``); an unverified rule says so
wherever it is shown.
"""

from __future__ import annotations

import calendar
from datetime import date
from enum import StrEnum
from functools import cache
from importlib import resources

from pydantic import BaseModel, ConfigDict, Field, model_validator

from tilsynwidgets.domain.core.danish_numbers import danish_count, danish_number
from tilsynwidgets.domain.core.datafiles import load_packaged
from tilsynwidgets.domain.core.errors import DataFileError, Problem
from tilsynwidgets.domain.core.kinds import UnitKind
from tilsynwidgets.domain.intensity.dimensions import IntensityPlan

__all__ = [
    "DEFAULT_RULESET_ID",
    "RULESET",
    "UNVERIFIED",
    "LegalRuleSet",
    "RuleBasis",
    "RuleId",
    "TemplatesRef",
    "Violation",
    "add_months",
    "available_rulesets",
    "check_plan",
    "default_ruleset",
    "is_overdue",
    "rule_lines",
    "ruleset",
    "visit_due",
]

DEFAULT_RULESET_ID = "socialtilsyn-7-4"
UNVERIFIED = "uverificeret regel"
"""How an unverified rule is marked wherever it is shown."""

_PACKAGE = "tilsynwidgets"
_FOLDER = "rulesets"


class RuleId(StrEnum):
    """The rules a rule set can state; each is a field of :class:`LegalRuleSet`."""

    MIN_VISITS_PER_YEAR = "min_visits_per_year"
    MIN_UNANNOUNCED_PER_YEAR = "min_unannounced_per_year"
    MAX_MONTHS_BETWEEN_VISITS = "max_months_between_visits"
    ANNOUNCED_NEEDS_REASON = "announced_needs_reason"
    MAX_NOTICE_WEEKS = "max_notice_weeks"


class RuleBasis(BaseModel):
    """Where one rule comes from: its name as people cite it, the source and whether the
    law text itself was read and cited (else it is shown as an unverified rule)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(min_length=1, max_length=200, title="Reglens navn")
    source: str = Field(min_length=1, title="Kilde")
    verified: bool = Field(title="Kontrolleret mod lovteksten")
    note: str = ""


class TemplatesRef(BaseModel):
    """The template file that goes with a rule set, and the version it must hold."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    version: str = Field(min_length=1)
    file: str = Field(pattern=r"^intensity_[a-z0-9._-]+\.yaml$")


class LegalRuleSet(BaseModel):
    """The legal requirements on intensity in force from ``valid_from``.

    A rule that is set (a number, or ``True``) must name its basis under ``rules``; a basis
    may also document a rule that is deliberately not set (e.g. a repealed minimum).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str = Field(min_length=1)
    version: str = Field(min_length=1)
    valid_from: date
    source: str = Field(min_length=1)
    templates: TemplatesRef
    quality_model: dict[UnitKind, str] = Field(title="Kvalitetsmodellens version pr. enhedstype")
    min_visits_per_year: int | None = Field(default=None, ge=0, le=24)
    min_unannounced_per_year: int | None = Field(default=None, ge=0, le=24)
    max_months_between_visits: int | None = Field(default=None, ge=1, le=120)
    announced_needs_reason: bool = False
    max_notice_weeks: int | None = Field(default=None, ge=0, le=52)
    rules: dict[RuleId, RuleBasis] = Field(default_factory=dict)
    notes: str = ""

    @model_validator(mode="after")
    def _complete(self) -> LegalRuleSet:
        missing = [kind.value for kind in UnitKind if kind not in self.quality_model]
        if missing:
            raise ValueError(f"quality_model mangler version for: {', '.join(missing)}")
        unfounded = [rule.value for rule in self.stated() if rule not in self.rules]
        if unfounded:
            raise ValueError(f"rules mangler kilde for: {', '.join(unfounded)}")
        return self

    def stated(self) -> tuple[RuleId, ...]:
        """The rules this set imposes (a number, or ``True``), in declaration order."""
        return tuple(rule for rule in RuleId if getattr(self, rule.value) not in (None, False))

    @property
    def verified(self) -> bool:
        """True only when every rule the set names was checked against the law text."""
        return bool(self.rules) and all(basis.verified for basis in self.rules.values())

    def basis(self, rule: RuleId) -> RuleBasis:
        return self.rules[rule]


class Violation(BaseModel):
    """One rule a plan breaks: the rule, the plan field it concerns and one Danish sentence."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    rule: RuleId
    field: str
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


def _visits(count: int, adjective: str = "") -> str:
    """``0 tilsynsbesøg``, ``1 anmeldt tilsynsbesøg``, ``2 uanmeldte tilsynsbesøg``."""
    if adjective and count != 1:
        adjective += "e"
    words = f"{adjective} tilsynsbesøg" if adjective else "tilsynsbesøg"
    return f"{danish_count(count)} {words}"


def check_plan(plan: IntensityPlan, rules: LegalRuleSet) -> list[Violation]:
    """The rules of ``rules`` that ``plan`` breaks (empty when it complies).

    Each violation is one full Danish sentence naming the rule, marked when unverified:
    "Planen har 0 tilsynsbesøg om året, men reglen «Lov om socialtilsyn § 7, stk. 4»
    kræver mindst 1 besøg om året (uverificeret regel)."
    """
    found: list[Violation] = []
    visits = plan.visits
    total = visits.total_per_year
    least = rules.min_visits_per_year
    if least is not None and total < least:
        rule = RuleId.MIN_VISITS_PER_YEAR
        found.append(
            Violation(
                rule=rule,
                field="visits",
                message=(
                    f"Planen har {_visits(total)} om året, men reglen {_cited(rules, rule)} "
                    f"kræver mindst {danish_count(least)} besøg om året{_mark(rules, rule)}."
                ),
            )
        )
    least = rules.min_unannounced_per_year
    if least is not None and visits.unannounced_per_year < least:
        rule = RuleId.MIN_UNANNOUNCED_PER_YEAR
        found.append(
            Violation(
                rule=rule,
                field="visits.unannounced_per_year",
                message=(
                    f"Planen har {_visits(visits.unannounced_per_year, 'uanmeldt')} om året, "
                    f"men reglen {_cited(rules, rule)} kræver mindst "
                    f"{_visits(least, 'uanmeldt')} om året{_mark(rules, rule)}."
                ),
            )
        )
    limit = rules.max_months_between_visits
    if limit is not None and total * limit < 12:
        # Evenly spread, n visits a year leave 12/n months between them.
        rule = RuleId.MAX_MONTHS_BETWEEN_VISITS
        gap = (
            "ingen tilsynsbesøg"
            if total == 0
            else f"op til {danish_number(round(12 / total, 1))} måneder mellem besøg"
        )
        found.append(
            Violation(
                rule=rule,
                field="visits",
                message=(
                    f"Planen giver {gap}, men reglen {_cited(rules, rule)} tillader højst "
                    f"{danish_count(limit)} måneder mellem besøg{_mark(rules, rule)}."
                ),
            )
        )
    if (
        rules.announced_needs_reason
        and visits.announced_per_year > 0
        and not visits.announced_reason.strip()
    ):
        rule = RuleId.ANNOUNCED_NEEDS_REASON
        found.append(
            Violation(
                rule=rule,
                field="visits.announced_reason",
                message=(
                    f"Planen har {_visits(visits.announced_per_year, 'anmeldt')} om året, men "
                    f"reglen {_cited(rules, rule)} gør besøg uanmeldte, medmindre særlige "
                    f"forhold kræver et anmeldt besøg{_mark(rules, rule)}: skriv de særlige "
                    "forhold her, eller gør besøgene uanmeldte."
                ),
            )
        )
    return found


def _cited(rules: LegalRuleSet, rule: RuleId) -> str:
    return f"«{rules.basis(rule).name}»"


def _mark(rules: LegalRuleSet, rule: RuleId) -> str:
    return "" if rules.basis(rule).verified else f" ({UNVERIFIED})"


def rule_lines(rules: LegalRuleSet) -> list[str]:
    """Each rule the set documents as one Danish line with its name, marked when it is
    unverified; a rule documented but not set (e.g. a repealed minimum) says so."""
    lines: list[str] = []
    for rule, basis in rules.rules.items():
        value = getattr(rules, rule.value)
        unset, stated = _RULE_TEXT[rule]
        if value is None or value is False:
            text = unset
        elif value is True:
            text = stated
        else:
            text = stated.format(danish_count(value))
        mark = "" if basis.verified else f" ({UNVERIFIED})"
        lines.append(f"{text} – {basis.name}{mark}")
    return lines


_RULE_TEXT: dict[RuleId, tuple[str, str]] = {
    # rule: (the text when the set does not impose it, the text when it does)
    RuleId.MIN_VISITS_PER_YEAR: (
        "Intet krav om et mindste antal tilsynsbesøg om året",
        "Mindst {} tilsynsbesøg om året",
    ),
    RuleId.MIN_UNANNOUNCED_PER_YEAR: (
        "Intet krav om et mindste antal uanmeldte besøg om året",
        "Uanmeldte tilsynsbesøg om året: mindst {}",
    ),
    RuleId.MAX_MONTHS_BETWEEN_VISITS: (
        "Intet største interval mellem tilsynsbesøg",
        "Højst {} måneder mellem tilsynsbesøg",
    ),
    RuleId.ANNOUNCED_NEEDS_REASON: (
        "Anmeldte og uanmeldte besøg kræver ingen særlig begrundelse",
        "Tilsynsbesøg er uanmeldte, medmindre særlige forhold kræver et anmeldt besøg",
    ),
    RuleId.MAX_NOTICE_WEEKS: (
        "Ingen grænse for, hvor længe før et anmeldt besøg varsles",
        "Et anmeldt besøg varsles højst {} uger før",
    ),
}


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
