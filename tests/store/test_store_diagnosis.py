"""Each way the database can refuse gets its own Danish sentence, never an English one and
never the misleading "cannot be reached" for what is really bad data or a wrong name."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tilsynwidgets.store import Store, StoreError, normalise_url
from tilsynwidgets.store.schema import drafts

POSTGRES = os.environ.get("TILSYNWIDGETS_TEST_DATABASE_URL", "").strip()
needs_postgres = pytest.mark.skipif(not POSTGRES, reason="kræver TILSYNWIDGETS_TEST_DATABASE_URL")


def _refusal(url: str) -> str:
    with Store.open(url) as store, pytest.raises(StoreError) as caught:
        store.is_empty()
    return str(caught.value)


def test_a_damaged_sqlite_file(tmp_path: Path) -> None:
    damaged = tmp_path / "tilsynwidgets.sqlite"
    damaged.write_bytes(b"ikke en database " * 400)
    damaged.chmod(0o600)
    assert _refusal(f"sqlite:///{damaged}") == (
        f"Databasen kunne ikke læses. Databasefilen {damaged} er beskadiget eller ikke en database."
    )


def test_tables_that_are_not_created(tmp_path: Path) -> None:
    assert _refusal(f"sqlite:///{tmp_path / 'ny.sqlite'}") == (
        "Databasen kunne ikke læses. Lagerets tabeller er ikke oprettet: det gøres med "
        "kommandoen 'tilsynwidgets opgrader'."
    )


@pytest.mark.postgres
@needs_postgres
def test_a_wrong_database_name() -> None:
    url = normalise_url(POSTGRES).set(database="findes_ikke_her")
    assert _refusal(url.render_as_string(hide_password=False)) == (
        "Databasen kunne ikke læses. Databasen 'findes_ikke_her' findes ikke på serveren; "
        "kontrollér navnet i database-URL'en."
    )


@pytest.mark.postgres
@needs_postgres
def test_an_unknown_user_and_a_server_that_does_not_answer() -> None:
    server = normalise_url(POSTGRES)
    unknown = server.set(username="ingen_saadan_bruger")
    assert "Serveren kender ikke brugeren 'ingen_saadan_bruger'" in _refusal(
        unknown.render_as_string(hide_password=False)
    )
    silent = server.set(host="127.0.0.1", port=1)
    assert _refusal(silent.render_as_string(hide_password=False)) == (
        "Databasen kunne ikke læses. Databaseserveren på 127.0.0.1:1 svarer ikke; kører den?"
    )


@pytest.mark.postgres
@needs_postgres
def test_a_nul_character_is_bad_data_not_an_unreachable_database(tmp_path: Path) -> None:
    # The domain removes NUL from what people type; this is the store's last word if
    # something else tries.
    row = {"owner": "A\x00B", "kind": "risikovurdering", "unit_id": "T-001", "payload": {}}
    with (
        Store.open(POSTGRES) as store,
        pytest.raises(StoreError) as caught,
        store.transaction("Kladden kunne ikke gemmes.") as conn,
    ):
        conn.execute(drafts.insert(), {**row, "updated_at": datetime.now(UTC)})
    assert str(caught.value) == (
        "Kladden kunne ikke gemmes. Databasen afviste en tekst med et tegn, den ikke kan gemme "
        "(fx et usynligt nultegn)."
    )
