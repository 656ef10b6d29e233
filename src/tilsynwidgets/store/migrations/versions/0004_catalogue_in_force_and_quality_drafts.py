"""The criteria catalogue in force, and drafts of a quality assessment.

- ``catalogue_in_force``: each time a methods consultant put a catalogue version in force
  (who, when, why). Append-only on both engines, like every history table: the database
  refuses UPDATE and DELETE (TRUNCATE on PostgreSQL; on SQLite an INSERT that would replace
  a row). Existing stores get it empty: until someone puts a version in force, the apps
  suggest with the packaged catalogue, as before.
- Drafts of a quality assessment. The drafts table's CHECK constraint names every kind of
  draft and the parts of its key; the new kind, ``kvalitetsvurdering`` (an inspector's
  quality assessment of one unit), needs a constraint that names it. PostgreSQL replaces
  the constraint in place; SQLite cannot change a table's constraints, so there the table
  is rebuilt (renamed, made anew and refilled, in the upgrade's one transaction). Every
  stored draft is kept as it was: the new constraint allows all that the old one did.

This revision is frozen: it never imports today's schema, triggers or kinds of draft.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-14
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_Json = sa.JSON().with_variant(JSONB(), "postgresql")
_Time = sa.DateTime(timezone=True)
_PARTS = ("unit_id", "session_code", "vignette_id", "socialtilsyn")
# Kind → the parts of its key (as domain.core.drafts had them when this revision was made).
_KINDS = {
    "risikovurdering": ("unit_id",),
    "tilsynsintensitet": ("unit_id",),
    "traening": ("session_code", "vignette_id"),
    "selvevaluering": ("socialtilsyn",),
    "kvalitetsvurdering": ("unit_id",),
}
_KEY_SHAPE = "ck_drafts_key_shape"
_IN_FORCE = "catalogue_in_force"
_MESSAGE = "Historikken kan kun udvides: gemte rækker kan ikke ændres eller slettes."
_RAISE = f"BEGIN SELECT RAISE(ABORT, '{_MESSAGE}'); END"
_POSTGRES_FUNCTION = (
    "CREATE OR REPLACE FUNCTION tilsynwidgets_append_only() RETURNS trigger "
    "LANGUAGE plpgsql AS $body$ BEGIN "
    f"RAISE EXCEPTION '{_MESSAGE}' USING ERRCODE = 'restrict_violation'; "
    "END $body$"
)


def _key_shape() -> str:
    """Each kind fills exactly its own parts (the same SQL as 0003's, with one kind more)."""
    shapes = " OR ".join(
        f"(kind = '{kind}' AND "
        + " AND ".join(f"{part} <> ''" if part in parts else f"{part} = ''" for part in _PARTS)
        + ")"
        for kind, parts in _KINDS.items()
    )
    return f"owner <> '' AND ({shapes})"


def _drafts_with_quality() -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint(_KEY_SHAPE, "drafts", type_="check")
        op.create_check_constraint(_KEY_SHAPE, "drafts", _key_shape())
        return
    columns = f"owner, kind, {', '.join(_PARTS)}, payload, updated_at"
    op.rename_table("drafts", "drafts_0003")
    op.create_table(
        "drafts",
        sa.Column("owner", sa.String(120), primary_key=True),
        sa.Column("kind", sa.String(20), primary_key=True),
        sa.Column("unit_id", sa.String(64), primary_key=True, server_default=sa.text("''")),
        sa.Column("session_code", sa.String(8), primary_key=True, server_default=sa.text("''")),
        sa.Column("vignette_id", sa.String(64), primary_key=True, server_default=sa.text("''")),
        sa.Column("socialtilsyn", sa.String(20), primary_key=True, server_default=sa.text("''")),
        sa.Column("payload", _Json, nullable=False),
        sa.Column("updated_at", _Time, nullable=False),
        sa.CheckConstraint(_key_shape(), name=_KEY_SHAPE),
    )
    op.execute(f"INSERT INTO drafts ({columns}) SELECT {columns} FROM drafts_0003")
    op.drop_table("drafts_0003")


def _catalogue_in_force() -> None:
    op.create_table(
        _IN_FORCE,
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True),
        sa.Column("version", sa.String(48), nullable=False),
        sa.Column("put_by", sa.String(120), nullable=False),
        sa.Column("put_at", _Time, nullable=False),
        sa.Column("recorded_at", _Time, nullable=False),
        sa.Column("model", _Json, nullable=False),
        sa.Column("model_shape", sa.SmallInteger, nullable=False, server_default=sa.text("1")),
    )
    op.create_index(f"ix_{_IN_FORCE}_put_at", _IN_FORCE, ["put_at"])
    name = _IN_FORCE
    if op.get_bind().dialect.name == "sqlite":
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER IF NOT EXISTS {name}_no_{action.lower()} "
                f"BEFORE {action} ON {name} {_RAISE}"
            )
        op.execute(
            f"CREATE TRIGGER IF NOT EXISTS {name}_no_replace BEFORE INSERT ON {name} "
            f"WHEN EXISTS (SELECT 1 FROM {name} WHERE (id = NEW.id)) {_RAISE}"
        )
        return
    call = "EXECUTE FUNCTION tilsynwidgets_append_only()"
    op.execute(_POSTGRES_FUNCTION)
    op.execute(
        f"CREATE TRIGGER {name}_append_only BEFORE UPDATE OR DELETE ON {name} FOR EACH ROW {call}"
    )
    op.execute(
        f"CREATE TRIGGER {name}_no_truncate BEFORE TRUNCATE ON {name} FOR EACH STATEMENT {call}"
    )


def upgrade() -> None:
    _catalogue_in_force()
    _drafts_with_quality()
