"""Revision 0004 on SQLite and PostgreSQL: an empty, append-only table of the catalogue
versions put in force; the drafts table takes drafts of a quality assessment, keeps every
draft stored before, and still refuses a mixed-up key."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from alembic import command
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, IntegrityError

from tilsynwidgets.domain.core.drafts import DraftKey
from tilsynwidgets.domain.risk.criteria import default_catalogue
from tilsynwidgets.domain.workshop.in_force import new_entry, packaged_reference
from tilsynwidgets.store import Store
from tilsynwidgets.store import migrate as migrate_module
from tilsynwidgets.store.drafts import _draft_key
from tilsynwidgets.store.schema import APPEND_ONLY_MESSAGE, drafts

WHEN = datetime(2026, 12, 10, 9, 0, tzinfo=UTC)
# One draft of each kind revision 0003 knew.
OLD_DRAFTS = [
    DraftKey.assessment("Anna", "T-001"),
    DraftKey.plan("Anna", "T-001"),
    DraftKey.training_answer("p-1", "K7M2QX", "v02-lyngbo"),
    DraftKey.self_assessment("Leder", "nord"),
]
QUALITY = DraftKey.quality("Anna", "T-001")


def _row(key: DraftKey, number: int) -> dict[str, Any]:
    return {**_draft_key(key), "payload": {"n": number}, "updated_at": WHEN}


def _at_0003_with(url: str, keys: list[DraftKey]) -> None:
    with Store.open(url) as store, store.engine.begin() as conn:
        command.upgrade(migrate_module._config(conn), "0003")
        for number, key in enumerate(keys):
            conn.execute(drafts.insert(), _row(key, number))


def test_revision_0003_refuses_a_quality_draft(engine_url: str) -> None:
    _at_0003_with(engine_url, [])
    with Store.open(engine_url) as store:
        refused = pytest.raises(IntegrityError)
        with refused, store.engine.begin() as conn:
            conn.execute(drafts.insert(), _row(QUALITY, 0))


@pytest.mark.parametrize("count", [0, 1, len(OLD_DRAFTS)])
def test_the_drafts_are_kept_and_a_quality_draft_is_taken(engine_url: str, count: int) -> None:
    _at_0003_with(engine_url, OLD_DRAFTS[:count])
    with Store.open(engine_url) as store:
        store.upgrade(WHEN)
        store.check_schema()
        for number, key in enumerate(OLD_DRAFTS[:count]):
            assert store.load_draft(key) == {"n": number}
        with store.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM drafts")).scalar_one() == count
        store.save_draft(QUALITY, {"scores": {"1.1.a": 4}})
        assert store.load_draft(QUALITY) == {"scores": {"1.1.a": 4}}
        assert store.load_draft(DraftKey.assessment("Anna", "T-001")) == (
            {"n": 0} if count else None
        )


@pytest.mark.parametrize(
    "row",
    [
        {"kind": "kvalitetsvurdering", "unit_id": ""},
        {"kind": "kvalitetsvurdering", "unit_id": "T-001", "vignette_id": "v1"},
        {"kind": "traening", "session_code": "K7M2QX"},
        {"kind": "ukendt", "unit_id": "T-001"},
    ],
)
def test_the_upgraded_table_refuses_a_mixed_up_key(engine_url: str, row: dict[str, str]) -> None:
    _at_0003_with(engine_url, OLD_DRAFTS)
    with Store.open(engine_url) as store:
        store.upgrade(WHEN)
        values = {"owner": "A", "payload": {}, "updated_at": WHEN, **row}
        with pytest.raises(IntegrityError), store.engine.begin() as conn:
            conn.execute(drafts.insert(), values)


def test_the_catalogue_in_force_starts_empty_and_cannot_be_changed(engine_url: str) -> None:
    _at_0003_with(engine_url, OLD_DRAFTS)
    entry = new_entry(
        packaged_reference(default_catalogue().version),
        put_by="Metodekonsulent M",
        reason="Det pakkede katalog er afprøvet på porteføljen.",
        put_at=WHEN,
    )
    with Store.open(engine_url) as store:
        store.upgrade(WHEN)
        assert store.catalogue_in_force_history() == []
        assert store.catalogue_in_force() == default_catalogue()
        store.put_catalogue_in_force(entry)
        for statement in (
            "UPDATE catalogue_in_force SET put_by = 'X'",
            "DELETE FROM catalogue_in_force",
        ):
            with pytest.raises(DBAPIError) as caught, store.engine.begin() as conn:
                conn.execute(text(statement))
            assert APPEND_ONLY_MESSAGE in str(caught.value)
        assert store.catalogue_in_force_history() == [entry]
