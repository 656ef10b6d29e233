"""Fictional case vignettes for training sessions, as validated, versioned data.

A vignette is a case as an inspector would receive it: a narrative, the unit as data
(validated by the same :class:`Unit` model and signal catalogue as real units), the quality
scores when the quality assessment has been made (post), and the answer a senior inspector
would give: a reference colour with its rationale and a reference intensity plan.

The reference is professional judgement, not the criteria catalogue's output: it may
deviate from the suggestion (the grey zones), and its rationale then says why. Every text is
plain text, never HTML; escape it when rendering.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from tilsynwidgets.domain.core.categories import Phase, RiskCategory
from tilsynwidgets.domain.core.context import given_in
from tilsynwidgets.domain.core.danish_numbers import UNKNOWN, danish_decimal, danish_number
from tilsynwidgets.domain.core.datafiles import load_model, load_packaged, read_packaged_text
from tilsynwidgets.domain.core.errors import DataFileError, Problem
from tilsynwidgets.domain.core.fields import MultiLineText, NonBlank, NonBlankMultiLine, duplicated
from tilsynwidgets.domain.core.kinds import UnitKind
from tilsynwidgets.domain.core.signals import signal_catalogue
from tilsynwidgets.domain.core.units import Unit
from tilsynwidgets.domain.intensity.plans import (
    MIN_REASON,
    IntensityPlan,
    PlanDecision,
    estimate_hours,
    template_for,
)
from tilsynwidgets.domain.intensity.rulesets import (
    DEFAULT_RULESET_ID,
    RULESET,
    LegalRuleSet,
    check_plan,
    default_ruleset,
)
from tilsynwidgets.domain.quality.model import (
    QualityAssessment,
    Score,
    check_scores,
    quality_model,
    theme_scores,
)
from tilsynwidgets.domain.risk.assessment import InformationSource, RiskAssessment, Suggestion
from tilsynwidgets.domain.risk.criteria import (
    CriteriaCatalogue,
    default_catalogue,
    suggest_category,
)
from tilsynwidgets.domain.risk.quality_basis import reference_to

__all__ = [
    "LOWEST_SCORE_TOLERANCE",
    "MIN_PARAGRAPHS",
    "MIN_RATIONALE",
    "MIN_VIGNETTES",
    "VIGNETTES",
    "VIGNETTES_FILE",
    "Vignette",
    "VignetteQuality",
    "VignetteSet",
    "load_vignettes",
    "vignette",
    "vignettes",
]

VIGNETTES_FILE = "vignettes.yaml"
MIN_VIGNETTES = 12
"""A training set needs enough cases to show a spread of colours and kinds."""
MIN_RATIONALE = 80
"""Characters a reference rationale needs: it must say why, not only which colour."""
MIN_PARAGRAPHS = 2
"""Paragraphs a narrative needs (a case as received, not a one-line summary)."""
LOWEST_SCORE_TOLERANCE = 0.01
"""How far the unit's 'Laveste temascore' may sit from the vignette's own quality scores."""

VignetteId = Annotated[
    str,
    Field(
        pattern=r"^[a-z0-9][a-z0-9-]{0,47}$",
        title="Id",
        description="Vignettens id (små bogstaver, tal og -; højst 48 tegn).",
    ),
]

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_VIGNETTE_AT = re.compile(r"\bVignet (\d+)\b")  # counted from 1, as the problem names it


class VignetteQuality(BaseModel):
    """Indicator scores of the quality assessment made in the case (post only)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    model_version: str = Field(min_length=1, title="Kvalitetsmodellens version")
    scores: dict[str, Score] = Field(
        min_length=1,
        title="Scorer",
        description="Indikator → score fra 1 (i meget lav grad) til 5 (i meget høj grad).",
    )


class Vignette(BaseModel):
    """One fictional case with its reference colour, rationale and intensity plan.

    Field order matters: later validators read earlier fields (phase, as_of, unit).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: VignetteId
    title: NonBlank = Field(min_length=1, max_length=120, title="Titel")
    phase: Phase = Field(
        title="Tidspunkt",
        description="Præ: tilsynet tilrettelægges. Post: kvalitetsvurderingen er foretaget.",
    )
    as_of: date = Field(title="Sagens dato", description="Den dag sagen ligger på bordet.")
    narrative: NonBlankMultiLine = Field(min_length=1, max_length=20000, title="Sagsfremstilling")
    unit: Unit = Field(title="Enheden")
    quality: VignetteQuality | None = Field(
        default=None,
        validate_default=True,
        title="Kvalitetsvurdering",
        description="Skal være der i en post-vignet og må ikke være der i en præ-vignet.",
    )
    reference_category: RiskCategory = Field(title="Referencekategori")
    rationale: NonBlankMultiLine = Field(min_length=1, max_length=5000, title="Faglig begrundelse")
    risk_factors: tuple[NonBlank, ...] = Field(default=(), title="Risikofaktorer")
    protective_factors: tuple[NonBlank, ...] = Field(default=(), title="Beskyttende faktorer")
    unknowns: tuple[NonBlank, ...] = Field(default=(), title="Det, vi ikke ved")
    based_on: tuple[InformationSource, ...] = Field(
        min_length=1, title="Oplysninger vurderingen bygger på"
    )
    reference_plan: IntensityPlan = Field(title="Referenceplan for tilsynsintensitet")
    plan_rationale: NonBlankMultiLine = Field(
        min_length=1,
        max_length=5000,
        title="Begrundelse for planen",
        description="Hvad er ændret i forhold til kategoriens skabelon og hvorfor, eller "
        "hvorfor skabelonen passer uændret (modvirk automatik).",
    )

    @field_validator("narrative")
    @classmethod
    def _paragraphs(cls, value: str) -> str:
        paragraphs = [p for p in _PARAGRAPH_BREAK.split(value) if p.strip()]
        if len(paragraphs) < MIN_PARAGRAPHS:
            raise ValueError(
                f"sagsfremstillingen skal have mindst {MIN_PARAGRAPHS} afsnit "
                "adskilt af en tom linje"
            )
        return value

    @field_validator("unit")
    @classmethod
    def _visits_before_case(cls, value: Unit, info: ValidationInfo) -> Unit:
        as_of = info.data.get("as_of")
        if as_of is not None and value.last_visit is not None and value.last_visit > as_of:
            raise ValueError(
                f"seneste tilsynsbesøg ({value.last_visit.isoformat()}) ligger efter sagens "
                f"dato ({as_of.isoformat()})"
            )
        return value

    @field_validator("quality")
    @classmethod
    def _quality_fits_phase_and_unit(
        cls, value: VignetteQuality | None, info: ValidationInfo
    ) -> VignetteQuality | None:
        phase, unit = info.data.get("phase"), info.data.get("unit")
        if phase is Phase.POST and value is None:
            raise ValueError(
                "en post-vignet skal have kvalitetsscorer: kvalitetsvurderingen er foretaget"
            )
        if phase is Phase.PRAE and value is not None:
            raise ValueError(
                "en præ-vignet må ikke have kvalitetsscorer: kvalitetsvurderingen er endnu "
                "ikke foretaget (brug signalet 'Laveste temascore' for den forrige)"
            )
        if value is None or unit is None:
            return value
        model = quality_model(unit.kind)
        if value.model_version != model.version:
            raise ValueError(
                f"kvalitetsmodellens version er '{value.model_version}', men modellen for "
                f"{unit.kind.value} har version '{model.version}'"
            )
        check_scores(model, value.scores)
        themes = theme_scores(model, value.scores)
        missing = [f"{t.number} {t.title}" for t in model.themes if t.id not in themes]
        if missing:
            raise ValueError(f"kvalitetsvurderingen mangler scorer for tema: {', '.join(missing)}")
        lowest = min(themes.values())
        signal = unit.signals.get("lowest_theme_score")
        if signal is None or abs(float(signal) - lowest) > LOWEST_SCORE_TOLERANCE:
            label = signal_catalogue().get("lowest_theme_score").label
            found = UNKNOWN if signal is None else danish_number(float(signal))
            raise ValueError(
                f"enhedens signal '{label}' skal svare til den laveste temascore i vignettens "
                f"kvalitetsvurdering ({danish_decimal(lowest)}; fik {found})"
            )
        return value

    @field_validator("rationale")
    @classmethod
    def _reasoned(cls, value: str) -> str:
        if len(value) < MIN_RATIONALE:
            raise ValueError(f"den faglige begrundelse skal have mindst {MIN_RATIONALE} tegn")
        return value

    @field_validator("based_on")
    @classmethod
    def _post_rests_on_quality(
        cls, value: tuple[InformationSource, ...], info: ValidationInfo
    ) -> tuple[InformationSource, ...]:
        if info.data.get("phase") is Phase.POST and (
            InformationSource.KVALITETSVURDERING not in value
        ):
            raise ValueError("en post-vignet skal bygge på kvalitetsvurderingen")
        return value

    @field_validator("reference_plan")
    @classmethod
    def _lawful(cls, value: IntensityPlan, info: ValidationInfo) -> IntensityPlan:
        violations = check_plan(value, given_in(info, RULESET, LegalRuleSet, default_ruleset))
        if violations:
            raise ValueError(" ".join(v.message for v in violations))
        return value

    @field_validator("plan_rationale")
    @classmethod
    def _plan_reasoned(cls, value: str) -> str:
        if len(value) < MIN_REASON:
            raise ValueError(f"begrundelsen for planen skal have mindst {MIN_REASON} tegn")
        return value

    @property
    def kind(self) -> UnitKind:
        return self.unit.kind

    def suggestion(self, catalogue: CriteriaCatalogue | None = None) -> Suggestion:
        """The criteria catalogue's suggestion from the unit's signals (default catalogue)."""
        return suggest_category(self.unit.signals, catalogue or default_catalogue(), self.kind)

    def deviates(self, catalogue: CriteriaCatalogue | None = None) -> bool:
        """True when the reference colour is not the catalogue's suggestion (a grey zone)."""
        return self.suggestion(catalogue).category != self.reference_category

    def theme_scores(self) -> dict[str, float]:
        """Theme scores of the vignette's quality assessment (empty in a præ vignette)."""
        if self.quality is None:
            return {}
        return theme_scores(quality_model(self.kind), self.quality.scores)

    def template_changes(self) -> tuple[str, ...]:
        """The plan's dimensions (field names) that differ from the template for the colour
        and the vignette's unit (its kind and size)."""
        template = template_for(self.reference_category, self.kind, self.unit.capacity)
        return tuple(
            name
            for name in IntensityPlan.model_fields
            if getattr(self.reference_plan, name) != getattr(template, name)
        )

    def reference_hours(self) -> float:
        """Hours a year the reference plan requires (the data's hours model)."""
        return estimate_hours(self.reference_plan)

    def quality_assessment(self, assessor: str, assessed_at: datetime) -> QualityAssessment | None:
        """The vignette's quality scores as a real assessment of its unit (``None`` in præ)."""
        if self.quality is None:
            return None
        return QualityAssessment(
            unit_id=self.unit.id,
            model_version=self.quality.model_version,
            scores=self.quality.scores,
            assessor=assessor,
            assessed_at=assessed_at,
        )

    def reference_assessment(
        self,
        assessor: str,
        assessed_at: datetime,
        catalogue: CriteriaCatalogue | None = None,
    ) -> RiskAssessment:
        """The reference as a real risk assessment, under the same rules as any other.

        The rationale doubles as the deviation justification when the reference deviates.
        """
        suggestion = self.suggestion(catalogue)
        deviates = (
            suggestion.category is not None and suggestion.category != self.reference_category
        )
        quality = self.quality_assessment(assessor, assessed_at)
        return RiskAssessment(
            unit_id=self.unit.id,
            phase=self.phase,
            suggested=suggestion.category,
            reasons=suggestion.reasons,
            catalogue_version=suggestion.catalogue_version,
            unknown_signals=suggestion.unknown_signals,
            chosen=self.reference_category,
            justification=self.rationale,
            deviation_justification=self.rationale if deviates else "",
            based_on=self.based_on,
            quality=reference_to(quality) if quality is not None else None,
            assessor=assessor,
            assessed_at=assessed_at,
        )

    def reference_decision(
        self, author: str, decided_at: datetime, ruleset_id: str = DEFAULT_RULESET_ID
    ) -> PlanDecision:
        """The reference plan as a real plan decision, under the same rules as any other."""
        plan = self.reference_plan
        return PlanDecision(
            unit_id=self.unit.id,
            category=self.reference_category,
            plan=plan,
            estimated_hours=estimate_hours(plan),
            template_unchanged=not self.template_changes(),
            reason=self.plan_rationale,
            author=author,
            decided_at=decided_at,
            ruleset_id=ruleset_id,
            unit_kind=self.kind,
        )


class VignetteSet(BaseModel):
    """A versioned set of vignettes spanning both kinds of unit and all three colours."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    version: str = Field(min_length=1, max_length=64, title="Version")
    title: NonBlank = Field(min_length=1, max_length=200, title="Titel")
    description: MultiLineText = Field(default="", max_length=5000, title="Beskrivelse")
    vignettes: tuple[Vignette, ...] = Field(title="Vignetter")

    @field_validator("vignettes")
    @classmethod
    def _spread(cls, value: tuple[Vignette, ...]) -> tuple[Vignette, ...]:
        problems: list[str] = []
        if len(value) < MIN_VIGNETTES:
            problems.append(f"der skal være mindst {MIN_VIGNETTES} vignetter (fik {len(value)})")
        ids = duplicated(v.id for v in value)
        if ids:
            problems.append(f"vignettens id findes flere gange: {', '.join(ids)}")
        unit_ids = duplicated(v.unit.id for v in value)
        if unit_ids:
            problems.append(f"enhedens id findes i flere vignetter: {', '.join(unit_ids)}")
        kinds = {v.kind for v in value}
        problems += [f"ingen vignet handler om en {k.value}" for k in UnitKind if k not in kinds]
        colours = {v.reference_category for v in value}
        problems += [
            f"ingen vignet har referencekategorien {c.value}"
            for c in RiskCategory
            if c not in colours
        ]
        if problems:
            raise ValueError("; ".join(problems))
        return value

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(v.id for v in self.vignettes)

    def get(self, vignette_id: str) -> Vignette:
        """The vignette with this id; ``KeyError`` with a Danish message if unknown."""
        for item in self.vignettes:
            if item.id == vignette_id:
                return item
        raise KeyError(f"ukendt vignet '{vignette_id}' (kendte: {', '.join(self.ids)})")


VIGNETTES = "vignettes"
"""The key of the vignette set in a pydantic validation context."""


@cache
def vignettes() -> VignetteSet:
    """The vignette set shipped with the package (``data/vignettes.yaml``)."""
    try:
        return load_packaged(VignetteSet, VIGNETTES_FILE)
    except DataFileError as exc:
        raise _naming_vignettes(exc, read_packaged_text(VIGNETTES_FILE)) from exc


def load_vignettes(path: Path) -> VignetteSet:
    """A vignette set from a file on disk, validated exactly like the packaged one."""
    try:
        return load_model(VignetteSet, path)
    except DataFileError as exc:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            raise exc from None
        raise _naming_vignettes(exc, text) from exc


def vignette(vignette_id: str) -> Vignette:
    """The packaged vignette with this id; ``KeyError`` with a Danish message if unknown."""
    return vignettes().get(vignette_id)


def _naming_vignettes(error: DataFileError, text: str) -> DataFileError:
    """``error`` with each problem inside a vignette also naming that vignette's id."""
    ids = _ids_by_position(text)
    problems = []
    for problem in error.problems:
        found = _VIGNETTE_AT.search(problem.where)
        known = ids.get(int(found.group(1)) - 1) if found else None
        where = f"{problem.where} (vignet '{known}')" if known else problem.where
        problems.append(Problem(where, problem.message))
    return DataFileError(error.source, problems)


def _ids_by_position(text: str) -> dict[int, str]:
    """Position → id of each vignette in the raw YAML, as far as it can be read."""
    try:
        data: Any = yaml.safe_load(text)
    except yaml.YAMLError:
        return {}
    items = data.get("vignettes") if isinstance(data, Mapping) else None
    if not isinstance(items, list):
        return {}
    return {
        position: item["id"]
        for position, item in enumerate(items)
        if isinstance(item, Mapping) and isinstance(item.get("id"), str)
    }
