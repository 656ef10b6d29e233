"""The validated profile the synthetic portfolio is drawn from (``data/sample_profile.yaml``)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from functools import cache
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from tilsynwidgets.domain.core.categories import RiskCategory
from tilsynwidgets.domain.core.datafiles import load_packaged
from tilsynwidgets.domain.core.kinds import UnitKind
from tilsynwidgets.domain.core.units import Socialtilsyn, UnitType
from tilsynwidgets.domain.information.kinds import information_kinds
from tilsynwidgets.domain.risk.assessment import InformationSource
from tilsynwidgets.sample.information_profile import DayRange, InformationProfile

__all__ = [
    "NewInformationTexts",
    "SampleHistory",
    "SampleNames",
    "SampleProfile",
    "SampleTexts",
    "sample_profile",
]


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
    season_jitter_days: int = Field(ge=0, le=120)
    visit_after_prae_days: DayRange
    quality_after_visit_days: DayRange
    prae_judgement_shift: float = Field(ge=0, le=1)
    post_movement: float = Field(ge=0, le=1)
    new_information_follows: float = Field(ge=0, le=1)
    new_information_sources: dict[str, InformationSource] = Field(
        description="Hvad en vurdering på nye oplysninger bygger på, efter oplysningernes slags."
    )
    plan_varied_share_by_team: tuple[float, ...] = Field(min_length=1)
    measure_in_place: dict[RiskCategory, float]
    quality_mean: tuple[float, float, float]
    inspectors_per_team: int = Field(ge=1, le=50)


class NewInformationTexts(BaseModel):
    """Justifications of an assessment on new information: the category kept or changed."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    unchanged: tuple[str, ...] = Field(min_length=1)
    changed: tuple[str, ...] = Field(min_length=1)


class SampleTexts(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    justification: dict[RiskCategory, tuple[str, ...]]
    deviation: tuple[str, ...] = Field(min_length=1)
    plan_unchanged: tuple[str, ...] = Field(min_length=1)
    checklist_missing_note: tuple[str, ...] = Field(min_length=1)
    new_information: NewInformationTexts


class SampleProfile(BaseModel):
    """The shares and distributions the sample is drawn from."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    version: str
    n_tilbud: int = Field(ge=0, le=1_000_000)
    n_plejefamilier: int = Field(ge=0, le=1_000_000)
    latent_shares: dict[UnitKind, dict[RiskCategory, float]]
    region_risk_factor: dict[Socialtilsyn, float]
    category_bounds: dict[RiskCategory, tuple[float, float]]
    socialtilsyn_shares: dict[Socialtilsyn, float]
    tilbud_type_shares: dict[UnitType, float]
    plejefamilie_type_shares: dict[UnitType, float]
    capacity: dict[UnitType, tuple[int, int]]
    teams: dict[UnitKind, tuple[str, ...]]
    team_places: dict[Socialtilsyn, str]
    names: SampleNames
    history: SampleHistory
    information: InformationProfile
    texts: SampleTexts

    @model_validator(mode="after")
    def _coherent(self) -> SampleProfile:
        for kind in UnitKind:
            shares = self.latent_shares.get(kind)
            if shares is None or set(shares) != set(RiskCategory):
                raise ValueError(f"latent_shares skal give grøn, gul og rød for {kind.value}")
            _shares_sum_to_one(shares, f"latent_shares.{kind.value}")
        if set(self.team_places) != set(Socialtilsyn):
            raise ValueError("team_places skal give et stednavn for hvert socialtilsyn")
        if set(self.region_risk_factor) != set(Socialtilsyn):
            raise ValueError("region_risk_factor skal give en faktor for hvert socialtilsyn")
        if any(factor <= 0 for factor in self.region_risk_factor.values()):
            raise ValueError("region_risk_factor skal være positive tal")
        unknown = [k for k in self.history.new_information_sources if k not in information_kinds()]
        if unknown:
            raise ValueError(f"ukendte slags oplysninger: {', '.join(unknown)}")
        for low, high in self.category_bounds.values():
            if not 0 <= low <= high <= 1:
                raise ValueError("category_bounds skal være andele [mindst, højst] mellem 0 og 1")
        for kind in UnitKind:
            for region in Socialtilsyn:
                self.risk_shares(kind, region)
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
        return self

    def team_name(self, socialtilsyn: Socialtilsyn, team: str) -> str:
        """The name of ``team`` (one of :attr:`teams`) in ``socialtilsyn``: each socialtilsyn
        has teams of its own, "Syd – Team Tilbud 1"."""
        return f"{self.team_places[socialtilsyn]} – {team}"

    def team_numbers(self) -> dict[str, int]:
        """Each team's name in every socialtilsyn → its place among :attr:`teams` (tilbud's
        first, then plejefamilier's): the teams of one number work alike everywhere."""
        teams = [t for kind in UnitKind for t in self.teams.get(kind, ())]
        return {
            self.team_name(place, team): number
            for place in Socialtilsyn
            for number, team in enumerate(teams)
        }

    def risk_shares(self, kind: UnitKind, socialtilsyn: Socialtilsyn) -> tuple[float, ...]:
        """The latent colour shares (grøn, gul, rød) of units of ``kind`` in ``socialtilsyn``:
        gul and rød scaled by the region's factor, grøn the rest."""
        shares = self.latent_shares[kind]
        factor = self.region_risk_factor[socialtilsyn]
        gul = shares[RiskCategory.GUL] * factor
        roed = shares[RiskCategory.ROED] * factor
        if gul + roed >= 1:
            raise ValueError(f"region_risk_factor giver ingen grønne {kind.value} i {socialtilsyn}")
        return (1 - gul - roed, gul, roed)


@cache
def sample_profile() -> SampleProfile:
    return load_packaged(SampleProfile, "sample_profile.yaml")
