"""One piece of information about a unit (*oplysning*), as an append-only record.

A record says what kind of information it is, the date it concerns and the date the
socialtilsyn received it, where it came from, a short description and the values its kind
carries, and who registered it when. A correction or a withdrawal is a new record that
``replaces`` the old one (a withdrawal replaces it with nothing); the old record stays.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from tilsynwidgets.domain.core.context import given_in
from tilsynwidgets.domain.core.danish_numbers import danish_number
from tilsynwidgets.domain.core.fields import AwareDatetime, MultiLineText, NonBlank
from tilsynwidgets.domain.core.local_time import in_danish_time
from tilsynwidgets.domain.core.signals import signal_catalogue
from tilsynwidgets.domain.core.units import UnitId
from tilsynwidgets.domain.information.kinds import (
    InformationKind,
    InformationKinds,
    Origin,
    ValueType,
    information_kinds,
)

__all__ = [
    "INFORMATION_KINDS",
    "VALUE_FIELDS",
    "Information",
    "InformationRecord",
    "InformationValues",
    "effective_records",
    "kinds_context",
]

INFORMATION_KINDS = "information_kinds"
"""The key of the information kinds in a pydantic validation context."""


def kinds_context(kinds: InformationKinds) -> dict[str, InformationKinds]:
    return {INFORMATION_KINDS: kinds}


def _kinds_in(info: ValidationInfo) -> InformationKinds:
    return given_in(info, INFORMATION_KINDS, InformationKinds, information_kinds)


class InformationValues(BaseModel):
    """The values a record may carry; which ones a kind has is in the kinds file."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    antal: int | None = Field(default=None, title="Antal")
    periode_start: date | None = Field(default=None, title="Periodens start")
    personaleomsaetning_pct: float | None = Field(default=None, title="Personalegennemstrømning")
    sygefravaer_pct: float | None = Field(default=None, title="Sygefravær")
    afviger: bool | None = Field(default=None, title="Nøgletallene afviger markant")
    laveste_temascore: float | None = Field(default=None, title="Laveste temascore")
    slut: date | None = Field(default=None, title="Slutdato")
    frist: date | None = Field(default=None, title="Frist")
    efterkommet: date | None = Field(default=None, title="Efterkommet den")
    signal: str | None = Field(default=None, title="Risikosignal")
    vaerdi: float | None = Field(default=None, title="Værdi")

    def given(self) -> dict[str, Any]:
        return {key: value for key, value in self if value is not None}


VALUE_FIELDS: tuple[str, ...] = tuple(InformationValues.model_fields)
"""Every value a record can carry, in the order of :class:`InformationValues`."""


class Information(BaseModel):
    """One piece of information about one unit. Validated against the information kinds in
    the validation context (``context=kinds_context(kinds)``), else the packaged ones."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    unit_id: UnitId
    kind: str = Field(title="Slags oplysning")
    concerns_on: date = Field(
        title="Vedrører dato",
        description="Den dag, oplysningen handler om (for en periode: dens sidste dag).",
    )
    received_on: date = Field(title="Modtaget", description="Den dag, socialtilsynet fik den.")
    origin: Origin = Field(title="Kilde")
    description: MultiLineText = Field(min_length=1, max_length=2000, title="Beskrivelse")
    values: InformationValues = Field(
        default_factory=InformationValues, validate_default=True, title="Værdier"
    )
    registered_by: NonBlank = Field(min_length=1, max_length=120, title="Registreret af")
    registered_at: AwareDatetime = Field(title="Registreret")
    replaces: int | None = Field(
        default=None,
        ge=1,
        title="Retter",
        description="Den post, denne retter eller trækker tilbage.",
    )
    withdrawn: bool = Field(default=False, title="Trukket tilbage")

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, value: str, info: ValidationInfo) -> str:
        kinds = _kinds_in(info)
        if value not in kinds:
            raise ValueError(f"ukendt slags oplysning '{value}'")
        return value

    @field_validator("received_on")
    @classmethod
    def _received_after_concerned(cls, value: date, info: ValidationInfo) -> date:
        concerns = info.data.get("concerns_on")
        if concerns is not None and concerns > value:
            raise ValueError("datoen, oplysningen vedrører, kan ikke ligge efter modtagelsesdatoen")
        return value

    @field_validator("description")
    @classmethod
    def _described(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("skriv en kort beskrivelse")
        return value.strip()

    @field_validator("values")
    @classmethod
    def _values_fit_kind(cls, value: InformationValues, info: ValidationInfo) -> InformationValues:
        key = info.data.get("kind")
        kinds = _kinds_in(info)
        if key is None or key not in kinds:
            return value
        check_values(value, kinds.get(key), kinds, info.data.get("concerns_on"))
        return value

    @field_validator("registered_at")
    @classmethod
    def _not_received_later(cls, value: Any, info: ValidationInfo) -> Any:
        received = info.data.get("received_on")
        if received is not None and received > in_danish_time(value).date():
            raise ValueError("oplysningen kan ikke være modtaget efter, den blev registreret")
        return value

    @field_validator("withdrawn")
    @classmethod
    def _withdraws_something(cls, value: bool, info: ValidationInfo) -> bool:
        if value and info.data.get("replaces") is None:
            raise ValueError("en tilbagetrækning skal pege på den post, den trækker tilbage")
        return value


def check_values(
    values: InformationValues,
    kind: InformationKind,
    kinds: InformationKinds,
    concerns_on: date | None,
) -> None:
    """Raise a Danish ``ValueError`` unless ``values`` are exactly what ``kind`` carries."""
    given = values.given()
    problems: list[str] = []
    for key in given:
        if key not in kind.values:
            problems.append(f"«{kinds.values[key].label}» hører ikke til en {kind.label.lower()}")
    for key in kind.required():
        if key not in given:
            problems.append(f"«{kinds.values[key].label}» skal udfyldes")
    for key, found in given.items():
        if key not in kind.values:
            continue
        spec = kinds.values[key]
        low, high = spec.minimum, spec.maximum
        numeric = low is not None and high is not None and not isinstance(found, bool)
        if numeric and not low <= found <= high:
            problems.append(
                f"«{spec.label}» skal ligge mellem {danish_number(low or 0)} og "
                f"{danish_number(high or 0)}"
            )
        if spec.type is ValueType.DATE and concerns_on is not None:
            problems.extend(_date_problem(key, found, concerns_on, kind, spec.label))
        if spec.type is ValueType.SIGNAL:
            problems.extend(_signal_problem(found, values.vaerdi))
    if problems:
        raise ValueError("; ".join(problems))


def _date_problem(
    key: str, found: date, concerns_on: date, kind: InformationKind, label: str
) -> list[str]:
    if key == "periode_start":
        if found >= concerns_on:
            return [f"«{label}» skal ligge før periodens sidste dag"]
        return []
    if found < concerns_on:
        return [f"«{label}» kan ikke ligge før datoen, oplysningen vedrører"]
    if kind.max_days is not None and found - concerns_on > timedelta(days=kind.max_days):
        return [f"«{label}» ligger mere end {kind.max_days} dage efter start (højst 6 måneder)"]
    return []


def _signal_problem(key: str, value: float | None) -> list[str]:
    catalogue = signal_catalogue()
    if key not in catalogue:
        return [f"ukendt risikosignal '{key}'"]
    if value is None:
        return []
    signal = catalogue.get(key)
    if signal.minimum is None or signal.maximum is None:
        return [] if value in (0, 1) else [f"«{signal.label}» skal være 0 (nej) eller 1 (ja)"]
    if not signal.minimum <= value <= signal.maximum:
        return [
            f"«{signal.label}» ligger uden for {danish_number(signal.minimum)}–"
            f"{danish_number(signal.maximum)}"
        ]
    return []


@dataclass(frozen=True)
class InformationRecord:
    """A stored record: its row id and the information."""

    id: int
    information: Information


def effective_records(records: list[InformationRecord], on: date) -> list[InformationRecord]:
    """The records that hold as of the end of ``on``: received by then, not replaced by a
    correction or withdrawal received by then, and not themselves withdrawals."""
    known = [r for r in records if r.information.received_on <= on]
    replaced = {r.information.replaces for r in known if r.information.replaces is not None}
    return [r for r in known if r.id not in replaced and not r.information.withdrawn]
