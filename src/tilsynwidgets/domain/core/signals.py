"""The risk signals the socialtilsyn holds about a unit, as a validated data catalogue.

The catalogue reaches the models that check signals (a unit, a criterion, the sample
profile) through pydantic's validation context, ``context=signals_context(catalogue)``, and
the functions that need it as a ``signals`` parameter. Given neither, they use the packaged
catalogue, :func:`signal_catalogue` (for functions through :func:`given_or_packaged`, for
validators through :func:`~tilsynwidgets.domain.core.context.given_in`).
"""

from __future__ import annotations

import math
from enum import StrEnum
from functools import cache

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, model_validator

from tilsynwidgets.domain.core.context import given_in
from tilsynwidgets.domain.core.danish_numbers import danish_number
from tilsynwidgets.domain.core.datafiles import load_packaged
from tilsynwidgets.domain.core.fields import duplicated
from tilsynwidgets.domain.core.kinds import UnitKind

__all__ = [
    "SIGNALS",
    "Signal",
    "SignalCatalogue",
    "SignalKind",
    "SignalRule",
    "SignalSource",
    "SignalValue",
    "given_or_packaged",
    "signal_catalogue",
    "signals_context",
    "signals_in",
]

SignalValue = bool | float


class SignalKind(StrEnum):
    COUNT = "count"
    PERCENT = "percent"
    SCORE = "score"
    FLAG = "flag"


class SignalRule(StrEnum):
    """How a signal is computed from the dated information about a unit (``signals.yaml``)."""

    SUM = "sum"
    ANY = "any"
    ACTIVE = "active"
    LATEST = "latest"


class SignalSource(BaseModel):
    """Which information kinds a signal is computed from, how, and over which window.

    The kinds are keys of the information kinds file; that they exist is checked where both
    catalogues meet (:func:`tilsynwidgets.domain.information.as_of.check_sources`).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    kinds: tuple[str, ...] = Field(min_length=1)
    rule: SignalRule
    field: str | None = None
    window_days: int = Field(ge=1, le=3660)
    known_from: tuple[str, ...] = ()
    until: str | None = None
    until_inclusive: bool = True

    @model_validator(mode="after")
    def _complete(self) -> SignalSource:
        if self.rule is SignalRule.LATEST and (self.field is None or self.known_from):
            raise ValueError("«latest» skal have et felt og kan ikke kendes fra andre slags")
        if self.rule is SignalRule.ACTIVE and self.until is None:
            raise ValueError("«active» skal have et felt, der afslutter den («until»)")
        return self


class Signal(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    key: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: str = Field(min_length=1)
    description: str = Field(min_length=1)
    kind: SignalKind
    applies_to: tuple[UnitKind, ...] = Field(min_length=1)
    minimum: float | None = None
    maximum: float | None = None
    source: SignalSource | None = Field(
        default=None, description="Hvordan signalet beregnes af oplysningerne om enheden."
    )

    @model_validator(mode="after")
    def _range(self) -> Signal:
        if self.kind is SignalKind.FLAG and (self.minimum is not None or self.maximum is not None):
            raise ValueError("et flag har ingen minimum eller maksimum")
        if self.kind is not SignalKind.FLAG and (self.minimum is None or self.maximum is None):
            raise ValueError("et talsignal skal have minimum og maksimum")
        if self.minimum is not None and self.maximum is not None and self.minimum > self.maximum:
            raise ValueError("minimum er større end maksimum")
        return self


class SignalCatalogue(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    version: str = Field(min_length=1)
    signals: tuple[Signal, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> SignalCatalogue:
        keys = [signal.key for signal in self.signals]
        duplicates = duplicated(keys)
        if duplicates:
            raise ValueError(f"signalet findes flere gange: {', '.join(duplicates)}")
        return self

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(signal.key for signal in self.signals)

    def get(self, key: str) -> Signal:
        for signal in self.signals:
            if signal.key == key:
                return signal
        raise KeyError(key)

    def __contains__(self, key: object) -> bool:
        return any(signal.key == key for signal in self.signals)

    def check_value(self, key: str, value: SignalValue, kind: UnitKind) -> None:
        """Raise ``ValueError`` (Danish) unless ``value`` is valid for signal ``key``."""
        if key not in self:
            raise ValueError(f"ukendt risikosignal '{key}'")
        signal = self.get(key)
        if kind not in signal.applies_to:
            raise ValueError(f"signalet '{signal.label}' gælder ikke for en {kind.value}")
        if signal.kind is SignalKind.FLAG:
            if not isinstance(value, bool):
                raise ValueError(f"signalet '{signal.label}' skal være ja eller nej")
            return
        if isinstance(value, bool) or not math.isfinite(value):
            raise ValueError(f"signalet '{signal.label}' skal være et tal")
        low, high = signal.minimum, signal.maximum
        assert low is not None  # guaranteed by Signal._range
        assert high is not None
        if not low <= value <= high:
            raise ValueError(
                f"signalet '{signal.label}' skal ligge mellem {danish_number(low)} og "
                f"{danish_number(high)} (fik {danish_number(value)})"
            )


@cache
def signal_catalogue() -> SignalCatalogue:
    """The signal catalogue shipped with the package (``data/signals.yaml``)."""
    return load_packaged(SignalCatalogue, "signals.yaml")


SIGNALS = "signals"
"""The key of the signal catalogue in a pydantic validation context."""


def given_or_packaged(signals: SignalCatalogue | None) -> SignalCatalogue:
    """``signals`` when given, else the packaged catalogue: the one place that falls back."""
    return signal_catalogue() if signals is None else signals


def signals_context(signals: SignalCatalogue) -> dict[str, SignalCatalogue]:
    """A validation context that checks signals against ``signals``, e.g.
    ``Unit.model_validate(data, context=signals_context(catalogue))``."""
    return {SIGNALS: signals}


def signals_in(info: ValidationInfo) -> SignalCatalogue:
    """The catalogue a validator checks against: the validation context's, else the packaged."""
    return given_in(info, SIGNALS, SignalCatalogue, signal_catalogue)
