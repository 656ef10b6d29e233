"""Drafts keyed by kind, with a column for each part of the key.

Until this revision a draft's key was (assessor, unit_id, form), holding three encodings:

- an inspector's risk assessment or intensity plan: (inspector, unit id, "risikovurdering"
  or "tilsynsintensitet");
- a training answer: (participant id, vignette id, "traening:<session code>");
- a leader's self-assessment: (leader, "", "selvevaluering:<socialtilsyn code>").

Now the key is (owner, kind, unit_id, session_code, vignette_id, socialtilsyn): a part the
kind does not have is '' (the parts are NOT NULL so that they can be the primary key, which
a draft's upsert needs), and a CHECK constraint refuses a key with the wrong parts for its
kind. Every stored draft is converted here, in SQL both engines run alike. A draft whose key
fits none of the encodings (an unknown form, a session code longer than a code can be, an
unknown socialtilsyn, an assessment without a unit …) is not dropped: it is kept exactly as
it was in ``unconverted_drafts``, which the apps never read.

The drafts table is rebuilt (SQLite cannot change a primary key in place); drafts are not
history and have no triggers. This revision is frozen: it never imports today's schema.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0003"
down_revision = "0002"
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
}
_SOCIALTILSYN = ("hovedstaden", "oest", "syd", "midt", "nord")

# Every old encoding: (kind, the condition on an old row, its new parts as SQL over the row).
# substr/length and string comparison mean the same on SQLite and PostgreSQL (LIKE does not:
# it ignores case on SQLite).
_TRAINING_CODE = "substr(form, 10)"
_TILSYN_CODE = "substr(form, 16)"
_ENCODINGS: tuple[tuple[str, str, dict[str, str]], ...] = (
    (
        "risikovurdering",
        "form = 'risikovurdering' AND unit_id <> ''",
        {"unit_id": "unit_id"},
    ),
    (
        "tilsynsintensitet",
        "form = 'tilsynsintensitet' AND unit_id <> ''",
        {"unit_id": "unit_id"},
    ),
    (
        "traening",
        # A session code is 1 to 8 characters, without surrounding spaces; the vignette id
        # was kept in unit_id.
        f"substr(form, 1, 9) = 'traening:' AND length({_TRAINING_CODE}) BETWEEN 1 AND 8 "
        f"AND {_TRAINING_CODE} = trim({_TRAINING_CODE}) AND unit_id <> ''",
        {"session_code": _TRAINING_CODE, "vignette_id": "unit_id"},
    ),
    (
        "selvevaluering",
        f"substr(form, 1, 15) = 'selvevaluering:' AND unit_id = '' AND {_TILSYN_CODE} IN "
        f"({', '.join(repr(code) for code in _SOCIALTILSYN)})",
        {"socialtilsyn": _TILSYN_CODE},
    ),
)


def _key_shape() -> sa.CheckConstraint:
    shapes = " OR ".join(
        f"(kind = '{kind}' AND "
        + " AND ".join(f"{part} <> ''" if part in parts else f"{part} = ''" for part in _PARTS)
        + ")"
        for kind, parts in _KINDS.items()
    )
    return sa.CheckConstraint(f"owner <> '' AND ({shapes})", name="ck_drafts_key_shape")


def upgrade() -> None:
    old_columns = "assessor, unit_id, form, payload, updated_at"
    op.create_table(
        "unconverted_drafts",
        sa.Column("assessor", sa.String(120), primary_key=True),
        sa.Column("unit_id", sa.String(64), primary_key=True),
        sa.Column("form", sa.String(80), primary_key=True),
        sa.Column("payload", _Json, nullable=False),
        sa.Column("updated_at", _Time, nullable=False),
    )
    # Every old draft first moves here; those converted below are removed from it again.
    op.execute(f"INSERT INTO unconverted_drafts ({old_columns}) SELECT {old_columns} FROM drafts")
    op.drop_table("drafts")
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
        _key_shape(),
    )
    for kind, encoding, parts in _ENCODINGS:
        condition = f"assessor <> '' AND {encoding}"
        values = ", ".join(parts.get(part, "''") for part in _PARTS)
        op.execute(
            f"INSERT INTO drafts (owner, kind, {', '.join(_PARTS)}, payload, updated_at) "
            f"SELECT assessor, '{kind}', {values}, payload, updated_at "
            f"FROM unconverted_drafts WHERE {condition}"
        )
        op.execute(f"DELETE FROM unconverted_drafts WHERE {condition}")
