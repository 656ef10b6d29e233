"""Stores made by earlier releases, on each engine, as fixtures: a copy of the committed
SQLite file, or a fresh PostgreSQL database restored from the committed dump.

- ``previous_store``: the release before migrations (e86342d, no version; made by
  ``make_previous_store.py``);
- ``release_0002_store``: the release at schema revision 0002 (c6cb206, with drafts in all
  three of its encodings; made by ``make_release_0002_store.py``);
- ``release_0003_store``: the release at schema revision 0003 (79f0ddd, with a draft of each
  of its kinds and a corrected assessment; made by ``make_release_0003_store.py``);
- ``release_0004_store``: the release at schema revision 0004 (20f4cf3, the last with a
  snapshot of signals per unit, with a catalogue version in force and units whose snapshots
  hold the edge cases; made by ``make_release_0004_store.py``);
- ``release_0005_store``: the release at schema revision 0005 (909d491, the last without the
  log of exports; made by ``make_release_0005_store.py``).
- ``release_0006_store``: the release at schema revision 0006 (2ccadd6, the first with the log
  of exports, whose training participants have no account; made by
  ``make_release_0006_store.py``).

Every upgrade from before revision 0005 turns the units' snapshots of signals into records
of information: :func:`carried_over` checks that for any of them.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import sqlite3
import subprocess
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.exc import DBAPIError

from tilsynwidgets.domain.core.drafts import DraftKey, DraftKind
from tilsynwidgets.store import Store, normalise_url
from tilsynwidgets.store.schema import APPEND_ONLY_MESSAGE, metadata

HERE = Path(__file__).parent
POSTGRES_ENV = "TILSYNWIDGETS_TEST_DATABASE_URL"
ENGINES = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]

EveryRow = Callable[[Store], dict[str, list[dict[str, Any]]]]
Rows = dict[str, list[dict[str, Any]]]
CarriedOver = Callable[[Rows, Rows], None]
RefusesChanges = Callable[[Store, str, str], None]


def _every_row(store: Store) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table the store has, in key order, as the database returns it."""
    found: dict[str, list[dict[str, Any]]] = {}
    with store.engine.connect() as conn:
        inspector = inspect(conn)
        present = set(inspector.get_table_names())
        for table in metadata.sorted_tables:
            if table.name not in present:
                continue
            key = inspector.get_pk_constraint(table.name)["constrained_columns"]
            result = conn.execute(text(f"SELECT * FROM {table.name} ORDER BY {', '.join(key)}"))
            found[table.name] = [dict(row._mapping) for row in result]
    return found


@pytest.fixture(scope="session")
def every_row() -> EveryRow:
    """Reads every row of every table of today's schema that a store has (tests of an
    upgrade compare them before and after)."""
    return _every_row


def _json(value: Any) -> Any:
    """A JSON column as the database returned it: text on SQLite, decoded on PostgreSQL."""
    return json.loads(value) if isinstance(value, str) else value


def _carried_over(before: Rows, after: Rows) -> None:
    """``before`` and ``after`` (every row, before and after an upgrade past revision 0005):
    the units lost their snapshot of signals and nothing else, and each known signal of a
    snapshot is now one record of kind ``overfoert_signal`` with the signal's key and value
    (flags 1.0/0.0); unknown signals gave none. Removes ``information`` from ``after`` and
    the snapshots from ``before``, so the rest can be compared as it was."""
    snapshots = {row["id"]: _json(row.pop("signals")) or {} for row in before["units"]}
    assert after["units"] == before["units"]
    records = after.pop("information")
    wanted = sorted(
        (unit_id, key, float(value))
        for unit_id, signals in snapshots.items()
        for key, value in signals.items()
        if value is not None and not (isinstance(value, float) and math.isnan(value))
    )
    models = [_json(row["model"]) for row in records]
    found = sorted((m["unit_id"], m["values"]["signal"], m["values"]["vaerdi"]) for m in models)
    assert found == wanted
    assert {(row["kind"], row["origin"], row["registered_by"]) for row in records} <= {
        ("overfoert_signal", "socialtilsynet", "opgradering")
    }
    assert {(row["replaces"], row["withdrawn"], row["model_shape"]) for row in records} <= {
        (None, False, 1)
    }


@pytest.fixture(scope="session")
def carried_over() -> CarriedOver:
    """Checks that an upgrade turned every known snapshot signal into a record (see
    :func:`_carried_over`)."""
    return _carried_over


def _refuses_changes(store: Store, table: str, update: str) -> None:
    """The upgraded ``table`` refuses ``UPDATE {table} SET {update}`` and DELETE in the
    database, and on SQLite also a REPLACE through a bare connection."""
    for statement in (f"UPDATE {table} SET {update}", f"DELETE FROM {table}"):
        with pytest.raises(DBAPIError) as caught, store.engine.begin() as conn:
            conn.execute(text(statement))
        assert APPEND_ONLY_MESSAGE in str(caught.value)
    if store.engine.dialect.name != "sqlite":
        return
    database = store.engine.url.database
    assert database
    bare = sqlite3.connect(database)
    try:
        with pytest.raises(sqlite3.DatabaseError, match="Historikken kan kun udvides"):
            bare.execute(f"REPLACE INTO {table} SELECT * FROM {table}")
    finally:
        bare.close()


@pytest.fixture(scope="session")
def refuses_changes() -> RefusesChanges:
    """Checks that an upgraded table is append-only (see :func:`_refuses_changes`)."""
    return _refuses_changes


def _summary(name: str) -> dict[str, Any]:
    return dict(json.loads((HERE / f"{name}.json").read_text(encoding="utf-8")))


def _restored(name: str, engine: str, tmp_path: Path) -> Iterator[str]:
    """The URL of a store restored from ``name``'s committed files on ``engine``."""
    if engine == "sqlite":
        copy = tmp_path / "data" / "tilsynwidgets.sqlite"
        copy.parent.mkdir(mode=0o700)
        shutil.copyfile(HERE / f"{name}.sqlite", copy)
        copy.chmod(0o600)
        yield f"sqlite:///{copy}"
        return
    base = os.environ.get(POSTGRES_ENV, "").strip()
    if not base:
        pytest.skip("PostgreSQL-tests kræver TILSYNWIDGETS_TEST_DATABASE_URL")
    server = normalise_url(base)
    database = f"tw_upgrade_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{database}"'))
    try:
        subprocess.run(
            [
                "psql",
                "--quiet",
                "--no-psqlrc",
                "--set=ON_ERROR_STOP=1",
                f"--host={server.host or '127.0.0.1'}",
                f"--port={server.port or 5432}",
                f"--username={server.username or 'postgres'}",
                f"--dbname={database}",
                f"--file={HERE / f'{name}.postgresql.sql'}",
            ],
            check=True,
            capture_output=True,
        )
        yield server.set(database=database).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = :name AND pid <> pg_backend_pid()"
                ),
                {"name": database},
            )
            conn.execute(text(f'DROP DATABASE IF EXISTS "{database}"'))
        admin.dispose()


@pytest.fixture
def previous() -> dict[str, Any]:
    """What the previous release stored: the commit, the data date and rows per table."""
    return _summary("previous_store")


@pytest.fixture(params=ENGINES)
def previous_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of a store exactly as the previous release left it."""
    yield from _restored("previous_store", request.param, tmp_path)


@pytest.fixture
def release_0002() -> dict[str, Any]:
    """What the release at revision 0002 stored: rows per table and its drafts (per engine,
    described by their keys from revision 0003 on)."""
    return _summary("release_0002_store")


@pytest.fixture(params=ENGINES)
def release_0002_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of a store exactly as the release at revision 0002 left it."""
    yield from _restored("release_0002_store", request.param, tmp_path)


@pytest.fixture
def release_0003() -> dict[str, Any]:
    """What the release at revision 0003 stored: rows per table, its drafts (per engine) and
    the names of its catalogue versions."""
    return _summary("release_0003_store")


@pytest.fixture(params=ENGINES)
def release_0003_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of a store exactly as the release at revision 0003 left it."""
    yield from _restored("release_0003_store", request.param, tmp_path)


@pytest.fixture
def release_0004() -> dict[str, Any]:
    """What the release at revision 0004 stored: rows per table, its data date, its drafts
    and every unit's snapshot of signals as that release read it back."""
    return _summary("release_0004_store")


@pytest.fixture(params=ENGINES)
def release_0004_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of a store exactly as the release at revision 0004 left it."""
    yield from _restored("release_0004_store", request.param, tmp_path)


@pytest.fixture
def release_0005() -> dict[str, Any]:
    """What the release at revision 0005 stored and read back from its own store."""
    return _summary("release_0005_store")


@pytest.fixture(params=ENGINES)
def release_0005_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of a store exactly as the release at revision 0005 left it."""
    yield from _restored("release_0005_store", request.param, tmp_path)


@pytest.fixture
def release_0006() -> dict[str, Any]:
    """What the release at revision 0006 stored and read back from its own store."""
    return _summary("release_0006_store")


@pytest.fixture(params=ENGINES)
def release_0006_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of a store exactly as the release at revision 0006 left it."""
    yield from _restored("release_0006_store", request.param, tmp_path)


def recorded_draft_key(draft: dict[str, Any], participants: dict[str, str]) -> DraftKey:
    """The key of a draft a release's fixture recorded (a participant by name: ids differ
    per engine)."""
    owner = draft["owner"]
    if draft["kind"] == DraftKind.TRAINING_ANSWER.value:
        owner = participants[owner]
    parts = ("unit_id", "session_code", "vignette_id", "socialtilsyn")
    return DraftKey(DraftKind(draft["kind"]), owner, **{part: draft[part] for part in parts})
