"""The ``information:`` section of the sample profile: how often each kind of information
arrives about a unit, given its kind and latent colour, and how long things take.

Every kind the section names is checked against the information kinds (it must exist and
apply to the unit kinds given rates), so the generator never writes a record the store
would refuse.
"""

from __future__ import annotations

import math
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from tilsynwidgets.domain.core.kinds import UnitKind
from tilsynwidgets.domain.information.kinds import Origin, information_kinds

__all__ = [
    "DayRange",
    "DecisionProfile",
    "EventProfile",
    "FinanceProfile",
    "HeightenedProfile",
    "InformationProfile",
    "OrderProfile",
    "StaffProfile",
    "VisitProfile",
]

Triple = tuple[float, float, float]
"""A number per latent colour: grøn, gul, rød."""

NormalTriple = tuple[tuple[float, float], tuple[float, float], tuple[float, float]]
"""A normal distribution (mean, sd) per latent colour."""


def _ordered(value: tuple[int, int]) -> tuple[int, int]:
    if value[0] > value[1]:
        raise ValueError("et interval skal angives som [mindst, højst]")
    return value


DayRange = Annotated[
    tuple[Annotated[int, Field(ge=0)], Annotated[int, Field(ge=0)]], AfterValidator(_ordered)
]
"""Days as [fewest, most], both included."""

Rate = Annotated[float, Field(ge=0, le=1000)]
Probability = Annotated[float, Field(ge=0, le=1)]


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class EventProfile(_Strict):
    """A kind of event as a Poisson process: expected records per unit per year."""

    rates: dict[UnitKind, tuple[Rate, Rate, Rate]] = Field(min_length=1)
    origins: dict[Origin, Probability] = Field(min_length=1)

    @model_validator(mode="after")
    def _origins_sum_to_one(self) -> EventProfile:
        if not math.isclose(sum(self.origins.values()), 1.0, abs_tol=1e-6):
            raise ValueError("andelene i origins skal summere til 1")
        return self


class StaffProfile(_Strict):
    turnover_pct: NormalTriple
    sickness_pct: NormalTriple
    received_after_days: DayRange


class FinanceProfile(_Strict):
    deviates: tuple[Probability, Probability, Probability]
    received_after_days: DayRange


class VisitProfile(_Strict):
    extra_announced: tuple[Rate, Rate, Rate]
    unannounced: tuple[Rate, Rate, Rate]


class OrderProfile(_Strict):
    """Påbud: issued after a cycle's visit, each with a deadline; most are met in time."""

    per_visit: dict[UnitKind, tuple[Probability, Probability, Probability]]
    extra_orders_mean: float = Field(ge=0, le=20)
    after_visit_days: DayRange
    deadline_days: DayRange
    met_share: Probability
    late_days: DayRange
    reported_after_days: DayRange

    @model_validator(mode="after")
    def _deadline_after_issue(self) -> OrderProfile:
        if self.deadline_days[0] < 1:
            raise ValueError("fristen skal ligge mindst én dag efter påbuddet")
        return self


class HeightenedProfile(_Strict):
    """Skærpet tilsyn: started after a cycle's visit, for at most the kind's ``max_days``."""

    per_visit: dict[UnitKind, tuple[Probability, Probability, Probability]]
    after_visit_days: DayRange
    duration_days: DayRange

    @model_validator(mode="after")
    def _within_the_legal_period(self) -> HeightenedProfile:
        longest = information_kinds().get("skaerpet_tilsyn").max_days
        if self.duration_days[0] < 1:
            raise ValueError("et skærpet tilsyn varer mindst én dag")
        if longest is not None and self.duration_days[1] > longest:
            raise ValueError(f"et skærpet tilsyn varer højst {longest} dage ad gangen")
        return self


class DecisionProfile(_Strict):
    """How soon information is taken a position on (a «Nye oplysninger» assessment)."""

    delay_days: DayRange
    moved_delay_days: DayRange
    waiting_share: Probability
    waiting_days: int = Field(ge=0, le=3660)

    @model_validator(mode="after")
    def _later_than_the_information(self) -> DecisionProfile:
        if self.delay_days[0] < 1 or self.moved_delay_days[0] < 1:
            raise ValueError("stillingtagen kommer tidligst dagen efter oplysningen")
        return self


GENERATED_KINDS = (
    "personaleforhold",
    "oekonomi",
    "tilsynsbesoeg",
    "paabud",
    "skaerpet_tilsyn",
)
"""The kinds the generator writes besides the events (each needs a description; the store
describes the ``kvalitetsvurdering`` records it derives from the quality assessments)."""


class InformationProfile(_Strict):
    received_after_days: DayRange
    events: dict[str, EventProfile]
    staff: StaffProfile
    finance: FinanceProfile
    visits: VisitProfile
    orders: OrderProfile
    heightened: HeightenedProfile
    decisions: DecisionProfile
    descriptions: dict[str, tuple[Annotated[str, Field(min_length=1, max_length=2000)], ...]]
    unannounced_visit: str = Field(min_length=1, max_length=2000)
    order_met: str = Field(min_length=1, max_length=2000)

    @model_validator(mode="after")
    def _kinds_known_and_applicable(self) -> InformationProfile:
        kinds = information_kinds()
        problems: list[str] = []
        for key, event in self.events.items():
            if key not in kinds:
                problems.append(f"ukendt slags oplysning: {key}")
                continue
            for unit_kind in event.rates:
                if unit_kind not in kinds.get(key).applies_to:
                    problems.append(f"{key} gælder ikke for {unit_kind.value}")
        for key in (*self.events, *GENERATED_KINDS):
            if not self.descriptions.get(key):
                problems.append(f"ingen beskrivelse af {key}")
        unknown = [key for key in self.descriptions if key not in kinds]
        problems.extend(f"beskrivelse af ukendt slags: {key}" for key in unknown)
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def event_kinds(self, unit_kind: UnitKind) -> tuple[str, ...]:
        """The event kinds the sample draws for units of ``unit_kind``, in file order."""
        return tuple(key for key, event in self.events.items() if unit_kind in event.rates)
