"""How each domain history model maps onto its append-only table and its frame.

One :class:`HistoryKind` per model keeps the store generic: append, read back and frame
are written once in :mod:`tilsynwidgets.store.store` and driven by these descriptions.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

from pydantic import BaseModel
from sqlalchemy import Table

from tilsynwidgets.domain.intensity.plans import PlanDecision
from tilsynwidgets.domain.quality.model import QualityAssessment
from tilsynwidgets.domain.risk.assessment import RiskAssessment
from tilsynwidgets.domain.support.measures import ChecklistChange
from tilsynwidgets.domain.support.self_assessment import SelfAssessment
from tilsynwidgets.store import schema
from tilsynwidgets.store.shapes import current_shape

__all__ = [
    "ASSESSMENTS",
    "CHECKLIST_CHANGES",
    "KINDS",
    "PLANS",
    "QUALITY_ASSESSMENTS",
    "SELF_ASSESSMENTS",
    "HistoryKind",
    "StoredRow",
    "kind_of",
]

M = TypeVar("M", bound=BaseModel)

_TEXT = "str"
_TIME = "datetime64[ns, UTC]"


@dataclass(frozen=True)
class HistoryKind(Generic[M]):
    """A history model, its table, its query columns and the dtypes of its frame."""

    table: Table
    model: type[M]
    when: str
    noun: str
    """Danish plural, for messages ("risikovurderinger")."""
    columns: Callable[[M], dict[str, Any]]
    """The query columns of one model: unit_id (when it is about a unit), ``when`` and the
    decisive values."""
    frame: Mapping[str, str]
    """Frame column → pandas dtype, in frame order."""

    @property
    def subject(self) -> str:
        """The column naming what a row is about: its unit, or a socialtilsyn."""
        return "unit_id" if "unit_id" in self.table.c else "socialtilsyn"

    def row(self, item: M, recorded_at: datetime, corrects: int | None = None) -> dict[str, Any]:
        return {
            **self.columns(item),
            "recorded_at": recorded_at,
            "model": item.model_dump(mode="json"),
            "model_shape": current_shape(self.table.name),
            "corrects": corrects,
        }


@dataclass(frozen=True, slots=True)
class StoredRow(Generic[M]):
    """A history row as stored: its id, the row it corrects (if any) and its model."""

    id: int
    corrects: int | None
    item: M


def _assessment(a: RiskAssessment) -> dict[str, Any]:
    return {
        "unit_id": a.unit_id,
        "assessed_at": a.assessed_at,
        "phase": a.phase.value,
        "suggested": a.suggested.value if a.suggested is not None else None,
        "chosen": a.chosen.value,
        "deviation": a.is_deviation,
        "catalogue_version": a.catalogue_version,
        "assessor": a.assessor,
    }


def _plan(p: PlanDecision) -> dict[str, Any]:
    return {
        "unit_id": p.unit_id,
        "decided_at": p.decided_at,
        "category": p.category.value,
        "estimated_hours": p.estimated_hours,
        "template_unchanged": p.template_unchanged,
        "ruleset_id": p.ruleset_id,
        "author": p.author,
    }


def _checklist_change(c: ChecklistChange) -> dict[str, Any]:
    return {
        "unit_id": c.unit_id,
        "changed_at": c.changed_at,
        "measure_id": c.measure_id,
        "in_place": c.in_place,
        "author": c.author,
    }


def _self_assessment(s: SelfAssessment) -> dict[str, Any]:
    return {
        "socialtilsyn": s.socialtilsyn.value,
        "assessor": s.assessor,
        "catalogue_version": s.catalogue_version,
        "assessed_at": s.assessed_at,
    }


def _quality_assessment(q: QualityAssessment) -> dict[str, Any]:
    return {
        "unit_id": q.unit_id,
        "assessed_at": q.assessed_at,
        "model_version": q.model_version,
        "assessor": q.assessor,
    }


ASSESSMENTS: HistoryKind[RiskAssessment] = HistoryKind(
    table=schema.assessments,
    model=RiskAssessment,
    when="assessed_at",
    noun="risikovurderinger",
    columns=_assessment,
    frame={
        "unit_id": _TEXT,
        "phase": _TEXT,
        "suggested": _TEXT,
        "chosen": _TEXT,
        "assessor": _TEXT,
        "assessed_at": _TIME,
        "deviation": "bool",
    },
)

PLANS: HistoryKind[PlanDecision] = HistoryKind(
    table=schema.plans,
    model=PlanDecision,
    when="decided_at",
    noun="intensitetsplaner",
    columns=_plan,
    frame={
        "unit_id": _TEXT,
        "category": _TEXT,
        "estimated_hours": "float64",
        "template_unchanged": "bool",
        "ruleset_id": _TEXT,
        "author": _TEXT,
        "decided_at": _TIME,
    },
)

CHECKLIST_CHANGES: HistoryKind[ChecklistChange] = HistoryKind(
    table=schema.checklist_changes,
    model=ChecklistChange,
    when="changed_at",
    noun="ændringer af tjeklisten",
    columns=_checklist_change,
    frame={
        "unit_id": _TEXT,
        "measure_id": _TEXT,
        "in_place": "bool",
        "author": _TEXT,
        "changed_at": _TIME,
    },
)

QUALITY_ASSESSMENTS: HistoryKind[QualityAssessment] = HistoryKind(
    table=schema.quality_assessments,
    model=QualityAssessment,
    when="assessed_at",
    noun="kvalitetsvurderinger",
    columns=_quality_assessment,
    frame={
        "unit_id": _TEXT,
        "model_version": _TEXT,
        "assessor": _TEXT,
        "assessed_at": _TIME,
    },
)

SELF_ASSESSMENTS: HistoryKind[SelfAssessment] = HistoryKind(
    table=schema.self_assessments,
    model=SelfAssessment,
    when="assessed_at",
    noun="selvevalueringer af ledelsens tiltag",
    columns=_self_assessment,
    frame={
        "socialtilsyn": _TEXT,
        "assessor": _TEXT,
        "catalogue_version": _TEXT,
        "assessed_at": _TIME,
    },
)


KINDS: tuple[HistoryKind[Any], ...] = (
    ASSESSMENTS,
    PLANS,
    CHECKLIST_CHANGES,
    QUALITY_ASSESSMENTS,
    SELF_ASSESSMENTS,
)


def kind_of(item: BaseModel) -> HistoryKind[Any]:
    """The history kind of a domain model (``TypeError`` for anything that is not history)."""
    for kind in KINDS:
        if type(item) is kind.model:
            return kind
    raise TypeError(f"{type(item).__name__} is not a history model")
