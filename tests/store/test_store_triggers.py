"""History cannot be rewritten by raw SQL on either engine: not by UPDATE or DELETE, and on
SQLite not by REPLACE, INSERT OR REPLACE or an upsert either, whether through the store's
own transaction or through a bare connection that never ran the store's settings."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql.schema import Table

from tilsynwidgets.domain.core.export_record import ExportRecord
from tilsynwidgets.domain.risk.criteria import default_catalogue
from tilsynwidgets.domain.training.roster import ChangeKind, ParticipantChange
from tilsynwidgets.domain.workshop.in_force import new_entry, packaged_reference
from tilsynwidgets.store import Store
from tilsynwidgets.store.catalogues import CatalogueStore
from tilsynwidgets.store.schema import APPEND_ONLY_TABLES
from tilsynwidgets.store.training import TrainingStore
from tilsynwidgets.store.triggers import APPEND_ONLY_MESSAGE

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
TABLES = [table.name for table in APPEND_ONLY_TABLES]


def _fill(store: Store, build: SimpleNamespace) -> None:
    """A row in every append-only table."""
    store.upsert_units([build.unit(signals={})])
    store.append_information(build.information())
    store.append_assessment(build.assessment())
    store.append_plan(build.plan())
    store.append_checklist_change(build.checklist_change())
    store.append_quality_assessment(build.quality_assessment())
    store.append_self_assessment(build.self_assessment())
    CatalogueStore(store).ensure_packaged(NOW)
    store.put_catalogue_in_force(
        new_entry(
            packaged_reference(default_catalogue().version),
            put_by="Metodekonsulent M",
            reason="Det pakkede katalog er afprøvet på porteføljen.",
            put_at=NOW,
        )
    )
    participant = build.open_session(store, "KURSAB", vignette_count=2)
    TrainingStore(store).change_participant(
        ParticipantChange(
            session_code="KURSAB",
            participant_id=participant,
            kind=ChangeKind.RENAMED,
            display_name="Deltager med rettet navn",
            by="Underviser",
            at=NOW,
        )
    )
    store.log_export(
        ExportRecord(
            made_at=NOW,
            made_by="Leder L",
            what="Excel-projektmappe",
            filters="Alle socialtilsyn · alle typer · 2026",
            real_names=True,
            rows=1,
        )
    )


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[Store]:
    """REPLACE is SQLite's own: these tests need no PostgreSQL twin (the upsert test has one)."""
    with Store.open(f"sqlite:///{tmp_path / 'tilsynwidgets.sqlite'}") as opened:
        opened.upgrade(NOW)
        yield opened


def _snapshot(store: Store, table: str) -> list[dict[str, Any]]:
    with store.engine.connect() as conn:
        return [dict(row._mapping) for row in conn.execute(text(f"SELECT * FROM {table}"))]


def _table(name: str) -> Table:
    (table,) = [t for t in APPEND_ONLY_TABLES if t.name == name]
    return table


def _upsert(name: str) -> str:
    keys = ", ".join(column.name for column in _table(name).primary_key.columns)
    return (
        f"INSERT INTO {name} SELECT * FROM {name} WHERE true "
        f"ON CONFLICT ({keys}) DO UPDATE SET model = excluded.model"
    )


@pytest.mark.parametrize("table", TABLES)
def test_an_upsert_cannot_rewrite_history(store: Store, build: SimpleNamespace, table: str) -> None:
    _fill(store, build)
    before = _snapshot(store, table)
    assert len(before) == 1
    with pytest.raises(Exception) as caught, store.transaction("Forsøget") as conn:  # noqa: PT011
        conn.execute(text(_upsert(table)))
    assert APPEND_ONLY_MESSAGE in str(caught.value.__cause__ or caught.value)
    assert _snapshot(store, table) == before


@pytest.mark.parametrize("table", TABLES)
@pytest.mark.parametrize(
    "statement",
    ["REPLACE INTO {t} SELECT * FROM {t}", "INSERT OR REPLACE INTO {t} SELECT * FROM {t}"],
)
def test_replace_is_refused_on_sqlite_through_the_store(
    sqlite_store: Store, build: SimpleNamespace, table: str, statement: str
) -> None:
    store = sqlite_store
    _fill(store, build)
    before = _snapshot(store, table)
    with pytest.raises(Exception) as caught, store.transaction("Forsøget") as conn:  # noqa: PT011
        conn.execute(text(statement.format(t=table)))
    assert APPEND_ONLY_MESSAGE in str(caught.value.__cause__)
    assert _snapshot(store, table) == before


@pytest.mark.parametrize("table", TABLES)
def test_replace_is_refused_through_a_bare_sqlite_connection(
    sqlite_store: Store, build: SimpleNamespace, table: str
) -> None:
    store = sqlite_store
    _fill(store, build)
    before = _snapshot(store, table)
    database = store.engine.url.database
    assert database
    bare = sqlite3.connect(database)  # no recursive_triggers, no foreign keys: the defaults
    try:
        for statement in (
            f"REPLACE INTO {table} SELECT * FROM {table}",
            f"INSERT OR REPLACE INTO {table} SELECT * FROM {table}",
            _upsert(table),
            f"UPDATE {table} SET model = model",
            f"DELETE FROM {table}",
        ):
            with pytest.raises(sqlite3.DatabaseError, match="Historikken kan kun udvides"):
                bare.execute(statement)
            bare.rollback()
    finally:
        bare.close()
    assert _snapshot(store, table) == before


def test_a_new_row_with_a_new_key_is_still_appended(store: Store, build: SimpleNamespace) -> None:
    _fill(store, build)
    store.append_assessment(build.assessment(minutes=5))
    assert len(store.assessments()) == 2


def test_the_store_refuses_a_rewrite_in_danish_not_as_unreachable(
    store: Store, build: SimpleNamespace
) -> None:
    _fill(store, build)
    with pytest.raises(DBAPIError) as caught, store.engine.begin() as conn:
        conn.execute(text("UPDATE assessments SET chosen = 'groen'"))
    assert APPEND_ONLY_MESSAGE in str(caught.value)
