"""The information about each unit in the store, on both engines: records are appended,
read back in the order received and as a frame; corrections and withdrawals are new records
that replace the old one; refusals are Danish, name the problem and leave nothing written;
and the database refuses to change a stored record."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from tilsynwidgets.domain.information.as_of import RECORD_COLUMNS
from tilsynwidgets.domain.information.records import VALUE_FIELDS, InformationRecord
from tilsynwidgets.store import Store, StoreError, UnknownUnitError
from tilsynwidgets.store.schema import APPEND_ONLY_MESSAGE, information

DAY = date(2025, 2, 28)


def _count(store: Store) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(text("SELECT count(*) FROM information")).scalar_one())


@pytest.fixture
def units(store: Store, build: SimpleNamespace) -> Store:
    """A tilbud and a plejefamilie, without snapshots of signals."""
    store.upsert_units([build.unit("T-001", signals={}), build.foster_family("P-001", signals={})])
    return store


def test_records_come_back_in_the_order_received_with_their_ids(
    units: Store, build: SimpleNamespace
) -> None:
    late = build.information(received_on=DAY, concerns_on=DAY - timedelta(days=1))
    early = build.information(
        kind="klage",
        received_on=DAY - timedelta(days=5),
        concerns_on=DAY - timedelta(days=9),
        values={"antal": 2},
        origin="paaroerende",
    )
    first = units.append_information(late)
    second = units.append_information(early)
    assert second > first
    assert units.information("T-001") == [
        InformationRecord(second, early),
        InformationRecord(first, late),
    ]
    assert units.information("P-001") == []


def test_the_frame_has_exactly_the_record_columns_and_their_values(
    units: Store, build: SimpleNamespace
) -> None:
    empty = units.information_frame()
    assert list(empty.columns) == list(RECORD_COLUMNS)
    assert len(empty) == 0
    staff = build.information(
        kind="personaleforhold",
        origin="enheden",
        values={
            "periode_start": date(2024, 3, 1),
            "personaleomsaetning_pct": 31.5,
            "sygefravaer_pct": 7.25,
        },
    )
    order = build.information(
        "P-001",
        kind="paabud",
        origin="socialtilsynet",
        values={"frist": date(2025, 4, 1)},
    )
    economy = build.information(kind="oekonomi", origin="enheden", values={"afviger": False})
    ids = [units.append_information(item) for item in (staff, order, economy)]
    fix = build.information(
        "P-001",
        kind="paabud",
        origin="socialtilsynet",
        values={"frist": date(2025, 4, 1), "efterkommet": date(2025, 3, 20)},
        received_on=DAY + timedelta(days=1),
        replaces=ids[1],
        minutes=60 * 24 * 2,
    )
    ids.append(units.append_information(fix))
    frame = units.information_frame()
    assert list(frame.columns) == list(RECORD_COLUMNS)
    assert frame["id"].tolist() == ids
    assert frame["unit_id"].tolist() == ["T-001", "P-001", "T-001", "P-001"]
    assert frame["kind"].tolist() == ["personaleforhold", "paabud", "oekonomi", "paabud"]
    assert frame["concerns_on"].dtype == "datetime64[ns]"
    assert frame["received_on"].tolist()[-1] == pd.Timestamp("2025-03-01")
    assert str(frame["registered_at"].dtype) == "datetime64[ns, UTC]"
    assert frame["registered_at"].tolist()[0] == pd.Timestamp(build.at(0))
    assert frame["replaces"].tolist()[:3] == [pytest.approx(np.nan, nan_ok=True)] * 3
    assert frame["replaces"].tolist()[3] == ids[1]
    assert frame["withdrawn"].dtype == np.bool_
    assert frame["personaleomsaetning_pct"].tolist()[0] == 31.5
    assert frame["sygefravaer_pct"].tolist()[0] == 7.25  # the two percentages not swapped
    assert frame["periode_start"].tolist()[0] == pd.Timestamp("2024-03-01")
    assert frame["afviger"].tolist()[2] == 0.0  # a known "no", not unknown
    assert np.isnan(frame["afviger"].tolist()[0])
    assert frame["frist"].tolist()[1] == pd.Timestamp("2025-04-01")
    assert pd.isna(frame["efterkommet"].tolist()[1])
    assert frame["efterkommet"].tolist()[3] == pd.Timestamp("2025-03-20")
    assert frame["signal"].isna().all()


@pytest.mark.parametrize(
    ("unit_id", "kind", "message"),
    [
        ("X-404", "klage", "enheden findes ikke i databasen ('X-404')"),
        (
            "P-001",
            "magtanvendelse",
            "«Magtanvendelse» kan ikke registreres for enheden 'P-001' "
            "(slagsen gælder kun for tilbud)",
        ),
        (
            "T-001",
            "sammenbrud",
            "«Sammenbrud i anbringelsen» kan ikke registreres for enheden 'T-001' "
            "(slagsen gælder kun for plejefamilie)",
        ),
    ],
)
def test_a_record_the_unit_cannot_have_is_refused_in_danish(
    units: Store, build: SimpleNamespace, unit_id: str, kind: str, message: str
) -> None:
    with pytest.raises(StoreError) as caught:
        units.append_information(build.information(unit_id, kind=kind))
    assert str(caught.value) == f"Oplysningen kunne ikke gemmes: {message}. Intet er gemt."
    assert _count(units) == 0


def test_an_unknown_unit_is_a_key_error_naming_it(units: Store, build: SimpleNamespace) -> None:
    with pytest.raises(UnknownUnitError) as caught:
        units.append_information_batch([build.information(), build.information("X-404")])
    assert caught.value.unit_ids == ["X-404"]
    assert _count(units) == 0


def test_a_correction_and_a_withdrawal_replace_and_the_old_record_stays(
    units: Store, build: SimpleNamespace
) -> None:
    days = 60 * 24  # minutes
    first = units.append_information(build.information(values={"antal": 2}))
    second = units.append_information(
        build.information(
            values={"antal": 3},
            received_on=DAY + timedelta(days=2),
            minutes=2 * days,
            replaces=first,
        )
    )
    units.append_information(
        build.information(
            values={"antal": 3},
            received_on=DAY + timedelta(days=4),
            minutes=4 * days,
            replaces=second,
            withdrawn=True,
            description="Henvendelsen var registreret på den forkerte enhed.",
        )
    )
    reports = {
        day: units.unit("T-001", as_of=DAY + timedelta(days=day)).signals.get(
            "whistleblower_reports"
        )
        for day in (0, 2, 4)
    }
    assert reports == {0: 2.0, 2: 3.0, 4: None}  # withdrawn: unknown again, not zero
    assert [r.id for r in units.information("T-001")] == [first, second, second + 1]
    assert _count(units) == 3


def test_a_replacement_must_exist_be_about_the_unit_and_be_the_latest(
    units: Store, build: SimpleNamespace
) -> None:
    first = units.append_information(build.information())
    other = units.append_information(build.information("P-001"))
    units.append_information(build.information(replaces=first))
    cases = {
        999: "post 999 findes ikke blandt oplysningerne",
        other: f"post {other} handler om en anden enhed end 'T-001'",
        first: f"post {first} er allerede rettet eller trukket tilbage (af post {other + 1}); "
        "ret den seneste",
    }
    for target, reason in cases.items():
        with pytest.raises(StoreError) as caught:
            units.append_information(build.information(replaces=target))
        assert str(caught.value) == f"Oplysningen kunne ikke gemmes: {reason}. Intet er gemt."
    with pytest.raises(StoreError, match=f"post {other} rettes flere gange i samme indlæsning"):
        units.append_information_batch(
            [build.information("P-001", replaces=other), build.information("P-001", replaces=other)]
        )
    assert _count(units) == 3


def test_a_batch_is_written_whole_or_not_at_all(units: Store, build: SimpleNamespace) -> None:
    good = [build.information(minutes=n) for n in range(3)]
    assert units.append_information_batch(good) == 3
    assert units.append_information_batch([]) == 0
    with pytest.raises(StoreError, match="Oplysningerne kunne ikke gemmes"):
        units.append_information_batch([*good, build.information("P-001", kind="lederskifte")])
    assert _count(units) == 3


@pytest.mark.parametrize(
    "statement", ["UPDATE information SET kind = 'andet'", "DELETE FROM information"]
)
def test_the_database_refuses_to_change_a_record(
    units: Store, build: SimpleNamespace, statement: str
) -> None:
    units.append_information(build.information())
    with pytest.raises(DBAPIError) as caught, units.engine.begin() as conn:
        conn.execute(text(statement))
    assert APPEND_ONLY_MESSAGE in str(caught.value)
    assert units.information("T-001")[0].information == build.information()


def test_a_unit_with_information_cannot_be_deleted(units: Store, build: SimpleNamespace) -> None:
    units.append_information(build.information())
    with pytest.raises(DBAPIError), units.engine.begin() as conn:
        conn.execute(text("DELETE FROM units WHERE id = 'T-001'"))
    assert len(units.information("T-001")) == 1


def test_a_load_numbers_its_records_so_they_can_refer_to_each_other(
    store: Store, build: SimpleNamespace
) -> None:
    unit = build.unit("T-001", signals={})
    order = build.information(kind="paabud", values={"frist": date(2025, 4, 1)})
    met = build.information(
        kind="paabud",
        values={"frist": date(2025, 4, 1), "efterkommet": date(2025, 3, 20)},
        received_on=DAY + timedelta(days=1),
        minutes=60 * 24 * 2,
        replaces=1,
    )
    store.load_portfolio([unit], information=[order, met], only_if_empty=True)
    assert [(r.id, r.information) for r in store.information("T-001")] == [(1, order), (2, met)]
    assert store.append_information(build.information()) == 3  # the numbering goes on
    ahead = build.information(replaces=5)  # a later record of the load: not yet there
    with pytest.raises(StoreError, match="post 5 findes ikke"):
        store.load_portfolio([], information=[build.information(), ahead])
    assert _count(store) == 3


def test_a_load_that_fails_writes_neither_units_nor_records(
    store: Store, build: SimpleNamespace
) -> None:
    with pytest.raises(UnknownUnitError):
        store.load_portfolio(
            [build.unit("T-001")], information=[build.information("X-404")], only_if_empty=True
        )
    assert store.is_empty()
    assert _count(store) == 0


def test_every_value_a_record_can_carry_is_a_column() -> None:
    """The signals are computed from the value columns: a value field without one would
    silently count as absent."""
    columns = [column.name for column in information.c if column.name in VALUE_FIELDS]
    assert columns == list(VALUE_FIELDS)
