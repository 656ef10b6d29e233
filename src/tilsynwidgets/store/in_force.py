"""The criteria catalogue in force, in ``catalogue_in_force`` (revision 0004).

Each time a methods consultant puts a catalogue version in force is one row, never changed
(the database refuses that too); the newest row is the version in force. The apps get the
catalogue to suggest with from :func:`catalogue_in_force` (``Store.catalogue_in_force``):
the version in force, or the packaged catalogue while none has been put in force.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, insert, select

from tilsynwidgets.domain.risk.criteria import CriteriaCatalogue, default_catalogue
from tilsynwidgets.domain.workshop.in_force import CatalogueInForce
from tilsynwidgets.store import schema
from tilsynwidgets.store.catalogues import PACKAGED_AUTHOR, read_version
from tilsynwidgets.store.errors import NOTHING_SAVED, StoredRowError, StoreError
from tilsynwidgets.store.shapes import current_shape, read_model, read_models

if TYPE_CHECKING:
    from tilsynwidgets.store.store import Store

__all__ = [
    "UnknownCatalogueVersionError",
    "catalogue_in_force",
    "entry_in_force",
    "history",
    "put_in_force",
]

_TABLE = schema.catalogue_in_force
# Newest first: the time it was put in force, then the order it was stored in.
_NEWEST_FIRST = (_TABLE.c.put_at.desc(), _TABLE.c.id.desc())
_CHOOSE_AGAIN = "Tag en version i brug igen i kriterieværkstedet."


class UnknownCatalogueVersionError(StoreError, ValueError):
    """The version named is neither a stored version nor the packaged catalogue (Danish)."""

    def __init__(self, entry: CatalogueInForce, consequence: str) -> None:
        super().__init__(
            f"Versionen '{entry.label()}' af kriteriekataloget findes ikke i lageret. {consequence}"
        )
        self.version = entry.version


def put_in_force(store: Store, entry: CatalogueInForce) -> None:
    """Append ``entry``: its version is in force from now on.

    The version must exist (a stored version, or the packaged catalogue, of this release or
    stored by an earlier one) and be readable; otherwise a Danish error and nothing saved.
    """
    failure = f"Versionen '{entry.label()}' kunne ikke tages i brug. {NOTHING_SAVED}"
    with store.transaction(failure) as conn:
        _catalogue_of(store, conn, entry, f"Vælg en gemt version. {NOTHING_SAVED}")
        conn.execute(insert(_TABLE), _row(entry))


def history(store: Store) -> list[CatalogueInForce]:
    """Every version put in force, newest (the one in force) first; a row that cannot be
    read is skipped and noted in the store's ``unreadable_rows``."""
    query = select(_TABLE.c.id, _TABLE.c.model_shape, _TABLE.c.model).order_by(*_NEWEST_FIRST)
    with store.connection() as conn:
        rows = conn.execute(query).all()
    found, problems = read_models(CatalogueInForce, _TABLE.name, rows)
    store.note_unreadable(problems)
    return found


def entry_in_force(store: Store) -> CatalogueInForce | None:
    """The newest entry, or ``None`` when no version has been put in force.

    A newest row that cannot be read is a Danish :class:`StoredRowError`, never a silent
    step back to an older version.
    """
    with store.connection() as conn:
        return _newest(store, conn)


def catalogue_in_force(store: Store) -> CriteriaCatalogue:
    """The catalogue the apps suggest with: the version in force, else the packaged one."""
    with store.connection() as conn:
        entry = _newest(store, conn)
        if entry is None:
            return default_catalogue()
        return _catalogue_of(store, conn, entry, _CHOOSE_AGAIN)


def _newest(store: Store, conn: Connection) -> CatalogueInForce | None:
    query = select(_TABLE.c.id, _TABLE.c.model_shape, _TABLE.c.model).order_by(*_NEWEST_FIRST)
    row = conn.execute(query.limit(1)).first()
    if row is None:
        return None
    found = read_model(CatalogueInForce, _TABLE.name, *row)
    if isinstance(found, CatalogueInForce):
        return found
    store.note_unreadable([found])
    raise StoredRowError(
        f"Kriteriekataloget i brug kan ikke læses ({found.describe()}). {_CHOOSE_AGAIN}"
    )


def _catalogue_of(
    store: Store, conn: Connection, entry: CatalogueInForce, unknown: str
) -> CriteriaCatalogue:
    """The catalogue ``entry`` names: the packaged file when it is this release's, else the
    stored version (an earlier release's packaged catalogue is stored under its name)."""
    packaged = default_catalogue()
    if entry.packaged and entry.name == packaged.version:
        return packaged
    version = read_version(store, conn, entry.name)
    if version is None or (entry.packaged and version.author != PACKAGED_AUTHOR):
        raise UnknownCatalogueVersionError(entry, unknown)
    return version.catalogue


def _row(entry: CatalogueInForce) -> dict[str, Any]:
    return {
        "version": entry.version,
        "put_by": entry.put_by,
        "put_at": entry.put_at,
        "recorded_at": datetime.now(UTC),
        "model": entry.model_dump(mode="json"),
        "model_shape": current_shape(_TABLE.name),
    }
