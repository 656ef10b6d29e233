"""The seven dimensions of supervision intensity (seed 000) as typed, data-free models.

A plan is structured (levels, counts, chosen sources and methods), so it can be compared
with a template, checked against a legal rule set and turned into hours. Which sources and
methods a kind of unit offers, the templates and the hours are data (``templates.py``).
"""

from __future__ import annotations

from enum import Enum, StrEnum
from typing import TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_validator

from tilsynwidgets.domain.core.fields import MultiLineText

__all__ = [
    "CollectionMethod",
    "DataSource",
    "DataSources",
    "ExternalInformation",
    "ExternalSource",
    "FollowUp",
    "IntensityLevel",
    "IntensityPlan",
    "Methods",
    "VisitScope",
    "Visits",
    "WrittenInformation",
]

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
    """Whose information is gathered (seed 000, dimension 4).

    The first five are a tilbud's, the rest a plejefamilie's; which kind offers which is
    data (``data/intensity_sources.yaml``). Stored plans keep every value readable.
    """

    MEDARBEJDERE = "medarbejdere"
    BORGERE = "borgere"
    PAAROERENDE = "paaroerende"
    LEDELSE = "ledelse"
    ANDRE = "andre"
    PLEJEFORAELDRE = "plejeforaeldre"
    PLEJEBOERN = "plejeboern"
    EGNE_BOERN = "egne_boern"
    NETVAERK = "netvaerk"
    ANBRINGENDE_KOMMUNE = "anbringende_kommune"


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
    announced_reason: MultiLineText = Field(
        default="",
        max_length=2000,
        title="Særlige forhold, der kræver anmeldte besøg",
        description=(
            "Skal udfyldes, når regelsættet gør besøg uanmeldte som udgangspunkt og planen "
            "har anmeldte besøg."
        ),
    )

    @property
    def total_per_year(self) -> int:
        return self.announced_per_year + self.unannounced_per_year


class DataSources(BaseModel):
    """Dimension 4: which data sources are used."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    sources: tuple[DataSource, ...] = Field(
        min_length=1,
        title="Valgte datakilder",
        description="Hvem der indhentes oplysninger fra; valgene afhænger af enhedens type.",
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
        title="Valgte metoder",
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
