"""The quality model (kvalitetsmodellen): tema → kriterium → indikator, and its scores.

Separate models for tilbud and plejefamilier, versioned as data: ``quality_models.yaml``
lists each kind's versions and its default; a version is a whole model or one built on an
earlier version without some of its themes (the 2025 act removes themes 1–2). Aggregation is
explicit and named in the data. There are no thresholds here: scores never decide anything.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from functools import cache
from statistics import fmean
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, field_validator

from tilsynwidgets.domain.core.datafiles import load_packaged, parse_model, read_packaged_text
from tilsynwidgets.domain.core.errors import DataFileError, Problem
from tilsynwidgets.domain.core.fields import AwareDatetime, NonBlank, TextShape, duplicated
from tilsynwidgets.domain.core.kinds import UnitKind
from tilsynwidgets.domain.core.messages import danish_error
from tilsynwidgets.domain.core.units import UnitId

__all__ = [
    "NOTE_LENGTH",
    "AggregationMethod",
    "Criterion",
    "CriterionNote",
    "Indicator",
    "QualityAssessment",
    "QualityModel",
    "QualityModelVariant",
    "ScaleStep",
    "Score",
    "Theme",
    "check_assessment",
    "check_scores",
    "criterion_scores",
    "model_variant",
    "note_problem",
    "quality_model",
    "quality_model_versions",
    "theme_scores",
]

SCALE = range(1, 6)
Score = Annotated[int, Field(ge=1, le=5)]

_ID = r"^[a-z][a-z0-9_]*$"
_INDEX = "quality_models.yaml"

NOTE_LENGTH = 2000
CriterionNote = Annotated[str, Field(max_length=NOTE_LENGTH), TextShape(multiline=True)]
"""An inspector's note on one criterion: free text over several lines (cleaned first, as
:data:`~tilsynwidgets.domain.core.fields.MultiLineText`, so the limit counts what is seen)."""


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
    notes: dict[Annotated[str, Field(pattern=_ID, max_length=40)], CriterionNote] = Field(
        default_factory=dict,
        title="Noter",
        description="Kriterium → den tilsynsførendes note til kriteriet.",
    )
    assessor: NonBlank = Field(min_length=1, max_length=120, title="Tilsynsførende")
    assessed_at: AwareDatetime = Field(title="Tidspunkt for vurderingen")

    @field_validator("notes")
    @classmethod
    def _without_blank_notes(cls, value: dict[str, str]) -> dict[str, str]:
        # A note box left empty (or holding spaces) is no note; rows stored before notes
        # existed read as having none.
        return {key: text.strip() for key, text in value.items() if text.strip()}


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


class QualityModelVariant(BaseModel):
    """A version built on an earlier one of the same kind, without some of its themes."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    version: str = Field(min_length=1)
    kind: UnitKind
    based_on: str = Field(min_length=1)
    without_themes: tuple[str, ...] = Field(min_length=1)


class _KindVersions(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    default: str = Field(min_length=1)
    files: tuple[str, ...] = Field(min_length=1)


class _Index(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    tilbud: _KindVersions
    plejefamilie: _KindVersions


def _refusal(source: str, where: str, message: str) -> DataFileError:
    return DataFileError(source, [Problem(where, message)])


def model_variant(
    variant: QualityModelVariant, known: Mapping[str, QualityModel], source: str
) -> QualityModel:
    """``variant`` built on its base among ``known`` (version → model); a base that is not
    there, a theme it does not have, or no theme left is a :class:`DataFileError`."""
    base = known.get(variant.based_on)
    if base is None or base.kind is not variant.kind:
        raise _refusal(
            source,
            "«based_on»",
            f"versionen '{variant.based_on}' af modellen for {variant.kind.value} står ikke "
            f"før denne i {_INDEX}",
        )
    theme_ids = {t.id for t in base.themes}
    unknown = [t for t in variant.without_themes if t not in theme_ids]
    if unknown:
        raise _refusal(
            source,
            "«without_themes»",
            f"version '{base.version}' har ikke temaet {', '.join(unknown)}",
        )
    kept = [t for t in base.themes if t.id not in variant.without_themes]
    if not kept:
        raise _refusal(source, "«without_themes»", "mindst ét tema skal blive tilbage")
    return base.model_copy(update={"version": variant.version, "themes": tuple(kept)})


def _read(name: str, known: Mapping[str, QualityModel]) -> QualityModel:
    text = read_packaged_text(name)
    data = yaml.safe_load(text)
    if isinstance(data, dict) and "based_on" in data:
        return model_variant(parse_model(QualityModelVariant, text, source=name), known, name)
    return parse_model(QualityModel, text, source=name)


@cache
def _versions(kind: UnitKind) -> tuple[dict[str, QualityModel], str]:
    """Every shipped version of ``kind``'s model by version, and the default version."""
    listed: _KindVersions = getattr(load_packaged(_Index, _INDEX), kind.value)
    models: dict[str, QualityModel] = {}
    for name in listed.files:
        model = _read(name, models)
        if model.kind is not kind:
            raise _refusal(name, "«kind»", f"beskriver {model.kind.value}, ikke {kind.value}")
        if model.version in models:
            raise _refusal(name, "«version»", f"versionen '{model.version}' findes to gange")
        models[model.version] = model
    if listed.default not in models:
        raise _refusal(
            _INDEX, f"«{kind.value}»", f"standardversionen '{listed.default}' er ikke på listen"
        )
    return models, listed.default


def quality_model_versions(kind: UnitKind) -> tuple[str, ...]:
    """The versions of ``kind``'s quality model shipped, in the order listed."""
    return tuple(_versions(kind)[0])


def quality_model(kind: UnitKind, version: str | None = None) -> QualityModel:
    """The quality model for ``kind`` (tilbud or plejefamilie) in ``version``.

    ``None`` gives the default version; the rule set in force names its own.
    """
    models, default = _versions(kind)
    wanted = default if version is None else version
    model = models.get(wanted)
    if model is None:
        known = ", ".join(f"'{v}'" for v in models)
        raise ValueError(
            f"Kvalitetsmodellen for {kind.value} findes ikke i version '{wanted}' "
            f"(kendte versioner: {known})."
        )
    return model


def note_problem(text: str) -> str | None:
    """Why ``text`` cannot be a criterion's note (Danish), or None when it can."""
    try:
        _NOTE.validate_python(text)
    except ValidationError as exc:
        return f"Noten {danish_error(exc.errors()[0])}"
    return None


_NOTE: TypeAdapter[str] = TypeAdapter(CriterionNote)


def check_assessment(model: QualityModel, assessment: QualityAssessment) -> None:
    """Raise ``ValueError`` (Danish) unless ``assessment`` fits ``model``: made under its
    version, scores only for its indicators (1–5), notes only for its criteria."""
    if assessment.model_version != model.version:
        raise ValueError(
            f"Vurderingen er lavet efter kvalitetsmodel '{assessment.model_version}', ikke "
            f"'{model.version}'."
        )
    check_scores(model, assessment.scores)
    criteria = {c.id for t in model.themes for c in t.criteria}
    stray = sorted(key for key in assessment.notes if key not in criteria)
    if stray:
        raise ValueError(
            f"Kvalitetsmodel '{model.version}' har ikke kriteriet "
            f"{', '.join(repr(key) for key in stray)}, så der kan ikke skrives en note til det."
        )


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
