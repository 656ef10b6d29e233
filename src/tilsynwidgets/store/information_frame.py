"""Every record of information as one frame, read fast and kept current.

The frame feeds the signals of every unit as of any day (``InformationFrame``), the
workshop's backtest and the reconsideration queue, so it must come quickly for hundreds of
thousands of records. Two things make it so:

- The database hands the records over column by column, each column as one JSON array
  (SQLite's ``json_group_array``, PostgreSQL's ``json_agg``) in one document, decoded in
  one ``json.loads``: no Python object per row and cell on the way, and the values are
  columns of the table, so no record's model is parsed.
- The table is append-only, so a frame read once stays true. A store keeps it
  (:class:`InformationCache`) and a later read fetches only the records with an id above
  the highest it holds. If the count of records then is not what it holds plus what it
  fetched, a record with a lower id was committed meanwhile (possible on PostgreSQL, whose
  ids are drawn before commit), and everything is read again.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from sqlalchemy import Connection, func, select

from tilsynwidgets.domain.information.as_of import RECORD_COLUMNS
from tilsynwidgets.store import frames, schema

__all__ = ["InformationCache", "read_records"]

_TABLE = schema.information


def _query(dialect: str) -> str:
    """One JSON document: each record column → its values, for the records with an id
    above the parameter (times as UTC text).

    Every column is aggregated in the same pass over the same rows, so the columns agree
    row by row; the rows come sorted by id from the subquery, and
    :func:`read_records` sorts again should an engine not keep that order.
    """
    if dialect == "postgresql":
        selected = ", ".join(
            "registered_at AT TIME ZONE 'UTC' AS registered_at" if name == "registered_at" else name
            for name in RECORD_COLUMNS
        )
        pairs = ", ".join(f"'{name}', json_agg({name})" for name in RECORD_COLUMNS)
        return (
            f"SELECT json_build_object({pairs})::text FROM "
            f"(SELECT {selected} FROM information WHERE id > %s ORDER BY id) AS records"
        )
    selected = ", ".join(RECORD_COLUMNS)
    pairs = ", ".join(f"'{name}', json_group_array({name})" for name in RECORD_COLUMNS)
    return (
        f"SELECT json_object({pairs}) FROM "
        f"(SELECT {selected} FROM information WHERE id > ? ORDER BY id) AS records"
    )


def read_records(conn: Connection, after: int = 0) -> pd.DataFrame:
    """The records with an id above ``after`` as a frame (see
    :func:`tilsynwidgets.store.frames.information_frame`), in id order."""
    document = conn.exec_driver_sql(_query(conn.dialect.name), (after,)).scalar_one()
    columns: dict[str, Any] = json.loads(document) if document else {}
    frame = frames.information_frame({name: columns.get(name) or [] for name in RECORD_COLUMNS})
    if not frame["id"].is_monotonic_increasing:
        frame = frame.sort_values("id", ignore_index=True)
    return frame


def _empty() -> pd.DataFrame:
    return frames.information_frame({name: [] for name in RECORD_COLUMNS})


@dataclass
class InformationCache:
    """The records read so far by one store, brought up to date on each read."""

    frame: pd.DataFrame = field(default_factory=_empty)

    def read(self, conn: Connection) -> pd.DataFrame:
        """Every stored record (the frame held: do not change it)."""
        held = self.frame
        highest = int(held["id"].iloc[-1]) if len(held) else 0
        new = read_records(conn, highest)
        count = conn.execute(select(func.count()).select_from(_TABLE)).scalar_one()
        if len(held) + len(new) != count:
            held, new = _empty(), read_records(conn)
        if len(new):
            held = new if not len(held) else pd.concat([held, new], ignore_index=True)
        self.frame = held
        return held

    def clear(self) -> None:
        self.frame = _empty()
