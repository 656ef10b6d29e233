"""Read a CSV or Excel file into a header and numbered rows of raw cells, within limits.

Nothing here knows about units: this layer only turns bytes into cells, and any file
that is not a readable table becomes a :class:`DataFileError` naming the file.

A small file can ask for a great deal of work: an .xlsx is a zip archive whose XML may
unpack a thousand times over, and openpyxl builds every cell of a row before it hands the
row on. So the limits are checked before the expensive step they guard, and every one is
sized from what a real portfolio of :data:`MAX_ROWS` units needs (see ``docs/import.md``):

- the file's size, and the archive's unpacked size (from its directory, which zipfile
  enforces while unpacking), before anything is parsed;
- the XML elements in the archive, in all and between two rows, counted in one streaming
  pass over the unpacked bytes before openpyxl parses them;
- the columns of each row and the cells of the whole file, counted while rows stream in
  (a CSV record is checked while its lines are read, before the csv module splits it).
"""

from __future__ import annotations

import csv
import io
import os
import re
import warnings
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import chain, pairwise
from pathlib import Path
from typing import IO, Any

from tilsynwidgets.domain.core.danish_numbers import danish_count
from tilsynwidgets.domain.core.errors import DataFileError, Problem
from tilsynwidgets.importing._cells import Cell, has_control_character, is_empty

__all__ = [
    "MAX_CELLS",
    "MAX_COLUMNS",
    "MAX_ROWS",
    "MAX_ROW_ELEMENTS",
    "MAX_UNPACKED_BYTES",
    "MAX_XML_ELEMENTS",
    "Table",
    "csv_table",
    "danish_count",
    "decode_csv",
    "excel_table",
    "read_bytes",
    "read_text",
]

MAX_ROWS = 100_000
"""Most data rows an import file may hold (the design target is 75,000 units)."""
MAX_COLUMNS = 200
"""Most columns a row may reach: about ten times the 21 known columns."""
MAX_CELLS = 3_000_000
"""Most cells (empty ones too) in a file: 100,000 rows of 30 columns. A full file of
100,000 units with every known column takes 2.1 million."""
MAX_UNPACKED_BYTES = 150_000_000
"""Most bytes a CSV file, or an .xlsx file once unpacked, may hold. 100,000 units written
by openpyxl unpack to 73 MB, and to 112 MB with every cell filled and every text at its
longest; as CSV they take 15 and 37 MB."""
MAX_XML_ELEMENTS = 10_000_000
"""Most XML elements in an .xlsx archive. A full file of 100,000 units takes 4.8 million as
openpyxl writes it, about 5 million as Excel does, and 8.4 million if every cell held a
different text."""
MAX_ROW_ELEMENTS = 50_000
"""Most XML elements in one row of a sheet (or between two rows, in one shared string, or
in a part without rows such as the styles). A row of 200 columns of text takes about 600."""

_DELIMITERS = (";", ",", "\t")
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary .xls format
# Excel's own limit; reading on past it (say, endless empty rows) would only waste time.
_MAX_ROW_NUMBER = 1_048_576
_NEWLINE = re.compile(r"\r\n?|\n")
_BLANK = re.compile(r"\ufeff?\s*\Z")
_CHUNK = 1 << 20
# A row of a sheet or an entry of the shared strings, with or without a namespace prefix.
_RECORD_START = re.compile(rb"<(?:[A-Za-z_][\w.\-]{0,30}:)?(?:row|si)[\s/>]")
# A tag is never split from its name by more than this; see _MarkupCounter.feed.
_TAG_LOOKAHEAD = 64
_DAMAGED = "kan ikke læses som en Excel-fil (.xlsx); filen er beskadiget eller i et andet format"
_SAVE_AS_UTF8 = "gem den i Excel som 'CSV UTF-8 (kommasepareret)'"
_SPLIT_UP = "del den op i flere filer"


@dataclass(frozen=True, slots=True)
class Table:
    """The header row (row 1) and every non-empty row below it with its spreadsheet number.

    ``rows`` streams: it is read once, and the limits on rows, columns and cells are
    checked as it is read (a :class:`DataFileError` may come from iterating it).
    ``plain_text`` is true when no cell can hold a control character (checked once for the
    whole CSV text), so rows need not be checked cell by cell.
    """

    header: tuple[Cell, ...]
    rows: Iterator[tuple[int, Sequence[Cell]]]
    plain_text: bool = False


def _refuse(source: str, reason: str, where: str = "") -> DataFileError:
    return DataFileError(source, [Problem(where, reason)])


def _too_big(source: str) -> DataFileError:
    limit = danish_count(MAX_UNPACKED_BYTES // 1_000_000)
    return _refuse(source, f"fylder over {limit} MB; {_SPLIT_UP}")


def read_bytes(path: Path) -> bytes:
    """The file's bytes, or a Danish error naming it; never more than the size limit.

    A regular file too big is refused by its size, unread. A device or pipe (``/dev/zero``,
    say) has no size to go by: it is read until it ends or passes the limit.
    """
    try:
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_UNPACKED_BYTES:
                raise _too_big(path.name)
            content = handle.read() if size else _read_until_limit(handle, path.name)
    except FileNotFoundError as exc:
        raise _refuse(path.name, "findes ikke") from exc
    except IsADirectoryError as exc:
        raise _refuse(path.name, "er en mappe, ikke en fil") from exc
    except PermissionError as exc:
        raise _refuse(path.name, "kan ikke læses (ingen adgang)") from exc
    except OSError as exc:
        raise _refuse(path.name, "kan ikke læses") from exc
    if len(content) > MAX_UNPACKED_BYTES:  # it grew while it was read
        raise _too_big(path.name)
    return content


def _read_until_limit(handle: IO[bytes], source: str) -> bytes:
    chunks: list[bytes] = []
    read = 0
    while chunk := handle.read(_CHUNK):
        read += len(chunk)
        if read > MAX_UNPACKED_BYTES:
            raise _too_big(source)
        chunks.append(chunk)
    return b"".join(chunks)


def read_text(stream: IO[str], source: str) -> str:
    """An open text stream's text, never more than the size limit."""
    text = stream.read(MAX_UNPACKED_BYTES + 1)
    if len(text) > MAX_UNPACKED_BYTES:
        raise _too_big(source)
    return text


def decode_csv(content: bytes, source: str) -> str:
    """CSV text from bytes: UTF-8 with or without BOM; anything else gets a precise reason."""
    if len(content) > MAX_UNPACKED_BYTES:
        raise _too_big(source)
    if content.startswith(_ZIP):
        raise _refuse(source, "er en Excel-fil (.xlsx) eller et zip-arkiv, ikke en CSV-fil")
    if content.startswith(_OLE):
        raise _refuse(source, f"er en gammel Excel-fil (.xls), ikke en CSV-fil; {_SAVE_AS_UTF8}")
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _refuse(source, f"er gemt som UTF-16 ('Unicode-tekst'); {_SAVE_AS_UTF8}")
    if b"\x00" in content:
        raise _refuse(source, "er ikke en tekstfil og kan derfor ikke være en CSV-fil")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = content.count(b"\n", 0, exc.start) + 1
        reason = f"er ikke gemt som UTF-8 (fx æ, ø og å); {_SAVE_AS_UTF8}"
        raise _refuse(source, reason, f"linje {line}") from exc


def csv_table(text: str, source: str) -> Table:
    """Split CSV text on the delimiter its header row uses (``;``, ``,`` or tab)."""
    if len(text) > MAX_UNPACKED_BYTES:
        raise _too_big(source)
    if _BLANK.match(text):
        raise _refuse(source, "er tom")
    start = 1 if text.startswith("\ufeff") else 0  # not cut off: that would copy the text
    end_of_header = text.find("\n", start)
    end_of_header = len(text) if end_of_header < 0 else end_of_header
    delimiter = max(_DELIMITERS, key=lambda found: text.count(found, start, end_of_header))
    records = _csv_records(_CountedLines(text, start, delimiter), delimiter, source)
    header = tuple(next(records, ()))
    rows = _limited(records, source, start=2, header_width=len(header))
    return _checked(Table(header, rows, plain_text=not has_control_character(text)), source)


class _WideRecord(Exception):
    """A CSV record whose lines hold more delimiters than a row may have columns."""


class _CountedLines:
    """The lines of CSV text, counting the delimiters of the record being read.

    The csv module builds a whole record before returning it, so a record's width is
    checked here, line by line, before a line is even cut out of the text. Quoted
    delimiters count too, which only errs towards refusing; the exact width is checked
    once the record is split. Lines end as in universal newlines mode (``\\n``,
    ``\\r\\n`` or ``\\r``), as the csv module expects.
    """

    def __init__(self, text: str, start: int, delimiter: str) -> None:
        self._text = text
        self._position = start
        self._delimiter = delimiter
        self.delimiters = 0

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        begin = self._position
        if begin >= len(self._text):
            raise StopIteration
        newline = _NEWLINE.search(self._text, begin)
        end = len(self._text) if newline is None else newline.end()
        self.delimiters += self._text.count(self._delimiter, begin, end)
        if self.delimiters >= MAX_COLUMNS:
            raise _WideRecord
        self._position = end
        return self._text[begin:end]


def _csv_records(lines: _CountedLines, delimiter: str, source: str) -> Iterator[list[str]]:
    reader = csv.reader(lines, delimiter=delimiter)
    record = 1
    try:
        for fields in reader:
            yield fields
            lines.delimiters = 0
            record += 1
    except _WideRecord:
        reason = f"har mere end {MAX_COLUMNS} kolonner; der må højst være {MAX_COLUMNS}"
        raise _refuse(source, reason, f"række {record}") from None
    except csv.Error as exc:
        reason = (
            "kan ikke læses som CSV (fx et anførselstegn uden partner eller en meget lang celle)"
        )
        raise _refuse(source, reason, f"linje {reader.line_num}") from exc


def excel_table(content: bytes, source: str, sheet: str | None = None) -> Table:
    """The cells of one worksheet (the first unless ``sheet`` names another).

    The workbook stays open while the rows stream, and is closed when they are read (or
    when the caller stops reading them).
    """
    if not content.strip():
        raise _refuse(source, "er tom")
    if content.startswith(_OLE):
        raise _refuse(
            source, "er i det gamle Excel-format (.xls); gem den som Excel-projektmappe (.xlsx)"
        )
    if len(content) > MAX_UNPACKED_BYTES:
        raise _too_big(source)
    _check_archive(content, source)
    import openpyxl  # imported here: CSV imports should not pay for loading openpyxl

    try:
        with warnings.catch_warnings():
            # openpyxl warns about styles and extensions it ignores; they do not concern the user.
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(
                io.BytesIO(content), read_only=True, data_only=True, keep_links=False
            )
    except Exception as exc:  # openpyxl raises many kinds (zip, XML, KeyError, ...) on a bad file
        raise _refuse(source, _DAMAGED) from exc
    try:
        names = [worksheet.title for worksheet in workbook.worksheets]
        if not names:
            raise _refuse(source, "indeholder ingen regneark")
        if sheet is None:
            worksheet = workbook.worksheets[0]
        elif sheet in names:
            worksheet = workbook.worksheets[names.index(sheet)]
        else:
            shown = ", ".join(f"'{name}'" for name in names)
            raise _refuse(source, f"har intet ark med navnet '{sheet}' (arkene hedder {shown})")
    except BaseException:
        workbook.close()
        raise
    # The stored dimension may be wrong (some programs write A1:A1); read what is there.
    worksheet.reset_dimensions()
    records = _excel_records(workbook, worksheet, source)
    header = next(records, ())
    rows = _limited(records, source, start=2, header_width=len(header))
    return _checked(Table(header, rows), source)


def _excel_records(workbook: Any, worksheet: Any, source: str) -> Iterator[tuple[Cell, ...]]:
    """The sheet's rows as cells; the workbook is closed when they end or are dropped."""
    try:
        for row in worksheet.iter_rows():
            yield tuple(_excel_cell(cell) for cell in row)
    except DataFileError:
        raise
    except Exception as exc:  # a damaged sheet only shows itself while it is read
        raise _refuse(source, _DAMAGED) from exc
    finally:
        workbook.close()


def _check_archive(content: bytes, source: str) -> None:
    """An .xlsx file is a zip archive: refuse a broken one, or one that unpacks to too much."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
            unpacked = sum(member.file_size for member in members)
            if unpacked > MAX_UNPACKED_BYTES:
                limit = danish_count(MAX_UNPACKED_BYTES // 1_000_000)
                raise _refuse(source, f"fylder over {limit} MB udpakket; {_SPLIT_UP}")
            counter = _MarkupCounter(source)
            for member in members:
                if not member.is_dir():
                    with archive.open(member) as part:
                        counter.count(part)
    except DataFileError:
        raise
    except Exception as exc:  # zipfile and zlib raise many kinds (bad CRC, encrypted, ...)
        raise _refuse(source, _DAMAGED) from exc


class _MarkupCounter:
    """Counts the XML elements of an archive's parts as their bytes stream past.

    An element starts with ``<`` not followed by ``/``; comments and declarations count as
    elements too, which only errs towards refusing. Between two record starts (a row, or
    an entry of the shared strings) there may be at most :data:`MAX_ROW_ELEMENTS`: that is
    about what openpyxl holds in memory at once, so it bounds memory whatever the part is.
    A part that cannot be XML (an image, say) is not counted: an XML parser stops at its
    first byte.
    """

    def __init__(self, source: str) -> None:
        self.source = source
        self.total = 0
        self._since_record = 0

    def count(self, part: IO[bytes]) -> None:
        self._since_record = 0
        carry = b""
        first = True
        while chunk := part.read(_CHUNK):
            if first and not _may_be_xml(chunk):
                return
            first = False
            data = carry + chunk
            # A tag may be cut at the chunk's end: keep its start for the next round, unless
            # it is so far back that no record start can have been cut there.
            cut = data.rfind(b"<")
            if cut < 0 or len(data) - cut > _TAG_LOOKAHEAD:
                cut = len(data)
            self._feed(data[:cut])
            carry = data[cut:]
        self._feed(carry)

    def _feed(self, data: bytes) -> None:
        starts = [found.start() for found in _RECORD_START.finditer(data)]
        for index, (begin, end) in enumerate(pairwise([0, *starts, len(data)])):
            if index:
                self._since_record = 0
            elements = data.count(b"<", begin, end) - data.count(b"</", begin, end)
            self._since_record += elements
            self.total += elements
            if self._since_record > MAX_ROW_ELEMENTS:
                reason = (
                    f"har en række eller en del med over {danish_count(MAX_ROW_ELEMENTS)} "
                    "XML-elementer; filen er beskadiget eller ikke gemt af et almindeligt "
                    "regneark"
                )
                raise _refuse(self.source, reason)
        if self.total > MAX_XML_ELEMENTS:
            reason = (
                f"indeholder over {danish_count(MAX_XML_ELEMENTS)} XML-elementer, mere end "
                f"{danish_count(MAX_ROWS)} enheder fylder; {_SPLIT_UP}"
            )
            raise _refuse(self.source, reason)


def _may_be_xml(start: bytes) -> bool:
    """Whether a part beginning with ``start`` could be parsed as XML."""
    if start.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16: counted, conservatively
        return True
    text = start.removeprefix(b"\xef\xbb\xbf").lstrip()
    return not text or text.startswith(b"<")


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
    records: Iterator[Sequence[Cell]],
    source: str,
    *,
    start: int,
    header_width: int,
) -> Iterator[tuple[int, Sequence[Cell]]]:
    """Number the rows as the spreadsheet does and skip empty ones, within the limits.

    Refused, naming the row: a row wider than :data:`MAX_COLUMNS`, more than
    :data:`MAX_CELLS` cells (empty ones too: they cost as much to read), more than
    :data:`MAX_ROWS` non-empty rows, or a row past the last one a spreadsheet can have.
    """
    cells_read = header_width
    rows = 0
    try:
        _check_width(header_width, 1, source)
        for number, cells in enumerate(records, start=start):
            if number > _MAX_ROW_NUMBER:
                reason = (
                    f"har flere rækker, end et regneark kan have ({danish_count(_MAX_ROW_NUMBER)})"
                )
                raise _refuse(source, reason)
            _check_width(len(cells), number, source)
            cells_read += len(cells)
            if cells_read > MAX_CELLS:
                reason = (
                    f"har over {danish_count(MAX_CELLS)} celler (talt til og med række "
                    f"{number}, tomme celler med); {_SPLIT_UP}, eller slet tomme kolonner"
                )
                raise _refuse(source, reason)
            if all(is_empty(cell) for cell in cells):
                continue
            if rows == MAX_ROWS:
                reason = f"har mere end {danish_count(MAX_ROWS)} rækker med enheder; {_SPLIT_UP}"
                raise _refuse(source, reason)
            rows += 1
            yield number, cells
    finally:
        close = getattr(records, "close", None)  # let a workbook close as soon as it can
        if close is not None:
            close()


def _check_width(width: int, number: int, source: str) -> None:
    if width > MAX_COLUMNS:
        reason = f"har mere end {MAX_COLUMNS} kolonner; der må højst være {MAX_COLUMNS}"
        raise _refuse(source, reason, f"række {number}")


def _checked(table: Table, source: str) -> Table:
    """Refuse a table without header or rows; the rows stream on from the first one."""
    first = next(table.rows, None)
    if all(is_empty(cell) for cell in table.header):
        if first is None:
            raise _refuse(source, "er tom")
        raise _refuse(source, "er tom, men skal indeholde kolonneoverskrifterne", "række 1")
    if first is None:
        raise _refuse(source, "indeholder ingen enheder, kun overskriftsrækken")
    return Table(table.header, chain([first], table.rows), table.plain_text)
