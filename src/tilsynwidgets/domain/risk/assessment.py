"""A risk assessment: the colour a supervisor chooses, why, and what it rests on."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from tilsynwidgets.domain.core.categories import Phase, RiskCategory
from tilsynwidgets.domain.core.fields import AwareDatetime, MultiLineText, NonBlank
from tilsynwidgets.domain.core.units import UnitId

__all__ = [
    "MIN_JUSTIFICATION",
    "InformationSource",
    "QualityReference",
    "Reason",
    "RiskAssessment",
    "Suggestion",
    "justified",
]

MIN_JUSTIFICATION = 20


class InformationSource(StrEnum):
    """What an assessment rests on."""

    RISIKOSIGNALER = "risikosignaler"
    KVALITETSVURDERING = "kvalitetsvurdering"
    TILSYNSBESOEG = "tilsynsbesoeg"
    SKRIFTLIGT_MATERIALE = "skriftligt_materiale"
    OEKONOMI = "oekonomi"
    KOMMUNER = "kommuner"
    PAAROERENDE = "paaroerende"
    WHISTLEBLOWER = "whistleblower"
    ANDET = "andet"


def justified(value: str) -> str:
    """``value`` when it is a professional justification of at least
    :data:`MIN_JUSTIFICATION` characters; a Danish ``ValueError`` otherwise."""
    if len(value.strip()) < MIN_JUSTIFICATION:
        raise ValueError(f"en faglig begrundelse på mindst {MIN_JUSTIFICATION} tegn er påkrævet")
    return value


class Reason(BaseModel):
    """One criterion that fired, in Danish, with the value that made it fire."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    criterion_id: str
    points_to: RiskCategory
    explanation: MultiLineText
    observed: float | bool | None = None


class Suggestion(BaseModel):
    """The catalogue's suggested colour: support for the judgement, never the decision.

    ``category`` is None when too little is known about the unit for the catalogue to
    suggest a colour (fewer than ``known_needed`` of its ``applicable_signals`` are known):
    the suggestion then asks for the ``unknown_signals`` instead. ``reasons`` are the
    criteria that fired on what is known, also then.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    category: RiskCategory | None
    reasons: tuple[Reason, ...] = ()
    catalogue_version: str
    catalogue_title: str = ""
    illustrative: bool = Field(
        default=False, description="Sand når kataloget er illustrativt (ikke fastsat)."
    )
    escalated: bool = Field(
        default=False, description="Sand når antallet af gule kriterier løftede forslaget til rød."
    )
    unknown_signals: tuple[str, ...] = Field(
        default=(), description="De signaler for enhedens type, som enheden ikke har en værdi for."
    )
    applicable_signals: int = Field(
        default=0, ge=0, description="Antal risikosignaler, der gælder for enhedens type."
    )
    known_needed: int = Field(
        default=0, ge=0, description="Så mange signaler skal være kendte for et farveforslag."
    )

    @property
    def known_signals(self) -> int:
        return self.applicable_signals - len(self.unknown_signals)


class QualityReference(BaseModel):
    """The quality assessment a post assessment rests on.

    A quality assessment has no id of its own: it is named by when it was made, by whom and
    under which version of the quality model
    (:func:`tilsynwidgets.domain.risk.quality_basis.reference_to`).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    assessed_at: AwareDatetime = Field(title="Kvalitetsvurderingens tidspunkt")
    assessor: NonBlank = Field(min_length=1, max_length=120, title="Vurderet af")
    model_version: str = Field(min_length=1, max_length=64, title="Kvalitetsmodellens version")


class RiskAssessment(BaseModel):
    """One documented risk categorisation (præ or post) of one unit."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    unit_id: UnitId
    phase: Phase = Field(
        title="Tidspunkt",
        description=(
            "Præ: når tilsynet tilrettelægges. Post: efter kvalitetsvurderingen. "
            "Nye oplysninger: når nye oplysninger giver anledning til at tage stilling."
        ),
    )
    suggested: RiskCategory | None = Field(
        default=None, title="Foreslået kategori", description="Kriteriekatalogets forslag."
    )
    reasons: tuple[Reason, ...] = Field(default=(), title="Begrundelser for forslaget")
    catalogue_version: str | None = Field(default=None, title="Katalogversion")
    unknown_signals: tuple[str, ...] = Field(
        default=(),
        title="Ukendte risikosignaler",
        description="De signaler, forslaget ikke kunne bruge, fordi enheden ikke har en værdi.",
    )
    chosen: RiskCategory = Field(title="Valgt risikokategori")
    justification: MultiLineText = Field(
        title="Faglig begrundelse",
        description="Hvorfor denne kategori? Skal altid udfyldes.",
        max_length=5000,
    )
    deviation_justification: MultiLineText = Field(
        default="",
        validate_default=True,
        title="Begrundelse for afvigelse",
        description="Skal udfyldes, når den valgte kategori afviger fra forslaget.",
        max_length=5000,
    )
    based_on: tuple[InformationSource, ...] = Field(
        title="Oplysninger vurderingen bygger på", min_length=1
    )
    assessor: NonBlank = Field(min_length=1, max_length=120, title="Tilsynsførende")
    assessed_at: AwareDatetime = Field(title="Tidspunkt for vurderingen")
    quality: QualityReference | None = Field(
        default=None,
        title="Kvalitetsvurdering",
        description="Den kvalitetsvurdering, en post-vurdering bygger på.",
    )
    information: tuple[int, ...] = Field(
        default=(),
        title="Oplysninger",
        description="De oplysninger (posternes id), vurderingen har taget stilling til.",
    )

    @field_validator("justification")
    @classmethod
    def _justified(cls, value: str) -> str:
        return justified(value)

    @field_validator("deviation_justification")
    @classmethod
    def _deviation_addressed(cls, value: str, info: ValidationInfo) -> str:
        # A field validator, not a model validator, so the message sits at this field.
        suggested, chosen = info.data.get("suggested"), info.data.get("chosen")
        deviates = suggested is not None and chosen is not None and chosen != suggested
        if deviates and len(value.strip()) < MIN_JUSTIFICATION:
            raise ValueError(
                "den valgte kategori afviger fra forslaget: begrund afvigelsen "
                f"(mindst {MIN_JUSTIFICATION} tegn)"
            )
        return value

    @property
    def is_deviation(self) -> bool:
        return self.suggested is not None and self.chosen != self.suggested
