"""The risk criteria catalogue and the suggested colour for one unit.

A criterion compares one signal with a threshold, or tests a flag. The operators form a
closed set, so a catalogue is data only: nothing in it is ever evaluated as code. A threshold
lies within its signal's range (``signals.yaml``), and an explanation names its threshold
with the placeholder ``{tærskel}``, filled where it is read (:func:`explanation_text`), so it
follows the threshold when that is edited.
"""

from __future__ import annotations

import math
import operator as op
import re
from collections.abc import Callable, Mapping
from enum import StrEnum
from functools import cache

import numpy as np
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from tilsynwidgets.domain.core.categories import RiskCategory
from tilsynwidgets.domain.core.danish_numbers import danish_number
from tilsynwidgets.domain.core.datafiles import load_packaged
from tilsynwidgets.domain.core.fields import MultiLineText, SingleLineText, duplicated
from tilsynwidgets.domain.core.kinds import UnitKind
from tilsynwidgets.domain.core.signals import (
    Signal,
    SignalCatalogue,
    SignalKind,
    SignalValue,
    given_or_packaged,
    signals_in,
)
from tilsynwidgets.domain.core.units import Unit
from tilsynwidgets.domain.risk.aggregation import aggregate_counts, known_needed
from tilsynwidgets.domain.risk.assessment import Reason, Suggestion

__all__ = [
    "AS_SAVED",
    "THRESHOLD_PLACEHOLDER",
    "AggregationRule",
    "CriteriaCatalogue",
    "Criterion",
    "Operator",
    "aggregate",
    "applicable_signals",
    "default_catalogue",
    "explanation_text",
    "fires",
    "suggest_category",
    "suggest_for",
    "suggestion_from",
    "threshold_problem",
]

THRESHOLD_PLACEHOLDER = "{tærskel}"
"""Stands for the criterion's threshold in its explanation: ``{tærskel} eller flere klager``
reads ``3 eller flere klager`` with threshold 3 (:func:`explanation_text`)."""

AS_SAVED = "as_saved"
"""The key of a pydantic validation context that reads criteria as they were saved: with
``True``, a threshold outside its signal's range and an explanation's unknown placeholder,
which no new or edited criterion may have, are kept (a saved version is history, and must
read as it was saved; :class:`~tilsynwidgets.domain.workshop.versions.CatalogueVersion`)."""

_PLACEHOLDERS = re.compile(r"\{[^{}]*\}")


class Operator(StrEnum):
    GT = "gt"
    GE = "ge"
    LT = "lt"
    LE = "le"
    EQ = "eq"
    FLAG = "flag"

    @property
    def symbol(self) -> str:
        return _SYMBOLS[self]


_SYMBOLS = {
    Operator.GT: ">",
    Operator.GE: "≥",
    Operator.LT: "<",
    Operator.LE: "≤",
    Operator.EQ: "=",
    Operator.FLAG: "er sat",
}

COMPARISONS: dict[Operator, Callable[[float, float], bool]] = {
    Operator.GT: op.gt,
    Operator.GE: op.ge,
    Operator.LT: op.lt,
    Operator.LE: op.le,
    Operator.EQ: op.eq,
}


class Criterion(BaseModel):
    """One risk criterion: a signal, a condition, the colour it points to and why.

    Its signal is checked against the catalogue in the validation context (also when a whole
    :class:`CriteriaCatalogue` is validated with it), else the packaged one.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[a-z][a-z0-9_]{0,63}$", title="Id")
    signal: str = Field(title="Signal")
    operator: Operator = Field(title="Betingelse")
    threshold: float | None = Field(default=None, title="Tærskel", allow_inf_nan=False)
    points_to: RiskCategory = Field(
        title="Peger på", json_schema_extra={"choices": ["gul", "roed"]}
    )
    explanation: MultiLineText = Field(
        min_length=5,
        max_length=500,
        title="Forklaring",
        description=(
            f"Skriv {THRESHOLD_PLACEHOLDER}, hvor tærsklen skal stå, så følger forklaringen "
            f"tærsklen: «{THRESHOLD_PLACEHOLDER} eller flere klager det seneste år»."
        ),
    )

    @field_validator("threshold")
    @classmethod
    def _in_range(cls, value: float | None, info: ValidationInfo) -> float | None:
        signals = signals_in(info)
        key = info.data.get("signal")
        if value is None or _as_saved(info) or not isinstance(key, str) or key not in signals:
            return value  # an unknown signal is named by _coherent
        problem = threshold_problem(signals.get(key), value)
        if problem is not None:
            raise ValueError(problem)
        return value

    @field_validator("explanation")
    @classmethod
    def _placeholders(cls, value: str, info: ValidationInfo) -> str:
        if _as_saved(info):
            return value
        unknown = [p for p in _PLACEHOLDERS.findall(value) if p != THRESHOLD_PLACEHOLDER]
        if unknown:
            raise ValueError(
                f"{unknown[0]} er ikke en pladsholder; kun {THRESHOLD_PLACEHOLDER} kan bruges "
                "(for tærsklen)"
            )
        if THRESHOLD_PLACEHOLDER in value and info.data.get("operator") is Operator.FLAG:
            raise ValueError(
                f"et ja/nej-kriterium har ingen tærskel, så {THRESHOLD_PLACEHOLDER} kan ikke "
                "bruges i forklaringen"
            )
        return value

    @model_validator(mode="after")
    def _coherent(self, info: ValidationInfo) -> Criterion:
        signals = signals_in(info)
        if self.signal not in signals:
            raise ValueError(f"ukendt signal '{self.signal}'")
        is_flag = signals.get(self.signal).kind is SignalKind.FLAG
        if is_flag != (self.operator is Operator.FLAG):
            flag = f"«{Operator.FLAG.symbol}»"
            raise ValueError(
                f"et ja/nej-signal skal bruge betingelsen {flag}"
                if is_flag
                else f"betingelsen {flag} kan kun bruges på et ja/nej-signal"
            )
        if self.operator is Operator.FLAG and self.threshold is not None:
            raise ValueError("et flag har ingen tærskel")
        if self.operator is not Operator.FLAG and self.threshold is None:
            raise ValueError("en sammenligning skal have en tærskel")
        if self.points_to is RiskCategory.GROEN:
            raise ValueError("et kriterium skal pege på gul eller rød")
        return self

    def describe(self, signals: SignalCatalogue | None = None) -> str:
        """The condition in Danish, e.g. 'Klager ≥ 3', with the label ``signals`` (by default
        the packaged catalogue) gives the signal."""
        label = given_or_packaged(signals).get(self.signal).label
        if self.operator is Operator.FLAG:
            return f"{label} {self.operator.symbol}"
        return f"{label} {self.operator.symbol} {danish_number(float(self.threshold or 0))}"


def _as_saved(info: ValidationInfo) -> bool:
    context = info.context
    return isinstance(context, Mapping) and context.get(AS_SAVED) is True


def threshold_problem(signal: Signal, threshold: float) -> str | None:
    """Why ``threshold`` cannot be a threshold for ``signal`` (Danish), or ``None``: it lies
    outside the values the signal can take (``signals.yaml``: minimum and maximum)."""
    low, high = signal.minimum, signal.maximum
    if low is None or high is None or low <= threshold <= high:
        return None
    return (
        f"{signal.label} kan kun være mellem {danish_number(low)} og {danish_number(high)}, "
        f"så tærsklen skal ligge der (ikke {danish_number(threshold)})"
    )


def explanation_text(criterion: Criterion) -> str:
    """The explanation as people read it: :data:`THRESHOLD_PLACEHOLDER` replaced by the
    threshold as a Dane writes it (``3``, ``2,5``). The one place it is filled."""
    if THRESHOLD_PLACEHOLDER not in criterion.explanation:
        return criterion.explanation
    shown = "–" if criterion.threshold is None else danish_number(criterion.threshold)
    return criterion.explanation.replace(THRESHOLD_PLACEHOLDER, shown)


class AggregationRule(BaseModel):
    """How the criteria that fire become one suggested colour.

    The highest colour among them wins; with ``escalate_after_gul`` set, that many gul
    criteria firing together suggest rød; with none firing, the suggestion is grøn — but only
    when at least ``min_known_percent`` of the risk signals that apply to the unit's kind
    are known (and always at least one): otherwise there is no colour suggestion, only a
    request for the missing information (:func:`~tilsynwidgets.domain.risk.aggregation.
    known_needed`). A catalogue saved before the rule existed reads with 0: then only a unit
    of which nothing is known gets no suggestion.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    escalate_after_gul: int | None = Field(
        default=3, ge=2, le=50, title="Antal gule kriterier, der giver rød"
    )
    min_known_percent: int = Field(
        default=0, ge=0, le=100, title="Mindst kendte risikosignaler (%)"
    )

    def unknown_rule_text(self) -> str:
        """The rule for unknown signals in one Danish sentence."""
        if self.min_known_percent == 0:
            return "Kataloget foreslår en farve, når mindst ét risikosignal er kendt."
        return (
            f"Kataloget foreslår kun en farve, når mindst {self.min_known_percent} % af "
            "de risikosignaler, der gælder for enhedens type, er kendte."
        )


class CriteriaCatalogue(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    version: str = Field(min_length=1, max_length=64, title="Version")
    title: SingleLineText = Field(min_length=1, title="Titel")
    description: MultiLineText = Field(default="", title="Beskrivelse")
    illustrative: bool = Field(
        default=False,
        title="Illustrativt katalog",
        description="Tærsklerne er et eksempel og ikke fastsat af Social- og Boligstyrelsen.",
    )
    aggregation: AggregationRule = Field(default_factory=AggregationRule, title="Sammenvejning")
    criteria: tuple[Criterion, ...] = Field(default=(), title="Kriterier")

    @model_validator(mode="after")
    def _unique_ids(self) -> CriteriaCatalogue:
        ids = [criterion.id for criterion in self.criteria]
        duplicates = duplicated(ids)
        if duplicates:
            raise ValueError(f"kriteriets id findes flere gange: {', '.join(duplicates)}")
        return self


def fires(criterion: Criterion, value: SignalValue | None) -> bool:
    """Whether ``criterion`` fires for one signal value; an unknown value never fires."""
    if value is None:
        return False
    if criterion.operator is Operator.FLAG:
        return bool(value is True or value == 1.0)
    number = float(value)
    if math.isnan(number):
        return False
    assert criterion.threshold is not None  # guaranteed by Criterion._coherent
    return COMPARISONS[criterion.operator](number, criterion.threshold)


def aggregate(fired: list[Criterion], rule: AggregationRule) -> tuple[RiskCategory, bool]:
    """The suggested colour for the criteria that fired, and whether gul escalated to rød
    (the rule itself is :func:`tilsynwidgets.domain.risk.aggregation.aggregate_counts`)."""
    roed = sum(1 for c in fired if c.points_to is RiskCategory.ROED)
    gul = sum(1 for c in fired if c.points_to is RiskCategory.GUL)
    ranks, escalated = aggregate_counts(np.array([roed]), np.array([gul]), rule.escalate_after_gul)
    return RiskCategory.from_rank(int(ranks[0])), bool(escalated[0])


def applicable_signals(kind: UnitKind, signals: SignalCatalogue | None = None) -> tuple[str, ...]:
    """The keys of the risk signals that apply to ``kind``, in catalogue order (``signals``,
    by default the packaged catalogue)."""
    return tuple(s.key for s in given_or_packaged(signals).signals if kind in s.applies_to)


def suggest_category(
    signals: Mapping[str, SignalValue | None],
    catalogue: CriteriaCatalogue,
    kind: UnitKind,
    *,
    signal_specs: SignalCatalogue | None = None,
) -> Suggestion:
    """Suggest a colour for one unit of ``kind`` from its signals, with the reasons in Danish.

    A suggestion supports the supervisor's judgement; it never decides. A signal that applies
    to ``kind`` (in ``signal_specs``, by default the packaged catalogue) and has no value is
    unknown; with too few known (the catalogue's :class:`AggregationRule`) there is no colour.
    """
    fired = [c for c in catalogue.criteria if fires(c, signals.get(c.signal))]
    applicable = applicable_signals(kind, signal_specs)
    unknown = tuple(key for key in applicable if _unknown(signals.get(key)))
    return suggestion_from(fired, signals, catalogue, unknown, len(applicable))


def suggest_for(unit: Unit, catalogue: CriteriaCatalogue) -> Suggestion:
    """:func:`suggest_category` for a unit, from its own signals and kind."""
    return suggest_category(unit.signals, catalogue, unit.kind)


def _unknown(value: SignalValue | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def suggestion_from(
    fired: list[Criterion],
    signals: Mapping[str, SignalValue | None],
    catalogue: CriteriaCatalogue,
    unknown: tuple[str, ...],
    applicable: int,
) -> Suggestion:
    """The suggestion for criteria known to have fired, given which of the ``applicable``
    signals are unknown: colour (None with too little known), escalation and reasons."""
    rule = catalogue.aggregation
    needed = known_needed(applicable, rule.min_known_percent)
    category, escalated = aggregate(fired, rule)
    enough = applicable - len(unknown) >= needed
    reasons = tuple(
        Reason(
            criterion_id=c.id,
            points_to=c.points_to,
            explanation=explanation_text(c),
            observed=signals.get(c.signal),
        )
        for c in sorted(fired, key=lambda c: -c.points_to.rank)
    )
    return Suggestion(
        category=category if enough else None,
        reasons=reasons,
        catalogue_version=catalogue.version,
        catalogue_title=catalogue.title,
        illustrative=catalogue.illustrative,
        escalated=escalated and enough,
        unknown_signals=unknown,
        applicable_signals=applicable,
        known_needed=needed,
    )


@cache
def default_catalogue() -> CriteriaCatalogue:
    """The criteria catalogue shipped with the package (``data/criteria.yaml``)."""
    return load_packaged(CriteriaCatalogue, "criteria.yaml")
