"""Templates per kind of unit and colour, the sources each kind offers, and the hours model.

All of it is data: ``data/intensity_sources.yaml`` says which data sources and methods a
tilbud and a plejefamilie offer; each rule set names its template file
(``LegalRuleSet.templates``, e.g. ``data/intensity_templates.yaml``), which holds the hours
model and, per kind, a template per colour and how the time on site scales with the unit's
size (``Unit.capacity``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from enum import Enum
from functools import cache

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from tilsynwidgets.domain.core.categories import RiskCategory
from tilsynwidgets.domain.core.datafiles import load_packaged
from tilsynwidgets.domain.core.errors import DataFileError, Problem
from tilsynwidgets.domain.core.kinds import UnitKind
from tilsynwidgets.domain.intensity.dimensions import (
    CollectionMethod,
    DataSource,
    IntensityLevel,
    IntensityPlan,
)
from tilsynwidgets.domain.intensity.rulesets import LegalRuleSet, default_ruleset

__all__ = [
    "CapacityScaling",
    "HoursModel",
    "KindOffer",
    "KindTemplates",
    "SourcesData",
    "TemplateSet",
    "estimate_hours",
    "hours_model",
    "kind_problems",
    "offered",
    "sources_data",
    "template_for",
    "template_set",
]

SOURCES_FILE = "intensity_sources.yaml"
_SOURCE_NOUNS = ("Datakilden", "Datakilderne")
_METHOD_NOUNS = ("Metoden", "Metoderne")


class KindOffer(BaseModel):
    """The data sources and collection methods one kind of unit offers."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    data_sources: tuple[DataSource, ...] = Field(min_length=1)
    methods: tuple[CollectionMethod, ...] = Field(min_length=1)


class SourcesData(BaseModel):
    """Contents of ``data/intensity_sources.yaml``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    version: str = Field(min_length=1)
    kinds: dict[UnitKind, KindOffer]

    @field_validator("kinds")
    @classmethod
    def _every_kind(cls, value: dict[UnitKind, KindOffer]) -> dict[UnitKind, KindOffer]:
        _require_every_kind(value, "kilder")
        return value


def _require_every_kind(value: Mapping[UnitKind, object], what: str) -> None:
    missing = [kind.value for kind in UnitKind if kind not in value]
    if missing:
        raise ValueError(f"mangler {what} for: {', '.join(missing)}")


@cache
def sources_data() -> SourcesData:
    return load_packaged(SourcesData, SOURCES_FILE)


def offered(kind: UnitKind) -> KindOffer:
    """What a plan for a unit of ``kind`` may choose among."""
    return sources_data().kinds[kind]


def kind_problems(
    plan: IntensityPlan, kind: UnitKind, label: Callable[[Enum], str] | None = None
) -> list[tuple[str, str]]:
    """Choices in ``plan`` that a unit of ``kind`` does not offer: (field path, Danish text).

    The form offers only the kind's choices; this is the kernel's own check, for a value
    that reached the plan another way (e.g. sent by a browser). With ``label`` (the Danish
    labels, which live above the domain's packages) the text names the choices.
    """
    offer = offered(kind)
    found: list[tuple[str, str]] = []
    for path, chosen, allowed, nouns in (
        ("data_sources.sources", plan.data_sources.sources, offer.data_sources, _SOURCE_NOUNS),
        ("methods.methods", plan.methods.methods, offer.methods, _METHOD_NOUNS),
    ):
        foreign = [member for member in chosen if member not in allowed]
        if foreign:
            found.append((path, _foreign_text(nouns, foreign, kind, label)))
    return found


def _foreign_text(
    nouns: tuple[str, str],
    foreign: Sequence[Enum],
    kind: UnitKind,
    label: Callable[[Enum], str] | None,
) -> str:
    """``Datakilden «Medarbejdere» hører ikke til en plejefamilie; vælg blandt de viste.``
    Without ``label`` the choices are named as a data file writes them ('medarbejdere')."""
    what = "en plejefamilie" if kind is UnitKind.PLEJEFAMILIE else "et tilbud"
    if label is None:
        names = ", ".join(f"'{member.value}'" for member in foreign)
    else:
        names = ", ".join(f"«{label(member)}»" for member in foreign)
    noun = nouns[0] if len(foreign) == 1 else nouns[1]
    return f"{noun} {names} hører ikke til {what}; vælg blandt de viste."


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


class CapacityScaling(BaseModel):
    """How the time on site per visit follows the unit's size.

    ``factor = (capacity / reference_capacity) ** exponent``, kept within
    ``[min_factor, max_factor]``; the template's hours per visit times the factor, rounded
    to ``step`` hours. At the reference capacity the template holds as written.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    reference_capacity: int = Field(ge=1, le=1000)
    exponent: float = Field(ge=0, le=1)
    min_factor: float = Field(gt=0, le=1)
    max_factor: float = Field(ge=1, le=4)
    step: float = Field(gt=0, le=2)

    def hours(self, template_hours: float, capacity: int) -> float:
        growth = math.pow(capacity / self.reference_capacity, self.exponent)
        factor = min(max(growth, self.min_factor), self.max_factor)
        steps = math.floor(template_hours * factor / self.step + 0.5)
        return max(self.step, steps * self.step)


class KindTemplates(BaseModel):
    """One kind's template per colour and its scaling with size."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    scaling: CapacityScaling
    templates: dict[RiskCategory, IntensityPlan]

    @field_validator("templates")
    @classmethod
    def _all_colours(
        cls, value: dict[RiskCategory, IntensityPlan]
    ) -> dict[RiskCategory, IntensityPlan]:
        missing = [c.value for c in RiskCategory if c not in value]
        if missing:
            raise ValueError(f"mangler skabelon for: {', '.join(missing)}")
        return value


class TemplateSet(BaseModel):
    """Contents of one template file: a version, the hours model and each kind's templates.

    Every template may use only what its kind offers (``intensity_sources.yaml``).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    version: str = Field(min_length=1)
    hours: HoursModel
    kinds: dict[UnitKind, KindTemplates]

    @field_validator("kinds")
    @classmethod
    def _fit_their_kind(cls, value: dict[UnitKind, KindTemplates]) -> dict[UnitKind, KindTemplates]:
        _require_every_kind(value, "skabeloner")
        for kind, templates in value.items():
            for category, plan in templates.templates.items():
                problems = kind_problems(plan, kind)
                if problems:
                    where = f"{kind.value}, {category.value}"
                    raise ValueError(f"{where}: {' '.join(text for _, text in problems)}")
        return value


@cache
def _load_set(file: str, version: str) -> TemplateSet:
    loaded = load_packaged(TemplateSet, file)
    if loaded.version != version:
        raise DataFileError(
            file,
            [
                Problem(
                    "«version»",
                    f"er '{loaded.version}', men regelsættet bruger version '{version}'",
                )
            ],
        )
    return loaded


def template_set(rules: LegalRuleSet | None = None) -> TemplateSet:
    """The templates and hours model that go with ``rules`` (default: the default rule set)."""
    ref = (rules or default_ruleset()).templates
    return _load_set(ref.file, ref.version)


def template_for(
    category: RiskCategory,
    kind: UnitKind = UnitKind.TILBUD,
    capacity: int | None = None,
    rules: LegalRuleSet | None = None,
) -> IntensityPlan:
    """The starting-point plan for a unit of ``kind`` and ``capacity`` in ``category``.

    The rule set chooses the template file (the 2025 rule set has its own); the time on
    site per visit follows the capacity (places or children) as the file's scaling says.
    Without ``capacity`` the template is returned as written, i.e. for a unit of the
    reference size.
    """
    templates = template_set(rules).kinds[kind]
    plan = templates.templates[category]
    if capacity is None:
        return plan
    scope = plan.visit_scope
    hours = templates.scaling.hours(scope.hours_per_visit, capacity)
    if hours == scope.hours_per_visit:
        return plan
    return plan.model_copy(
        update={"visit_scope": scope.model_copy(update={"hours_per_visit": hours})}
    )


def hours_model(rules: LegalRuleSet | None = None) -> HoursModel:
    return template_set(rules).hours


def estimate_hours(plan: IntensityPlan, model: HoursModel | None = None) -> float:
    """Hours a year the plan requires, from the data coefficients.

    Written: level hours (+ financial when requested). External: per source at the level.
    Visits: each visit costs ``hours_per_visit`` on site plus a fixed overhead (preparation,
    travel), both per inspector. Sources and methods: a fixed cost each (planning,
    analysis). Follow-up: reporting and dialogue level hours plus per meeting. The unit's
    size enters through the plan's hours per visit (see :func:`template_for`).
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
