"""Import a portfolio of units (tilbud and plejefamilier) from CSV or Excel files.

The file format is documented in Danish in ``docs/import.md``. Every reader is pure: it
returns all units of a file or raises :class:`~tilsynwidgets.domain.errors.DataFileError`
listing every problem, so a caller that writes the units in one transaction after a
successful read never leaves a portfolio half-imported.
"""

from __future__ import annotations

from tilsynwidgets.importing._columns import columns
from tilsynwidgets.importing._portfolio import (
    read_portfolio,
    read_portfolio_bytes,
    read_portfolio_csv,
    read_portfolio_excel,
)
from tilsynwidgets.importing._tables import MAX_ROWS

__all__ = [
    "MAX_ROWS",
    "column_names",
    "read_portfolio",
    "read_portfolio_bytes",
    "read_portfolio_csv",
    "read_portfolio_excel",
]


def column_names() -> tuple[str, ...]:
    """The headers an import file may use, in documented order (required ones first)."""
    return tuple(column.name for column in columns())
