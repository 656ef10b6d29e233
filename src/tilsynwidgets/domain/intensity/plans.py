"""Supervision intensity (tilsynsintensitet): the plan a supervisor decides for a unit.

The seven dimensions live in ``dimensions.py``; templates, the sources each kind of unit
offers and the hours model in ``templates.py`` (all data). They are re-exported here, where
callers have always found them. A :class:`PlanDecision` records the decision; stored
decisions stay readable as the model grows (every new field has a default).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator

from tilsynwidgets.domain.core.categories import RiskCategory
from tilsynwidgets.domain.core.fields import AwareDatetime, MultiLineText, NonBlank
from tilsynwidgets.domain.core.kinds import UnitKind
from tilsynwidgets.domain.core.units import UnitId
from tilsynwidgets.domain.intensity.dimensions import (
    CollectionMethod,
    DataSource,
    DataSources,
    ExternalInformation,
    ExternalSource,
    FollowUp,
    IntensityLevel,
    IntensityPlan,
    Methods,
    Visits,
    VisitScope,
    WrittenInformation,
)
from tilsynwidgets.domain.intensity.templates import (
    HoursModel,
    TemplateSet,
    estimate_hours,
    hours_model,
    kind_problems,
    template_for,
    template_set,
)

__all__ = [
    "MIN_REASON",
    "CollectionMethod",
    "DataSource",
    "DataSources",
    "ExternalInformation",
    "ExternalSource",
    "FollowUp",
    "HoursModel",
    "IntensityLevel",
    "IntensityPlan",
    "Methods",
    "PlanDecision",
    "TemplateSet",
    "VisitScope",
    "Visits",
    "WrittenInformation",
    "estimate_hours",
    "hours_model",
    "is_template_unchanged",
    "template_for",
    "template_set",
]

MIN_REASON = 20
"""Characters a reason needs when a template is kept as it is (to counter automatism)."""


class PlanDecision(BaseModel):
    """The intensity a supervisor chose for a unit, with the estimated hours it requires.

    ``unit_kind`` and ``template_version`` were added later: a decision stored before has
    neither (``None``). When the kind is given, the plan may use only what the kind offers.
    """

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
    unit_kind: UnitKind | None = Field(default=None, title="Enhedstype")
    template_version: str | None = Field(default=None, max_length=64, title="Skabelonversion")

    @model_validator(mode="after")
    def _reasoned(self) -> PlanDecision:
        if self.template_unchanged and len(self.reason.strip()) < MIN_REASON:
            raise ValueError(
                "skabelonen bruges uændret: begrund hvorfor den passer til enheden "
                f"(mindst {MIN_REASON} tegn i 'Begrundelse')"
            )
        return self

    @model_validator(mode="after")
    def _fits_the_kind(self) -> PlanDecision:
        if self.unit_kind is not None:
            problems = kind_problems(self.plan, self.unit_kind)
            if problems:
                raise ValueError(" ".join(text for _, text in problems))
        return self


def is_template_unchanged(plan: IntensityPlan, template: IntensityPlan) -> bool:
    """True when ``plan`` is exactly ``template`` (set-like choices in any order: both are
    normalised when built)."""
    return plan == template
