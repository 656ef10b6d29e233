"""Revision 0003 on SQLite and PostgreSQL: each old encoding of a draft's key becomes its
typed columns, and a key that fits none is kept apart, unchanged, never dropped."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from alembic import command
from sqlalchemy import JSON, bindparam, text
from sqlalchemy.dialects.postgresql import JSONB

from tilsynwidgets.domain.core.drafts import DraftKey
from tilsynwidgets.store import Store
from tilsynwidgets.store import migrate as migrate_module
from tilsynwidgets.store.schema import UTCDateTime

WHEN = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
# A draft as revision 0002 stored it.
_INSERT = text(
    "INSERT INTO drafts (assessor, unit_id, form, payload, updated_at) "
    "VALUES (:assessor, :unit_id, :form, :payload, :updated_at)"
).bindparams(
    bindparam("payload", type_=JSON().with_variant(JSONB(), "postgresql")),
    bindparam("updated_at", type_=UTCDateTime()),
)

# (assessor, unit_id, form) as revision 0002 stored them → the typed key, or None when the
# row fits no encoding and must be kept apart.
CASES: list[tuple[tuple[str, str, str], DraftKey | None]] = [
    (("Anna", "T-001", "risikovurdering"), DraftKey.assessment("Anna", "T-001")),
    (("Anna", "T-001", "tilsynsintensitet"), DraftKey.plan("Anna", "T-001")),
    (
        ("p-1", "v02-lyngbo", "traening:K7M2QX"),
        DraftKey.training_answer("p-1", "K7M2QX", "v02-lyngbo"),
    ),
    (("p-1", "K7M2QX", "traening:v02"), DraftKey.training_answer("p-1", "v02", "K7M2QX")),
    (("p-2", "v1", "traening:ABCDEFGH"), DraftKey.training_answer("p-2", "ABCDEFGH", "v1")),
    (("Leder", "", "selvevaluering:hovedstaden"), DraftKey.self_assessment("Leder", "hovedstaden")),
    (("Leder", "", "selvevaluering:oest"), DraftKey.self_assessment("Leder", "oest")),
    (("Anna", "", "risikovurdering"), None),  # an assessment of no unit
    (("Anna", "", "ny_enhed"), None),  # an unknown form
    (("Anna", "T-001", "Risikovurdering"), None),  # forms were compared exactly
    (("p-1", "v1", "TRAENING:K7M2QX"), None),  # … also where LIKE would ignore case
    (("p-1", "v1", "traening:"), None),  # no session code
    (("p-1", "v1", "traening:ABCDEFGHI"), None),  # longer than a code can be
    (("p-1", "v1", "traening: K7M2QX"), None),  # a code does not start with a space
    (("p-1", "", "traening:K7M2QX"), None),  # no vignette
    (("Leder", "", "selvevaluering:vest"), None),  # no such socialtilsyn
    (("Leder", "", "selvevaluering:"), None),
    (("Leder", "T-001", "selvevaluering:nord"), None),  # a self-assessment has no unit
    (("", "T-001", "risikovurdering"), None),  # no owner
]


def _upgrade_through_0002_with(url: str, rows: list[dict[str, Any]]) -> None:
    with Store.open(url) as store, store.engine.begin() as conn:
        config = migrate_module._config(conn)
        command.upgrade(config, "0002")
        for row in rows:
            conn.execute(_INSERT, row)
        command.upgrade(config, "0003")


def _old_row(number: int, key: tuple[str, str, str]) -> dict[str, Any]:
    assessor, unit_id, form = key
    return {
        "assessor": assessor,
        "unit_id": unit_id,
        "form": form,
        "payload": {"n": number},
        "updated_at": WHEN,
    }


def test_every_encoding_is_converted_and_the_rest_kept_apart(engine_url: str) -> None:
    rows = [_old_row(number, key) for number, (key, _) in enumerate(CASES)]
    _upgrade_through_0002_with(engine_url, rows)
    with Store.open(engine_url) as store:
        for number, (old, new) in enumerate(CASES):
            if new is not None:
                assert store.load_draft(new) == {"n": number}, old
        with store.engine.connect() as conn:
            kept = conn.execute(
                text("SELECT assessor, unit_id, form, payload FROM unconverted_drafts")
            ).all()
            converted = conn.execute(text("SELECT count(*) FROM drafts")).scalar_one()
    unconverted = {old: number for number, (old, new) in enumerate(CASES) if new is None}
    assert {(a, u, f) for a, u, f, _ in kept} == set(unconverted)
    for assessor, unit_id, form, payload in kept:
        stored = payload if isinstance(payload, dict) else json.loads(payload)
        assert stored == {"n": unconverted[(assessor, unit_id, form)]}
    assert converted + len(kept) == len(CASES)


@pytest.mark.parametrize("drafts", [0, 1])
def test_an_empty_or_small_drafts_table_upgrades(engine_url: str, drafts: int) -> None:
    rows = [_old_row(0, ("Anna", "T-001", "risikovurdering"))][:drafts]
    _upgrade_through_0002_with(engine_url, rows)
    with Store.open(engine_url) as store:
        store.upgrade(WHEN)  # and on through the later revisions
        store.check_schema()
        expected = {"n": 0} if drafts else None
        assert store.load_draft(DraftKey.assessment("Anna", "T-001")) == expected
