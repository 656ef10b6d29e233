"""Import a portfolio of units (tilbud and plejefamilier), or information about them
(*oplysninger*), from CSV or Excel files.

The file formats and their limits are documented in Danish in ``docs/import.md``. Every
reader is pure: it returns all units (or records) of a file or raises
:class:`~tilsynwidgets.domain.core.errors.DataFileError` with the first problems and their total
count, so a caller that writes them in one transaction after a successful read never
leaves a file half-imported.
"""

from __future__ import annotations

from tilsynwidgets.domain.core.signals import SignalCatalogue
from tilsynwidgets.domain.information.kinds import InformationKinds
from tilsynwidgets.importing._columns import columns
from tilsynwidgets.importing._information import (
    InformationContext,
    information_columns,
    read_information,
    read_information_bytes,
)
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
    "InformationContext",
    "PortfolioFileError",
    "column_names",
    "information_column_names",
    "read_information",
    "read_information_bytes",
    "read_portfolio",
    "read_portfolio_bytes",
    "read_portfolio_csv",
    "read_portfolio_excel",
]


def column_names(signals: SignalCatalogue | None = None) -> tuple[str, ...]:
    """The headers an import file may use, in documented order (required ones first); the
    signal columns are those of ``signals`` (by default the packaged catalogue)."""
    return tuple(column.name for column in columns(signals))


def information_column_names(kinds: InformationKinds | None = None) -> tuple[str, ...]:
    """The headers an information file may use, in documented order (required ones first);
    the value columns are those the kinds a person registers carry (by default the packaged
    kinds)."""
    return tuple(column.name for column in information_columns(kinds))
