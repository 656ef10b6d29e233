"""Versions of the criteria catalogue in the store: saved under a new name, never overwritten.

A version's name is the table's key and the table is append-only in the database itself, so
saving under a taken name is refused rather than replacing what someone else saved, and no
version can be changed or deleted afterwards. The catalogue packaged with a release is stored
under its version name when the store is upgraded to that release, or the first time anyone
asks (:meth:`CatalogueStore.ensure_packaged`); a version already stored is never touched.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, insert, select
from sqlalchemy.exc import IntegrityError

from tilsynwidgets.domain.risk.criteria import default_catalogue
from tilsynwidgets.domain.workshop.versions import CatalogueVersion, new_version
from tilsynwidgets.store import schema
from tilsynwidgets.store.errors import NOTHING_SAVED, StoredRowError, StoreError
from tilsynwidgets.store.shapes import current_shape, read_models

if TYPE_CHECKING:  # the store module reads the catalogue in force through this one
    from tilsynwidgets.store.store import Store

__all__ = [
    "PACKAGED_AUTHOR",
    "PACKAGED_COMMENT",
    "CatalogueStore",
    "VersionNameTakenError",
    "insert_packaged",
    "read_version",
]

PACKAGED_AUTHOR = "tilsynwidgets (pakket katalog)"
PACKAGED_COMMENT = (
    "Kriteriekataloget, der følger med denne udgave af tilsynwidgets (data/criteria.yaml). "
    "Tærsklerne er et illustrativt udgangspunkt for metodearbejdet."
)


class VersionNameTakenError(StoreError, ValueError):
    """Another version already has this name (choose a new one); nothing was saved."""

    def __init__(self, name: str) -> None:
        super().__init__(f"Versionen '{name}' findes allerede; vælg et nyt navn. {NOTHING_SAVED}")
        self.name = name


class CatalogueStore:
    """Criteria catalogue versions on a :class:`Store`'s database (its tables and rules)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def save(self, version: CatalogueVersion) -> None:
        """Store ``version`` as a new version; :class:`VersionNameTakenError` when its name is
        taken (the stored version is kept as it was)."""
        try:
            with self.store.transaction(
                f"Versionen '{version.name}' kunne ikke gemmes. {NOTHING_SAVED}"
            ) as conn:
                if _exists(conn, version.name):
                    raise VersionNameTakenError(version.name)
                conn.execute(insert(schema.catalogue_versions), _row(version))
        except VersionNameTakenError:
            raise
        except StoreError as exc:
            # PostgreSQL: someone saved the same name a moment ago (the key refused it).
            if isinstance(exc.__cause__, IntegrityError) and self.get(version.name) is not None:
                raise VersionNameTakenError(version.name) from exc.__cause__
            raise

    def versions(self) -> list[CatalogueVersion]:
        """Every stored version, newest first; one that cannot be read is skipped and
        noted in the store's ``unreadable_rows``."""
        table = schema.catalogue_versions
        query = select(table.c.name, table.c.model_shape, table.c.model).order_by(
            table.c.saved_at.desc(), table.c.recorded_at.desc(), table.c.name
        )
        with self.store.connection() as conn:
            rows = conn.execute(query).all()
        found, problems = read_models(CatalogueVersion, table.name, rows)
        self.store.note_unreadable(problems)
        return found

    def get(self, name: str) -> CatalogueVersion | None:
        """The version with this name, or ``None``; :class:`StoredRowError` (Danish) when
        it is stored but cannot be read."""
        with self.store.connection() as conn:
            return read_version(self.store, conn, name)

    def ensure_packaged(self, now: datetime) -> bool:
        """Store the packaged catalogue under its version name unless that name is stored.

        Idempotent, and safe when several processes start at once: the check and the
        insert are one write transaction (serialised on SQLite), and on PostgreSQL a second
        insert of the name is refused by the key and taken as done. Returns True when this
        call stored it.
        """
        failure = f"Det pakkede kriteriekatalog kunne ikke gemmes. {NOTHING_SAVED}"
        try:
            with self.store.transaction(failure) as conn:
                return bool(insert_packaged(conn, now))
        except StoreError as exc:
            if isinstance(exc.__cause__, IntegrityError) and self.get(default_catalogue().version):
                return False
            raise


def read_version(store: Store, conn: Connection, name: str) -> CatalogueVersion | None:
    """The version with this name read on ``conn``, or ``None``; :class:`StoredRowError`
    (Danish, and noted in the store's ``unreadable_rows``) when it cannot be read."""
    table = schema.catalogue_versions
    query = select(table.c.name, table.c.model_shape, table.c.model).where(
        table.c.name == name.strip()
    )
    found, problems = read_models(CatalogueVersion, table.name, conn.execute(query).all())
    if problems:
        store.note_unreadable(problems)
        raise StoredRowError(
            f"Versionen '{name.strip()}' af kriteriekataloget kan ikke læses: {problems[0].reason}."
        )
    return found[0] if found else None


def insert_packaged(conn: Connection, now: datetime) -> list[str]:
    """Insert each catalogue packaged with this release whose name is not stored yet.

    Runs in the caller's transaction (the store's upgrade, or :meth:`ensure_packaged`).
    Returns the names inserted.
    """
    packaged = default_catalogue()
    if _exists(conn, packaged.version):
        return []
    version = new_version(
        packaged,
        name=packaged.version,
        author=PACKAGED_AUTHOR,
        comment=PACKAGED_COMMENT,
        saved_at=now,
    )
    conn.execute(insert(schema.catalogue_versions), _row(version))
    return [version.name]


def _row(version: CatalogueVersion) -> dict[str, Any]:
    return {
        "name": version.name,
        "author": version.author,
        "comment": version.comment,
        "saved_at": version.saved_at,
        "recorded_at": datetime.now(UTC),
        "based_on": version.based_on,
        "model": version.model_dump(mode="json"),
        "model_shape": current_shape(schema.catalogue_versions.name),
    }


def _exists(conn: Connection, name: str) -> bool:
    table = schema.catalogue_versions
    return conn.execute(select(table.c.name).where(table.c.name == name)).first() is not None
