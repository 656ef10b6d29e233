"""History that cannot be replaced, corrections that point back, and model shapes.

- SQLite: an INSERT that would collide with a stored history row's key is refused, so
  ``REPLACE``, ``INSERT OR REPLACE`` and upserts cannot rewrite history (they delete the old
  row without firing a DELETE trigger).
- Training sessions and their participants are append-only too, on both engines.
- Every row holding a domain model as JSON records the version of the model's shape
  (``model_shape``); rows stored before this revision have shape 1.
- A history row may correct an earlier row of its table (``corrects``): corrections are new
  rows that point back, never edits.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_MESSAGE = "Historikken kan kun udvides: gemte rækker kan ikke ændres eller slettes."
_RAISE = f"BEGIN SELECT RAISE(ABORT, '{_MESSAGE}'); END"
# Append-only table → the column sets that identify a row (primary key, unique keys).
_KEYS: dict[str, list[tuple[str, ...]]] = {
    "assessments": [("id",)],
    "plans": [("id",)],
    "checklist_changes": [("id",)],
    "quality_assessments": [("id",)],
    "self_assessments": [("id",)],
    "training_sessions": [("code",)],
    "training_events": [("id",), ("session_code", "round_no", "kind")],
    "training_participants": [("participant_id",), ("session_code", "name_key")],
    "catalogue_versions": [("name",)],
}
_NEWLY_APPEND_ONLY = ("training_sessions", "training_participants")
_HISTORY = ("assessments", "plans", "checklist_changes", "quality_assessments", "self_assessments")
_MODEL_TABLES = (*_KEYS, "training_answers")


def upgrade() -> None:
    for table in _MODEL_TABLES:
        op.add_column(
            table,
            sa.Column("model_shape", sa.SmallInteger, nullable=False, server_default=sa.text("1")),
        )
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table in _HISTORY:
        if sqlite:  # SQLite adds a column with its reference only in the column's own text
            op.execute(f"ALTER TABLE {table} ADD COLUMN corrects INTEGER REFERENCES {table} (id)")
        else:
            op.add_column(table, sa.Column("corrects", sa.BigInteger))
            op.create_foreign_key(f"{table}_corrects_fkey", table, table, ["corrects"], ["id"])
    if sqlite:
        for name in _NEWLY_APPEND_ONLY:
            for action in ("UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER IF NOT EXISTS {name}_no_{action.lower()} "
                    f"BEFORE {action} ON {name} {_RAISE}"
                )
        for name, keys in _KEYS.items():
            collides = " OR ".join(
                "(" + " AND ".join(f"{column} = NEW.{column}" for column in key) + ")"
                for key in keys
            )
            op.execute(
                f"CREATE TRIGGER IF NOT EXISTS {name}_no_replace BEFORE INSERT ON {name} "
                f"WHEN EXISTS (SELECT 1 FROM {name} WHERE {collides}) {_RAISE}"
            )
        return
    for name in _NEWLY_APPEND_ONLY:
        op.execute(
            f"CREATE TRIGGER {name}_append_only BEFORE UPDATE OR DELETE ON {name} "
            "FOR EACH ROW EXECUTE FUNCTION tilsynwidgets_append_only()"
        )
        op.execute(
            f"CREATE TRIGGER {name}_no_truncate BEFORE TRUNCATE ON {name} "
            "FOR EACH STATEMENT EXECUTE FUNCTION tilsynwidgets_append_only()"
        )
