"""The facilitator's changes to a training session's participants: a rename (a typo in a
name) or a removal (a duplicate, someone in the wrong session).

- ``training_participant_changes``: one row per change (the session, the participant, the
  kind, the new name when renamed, who made it and when, when the store recorded it), with
  the domain model as JSON and the version of its shape. Append-only on both engines, like
  every history table: the database refuses UPDATE and DELETE (and TRUNCATE on
  PostgreSQL), and on SQLite an INSERT that would replace a stored row. A participant who
  joined is never edited; today's store reads the changes over them.
- No stored row is changed; the new table starts empty.

This revision is frozen: it never imports today's schema, triggers or models (its trigger
statements are a copy of what ``store.triggers`` generates for the table, held equal by
``tests/store/test_store_migrate.py``).

Revision ID: 0007
Revises: 0006
Create Date: 2027-03-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_Json = sa.JSON().with_variant(JSONB(), "postgresql")
_Time = sa.DateTime(timezone=True)
_RowId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_TABLE = "training_participant_changes"
_MESSAGE = "Historikken kan kun udvides: gemte rækker kan ikke ændres eller slettes."
_RAISE = f"BEGIN SELECT RAISE(ABORT, '{_MESSAGE}'); END"
_POSTGRES_FUNCTION = (
    "CREATE OR REPLACE FUNCTION tilsynwidgets_append_only() RETURNS trigger "
    "LANGUAGE plpgsql AS $body$ BEGIN "
    f"RAISE EXCEPTION '{_MESSAGE}' USING ERRCODE = 'restrict_violation'; "
    "END $body$"
)


def _create_table() -> None:
    op.create_table(
        _TABLE,
        sa.Column("id", _RowId, primary_key=True),
        sa.Column(
            "session_code", sa.String(8), sa.ForeignKey("training_sessions.code"), nullable=False
        ),
        sa.Column(
            "participant_id",
            sa.String(32),
            sa.ForeignKey("training_participants.participant_id"),
            nullable=False,
        ),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("display_name", sa.String(60)),
        sa.Column("by", sa.String(120), nullable=False),
        sa.Column("at", _Time, nullable=False),
        sa.Column("recorded_at", _Time, nullable=False),
        sa.Column("model", _Json, nullable=False),
        sa.Column("model_shape", sa.SmallInteger, nullable=False, server_default=sa.text("1")),
    )
    op.create_index("ix_training_participant_changes_session", _TABLE, ["session_code"])


def _append_only() -> None:
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


def upgrade() -> None:
    _create_table()
    _append_only()
