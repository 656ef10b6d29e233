"""Danish labels for every code value, read from ``data/labels.da.yaml``.

Colour is never the only carrier of a category: each has a label, a description and a
symbol besides its colour.
"""

from __future__ import annotations

from enum import Enum
from functools import cache

from pydantic import BaseModel, ConfigDict, Field, model_validator

from tilsynwidgets.domain.core.categories import Phase, RiskCategory
from tilsynwidgets.domain.core.datafiles import load_packaged
from tilsynwidgets.domain.core.kinds import UnitKind
from tilsynwidgets.domain.core.units import Socialtilsyn, UnitType
from tilsynwidgets.domain.information.kinds import Origin
from tilsynwidgets.domain.intensity.dimensions import (
    CollectionMethod,
    DataSource,
    ExternalSource,
    IntensityLevel,
)
from tilsynwidgets.domain.quality.model import AggregationMethod
from tilsynwidgets.domain.risk.assessment import InformationSource
from tilsynwidgets.domain.risk.criteria import Operator
from tilsynwidgets.domain.support.self_assessment import MeasureLevel

__all__ = ["CategoryStyle", "Labels", "code_labels", "label_of", "labels"]

_HEX = r"^#[0-9A-Fa-f]{6}$"


class CategoryStyle(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    label: str = Field(min_length=1)
    description: str = Field(min_length=1)
    colour: str = Field(pattern=_HEX)
    text_colour: str = Field(pattern=_HEX)
    symbol: str = Field(min_length=1, max_length=2)


class SocialtilsynLabel(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    label: str = Field(min_length=1)
    host: str = Field(min_length=1)


class UnitTypeLabel(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    label: str = Field(min_length=1)
    legal_basis: str = Field(min_length=1)


# Enums whose labels live under ``enums:``; each member must have one.
_PLAIN_ENUMS: tuple[type[Enum], ...] = (
    Phase,
    UnitKind,
    InformationSource,
    Origin,
    IntensityLevel,
    ExternalSource,
    DataSource,
    CollectionMethod,
    AggregationMethod,
    MeasureLevel,
    Operator,
)


class Labels(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    version: str = Field(min_length=1)
    categories: dict[RiskCategory, CategoryStyle]
    socialtilsyn: dict[Socialtilsyn, SocialtilsynLabel]
    unit_types: dict[UnitType, UnitTypeLabel]
    enums: dict[str, dict[str, str]]

    @model_validator(mode="after")
    def _complete(self) -> Labels:
        missing = [f"categories.{c.value}" for c in RiskCategory if c not in self.categories]
        missing += [f"socialtilsyn.{s.value}" for s in Socialtilsyn if s not in self.socialtilsyn]
        missing += [f"unit_types.{t.value}" for t in UnitType if t not in self.unit_types]
        for enum in _PLAIN_ENUMS:
            given = self.enums.get(enum.__name__, {})
            missing += [f"enums.{enum.__name__}.{m.value}" for m in enum if m.value not in given]
        if missing:
            raise ValueError(f"mangler tekster for: {', '.join(missing)}")
        return self

    def category(self, category: RiskCategory) -> CategoryStyle:
        return self.categories[category]

    def enum(self, member: Enum) -> str:
        return self.enums[type(member).__name__][str(member.value)]


@cache
def labels() -> Labels:
    """The Danish labels shipped with the package."""
    return load_packaged(Labels, "labels.da.yaml")


def code_labels(column: str) -> dict[str, str]:
    """Codes → Danish labels for a column of socialtilsyn or unit-type codes (e.g. to name
    a table's index); other columns keep their values (an empty mapping)."""
    if column == "socialtilsyn":
        return {s.value: label_of(s) for s in Socialtilsyn}
    if column == "unit_type":
        return {t.value: label_of(t) for t in UnitType}
    return {}


def label_of(member: Enum) -> str:
    """The Danish label of any code value the package defines."""
    texts = labels()
    if isinstance(member, RiskCategory):
        return texts.categories[member].label
    if isinstance(member, Socialtilsyn):
        return texts.socialtilsyn[member].label
    if isinstance(member, UnitType):
        return texts.unit_types[member].label
    return texts.enum(member)
