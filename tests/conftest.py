"""Engine fixtures: store tests run on SQLite and, when a server is configured, PostgreSQL.

PostgreSQL tests need ``TILSYNWIDGETS_TEST_DATABASE_URL``; each test gets its own schema
(``tw_<uuid>``, selected through ``search_path``) which is dropped afterwards, so tests
never see each other's rows and leave nothing behind.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tilsynwidgets.store import Store, normalise_url

POSTGRES_ENV = "TILSYNWIDGETS_TEST_DATABASE_URL"
POSTGRES_SKIP = (
    "PostgreSQL-tests kræver TILSYNWIDGETS_TEST_DATABASE_URL "
    "(fx postgresql+psycopg://postgres@127.0.0.1:5432/test)"
)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def engine_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database URL for an empty database: an SQLite file, or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'data' / 'tilsynwidgets.sqlite'}"
        return
    base = os.environ.get(POSTGRES_ENV, "").strip()
    if not base:
        pytest.skip(POSTGRES_SKIP)
    schema = f"tw_{uuid.uuid4().hex}"
    server = normalise_url(base)
    admin = create_engine(server)
    try:
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        url = server.update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def store(engine_url: str) -> Iterator[Store]:
    """An open store with its tables created, on each engine."""
    with Store.open(engine_url) as opened:
        opened.upgrade()
        yield opened
