"""Supervision intensity (tilsynsintensitet): the seven dimensions of seed 000 as a plan.

A plan is structured (levels, counts, chosen sources and methods), so it can be compared
with the colour's template, checked against a legal rule set and turned into hours.
Templates and the hours model are data (``data/intensity.yaml``), never code.
"""

from __future__ import annotations

from enum import Enum, StrEnum
from functools import cache
from typing import TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from tilsynwidgets.domain.core.categories import RiskCategory
from tilsynwidgets.domain.core.datafiles import load_packaged
from tilsynwidgets.domain.core.fields import AwareDatetime, MultiLineText, NonBlank
from tilsynwidgets.domain.core.units import UnitId

__all__ = [
    "MIN_REASON",
    "CollectionMethod",
    "DataSource",
    "DataSources",
    "ExternalInformation",
    "ExternalSource",
    "FollowUp",
    "HoursModel",
    "IntensityData",
    "IntensityLevel",
    "IntensityPlan",
    "Methods",
    "PlanDecision",
    "VisitScope",
    "Visits",
    "WrittenInformation",
    "estimate_hours",
    "hours_model",
    "intensity_data",
    "intensity_templates",
    "is_template_unchanged",
    "template_for",
]

MIN_REASON = 20
"""Characters a reason needs when a template is kept as it is (to counter automatism)."""

E = TypeVar("E", bound=Enum)


class IntensityLevel(StrEnum):
    """How much: used for written information, external information, reporting and dialogue."""

    BEGRAENSET = "begraenset"
    UDVIDET = "udvidet"
    OMFATTENDE = "omfattende"


class ExternalSource(StrEnum):
    """Who besides the unit is asked (seed 000, dimension 2)."""

    KOMMUNER = "kommuner"
    PAAROERENDE = "paaroerende"
    SAMARBEJDSPARTNERE = "samarbejdspartnere"


class DataSource(StrEnum):
    """Whose information is gathered (seed 000, dimension 4)."""

    MEDARBEJDERE = "medarbejdere"
    BORGERE = "borgere"
    PAAROERENDE = "paaroerende"
    LEDELSE = "ledelse"
    ANDRE = "andre"


class CollectionMethod(StrEnum):
    """How information is gathered (seed 000, dimension 5)."""

    OBSERVATION = "observation"
    INTERVIEW = "interview"
    DOKUMENTANALYSE = "dokumentanalyse"


def _as_set(values: tuple[E, ...], enum: type[E]) -> tuple[E, ...]:
    """Deduplicate and order by declaration, so equal choices compare equal."""
    chosen = set(values)
    return tuple(member for member in enum if member in chosen)


class WrittenInformation(BaseModel):
    """Dimension 1: written information requested from the unit."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    level: IntensityLevel = Field(
        title="Omfang af skriftlige oplysninger",
        description="Hvor meget skriftligt materiale der indhentes fra tilbuddet/plejefamilien.",
    )
    include_financial: bool = Field(
        title="Økonomiske oplysninger",
        description="Indhentes der også økonomiske oplysninger?",
    )


class ExternalInformation(BaseModel):
    """Dimension 2: information about the unit from municipalities, relatives and partners."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    level: IntensityLevel = Field(
        title="Omfang af eksterne oplysninger",
        description="Hvor meget der indhentes fra hver af de valgte kilder.",
    )
    sources: tuple[ExternalSource, ...] = Field(
        default=(),
        title="Eksterne kilder",
        description="Kommuner, pårørende og andre samarbejdspartnere, der spørges.",
    )

    @field_validator("sources")
    @classmethod
    def _normalise(cls, value: tuple[ExternalSource, ...]) -> tuple[ExternalSource, ...]:
        return _as_set(value, ExternalSource)


class Visits(BaseModel):
    """Dimension 3: how often announced and unannounced visits take place."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    announced_per_year: int = Field(ge=0, le=24, title="Anmeldte tilsynsbesøg om året")
    unannounced_per_year: int = Field(ge=0, le=24, title="Uanmeldte tilsynsbesøg om året")

    @property
    def total_per_year(self) -> int:
        return self.announced_per_year + self.unannounced_per_year


class DataSources(BaseModel):
    """Dimension 4: which data sources are used."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    sources: tuple[DataSource, ...] = Field(
        min_length=1,
        title="Datakilder",
        description="Hvem der indhentes oplysninger fra, fx medarbejdere, borgere og ledelse.",
    )

    @field_validator("sources")
    @classmethod
    def _normalise(cls, value: tuple[DataSource, ...]) -> tuple[DataSource, ...]:
        return _as_set(value, DataSource)


class Methods(BaseModel):
    """Dimension 5: which collection methods are used."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    methods: tuple[CollectionMethod, ...] = Field(
        min_length=1,
        title="Dataindsamlingsmetoder",
        description="Observation, interview og/eller dokumentanalyse.",
    )

    @field_validator("methods")
    @classmethod
    def _normalise(cls, value: tuple[CollectionMethod, ...]) -> tuple[CollectionMethod, ...]:
        return _as_set(value, CollectionMethod)


class VisitScope(BaseModel):
    """Dimension 6: scope and duration of each visit."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    hours_per_visit: float = Field(
        gt=0, le=24, title="Timer pr. besøg", description="Varighed af hvert tilsynsbesøg."
    )
    inspectors_per_visit: int = Field(ge=1, le=6, title="Tilsynsførende pr. besøg")


class FollowUp(BaseModel):
    """Dimension 7: level of reporting, follow-up and dialogue with the unit."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    reporting: IntensityLevel = Field(title="Niveau for afrapportering")
    follow_up_meetings_per_year: int = Field(ge=0, le=24, title="Opfølgningsmøder om året")
    dialogue: IntensityLevel = Field(title="Niveau for dialog med enheden")


class IntensityPlan(BaseModel):
    """The seven dimensions of supervision intensity for one unit, for one year."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    written_information: WrittenInformation = Field(title="Skriftlige oplysninger fra enheden")
    external_information: ExternalInformation = Field(title="Oplysninger fra andre")
    visits: Visits = Field(title="Hyppighed af tilsynsbesøg")
    data_sources: DataSources = Field(title="Datakilder")
    methods: Methods = Field(title="Dataindsamlingsmetoder")
    visit_scope: VisitScope = Field(title="Omfang og varighed af tilsynsbesøg")
    follow_up: FollowUp = Field(title="Afrapportering, opfølgning og dialog")


class PlanDecision(BaseModel):
    """The intensity a supervisor chose for a unit, with the estimated hours it requires."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    unit_id: UnitId
    category: RiskCategory = Field(title="Risikokategori")
    plan: IntensityPlan = Field(title="Tilsynsintensitet")
    estimated_hours: float = Field(ge=0, title="Anslåede timer om året")
    template_unchanged: bool = Field(
        title="Skabelonen er uændret",
        description="Sand når planen er præcis kategoriens skabelon.",
    )
    reason: MultiLineText = Field(
        default="",
        max_length=5000,
        title="Begrundelse",
        description=(
            "Hvorfor passer denne intensitet til enheden? Skal udfyldes, når skabelonen "
            "bruges uændret (modvirk automatik)."
        ),
    )
    author: NonBlank = Field(min_length=1, max_length=120, title="Tilsynsførende")
    decided_at: AwareDatetime = Field(title="Tidspunkt for beslutningen")
    ruleset_id: str = Field(min_length=1, title="Regelsæt")

    @model_validator(mode="after")
    def _reasoned(self) -> PlanDecision:
        if self.template_unchanged and len(self.reason.strip()) < MIN_REASON:
            raise ValueError(
                "skabelonen bruges uændret: begrund hvorfor den passer til enheden "
                f"(mindst {MIN_REASON} tegn i 'Begrundelse')"
            )
        return self


class HoursModel(BaseModel):
    """Coefficients turning a plan into hours a year (illustrative; see the data file)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    written_information: dict[IntensityLevel, float]
    financial_information: float = Field(ge=0)
    per_external_source: dict[IntensityLevel, float]
    per_data_source: float = Field(ge=0)
    per_method: float = Field(ge=0)
    per_inspector_hour_on_site: float = Field(ge=0)
    per_inspector_visit_overhead: float = Field(ge=0)
    reporting: dict[IntensityLevel, float]
    per_follow_up_meeting: float = Field(ge=0)
    dialogue: dict[IntensityLevel, float]

    @model_validator(mode="after")
    def _complete(self) -> HoursModel:
        tables = {
            "written_information": self.written_information,
            "per_external_source": self.per_external_source,
            "reporting": self.reporting,
            "dialogue": self.dialogue,
        }
        for name, table in tables.items():
            missing = [level.value for level in IntensityLevel if level not in table]
            if missing:
                raise ValueError(f"{name} mangler timer for: {', '.join(missing)}")
            negative = [level.value for level, hours in table.items() if hours < 0]
            if negative:
                raise ValueError(f"{name} har negative timer for: {', '.join(negative)}")
        return self


class IntensityData(BaseModel):
    """Contents of ``data/intensity.yaml``: a template per colour and the hours model."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    version: str = Field(min_length=1)
    templates: dict[RiskCategory, IntensityPlan]
    hours: HoursModel

    @field_validator("templates")
    @classmethod
    def _all_colours(
        cls, value: dict[RiskCategory, IntensityPlan]
    ) -> dict[RiskCategory, IntensityPlan]:
        missing = [c.value for c in RiskCategory if c not in value]
        if missing:
            raise ValueError(f"mangler skabelon for: {', '.join(missing)}")
        return value


@cache
def intensity_data() -> IntensityData:
    """Templates and hours model shipped with the package (``data/intensity.yaml``)."""
    return load_packaged(IntensityData, "intensity.yaml")


def intensity_templates() -> dict[RiskCategory, IntensityPlan]:
    """The starting-point plan per colour (a copy; the cached data stays untouched)."""
    return dict(intensity_data().templates)


def template_for(category: RiskCategory) -> IntensityPlan:
    return intensity_data().templates[category]


def hours_model() -> HoursModel:
    return intensity_data().hours


def estimate_hours(plan: IntensityPlan, model: HoursModel | None = None) -> float:
    """Hours a year the plan requires, from the data coefficients.

    Written: level hours (+ financial when requested). External: per source at the level.
    Visits: each visit costs ``hours_per_visit`` on site plus a fixed overhead (preparation,
    travel), both per inspector. Sources and methods: a fixed cost each (planning,
    analysis). Follow-up: reporting and dialogue level hours plus per meeting.
    """
    m = model or hours_model()
    written = plan.written_information
    external = plan.external_information
    visits = plan.visits.total_per_year
    scope = plan.visit_scope
    follow = plan.follow_up
    per_visit = scope.inspectors_per_visit * (
        scope.hours_per_visit * m.per_inspector_hour_on_site + m.per_inspector_visit_overhead
    )
    return (
        m.written_information[written.level]
        + (m.financial_information if written.include_financial else 0.0)
        + len(external.sources) * m.per_external_source[external.level]
        + visits * per_visit
        + len(plan.data_sources.sources) * m.per_data_source
        + len(plan.methods.methods) * m.per_method
        + m.reporting[follow.reporting]
        + m.dialogue[follow.dialogue]
        + follow.follow_up_meetings_per_year * m.per_follow_up_meeting
    )


def is_template_unchanged(plan: IntensityPlan, category: RiskCategory) -> bool:
    """True when ``plan`` is exactly the colour's template (set-like choices in any order)."""
    return plan == template_for(category)
