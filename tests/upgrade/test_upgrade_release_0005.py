"""A store made by the release at schema revision 0005 (909d491), the last without a log of
exports, upgrades on both engines: every row of every table is kept as it was, today's store
reads back what that release read from it (signals as of the data date, the categories in
force, the information with its corrections and withdrawals, the catalogue in force, the
training answers and the drafts), and the new log of exports is there, empty, takes an
export and refuses to change or delete one."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import DBAPIError
from tests.upgrade.conftest import recorded_draft_key

from tilsynwidgets.domain.core.drafts import DraftKind
from tilsynwidgets.domain.core.export_record import ExportRecord
from tilsynwidgets.store import Store
from tilsynwidgets.store.migrate import SchemaState, head_revision, schema_status
from tilsynwidgets.store.training import TrainingStore

NOW = datetime(2027, 2, 1, 8, 0, tzinfo=UTC)
EveryRow = Callable[[Store], dict[str, list[dict[str, Any]]]]  # the conftest's fixture
RefusesChanges = Callable[[Store, str, str], None]  # the conftest's fixture


def _export(**changes: Any) -> ExportRecord:
    fields: dict[str, Any] = {
        "made_at": NOW + timedelta(minutes=5),
        "made_by": "Leder D",
        "what": "Excel-projektmappe",
        "filters": "Socialtilsyn Syd · alle typer · 2026",
        "real_names": True,
        "rows": 21,
    }
    fields.update(changes)
    return ExportRecord.model_validate(fields)


def test_the_fixture_is_the_release_at_revision_0005(
    release_0005_store: str, release_0005: dict[str, Any]
) -> None:
    with Store.open(release_0005_store) as store:
        status = schema_status(store.engine)
        names = set(inspect(store.engine).get_table_names())
    assert (status.state, status.revision) == (SchemaState.BEHIND, "0005")
    assert release_0005["commit"] == "909d491"
    assert "export_log" not in names
    assert "information" in names
    rows = release_0005["rows"]
    assert min(rows[name] for name in rows if name != "unconverted_drafts") > 0
    assert rows["information"] == release_0005["information"] > len(release_0005["signals"])


def test_every_row_is_kept_as_it_was(
    release_0005_store: str, release_0005: dict[str, Any], every_row: EveryRow
) -> None:
    with Store.open(release_0005_store) as store:
        before = every_row(store)
        result = store.upgrade(NOW)
        after = every_row(store)
        store.check_schema()
        again = store.upgrade(NOW)
    assert result.describe() == f"Lageret er opgraderet fra version 0005 til {head_revision()}."
    assert result.packaged_added == ()
    assert again.describe().startswith("Lageret har allerede den nyeste version")
    assert after.pop("export_log") == []
    assert after.pop("training_participant_changes") == []  # revision 0007's table, empty
    assert after == before
    assert {name: len(rows) for name, rows in after.items()} == release_0005["rows"]


def test_todays_store_reads_back_what_the_release_read(
    release_0005_store: str, release_0005: dict[str, Any]
) -> None:
    day = date.fromisoformat(release_0005["as_of"])
    chain = release_0005["chain"]
    with Store.open(release_0005_store) as store:
        store.upgrade(NOW)
        signals = {unit.id: unit.signals for unit in store.units(as_of=day)}
        chosen = {str(k): str(v) for k, v in store.current_choices().sort_index().items()}
        records = {r.id: r.information for r in store.information(chain["unit_id"])}
        information = len(store.information_frame())
        in_force = [e.model_dump(mode="json") for e in store.catalogue_in_force_history()]
        training = TrainingStore(store)
        answers = sorted(a.category.value for a in training.answers("KURS29"))
        joined = training.participants("KURS29")
        participants = {p.display_name: p.participant_id for p in joined}
        drafts = [
            store.load_draft(recorded_draft_key(draft, participants))
            for draft in release_0005["drafts"]
        ]
        assert store.unreadable_rows == []
    # Participants joined before sign-in existed are read without an account.
    assert joined
    assert {p.account for p in joined} == {None}
    # SQLite's JSON functions give a mean to 15 significant digits, PostgreSQL to 16.
    assert list(signals) == list(release_0005["signals"])
    for unit_id, expected in release_0005["signals"].items():
        assert signals[unit_id] == pytest.approx(expected, rel=1e-13), unit_id
    assert chosen == release_0005["chosen"]
    assert information == release_0005["information"]
    assert [records[i].model_dump(mode="json") for i in chain["ids"]] == chain["records"]
    assert [records[i].withdrawn for i in chain["ids"]] == [False, False, False, True]
    assert in_force == release_0005["in_force"]
    assert in_force[0]["version"] == release_0005["saved_version"]
    assert answers == release_0005["answers"]
    assert drafts == [draft["payload"] for draft in release_0005["drafts"]]
    assert {draft["kind"] for draft in release_0005["drafts"]} == {kind.value for kind in DraftKind}


def test_the_export_log_is_new_empty_and_takes_an_export(release_0005_store: str) -> None:
    with Store.open(release_0005_store) as store:
        store.upgrade(NOW)
        assert store.export_log() == []
        record = _export()
        assert store.log_export(record) == 1
        later = _export(made_at=NOW + timedelta(hours=1), real_names=False, rows=3)
        assert store.log_export(later) == 2
        assert store.export_log() == [record, later]
        with store.engine.connect() as conn:
            stored = conn.execute(
                text("SELECT made_by, what, real_names, rows FROM export_log ORDER BY id")
            ).all()
    assert [tuple(row) for row in stored] == [
        ("Leder D", "Excel-projektmappe", True, 21),
        ("Leder D", "Excel-projektmappe", False, 3),
    ]


def test_the_export_log_is_append_only(
    release_0005_store: str, refuses_changes: RefusesChanges
) -> None:
    with Store.open(release_0005_store) as store:
        store.upgrade(NOW)
        store.log_export(_export())
        before = store.export_log()
        refuses_changes(store, "export_log", "real_names = NOT real_names")
        if store.engine.dialect.name == "postgresql":
            with (
                pytest.raises(DBAPIError, match="Historikken kan kun udvides"),
                store.engine.begin() as conn,
            ):
                conn.execute(text("TRUNCATE export_log"))
        assert store.export_log() == before
