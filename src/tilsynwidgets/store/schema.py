"""Tables: units, five append-only history tables, the information about each unit, drafts,
provenance, training sessions, the criteria catalogue's versions and the versions put in force,
and the log of exports.

Each history row keeps the columns people query by (unit, who, when and a few decisive
values) next to the full domain model as JSON, so a row reads back as an equal model while
the columns stay cheap to filter and aggregate. History tables refuse UPDATE and DELETE in
the database itself (triggers on both engines), so "append-only" does not rest on the
Python API alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.sql.dml import Insert
from sqlalchemy.types import TypeDecorator

from tilsynwidgets.domain.core.drafts import KEY_PARTS
from tilsynwidgets.store.triggers import APPEND_ONLY_MESSAGE, make_append_only

__all__ = [
    "APPEND_ONLY_MESSAGE",
    "APPEND_ONLY_TABLES",
    "DRAFT_PARTS",
    "HISTORY_TABLES",
    "MODEL_TABLES",
    "UTCDateTime",
    "assessments",
    "catalogue_in_force",
    "catalogue_versions",
    "checklist_changes",
    "drafts",
    "export_log",
    "information",
    "metadata",
    "plans",
    "quality_assessments",
    "self_assessments",
    "training_answers",
    "training_events",
    "training_participant_changes",
    "training_participants",
    "training_sessions",
    "unconverted_drafts",
    "units",
    "upsert",
]

# Plain INTEGER on SQLite so the key is the rowid (autoincrementing); BIGINT elsewhere.
_RowId = BigInteger().with_variant(Integer(), "sqlite")
# JSONB on PostgreSQL (compact, indexable); JSON text on SQLite.
_Json = JSON().with_variant(JSONB(), "postgresql")
_UnitId = String(32)
_Person = String(120)
_Category = String(8)


class UTCDateTime(TypeDecorator[datetime]):
    """An aware timestamp stored as UTC, read back as UTC on both engines.

    SQLite has no time zones: values are stored as naive UTC text, whose fixed-width
    format sorts in time order. Naive values are refused rather than guessed at.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("tidspunktet skal have en tidszone")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _shape() -> Column[int]:
    """The version of the shape of the row's ``model`` JSON (see ``store.shapes``)."""
    return Column("model_shape", SmallInteger, nullable=False, server_default=text("1"))


def _corrects(table: str) -> Column[int]:
    """The row this one corrects: a correction is a new row, never an edit of the old."""
    return Column("corrects", _RowId, ForeignKey(f"{table}.id"))


metadata = MetaData()

units = Table(
    "units",
    metadata,
    Column("id", _UnitId, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("unit_type", String(40), nullable=False),
    Column("socialtilsyn", String(20), nullable=False),
    Column("team", String(80), nullable=False),
    Column("capacity", Integer, nullable=False),
    Column("last_announced_visit", Date),
    Column("last_unannounced_visit", Date),
)


def _history(name: str, when: str, *columns: Column[Any]) -> Table:
    table = Table(
        name,
        metadata,
        Column("id", _RowId, primary_key=True, autoincrement=True),
        Column("unit_id", _UnitId, ForeignKey("units.id", ondelete="RESTRICT"), nullable=False),
        *columns,
        Column(when, UTCDateTime, nullable=False),
        Column("recorded_at", UTCDateTime, nullable=False),
        Column("model", _Json, nullable=False),
        _shape(),
        _corrects(name),
    )
    Index(f"ix_{name}_unit_time", table.c.unit_id, table.c[when])
    Index(f"ix_{name}_time", table.c[when])
    make_append_only(table)
    return table


assessments = _history(
    "assessments",
    "assessed_at",
    Column("phase", String(8), nullable=False),
    Column("suggested", _Category),
    Column("chosen", _Category, nullable=False),
    Column("deviation", Boolean, nullable=False),
    Column("catalogue_version", String(40)),
    Column("assessor", _Person, nullable=False),
)

plans = _history(
    "plans",
    "decided_at",
    Column("category", _Category, nullable=False),
    Column("estimated_hours", Float, nullable=False),
    Column("template_unchanged", Boolean, nullable=False),
    Column("ruleset_id", String(64), nullable=False),
    Column("author", _Person, nullable=False),
)

checklist_changes = _history(
    "checklist_changes",
    "changed_at",
    Column("measure_id", String(64), nullable=False),
    Column("in_place", Boolean, nullable=False),
    Column("author", _Person, nullable=False),
)

quality_assessments = _history(
    "quality_assessments",
    "assessed_at",
    Column("model_version", String(40), nullable=False),
    Column("assessor", _Person, nullable=False),
)

self_assessments = Table(
    # A socialtilsyn's self-assessment of the general leadership measures (no unit).
    "self_assessments",
    metadata,
    Column("id", _RowId, primary_key=True, autoincrement=True),
    Column("socialtilsyn", String(20), nullable=False),
    Column("assessor", _Person, nullable=False),
    Column("catalogue_version", String(40), nullable=False),
    Column("assessed_at", UTCDateTime, nullable=False),
    Column("recorded_at", UTCDateTime, nullable=False),
    Column("model", _Json, nullable=False),
    _shape(),
    _corrects("self_assessments"),
)
Index(
    "ix_self_assessments_tilsyn_time",
    self_assessments.c.socialtilsyn,
    self_assessments.c.assessed_at,
)
make_append_only(self_assessments)

information = Table(
    # One piece of information about a unit (domain.information.records.Information).
    # Append-only: a correction or a withdrawal is a new row that ``replaces`` the old one,
    # and a row is replaced at most once (the unique index), so corrections form a chain.
    # The record's values are columns too (NULL where the record has none): the signals
    # of every unit are computed from them, so they are read without decoding JSON.
    "information",
    metadata,
    Column("id", _RowId, primary_key=True, autoincrement=True),
    Column("unit_id", _UnitId, ForeignKey("units.id", ondelete="RESTRICT"), nullable=False),
    Column("kind", String(40), nullable=False),
    Column("concerns_on", Date, nullable=False),
    Column("received_on", Date, nullable=False),
    Column("origin", String(20), nullable=False),
    Column("registered_by", _Person, nullable=False),
    Column("registered_at", UTCDateTime, nullable=False),
    Column("recorded_at", UTCDateTime, nullable=False),
    Column("replaces", _RowId, ForeignKey("information.id")),
    Column("withdrawn", Boolean, nullable=False),
    Column("antal", Integer),
    Column("periode_start", Date),
    Column("personaleomsaetning_pct", Float),
    Column("sygefravaer_pct", Float),
    Column("afviger", Boolean),
    Column("laveste_temascore", Float),
    Column("slut", Date),
    Column("frist", Date),
    Column("efterkommet", Date),
    Column("signal", String(40)),
    Column("vaerdi", Float),
    Column("model", _Json, nullable=False),
    _shape(),
)
Index("ix_information_unit_received", information.c.unit_id, information.c.received_on)
Index("ix_information_received", information.c.received_on)
Index("ux_information_replaces", information.c.replaces, unique=True)
make_append_only(information)

HISTORY_TABLES: tuple[Table, ...] = (
    assessments,
    plans,
    checklist_changes,
    quality_assessments,
    self_assessments,
)

DRAFT_PARTS = ("unit_id", "session_code", "vignette_id", "socialtilsyn")
"""The typed parts of a draft's key; a part its kind does not have is ``''``."""


def _draft_key_shape() -> CheckConstraint:
    """Each kind fills exactly its own parts: the database refuses a mixed-up key."""
    shapes = " OR ".join(
        f"(kind = '{kind.value}' AND "
        + " AND ".join(f"{part} <> ''" if part in parts else f"{part} = ''" for part in DRAFT_PARTS)
        + ")"
        for kind, parts in KEY_PARTS.items()
    )
    return CheckConstraint(f"owner <> '' AND ({shapes})", name="ck_drafts_key_shape")


drafts = Table(
    # The autosaved state of a form (not history: replaced while typed, deleted when saved).
    # The key's parts are NOT NULL ('' where the kind has no such part) so that they can be
    # the primary key, which the upsert of a draft needs on both engines. No foreign keys:
    # a draft may belong to a unit that is still being created.
    "drafts",
    metadata,
    Column("owner", _Person, primary_key=True),
    Column("kind", String(20), primary_key=True),
    Column("unit_id", String(64), primary_key=True, server_default=text("''")),
    Column("session_code", String(8), primary_key=True, server_default=text("''")),
    Column("vignette_id", String(64), primary_key=True, server_default=text("''")),
    Column("socialtilsyn", String(20), primary_key=True, server_default=text("''")),
    Column("payload", _Json, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    _draft_key_shape(),
)

unconverted_drafts = Table(
    # Drafts stored before revision 0003 whose key could not be read as any kind of draft,
    # kept exactly as they were (the apps never read them); see docs/store.md.
    "unconverted_drafts",
    metadata,
    Column("assessor", _Person, primary_key=True),
    Column("unit_id", String(64), primary_key=True),
    Column("form", String(80), primary_key=True),
    Column("payload", _Json, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
)


# -- training sessions --------------------------------------------------------------------

_Code = String(8)
_ParticipantId = String(32)

training_sessions = Table(
    "training_sessions",
    metadata,
    Column("code", _Code, primary_key=True),
    Column("title", String(120), nullable=False),
    Column("created_by", _Person, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("model", _Json, nullable=False),
    _shape(),
)
make_append_only(training_sessions)

training_events = Table(
    # A session's course (round opened, closed, answers revealed): append-only.
    "training_events",
    metadata,
    Column("id", _RowId, primary_key=True, autoincrement=True),
    Column("session_code", _Code, ForeignKey("training_sessions.code"), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("round_no", Integer, nullable=False),
    Column("at", UTCDateTime, nullable=False),
    Column("recorded_at", UTCDateTime, nullable=False),
    Column("model", _Json, nullable=False),
    _shape(),
    # Two facilitator pages clicking at once cannot both open (or close) the same round.
    UniqueConstraint("session_code", "round_no", "kind", name="uq_training_event"),
)
make_append_only(training_events)

training_participants = Table(
    "training_participants",
    metadata,
    Column("participant_id", _ParticipantId, primary_key=True),
    Column("session_code", _Code, ForeignKey("training_sessions.code"), nullable=False),
    # The display name as a key (see domain.training.normalise_name): one row per person.
    Column("name_key", String(60), nullable=False),
    Column("socialtilsyn", String(20)),
    Column("joined_at", UTCDateTime, nullable=False),
    Column("model", _Json, nullable=False),
    _shape(),
    UniqueConstraint("session_code", "name_key", name="uq_training_participant_name"),
)
make_append_only(training_participants)

training_answers = Table(
    # One current answer per participant and vignette; replaced while its round is open.
    "training_answers",
    metadata,
    Column("session_code", _Code, ForeignKey("training_sessions.code"), primary_key=True),
    Column(
        "participant_id",
        _ParticipantId,
        ForeignKey("training_participants.participant_id"),
        primary_key=True,
    ),
    Column("vignette_id", String(64), primary_key=True),
    Column("round_no", Integer, nullable=False),
    Column("category", _Category, nullable=False),
    Column("has_plan", Boolean, nullable=False),
    Column("submitted_at", UTCDateTime, nullable=False),
    Column("model", _Json, nullable=False),
    _shape(),
)

training_participant_changes = Table(
    # The facilitator renamed or removed a participant (domain.training.roster): a new row,
    # never an edit of the participant who joined. Append-only, in the order made.
    "training_participant_changes",
    metadata,
    Column("id", _RowId, primary_key=True, autoincrement=True),
    Column("session_code", _Code, ForeignKey("training_sessions.code"), nullable=False),
    Column(
        "participant_id",
        _ParticipantId,
        ForeignKey("training_participants.participant_id"),
        nullable=False,
    ),
    Column("kind", String(20), nullable=False),
    Column("display_name", String(60)),
    Column("by", _Person, nullable=False),
    Column("at", UTCDateTime, nullable=False),
    Column("recorded_at", UTCDateTime, nullable=False),
    Column("model", _Json, nullable=False),
    _shape(),
)
Index("ix_training_participant_changes_session", training_participant_changes.c.session_code)
make_append_only(training_participant_changes)


# -- criteria catalogue versions ------------------------------------------------------------

catalogue_versions = Table(
    # Named versions of the criteria catalogue from the criteria workshop: append-only, so a
    # saved version is never overwritten (the name is the key, and a taken name is refused).
    "catalogue_versions",
    metadata,
    Column("name", String(40), primary_key=True),
    Column("author", _Person, nullable=False),
    Column("comment", Text, nullable=False),
    Column("saved_at", UTCDateTime, nullable=False),
    Column("recorded_at", UTCDateTime, nullable=False),
    Column("based_on", String(40)),
    Column("model", _Json, nullable=False),
    _shape(),
)
Index("ix_catalogue_versions_saved_at", catalogue_versions.c.saved_at)
make_append_only(catalogue_versions)

catalogue_in_force = Table(
    # Each time a methods consultant put a catalogue version in force ("Tag i brug"): who,
    # when and why (in the model). Append-only: the newest row is the version in force, the
    # rows before it its history. ``version`` is a saved version's name or ``pakket:`` and
    # the packaged catalogue's version, which need not be stored, so no foreign key.
    "catalogue_in_force",
    metadata,
    Column("id", _RowId, primary_key=True, autoincrement=True),
    Column("version", String(48), nullable=False),
    Column("put_by", _Person, nullable=False),
    Column("put_at", UTCDateTime, nullable=False),
    Column("recorded_at", UTCDateTime, nullable=False),
    Column("model", _Json, nullable=False),
    _shape(),
)
Index("ix_catalogue_in_force_put_at", catalogue_in_force.c.put_at)
make_append_only(catalogue_in_force)


# -- the log of exports ---------------------------------------------------------------------

export_log = Table(
    # Each export (domain.core.export_record.ExportRecord): who made it when, which export,
    # its filters as Danish text, whether plejefamiliers real names were revealed and how
    # many unit rows it held. Append-only: a log nobody can edit or thin out.
    "export_log",
    metadata,
    Column("id", _RowId, primary_key=True, autoincrement=True),
    Column("made_at", UTCDateTime, nullable=False),
    Column("made_by", _Person, nullable=False),
    Column("what", String(200), nullable=False),
    Column("filters", String(500), nullable=False),
    Column("real_names", Boolean, nullable=False),
    Column("rows", Integer, nullable=False),
    Column("recorded_at", UTCDateTime, nullable=False),
    Column("model", _Json, nullable=False),
    _shape(),
)
Index("ix_export_log_made_at", export_log.c.made_at)
make_append_only(export_log)


APPEND_ONLY_TABLES: tuple[Table, ...] = (
    *HISTORY_TABLES,
    information,
    training_sessions,
    training_events,
    training_participants,
    training_participant_changes,
    catalogue_versions,
    catalogue_in_force,
    export_log,
)
"""Tables whose rows are inserted and never changed (the database refuses the rest)."""

MODEL_TABLES: tuple[Table, ...] = (*APPEND_ONLY_TABLES, training_answers)
"""Tables whose rows hold a domain model as JSON, with the version of its shape."""

provenance = Table(
    "provenance",
    metadata,
    # One row: where the stored portfolio came from and the date its data describe.
    Column("id", Integer, primary_key=True),
    Column("source", Text, nullable=False),
    Column("data_as_of", Date, nullable=False),
    Column("loaded_at", UTCDateTime, nullable=False),
)


def upsert(dialect: str, table: Table, keys: Sequence[str]) -> Insert:
    """INSERT … ON CONFLICT (keys) DO UPDATE of every other column, for either engine."""
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    statement = insert(table)
    updates = {c.name: statement.excluded[c.name] for c in table.columns if c.name not in keys}
    return statement.on_conflict_do_update(index_elements=list(keys), set_=updates)
