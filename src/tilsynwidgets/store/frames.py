"""Turn stored rows into pandas frames without building a pydantic model per row.

The units frame feeds a vectorised evaluation of the criteria over the whole portfolio
(design target: 75,000 units), so it is built column by column from plain row tuples.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from pandas.api.types import pandas_dtype

from tilsynwidgets.domain.core.units import UnitType

__all__ = [
    "FRAME_UNIT_COLUMNS",
    "UNIT_COLUMNS",
    "history_frame",
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
"""The units-table columns selected for the frame, in order, followed by ``signals``."""

_KIND_OF_TYPE = {unit_type.value: unit_type.kind.value for unit_type in UnitType}
_DATE = "datetime64[ns]"
_TIME = "datetime64[ns, UTC]"


def units_frame(rows: Sequence[Sequence[Any]], signal_keys: Sequence[str]) -> pd.DataFrame:
    """One row per unit: the unit columns, ``kind``, then one float64 column per signal.

    ``rows`` hold :data:`UNIT_COLUMNS` and the signals, with the visit dates as ISO text
    (or dates) and the signals as JSON text (or dicts): decoding text in bulk here is far
    faster than letting the driver build one object per cell.

    Flags become 1.0/0.0 and a signal a unit has no value for becomes NaN. Visit dates are
    ``datetime64[ns]`` (NaT when never visited); text columns use pandas' string dtype.
    """
    width = len(UNIT_COLUMNS) + 1
    columns = [list(c) for c in zip(*rows, strict=True)] if rows else [[] for _ in range(width)]
    values = dict(zip(UNIT_COLUMNS, columns, strict=False))
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
    signals = pd.DataFrame(_decoded(columns[-1]), columns=list(signal_keys), dtype=object)
    frame = pd.DataFrame(data)
    for key in signal_keys:
        frame[key] = signals[key].astype(np.float64).to_numpy()
    return frame


def _decoded(signals: list[Any]) -> list[dict[str, Any]]:
    """Signal dicts from JSON text (decoded as one array) or from dicts as they are."""
    if signals and isinstance(signals[0], str):
        decoded: list[dict[str, Any]] = json.loads("[" + ",".join(signals) + "]")
        return decoded
    return signals


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
