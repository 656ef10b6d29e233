"""Where the stored portfolio came from, and the date its data describe ("data pr.").

One row, replaced whenever a portfolio is loaded or imported; apps show it beside figures.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, select
from sqlalchemy.exc import DBAPIError

from tilsynwidgets.domain.core.provenance import Provenance
from tilsynwidgets.store import schema
from tilsynwidgets.store.errors import StoreError

if TYPE_CHECKING:
    from tilsynwidgets.store.store import Store

__all__ = ["read_provenance", "record_provenance", "write_provenance"]


def write_provenance(conn: Connection, source: str, data_as_of: date) -> Provenance:
    """Record where the stored data came from, in the caller's transaction (the one that
    writes the data, so the two cannot part)."""
    entry = Provenance(source=source, data_as_of=data_as_of, loaded_at=datetime.now(UTC))
    row: dict[str, Any] = {"id": 1, **entry.model_dump()}
    conn.execute(schema.upsert(conn.dialect.name, schema.provenance, ["id"]), row)
    return entry


def record_provenance(store: Store, source: str, data_as_of: date) -> Provenance:
    """Record where the stored data came from (replacing what was recorded before)."""
    with store.transaction("Datakilden kunne ikke gemmes. Intet er gemt.") as conn:
        return write_provenance(conn, source, data_as_of)


def read_provenance(store: Store) -> Provenance | None:
    """What was recorded, or ``None`` for a store that never had a portfolio loaded."""
    table = schema.provenance
    query = select(table.c.source, table.c.data_as_of, table.c.loaded_at).where(table.c.id == 1)
    try:
        with store.engine.connect() as conn:
            row = conn.execute(query).first()
    except DBAPIError as exc:
        raise StoreError("Datakilden kunne ikke læses.") from exc
    if row is None:
        return None
    return Provenance(source=row.source, data_as_of=row.data_as_of, loaded_at=row.loaded_at)
