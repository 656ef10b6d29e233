"""A store made by the release at schema revision 0006 (2ccadd6), the first with a log of
exports, upgrades on both engines: every row of every table is kept as it was, and today's
store reads back what that release read from it (signals as of the data date, the categories
in force, the information with its corrections and withdrawals, the catalogue in force, the
training answers, the drafts and the logged exports). Training participants of that release
joined before sign-in existed and are read without an account; one who joins after the
upgrade is kept with the account signed in."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import inspect
from tests.upgrade.conftest import recorded_draft_key

from tilsynwidgets.domain.core.drafts import DraftKind
from tilsynwidgets.store import Store
from tilsynwidgets.store.migrate import SchemaState, head_revision, schema_status
from tilsynwidgets.store.training import TrainingStore

NOW = datetime(2027, 3, 1, 8, 0, tzinfo=UTC)
EveryRow = Callable[[Store], dict[str, list[dict[str, Any]]]]  # the conftest's fixture


def test_the_fixture_is_the_release_at_revision_0006(
    release_0006_store: str, release_0006: dict[str, Any]
) -> None:
    with Store.open(release_0006_store) as store:
        status = schema_status(store.engine)
        names = set(inspect(store.engine).get_table_names())
    assert status.revision == "0006"
    today = SchemaState.CURRENT if head_revision() == "0006" else SchemaState.BEHIND
    assert status.state is today
    assert release_0006["commit"] == "2ccadd6"
    assert "export_log" in names
    rows = release_0006["rows"]
    assert min(rows[name] for name in rows if name != "unconverted_drafts") > 0
    assert rows["export_log"] == len(release_0006["exports"]) == 2
    assert [e["real_names"] for e in release_0006["exports"]] == [True, False]
    assert rows["training_participants"] == len(release_0006["participants"]) == 2
    assert {draft["kind"] for draft in release_0006["drafts"]} == {kind.value for kind in DraftKind}


def test_every_row_is_kept_as_it_was(
    release_0006_store: str, release_0006: dict[str, Any], every_row: EveryRow
) -> None:
    with Store.open(release_0006_store) as store:
        before = every_row(store)
        store.upgrade(NOW)
        after = every_row(store)
        status = schema_status(store.engine)
        store.check_schema()
    assert (status.state, status.revision) == (SchemaState.CURRENT, head_revision())
    assert after.pop("training_participant_changes") == []  # revision 0007's table, empty
    assert after == before
    assert {name: len(rows) for name, rows in after.items()} == release_0006["rows"]


def _read_back(store: Store, release: dict[str, Any]) -> dict[str, Any]:
    """What the fixture's JSON records that the release read back, as ``store`` reads it."""
    training = TrainingStore(store)
    joined = training.participants(release["session_code"])
    participants = {p.display_name: p.participant_id for p in joined}
    day = date.fromisoformat(release["as_of"])
    chain = release["chain"]
    records = {r.id: r.information for r in store.information(chain["unit_id"])}
    return {
        "signals": {unit.id: unit.signals for unit in store.units(as_of=day)},
        "chosen": {str(k): str(v) for k, v in store.current_choices().sort_index().items()},
        "information": len(store.information_frame()),
        "chain": chain | {"records": [records[i].model_dump(mode="json") for i in chain["ids"]]},
        "in_force": [e.model_dump(mode="json") for e in store.catalogue_in_force_history()],
        "answers": sorted(a.category.value for a in training.answers(release["session_code"])),
        "drafts": [
            draft | {"payload": store.load_draft(recorded_draft_key(draft, participants))}
            for draft in release["drafts"]
        ],
        "participants": sorted(participants),
        "accounts": {p.account for p in joined},
        "exports": [record.model_dump(mode="json") for record in store.export_log()],
    }


def test_todays_store_reads_back_what_the_release_read(
    release_0006_store: str, release_0006: dict[str, Any]
) -> None:
    with Store.open(release_0006_store) as store:
        store.upgrade(NOW)
        read = _read_back(store, release_0006)
        assert store.unreadable_rows == []
    # Participants joined before sign-in existed are read without an account.
    assert read.pop("accounts") == {None}
    # SQLite's JSON functions give a mean to 15 significant digits, PostgreSQL to 16.
    signals = read.pop("signals")
    assert list(signals) == list(release_0006["signals"])
    for unit_id, expected in release_0006["signals"].items():
        assert signals[unit_id] == pytest.approx(expected, rel=1e-13), unit_id
    assert read == {name: release_0006[name] for name in read}
    assert [record["withdrawn"] for record in read["chain"]["records"]] == [False] * 3 + [True]
    assert read["in_force"][0]["version"] == release_0006["saved_version"]


def test_a_participant_who_joins_after_the_upgrade_keeps_the_account(
    release_0006_store: str, release_0006: dict[str, Any]
) -> None:
    code = release_0006["session_code"]
    with Store.open(release_0006_store) as store:
        store.upgrade(NOW)
        training = TrainingStore(store)
        joined, rejoined = training.join(code, "Deltager 2", None, NOW, account="kursus-7")
        again, _ = training.join(code, "deltager 2", None, NOW + timedelta(minutes=1))
        accounts = {p.display_name: p.account for p in training.participants(code)}
        assert store.unreadable_rows == []
    assert not rejoined
    assert joined.account == again.account == "kursus-7"
    assert accounts == {"Deltager 0": None, "Deltager 1": None, "Deltager 2": "kursus-7"}
