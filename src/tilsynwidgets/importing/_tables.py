"""Read a CSV or Excel file into a header and numbered rows of raw cells.

Nothing here knows about units: this layer only turns bytes into cells, and any file
that is not a readable table becomes a :class:`DataFileError` naming the file.
"""

from __future__ import annotations

import csv
import io
import warnings
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tilsynwidgets.domain.errors import DataFileError, Problem
from tilsynwidgets.importing._cells import Cell, has_control_character, is_empty

__all__ = ["MAX_ROWS", "Table", "csv_table", "decode_csv", "excel_table", "read_bytes"]

MAX_ROWS = 100_000
"""Most data rows an import file may hold (the design target is 75,000 units)."""

_DELIMITERS = (";", ",", "\t")
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary .xls format
# 75,000 units unpack to about 60 MB of sheet XML; far beyond that is a damaged file or a zip bomb.
_MAX_UNPACKED_BYTES = 500_000_000
# Excel's own limit; reading on past it (say, endless empty rows) would only waste time.
_MAX_ROW_NUMBER = 1_048_576
_DAMAGED = "kan ikke læses som en Excel-fil (.xlsx); filen er beskadiget eller i et andet format"
_SAVE_AS_UTF8 = "gem den i Excel som 'CSV UTF-8 (kommasepareret)'"


@dataclass(frozen=True, slots=True)
class Table:
    """The header row (row 1) and every non-empty row below it with its spreadsheet number.

    ``plain_text`` is true when no cell can hold a control character (checked once for the
    whole CSV text), so rows need not be checked cell by cell.
    """

    header: tuple[Cell, ...]
    rows: list[tuple[int, Sequence[Cell]]]
    plain_text: bool = False


def read_bytes(path: Path) -> bytes:
    """The file's bytes, or a Danish error naming it."""
    try:
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise DataFileError(path.name, [Problem("", "findes ikke")]) from exc
    except IsADirectoryError as exc:
        raise DataFileError(path.name, [Problem("", "er en mappe, ikke en fil")]) from exc
    except PermissionError as exc:
        raise DataFileError(path.name, [Problem("", "kan ikke læses (ingen adgang)")]) from exc
    except OSError as exc:
        raise DataFileError(path.name, [Problem("", "kan ikke læses")]) from exc


def decode_csv(content: bytes, source: str) -> str:
    """CSV text from bytes: UTF-8 with or without BOM; anything else gets a precise reason."""
    if content.startswith(_ZIP):
        reason = "er en Excel-fil (.xlsx) eller et zip-arkiv, ikke en CSV-fil"
        raise DataFileError(source, [Problem("", reason)])
    if content.startswith(_OLE):
        reason = f"er en gammel Excel-fil (.xls), ikke en CSV-fil; {_SAVE_AS_UTF8}"
        raise DataFileError(source, [Problem("", reason)])
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        reason = f"er gemt som UTF-16 ('Unicode-tekst'); {_SAVE_AS_UTF8}"
        raise DataFileError(source, [Problem("", reason)])
    if b"\x00" in content:
        reason = "er ikke en tekstfil og kan derfor ikke være en CSV-fil"
        raise DataFileError(source, [Problem("", reason)])
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = content.count(b"\n", 0, exc.start) + 1
        reason = f"er ikke gemt som UTF-8 (fx æ, ø og å); {_SAVE_AS_UTF8}"
        raise DataFileError(source, [Problem(f"linje {line}", reason)]) from exc


def csv_table(text: str, source: str) -> Table:
    """Split CSV text on the delimiter its header row uses (``;``, ``,`` or tab)."""
    text = text.removeprefix("\ufeff")
    if not text or text.isspace():
        raise DataFileError(source, [Problem("", "er tom")])
    end_of_header = text.find("\n")
    first_line = text if end_of_header < 0 else text[:end_of_header]
    delimiter = max(_DELIMITERS, key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        records = iter(reader)
        header = tuple(next(records))
        rows = _limited(records, source, start=2)
    except csv.Error as exc:
        reason = (
            "kan ikke læses som CSV (fx et anførselstegn uden partner eller en meget lang celle)"
        )
        raise DataFileError(source, [Problem(f"linje {reader.line_num}", reason)]) from exc
    return _checked(Table(header, rows, plain_text=not has_control_character(text)), source)


def excel_table(content: bytes, source: str, sheet: str | None = None) -> Table:
    """The cells of one worksheet (the first unless ``sheet`` names another)."""
    if not content.strip():
        raise DataFileError(source, [Problem("", "er tom")])
    if content.startswith(_OLE):
        reason = "er i det gamle Excel-format (.xls); gem den som Excel-projektmappe (.xlsx)"
        raise DataFileError(source, [Problem("", reason)])
    _check_archive(content, source)
    import openpyxl  # imported here: CSV imports should not pay for loading openpyxl

    try:
        with warnings.catch_warnings():
            # openpyxl warns about styles and extensions it ignores; they do not concern the user.
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds (zip, XML, KeyError, ...) on a bad file
        raise DataFileError(source, [Problem("", _DAMAGED)]) from exc
    try:
        names = [worksheet.title for worksheet in workbook.worksheets]
        if not names:
            raise DataFileError(source, [Problem("", "indeholder ingen regneark")])
        if sheet is None:
            worksheet = workbook.worksheets[0]
        elif sheet in names:
            worksheet = workbook.worksheets[names.index(sheet)]
        else:
            shown = ", ".join(f"'{name}'" for name in names)
            reason = f"har intet ark med navnet '{sheet}' (arkene hedder {shown})"
            raise DataFileError(source, [Problem("", reason)])
        # The stored dimension may be wrong (some programs write A1:A1); read what is there.
        worksheet.reset_dimensions()
        records = (tuple(_excel_cell(cell) for cell in row) for row in worksheet.iter_rows())
        header = next(records, ())
        rows = _limited(records, source, start=2)
    except DataFileError:
        raise
    except Exception as exc:  # a damaged sheet only shows itself while it is read
        raise DataFileError(source, [Problem("", _DAMAGED)]) from exc
    finally:
        workbook.close()
    return _checked(Table(header, rows), source)


def _check_archive(content: bytes, source: str) -> None:
    """An .xlsx file is a zip archive; refuse a broken one, or one that unpacks to too much."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
        raise DataFileError(source, [Problem("", _DAMAGED)]) from exc
    if unpacked > _MAX_UNPACKED_BYTES:
        reason = (
            f"fylder over {_MAX_UNPACKED_BYTES // 1_000_000} MB udpakket; del den op i flere filer"
        )
        raise DataFileError(source, [Problem("", reason)])


def _excel_cell(cell: object) -> Cell:
    """A cell's value as the user sees it: a percentage cell showing 12 % is 12."""
    value = getattr(cell, "value", None)
    if value is None or isinstance(value, str | bool | date):
        return value
    if isinstance(value, int | float):
        number_format = getattr(cell, "number_format", "") or ""
        return round(value * 100, 10) if "%" in number_format else value
    return str(value)  # times and durations: no column expects them, so report them as written


def _limited(
    records: Iterable[Sequence[Cell]], source: str, *, start: int
) -> list[tuple[int, Sequence[Cell]]]:
    """Number the rows as the spreadsheet does, skip empty ones, and stop past MAX_ROWS."""
    rows: list[tuple[int, Sequence[Cell]]] = []
    for number, cells in enumerate(records, start=start):
        if number > _MAX_ROW_NUMBER:
            reason = "har flere rækker, end et regneark kan have (1.048.576)"
            raise DataFileError(source, [Problem("", reason)])
        if all(is_empty(cell) for cell in cells):
            continue
        if len(rows) == MAX_ROWS:
            reason = (
                f"har mere end {MAX_ROWS:,} rækker med enheder".replace(",", ".")
                + "; del den op i flere filer"
            )
            raise DataFileError(source, [Problem("", reason)])
        rows.append((number, cells))
    return rows


def _checked(table: Table, source: str) -> Table:
    if all(is_empty(cell) for cell in table.header):
        if not table.rows:
            raise DataFileError(source, [Problem("", "er tom")])
        reason = "er tom, men skal indeholde kolonneoverskrifterne"
        raise DataFileError(source, [Problem("række 1", reason)])
    if not table.rows:
        raise DataFileError(
            source, [Problem("", "indeholder ingen enheder, kun overskriftsrækken")]
        )
    return table
