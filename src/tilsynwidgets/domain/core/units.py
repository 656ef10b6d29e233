"""Supervised units: tilbud (care providers) and plejefamilier (foster families)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, model_validator

from tilsynwidgets.domain.core.fields import NonBlank
from tilsynwidgets.domain.core.kinds import UnitKind
from tilsynwidgets.domain.core.signals import SignalValue, signals_in

__all__ = ["Socialtilsyn", "Unit", "UnitKind", "UnitType"]


class Socialtilsyn(StrEnum):
    """The five regional socialtilsyn (host municipality in the labels file)."""

    HOVEDSTADEN = "hovedstaden"
    OEST = "oest"
    SYD = "syd"
    MIDT = "midt"
    NORD = "nord"


class UnitType(StrEnum):
    """Tilbud types and plejefamilie kinds; legal basis and Danish names live in the labels file."""

    BOERN_DOEGN = "boern_doegn"
    VOKSNE_BOTILBUD = "voksne_botilbud"
    STOFMISBRUG = "stofmisbrug"
    BOTILBUDSLIGNENDE = "botilbudslignende"
    ALKOHOLBEHANDLING = "alkoholbehandling"
    PLEJEFAMILIE_ALMEN = "plejefamilie_almen"
    PLEJEFAMILIE_FORSTAERKET = "plejefamilie_forstaerket"
    PLEJEFAMILIE_SPECIALISERET = "plejefamilie_specialiseret"

    @property
    def kind(self) -> UnitKind:
        if self.value.startswith("plejefamilie_"):
            return UnitKind.PLEJEFAMILIE
        return UnitKind.TILBUD


UnitId = Annotated[
    str,
    Field(
        pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$",
        title="Id",
        description="Enhedens id (bogstaver, tal, - og _; højst 32 tegn).",
    ),
]


class Unit(BaseModel):
    """A tilbud or plejefamilie with what the socialtilsyn knows about it.

    Its signals are checked against the catalogue in the validation context
    (``Unit.model_validate(data, context=signals_context(catalogue))``), else the packaged one.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: UnitId
    name: NonBlank = Field(min_length=1, max_length=200, title="Navn")
    unit_type: UnitType = Field(title="Type")
    socialtilsyn: Socialtilsyn = Field(title="Socialtilsyn")
    team: NonBlank = Field(min_length=1, max_length=80, title="Team")
    capacity: int = Field(
        ge=1,
        le=1000,
        title="Kapacitet",
        description="Antal pladser (tilbud) eller børn (plejefamilie).",
    )
    last_announced_visit: date | None = Field(default=None, title="Seneste anmeldte tilsynsbesøg")
    last_unannounced_visit: date | None = Field(
        default=None, title="Seneste uanmeldte tilsynsbesøg"
    )
    signals: dict[str, SignalValue] = Field(default_factory=dict, title="Risikosignaler")

    @model_validator(mode="after")
    def _signals_fit_catalogue(self, info: ValidationInfo) -> Unit:
        catalogue = signals_in(info)
        for key, value in self.signals.items():
            catalogue.check_value(key, value, self.kind)
        return self

    @property
    def kind(self) -> UnitKind:
        return self.unit_type.kind

    @property
    def last_visit(self) -> date | None:
        """The most recent visit of either kind."""
        visits = [d for d in (self.last_announced_visit, self.last_unannounced_visit) if d]
        return max(visits) if visits else None
