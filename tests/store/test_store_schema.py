"""The tables: idempotent creation, UTC timestamps and append-only history in the database."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from types import SimpleNamespace

import pytest
from sqlalchemy import inspect, select, text
from sqlalchemy.exc import DBAPIError, StatementError

from tilsynwidgets.store import Store
from tilsynwidgets.store.schema import APPEND_ONLY_MESSAGE, HISTORY_TABLES, drafts, metadata


def test_upgrade_is_idempotent_and_keeps_rows(store: Store, build: SimpleNamespace) -> None:
    store.upsert_units([build.unit()])
    store.upgrade()
    store.upgrade()
    names = set(inspect(store.engine).get_table_names())
    assert {table.name for table in metadata.sorted_tables} <= names
    assert [unit.id for unit in store.units()] == ["T-001"]


def test_every_history_table_is_covered() -> None:
    assert {table.name for table in HISTORY_TABLES} == {
        "assessments",
        "plans",
        "checklist_changes",
        "quality_assessments",
        "self_assessments",
    }


def _append_one(store: Store, build: SimpleNamespace, table: str) -> None:
    append: dict[str, Callable[[], None]] = {
        "assessments": lambda: store.append_assessment(build.assessment()),
        "plans": lambda: store.append_plan(build.plan()),
        "checklist_changes": lambda: store.append_checklist_change(build.checklist_change()),
        "quality_assessments": lambda: store.append_quality_assessment(build.quality_assessment()),
        "self_assessments": lambda: store.append_self_assessment(build.self_assessment()),
    }
    append[table]()


@pytest.mark.parametrize("table", [table.name for table in HISTORY_TABLES])
@pytest.mark.parametrize("statement", ["UPDATE {t} SET id = id", "DELETE FROM {t}"])
def test_the_database_refuses_to_change_history(
    store: Store, build: SimpleNamespace, table: str, statement: str
) -> None:
    store.upsert_units([build.unit()])
    _append_one(store, build, table)
    with pytest.raises(DBAPIError) as caught, store.engine.begin() as conn:
        conn.execute(text(statement.format(t=table)))
    assert APPEND_ONLY_MESSAGE in str(caught.value)
    with store.engine.connect() as conn:
        assert conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one() == 1


def test_a_unit_with_history_cannot_be_deleted(store: Store, build: SimpleNamespace) -> None:
    store.upsert_units([build.unit()])
    store.append_assessment(build.assessment())
    with pytest.raises(DBAPIError), store.engine.begin() as conn:
        conn.execute(text("DELETE FROM units"))
    assert store.unit("T-001") == build.unit()


def test_timestamps_are_stored_as_utc_and_read_back_aware(store: Store) -> None:
    summer = timezone(timedelta(hours=2))
    moment = datetime(2025, 6, 1, 14, 0, 0, 654321, tzinfo=summer)
    row = {"owner": "A", "kind": "selvevaluering", "socialtilsyn": "nord", "payload": {}}
    row["updated_at"] = moment
    with store.engine.begin() as conn:
        conn.execute(drafts.insert(), row)
        stored = conn.execute(select(drafts.c.updated_at)).scalar_one()
    assert stored == datetime(2025, 6, 1, 12, 0, 0, 654321, tzinfo=UTC)
    assert stored.utcoffset() == timedelta(0)


def test_naive_timestamps_are_refused(store: Store) -> None:
    naive = datetime(2025, 1, 1)  # the point of the test
    row = {"owner": "A", "kind": "selvevaluering", "socialtilsyn": "nord", "payload": {}}
    row["updated_at"] = naive
    with pytest.raises(StatementError, match="tidszone"), store.engine.begin() as conn:
        conn.execute(drafts.insert(), row)
