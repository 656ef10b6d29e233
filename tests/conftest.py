"""Engine fixtures: store tests run on SQLite and, when a server is configured, PostgreSQL.

PostgreSQL tests need ``TILSYNWIDGETS_TEST_DATABASE_URL``; each test gets its own schema
(``tw_<uuid>``, selected through ``search_path``) which is dropped afterwards, so tests
never see each other's rows and leave nothing behind.
"""

from __future__ import annotations

import dataclasses
import os
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd
import pytest
from playwright.sync_api import Browser, expect, sync_playwright
from sqlalchemy import create_engine, text
from tests.browser.conftest import (
    PAGE_TIMEOUT_MS,
    chromium_missing_reason,
    chromium_path,
    in_ci,
    launch_chromium,
)

from tilsynwidgets.apps import leadership_data
from tilsynwidgets.domain.intensity.rulesets import default_ruleset
from tilsynwidgets.domain.portfolio.leadership_view import LeadershipData
from tilsynwidgets.domain.portfolio.overview import OverviewData
from tilsynwidgets.domain.risk.criteria import default_catalogue
from tilsynwidgets.sample.load import load_sample
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


HOSTILE = "<img src=x onerror=alert(1)>"


@pytest.fixture
def small_overview() -> OverviewData:
    """Three units, one hostile team name, two assessed: the overview's figures by hand."""
    units = pd.DataFrame(
        {
            "id": ["a", "b", "c"],
            "name": ["A", "B", "C"],
            "unit_type": ["boern_doegn", "plejefamilie_almen", "stofmisbrug"],
            "kind": ["tilbud", "plejefamilie", "tilbud"],
            "socialtilsyn": ["syd", "syd", "nord"],
            "team": [HOSTILE, "Team 2", "Team 2"],
            "capacity": [5, 1, 20],
            "last_announced_visit": [date(2026, 1, 5), None, date(2025, 1, 1)],
            "last_unannounced_visit": [None, None, None],
            "complaints": [5.0, 0.0, float("nan")],
            "skaerpet_tilsyn": [0.0, 0.0, 1.0],
        }
    )
    t = datetime(2026, 3, 1, tzinfo=UTC)
    assessments = pd.DataFrame(
        [
            ("a", "prae", "gul", pd.Timestamp(t)),
            ("a", "post", "roed", pd.Timestamp(t.replace(month=5))),
            ("b", "prae", "groen", pd.Timestamp(t)),
        ],
        columns=["unit_id", "phase", "chosen", "assessed_at"],
    )
    return OverviewData(
        units, assessments, default_catalogue(), default_ruleset(), date(2026, 6, 1)
    )


SAMPLE_AS_OF = date(2026, 11, 1)


@pytest.fixture(scope="module")
def sample_store_100(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """A sample portfolio of 40 tilbud and 60 plejefamilier with history, per test module."""
    path = tmp_path_factory.mktemp("sample") / "sample.sqlite"
    with Store.open(f"sqlite:///{path}") as store:
        store.upgrade()
        load_sample(store, SAMPLE_AS_OF, n_tilbud=40, n_plejefamilier=60)
        yield store


@pytest.fixture(scope="module")
def sample_leadership(sample_store_100: Store) -> LeadershipData:
    """The leadership review's data of :func:`sample_store_100` as of 1 November 2026."""
    return leadership_data(sample_store_100, SAMPLE_AS_OF)


@pytest.fixture
def with_overdue(sample_leadership: LeadershipData) -> LeadershipData:
    """The sample with three plejefamilier and a tilbud last visited in 2020–2021, each on its
    own day (so overdue under the rule set by different numbers of days, whatever the
    sample's own visits: each unit of the small sample is visited every year)."""
    units = sample_leadership.units
    late = [
        *units.loc[units["kind"] == "plejefamilie", "id"].iloc[:3],
        units.loc[units["kind"] == "tilbud", "id"].iloc[0],
    ]
    days = dict(
        zip(
            late,
            pd.to_datetime(["2020-01-01", "2020-06-01", "2021-01-01", "2021-06-01"]),
            strict=True,
        )
    )
    visited = units["id"].map(days).fillna(units["last_announced_visit"])
    unannounced = units["last_unannounced_visit"].where(~units["id"].isin(late), pd.NaT)
    changed = units.assign(last_announced_visit=visited, last_unannounced_visit=unannounced)
    return dataclasses.replace(sample_leadership, units=changed, _facts={})


# --- The browser, shared by tests/browser and tests/hub ----------------------------------
# One Playwright for the whole session: a second sync Playwright cannot start while the
# first runs.


@pytest.fixture(scope="session")
def chromium() -> Path:
    """Chromium's path; skipped with the reason when it is missing, failed instead in CI."""
    reason = chromium_missing_reason()
    if reason is not None:
        if in_ci():
            pytest.fail(f"{reason} (CI er sat, så testene springes ikke over.)")
        pytest.skip(reason)
    return chromium_path()


@pytest.fixture(scope="session")
def browser(chromium: Path) -> Iterator[Browser]:
    expect.set_options(timeout=PAGE_TIMEOUT_MS)  # its own default is 5 s
    with sync_playwright() as playwright:
        launched = launch_chromium(playwright)
        try:
            yield launched
        finally:
            launched.close()
