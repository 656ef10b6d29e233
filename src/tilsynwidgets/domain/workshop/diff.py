"""The difference between two versions of the criteria catalogue, criterion by criterion
and field by field, in Danish."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

from tilsynwidgets.domain.core.categories import RiskCategory
from tilsynwidgets.domain.core.danish_numbers import danish_number
from tilsynwidgets.domain.core.signals import signal_catalogue
from tilsynwidgets.domain.labels import label_of
from tilsynwidgets.domain.risk.criteria import CriteriaCatalogue, Criterion, Operator

__all__ = [
    "CatalogueDiff",
    "CriterionChange",
    "FieldChange",
    "catalogue_diff",
]


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field that differs: its name, its Danish title and the two values."""

    field: str
    title: str
    old: object
    new: object

    def describe(self) -> str:
        """Danish, e.g. ``tærskel 1 → 2``."""
        return (
            f"{self.title.lower()} {_shown(self.field, self.old)} → {_shown(self.field, self.new)}"
        )


@dataclass(frozen=True, slots=True)
class CriterionChange:
    """A criterion (same id) in both versions whose fields differ; ``name`` is how people
    know it: its condition in the old version."""

    id: str
    changes: tuple[FieldChange, ...]
    name: str = ""

    def describe(self) -> str:
        """Danish, e.g. ``Ændret: Whistleblowerhenvendelser ≥ 1 – tærskel 1 → 2; peger på gul
        → rød``."""
        listed = "; ".join(change.describe() for change in self.changes)
        return f"Ændret: {self.name or self.id} – {listed}"


@dataclass(frozen=True, slots=True)
class CatalogueDiff:
    """What changed from ``old_version`` to ``new_version``, criteria matched by id.

    The versions' names are not themselves a difference: they always differ.
    """

    old_version: str
    new_version: str
    catalogue: tuple[FieldChange, ...]
    aggregation: tuple[FieldChange, ...]
    added: tuple[Criterion, ...]
    removed: tuple[Criterion, ...]
    changed: tuple[CriterionChange, ...]
    reordered: bool

    @property
    def is_empty(self) -> bool:
        return not (
            self.catalogue
            or self.aggregation
            or self.added
            or self.removed
            or self.changed
            or self.reordered
        )

    def describe(self) -> list[str]:
        """One Danish line per difference; ``["Ingen forskelle"]`` when there is none."""
        if self.is_empty:
            return ["Ingen forskelle"]
        lines = [f"Ændret: {change.describe()}" for change in self.catalogue]
        lines += [f"Ændret sammenvejning: {change.describe()}" for change in self.aggregation]
        lines += [f"Tilføjet: {_summary(criterion)}" for criterion in self.added]
        lines += [f"Fjernet: {_summary(criterion)}" for criterion in self.removed]
        lines += [change.describe() for change in self.changed]
        if self.reordered:
            lines.append("Ændret: kriteriernes rækkefølge")
        return lines


def catalogue_diff(old: CriteriaCatalogue, new: CriteriaCatalogue) -> CatalogueDiff:
    """The difference from ``old`` to ``new``: criteria added, removed and changed (by id),
    the aggregation rule, the title and description, and the criteria's order."""
    old_by_id = {criterion.id: criterion for criterion in old.criteria}
    new_by_id = {criterion.id: criterion for criterion in new.criteria}
    changed = []
    for criterion in new.criteria:
        before = old_by_id.get(criterion.id)
        if before is not None:
            fields = _field_changes(before, criterion, exclude={"id"})
            if fields:
                changed.append(CriterionChange(criterion.id, fields, before.describe()))
    kept_old = [c.id for c in old.criteria if c.id in new_by_id]
    kept_new = [c.id for c in new.criteria if c.id in old_by_id]
    return CatalogueDiff(
        old_version=old.version,
        new_version=new.version,
        catalogue=_field_changes(old, new, exclude={"version", "aggregation", "criteria"}),
        aggregation=_field_changes(old.aggregation, new.aggregation, exclude=set()),
        added=tuple(c for c in new.criteria if c.id not in old_by_id),
        removed=tuple(c for c in old.criteria if c.id not in new_by_id),
        changed=tuple(changed),
        reordered=kept_old != kept_new,
    )


def _field_changes(old: BaseModel, new: BaseModel, *, exclude: set[str]) -> tuple[FieldChange, ...]:
    fields = type(new).model_fields
    return tuple(
        FieldChange(name, info.title or name, getattr(old, name), getattr(new, name))
        for name, info in fields.items()
        if name not in exclude and getattr(old, name) != getattr(new, name)
    )


def _summary(criterion: Criterion) -> str:
    return f"{criterion.describe()}, peger på {label_of(criterion.points_to).lower()}"


def _shown(field: str, value: object) -> str:
    """A value as a Dane reads it: 2,5 not 2.5; rød not roed; the signal's label."""
    if value is None:
        return "ingen"
    if isinstance(value, RiskCategory):
        return label_of(value).lower()
    if isinstance(value, Operator):
        return value.symbol
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, int | float):
        return danish_number(value)
    if field == "signal" and isinstance(value, str) and value in signal_catalogue():
        return signal_catalogue().get(value).label
    return f'"{value}"'
