"""Versions of the criteria catalogue in the store: saved under a new name, never overwritten.

A version's name is the table's key and the table is append-only in the database itself, so
saving under a taken name is refused rather than replacing what someone else saved, and no
version can be changed or deleted afterwards. The packaged catalogue is stored as the first
version the first time anyone asks (:meth:`CatalogueStore.ensure_packaged`).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Connection, Insert, insert, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError

from tilsynwidgets.domain.catalogue_versions import CatalogueVersion, new_version
from tilsynwidgets.domain.criteria import default_catalogue
from tilsynwidgets.store import schema
from tilsynwidgets.store.errors import NOTHING_SAVED, StoredRowError, StoreError
from tilsynwidgets.store.store import Store

__all__ = [
    "PACKAGED_AUTHOR",
    "PACKAGED_COMMENT",
    "CatalogueStore",
    "VersionNameTakenError",
]

PACKAGED_AUTHOR = "tilsynwidgets (pakket katalog)"
PACKAGED_COMMENT = (
    "Kriteriekataloget, der følger med tilsynwidgets (data/criteria.yaml), gemt som første "
    "version. Tærsklerne er et illustrativt udgangspunkt for metodearbejdet."
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
        """Every stored version, newest first."""
        table = schema.catalogue_versions
        query = select(table.c.name, table.c.model).order_by(
            table.c.saved_at.desc(), table.c.recorded_at.desc(), table.c.name
        )
        with self.store.connection() as conn:
            rows = conn.execute(query).all()
        return [_version(name, model) for name, model in rows]

    def get(self, name: str) -> CatalogueVersion | None:
        """The version with this name, or ``None``."""
        table = schema.catalogue_versions
        query = select(table.c.model).where(table.c.name == name.strip())
        with self.store.connection() as conn:
            model = conn.execute(query).scalar_one_or_none()
        return None if model is None else _version(name, model)

    def ensure_packaged(self, now: datetime) -> bool:
        """Store the packaged catalogue as the first version unless a version exists.

        Idempotent, and safe when several processes start at once: SQLite serialises the
        transactions, and on PostgreSQL only one insert of the name takes effect. Returns
        True when this call stored it.
        """
        packaged = default_catalogue()
        version = new_version(
            packaged,
            name=packaged.version,
            author=PACKAGED_AUTHOR,
            comment=PACKAGED_COMMENT,
            saved_at=now,
        )
        failure = f"Det pakkede kriteriekatalog kunne ikke gemmes. {NOTHING_SAVED}"
        with self.store.transaction(failure) as conn:
            table = schema.catalogue_versions
            if conn.execute(select(table.c.name).limit(1)).first() is not None:
                return False
            inserted = conn.execute(_insert_if_new(conn), _row(version)).first()
            return inserted is not None


def _row(version: CatalogueVersion) -> dict[str, Any]:
    return {
        "name": version.name,
        "author": version.author,
        "comment": version.comment,
        "saved_at": version.saved_at,
        "recorded_at": datetime.now(UTC),
        "based_on": version.based_on,
        "model": version.model_dump(mode="json"),
    }


def _exists(conn: Connection, name: str) -> bool:
    table = schema.catalogue_versions
    return conn.execute(select(table.c.name).where(table.c.name == name)).first() is not None


def _insert_if_new(conn: Connection) -> Insert:
    """INSERT … ON CONFLICT (name) DO NOTHING: a version that exists is left untouched."""
    dialect_insert = postgresql_insert if conn.dialect.name == "postgresql" else sqlite_insert
    table = schema.catalogue_versions
    statement = dialect_insert(table).on_conflict_do_nothing(index_elements=["name"])
    return statement.returning(table.c.name)  # a row only when inserted (rowcount may be -1)


def _version(name: str, model: Any) -> CatalogueVersion:
    try:
        return CatalogueVersion.model_validate(model)
    except ValidationError as exc:
        raise StoredRowError(
            f"Versionen '{name}' af kriteriekataloget kan ikke læses (er datamodellen eller "
            "signalkataloget ændret?)."
        ) from exc
