"""What the scripts that make the upgrade fixtures share, whichever release they run with:
a plain ``pg_dump`` of a database, which the fixtures restore with ``psql``, and the making
of a store on each engine from a script's ``fill``."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, func, select, text
from sqlalchemy.engine import URL

HERE = Path(__file__).parent


def pg_dump(url: URL) -> str:
    """The database at ``url`` as SQL: inserts, without owners or privileges."""
    return subprocess.run(
        [
            "pg_dump",
            "--no-owner",
            "--no-privileges",
            "--inserts",
            "--host",
            url.host or "127.0.0.1",
            "--port",
            str(url.port or 5432),
            "--username",
            url.username or "postgres",
            str(url.database),
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def write_stores(
    name: str,
    fill: Callable[[Any], Any],
    postgresql: str | None,
    comparable: Callable[[Any], Any] = lambda found: found,
) -> tuple[dict[str, int], dict[str, Any]]:
    """Fill a new SQLite store and, given a server's maintenance URL, a new PostgreSQL
    database with ``fill`` (the running release's own code), and write ``<name>.sqlite`` and
    ``<name>.postgresql.sql`` next to this file.

    Returns the number of rows in every table, and what ``fill`` returned per engine (the
    engines must agree on both, seen through ``comparable``).
    """
    from tilsynwidgets.store import Store  # the release the script runs with

    sqlite_file = HERE / f"{name}.sqlite"
    for leftover in HERE.glob(f"{name}.sqlite*"):
        leftover.unlink()
    with Store.open(f"sqlite:///{sqlite_file}") as store:
        filled = {"sqlite": fill(store)}
        found = _counts(store.engine)
        with store.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    for leftover in HERE.glob(f"{name}.sqlite-*"):
        leftover.unlink()
    if not postgresql:
        return found, filled
    database = f"tw_{name}"
    server = create_engine(postgresql, isolation_level="AUTOCOMMIT")
    with server.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{database}"'))
        conn.execute(text(f'CREATE DATABASE "{database}"'))
    url = server.url.set(database=database)
    try:
        with Store.open(url.render_as_string(hide_password=False)) as store:
            filled["postgresql"] = fill(store)
            if _counts(store.engine) != found:
                raise SystemExit("The two engines hold different numbers of rows.")
            if comparable(filled["postgresql"]) != comparable(filled["sqlite"]):
                raise SystemExit("The two engines hold different data.")
        (HERE / f"{name}.postgresql.sql").write_text(pg_dump(url), encoding="utf-8")
    finally:
        with server.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{database}"'))
        server.dispose()
    return found, filled


def _counts(engine: Engine) -> dict[str, int]:
    from tilsynwidgets.store.schema import metadata  # the release the script runs with

    with engine.connect() as conn:
        return {
            table.name: int(conn.execute(select(func.count()).select_from(table)).scalar_one())
            for table in metadata.sorted_tables
        }
