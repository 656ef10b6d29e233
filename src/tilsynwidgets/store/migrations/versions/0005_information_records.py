"""Information about each unit as dated records; the units' snapshot of signals becomes records.

- ``information``: one row per piece of information about a unit (its kind, the day it
  concerns and the day it was received, where it came from, who registered it when, the
  record it replaces and whether it withdraws it, and its values, one column each), with
  the domain model as JSON. Append-only
  on both engines, like every history table; a row is replaced at most once (unique index).
- Each unit's stored snapshot of risk signals (``units.signals``: signal key → value, flags
  as booleans) becomes one record of kind ``overfoert_signal`` per known signal: the signal's
  key and its value (flags 1.0/0.0), concerning and received on the store's data date (the
  provenance's ``data_as_of``, else the day of the upgrade in Danish time), from
  ``socialtilsynet``, registered by "opgradering" at the upgrade's moment. A signal that was
  unknown (absent or null) gives no record, so it stays unknown. Read as of the data date, the
  records give exactly the snapshot (``domain.information.as_of``: a carried-over value counts
  as information of the signal's kind on its date).
- The column ``units.signals`` is dropped (``ALTER TABLE … DROP COLUMN`` on both engines; no
  index, trigger or constraint names it).

The rows are written here by a frozen copy of the store's builder
(``store.derived.transferred_information`` and ``store.information.information_row``), not
by importing it: a revision runs against the schema *of its revision*, while the store's
builder writes today's columns and today's shape of the model; a later release that adds a
column or changes the model would make an import write rows this revision's table cannot
hold. Both build the same rows today (``tests/store/test_store_migration_0005.py`` and
``tests/upgrade/test_upgrade_release_0004.py`` hold them equal), and a later change of the
model is read through ``store.shapes`` (these rows are shape 1).

This revision is frozen: it never imports today's schema, triggers or models.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-21
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

from tilsynwidgets.domain.core.local_time import DANISH_TIME, format_stamp

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_Json = sa.JSON().with_variant(JSONB(), "postgresql")
_Time = sa.DateTime(timezone=True)
_RowId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_TABLE = "information"
_MESSAGE = "Historikken kan kun udvides: gemte rækker kan ikke ændres eller slettes."
_RAISE = f"BEGIN SELECT RAISE(ABORT, '{_MESSAGE}'); END"
_POSTGRES_FUNCTION = (
    "CREATE OR REPLACE FUNCTION tilsynwidgets_append_only() RETURNS trigger "
    "LANGUAGE plpgsql AS $body$ BEGIN "
    f"RAISE EXCEPTION '{_MESSAGE}' USING ERRCODE = 'restrict_violation'; "
    "END $body$"
)
# The value fields of the information model when this revision was made, in its order.
_VALUE_FIELDS = (
    "antal",
    "periode_start",
    "personaleomsaetning_pct",
    "sygefravaer_pct",
    "afviger",
    "laveste_temascore",
    "slut",
    "frist",
    "efterkommet",
    "signal",
    "vaerdi",
)
_KIND = "overfoert_signal"
_ORIGIN = "socialtilsynet"
_BY = "opgradering"
_CHUNK = 10_000


def _create_table() -> None:
    op.create_table(
        _TABLE,
        sa.Column("id", _RowId, primary_key=True),
        sa.Column(
            "unit_id",
            sa.String(32),
            sa.ForeignKey("units.id", ondelete="RESTRICT"),
            nullable=False,
        ),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("concerns_on", sa.Date, nullable=False),
        sa.Column("received_on", sa.Date, nullable=False),
        sa.Column("origin", sa.String(20), nullable=False),
        sa.Column("registered_by", sa.String(120), nullable=False),
        sa.Column("registered_at", _Time, nullable=False),
        sa.Column("recorded_at", _Time, nullable=False),
        sa.Column("replaces", _RowId, sa.ForeignKey("information.id")),
        sa.Column("withdrawn", sa.Boolean, nullable=False),
        sa.Column("antal", sa.Integer),
        sa.Column("periode_start", sa.Date),
        sa.Column("personaleomsaetning_pct", sa.Float),
        sa.Column("sygefravaer_pct", sa.Float),
        sa.Column("afviger", sa.Boolean),
        sa.Column("laveste_temascore", sa.Float),
        sa.Column("slut", sa.Date),
        sa.Column("frist", sa.Date),
        sa.Column("efterkommet", sa.Date),
        sa.Column("signal", sa.String(40)),
        sa.Column("vaerdi", sa.Float),
        sa.Column("model", _Json, nullable=False),
        sa.Column("model_shape", sa.SmallInteger, nullable=False, server_default=sa.text("1")),
    )
    op.create_index("ix_information_unit_received", _TABLE, ["unit_id", "received_on"])
    op.create_index("ix_information_received", _TABLE, ["received_on"])
    op.create_index("ux_information_replaces", _TABLE, ["replaces"], unique=True)
    if op.get_bind().dialect.name == "sqlite":
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER IF NOT EXISTS {_TABLE}_no_{action.lower()} "
                f"BEFORE {action} ON {_TABLE} {_RAISE}"
            )
        op.execute(
            f"CREATE TRIGGER IF NOT EXISTS {_TABLE}_no_replace BEFORE INSERT ON {_TABLE} "
            f"WHEN EXISTS (SELECT 1 FROM {_TABLE} WHERE (id = NEW.id)) {_RAISE}"
        )
        return
    call = "EXECUTE FUNCTION tilsynwidgets_append_only()"
    op.execute(_POSTGRES_FUNCTION)
    op.execute(
        f"CREATE TRIGGER {_TABLE}_append_only BEFORE UPDATE OR DELETE ON {_TABLE} "
        f"FOR EACH ROW {call}"
    )
    op.execute(
        f"CREATE TRIGGER {_TABLE}_no_truncate BEFORE TRUNCATE ON {_TABLE} FOR EACH STATEMENT {call}"
    )


def _moment() -> datetime:
    given = op.get_context().config
    now = given.attributes.get("now") if given is not None else None
    return (now or datetime.now(UTC)).astimezone(UTC)


def _data_date(conn: sa.Connection, now: datetime) -> date:
    provenance = sa.table("provenance", sa.column("id"), sa.column("data_as_of", sa.Date))
    found = conn.execute(
        sa.select(provenance.c.data_as_of).where(provenance.c.id == 1)
    ).scalar_one_or_none()
    return found if found is not None else now.astimezone(DANISH_TIME).date()


def _model(unit_id: str, key: str, value: float, day: date, at: datetime) -> dict[str, Any]:
    """The JSON of the ``Information`` model of one carried-over signal, as it was when this
    revision was made (``Information.model_dump(mode="json")``)."""
    values: dict[str, Any] = dict.fromkeys(_VALUE_FIELDS)
    values.update(signal=key, vaerdi=value)
    return {
        "unit_id": unit_id,
        "kind": _KIND,
        "concerns_on": day.isoformat(),
        "received_on": day.isoformat(),
        "origin": _ORIGIN,
        "description": (
            f"Overført fra enhedens risikosignaler pr. {format_stamp(day)} "
            "ved opgradering af lageret"
        ),
        "values": values,
        "registered_by": _BY,
        "registered_at": at.isoformat().replace("+00:00", "Z"),
        "replaces": None,
        "withdrawn": False,
    }


def _records(conn: sa.Connection) -> None:
    now = _moment()
    day = _data_date(conn, now)
    # Registered no earlier than the day it was received (a data date ahead of the clock).
    at = max(now, datetime.combine(day, time(0), DANISH_TIME).astimezone(UTC))
    stored_at = at.replace(tzinfo=None) if conn.dialect.name == "sqlite" else at
    recorded_at = now.replace(tzinfo=None) if conn.dialect.name == "sqlite" else now
    units = sa.table("units", sa.column("id"), sa.column("signals", _Json))
    target = sa.table(
        _TABLE,
        *(
            sa.column(name)
            for name in (
                "unit_id",
                "kind",
                "concerns_on",
                "received_on",
                "origin",
                "registered_by",
                "registered_at",
                "recorded_at",
                "replaces",
                "withdrawn",
                "signal",
                "vaerdi",
                "model_shape",
            )
        ),
        sa.column("model", _Json),
    )
    rows: list[dict[str, Any]] = []
    stored = conn.execute(sa.select(units.c.id, units.c.signals).order_by(units.c.id)).all()
    for unit_id, signals in stored:
        for key in sorted(signals or {}):
            value = signals[key]
            if value is None:
                continue
            number = (1.0 if value else 0.0) if isinstance(value, bool) else float(value)
            rows.append(
                {
                    "unit_id": unit_id,
                    "kind": _KIND,
                    "concerns_on": day,
                    "received_on": day,
                    "origin": _ORIGIN,
                    "registered_by": _BY,
                    "registered_at": stored_at,
                    "recorded_at": recorded_at,
                    "replaces": None,
                    "withdrawn": False,
                    "signal": key,
                    "vaerdi": number,
                    "model_shape": 1,
                    "model": _model(unit_id, key, number, day, at),
                }
            )
            if len(rows) >= _CHUNK:
                conn.execute(sa.insert(target), rows)
                rows = []
    if rows:
        conn.execute(sa.insert(target), rows)


def upgrade() -> None:
    _create_table()
    _records(op.get_bind())
    op.execute("ALTER TABLE units DROP COLUMN signals")
