"""The information about each unit, in ``information`` (revision 0005): append, read, frame.

A record (``domain.information.records.Information``) is one row, never changed: the
database refuses UPDATE and DELETE. A correction or a withdrawal is a new record that
``replaces`` the old one; the store refuses one that replaces a record that does not exist,
is about another unit, or was replaced already (a record is replaced at most once, so its
corrections form one chain, the newest at the end; a unique index holds this against two
writers at once). It also refuses a record about a unit it does not hold, or of a kind that
does not apply to the unit's kind. Every refusal is a Danish :class:`StoreError` and leaves
nothing written.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import pandas as pd
from sqlalchemy import Connection, func, insert, select, text

from tilsynwidgets.domain.core.kinds import UnitKind
from tilsynwidgets.domain.core.units import UnitType
from tilsynwidgets.domain.information.kinds import information_kinds
from tilsynwidgets.domain.information.records import (
    Information,
    InformationRecord,
)
from tilsynwidgets.domain.labels import label_of
from tilsynwidgets.store import schema
from tilsynwidgets.store.errors import NOTHING_SAVED, StoreError, UnknownUnitError, id_listing
from tilsynwidgets.store.shapes import UnreadableRow, current_shape, read_model

if TYPE_CHECKING:
    from tilsynwidgets.store.store import Store

__all__ = [
    "append_information",
    "append_information_batch",
    "information",
    "information_frame",
    "information_row",
    "record_units",
    "records_of",
    "unit_kinds",
    "write_information",
]

_TABLE = schema.information
_ONE = "Oplysningen kunne ikke gemmes"
_MANY = "Oplysningerne kunne ikke gemmes"
_IN_CLAUSE = 500  # ids per IN (…): well under every engine's limit of parameters


def information_row(item: Information, recorded_at: datetime) -> dict[str, Any]:
    """The row of one record: its query columns and the model as JSON."""
    return {
        "unit_id": item.unit_id,
        "kind": item.kind,
        "concerns_on": item.concerns_on,
        "received_on": item.received_on,
        "origin": item.origin.value,
        "registered_by": item.registered_by,
        "registered_at": item.registered_at,
        "recorded_at": recorded_at,
        "replaces": item.replaces,
        "withdrawn": item.withdrawn,
        **item.values.__dict__,  # the fields as they are (faster than iterating the model)
        "model": item.model_dump(mode="json"),
        "model_shape": current_shape(_TABLE.name),
    }


def _chunks(values: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(values), _IN_CLAUSE):
        yield values[start : start + _IN_CLAUSE]


def unit_kinds(conn: Connection, unit_ids: Iterable[str] | None = None) -> dict[str, UnitKind]:
    """Unit id → its kind, for ``unit_ids`` (those stored) or every stored unit."""
    units = schema.units
    query = select(units.c.id, units.c.unit_type)
    if unit_ids is None:
        rows = conn.execute(query).all()
    else:
        wanted = sorted(set(unit_ids))
        if len(wanted) > 20 * _IN_CLAUSE:  # a large batch: one pass over the table is cheaper
            rows = [row for row in conn.execute(query) if row[0] in set(wanted)]
        else:
            rows = [
                row
                for part in _chunks(wanted)
                for row in conn.execute(query.where(units.c.id.in_(part)))
            ]
    return {unit_id: UnitType(unit_type).kind for unit_id, unit_type in rows}


def _check_kinds(
    items: Sequence[Information], kinds_of_units: Mapping[str, UnitKind], failure: str
) -> None:
    missing = sorted({item.unit_id for item in items} - set(kinds_of_units))
    if missing:
        raise UnknownUnitError(
            missing,
            f"{failure}: enheden findes ikke i databasen ({id_listing(missing)}). {NOTHING_SAVED}",
        )
    kinds = {kind.key: kind for kind in information_kinds().kinds}
    for item in items:
        kind = kinds[item.kind]
        if kinds_of_units[item.unit_id] not in kind.applies_to:
            only = " og ".join(label_of(applies).lower() for applies in kind.applies_to)
            raise StoreError(
                f"{failure}: «{kind.label}» kan ikke registreres for enheden "
                f"'{item.unit_id}' (slagsen gælder kun for {only}). {NOTHING_SAVED}"
            )


def _check_replaces(
    conn: Connection, items: Sequence[Information], failure: str, first: int | None = None
) -> None:
    """Each record replaced exists, is about the same unit and is replaced only once.

    With ``first`` (the id the batch's first record gets), a record may also replace an
    earlier record of the batch by its id.
    """
    wanted = [
        (position, item.replaces, item.unit_id)
        for position, item in enumerate(items)
        if item.replaces is not None
    ]
    if not wanted:
        return
    seen: set[int] = set()
    for _, target, _ in wanted:
        if target in seen:
            raise StoreError(
                f"{failure}: post {target} rettes flere gange i samme indlæsning. {NOTHING_SAVED}"
            )
        seen.add(target)
    owner: dict[int, str] = {}
    taken: dict[int, int] = {}
    for part in _chunks(sorted(seen)):
        owner.update(
            conn.execute(select(_TABLE.c.id, _TABLE.c.unit_id).where(_TABLE.c.id.in_(part))).all()
        )
        taken.update(
            conn.execute(
                select(_TABLE.c.replaces, _TABLE.c.id).where(_TABLE.c.replaces.in_(part))
            ).all()
        )
    for position, target, unit_id in wanted:
        if first is not None and first <= target < first + position:
            owner[target] = items[target - first].unit_id
        if target not in owner:
            reason = f"post {target} findes ikke blandt oplysningerne"
        elif owner[target] != unit_id:
            reason = f"post {target} handler om en anden enhed end '{unit_id}'"
        elif target in taken:
            reason = (
                f"post {target} er allerede rettet eller trukket tilbage (af post "
                f"{taken[target]}); ret den seneste"
            )
        else:
            continue
        raise StoreError(f"{failure}: {reason}. {NOTHING_SAVED}")


def _reserve_ids(conn: Connection, count: int) -> int:
    """The id of the first of ``count`` records numbered on from the highest stored id.

    On PostgreSQL the table's sequence is moved on by ``count`` too (``nextval``, which the
    apps' role may call, unlike ``setval``), so it never hands out a number taken here: it
    stood at the highest id or beyond, and stands ``count`` further on afterwards.
    """
    highest = conn.execute(select(func.coalesce(func.max(_TABLE.c.id), 0))).scalar_one()
    if conn.dialect.name == "postgresql":
        conn.execute(
            text(
                "SELECT nextval(pg_get_serial_sequence('information', 'id')) "
                "FROM generate_series(1, :count)"
            ),
            {"count": count},
        )
    return int(highest) + 1


def write_information(
    conn: Connection,
    items: Sequence[Information],
    *,
    recorded_at: datetime,
    kinds_of_units: Mapping[str, UnitKind] | None = None,
    failure: str = _MANY,
    numbered: bool = False,
) -> int:
    """Check and insert ``items`` in the caller's transaction; returns how many.

    ``kinds_of_units`` (unit id → kind) is read from the store when not given. With
    ``numbered`` the records get the ids after the highest stored one, in order (1, 2, …
    in an empty store), and a record may replace an earlier one of ``items`` by that id:
    for a load that refers to its own records (see ``Store.load_portfolio``). Meant for a
    load that no one appends beside; on PostgreSQL a record appended by another
    transaction at the same moment makes one of the two fail, with nothing saved.
    """
    if not items:
        return 0
    known = (
        kinds_of_units
        if kinds_of_units is not None
        else unit_kinds(conn, (item.unit_id for item in items))
    )
    _check_kinds(items, known, failure)
    rows = [information_row(item, recorded_at) for item in items]
    first = _reserve_ids(conn, len(rows)) if numbered else None
    if first is not None:
        for offset, row in enumerate(rows):
            row["id"] = first + offset
    _check_replaces(conn, items, failure, first)
    conn.execute(insert(_TABLE), rows)
    return len(items)


def append_information(store: Store, item: Information) -> int:
    """Append one record in its own transaction; returns its id."""
    with store.transaction(f"{_ONE}. {NOTHING_SAVED}") as conn:
        _check_kinds([item], unit_kinds(conn, [item.unit_id]), _ONE)
        _check_replaces(conn, [item], _ONE)
        row = information_row(item, datetime.now(UTC))
        return int(conn.execute(insert(_TABLE).returning(_TABLE.c.id), row).scalar_one())


def append_information_batch(store: Store, items: Iterable[Information]) -> int:
    """Append many records in one transaction, all or nothing; returns how many."""
    batch = list(items)
    if not batch:
        return 0
    with store.transaction(f"{_MANY}. {NOTHING_SAVED}") as conn:
        return write_information(conn, batch, recorded_at=datetime.now(UTC))


def records_of(store: Store, conn: Connection, unit_id: str | None) -> list[InformationRecord]:
    """One unit's records (or every record, for ``None``) in (received_on, id) order; a
    row that cannot be read is skipped and noted on the store."""
    query = select(_TABLE.c.id, _TABLE.c.model_shape, _TABLE.c.model).order_by(
        _TABLE.c.received_on, _TABLE.c.id
    )
    if unit_id is not None:
        query = query.where(_TABLE.c.unit_id == unit_id)
    found: list[InformationRecord] = []
    problems: list[UnreadableRow] = []
    for row_id, shape, model in conn.execute(query):
        item = read_model(Information, _TABLE.name, row_id, shape, model)
        if isinstance(item, UnreadableRow):
            problems.append(item)
        else:
            found.append(InformationRecord(int(row_id), item))
    store.note_unreadable(problems)
    return found


def information(store: Store, unit_id: str | None) -> list[InformationRecord]:
    """One unit's records (or every record, for ``None``) in (received_on, id) order."""
    with store.connection() as conn:
        return records_of(store, conn, unit_id)


def record_units(store: Store) -> dict[int, str]:
    """Record id → the unit it is about, for every stored record (an import checks the
    records its corrections name)."""
    with store.connection() as conn:
        return dict(conn.execute(select(_TABLE.c.id, _TABLE.c.unit_id)).all())


def information_frame(store: Store) -> pd.DataFrame:
    """Every stored record as a frame with exactly ``RECORD_COLUMNS`` (see
    :func:`tilsynwidgets.store.frames.information_frame`), in id order; a copy of what the
    store holds (see :mod:`.information_frame`)."""
    with store.connection() as conn:
        return store.information_cache.read(conn).copy()
