"""Upgrading a store to this release's schema, and refusing to open one that does not match.

A store outlives releases. Its schema moves only through the Alembic revisions in
``store/migrations/versions``, run by :func:`upgrade` (``tilsynwidgets opgrader``):

- an empty database gets today's tables at once and is stamped with the newest revision
  (Alembic's recipe for a new database; a test holds the revisions and the tables equal);
- a store made by the release before migrations (tables, no version) is stamped with the
  first revision, which is that release's schema, and upgraded from there;
- a store of an older revision is upgraded; one of a newer revision is refused.

The whole upgrade is one transaction under one lock (``BEGIN IMMEDIATE`` on SQLite, an
advisory lock on PostgreSQL): two servers starting at once upgrade once, and a killed
upgrade leaves the store as it was. Apps call :func:`check_schema` and refuse a store whose
revision is not this release's, with a Danish message naming the command.

Checking needs no Alembic: every page's kernel checks, and importing Alembic costs each
kernel about 12 MB (docs/decisions.md). A revision's id is the number its file's name begins
with (``0006_export_log.py`` is ``"0006"``); a test holds that convention and Alembic's own
reading of the revisions equal. Only :func:`upgrade` imports Alembic.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.exc import DBAPIError, ProgrammingError

from tilsynwidgets.store import schema
from tilsynwidgets.store.diagnosis import explain
from tilsynwidgets.store.engine import WRITE_OPTION
from tilsynwidgets.store.errors import StoreError

if TYPE_CHECKING:
    from alembic.config import Config

__all__ = [
    "BASELINE",
    "NOW_ATTRIBUTE",
    "UPGRADE_COMMAND",
    "SchemaMismatchError",
    "SchemaState",
    "SchemaStatus",
    "UpgradeResult",
    "check_schema",
    "head_revision",
    "schema_status",
    "upgrade",
]

BASELINE = "0001"
"""The revision that is the schema of the release before migrations."""

UPGRADE_COMMAND = "tilsynwidgets opgrader"

_VERSION_TABLE = "alembic_version"
_UPGRADE_LOCK = 7_304_712_026  # any fixed number: the advisory lock every upgrade takes

# Tables whose rows the apps may change (everything else they may only read and append to).
_CHANGEABLE = {
    "units": "UPDATE",
    "drafts": "UPDATE, DELETE",
    "training_answers": "UPDATE",
    "provenance": "UPDATE",
}


class SchemaMismatchError(StoreError):
    """The store's schema is not this release's; the message says what to run."""


class SchemaState(StrEnum):
    EMPTY = "tom"
    UNVERSIONED = "uden version"
    BEHIND = "ældre"
    CURRENT = "aktuel"
    AHEAD = "nyere"


@dataclass(frozen=True, slots=True)
class SchemaStatus:
    state: SchemaState
    revision: str | None
    """The store's revision (``None`` when it has none)."""
    head: str
    """This release's revision."""


@dataclass(frozen=True, slots=True)
class UpgradeResult:
    before: SchemaStatus
    after: str
    packaged_added: tuple[str, ...]
    """Packaged catalogue versions that reached the store in this upgrade."""

    def describe(self) -> str:
        """Danish, for the command line."""
        before = self.before
        if before.state is SchemaState.CURRENT:
            lines = [f"Lageret har allerede den nyeste version af skemaet ({self.after})."]
        elif before.state is SchemaState.EMPTY:
            lines = [f"Lageret er oprettet med skemaets version {self.after}."]
        else:
            start = before.revision or f"{BASELINE} (udgaven før migreringer)"
            lines = [f"Lageret er opgraderet fra version {start} til {self.after}."]
        for name in self.packaged_added:
            lines.append(f"Kriteriekatalogets version '{name}' fra denne udgave er tilføjet.")
        return "\n".join(lines)


NOW_ATTRIBUTE = "now"
"""The upgrade's moment, handed to the revisions (``op.get_context().config.attributes``):
a revision that dates what it writes uses it, so an upgrade is reproducible."""


def _config(connection: Connection | None = None, now: datetime | None = None) -> Config:
    from alembic.config import Config  # only an upgrade needs Alembic (see above)

    config = Config()
    config.set_main_option("script_location", str(files("tilsynwidgets.store") / "migrations"))
    config.attributes["connection"] = connection
    config.attributes[NOW_ATTRIBUTE] = now
    return config


@cache
def known_revisions() -> tuple[str, ...]:
    """The revisions in ``store/migrations/versions``, oldest first: the number each file's
    name begins with."""
    versions = files("tilsynwidgets.store") / "migrations" / "versions"
    found = sorted(
        entry.name.split("_", 1)[0]
        for entry in versions.iterdir()
        if entry.name.endswith(".py") and entry.name[:4].isdigit()
    )
    return tuple(found)


def head_revision() -> str:
    """This release's revision: the newest in ``store/migrations/versions``."""
    return known_revisions()[-1]


def _status(conn: Connection) -> SchemaStatus:
    names = set(inspect(conn).get_table_names())
    head = head_revision()
    ours = {table.name for table in schema.metadata.sorted_tables}
    if _VERSION_TABLE in names:
        revision = conn.execute(text(f"SELECT version_num FROM {_VERSION_TABLE}")).scalar()
    else:
        revision = None
    if revision is None:
        if not names & ours:
            return SchemaStatus(SchemaState.EMPTY, None, head)
        return SchemaStatus(SchemaState.UNVERSIONED, None, head)
    if revision == head:
        return SchemaStatus(SchemaState.CURRENT, revision, head)
    state = SchemaState.BEHIND if revision in known_revisions() else SchemaState.AHEAD
    return SchemaStatus(state, revision, head)


def schema_status(engine: Engine) -> SchemaStatus:
    """Where the store's schema stands against this release."""
    try:
        with engine.connect() as conn:
            return _status(conn)
    except DBAPIError as exc:
        raise StoreError(f"Databasen kunne ikke læses. {explain(exc, engine.url)}") from exc


def check_schema(engine: Engine) -> None:
    """Refuse (Danish :class:`SchemaMismatchError`) unless the store is this release's."""
    status = schema_status(engine)
    if status.state is SchemaState.CURRENT:
        return
    if status.state is SchemaState.EMPTY:
        raise SchemaMismatchError(
            f"Lageret er ikke oprettet endnu. Det oprettes med kommandoen '{UPGRADE_COMMAND}' "
            "(den, der driver serveren, kører den); åbn derefter siden igen."
        )
    if status.state is SchemaState.AHEAD:
        raise SchemaMismatchError(
            f"Lageret er opgraderet af en nyere udgave af tilsynwidgets (skemaets version "
            f"{status.revision}; denne udgave kender til og med {status.head}). Opdatér "
            "tilsynwidgets på serveren, før lageret bruges; lageret er ikke ændret."
        )
    raise SchemaMismatchError(
        "Lageret er lavet af en tidligere udgave af tilsynwidgets og skal opgraderes, før det "
        f"kan bruges. Det gøres med kommandoen '{UPGRADE_COMMAND}' (den, der driver serveren, "
        "kører den); åbn derefter siden igen. Intet er ændret."
    )


def upgrade(engine: Engine, now: datetime, *, app_role: str | None = None) -> UpgradeResult:
    """Bring the store to this release's schema in one locked transaction.

    ``app_role`` (PostgreSQL) is given the rights the apps need: read everything, append
    to history, change only drafts, units, current training answers and the provenance.
    Catalogue versions packaged with this release that an existing store lacks are added
    (saved versions are never touched).
    """
    from tilsynwidgets.store.catalogues import insert_packaged

    try:
        with engine.connect() as conn:
            conn.execution_options(**{WRITE_OPTION: True})
            with conn.begin():
                if conn.dialect.name == "postgresql":
                    conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _UPGRADE_LOCK})
                before = _status(conn)
                _migrate(conn, before, now)
                if app_role is not None:
                    _grant(conn, app_role)
                # A new store gets the packaged catalogue when the workshop first needs it.
                added = [] if before.state is SchemaState.EMPTY else insert_packaged(conn, now)
    except (SchemaMismatchError, StoreError):
        raise
    except DBAPIError as exc:
        raise StoreError(
            f"Lageret kunne ikke opgraderes; intet er ændret. {explain(exc, engine.url)} "
            "Opgradér som ejeren af tabellerne."
        ) from exc
    return UpgradeResult(before=before, after=head_revision(), packaged_added=tuple(added))


def _migrate(conn: Connection, status: SchemaStatus, now: datetime) -> None:
    from alembic import command

    if status.state is SchemaState.AHEAD:
        raise SchemaMismatchError(
            f"Lageret har skemaets version {status.revision}, som denne udgave ikke kender "
            "(det er opgraderet af en nyere udgave). Intet er ændret."
        )
    if status.state is SchemaState.CURRENT:
        return
    config = _config(conn, now)
    if status.state is SchemaState.EMPTY:
        schema.metadata.create_all(conn)
        command.stamp(config, "head")
        return
    if status.state is SchemaState.UNVERSIONED:
        missing = {"units", "assessments", "provenance"} - set(inspect(conn).get_table_names())
        if missing:
            raise SchemaMismatchError(
                "Databasen har tabeller, men ikke dem, tilsynwidgets opretter; den opgraderes "
                "ikke. Brug en tom database eller et lager lavet af tilsynwidgets."
            )
        command.stamp(config, BASELINE)
    command.upgrade(config, "head")


def _grant(conn: Connection, role: str) -> None:
    if conn.dialect.name != "postgresql":
        raise StoreError("En rolle til apps'ene kan kun gives på PostgreSQL.")
    exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).first()
    if exists is None:
        raise StoreError(
            f"Rollen '{role}' findes ikke i databasen; opret den først. Intet er ændret."
        )
    owner = conn.execute(
        text(
            "SELECT tableowner = current_user FROM pg_tables "
            "WHERE schemaname = current_schema() AND tablename = 'units'"
        )
    ).scalar_one_or_none()
    if not owner:
        raise StoreError(
            f"Rollen '{role}' kan kun få adgang, når der opgraderes som tabellernes ejer. "
            "Intet er ændret."
        )
    preparer = conn.dialect.identifier_preparer
    quoted = preparer.quote(role)
    where = preparer.quote(conn.execute(text("SELECT current_schema()")).scalar_one())
    try:
        conn.execute(text(f"GRANT USAGE ON SCHEMA {where} TO {quoted}"))
        conn.execute(text(f"GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA {where} TO {quoted}"))
        conn.execute(text(f"REVOKE INSERT ON {where}.{_VERSION_TABLE} FROM {quoted}"))
        conn.execute(text(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {where} TO {quoted}"))
        for table, rights in _CHANGEABLE.items():
            conn.execute(text(f"GRANT {rights} ON {where}.{table} TO {quoted}"))
    except ProgrammingError as exc:
        raise StoreError(
            f"Rollen '{role}' kunne ikke få adgang til tabellerne; opgradér som tabellernes ejer. "
            "Intet er ændret."
        ) from exc
