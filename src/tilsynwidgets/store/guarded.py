"""The store as one signed-in person may use it.

:class:`GuardedStore` is the store an app gets: it shares the engine and caches of the
store it wraps and checks the person's grants (:mod:`tilsynwidgets.domain.access.person`) on
every read and write, in the kernel. A unit outside the person's socialtilsyn is not there
for them; a plejefamilie's name outside the socialtilsyn where they may see names comes out
as its pseudonym; a write about a unit they may not edit, a self-assessment they may not
make or a catalogue they may not put in force is refused with a Danish
:class:`AccessRefusedError`, and nothing is saved. Local use without sign-in holds every
grant nationally, so there the guard changes nothing and costs nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any, TypeVar

import pandas as pd
from pydantic import BaseModel
from sqlalchemy import select

from tilsynwidgets.domain.access.person import Person
from tilsynwidgets.domain.access.refusals import AccessRefusedError
from tilsynwidgets.domain.access.roles import Permission
from tilsynwidgets.domain.core.drafts import DraftKey
from tilsynwidgets.domain.core.kinds import UnitKind
from tilsynwidgets.domain.core.units import Socialtilsyn, Unit, UnitType
from tilsynwidgets.domain.information.records import Information, InformationRecord
from tilsynwidgets.domain.labels import label_of
from tilsynwidgets.domain.support.self_assessment import SelfAssessment
from tilsynwidgets.domain.workshop.in_force import CatalogueInForce
from tilsynwidgets.exports.pseudonyms import PSEUDONYM_PREFIX, pseudonym_code
from tilsynwidgets.store import schema
from tilsynwidgets.store.errors import NOTHING_SAVED, UnknownUnitError
from tilsynwidgets.store.history import HistoryKind, StoredRow
from tilsynwidgets.store.store import Store

__all__ = ["GuardedStore"]

M = TypeVar("M", bound=BaseModel)

_PLEJEFAMILIE = UnitKind.PLEJEFAMILIE.value


def _names(places: Iterable[Socialtilsyn]) -> str:
    labels = sorted(label_of(s) for s in places)
    return " og ".join(labels) if labels else "intet socialtilsyn"


def _unknown(unit_id: str) -> UnknownUnitError:
    # The same words the store uses for a unit that does not exist: a unit outside the
    # person's socialtilsyn is not there for them, and where it is is not their business.
    return UnknownUnitError(unit_id, f"Enheden '{unit_id}' findes ikke i databasen.")


class GuardedStore(Store):
    """``inner`` as ``person`` may use it (see the module's description)."""

    def __init__(self, inner: Store, person: Person, key: bytes) -> None:
        # The same engine, caches and notes as the wrapped store: one store, guarded.
        self.__dict__.update(inner.__dict__)
        self.person = person
        self._pseudonym_key = key
        self._sees = person.socialtilsyn_with(Permission.SE_ENHEDER)
        self._sees_all = person.may(Permission.SE_ENHEDER)
        self._names = person.socialtilsyn_with(Permission.SE_PLEJEFAMILIENAVNE)

    def allows(self, permission: Permission, socialtilsyn: Socialtilsyn | None = None) -> bool:
        return self.person.may(permission, socialtilsyn)

    # -- what the person may see ---------------------------------------------------------

    def _places(self, unit_ids: Iterable[str] | None = None) -> dict[str, tuple[Socialtilsyn, str]]:
        """Unit id → (socialtilsyn, kind), read now: of ``unit_ids``, or of every unit."""
        units = schema.units.c
        query = select(units.id, units.socialtilsyn, units.unit_type)
        if unit_ids is not None:
            query = query.where(units.id.in_(list(unit_ids)))
        with self.connection() as conn:
            rows = conn.execute(query).all()
        return {str(row[0]): (Socialtilsyn(row[1]), UnitType(row[2]).kind.value) for row in rows}

    def _visible_ids(self) -> set[str] | None:
        """The unit ids the person may see; ``None`` when that is every unit."""
        if self._sees_all:
            return None
        return {uid for uid, (place, _) in self._places().items() if place in self._sees}

    def _check_sees(self, unit_id: str) -> Socialtilsyn:
        place = self._places([unit_id]).get(unit_id)
        if place is None:
            raise _unknown(unit_id)
        if not self.person.may(Permission.SE_ENHEDER, place[0]):
            raise _unknown(unit_id)
        return place[0]

    def _keep(self, frame: pd.DataFrame, column: str = "unit_id") -> pd.DataFrame:
        visible = self._visible_ids()
        if visible is None or frame.empty or column not in frame.columns:
            return frame if visible is None or column not in frame.columns else frame.iloc[0:0]
        return frame[frame[column].astype(str).isin(visible)].reset_index(drop=True)

    def _keep_items(self, items: list[Any], attribute: str = "unit_id") -> list[Any]:
        visible = self._visible_ids()
        if visible is None:
            return items
        return [item for item in items if getattr(item, attribute) in visible]

    def _pseudonym(self, unit_id: str) -> str:
        return f"{PSEUDONYM_PREFIX} {pseudonym_code(unit_id, self._pseudonym_key)}"

    def _mask_frame(self, frame: pd.DataFrame) -> pd.DataFrame:
        if set(self._names) == set(Socialtilsyn) or frame.empty:
            return frame
        hidden = (frame["kind"].astype(str) == _PLEJEFAMILIE) & ~frame["socialtilsyn"].astype(
            str
        ).isin([s.value for s in self._names])
        if not hidden.any():
            return frame
        result = frame.copy()
        result.loc[hidden, "name"] = [self._pseudonym(str(i)) for i in result.loc[hidden, "id"]]
        return result

    def _mask_unit(self, unit: Unit) -> Unit:
        if unit.kind != UnitKind.PLEJEFAMILIE or unit.socialtilsyn in self._names:
            return unit
        return unit.model_copy(update={"name": self._pseudonym(unit.id)})

    # -- units ---------------------------------------------------------------------------

    def unit(self, unit_id: str, as_of: date | None = None) -> Unit:
        self._check_sees(unit_id)
        return self._mask_unit(super().unit(unit_id, as_of))

    def units(self, as_of: date | None = None) -> list[Unit]:
        return [
            self._mask_unit(u)
            for u in super().units(as_of)
            if self._sees_all or u.socialtilsyn in self._sees
        ]

    def units_frame(self, as_of: date | None = None) -> pd.DataFrame:
        return self._mask_frame(self._keep(super().units_frame(as_of), "id"))

    def unit_kinds(self) -> dict[str, UnitKind]:
        visible = self._visible_ids()
        kinds = super().unit_kinds()
        return kinds if visible is None else {k: v for k, v in kinds.items() if k in visible}

    def record_units(self) -> dict[int, str]:
        visible = self._visible_ids()
        owners = super().record_units()
        return owners if visible is None else {k: v for k, v in owners.items() if v in visible}

    # -- reads of what is recorded about units -------------------------------------------

    def information(self, unit_id: str) -> list[InformationRecord]:
        self._check_sees(unit_id)
        return super().information(unit_id)

    def information_frame(self) -> pd.DataFrame:
        return self._keep(super().information_frame())

    def history_rows(self, kind: HistoryKind[M], unit_id: str | None = None) -> list[StoredRow[M]]:
        if kind.subject != "unit_id":
            return super().history_rows(kind, unit_id)
        if unit_id is not None:
            self._check_sees(unit_id)
            return super().history_rows(kind, unit_id)
        visible = self._visible_ids()
        rows = super().history_rows(kind, None)
        if visible is None:
            return rows
        return [row for row in rows if getattr(row.item, "unit_id", None) in visible]

    def assessments_frame(self) -> pd.DataFrame:
        return self._keep(super().assessments_frame())

    def current_choices(self) -> pd.Series:
        choices = super().current_choices()
        visible = self._visible_ids()
        if visible is None:
            return choices
        return choices[choices.index.astype(str).isin(visible)]

    def latest_assessments(self) -> pd.DataFrame:
        return self._keep(super().latest_assessments())

    def plan_visits_frame(self) -> pd.DataFrame:
        return self._keep(super().plan_visits_frame())

    def plans_frame(self) -> pd.DataFrame:
        return self._keep(super().plans_frame())

    def checklist_changes_frame(self) -> pd.DataFrame:
        return self._keep(super().checklist_changes_frame())

    def quality_assessments_frame(self) -> pd.DataFrame:
        return self._keep(super().quality_assessments_frame())

    def self_assessments(self) -> list[SelfAssessment]:
        items = super().self_assessments()
        if self._sees_all:
            return items
        return [item for item in items if item.socialtilsyn in self._sees]

    # -- writes --------------------------------------------------------------------------

    def _check_edits(self, unit_ids: Iterable[str]) -> None:
        wanted = list(dict.fromkeys(unit_ids))
        places = self._places(wanted)
        for unit_id in wanted:
            place = places.get(unit_id)
            if place is None:
                raise _unknown(unit_id)
            if not self.person.may(Permission.SE_ENHEDER, place[0]):
                raise _unknown(unit_id)
            if not self.person.may(Permission.REDIGERE_ENHEDER, place[0]):
                where = self.person.socialtilsyn_with(Permission.REDIGERE_ENHEDER)
                reach = (
                    f"du dokumenterer i {_names(where)}"
                    if where
                    else "din rolle dokumenterer ikke om enheder"
                )
                raise AccessRefusedError(
                    f"Du kan ikke dokumentere om enheden {unit_id}: den hører under "
                    f"{label_of(place[0])}, og {reach}. {NOTHING_SAVED}"
                )

    def _check_self_assessment(self, socialtilsyn: Socialtilsyn) -> None:
        if not self.person.may(Permission.SELVEVALUERE, socialtilsyn):
            raise AccessRefusedError(
                f"Du kan ikke gemme selvevalueringen for {label_of(socialtilsyn)}: det kan "
                f"kun en leder i det socialtilsyn. {NOTHING_SAVED}"
            )

    def append_information(self, item: Information) -> int:
        self._check_edits([item.unit_id])
        return super().append_information(item)

    def append_information_batch(self, items: Iterable[Information]) -> int:
        batch = list(items)
        self._check_edits(item.unit_id for item in batch)
        return super().append_information_batch(batch)

    def append_correction(self, corrected: int, item: BaseModel) -> int:
        self._check_item(item)
        return super().append_correction(corrected, item)

    def _check_item(self, item: BaseModel) -> None:
        if isinstance(item, SelfAssessment):
            self._check_self_assessment(item.socialtilsyn)
        else:
            self._check_edits([str(getattr(item, "unit_id", ""))])

    def _append(self, kind: HistoryKind[M], items: Iterable[M], extra: Any = None) -> int:
        # Every history write of the store comes through here.
        batch = list(items)
        for item in batch:
            self._check_item(item)
        return super()._append(kind, batch, extra)

    def save_draft(self, key: DraftKey, payload: dict[str, Any]) -> None:
        if key.unit_id is not None:
            self._check_edits([key.unit_id])
        if key.socialtilsyn is not None:
            self._check_self_assessment(key.socialtilsyn)
        super().save_draft(key, payload)

    def put_catalogue_in_force(self, entry: CatalogueInForce) -> None:
        if not self.person.may(Permission.SAETTE_I_KRAFT):
            raise AccessRefusedError(
                "Kun en metodekonsulent kan sætte en version af kriteriekataloget i kraft. "
                f"{NOTHING_SAVED}"
            )
        super().put_catalogue_in_force(entry)

    def _refuse_bulk(self, *_: object, **__: object) -> int:
        raise AccessRefusedError(
            "Indlæsning og import af porteføljen sker fra kommandolinjen, ikke i en app. "
            f"{NOTHING_SAVED}"
        )

    def upsert_units(self, units: Sequence[Unit]) -> int:
        return self._refuse_bulk(units)

    def import_units(self, units: Sequence[Unit], source: str, data_as_of: date) -> int:
        return self._refuse_bulk(units, source, data_as_of)

    def load_portfolio(self, *args: Any, **kwargs: Any) -> Any:
        return self._refuse_bulk(*args, **kwargs)
