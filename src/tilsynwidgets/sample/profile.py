"""The validated profile the synthetic portfolio is drawn from (``data/sample_profile.yaml``)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from functools import cache
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, model_validator

from tilsynwidgets.domain.core.categories import RiskCategory
from tilsynwidgets.domain.core.datafiles import load_packaged
from tilsynwidgets.domain.core.kinds import UnitKind
from tilsynwidgets.domain.core.signals import signals_in
from tilsynwidgets.domain.core.units import Socialtilsyn, UnitType

__all__ = [
    "SampleHistory",
    "SampleNames",
    "SampleProfile",
    "SampleTexts",
    "SignalDistribution",
    "sample_profile",
]

Triple = tuple[float, float, float]


class SignalDistribution(BaseModel):
    """One of: Poisson means, Bernoulli probabilities or normal (mean, sd), per latent colour."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    poisson: Triple | None = None
    bernoulli: Triple | None = None
    normal: tuple[tuple[float, float], tuple[float, float], tuple[float, float]] | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> SignalDistribution:
        given = [d for d in (self.poisson, self.bernoulli, self.normal) if d is not None]
        if len(given) != 1:
            raise ValueError("angiv præcis én fordeling: poisson, bernoulli eller normal")
        return self


def _shares_sum_to_one(shares: Mapping[Any, float], name: str) -> None:
    if not math.isclose(sum(shares.values()), 1.0, abs_tol=1e-6):
        raise ValueError(f"andelene i {name} skal summere til 1")


class SampleNames(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    tilbud_prefix: dict[UnitType, tuple[str, ...]]
    places: tuple[str, ...] = Field(min_length=1)
    surnames: tuple[str, ...] = Field(min_length=1)
    towns: dict[Socialtilsyn, tuple[str, ...]]


class SampleHistory(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    cycles: int = Field(ge=1, le=10)
    prae_judgement_shift: float = Field(ge=0, le=1)
    post_movement: float = Field(ge=0, le=1)
    plan_varied_share_by_team: tuple[float, ...] = Field(min_length=1)
    measure_in_place: dict[RiskCategory, float]
    quality_mean: tuple[float, float, float]
    inspectors_per_team: int = Field(ge=1, le=50)


class SampleTexts(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    justification: dict[RiskCategory, tuple[str, ...]]
    deviation: tuple[str, ...] = Field(min_length=1)
    plan_unchanged: tuple[str, ...] = Field(min_length=1)
    checklist_missing_note: tuple[str, ...] = Field(min_length=1)


class SampleProfile(BaseModel):
    """The shares and distributions the sample is drawn from; its signals are checked against
    the catalogue in the validation context, else the packaged one."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    version: str
    n_tilbud: int = Field(ge=0, le=1_000_000)
    n_plejefamilier: int = Field(ge=0, le=1_000_000)
    latent_shares: dict[RiskCategory, float]
    socialtilsyn_shares: dict[Socialtilsyn, float]
    tilbud_type_shares: dict[UnitType, float]
    plejefamilie_type_shares: dict[UnitType, float]
    capacity: dict[UnitType, tuple[int, int]]
    teams: dict[UnitKind, tuple[str, ...]]
    signals: dict[str, SignalDistribution]
    unknown_share: float = Field(ge=0, lt=1)
    names: SampleNames
    history: SampleHistory
    texts: SampleTexts

    @model_validator(mode="after")
    def _coherent(self, info: ValidationInfo) -> SampleProfile:
        _shares_sum_to_one(self.latent_shares, "latent_shares")
        _shares_sum_to_one(self.socialtilsyn_shares, "socialtilsyn_shares")
        _shares_sum_to_one(self.tilbud_type_shares, "tilbud_type_shares")
        _shares_sum_to_one(self.plejefamilie_type_shares, "plejefamilie_type_shares")
        if any(t.kind is not UnitKind.TILBUD for t in self.tilbud_type_shares):
            raise ValueError("tilbud_type_shares må kun indeholde tilbudstyper")
        if any(t.kind is not UnitKind.PLEJEFAMILIE for t in self.plejefamilie_type_shares):
            raise ValueError("plejefamilie_type_shares må kun indeholde plejefamilietyper")
        missing = [t.value for t in UnitType if t not in self.capacity]
        if missing:
            raise ValueError(f"kapacitet mangler for: {', '.join(missing)}")
        catalogue = signals_in(info)
        unknown = [key for key in self.signals if key not in catalogue]
        if unknown:
            raise ValueError(f"ukendte signaler: {', '.join(unknown)}")
        return self


@cache
def sample_profile() -> SampleProfile:
    return load_packaged(SampleProfile, "sample_profile.yaml")
