"""The store: units, the information about them, append-only history and form drafts, on
SQLite or PostgreSQL.

Written with SQLAlchemy Core rather than the ORM. The domain's pydantic models are the one
definition of every record; ORM classes would duplicate them and add identity-map and
unit-of-work machinery the store does not need. History is only ever inserted (in bulk,
through executemany) and read back as models or as frames, which Core does directly and
fast. Every write is one transaction: it is committed whole or not at all.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, date, datetime
from types import TracebackType
from typing import Any, Self, TypeVar

import pandas as pd
from pydantic import BaseModel
from sqlalchemy import Connection, Engine, func, insert, select, text
from sqlalchemy.exc import DBAPIError

from tilsynwidgets.config import load_settings
from tilsynwidgets.domain.access.roles import Permission
from tilsynwidgets.domain.core.drafts import DraftKey
from tilsynwidgets.domain.core.export_record import ExportRecord
from tilsynwidgets.domain.core.kinds import UnitKind
from tilsynwidgets.domain.core.provenance import Provenance
from tilsynwidgets.domain.core.units import Socialtilsyn, Unit
from tilsynwidgets.domain.information.records import Information, InformationRecord
from tilsynwidgets.domain.intensity.plans import PlanDecision
from tilsynwidgets.domain.quality.model import QualityAssessment
from tilsynwidgets.domain.risk.assessment import RiskAssessment
from tilsynwidgets.domain.risk.criteria import CriteriaCatalogue
from tilsynwidgets.domain.risk.current import RECORDED_ORDER
from tilsynwidgets.domain.support.measures import ChecklistChange
from tilsynwidgets.domain.support.self_assessment import SelfAssessment
from tilsynwidgets.domain.workshop.in_force import CatalogueInForce
from tilsynwidgets.store import derived, drafts, export_log, frames, in_force, information, schema
from tilsynwidgets.store.diagnosis import explain
from tilsynwidgets.store.engine import WRITE_OPTION, create_engine_for
from tilsynwidgets.store.errors import (
    NOTHING_SAVED,
    StoreError,
    StoreNotEmptyError,
    UnknownUnitError,
    id_listing,
)
from tilsynwidgets.store.history import (
    ASSESSMENTS,
    CHECKLIST_CHANGES,
    PLANS,
    QUALITY_ASSESSMENTS,
    SELF_ASSESSMENTS,
    HistoryKind,
    StoredRow,
    kind_of,
)
from tilsynwidgets.store.information_frame import InformationCache
from tilsynwidgets.store.migrate import UpgradeResult, check_schema, upgrade
from tilsynwidgets.store.provenance import write_provenance
from tilsynwidgets.store.shapes import UnreadableRow, read_model
from tilsynwidgets.store.unit_rows import unit_rows
from tilsynwidgets.store.unit_signals import unit_as_of, units_as_of, units_frame_as_of

__all__ = ["Store"]

logger = logging.getLogger(__name__)

M = TypeVar("M", bound=BaseModel)


_LOAD_LOCK = 7_304_712_027  # the advisory lock (PostgreSQL) a load into an empty store takes

_Batch = tuple[HistoryKind[Any], list[dict[str, Any]]]
_Extra = Callable[[Connection], object]


class Store:
    """Units, the information about them, their append-only history and form drafts.

    A unit's risk signals are not stored: they are computed from its information as of a
    day (:meth:`units_frame`, :meth:`unit`, :meth:`units`).

    Open with :meth:`open`, bring the schema to this release with :meth:`upgrade` (or, in
    an app, refuse a store that is not with :meth:`check_schema`), and close with
    :meth:`close` (or use the store as a context manager). History is appended and read,
    never updated or deleted: the database refuses that too. Nothing this class logs names
    a unit or repeats what anyone wrote.
    """

    def __init__(self, engine: Engine) -> None:
        """Wrap an engine made by :func:`create_engine_for` (use :meth:`open` normally)."""
        self._engine = engine
        self._unreadable: dict[tuple[str, str], UnreadableRow] = {}
        self._information = InformationCache()

    @classmethod
    def open(cls, url: str | None = None) -> Store:
        """A store on ``url``; ``None`` uses the configured database (see ``load_settings``)."""
        return cls(create_engine_for(url if url is not None else load_settings().database_url))

    @property
    def engine(self) -> Engine:
        """The underlying engine, for diagnostics and benchmarks (bypasses the store's rules)."""
        return self._engine

    def close(self) -> None:
        """Close every pooled connection (ends file locks and server sessions)."""
        self._engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def upgrade(self, now: datetime | None = None, *, app_role: str | None = None) -> UpgradeResult:
        """Bring the schema to this release's (idempotent; no row is lost or changed).

        See :func:`tilsynwidgets.store.migrate.upgrade`.
        """
        return upgrade(self._engine, now or datetime.now(UTC), app_role=app_role)

    def check_schema(self) -> None:
        """Refuse a store whose schema is not this release's (Danish message naming the
        command that upgrades it); apps call this before they read anything."""
        check_schema(self._engine)

    @property
    def information_cache(self) -> InformationCache:
        """The records of information read so far, brought up to date on each read (see
        :mod:`tilsynwidgets.store.information_frame`)."""
        return self._information

    @property
    def unreadable_rows(self) -> list[UnreadableRow]:
        """Stored rows that could not be read as today's models (skipped where they were
        read), in the order they were met."""
        return list(self._unreadable.values())

    def note_unreadable(self, problems: Iterable[UnreadableRow]) -> None:
        """Remember rows that could not be read (for modules that read their own tables)."""
        for problem in problems:
            if (problem.table, problem.key) not in self._unreadable:
                logger.warning("Row %s of table %s cannot be read", problem.key, problem.table)
            self._unreadable[(problem.table, problem.key)] = problem

    # -- units ---------------------------------------------------------------------------

    def is_empty(self) -> bool:
        """True when no unit is stored (first start: time to load a portfolio)."""
        with self._read() as conn:
            return conn.execute(select(schema.units.c.id).limit(1)).first() is None

    def upsert_units(self, units: Sequence[Unit]) -> int:
        """Insert new units and replace stored ones with the same id; all or nothing.

        Returns the number of units written. A batch naming the same id twice is refused
        (:class:`DuplicateUnitError`) before anything is written. The units' signals are
        carried over as information on the working day (see :mod:`.derived`).
        """
        return self._write_units(units, load_settings().working_day(), derived.UPDATE)

    def load_portfolio(
        self,
        units: Sequence[Unit],
        *,
        assessments: Iterable[RiskAssessment] = (),
        plans: Iterable[PlanDecision] = (),
        quality_assessments: Iterable[QualityAssessment] = (),
        checklist_changes: Iterable[ChecklistChange] = (),
        self_assessments: Iterable[SelfAssessment] = (),
        information: Iterable[Information] = (),
        provenance: tuple[str, date] | None = None,
        only_if_empty: bool = False,
    ) -> Provenance | None:
        """Upsert ``units`` and append their history in one transaction: all or nothing.

        For first-start loading of a (generated) portfolio. History may refer to units in
        ``units`` or already stored; any other unit raises :class:`UnknownUnitError`.
        The units' signals are carried over as information on the provenance's date (else
        the working day), each quality assessment is also a ``kvalitetsvurdering`` record,
        and ``information`` is appended after them (checked as
        :meth:`append_information_batch` does). These records are numbered on from the
        highest stored id (1, 2, … in an empty store) in that order — carried-over
        signals, quality assessments' records (in the order given), then ``information``
        in the order given — so ``information`` may replace an earlier record of the load,
        and the assessments may name the records they considered, by those numbers.
        ``provenance`` (source, data date) is
        recorded in the same transaction. With ``only_if_empty`` the check that no unit is
        stored is part of that transaction, under a lock, so of two loads started together
        one loads and the other raises :class:`StoreNotEmptyError`.
        """
        recorded_at = datetime.now(UTC)
        quality_assessments = list(quality_assessments)
        given = list(information)
        day = provenance[1] if provenance is not None else load_settings().working_day()
        batches: list[_Batch] = [
            (ASSESSMENTS, [ASSESSMENTS.row(item, recorded_at) for item in assessments]),
            (PLANS, [PLANS.row(item, recorded_at) for item in plans]),
            (
                QUALITY_ASSESSMENTS,
                [QUALITY_ASSESSMENTS.row(item, recorded_at) for item in quality_assessments],
            ),
            (
                CHECKLIST_CHANGES,
                [CHECKLIST_CHANGES.row(item, recorded_at) for item in checklist_changes],
            ),
            (
                SELF_ASSESSMENTS,
                [SELF_ASSESSMENTS.row(item, recorded_at) for item in self_assessments],
            ),
        ]
        return self._write_history(
            batches,
            unit_rows(units),
            "porteføljen",
            provenance,
            only_if_empty=only_if_empty,
            extra=lambda conn: derived.write_derived(
                conn,
                recorded_at,
                units=units,
                day=day,
                occasion=derived.LOAD,
                quality_assessments=quality_assessments,
                given=given,
                numbered=True,
            ),
        )

    def allows(self, permission: Permission, socialtilsyn: Socialtilsyn | None = None) -> bool:
        """Whether whoever uses the store may do ``permission`` (in ``socialtilsyn``; ``None``:
        everywhere). This store is unguarded (the command line, local use): always. The
        store an app gets, :class:`~tilsynwidgets.store.guarded.GuardedStore`, asks the
        signed-in person."""
        return True

    def allows_anywhere(self, permission: Permission) -> bool:
        """Whether ``permission`` holds in at least one socialtilsyn."""
        return any(self.allows(permission, s) for s in Socialtilsyn)

    def import_units(self, units: Sequence[Unit], source: str, data_as_of: date) -> int:
        """Upsert imported ``units``, carry their signals over as information on
        ``data_as_of`` and record where they came from, in one transaction."""
        return self._write_units(units, data_as_of, derived.IMPORT, source)

    def unit(self, unit_id: str, as_of: date | None = None) -> Unit:
        """The unit with this id and its signals as of ``as_of`` (default: the working
        day); :class:`UnknownUnitError` (a ``KeyError``) when missing."""
        return unit_as_of(self, unit_id, as_of or load_settings().working_day())

    def units(self, as_of: date | None = None) -> list[Unit]:
        """Every unit, ordered by id, with its signals as of ``as_of`` (default: the
        working day)."""
        return units_as_of(self, as_of or load_settings().working_day())

    def units_frame(self, as_of: date | None = None) -> pd.DataFrame:
        """One row per unit, ordered by id, with a float64 column per catalogue signal as
        of ``as_of`` (default: the working day), computed from the information.

        See :func:`tilsynwidgets.store.frames.units_frame` for columns and dtypes.
        """
        return units_frame_as_of(self, as_of or load_settings().working_day())

    # -- information (store/information.py) ----------------------------------------------

    def append_information(self, item: Information) -> int:
        """Append one record of information; returns its id. Refused (Danish
        :class:`StoreError`, nothing saved): an unknown unit, a kind that does not apply to
        the unit's kind, a ``replaces`` that does not exist, is about another unit or was
        replaced already."""
        return information.append_information(self, item)

    def append_information_batch(self, items: Iterable[Information]) -> int:
        """Append many records in one transaction, all or nothing; returns how many."""
        return information.append_information_batch(self, items)

    def information(self, unit_id: str) -> list[InformationRecord]:
        """One unit's records of information in (received_on, id) order."""
        return information.information(self, unit_id)

    def unit_kinds(self) -> dict[str, UnitKind]:
        """Every stored unit's id → its kind (what an import of information checks against)."""
        with self._read() as conn:
            return information.unit_kinds(conn)

    def record_units(self) -> dict[int, str]:
        """Every stored record's id → the unit it is about (what a correction is checked
        against)."""
        return information.record_units(self)

    def information_frame(self) -> pd.DataFrame:
        """Every record as a frame with exactly ``RECORD_COLUMNS`` (see
        :func:`tilsynwidgets.store.frames.information_frame`)."""
        return information.information_frame(self)

    # -- history -------------------------------------------------------------------------

    def append_correction(self, corrected: int, item: BaseModel) -> int:
        """Append ``item`` as the correction of row ``corrected`` of its history table.

        History is never edited: the correction is a new row that points back, and the
        latest row is the one in force. The corrected row must exist and be about the same
        unit (the same socialtilsyn, for a self-assessment). Returns the new row's id.
        """
        kind = kind_of(item)
        table = kind.table
        row = kind.row(item, datetime.now(UTC), corrects=corrected)
        failure = f"Rettelsen kunne ikke gemmes. {NOTHING_SAVED}"
        with self._write(failure) as conn:
            found = conn.execute(
                select(table.c[kind.subject]).where(table.c.id == corrected)
            ).first()
            if found is None:
                raise StoreError(
                    f"Rettelsen kunne ikke gemmes: række {corrected} findes ikke blandt "
                    f"{kind.noun}. {NOTHING_SAVED}"
                )
            if found[0] != row[kind.subject]:
                raise StoreError(
                    f"Rettelsen kunne ikke gemmes: række {corrected} handler om en anden enhed. "
                    f"{NOTHING_SAVED}"
                )
            return int(conn.execute(insert(table).returning(table.c.id), row).scalar_one())

    def history_rows(self, kind: HistoryKind[M], unit_id: str | None = None) -> list[StoredRow[M]]:
        """The rows of a history kind in time order, with their ids and what they correct."""
        table = kind.table
        query = select(table.c.id, table.c.corrects, table.c.model_shape, table.c.model)
        query = query.order_by(table.c[kind.when], table.c.id)
        if unit_id is not None:
            query = query.where(table.c.unit_id == unit_id)
        with self._read() as conn:
            rows = conn.execute(query).all()
        found: list[StoredRow[M]] = []
        for row_id, corrects, shape, model in rows:
            item = read_model(kind.model, table.name, row_id, shape, model)
            if isinstance(item, UnreadableRow):
                self.note_unreadable([item])
            else:
                found.append(StoredRow(row_id, corrects, item))
        return found

    def append_assessment(self, assessment: RiskAssessment) -> None:
        self._append(ASSESSMENTS, [assessment])

    def append_assessments(self, assessments: Iterable[RiskAssessment]) -> int:
        """Append many in one transaction (e.g. generated history); returns the count."""
        return self._append(ASSESSMENTS, assessments)

    def assessments(self, unit_id: str | None = None) -> list[RiskAssessment]:
        """Risk assessments in time order, of one unit or all."""
        return self._history(ASSESSMENTS, unit_id)

    def assessments_frame(self) -> pd.DataFrame:
        """unit_id, phase, suggested, chosen, assessor, assessed_at (UTC), deviation."""
        return self._frame(ASSESSMENTS)

    def current_choices(self) -> pd.Series:
        """Each assessed unit's latest chosen category (unit id → value), computed in SQL.

        The same answer as ``current_categories(assessments_frame())`` without reading the
        whole history: an app needs only this to start.
        """
        rows = self._latest_assessment_rows("chosen")
        return pd.Series(
            [chosen for _, chosen in rows],
            index=pd.Index([unit for unit, _ in rows], name="unit_id"),
            dtype=object,
            name="chosen",
        )

    def latest_assessments(self) -> pd.DataFrame:
        """Each assessed unit's latest assessment: unit_id, assessed_at (UTC), suggested
        (code or None), computed in SQL — all the reconsideration queue needs of the
        history, without reading it whole. Latest by the same order as
        :meth:`current_choices`."""
        rows = self._latest_assessment_rows("assessed_at", "suggested")
        return pd.DataFrame(
            {
                "unit_id": pd.Series([row[0] for row in rows], dtype=object),
                "assessed_at": pd.to_datetime([row[1] for row in rows], utc=True).as_unit("ns"),
                "suggested": pd.Series([row[2] for row in rows], dtype=object),
            }
        )

    def _latest_assessment_rows(self, *names: str) -> list[Any]:
        """(unit_id, *names) of each unit's latest assessment, in :data:`RECORDED_ORDER`,
        by a window function in SQL."""
        table = schema.assessments
        order = [table.c[name].desc() for name in RECORDED_ORDER]
        latest = select(
            table.c.unit_id,
            *(table.c[name] for name in names),
            func.row_number().over(partition_by=table.c.unit_id, order_by=order).label("n"),
        ).subquery()
        query = select(latest.c.unit_id, *(latest.c[name] for name in names)).where(latest.c.n == 1)
        with self._read() as conn:
            return list(conn.execute(query).all())

    def plan_visits_frame(self) -> pd.DataFrame:
        """unit_id, decided_at (UTC), announced_per_year, unannounced_per_year per plan.

        The visit counts are read from the stored plans' JSON by the database (JSON path
        on SQLite, ``->`` on PostgreSQL), without decoding a model per plan.
        """
        table = schema.plans
        visits = ("plan", "visits")
        query = select(
            table.c.unit_id,
            table.c.decided_at,
            table.c.model[(*visits, "announced_per_year")].as_integer(),
            table.c.model[(*visits, "unannounced_per_year")].as_integer(),
        ).order_by(table.c.decided_at, table.c.id)
        with self._read() as conn:
            rows = conn.execute(query).all()
        return frames.plan_visits_frame(rows)

    def append_plan(self, plan: PlanDecision) -> None:
        self._append(PLANS, [plan])

    def append_plans(self, plans: Iterable[PlanDecision]) -> int:
        return self._append(PLANS, plans)

    def plans(self, unit_id: str | None = None) -> list[PlanDecision]:
        """Intensity plan decisions in time order, of one unit or all."""
        return self._history(PLANS, unit_id)

    def plans_frame(self) -> pd.DataFrame:
        """unit_id, category, estimated_hours, template_unchanged, ruleset_id, author,
        decided_at (UTC)."""
        return self._frame(PLANS)

    def append_checklist_change(self, change: ChecklistChange) -> None:
        self._append(CHECKLIST_CHANGES, [change])

    def append_checklist_changes(self, changes: Iterable[ChecklistChange]) -> int:
        return self._append(CHECKLIST_CHANGES, changes)

    def checklist_changes(self, unit_id: str | None = None) -> list[ChecklistChange]:
        """Checklist ticks and unticks in time order, of one unit or all."""
        return self._history(CHECKLIST_CHANGES, unit_id)

    def checklist_changes_frame(self) -> pd.DataFrame:
        """unit_id, measure_id, in_place, author, changed_at (UTC)."""
        return self._frame(CHECKLIST_CHANGES)

    def append_quality_assessment(self, assessment: QualityAssessment) -> None:
        """Append it, and in the same transaction its ``kvalitetsvurdering`` record (see
        :func:`~tilsynwidgets.store.derived.quality_information`)."""
        self.append_quality_assessments([assessment])

    def append_quality_assessments(self, assessments: Iterable[QualityAssessment]) -> int:
        items = list(assessments)
        return self._append(
            QUALITY_ASSESSMENTS,
            items,
            extra=lambda conn: derived.write_derived(
                conn, datetime.now(UTC), quality_assessments=items
            ),
        )

    def quality_assessments(self, unit_id: str | None = None) -> list[QualityAssessment]:
        """Quality assessments in time order, of one unit or all."""
        return self._history(QUALITY_ASSESSMENTS, unit_id)

    def quality_assessments_frame(self) -> pd.DataFrame:
        """unit_id, model_version, assessor, assessed_at (UTC)."""
        return self._frame(QUALITY_ASSESSMENTS)

    def append_self_assessment(self, assessment: SelfAssessment) -> None:
        self._append(SELF_ASSESSMENTS, [assessment])

    def self_assessments(self) -> list[SelfAssessment]:
        """The socialtilsyn's self-assessments of the leadership measures, in time order."""
        return self._history(SELF_ASSESSMENTS, None)

    # -- drafts (store/drafts.py) ------------------------------------------------------

    def save_draft(self, key: DraftKey, payload: dict[str, Any]) -> None:
        """Save (or replace) the autosaved draft with this key (see :mod:`.drafts`)."""
        drafts.save_draft(self, key, payload)

    def load_draft(self, key: DraftKey) -> dict[str, Any] | None:
        """The saved draft, or ``None`` when there is none."""
        return drafts.load_draft(self, key)

    def discard_draft(self, key: DraftKey) -> bool:
        """Remove the draft (drafts are not history); True when there was one."""
        return drafts.discard_draft(self, key)

    # -- the criteria catalogue in force (store/in_force.py) -----------------------------

    def put_catalogue_in_force(self, entry: CatalogueInForce) -> None:
        """Put ``entry``'s catalogue version in force (appended; an unknown version is a
        Danish :class:`~tilsynwidgets.store.in_force.UnknownCatalogueVersionError`)."""
        in_force.put_in_force(self, entry)

    def catalogue_in_force_history(self) -> list[CatalogueInForce]:
        """Every version put in force, newest (the one in force) first."""
        return in_force.history(self)

    def catalogue_in_force_entry(self) -> CatalogueInForce | None:
        """Who put the version in force, when and why; ``None`` while none has been."""
        return in_force.entry_in_force(self)

    def catalogue_in_force(self) -> CriteriaCatalogue:
        """The catalogue the apps suggest with: the version in force, else the packaged
        ``default_catalogue()``."""
        return in_force.catalogue_in_force(self)

    # -- the log of exports (store/export_log.py) ----------------------------------------

    def log_export(self, record: ExportRecord) -> int:
        """Append one export to the log (append-only); returns its row's id."""
        return export_log.log_export(self, record)

    def export_log(self) -> list[ExportRecord]:
        """Every logged export, oldest first."""
        return export_log.export_log(self)

    # -- for modules that extend the store ------------------------------------------------

    def transaction(self, failure: str) -> AbstractContextManager[Connection]:
        """One write transaction with the store's rules (``BEGIN IMMEDIATE`` on SQLite;
        a Danish :class:`StoreError` starting with ``failure`` when it cannot be written)."""
        return self._write(failure)

    def connection(self) -> AbstractContextManager[Connection]:
        """A connection for reading, with the store's Danish error when it cannot be read."""
        return self._read()

    # -- internals -----------------------------------------------------------------------

    @contextmanager
    def _write(self, failure: str) -> Iterator[Connection]:
        """One write transaction (``BEGIN IMMEDIATE`` on SQLite); Danish error on failure."""
        try:
            with self._engine.connect() as conn:  # the only place a write connection opens
                conn.execution_options(**{WRITE_OPTION: True})
                with conn.begin():
                    yield conn
        except DBAPIError as exc:
            raise StoreError(f"{failure} {explain(exc, self._engine.url)}") from exc

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        """A connection for reading; Danish error when the database cannot be read."""
        try:
            with self._engine.connect() as conn:
                yield conn
        except DBAPIError as exc:
            raise StoreError(
                f"Databasen kunne ikke læses. {explain(exc, self._engine.url)}"
            ) from exc

    def _upsert_units_statement(self) -> Any:
        return schema.upsert(self._engine.dialect.name, schema.units, ["id"])

    def _append(self, kind: HistoryKind[M], items: Iterable[M], extra: _Extra | None = None) -> int:
        recorded_at = datetime.now(UTC)
        rows = [kind.row(item, recorded_at) for item in items]
        if rows:
            self._write_history([(kind, rows)], [], kind.noun, extra=extra)
        return len(rows)

    def _write_units(
        self,
        units: Sequence[Unit],
        day: date,
        occasion: derived.Occasion,
        source: str | None = None,
    ) -> int:
        """Upsert ``units``, carry their signals over on ``day`` and record ``source`` (with
        ``day`` as the data date) when given, in one transaction."""
        rows = unit_rows(units)
        if not rows and source is None:
            return 0
        with self._write(f"Enhederne kunne ikke gemmes. {NOTHING_SAVED}") as conn:
            if rows:
                conn.execute(self._upsert_units_statement(), rows)
                derived.write_derived(
                    conn, datetime.now(UTC), units=units, day=day, occasion=occasion
                )
            if source is not None:
                write_provenance(conn, source, day)
        return len(rows)

    def _write_history(
        self,
        batches: list[_Batch],
        unit_rows: list[dict[str, Any]],
        what: str,
        provenance: tuple[str, date] | None = None,
        *,
        only_if_empty: bool = False,
        extra: _Extra | None = None,
    ) -> Provenance | None:
        """Upsert ``unit_rows``, insert every batch, run ``extra`` and record
        ``provenance``, in one transaction.

        The foreign key catches history for unknown units; the ids are then looked up
        (after the rollback) so the error can name them.
        """
        recorded = None
        try:
            with self._write(f"Kunne ikke gemme {what}. {NOTHING_SAVED}") as conn:
                if only_if_empty:
                    _require_empty(conn)
                if unit_rows:
                    conn.execute(self._upsert_units_statement(), unit_rows)
                for kind, rows in batches:
                    if rows:
                        conn.execute(insert(kind.table), rows)
                if extra is not None:
                    extra(conn)
                if provenance is not None:
                    recorded = write_provenance(conn, *provenance)
        except StoreNotEmptyError:
            raise
        except StoreError as exc:
            referenced = {row["unit_id"] for _, rows in batches for row in rows if "unit_id" in row}
            missing = self._missing_units(referenced - {row["id"] for row in unit_rows})
            if missing:
                raise UnknownUnitError(
                    missing,
                    f"Kunne ikke gemme {what}: enheden findes ikke i databasen "
                    f"({id_listing(missing)}). {NOTHING_SAVED}",
                ) from exc.__cause__
            raise
        return recorded

    def _missing_units(self, unit_ids: set[str]) -> list[str]:
        with self._read() as conn:
            known = set(conn.execute(select(schema.units.c.id)).scalars())
        return sorted(unit_ids - known)

    def _history(self, kind: HistoryKind[M], unit_id: str | None) -> list[M]:
        """The models in time order; a row that cannot be read is skipped and noted."""
        return [row.item for row in self.history_rows(kind, unit_id)]

    def _frame(self, kind: HistoryKind[Any]) -> pd.DataFrame:
        table = kind.table
        query = select(*(table.c[name] for name in kind.frame)).order_by(
            table.c[kind.when], table.c.id
        )
        with self._read() as conn:
            rows = conn.execute(query).all()
        return frames.history_frame(rows, kind.frame)


def _require_empty(conn: Connection) -> None:
    """Inside a write transaction: refuse unless no unit is stored, under the load lock
    (SQLite's ``BEGIN IMMEDIATE`` is that lock already)."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOAD_LOCK})
    if conn.execute(select(schema.units.c.id).limit(1)).first() is not None:
        raise StoreNotEmptyError(
            "Lageret har allerede enheder; en portefølje indlæses kun i et tomt lager. "
            f"{NOTHING_SAVED}"
        )
