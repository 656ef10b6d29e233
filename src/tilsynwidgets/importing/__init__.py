"""Import a portfolio of units (tilbud and plejefamilier) from CSV or Excel files.

The file format and its limits are documented in Danish in ``docs/import.md``. Every
reader is pure: it returns all units of a file or raises
:class:`~tilsynwidgets.domain.core.errors.DataFileError` with the first problems and their total
count, so a caller that writes the units in one transaction after a successful read never
leaves a portfolio half-imported.
"""

from __future__ import annotations

from tilsynwidgets.domain.core.signals import SignalCatalogue
from tilsynwidgets.importing._columns import columns
from tilsynwidgets.importing._portfolio import (
    PortfolioFileError,
    read_portfolio,
    read_portfolio_bytes,
    read_portfolio_csv,
    read_portfolio_excel,
)
from tilsynwidgets.importing._rows import MAX_PROBLEMS_SHOWN
from tilsynwidgets.importing._tables import (
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_ROW_ELEMENTS,
    MAX_ROWS,
    MAX_UNPACKED_BYTES,
    MAX_XML_ELEMENTS,
)

__all__ = [
    "MAX_CELLS",
    "MAX_COLUMNS",
    "MAX_PROBLEMS_SHOWN",
    "MAX_ROWS",
    "MAX_ROW_ELEMENTS",
    "MAX_UNPACKED_BYTES",
    "MAX_XML_ELEMENTS",
    "PortfolioFileError",
    "column_names",
    "read_portfolio",
    "read_portfolio_bytes",
    "read_portfolio_csv",
    "read_portfolio_excel",
]


def column_names(signals: SignalCatalogue | None = None) -> tuple[str, ...]:
    """The headers an import file may use, in documented order (required ones first); the
    signal columns are those of ``signals`` (by default the packaged catalogue)."""
    return tuple(column.name for column in columns(signals))
