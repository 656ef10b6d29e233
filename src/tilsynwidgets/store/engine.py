"""One way to open the database, for SQLite and PostgreSQL alike.

SQLite files hold personal data about plejefamilier, so the file is created readable by its
owner only before SQLAlchemy touches it (SQLite gives its ``-wal`` and ``-shm`` files the
same mode). Every SQLite connection runs in WAL mode, waits for locks instead of failing at
once, enforces foreign keys, which SQLite otherwise ignores, and fires DELETE triggers for
the rows a REPLACE removes.
"""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from tilsynwidgets.store.errors import DatabaseUrlError, StoreError

__all__ = ["BUSY_TIMEOUT_MS", "WRITE_OPTION", "create_engine_for", "normalise_url"]

logger = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 10_000
"""How long an SQLite connection waits for another writer before giving up."""

WRITE_OPTION = "tilsynwidgets_write"
"""Execution option: on SQLite, begin the transaction with ``BEGIN IMMEDIATE``.

A deferred transaction that reads and then writes can fail at once with "database is
locked" when another process wrote in between; taking the write lock up front makes it wait
(``busy_timeout``) instead.
"""

_SQLITE_DRIVERS = {"sqlite", "sqlite+pysqlite"}
_POSTGRES_DRIVERS = {"postgresql", "postgres", "postgresql+psycopg"}


def normalise_url(url: str) -> URL:
    """Parse ``url``; ``postgresql://`` (and ``postgres://``) become ``postgresql+psycopg://``.

    Raises :class:`DatabaseUrlError` (Danish) for anything else than SQLite or PostgreSQL
    through psycopg 3.
    """
    try:
        parsed = make_url(url.strip())
    except ArgumentError:
        raise DatabaseUrlError(
            "Database-URL'en er ugyldig. Brug fx sqlite:///sti/til/tilsynwidgets.sqlite "
            "eller postgresql+psycopg://bruger@vært:5432/database."
        ) from None
    driver = parsed.drivername
    if driver in _SQLITE_DRIVERS:
        return parsed.set(drivername="sqlite+pysqlite")
    if driver in _POSTGRES_DRIVERS:
        return parsed.set(drivername="postgresql+psycopg")
    raise DatabaseUrlError(
        f"Databasetypen '{driver}' understøttes ikke. Brug sqlite:///… eller "
        "postgresql+psycopg://… (postgresql:// omskrives til psycopg)."
    )


def create_engine_for(url: str) -> Engine:
    """An engine for ``url`` with the project's SQLite safeguards; the same code for both."""
    parsed = normalise_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:" and not parsed.query.get("uri"):
            _prepare_sqlite_file(Path(database).expanduser())
    engine = create_engine(parsed)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _configure_sqlite)
        event.listen(engine, "begin", _begin_sqlite)
    return engine


def _prepare_sqlite_file(path: Path) -> None:
    """Create the folder and an empty owner-only file, leaving an existing file's mode alone."""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            logger.warning(
                "The database file is readable by others (mode %o); consider chmod 600.", mode
            )
        return
    except OSError as exc:
        raise StoreError(f"Databasefilen {path} kan ikke oprettes ({exc.strerror}).") from exc
    try:
        os.fchmod(descriptor, 0o600)  # exactly 0o600, whatever the umask
    finally:
        os.close(descriptor)
    logger.info("Created the database file %s", path)


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    # SQLAlchemy emits BEGIN itself (see _begin_sqlite): sqlite3's legacy transaction
    # control would otherwise leave SELECTs and DDL outside the transaction.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS:d}")
        cursor.execute("PRAGMA foreign_keys=ON")
        # REPLACE deletes the row it replaces: with this on, that deletion fires the
        # history tables' DELETE triggers too (their INSERT triggers refuse it anyway).
        cursor.execute("PRAGMA recursive_triggers=ON")
    finally:
        cursor.close()


def _begin_sqlite(connection: Any) -> None:
    immediate = connection.get_execution_options().get(WRITE_OPTION, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
