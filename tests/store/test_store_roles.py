"""PostgreSQL with two roles: the owner runs the migrations, the apps connect as a role that
can read and append but cannot alter, disable or drop the tables and their triggers.

The roles are made as an installation makes them (docs/postgresql.md), in a schema of the
test database owned by the owner role; every attempt the apps' role makes to undo the
protection fails, and everything the apps do still works."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from types import SimpleNamespace

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError

from tilsynwidgets.domain.core.drafts import DraftKey
from tilsynwidgets.domain.risk.criteria import default_catalogue
from tilsynwidgets.domain.training.sessions import Answer
from tilsynwidgets.domain.training.vignettes import vignettes
from tilsynwidgets.domain.workshop.in_force import new_entry, packaged_reference
from tilsynwidgets.sample.load import load_sample
from tilsynwidgets.store import Store, StoreError, normalise_url
from tilsynwidgets.store.catalogues import CatalogueStore
from tilsynwidgets.store.schema import APPEND_ONLY_TABLES
from tilsynwidgets.store.training import TrainingStore

pytestmark = pytest.mark.postgres

OWNER = "tilsynwidgets_ejer_test"
APP = "tilsynwidgets_app_test"
NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Installation:
    owner_url: str
    app_url: str


def _as(server: URL, role: str, schema: str) -> str:
    url = server.set(username=role).update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False)


@pytest.fixture
def installation() -> Iterator[Installation]:
    base = os.environ.get("TILSYNWIDGETS_TEST_DATABASE_URL", "").strip()
    if not base:
        pytest.skip("PostgreSQL-tests kræver TILSYNWIDGETS_TEST_DATABASE_URL")
    server = normalise_url(base)
    schema = f"tw_roles_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        for role in (OWNER, APP):
            conn.execute(
                text(
                    f"DO $$ BEGIN CREATE ROLE {role} LOGIN; "
                    "EXCEPTION WHEN duplicate_object THEN NULL; END $$"
                )
            )
        conn.execute(text(f'CREATE SCHEMA "{schema}" AUTHORIZATION {OWNER}'))
    try:
        owner_url = _as(server, OWNER, schema)
        with Store.open(owner_url) as store:
            store.upgrade(NOW, app_role=APP)
        yield Installation(owner_url, _as(server, APP, schema))
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


ATTACKS = [
    "UPDATE assessments SET chosen = 'groen'",
    "DELETE FROM assessments",
    "TRUNCATE assessments",
    "ALTER TABLE assessments DISABLE TRIGGER ALL",
    "ALTER TABLE assessments DISABLE TRIGGER assessments_append_only",
    "DROP TRIGGER assessments_append_only ON assessments",
    "SET session_replication_role = replica",
    "DROP TABLE assessments CASCADE",
    "ALTER TABLE assessments ADD COLUMN note text",
    "CREATE OR REPLACE FUNCTION tilsynwidgets_append_only() RETURNS trigger "
    "LANGUAGE plpgsql AS $body$ BEGIN RETURN NEW; END $body$",
    "INSERT INTO assessments SELECT * FROM assessments "
    "ON CONFLICT (id) DO UPDATE SET chosen = 'groen'",
    "UPDATE alembic_version SET version_num = '0001'",
    "CREATE TABLE udenfor (x int)",
]


@pytest.mark.parametrize("attack", ATTACKS)
def test_the_apps_role_cannot_undo_the_protection(
    installation: Installation, build: SimpleNamespace, attack: str
) -> None:
    with Store.open(installation.app_url) as store:
        store.upsert_units([build.unit()])
        store.append_assessment(build.assessment())
        before = store.assessments()
        with pytest.raises(DBAPIError), store.engine.begin() as conn:
            conn.execute(text(attack))
        assert store.assessments() == before
        store.check_schema()
    with Store.open(installation.owner_url) as owner, owner.engine.connect() as conn:
        triggers = conn.execute(
            text(
                "SELECT count(*) FROM pg_trigger WHERE tgname = 'assessments_append_only' "
                "AND tgrelid = 'assessments'::regclass AND tgenabled = 'O'"
            )
        ).scalar_one()
        assert triggers == 1


def test_every_append_only_table_is_closed_to_the_apps_role(
    installation: Installation,
) -> None:
    with Store.open(installation.app_url) as store, store.engine.begin() as conn:
        # Not an owner: PostgreSQL only warns that nothing was granted.
        conn.execute(text(f"GRANT UPDATE, DELETE, TRUNCATE ON assessments TO {APP}, PUBLIC"))
    with Store.open(installation.app_url) as store, store.engine.connect() as conn:
        for table in APPEND_ONLY_TABLES:
            for right in ("UPDATE", "DELETE", "TRUNCATE"):
                allowed = conn.execute(
                    text("SELECT has_table_privilege(:role, :table, :right)"),
                    {"role": APP, "table": table.name, "right": right},
                ).scalar_one()
                assert allowed is False, (table.name, right)
            assert conn.execute(
                text("SELECT has_table_privilege(:role, :table, 'INSERT')"),
                {"role": APP, "table": table.name},
            ).scalar_one()


def test_everything_the_apps_do_works_as_the_apps_role(
    installation: Installation, build: SimpleNamespace
) -> None:
    with Store.open(installation.app_url) as store:
        store.check_schema()
        load_sample(store, date(2026, 11, 1), n_tilbud=4, n_plejefamilier=4)
        unit = store.units()[0]
        store.append_assessment(build.assessment(unit.id, minutes=60 * 24 * 900))
        draft = DraftKey.assessment("Tilsynsførende", unit.id)
        store.save_draft(draft, {"chosen": "roed"})
        assert store.discard_draft(draft)
        store.import_units([build.unit("T-900")], "Importeret fra test.csv", date(2026, 11, 2))
        first = store.append_information(build.information("T-900"))
        store.append_information(build.information("T-900", replaces=first, minutes=1))
        assert store.unit("T-900", as_of=date(2026, 11, 2)).signals["complaints"] == 2.0
        assert len(store.information_frame()) > 2
        assert CatalogueStore(store).versions() == []
        assert CatalogueStore(store).ensure_packaged(NOW)
        entry = new_entry(
            packaged_reference(default_catalogue().version),
            put_by="Metodekonsulent M",
            reason="Det pakkede katalog er afprøvet på porteføljen.",
            put_at=NOW,
        )
        store.put_catalogue_in_force(entry)
        assert store.catalogue_in_force_history() == [entry]
        assert store.catalogue_in_force() == default_catalogue()
        training = TrainingStore(store)
        ids = vignettes().ids[:1]
        participant = build.open_session(store, "RQLLER")
        for colour in ("gul", "roed"):
            training.submit(
                Answer(
                    session_code="RQLLER",
                    round_no=1,
                    participant_id=participant,
                    vignette_id=ids[0],
                    category=colour,
                    justification="En begrundelse med ord nok til at tælle.",
                    submitted_at=NOW,
                )
            )
        assert [a.category.value for a in training.answers("RQLLER")] == ["roed"]


def test_the_apps_role_cannot_grant_itself_rights(installation: Installation) -> None:
    with (
        Store.open(installation.app_url) as store,
        pytest.raises(StoreError, match="når der opgraderes som tabellernes ejer"),
    ):
        store.upgrade(NOW, app_role=APP)


def test_a_missing_app_role_is_named(installation: Installation) -> None:
    with (
        Store.open(installation.owner_url) as store,
        pytest.raises(StoreError, match="Rollen 'findes_ikke' findes ikke"),
    ):
        store.upgrade(NOW, app_role="findes_ikke")
