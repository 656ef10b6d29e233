"""Units to table rows and back.

Rows carry plain values (enum values, dates), so a batch of 75,000 units goes to the
driver's executemany without per-row SQLAlchemy objects. A unit's signals are not a column:
they are computed from the information about it as of a day (``store.derived`` carries a
snapshot of signals over as records), so a unit read back from a row has none until the
store fills them in.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Column

from tilsynwidgets.domain.core.units import Unit
from tilsynwidgets.store import frames, schema
from tilsynwidgets.store.errors import NOTHING_SAVED, DuplicateUnitError, id_listing

__all__ = ["unit_columns", "unit_from_row", "unit_row", "unit_rows"]

_COLUMNS = frames.UNIT_COLUMNS


def unit_rows(units: Sequence[Unit]) -> list[dict[str, Any]]:
    """Rows for the units table; :class:`DuplicateUnitError` when an id occurs twice."""
    counts = Counter(unit.id for unit in units)
    duplicates = sorted(unit_id for unit_id, count in counts.items() if count > 1)
    if duplicates:
        raise DuplicateUnitError(
            f"Samme enheds-id optræder flere gange: {id_listing(duplicates)}. {NOTHING_SAVED}"
        )
    return [unit_row(unit) for unit in units]


def unit_row(unit: Unit) -> dict[str, Any]:
    return {
        "id": unit.id,
        "name": unit.name,
        "unit_type": unit.unit_type.value,
        "socialtilsyn": unit.socialtilsyn.value,
        "team": unit.team,
        "capacity": unit.capacity,
        "last_announced_visit": unit.last_announced_visit,
        "last_unannounced_visit": unit.last_unannounced_visit,
    }


def unit_columns() -> list[Column[Any]]:
    """The columns :func:`unit_from_row` expects, in order."""
    return [schema.units.c[name] for name in _COLUMNS]


def unit_from_row(row: Sequence[Any]) -> Unit:
    """The unit of a row, without signals."""
    return Unit.model_validate(dict(zip(_COLUMNS, row, strict=True)))
