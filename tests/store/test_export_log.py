"""The log of exports, on SQLite and PostgreSQL: each export is a row the database will not
change or delete, read back oldest first as the record that was logged; a row a later
release wrote is skipped and named, never a reason to lose the rest."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError
from sqlalchemy import insert, select, text
from sqlalchemy.exc import DBAPIError

from tilsynwidgets.domain.core.export_record import ExportRecord
from tilsynwidgets.store import Store
from tilsynwidgets.store.schema import APPEND_ONLY_MESSAGE, export_log

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
T0 = datetime(2027, 2, 3, 10, 15, tzinfo=COPENHAGEN)
FILTERS = "Socialtilsyn Syd · alle typer · 2026"


def _record(minutes: int = 0, /, **changes: object) -> ExportRecord:
    fields: dict[str, object] = {
        "made_at": T0 + timedelta(minutes=minutes),
        "made_by": "Leder A",
        "what": "Excel-projektmappe",
        "filters": FILTERS,
        "real_names": True,
        "rows": 240,
    }
    fields.update(changes)
    return ExportRecord.model_validate(fields)


def _count(store: Store) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(text("SELECT count(*) FROM export_log")).scalar_one())


def test_the_log_is_empty_until_an_export_is_logged(store: Store) -> None:
    assert store.export_log() == []


def test_an_export_is_logged_and_read_back_as_it_was(store: Store) -> None:
    record = _record()
    first = store.log_export(record)
    second = store.log_export(_record(5, real_names=False, what="Rapport til udskrift"))
    assert second == first + 1
    found = store.export_log()
    assert found[0] == record
    assert found[0].made_at.tzinfo is not None
    assert [(r.what, r.real_names) for r in found] == [
        ("Excel-projektmappe", True),
        ("Rapport til udskrift", False),
    ]
    assert store.unreadable_rows == []


def test_the_columns_hold_who_when_what_and_whether_names_were_revealed(store: Store) -> None:
    store.log_export(_record())
    query = select(
        export_log.c.made_at,
        export_log.c.made_by,
        export_log.c.what,
        export_log.c.filters,
        export_log.c.real_names,
        export_log.c.rows,
        export_log.c.model_shape,
    )
    with store.engine.connect() as conn:
        [row] = conn.execute(query).all()
    assert tuple(row) == (
        datetime(2027, 2, 3, 9, 15, tzinfo=UTC),  # stored as UTC
        "Leder A",
        "Excel-projektmappe",
        FILTERS,
        True,
        240,
        1,
    )


def test_the_log_reads_oldest_first_and_in_logging_order_at_the_same_moment(
    store: Store,
) -> None:
    store.log_export(_record(10, made_by="Leder C"))
    store.log_export(_record(0, made_by="Leder A"))
    store.log_export(_record(10, made_by="Leder D"))
    store.log_export(_record(-60 * 24, made_by="Leder B"))
    assert [r.made_by for r in store.export_log()] == ["Leder B", "Leder A", "Leder C", "Leder D"]


def test_the_database_refuses_to_change_or_delete_a_logged_export(store: Store) -> None:
    store.log_export(_record())
    before = store.export_log()
    statements = ["UPDATE export_log SET real_names = NOT real_names", "DELETE FROM export_log"]
    if store.engine.dialect.name == "postgresql":
        statements.append("TRUNCATE export_log")
    for statement in statements:
        with pytest.raises(DBAPIError) as caught, store.engine.begin() as conn:
            conn.execute(text(statement))
        assert APPEND_ONLY_MESSAGE in str(caught.value), statement
    assert store.export_log() == before


def test_a_row_written_by_a_newer_release_is_skipped_and_named(store: Store) -> None:
    store.log_export(_record())
    newer = {
        "made_at": T0,
        "made_by": "Leder B",
        "what": "Excel-projektmappe",
        "filters": FILTERS,
        "real_names": False,
        "rows": 3,
        "recorded_at": T0,
        "model": {"made_at": "2027-02-03T09:15:00Z", "ukendt": 1},
        "model_shape": 2,
    }
    with store.engine.begin() as conn:
        newer_id = conn.execute(insert(export_log).returning(export_log.c.id), newer).scalar_one()
    assert [r.made_by for r in store.export_log()] == ["Leder A"]
    [problem] = store.unreadable_rows
    assert (problem.table, problem.key) == ("export_log", str(newer_id))
    assert "nyere udgave" in problem.describe()
    assert _count(store) == 2


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"made_by": "   "}, "made_by"),
        ({"what": ""}, "what"),
        ({"filters": "\n"}, "filters"),
        ({"rows": -1}, "rows"),
        ({"made_at": datetime(2027, 2, 3, 10, 15)}, "made_at"),  # no time zone
    ],
)
def test_a_record_without_who_what_filters_or_a_time_zone_is_refused(
    changes: dict[str, object], field: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        _record(**changes)
    assert [error["loc"] for error in caught.value.errors()] == [(field,)]


def test_a_logged_export_reads_as_one_danish_line() -> None:
    assert _record().describe() == (
        "3. februar 2027 kl. 10.15 · Leder A · Excel-projektmappe · "
        "Socialtilsyn Syd · alle typer · 2026 · 240 enheder · plejefamilier med rigtige navne"
    )
    assert (
        _record(real_names=False, rows=1)
        .describe()
        .endswith("· 1 enhed · plejefamilier pseudonymiseret")
    )
    assert (
        _record(rows=7300).describe().endswith("· 7.300 enheder · plejefamilier med rigtige navne")
    )
