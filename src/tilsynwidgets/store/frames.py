"""Turn stored rows into pandas frames without building a pydantic model per row.

The units frame feeds a vectorised evaluation of the criteria over the whole portfolio
(design target: 75,000 units), and the information frame the signals of every unit as of
any date (design target: 1,000,000 records), so both are built column by column from plain
row tuples.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from pandas.api.types import pandas_dtype

from tilsynwidgets.domain.core.units import UnitType
from tilsynwidgets.domain.information.as_of import RECORD_COLUMNS
from tilsynwidgets.domain.information.kinds import ValueType, information_kinds
from tilsynwidgets.domain.information.records import VALUE_FIELDS

__all__ = [
    "FRAME_UNIT_COLUMNS",
    "RECORD_COLUMNS",
    "UNIT_COLUMNS",
    "VALUE_TYPES",
    "history_frame",
    "information_frame",
    "plan_visits_frame",
    "units_frame",
]

UNIT_COLUMNS = (
    "id",
    "name",
    "unit_type",
    "socialtilsyn",
    "team",
    "capacity",
    "last_announced_visit",
    "last_unannounced_visit",
)
"""The unit columns as stored."""

FRAME_UNIT_COLUMNS = (*UNIT_COLUMNS[:3], "kind", *UNIT_COLUMNS[3:])
"""The leading columns of a units frame: the stored ones with ``kind`` after the type."""

_KIND_OF_TYPE = {unit_type.value: unit_type.kind.value for unit_type in UnitType}
_DATE = "datetime64[ns]"
_TIME = "datetime64[ns, UTC]"

VALUE_TYPES: dict[str, ValueType] = {
    key: spec.type for key, spec in information_kinds().values.items()
}
"""The type of each value field of a record (a date, a signal's key, or a number)."""


def units_frame(rows: Sequence[Sequence[Any]], signals: pd.DataFrame) -> pd.DataFrame:
    """One row per unit: the unit columns, ``kind``, then the columns of ``signals``.

    ``rows`` hold :data:`UNIT_COLUMNS`, with the visit dates as ISO text (or dates): decoding
    text in bulk here is far faster than letting the driver build one object per cell.
    ``signals`` has a float64 column per signal and one row per unit, in the same order
    (flags 1.0/0.0, NaN where unknown).

    Visit dates are ``datetime64[ns]`` (NaT when never visited); text columns use pandas'
    string dtype.
    """
    columns = [list(c) for c in zip(*rows, strict=True)] if rows else [[] for _ in UNIT_COLUMNS]
    values = dict(zip(UNIT_COLUMNS, columns, strict=True))
    data: dict[str, Any] = {
        "id": pd.Series(values["id"], dtype="str"),
        "name": pd.Series(values["name"], dtype="str"),
        "unit_type": pd.Series(values["unit_type"], dtype="str"),
        "kind": pd.Series([_KIND_OF_TYPE[t] for t in values["unit_type"]], dtype="str"),
        "socialtilsyn": pd.Series(values["socialtilsyn"], dtype="str"),
        "team": pd.Series(values["team"], dtype="str"),
        "capacity": pd.Series(values["capacity"], dtype="int64"),
        "last_announced_visit": _dates(values["last_announced_visit"]),
        "last_unannounced_visit": _dates(values["last_unannounced_visit"]),
    }
    frame = pd.DataFrame(data)
    for key in signals.columns:
        frame[key] = signals[key].to_numpy(dtype=np.float64)
    return frame


def _dates(values: list[Any]) -> pd.Series:
    return pd.Series(pd.to_datetime(pd.Series(values, dtype=object)), dtype=_DATE)


def history_frame(rows: Sequence[Sequence[Any]], dtypes: Mapping[str, str]) -> pd.DataFrame:
    """A frame of history rows (columns in ``dtypes`` order), with the given dtypes."""
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in dtypes]
    data: dict[str, pd.Series] = {}
    for (name, dtype), values in zip(dtypes.items(), columns, strict=True):
        series = pd.Series(values, dtype=object)
        if dtype == _TIME:
            series = pd.to_datetime(series, utc=True)
        data[name] = series.astype(pandas_dtype(dtype))
    return pd.DataFrame(data)


def plan_visits_frame(rows: Sequence[Sequence[Any]]) -> pd.DataFrame:
    """Plan rows (unit_id, decided_at, announced a year, unannounced a year) → a frame."""
    columns = list(zip(*rows, strict=True)) if rows else [(), (), (), ()]
    return pd.DataFrame(
        {
            "unit_id": pd.Series(columns[0], dtype="str"),
            "decided_at": pd.to_datetime(pd.Series(columns[1], dtype=object), utc=True).astype(
                pandas_dtype(_TIME)
            ),
            "announced_per_year": pd.Series(columns[2], dtype="int64"),
            "unannounced_per_year": pd.Series(columns[3], dtype="int64"),
        }
    )


def information_frame(columns: Mapping[str, Sequence[Any]]) -> pd.DataFrame:
    """Records as a frame with exactly :data:`RECORD_COLUMNS`, from their columns (each a
    sequence, in the same record order; dates and times may be ISO text, times in UTC).

    Dates become ``datetime64[ns]``, registered_at ``datetime64[ns, UTC]``, replaces
    float64 (NaN for none), withdrawn bool, a signal's key text (None where absent) and
    every other value float64 (flags 1.0/0.0, NaN where absent).
    """
    data: dict[str, Any] = {
        "id": pd.Series(columns["id"], dtype="int64"),
        "unit_id": pd.Series(columns["unit_id"], dtype="str"),
        "kind": pd.Series(columns["kind"], dtype="str"),
        "concerns_on": _dates(list(columns["concerns_on"])),
        "received_on": _dates(list(columns["received_on"])),
        # ISO 8601 with or without fractions of a second: PostgreSQL leaves them out when zero.
        "registered_at": pd.to_datetime(
            pd.Series(columns["registered_at"], dtype=object), utc=True, format="ISO8601"
        ).astype(pandas_dtype(_TIME)),
        "replaces": pd.Series(columns["replaces"], dtype=object).astype(np.float64),
        "withdrawn": pd.Series(columns["withdrawn"], dtype=object).astype(bool),
    }
    for name in VALUE_FIELDS:
        kind = VALUE_TYPES.get(name)
        found = columns[name]
        if kind is ValueType.DATE:
            data[name] = _dates(list(found))
        elif kind is ValueType.SIGNAL:
            data[name] = pd.Series(found, dtype=object)
        else:
            data[name] = pd.Series(found, dtype=object).astype(np.float64)
    return pd.DataFrame(data, columns=list(RECORD_COLUMNS))
