"""A store made by the release before migrations, on each engine, as the ``previous_store``
fixture: a copy of ``previous_store.sqlite``, or a fresh PostgreSQL database restored from
``previous_store.postgresql.sql`` (both made by ``make_previous_store.py``)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from tilsynwidgets.store import normalise_url

HERE = Path(__file__).parent
POSTGRES_ENV = "TILSYNWIDGETS_TEST_DATABASE_URL"


@pytest.fixture
def previous() -> dict[str, Any]:
    """What the previous release stored: the commit, the data date and rows per table."""
    return dict(json.loads((HERE / "previous_store.json").read_text(encoding="utf-8")))


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def previous_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of a store exactly as the previous release left it."""
    if request.param == "sqlite":
        copy = tmp_path / "data" / "tilsynwidgets.sqlite"
        copy.parent.mkdir(mode=0o700)
        shutil.copyfile(HERE / "previous_store.sqlite", copy)
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
                f"--file={HERE / 'previous_store.postgresql.sql'}",
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
