"""A store made by the release at schema revision 0004 (20f4cf3), the last to hold a snapshot
of signals per unit, upgrades on both engines: no unit is lost, every known snapshot signal
is now a record of kind ``overfoert_signal`` on the data date, the signals as of that date
are exactly the snapshots (unknown where they were unknown), so the catalogue's suggestions
are the same for every unit; and the new table of information is append-only."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import inspect, text

from tilsynwidgets.domain.core.signals import SignalKind, signal_catalogue
from tilsynwidgets.domain.core.units import UnitType
from tilsynwidgets.domain.information.kinds import Origin
from tilsynwidgets.domain.information.records import Information
from tilsynwidgets.domain.risk.evaluation import evaluate_portfolio
from tilsynwidgets.store import Store
from tilsynwidgets.store.derived import UPGRADE, transferred_information
from tilsynwidgets.store.migrate import SchemaState, head_revision, schema_status

NOW = datetime(2026, 12, 21, 12, 0, tzinfo=UTC)
EveryRow = Callable[[Store], dict[str, list[dict[str, Any]]]]  # the conftest's fixture
CarriedOver = Callable[[dict[str, Any], dict[str, Any]], None]  # the conftest's fixture
RefusesChanges = Callable[[Store, str, str], None]  # the conftest's fixture
KEYS = list(signal_catalogue().keys)


def _old_frame(store: Store) -> pd.DataFrame:
    """The units' kinds and snapshot signals read straight from the old table (today's code
    no longer reads the column): flags 1.0/0.0, NaN where unknown, as the old units frame."""
    with store.engine.connect() as conn:
        rows = conn.execute(text("SELECT id, unit_type, signals FROM units ORDER BY id")).all()
    signals = [json.loads(s) if isinstance(s, str) else s for _, _, s in rows]
    frame = pd.DataFrame(
        [
            [float(found[key]) if found.get(key) is not None else np.nan for key in KEYS]
            for found in signals
        ],
        columns=KEYS,
        index=pd.Index([unit_id for unit_id, _, _ in rows], name="id"),
    )
    frame.insert(0, "kind", [UnitType(t).kind.value for _, t, _ in rows])
    return frame


def test_the_fixture_is_the_release_at_revision_0004(
    release_0004_store: str, release_0004: dict[str, Any]
) -> None:
    with Store.open(release_0004_store) as store:
        status = schema_status(store.engine)
        names = set(inspect(store.engine).get_table_names())
        columns = {c["name"] for c in inspect(store.engine).get_columns("units")}
    assert (status.state, status.revision) == (SchemaState.BEHIND, "0004")
    assert release_0004["commit"] == "20f4cf3"
    assert "information" not in names
    assert "signals" in columns
    counts = {len(found) for found in release_0004["signals"].values()}
    assert 0 in counts  # a unit with nothing known …
    assert len(counts) > 2  # … and units with some signals unknown


def test_every_row_is_kept_and_the_snapshots_become_records(
    release_0004_store: str,
    release_0004: dict[str, Any],
    every_row: EveryRow,
    carried_over: CarriedOver,
) -> None:
    with Store.open(release_0004_store) as store:
        before = every_row(store)
        result = store.upgrade(NOW)
        after = every_row(store)
        store.check_schema()
        again = store.upgrade(NOW)
        columns = {c["name"] for c in inspect(store.engine).get_columns("units")}
        assert len(store.units()) == release_0004["rows"]["units"]
    assert result.describe() == f"Lageret er opgraderet fra version 0004 til {head_revision()}."
    assert again.describe().startswith("Lageret har allerede den nyeste version")
    assert "signals" not in columns
    records = list(after["information"])
    carried_over(before, after)
    assert after.pop("export_log") == []  # revision 0006's table, empty
    assert after.pop("training_participant_changes") == []  # revision 0007's table, empty
    assert after == before
    assert {name: len(rows) for name, rows in after.items()} == release_0004["rows"]
    known = sum(len(found) for found in release_0004["signals"].values())
    assert len(records) == known > 0


def test_the_records_are_what_the_store_itself_would_write(
    release_0004_store: str, release_0004: dict[str, Any]
) -> None:
    day = date.fromisoformat(release_0004["as_of"])
    with Store.open(release_0004_store) as store:
        store.upgrade(NOW)
        for unit_id, snapshot in release_0004["signals"].items():
            records = store.information(unit_id)
            assert [r.information.values.signal for r in records] == sorted(snapshot)
            for record in records:
                item = record.information
                value = snapshot[item.values.signal or ""]
                # The frozen copy in revision 0005 builds what the store's builder builds.
                assert item == transferred_information(
                    unit_id, item.values.signal or "", value, day, occasion=UPGRADE, at=NOW
                )
                assert item.values.vaerdi == float(value)
                assert (item.concerns_on, item.received_on) == (day, day)
                assert item.origin is Origin.SOCIALTILSYNET
                assert item.description == (
                    "Overført fra enhedens risikosignaler pr. 1. november 2026 "
                    "ved opgradering af lageret"
                )
        frame = store.information_frame()
        assert store.unreadable_rows == []
    assert set(frame["kind"]) == {"overfoert_signal"}
    assert len(frame) == sum(len(found) for found in release_0004["signals"].values())


def test_the_signals_as_of_the_data_date_are_the_snapshots(
    release_0004_store: str, release_0004: dict[str, Any]
) -> None:
    day = date.fromisoformat(release_0004["as_of"])
    flags = {s.key for s in signal_catalogue().signals if s.kind is SignalKind.FLAG}
    with Store.open(release_0004_store) as store:
        old = _old_frame(store)
        store.upgrade(NOW)
        frame = store.units_frame(as_of=day).set_index("id")
        units = {unit.id: unit for unit in store.units(as_of=day)}
        one = {unit_id: store.unit(unit_id, as_of=day) for unit_id in release_0004["signals"]}
    assert list(frame.index) == list(old.index) == sorted(release_0004["signals"])
    pd.testing.assert_frame_equal(frame[KEYS], old[KEYS], check_names=False)
    for unit_id, snapshot in release_0004["signals"].items():
        assert units[unit_id].signals == snapshot, unit_id
        assert one[unit_id].signals == snapshot, unit_id
        assert {k for k, v in units[unit_id].signals.items() if isinstance(v, bool)} == (
            flags & set(snapshot)
        )
        for key in KEYS:  # unknown stays unknown, not zero
            assert math.isnan(frame.loc[unit_id, key]) == (key not in snapshot)


def test_the_catalogues_suggest_the_same_for_every_unit(release_0004_store: str) -> None:
    with Store.open(release_0004_store) as store:
        old = _old_frame(store)
        day = date(2026, 11, 1)
        store.upgrade(NOW)
        new = store.units_frame(as_of=day).set_index("id")
        in_force = store.catalogue_in_force()
        catalogues = [in_force, *(v.catalogue for v in _versions(store))]
    assert in_force.version == "2026.2-skarpere-klager"
    for catalogue in catalogues:
        before = evaluate_portfolio(old, catalogue)
        after = evaluate_portfolio(new, catalogue)
        assert np.array_equal(before.ranks, after.ranks)
        assert np.array_equal(before.fired, after.fired)
        assert np.array_equal(before.unknown, after.unknown)
    ranks = evaluate_portfolio(new, in_force).ranks
    assert len(set(ranks.tolist())) > 2  # colours and "no suggestion" alike are kept


def _versions(store: Store) -> list[Any]:
    from tilsynwidgets.store.catalogues import CatalogueStore

    return CatalogueStore(store).versions()


def test_a_day_later_the_carried_over_counts_still_hold_and_a_report_adds_to_them(
    release_0004_store: str, release_0004: dict[str, Any]
) -> None:
    unit_id = next(u for u, s in release_0004["signals"].items() if "whistleblower_reports" in s)
    had = release_0004["signals"][unit_id]["whistleblower_reports"]
    day = date.fromisoformat(release_0004["as_of"]) + timedelta(days=1)
    with Store.open(release_0004_store) as store:
        store.upgrade(NOW)
        store.append_information(
            Information(
                unit_id=unit_id,
                kind="whistleblower",
                concerns_on=day,
                received_on=day,
                origin=Origin.ANONYM,
                description="Henvendelse om nattevagten.",
                registered_by="Tilsynsførende C",
                registered_at=NOW,
            )
        )
        before = store.unit(unit_id, as_of=day - timedelta(days=1)).signals
        after = store.unit(unit_id, as_of=day).signals
    assert before["whistleblower_reports"] == had
    assert after["whistleblower_reports"] == had + 1


def test_the_information_table_is_append_only(
    release_0004_store: str, refuses_changes: RefusesChanges
) -> None:
    with Store.open(release_0004_store) as store:
        store.upgrade(NOW)
        before = len(store.information_frame())
        refuses_changes(store, "information", "withdrawn = NOT withdrawn")
        assert len(store.information_frame()) == before


def test_an_upgrade_without_a_data_date_dates_the_records_on_the_day_of_the_upgrade(
    release_0004_store: str,
) -> None:
    with Store.open(release_0004_store) as store:
        with store.engine.begin() as conn:
            conn.execute(text("DELETE FROM provenance"))
        store.upgrade(NOW)
        days = set(store.information_frame()["received_on"])
    assert days == {pd.Timestamp("2026-12-21")}
