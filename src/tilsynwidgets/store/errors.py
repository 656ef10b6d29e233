"""Errors the store raises, each with a Danish message a user can act on.

Messages may name a unit id (the user's own input) but never a unit's name or any text
written about it, so they are safe to show and to log.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = [
    "NOTHING_SAVED",
    "DatabaseUrlError",
    "DuplicateUnitError",
    "StoreError",
    "StoreNotEmptyError",
    "StoredRowError",
    "UnknownUnitError",
    "id_listing",
]

NOTHING_SAVED = "Intet er gemt."


class StoreError(RuntimeError):
    """Something could not be read from or written to the store; nothing was half-written."""


class DatabaseUrlError(StoreError, ValueError):
    """The database URL is not SQLite or PostgreSQL, or its file cannot be created."""


class DuplicateUnitError(StoreError, ValueError):
    """The same unit id occurs more than once in one batch."""


class StoreNotEmptyError(StoreError):
    """A load meant for an empty store found units there (loaded before, or just now by
    another process); nothing was saved."""


class StoredRowError(StoreError):
    """A stored row no longer validates as its domain model (e.g. after a model change)."""


class UnknownUnitError(StoreError, KeyError):
    """No unit with this id (or these ids) is in the store."""

    def __init__(self, unit_ids: str | list[str], message: str) -> None:
        super().__init__(message)
        self.unit_ids = [unit_ids] if isinstance(unit_ids, str) else list(unit_ids)
        self.message = message

    def __str__(self) -> str:  # KeyError would show the message in quotes
        return self.message


def id_listing(values: Sequence[str], limit: int = 5) -> str:
    """``'A', 'B' og 3 flere``: ids for a message, without flooding it."""
    shown = ", ".join(f"'{value}'" for value in values[:limit])
    rest = len(values) - limit
    return f"{shown} og {rest} flere" if rest > 0 else shown
