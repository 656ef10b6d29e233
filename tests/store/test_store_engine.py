"""create_engine_for: URL handling, the SQLite file's mode and the SQLite pragmas."""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from tilsynwidgets.store import DatabaseUrlError, Store, create_engine_for, normalise_url
from tilsynwidgets.store.engine import BUSY_TIMEOUT_MS


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def sqlite_path(tmp_path: Path) -> Path:
    return tmp_path / "nested" / "folder" / "tilsynwidgets.sqlite"


@pytest.fixture
def sqlite_engine(sqlite_path: Path) -> Iterator[Engine]:
    engine = create_engine_for(f"sqlite:///{sqlite_path}")
    yield engine
    engine.dispose()


@pytest.mark.parametrize(
    ("given", "driver"),
    [
        ("postgresql://postgres@127.0.0.1:5432/test", "postgresql+psycopg"),
        ("postgres://postgres@127.0.0.1/test", "postgresql+psycopg"),
        ("postgresql+psycopg://postgres@127.0.0.1/test", "postgresql+psycopg"),
        ("sqlite:///srv/x.sqlite", "sqlite+pysqlite"),
        ("sqlite+pysqlite:///srv/x.sqlite", "sqlite+pysqlite"),
    ],
)
def test_urls_are_normalised_to_the_drivers_we_ship(given: str, driver: str) -> None:
    assert normalise_url(given).drivername == driver


@pytest.mark.parametrize(
    "url", ["mysql://root@localhost/db", "postgresql+psycopg2://u@h/db", "ikke en url"]
)
def test_unknown_scheme_is_a_danish_error(url: str) -> None:
    with pytest.raises(DatabaseUrlError) as caught:
        create_engine_for(url)
    message = str(caught.value)
    assert "understøttes ikke" in message or "ugyldig" in message
    assert "sqlite" in message


def test_sqlite_file_is_created_owner_only_with_its_folder(
    sqlite_engine: Engine, sqlite_path: Path
) -> None:
    assert sqlite_path.is_file(), "the file must exist before SQLAlchemy connects"
    assert mode_of(sqlite_path) == 0o600
    assert mode_of(sqlite_path.parent) == 0o700


def test_sqlite_file_is_owner_only_whatever_the_umask(tmp_path: Path) -> None:
    path = tmp_path / "umask.sqlite"
    previous = os.umask(0o222)  # would strip the owner's write bit
    try:
        create_engine_for(f"sqlite:///{path}").dispose()
    finally:
        os.umask(previous)
    assert mode_of(path) == 0o600


def test_wal_and_shm_files_inherit_the_owner_only_mode(
    sqlite_engine: Engine, sqlite_path: Path
) -> None:
    store = Store(sqlite_engine)
    store.upgrade()
    with sqlite_engine.connect() as conn:  # keep a connection so the WAL file stays
        conn.execute(text("SELECT 1"))
        for suffix in ("-wal", "-shm"):
            side_file = sqlite_path.with_name(sqlite_path.name + suffix)
            assert side_file.exists()
            assert mode_of(side_file) == 0o600


def test_existing_file_mode_is_never_changed(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "existing.sqlite"
    path.touch()
    path.chmod(0o640)
    with caplog.at_level(logging.WARNING, logger="tilsynwidgets.store.engine"):
        engine = create_engine_for(f"sqlite:///{path}")
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
    assert mode_of(path) == 0o640
    assert "readable by others" in caplog.text


def test_sqlite_connections_use_wal_busy_timeout_and_foreign_keys(sqlite_engine: Engine) -> None:
    with sqlite_engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar_one() == "wal"
        assert conn.execute(text("PRAGMA busy_timeout")).scalar_one() >= 5000
        assert conn.execute(text("PRAGMA foreign_keys")).scalar_one() == 1
    assert BUSY_TIMEOUT_MS >= 5000


def test_sqlite_transactions_are_real(sqlite_engine: Engine) -> None:
    """DDL and SELECTs run inside the transaction, so a rollback undoes them too."""
    with sqlite_engine.connect() as conn:
        with conn.begin() as transaction:
            conn.execute(text("CREATE TABLE scratch (x INTEGER)"))
            transaction.rollback()
        tables = conn.execute(text("SELECT name FROM sqlite_master WHERE name = 'scratch'"))
        assert tables.first() is None


def test_in_memory_sqlite_needs_no_file() -> None:
    engine = create_engine_for("sqlite://")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT 1")).scalar_one() == 1
    engine.dispose()


def test_both_engines_open_through_the_same_function(engine_url: str) -> None:
    engine = create_engine_for(engine_url)
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SELECT 1")).scalar_one() == 1
        assert engine.dialect.driver in {"pysqlite", "psycopg"}
    finally:
        engine.dispose()
