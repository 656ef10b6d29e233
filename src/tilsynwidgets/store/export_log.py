"""The log of exports, in ``export_log`` (revision 0006).

Each export is one row, never changed (the database refuses that too): who made it, when,
which export, its filters, whether plejefamiliers real names were revealed and how many
unit rows it held (:class:`~tilsynwidgets.domain.core.export_record.ExportRecord`). The
caller decides whether an export may be made and logs it (``Store.log_export``); the log is
read back oldest first (``Store.export_log``).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import insert, select

from tilsynwidgets.domain.core.export_record import ExportRecord
from tilsynwidgets.store import schema
from tilsynwidgets.store.errors import NOTHING_SAVED
from tilsynwidgets.store.shapes import current_shape, read_models

if TYPE_CHECKING:
    from tilsynwidgets.store.store import Store

__all__ = ["export_log", "log_export"]

_TABLE = schema.export_log


def log_export(store: Store, record: ExportRecord) -> int:
    """Append ``record`` to the log in one transaction; returns its row's id.

    Log an export before handing its file over: when this raises (a Danish
    :class:`~tilsynwidgets.store.errors.StoreError`), nothing is logged and the export
    should not be delivered.
    """
    failure = f"Eksporten kunne ikke skrives i loggen over eksporter. {NOTHING_SAVED}"
    with store.transaction(failure) as conn:
        return int(conn.execute(insert(_TABLE).returning(_TABLE.c.id), _row(record)).scalar_one())


def export_log(store: Store) -> list[ExportRecord]:
    """Every logged export, oldest first (by the time it was made, then the order it was
    logged in); a row that cannot be read is skipped and noted in ``unreadable_rows``."""
    query = select(_TABLE.c.id, _TABLE.c.model_shape, _TABLE.c.model).order_by(
        _TABLE.c.made_at, _TABLE.c.id
    )
    with store.connection() as conn:
        rows = conn.execute(query).all()
    found, problems = read_models(ExportRecord, _TABLE.name, rows)
    store.note_unreadable(problems)
    return found


def _row(record: ExportRecord) -> dict[str, Any]:
    return {
        "made_at": record.made_at,
        "made_by": record.made_by,
        "what": record.what,
        "filters": record.filters,
        "real_names": record.real_names,
        "rows": record.rows,
        "recorded_at": datetime.now(UTC),
        "model": record.model_dump(mode="json"),
        "model_shape": current_shape(_TABLE.name),
    }
