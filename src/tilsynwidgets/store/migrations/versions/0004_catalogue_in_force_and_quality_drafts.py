"""Drafts of a quality assessment.

The drafts table's CHECK constraint names every kind of draft and the parts of its key; a
new kind, ``kvalitetsvurdering`` (an inspector's quality assessment of one unit), needs a
constraint that names it. PostgreSQL replaces the constraint in place; SQLite cannot change
a table's constraints, so there the table is rebuilt (renamed, made anew and refilled, in
the upgrade's one transaction). Every stored draft is kept as it was: the new constraint
allows all that the old one did.

This revision is frozen: it never imports today's schema or today's kinds of draft.

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


def upgrade() -> None:
    _drafts_with_quality()
