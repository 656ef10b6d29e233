"""The socialtilsyn's self-assessment of the general leadership measures (seed 001).

Seed 001 lists what the leadership of a socialtilsyn should do to give a competent
risk-based supervision frame and resources ("Ledelsen i Socialtilsynet bør skabe rammer og
ressourcer ... ved eksempelvis:"). A self-assessment rates each of those general measures
for one socialtilsyn: established, partly established or not established, with a note. The
ratings are a history (append-only); the current picture per socialtilsyn is derived.

The three-step scale is this tool's own (the seed gives the measures, not a scale).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import Enum, StrEnum

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, model_validator

from tilsynwidgets.domain.core.context import given_in
from tilsynwidgets.domain.core.fields import AwareDatetime, MultiLineText, NonBlank, duplicated
from tilsynwidgets.domain.core.units import Socialtilsyn
from tilsynwidgets.domain.support.measures import (
    MEASURES,
    MeasureCatalogue,
    general_measures,
    measure_catalogue,
)

__all__ = [
    "MeasureLevel",
    "MeasureRating",
    "SelfAssessment",
    "latest_self_assessments",
    "self_assessment_overview",
    "self_assessment_table",
]

NOT_ASSESSED = "Ikke vurderet"
"""The overview's word for a measure a socialtilsyn has not assessed itself on yet."""


class MeasureLevel(StrEnum):
    """How far a general leadership measure is established in the socialtilsyn."""

    ETABLERET = "etableret"
    DELVIST = "delvist"
    IKKE_ETABLERET = "ikke_etableret"


class MeasureRating(BaseModel):
    """One general measure rated for the socialtilsyn, with a note on what lies behind."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    measure_id: str = Field(min_length=1, max_length=64, title="Tiltag")
    level: MeasureLevel = Field(title="Status")
    note: MultiLineText = Field(default="", max_length=2000, title="Bemærkning")


class SelfAssessment(BaseModel):
    """A socialtilsyn's rating of every general leadership measure at one time."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    socialtilsyn: Socialtilsyn = Field(title="Socialtilsyn")
    ratings: tuple[MeasureRating, ...] = Field(title="Tiltag")
    comment: MultiLineText = Field(default="", max_length=4000, title="Samlet bemærkning")
    assessor: NonBlank = Field(max_length=120, title="Udfyldt af")
    assessed_at: AwareDatetime = Field(title="Tidspunkt")
    catalogue_version: str = Field(min_length=1, max_length=40, title="Redskabets version")

    @model_validator(mode="after")
    def _every_general_measure_once(self, info: ValidationInfo) -> SelfAssessment:
        given = [r.measure_id for r in self.ratings]
        twice = duplicated(given)
        if twice:
            raise ValueError(f"tiltaget er vurderet flere gange: {', '.join(twice)}")
        general = given_in(info, MEASURES, MeasureCatalogue, measure_catalogue).general
        known = [m.id for m in general]
        unknown = sorted(set(given) - set(known))
        if unknown:
            raise ValueError(
                f"ukendt tiltag (ikke et af ledelsens generelle tiltag): {', '.join(unknown)}"
            )
        missing = [m.title for m in general if m.id not in given]
        if missing:
            raise ValueError(f"alle tiltag skal vurderes; mangler: {', '.join(missing)}")
        return self

    def level_of(self, measure_id: str) -> MeasureLevel:
        return next(r.level for r in self.ratings if r.measure_id == measure_id)

    @classmethod
    def current_version(cls) -> str:
        """The measure catalogue's version, recorded with each self-assessment."""
        return measure_catalogue().version


def latest_self_assessments(
    items: Iterable[SelfAssessment],
) -> dict[Socialtilsyn, SelfAssessment]:
    """Each socialtilsyn's latest self-assessment (by time; on equal times the later one)."""
    latest: dict[Socialtilsyn, SelfAssessment] = {}
    for item in items:
        held = latest.get(item.socialtilsyn)
        if held is None or item.assessed_at >= held.assessed_at:
            latest[item.socialtilsyn] = item
    return latest


def self_assessment_table(
    items: Iterable[SelfAssessment], places: Iterable[Socialtilsyn] | None = None
) -> pd.DataFrame:
    """The current picture: rows the general measures (in seed order, by id), columns every
    socialtilsyn of ``places`` (default all five; by code), cells the latest level's code,
    or ``None`` where a socialtilsyn has not assessed itself yet."""
    shown = set(Socialtilsyn if places is None else places)
    latest = latest_self_assessments(items)
    measures = [m.id for m in general_measures()]
    columns = {
        tilsyn.value: [
            latest[tilsyn].level_of(m).value if tilsyn in latest else None for m in measures
        ]
        for tilsyn in Socialtilsyn
        if tilsyn in shown
    }
    return pd.DataFrame(columns, index=pd.Index(measures, name="measure_id"), dtype=object)


def self_assessment_overview(
    items: Iterable[SelfAssessment],
    label: Callable[[Enum], str],
    places: Iterable[Socialtilsyn] | None = None,
) -> pd.DataFrame:
    """:func:`self_assessment_table` in words: rows the general measures' titles (index
    "Tiltag"), columns every socialtilsyn, cells the latest level, or :data:`NOT_ASSESSED`.

    ``label`` names a socialtilsyn or a level in Danish (``domain.labels.label_of``, which
    builds on this module and so is passed in rather than imported).
    """
    table = self_assessment_table(items, places)
    titles = {m.id: m.title for m in general_measures()}
    return pd.DataFrame(
        {
            label(Socialtilsyn(str(code))): [
                label(MeasureLevel(v)) if isinstance(v, str) else NOT_ASSESSED for v in table[code]
            ]
            for code in table.columns
        },
        index=pd.Index([titles[str(i)] for i in table.index], name="Tiltag"),
    )
