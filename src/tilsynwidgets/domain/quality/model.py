"""The quality model (kvalitetsmodellen): tema → kriterium → indikator, and its scores.

Separate models for tilbud and plejefamilier, versioned as data. Aggregation is explicit
and named in the data. There are no thresholds here: scores never decide anything.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from functools import cache
from statistics import fmean
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator

from tilsynwidgets.domain.core.datafiles import load_packaged
from tilsynwidgets.domain.core.fields import AwareDatetime, NonBlank, duplicated
from tilsynwidgets.domain.core.kinds import UnitKind
from tilsynwidgets.domain.core.units import UnitId

__all__ = [
    "AggregationMethod",
    "Criterion",
    "Indicator",
    "QualityAssessment",
    "QualityModel",
    "ScaleStep",
    "Score",
    "Theme",
    "check_scores",
    "criterion_scores",
    "quality_model",
    "theme_scores",
]

SCALE = range(1, 6)
Score = Annotated[int, Field(ge=1, le=5)]

_ID = r"^[a-z][a-z0-9_]*$"
_FILES = {
    UnitKind.TILBUD: "quality_tilbud.yaml",
    UnitKind.PLEJEFAMILIE: "quality_plejefamilier.yaml",
}


class AggregationMethod(StrEnum):
    """How indicator scores become a theme score."""

    CRITERION_MEAN_THEN_THEME_MEAN = "criterion_mean_then_theme_mean"
    INDICATOR_MEAN = "indicator_mean"


class QualityAssessment(BaseModel):
    """Indicator scores (1–5) given to one unit under one version of the quality model."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    unit_id: UnitId
    model_version: str = Field(min_length=1, title="Kvalitetsmodellens version")
    scores: dict[str, Score] = Field(
        title="Scorer",
        description="Indikator → score fra 1 (i meget lav grad) til 5 (i meget høj grad).",
    )
    assessor: NonBlank = Field(min_length=1, max_length=120, title="Tilsynsførende")
    assessed_at: AwareDatetime = Field(title="Tidspunkt for vurderingen")


class ScaleStep(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    score: Score
    label: str = Field(min_length=1)


class Indicator(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=_ID)
    text: str = Field(min_length=1)


class Criterion(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=_ID)
    text: str = Field(min_length=1)
    indicators: tuple[Indicator, ...] = Field(min_length=1)


class Theme(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=_ID)
    number: int = Field(ge=1)
    title: str = Field(min_length=1)
    criteria: tuple[Criterion, ...] = Field(min_length=1)

    @property
    def indicator_ids(self) -> tuple[str, ...]:
        return tuple(i.id for c in self.criteria for i in c.indicators)


class QualityModel(BaseModel):
    """One version of the quality model for one kind of unit."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    version: str = Field(min_length=1)
    kind: UnitKind
    aggregation: AggregationMethod = AggregationMethod.CRITERION_MEAN_THEN_THEME_MEAN
    scale: tuple[ScaleStep, ...]
    themes: tuple[Theme, ...] = Field(min_length=1)

    @field_validator("scale")
    @classmethod
    def _full_scale(cls, value: tuple[ScaleStep, ...]) -> tuple[ScaleStep, ...]:
        if sorted(step.score for step in value) != list(SCALE):
            raise ValueError("skalaen skal have netop ét trin for hver score 1, 2, 3, 4 og 5")
        return tuple(sorted(value, key=lambda step: -step.score))

    @field_validator("themes")
    @classmethod
    def _unique(cls, value: tuple[Theme, ...]) -> tuple[Theme, ...]:
        ids = [t.id for t in value]
        ids += [c.id for t in value for c in t.criteria]
        ids += [i for t in value for i in t.indicator_ids]
        duplicates = duplicated(ids)
        if duplicates:
            raise ValueError(f"id findes flere gange: {', '.join(duplicates)}")
        numbers = [t.number for t in value]
        if len(set(numbers)) != len(numbers):
            raise ValueError("to temaer har samme nummer")
        return value

    @property
    def indicator_ids(self) -> tuple[str, ...]:
        return tuple(i for t in self.themes for i in t.indicator_ids)

    def scale_label(self, score: int) -> str:
        """The Danish label of a score, e.g. 5 → 'i meget høj grad opfyldt'."""
        for step in self.scale:
            if step.score == score:
                return step.label
        raise ValueError(f"scoren skal være et helt tal fra 1 til 5 (fik {score})")


@cache
def quality_model(kind: UnitKind) -> QualityModel:
    """The quality model shipped for ``kind`` (tilbud or plejefamilie)."""
    model = load_packaged(QualityModel, _FILES[kind])
    if model.kind is not kind:
        raise ValueError(f"{_FILES[kind]} beskriver {model.kind.value}, ikke {kind.value}")
    return model


def check_scores(model: QualityModel, scores: Mapping[str, int]) -> None:
    """Raise ``ValueError`` (Danish) unless every key is an indicator and every value 1–5."""
    known = set(model.indicator_ids)
    problems = [f"ukendt indikator '{key}'" for key in scores if key not in known]
    problems += [
        f"indikator '{key}' skal have en score fra 1 til 5 (fik {value!r})"
        for key, value in scores.items()
        if isinstance(value, bool) or not isinstance(value, int) or value not in SCALE
    ]
    if problems:
        raise ValueError("; ".join(problems))


def criterion_scores(model: QualityModel, scores: Mapping[str, int]) -> dict[str, float]:
    """Mean score per criterion over its scored indicators; unscored criteria are left out."""
    check_scores(model, scores)
    result: dict[str, float] = {}
    for theme in model.themes:
        for criterion in theme.criteria:
            given = [scores[i.id] for i in criterion.indicators if i.id in scores]
            if given:
                result[criterion.id] = fmean(given)
    return result


def theme_scores(
    model: QualityModel,
    scores: Mapping[str, int],
    method: AggregationMethod | None = None,
) -> dict[str, float]:
    """Score per theme by ``method`` (default: the model's); unscored themes are left out.

    ``criterion_mean_then_theme_mean``: mean of the theme's criterion means, so each
    criterion weighs the same. ``indicator_mean``: mean of all the theme's indicator
    scores, so each indicator weighs the same.
    """
    how = method or model.aggregation
    by_criterion = criterion_scores(model, scores)
    result: dict[str, float] = {}
    for theme in model.themes:
        if how is AggregationMethod.INDICATOR_MEAN:
            given = [float(scores[i]) for i in theme.indicator_ids if i in scores]
        else:
            given = [by_criterion[c.id] for c in theme.criteria if c.id in by_criterion]
        if given:
            result[theme.id] = fmean(given)
    return result
