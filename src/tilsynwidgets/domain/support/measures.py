"""Organisational support per colour (seed 001) and a unit's checklist of it.

The measures are the seed's own text, kept as data in ``data/measures.yaml``. A unit's
checklist is a history of :class:`ChecklistChange`; its state is derived, never stored.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from functools import cache

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from tilsynwidgets.domain.core.categories import RiskCategory
from tilsynwidgets.domain.core.datafiles import load_packaged
from tilsynwidgets.domain.core.fields import AwareDatetime, MultiLineText, NonBlank, duplicated
from tilsynwidgets.domain.core.units import UnitId

__all__ = [
    "MEASURES",
    "ChecklistChange",
    "ChecklistItem",
    "ChecklistState",
    "ColourSupport",
    "Measure",
    "MeasureCatalogue",
    "changes_to_save",
    "checklist_state",
    "general_measures",
    "measure_catalogue",
    "measures_for",
]


class ChecklistChange(BaseModel):
    """One tick or untick of a support measure for a unit: the checklist's history."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    unit_id: UnitId
    measure_id: str = Field(min_length=1, max_length=64, title="Tiltag")
    in_place: bool = Field(title="På plads", description="Er tiltaget etableret for enheden?")
    note: MultiLineText = Field(default="", max_length=2000, title="Bemærkning")
    author: NonBlank = Field(min_length=1, max_length=120, title="Udfyldt af")
    changed_at: AwareDatetime = Field(title="Tidspunkt")


class Measure(BaseModel):
    """One organisational measure: a short title and the seed's full text."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)
    title: str = Field(min_length=1, max_length=80)
    text: str = Field(min_length=1)


class ColourSupport(BaseModel):
    """What the organisation should have in place for one colour, as a starting point."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    intro: str = Field(min_length=1)
    lead: str = Field(min_length=1)
    measures: tuple[Measure, ...] = Field(min_length=1)


class MeasureCatalogue(BaseModel):
    """Contents of ``data/measures.yaml``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    version: str = Field(min_length=1)
    general_intro: str = Field(min_length=1)
    general: tuple[Measure, ...] = Field(min_length=1)
    colours: dict[RiskCategory, ColourSupport]

    @field_validator("colours")
    @classmethod
    def _complete_and_unique(
        cls, value: dict[RiskCategory, ColourSupport], info: ValidationInfo
    ) -> dict[RiskCategory, ColourSupport]:
        missing = [c.value for c in RiskCategory if c not in value]
        if missing:
            raise ValueError(f"mangler tiltag for: {', '.join(missing)}")
        ids = [m.id for m in info.data.get("general", ())]
        ids += [m.id for support in value.values() for m in support.measures]
        duplicates = duplicated(ids)
        if duplicates:
            raise ValueError(f"tiltaget findes flere gange: {', '.join(duplicates)}")
        return value

    def all_measures(self) -> tuple[Measure, ...]:
        """The general measures and every colour's measures."""
        return self.general + tuple(m for s in self.colours.values() for m in s.measures)


class ChecklistItem(BaseModel):
    """One measure of a colour and whether it is in place, by whom and since when."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    measure: Measure
    in_place: bool = False
    author: str | None = None
    changed_at: datetime | None = None
    note: str = ""


class ChecklistState(BaseModel):
    """The current checklist of one unit for one colour."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    category: RiskCategory
    unit_id: str | None = None
    items: tuple[ChecklistItem, ...]

    @property
    def missing(self) -> tuple[Measure, ...]:
        """Measures not in place: never ticked, or unticked since."""
        return tuple(item.measure for item in self.items if not item.in_place)

    @property
    def complete(self) -> bool:
        return not self.missing


@cache
def measure_catalogue() -> MeasureCatalogue:
    """The measures shipped with the package (``data/measures.yaml``)."""
    return load_packaged(MeasureCatalogue, "measures.yaml")


MEASURES = "measures"
"""The key of the measure catalogue in a pydantic validation context."""


def general_measures() -> tuple[Measure, ...]:
    """The eleven general leadership measures (seed 001, first list)."""
    return measure_catalogue().general


def measures_for(category: RiskCategory) -> tuple[Measure, ...]:
    """The measures the organisation should have in place for ``category``."""
    return measure_catalogue().colours[category].measures


def checklist_state(changes: Iterable[ChecklistChange], category: RiskCategory) -> ChecklistState:
    """Derive one unit's checklist for ``category`` from its change history.

    The latest change per measure (by ``changed_at``) wins; on equal times the later one in
    ``changes`` wins. Changes for measures outside this colour (e.g. from the unit's former
    colour) are ignored. All changes must concern the same unit (``ValueError`` otherwise).
    """
    measures = measures_for(category)
    wanted = {measure.id for measure in measures}
    latest: dict[str, ChecklistChange] = {}
    units: set[str] = set()
    for change in changes:
        units.add(change.unit_id)
        if change.measure_id not in wanted:
            continue
        current = latest.get(change.measure_id)
        if current is None or change.changed_at >= current.changed_at:
            latest[change.measure_id] = change
    if len(units) > 1:
        raise ValueError(f"ændringerne gælder flere enheder: {', '.join(sorted(units))}")
    items = []
    for measure in measures:
        last = latest.get(measure.id)
        if last is None:
            items.append(ChecklistItem(measure=measure))
        else:
            items.append(
                ChecklistItem(
                    measure=measure,
                    in_place=last.in_place,
                    author=last.author,
                    changed_at=last.changed_at,
                    note=last.note,
                )
            )
    return ChecklistState(category=category, unit_id=next(iter(units), None), items=tuple(items))


def changes_to_save(
    state: ChecklistState,
    ticked: dict[str, bool],
    *,
    unit_id: str,
    author: str,
    note: str,
    now: datetime,
) -> list[ChecklistChange]:
    """One change per measure whose tick differs from the stored state."""
    return [
        ChecklistChange(
            unit_id=unit_id,
            measure_id=item.measure.id,
            in_place=ticked[item.measure.id],
            note=note,
            author=author,
            changed_at=now,
        )
        for item in state.items
        if ticked.get(item.measure.id, item.in_place) != item.in_place
    ]
