"""Read a portfolio of units from a CSV or Excel file: the public entry points."""

from __future__ import annotations

import os
from pathlib import Path, PurePath, PureWindowsPath
from typing import TextIO

from tilsynwidgets.domain.core.errors import DataFileError, Problem
from tilsynwidgets.domain.core.signals import SignalCatalogue
from tilsynwidgets.domain.core.units import Unit
from tilsynwidgets.importing._columns import match_header
from tilsynwidgets.importing._rows import units_from_table
from tilsynwidgets.importing._tables import (
    Table,
    csv_table,
    danish_count,
    decode_csv,
    excel_table,
    read_bytes,
    read_text,
)

__all__ = [
    "PortfolioFileError",
    "read_portfolio",
    "read_portfolio_bytes",
    "read_portfolio_csv",
    "read_portfolio_excel",
]

_CSV_SUFFIXES = frozenset({".csv"})
_EXCEL_SUFFIXES = frozenset({".xlsx"})


def read_portfolio(path: Path, *, signals: SignalCatalogue | None = None) -> list[Unit]:
    """Read the units in a ``.csv`` or ``.xlsx`` file, in file order.

    This function is pure: it reads the file and either returns every unit or raises
    :class:`DataFileError` (a :class:`PortfolioFileError` when rows have problems) with the
    first problems in the file (row as numbered in the spreadsheet, column as headed there,
    reason in Danish) and how many there are in all. It never returns part of a file. A
    caller that stores the units must write them all in one transaction, and only after
    this returns; then a bad file leaves nothing half-written.

    A file over the limits (size, unpacked size, cells, columns, rows: see
    ``docs/import.md``) is refused with a Danish reason before it costs much time or memory.

    The signal columns and their checks come from ``signals`` (by default the packaged
    catalogue); so do those of the other readers.
    """
    path = Path(path)
    return read_portfolio_bytes(read_bytes(path), path.name, signals=signals)


def read_portfolio_bytes(
    content: bytes, filename: str, *, signals: SignalCatalogue | None = None
) -> list[Unit]:
    """Read the units in an uploaded file's ``content``; ``filename`` picks CSV or Excel.

    Same contract as :func:`read_portfolio`; meant for upload widgets, which hold bytes.
    """
    source = PureWindowsPath(filename).name or filename  # some browsers send C:\fakepath\name.csv
    suffix = PurePath(source).suffix.casefold()
    if suffix in _CSV_SUFFIXES:
        return _units(csv_table(decode_csv(content, source), source), source, signals)
    if suffix in _EXCEL_SUFFIXES:
        return _units(excel_table(content, source), source, signals)
    if suffix == ".xls":
        reason = "er i det gamle Excel-format (.xls); gem den som Excel-projektmappe (.xlsx)"
    else:
        shown = f"'{suffix}'" if suffix else "ingen"
        reason = f"har filtypen {shown}; der kan kun indlæses .csv- og .xlsx-filer"
    raise DataFileError(source, [Problem("", reason)])


def read_portfolio_csv(
    source: Path | TextIO, *, name: str | None = None, signals: SignalCatalogue | None = None
) -> list[Unit]:
    """Read the units in a CSV file or an open text stream (``name`` names it in errors).

    A ``str`` is taken as a path, never as CSV text: wrap text in ``io.StringIO``.

    UTF-8 with or without BOM; delimiter ``;``, ``,`` or tab, taken from the header row.
    Same contract as :func:`read_portfolio`.
    """
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        shown = name or path.name
        return _units(csv_table(decode_csv(read_bytes(path), shown), shown), shown, signals)
    shown = name or PurePath(str(getattr(source, "name", "") or "CSV-data")).name
    return _units(csv_table(read_text(source, shown), shown), shown, signals)


def read_portfolio_excel(
    path: Path, sheet: str | None = None, *, signals: SignalCatalogue | None = None
) -> list[Unit]:
    """Read the units in an Excel workbook (``.xlsx``): the first sheet unless ``sheet`` is named.

    Same contract as :func:`read_portfolio`.
    """
    path = Path(path)
    return _units(excel_table(read_bytes(path), path.name, sheet), path.name, signals)


class PortfolioFileError(DataFileError):
    """An import file whose rows or header have problems.

    ``problems`` holds the first of them (at most 50, in file order) and ``total`` counts
    them all; the message lists the ones held and says how many more there are.
    """

    def __init__(self, source: str, problems: list[Problem], total: int) -> None:
        super().__init__(source, problems)
        self.total = max(total, len(self.problems))
        if self.total > len(self.problems):
            lines = "\n".join(f"  - {problem}" for problem in self.problems)
            more = danish_count(self.total - len(self.problems))
            self.args = (
                f"{source} er ugyldig ({danish_count(self.total)} fejl; de første "
                f"{len(self.problems)} vises):\n{lines}\n  … og {more} fejl mere",
            )


def _units(table: Table, source: str, signals: SignalCatalogue | None) -> list[Unit]:
    units, problems = units_from_table(table, match_header(table.header, signals))
    if problems.total:
        raise PortfolioFileError(source, problems.first, problems.total)
    return units
