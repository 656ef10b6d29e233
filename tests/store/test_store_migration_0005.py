"""Revision 0005 on SQLite and PostgreSQL: each known signal of a unit's stored snapshot
becomes one record of kind ``overfoert_signal`` on the store's data date, written as the
store itself writes them; unknown (absent or null) signals give none; the column goes."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
from alembic import command
from sqlalchemy import inspect, text

from tilsynwidgets.store import Store
from tilsynwidgets.store import migrate as migrate_module
from tilsynwidgets.store.derived import UPGRADE, transferred_information
from tilsynwidgets.store.information import information_row

NOW = datetime(2026, 12, 21, 12, 0, tzinfo=UTC)
UNITS: dict[str, tuple[str, dict[str, float | bool | None]]] = {
    "T-1": ("voksne_botilbud", {"complaints": 3, "paabud": False, "staff_turnover_pct": 12.5}),
    "T-2": ("boern_doegn", {"complaints": None, "leader_changed": True}),
    "P-1": ("plejefamilie_almen", {}),
}


def _day(value: object) -> date:
    """A date column as the engine returns it through plain SQL (text on SQLite)."""
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _at_0004_with(url: str, data_as_of: date | None) -> None:
    """A store at revision 0004 holding :data:`UNITS`, their snapshots as JSON as that
    release stored them, and (when given) the data date."""
    with Store.open(url) as store, store.engine.begin() as conn:
        command.upgrade(migrate_module._config(conn), "0004")
        signals = "CAST(:signals AS JSONB)" if conn.dialect.name == "postgresql" else ":signals"
        for unit_id, (unit_type, snapshot) in UNITS.items():
            conn.execute(
                text(
                    "INSERT INTO units (id, name, unit_type, socialtilsyn, team, capacity, "
                    f"signals) VALUES (:id, :name, :type, 'nord', 'Team 1', 4, {signals})"
                ),
                {
                    "id": unit_id,
                    "name": f"Enhed {unit_id}",
                    "type": unit_type,
                    "signals": json.dumps(snapshot),
                },
            )
        if data_as_of is not None:
            conn.execute(
                text(
                    "INSERT INTO provenance (id, source, data_as_of, loaded_at) "
                    "VALUES (1, 'a.csv', :day, :at)"
                ),
                {"day": data_as_of, "at": NOW.replace(tzinfo=None)},
            )


def test_each_known_signal_becomes_one_record_on_the_data_date(engine_url: str) -> None:
    day = date(2026, 11, 1)
    _at_0004_with(engine_url, day)
    with Store.open(engine_url) as store:
        store.upgrade(NOW)
        columns = {c["name"] for c in inspect(store.engine).get_columns("units")}
        records = {
            unit_id: [r.information for r in store.information(unit_id)] for unit_id in UNITS
        }
        signals = {unit_id: store.unit(unit_id, as_of=day).signals for unit_id in UNITS}
        with store.engine.connect() as conn:
            stored = conn.execute(text("SELECT model FROM information ORDER BY id")).scalars()
            models = [m if isinstance(m, dict) else json.loads(m) for m in stored]
            columns_of = text(
                "SELECT kind, concerns_on, origin, registered_by, signal, vaerdi, antal "
                "FROM information ORDER BY id"
            )
            value_columns = [tuple(row) for row in conn.execute(columns_of)]
    assert "signals" not in columns
    assert signals == {
        "T-1": {"complaints": 3.0, "paabud": False, "staff_turnover_pct": 12.5},
        "T-2": {"leader_changed": True},  # the null stays unknown
        "P-1": {},
    }
    expected = [
        transferred_information(unit_id, key, value, day, occasion=UPGRADE, at=NOW)
        for unit_id in sorted(UNITS)
        for key, value in sorted(UNITS[unit_id][1].items())
        if value is not None
    ]
    assert [item for unit_id in sorted(UNITS) for item in records[unit_id]] == expected
    # Byte for byte the JSON the store writes for the same record.
    rows = [information_row(item, NOW) for item in expected]
    assert models == [row["model"] for row in rows]
    names = ("kind", "concerns_on", "origin", "registered_by", "signal", "vaerdi", "antal")
    wanted = [tuple(row[name] for name in names) for row in rows]
    assert [(*r[:1], _day(r[1]), *r[2:]) for r in value_columns] == wanted


def test_without_a_data_date_the_records_are_dated_the_day_of_the_upgrade(
    engine_url: str,
) -> None:
    _at_0004_with(engine_url, None)
    late_evening = datetime(2026, 12, 21, 23, 30, tzinfo=UTC)  # 22 December in Denmark
    with Store.open(engine_url) as store:
        store.upgrade(late_evening)
        days = {r.information.received_on for r in store.information("T-1")}
    assert days == {date(2026, 12, 22)}


def test_a_data_date_ahead_of_the_clock_is_registered_no_earlier_than_that_day(
    engine_url: str,
) -> None:
    _at_0004_with(engine_url, date(2026, 12, 24))
    with Store.open(engine_url) as store:
        store.upgrade(NOW)
        [first, *_] = store.information("T-1")
        assert store.unreadable_rows == []
    assert first.information.registered_at == datetime(2026, 12, 23, 23, tzinfo=UTC)


@pytest.mark.parametrize("table", ["assessments", "information"])
def test_history_of_a_unit_still_holds_it_after_the_column_is_gone(
    engine_url: str, table: str
) -> None:
    _at_0004_with(engine_url, date(2026, 11, 1))
    with Store.open(engine_url) as store:
        store.upgrade(NOW)
        with store.engine.connect() as conn:
            foreign = inspect(conn).get_foreign_keys(table)
    assert {"units"} <= {key["referred_table"] for key in foreign}
