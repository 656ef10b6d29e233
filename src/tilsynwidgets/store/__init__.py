"""Persistence: units, the information about them, append-only history and drafts on
SQLite or PostgreSQL.

``Store.open()`` opens the configured database; see ``docs/configuration.md``.
"""

from __future__ import annotations

from tilsynwidgets.store.engine import create_engine_for, normalise_url
from tilsynwidgets.store.errors import (
    DatabaseUrlError,
    DuplicateUnitError,
    StoredRowError,
    StoreError,
    UnknownUnitError,
)
from tilsynwidgets.store.store import Store

__all__ = [
    "DatabaseUrlError",
    "DuplicateUnitError",
    "Store",
    "StoreError",
    "StoredRowError",
    "UnknownUnitError",
    "create_engine_for",
    "normalise_url",
]
