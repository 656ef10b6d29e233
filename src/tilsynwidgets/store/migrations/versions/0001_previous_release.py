"""The schema of the release before migrations (commit e86342d), as it created its tables.

A store made by that release has exactly these tables and triggers and no version table;
``tilsynwidgets opgrader`` stamps it with this revision and upgrades it from here. This
revision is frozen: it never imports today's schema, which moves on.

Revision ID: 0001
Revises:
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_RowId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_Json = sa.JSON().with_variant(JSONB(), "postgresql")
_Time = sa.DateTime(timezone=True)
_MESSAGE = "Historikken kan kun udvides: gemte rækker kan ikke ændres eller slettes."
_APPEND_ONLY = (
    "assessments",
    "plans",
    "checklist_changes",
    "quality_assessments",
    "self_assessments",
    "training_events",
    "catalogue_versions",
)


def _history(name: str, when: str, *columns: sa.Column[object]) -> None:
    op.create_table(
        name,
        sa.Column("id", _RowId, primary_key=True, autoincrement=True),
        sa.Column(
            "unit_id", sa.String(32), sa.ForeignKey("units.id", ondelete="RESTRICT"), nullable=False
        ),
        *columns,
        sa.Column(when, _Time, nullable=False),
        sa.Column("recorded_at", _Time, nullable=False),
        sa.Column("model", _Json, nullable=False),
    )
    op.create_index(f"ix_{name}_unit_time", name, ["unit_id", when])
    op.create_index(f"ix_{name}_time", name, [when])


def upgrade() -> None:
    op.create_table(
        "units",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("unit_type", sa.String(40), nullable=False),
        sa.Column("socialtilsyn", sa.String(20), nullable=False),
        sa.Column("team", sa.String(80), nullable=False),
        sa.Column("capacity", sa.Integer, nullable=False),
        sa.Column("last_announced_visit", sa.Date),
        sa.Column("last_unannounced_visit", sa.Date),
        sa.Column("signals", _Json, nullable=False),
    )
    _history(
        "assessments",
        "assessed_at",
        sa.Column("phase", sa.String(8), nullable=False),
        sa.Column("suggested", sa.String(8)),
        sa.Column("chosen", sa.String(8), nullable=False),
        sa.Column("deviation", sa.Boolean, nullable=False),
        sa.Column("catalogue_version", sa.String(40)),
        sa.Column("assessor", sa.String(120), nullable=False),
    )
    _history(
        "plans",
        "decided_at",
        sa.Column("category", sa.String(8), nullable=False),
        sa.Column("estimated_hours", sa.Float, nullable=False),
        sa.Column("template_unchanged", sa.Boolean, nullable=False),
        sa.Column("ruleset_id", sa.String(64), nullable=False),
        sa.Column("author", sa.String(120), nullable=False),
    )
    _history(
        "checklist_changes",
        "changed_at",
        sa.Column("measure_id", sa.String(64), nullable=False),
        sa.Column("in_place", sa.Boolean, nullable=False),
        sa.Column("author", sa.String(120), nullable=False),
    )
    _history(
        "quality_assessments",
        "assessed_at",
        sa.Column("model_version", sa.String(40), nullable=False),
        sa.Column("assessor", sa.String(120), nullable=False),
    )
    op.create_table(
        "self_assessments",
        sa.Column("id", _RowId, primary_key=True, autoincrement=True),
        sa.Column("socialtilsyn", sa.String(20), nullable=False),
        sa.Column("assessor", sa.String(120), nullable=False),
        sa.Column("catalogue_version", sa.String(40), nullable=False),
        sa.Column("assessed_at", _Time, nullable=False),
        sa.Column("recorded_at", _Time, nullable=False),
        sa.Column("model", _Json, nullable=False),
    )
    op.create_index(
        "ix_self_assessments_tilsyn_time", "self_assessments", ["socialtilsyn", "assessed_at"]
    )
    op.create_table(
        "drafts",
        sa.Column("assessor", sa.String(120), primary_key=True),
        sa.Column("unit_id", sa.String(64), primary_key=True),
        sa.Column("form", sa.String(80), primary_key=True),
        sa.Column("payload", _Json, nullable=False),
        sa.Column("updated_at", _Time, nullable=False),
    )
    op.create_table(
        "training_sessions",
        sa.Column("code", sa.String(8), primary_key=True),
        sa.Column("title", sa.String(120), nullable=False),
        sa.Column("created_by", sa.String(120), nullable=False),
        sa.Column("created_at", _Time, nullable=False),
        sa.Column("model", _Json, nullable=False),
    )
    op.create_table(
        "training_events",
        sa.Column("id", _RowId, primary_key=True, autoincrement=True),
        sa.Column(
            "session_code",
            sa.String(8),
            sa.ForeignKey("training_sessions.code"),
            nullable=False,
        ),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("round_no", sa.Integer, nullable=False),
        sa.Column("at", _Time, nullable=False),
        sa.Column("recorded_at", _Time, nullable=False),
        sa.Column("model", _Json, nullable=False),
        sa.UniqueConstraint("session_code", "round_no", "kind", name="uq_training_event"),
    )
    op.create_table(
        "training_participants",
        sa.Column("participant_id", sa.String(32), primary_key=True),
        sa.Column(
            "session_code",
            sa.String(8),
            sa.ForeignKey("training_sessions.code"),
            nullable=False,
        ),
        sa.Column("name_key", sa.String(60), nullable=False),
        sa.Column("socialtilsyn", sa.String(20)),
        sa.Column("joined_at", _Time, nullable=False),
        sa.Column("model", _Json, nullable=False),
        sa.UniqueConstraint("session_code", "name_key", name="uq_training_participant_name"),
    )
    op.create_table(
        "training_answers",
        sa.Column(
            "session_code",
            sa.String(8),
            sa.ForeignKey("training_sessions.code"),
            primary_key=True,
        ),
        sa.Column(
            "participant_id",
            sa.String(32),
            sa.ForeignKey("training_participants.participant_id"),
            primary_key=True,
        ),
        sa.Column("vignette_id", sa.String(64), primary_key=True),
        sa.Column("round_no", sa.Integer, nullable=False),
        sa.Column("category", sa.String(8), nullable=False),
        sa.Column("has_plan", sa.Boolean, nullable=False),
        sa.Column("submitted_at", _Time, nullable=False),
        sa.Column("model", _Json, nullable=False),
    )
    op.create_table(
        "catalogue_versions",
        sa.Column("name", sa.String(40), primary_key=True),
        sa.Column("author", sa.String(120), nullable=False),
        sa.Column("comment", sa.Text, nullable=False),
        sa.Column("saved_at", _Time, nullable=False),
        sa.Column("recorded_at", _Time, nullable=False),
        sa.Column("based_on", sa.String(40)),
        sa.Column("model", _Json, nullable=False),
    )
    op.create_index("ix_catalogue_versions_saved_at", "catalogue_versions", ["saved_at"])
    op.create_table(
        "provenance",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("data_as_of", sa.Date, nullable=False),
        sa.Column("loaded_at", _Time, nullable=False),
    )
    _append_only_triggers()


def _append_only_triggers() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in _APPEND_ONLY:
            for action in ("UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER IF NOT EXISTS {name}_no_{action.lower()} BEFORE {action} "
                    f"ON {name} BEGIN SELECT RAISE(ABORT, '{_MESSAGE}'); END"
                )
        return
    op.execute(
        "CREATE OR REPLACE FUNCTION tilsynwidgets_append_only() RETURNS trigger "
        "LANGUAGE plpgsql AS $body$ BEGIN "
        f"RAISE EXCEPTION '{_MESSAGE}' USING ERRCODE = 'restrict_violation'; "
        "END $body$"
    )
    for name in _APPEND_ONLY:
        op.execute(
            f"CREATE TRIGGER {name}_append_only BEFORE UPDATE OR DELETE ON {name} "
            "FOR EACH ROW EXECUTE FUNCTION tilsynwidgets_append_only()"
        )
        op.execute(
            f"CREATE TRIGGER {name}_no_truncate BEFORE TRUNCATE ON {name} "
            "FOR EACH STATEMENT EXECUTE FUNCTION tilsynwidgets_append_only()"
        )
