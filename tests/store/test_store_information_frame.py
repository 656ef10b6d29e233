"""The frame of every record, on both engines: read column by column, kept by the store and
brought up to date with what others append, read whole again when a record with a lower id
arrives late, and handed out as a copy."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pandas as pd
from sqlalchemy import insert

from tilsynwidgets.domain.information.as_of import RECORD_COLUMNS
from tilsynwidgets.store import Store
from tilsynwidgets.store.information import information_row
from tilsynwidgets.store.schema import information


def test_an_empty_frame_has_the_same_columns_and_dtypes(
    store: Store, build: SimpleNamespace
) -> None:
    empty = store.information_frame()
    store.upsert_units([build.unit(signals={})])
    store.append_information(build.information(kind="paabud", values={"frist": date(2025, 4, 1)}))
    one = store.information_frame()
    assert list(empty.columns) == list(one.columns) == list(RECORD_COLUMNS)
    assert list(empty.dtypes) == list(one.dtypes)


def test_what_another_store_appends_is_read_at_the_next_read(
    store: Store, build: SimpleNamespace
) -> None:
    store.upsert_units([build.unit(signals={})])
    store.append_information(build.information(values={"antal": 1}))
    assert len(store.information_frame()) == 1
    with Store.open(store.engine.url.render_as_string(hide_password=False)) as other:
        other.append_information(build.information(values={"antal": 4}, minutes=5))
    frame = store.information_frame()
    assert frame["antal"].tolist() == [1.0, 4.0]
    assert store.units_frame(as_of=date(2025, 2, 28))["whistleblower_reports"].tolist() == [5.0]


def test_a_record_with_a_lower_id_arriving_late_makes_it_read_everything_again(
    store: Store, build: SimpleNamespace
) -> None:
    store.upsert_units([build.unit(signals={})])
    first = store.append_information(build.information(values={"antal": 1}))
    store.append_information(build.information(values={"antal": 2}))
    store.append_information(build.information(values={"antal": 3}))
    row = information_row(build.information(values={"antal": 7}), pd.Timestamp.now("UTC"))
    with store.engine.begin() as conn:
        conn.execute(insert(information), {**row, "id": first + 100})
    assert store.information_frame()["id"].tolist() == [first, first + 1, first + 2, first + 100]
    # As a PostgreSQL transaction that drew its id earlier but committed later would.
    with store.engine.begin() as conn:
        conn.execute(insert(information), {**row, "id": first + 50})
    assert store.information_frame()["id"].tolist()[-2:] == [first + 50, first + 100]
    assert len(store.information_frame()) == 5


def test_the_frame_handed_out_is_a_copy(store: Store, build: SimpleNamespace) -> None:
    store.upsert_units([build.unit(signals={})])
    store.append_information(build.information(values={"antal": 2}))
    frame = store.information_frame()
    frame.loc[0, "antal"] = 99.0
    assert store.information_frame()["antal"].tolist() == [2.0]
