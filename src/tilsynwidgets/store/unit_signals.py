"""Units with their risk signals as of a day, computed from the information about them.

The units table holds what a unit is (name, type, team, capacity, visits); what the
socialtilsyn knows about it is the information (``store.information``), and a signal is a
function of that information and a day (``domain.information.as_of``). So every unit the
store hands out has the signals as of a day: the portfolio's vectorised
(:class:`~tilsynwidgets.domain.information.as_of.InformationFrame`), one unit's by the
one-unit definition (:func:`~tilsynwidgets.domain.information.as_of.unit_signals_as_of`);
property tests in the domain hold the two equal.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from sqlalchemy import Connection, Text, cast, select

from tilsynwidgets.domain.core.signals import SignalKind, SignalValue, signal_catalogue
from tilsynwidgets.domain.core.units import Unit, UnitType
from tilsynwidgets.domain.information.as_of import InformationFrame, unit_signals_as_of
from tilsynwidgets.store import frames, schema
from tilsynwidgets.store.errors import UnknownUnitError
from tilsynwidgets.store.information import records_of
from tilsynwidgets.store.unit_rows import unit_columns, unit_from_row

if TYPE_CHECKING:
    from tilsynwidgets.store.store import Store

__all__ = ["unit_as_of", "units_as_of", "units_frame_as_of"]


def _unit_rows(conn: Connection) -> list[Any]:
    # Dates come as text: decoded in bulk, much faster than per cell.
    units = schema.units.c
    as_text = ("last_announced_visit", "last_unannounced_visit")
    columns = [
        cast(units[name], Text) if name in as_text else units[name] for name in frames.UNIT_COLUMNS
    ]
    return list(conn.execute(select(*columns).order_by(units.id)).all())


def _signals(
    store: Store, conn: Connection, ids: pd.Index, kinds: list[str], day: date
) -> pd.DataFrame:
    records = store.information_cache.read(conn)
    return InformationFrame(records, ids, kinds).as_of(day)


def units_frame_as_of(store: Store, day: date) -> pd.DataFrame:
    """One row per unit, ordered by id: the unit columns, ``kind``, then a float64 column
    per catalogue signal as of the end of ``day`` (flags 1.0/0.0, NaN where unknown or
    not applicable). See :func:`tilsynwidgets.store.frames.units_frame`."""
    with store.connection() as conn:
        rows = _unit_rows(conn)
        ids = pd.Index([row[0] for row in rows], dtype=object)
        kinds = [UnitType(row[2]).kind.value for row in rows]
        signals = _signals(store, conn, ids, kinds, day)
    return frames.units_frame(rows, signals)


def _known(signals: pd.DataFrame) -> list[dict[str, SignalValue]]:
    """Each row's known signals (flags as booleans, the rest as floats)."""
    catalogue = signal_catalogue()
    flags = {s.key for s in catalogue.signals if s.kind is SignalKind.FLAG}
    keys = list(signals.columns)
    values = signals.to_numpy(dtype=np.float64)
    found: list[dict[str, SignalValue]] = []
    for row in values:
        known = np.flatnonzero(~np.isnan(row))
        found.append(
            {keys[j]: (bool(row[j]) if keys[j] in flags else float(row[j])) for j in known.tolist()}
        )
    return found


def units_as_of(store: Store, day: date) -> list[Unit]:
    """Every unit, ordered by id, with its known signals as of the end of ``day``."""
    query = select(*unit_columns()).order_by(schema.units.c.id)
    with store.connection() as conn:
        units = [unit_from_row(row) for row in conn.execute(query)]
        ids = pd.Index([unit.id for unit in units])
        signals = _signals(store, conn, ids, [unit.kind.value for unit in units], day)
    return [
        # The signals are computed, not given: a sum past a signal's range is what the
        # information says, so it is not validated against the range again.
        unit.model_copy(update={"signals": known})
        for unit, known in zip(units, _known(signals), strict=True)
    ]


def unit_as_of(store: Store, unit_id: str, day: date) -> Unit:
    """The unit with this id and its known signals as of the end of ``day``;
    :class:`UnknownUnitError` when it is not stored."""
    query = select(*unit_columns()).where(schema.units.c.id == unit_id)
    with store.connection() as conn:
        row = conn.execute(query).first()
        if row is None:
            raise UnknownUnitError(unit_id, f"Enheden '{unit_id}' findes ikke i databasen.")
        records = records_of(store, conn, unit_id)
    unit = unit_from_row(row)
    return unit.model_copy(update={"signals": unit_signals_as_of(records, day, unit.kind)})
