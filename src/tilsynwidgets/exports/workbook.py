"""An Excel workbook of what the app shows.

The first sheet, "Om udtrækket", says what the workbook is, how current its data are, where
they came from and whether plejefamilier are pseudonymised. Each frame gets its own sheet
with a bold header row, sized columns and real Excel dates.

Text is always written as text: a cell starting with "=" (or "+", "-", "@") is stored as a
string with Excel's quote prefix, so a hostile name such as ``=cmd|' /C calc'!A0`` is never
evaluated as a formula, not even after the user edits the cell. Text follows the domain's
rule for multi-line text (:func:`~tilsynwidgets.domain.core.fields.clean_text`) on its way in, so
an invisible control character from an older stored row, which an .xlsx cannot hold, is
cleaned away instead of failing the whole export.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any, BinaryIO

import pandas as pd

from tilsynwidgets.domain.core.fields import clean_text
from tilsynwidgets.domain.core.local_time import DANISH_TIME

__all__ = ["INFO_SHEET", "sheet_names", "workbook_bytes", "write_workbook"]

INFO_SHEET = "Om udtrækket"
_MAX_SHEET_NAME = 31
_FORBIDDEN = re.compile(r"[\[\]:*?/\\\x00-\x1f]")
_RISKY_START = ("=", "+", "-", "@", "\t", "\r")
_DATE_FORMAT = "dd-mm-yyyy"
_DATETIME_FORMAT = "dd-mm-yyyy hh:mm"
_MIN_WIDTH, _MAX_WIDTH = 8, 60
_WIDTH_SAMPLE = 2000


def _excel_text(value: Any) -> Any:
    """Text as a cell can hold it (other values as they are)."""
    return clean_text(value, multiline=True) if isinstance(value, str) else value


def _sanitise(name: str) -> str:
    """A valid sheet name: no forbidden characters, no edge apostrophes, at most 31 chars."""
    cleaned = _FORBIDDEN.sub(" ", clean_text(str(name), multiline=False))
    cleaned = re.sub(r"\s+", " ", cleaned).strip().strip("'").strip()
    cleaned = cleaned[:_MAX_SHEET_NAME].rstrip().rstrip("'").rstrip()
    if not cleaned:
        cleaned = "Ark"
    if cleaned.casefold() == "history":  # reserved by Excel
        cleaned = "History data"
    return cleaned


def sheet_names(names: list[str]) -> list[str]:
    """Sanitised, unique (ignoring case) sheet names for ``names``, never "Om udtrækket"."""
    taken = {INFO_SHEET.casefold()}
    result = []
    for name in names:
        base = _sanitise(name)
        candidate, number = base, 2
        while candidate.casefold() in taken:
            suffix = f" ({number})"
            candidate = base[: _MAX_SHEET_NAME - len(suffix)].rstrip() + suffix
            number += 1
        taken.add(candidate.casefold())
        result.append(candidate)
    return result


def _local_naive(value: datetime) -> datetime:
    if value.tzinfo is None:
        return value
    return value.astimezone(DANISH_TIME).replace(tzinfo=None)


def _excel_ready(frame: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, str]]:
    """The frame to write (index kept when it carries data, time zones made local, text as
    a cell can hold it) and the number format of each date column."""
    if not isinstance(frame.index, pd.RangeIndex) or frame.index.name is not None:
        frame = frame.reset_index()
    frame = frame.copy()
    frame.columns = [_excel_text(str(c)) for c in frame.columns]
    formats: dict[str, str] = {}
    for column in frame.columns:
        series = frame[column]
        if series.dtype == object or isinstance(series.dtype, pd.StringDtype | pd.CategoricalDtype):
            series = series.map(_excel_text)
            frame[column] = series
        if isinstance(series.dtype, pd.DatetimeTZDtype):
            series = series.dt.tz_convert(DANISH_TIME).dt.tz_localize(None)
            frame[column] = series
        if pd.api.types.is_datetime64_any_dtype(series.dtype):
            present = series.dropna()
            whole_days = bool((present == present.dt.normalize()).all())
            formats[column] = _DATE_FORMAT if whole_days else _DATETIME_FORMAT
        elif series.dtype == object:
            values = series.dropna()
            if len(values) and all(isinstance(v, date) for v in values):
                if any(isinstance(v, datetime) for v in values):
                    frame[column] = series.map(
                        lambda v: _local_naive(v) if isinstance(v, datetime) else v
                    )
                    formats[column] = _DATETIME_FORMAT
                else:
                    formats[column] = _DATE_FORMAT
    return frame, formats


def _as_text(cell: Any, text: str) -> None:
    """Write ``text`` as a string cell, never as a formula."""
    text = _excel_text(text)
    cell.value = text
    cell.data_type = "s"
    if text.startswith(_RISKY_START):
        cell.quotePrefix = True


def _guard_text(sheet: Any) -> None:
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and (
                cell.data_type == "f" or cell.value.startswith(_RISKY_START)
            ):
                _as_text(cell, cell.value)


def _display_width(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime):
        return 16
    if isinstance(value, date):
        return 10
    return max((len(line) for line in str(value).splitlines()), default=0)


def _finish_sheet(
    sheet: Any, frame: pd.DataFrame, formats: Mapping[str, str], numbers: Mapping[str, str]
) -> None:
    # openpyxl is imported where a workbook is written: an app's kernel loads it only when
    # someone exports (8 MB per kernel otherwise; docs/decisions.md).
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    for index, column in enumerate(frame.columns, start=1):
        header = sheet.cell(row=1, column=index)
        header.font = bold
        header.alignment = Alignment(horizontal="left", vertical="bottom")
        letter = get_column_letter(index)
        number_format = formats.get(column)
        numeric_format = numbers.get(column)
        cells = sheet.iter_rows(min_row=2, min_col=index, max_col=index)
        widths = [len(str(column))]
        for row_number, (cell,) in enumerate(cells):
            if number_format:
                if cell.value == "":  # a missing date (NaT) written as empty text
                    cell.value = None
                elif cell.value is not None:
                    cell.number_format = number_format
            elif numeric_format and isinstance(cell.value, int | float):
                cell.number_format = numeric_format
            if row_number < _WIDTH_SAMPLE:
                widths.append(_display_width(cell.value))
        width = min(max(max(widths) + 2, _MIN_WIDTH), _MAX_WIDTH)
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    if len(frame.columns):
        sheet.auto_filter.ref = sheet.dimensions


def _format_time(value: date) -> str:
    if isinstance(value, datetime):
        return _local_naive(value).strftime("%d-%m-%Y %H:%M")
    return value.strftime("%d-%m-%Y")


def _write_info(
    book: Any,
    *,
    title: str,
    data_as_of: date,
    source: str,
    pseudonymised: bool,
    created_at: datetime,
    sheets: list[str],
    privacy: tuple[str, str] | None,
    details: Sequence[tuple[str, Any]],
) -> None:
    sheet = book.create_sheet(INFO_SHEET, 0)
    status = (
        "Ja – plejefamilier vises med pseudonym i stedet for navn og id"
        if pseudonymised
        else "Nej – udtrækket indeholder plejefamiliers navne og id (personoplysninger)"
    )
    rows: list[tuple[str, Any]] = [
        ("Titel", title),
        ("Data pr.", data_as_of),
        ("Datakilde", source),
        *details,
        privacy or ("Plejefamilier pseudonymiseret", status),
        ("Udtrækket dannet", created_at),
        ("Ark", ", ".join(sheets) if sheets else "(ingen)"),
    ]
    from openpyxl.styles import Alignment, Font

    bold = Font(bold=True)
    for number, (label, value) in enumerate(rows, start=1):
        label_cell = sheet.cell(row=number, column=1)
        _as_text(label_cell, label)
        label_cell.font = bold
        value_cell = sheet.cell(row=number, column=2)
        if isinstance(value, date):
            stamp = _local_naive(value) if isinstance(value, datetime) else value
            value_cell.value = stamp
            value_cell.number_format = (
                _DATETIME_FORMAT if isinstance(value, datetime) else _DATE_FORMAT
            )
            value_cell.alignment = Alignment(horizontal="left")
        else:
            _as_text(value_cell, str(value))
    sheet.column_dimensions["A"].width = 32
    sheet.column_dimensions["B"].width = min(
        max(_display_width(value) for _, value in rows) + 2, 100
    )


def write_workbook(
    sheets: Mapping[str, pd.DataFrame],
    path_or_buffer: str | os.PathLike[str] | BinaryIO,
    *,
    title: str,
    data_as_of: date,
    source: str,
    pseudonymised: bool,
    created_at: datetime | None = None,
    privacy: tuple[str, str] | None = None,
    details: Sequence[tuple[str, Any]] = (),
) -> None:
    """Write an .xlsx: "Om udtrækket" first, then one sheet per frame in the given order.

    ``privacy`` (label, text) replaces the row on plejefamilier's pseudonyms for an export
    about other people (e.g. the participants of a training session). ``details`` (label,
    value) add rows to the first sheet, e.g. the filters and who made the workbook.
    A frame's ``attrs["number_formats"]`` (header → Excel format) formats its number cells.

    Sheet names are sanitised (Excel's forbidden characters removed, at most 31 characters,
    unique). A frame whose index carries data (not a plain range) gets it as leading
    columns. Dates become Excel dates; time-zone-aware times are shown in Danish time.
    ``created_at`` defaults to now.
    """
    created = created_at if created_at is not None else datetime.now(DANISH_TIME)
    names = sheet_names(list(sheets))
    with pd.ExcelWriter(path_or_buffer, engine="openpyxl") as writer:
        prepared = []
        for name, frame in zip(names, sheets.values(), strict=True):
            numbers = dict(frame.attrs.get("number_formats", {}))
            ready, formats = _excel_ready(frame)
            ready.to_excel(writer, sheet_name=name, index=False)
            prepared.append((name, ready, formats, numbers))
        book = writer.book
        for name, ready, formats, numbers in prepared:
            sheet = book[name]
            _guard_text(sheet)
            _finish_sheet(sheet, ready, formats, numbers)
        _write_info(
            book,
            title=title,
            data_as_of=data_as_of,
            source=source,
            pseudonymised=pseudonymised,
            created_at=created,
            sheets=names,
            privacy=privacy,
            details=details,
        )
        book.active = 0


def workbook_bytes(
    sheets: Mapping[str, pd.DataFrame],
    *,
    title: str,
    data_as_of: date,
    source: str,
    pseudonymised: bool,
    created_at: datetime | None = None,
    privacy: tuple[str, str] | None = None,
    details: Sequence[tuple[str, Any]] = (),
) -> bytes:
    """The workbook of :func:`write_workbook` as bytes, for a download button."""
    buffer = io.BytesIO()
    write_workbook(
        sheets,
        buffer,
        title=title,
        data_as_of=data_as_of,
        source=source,
        pseudonymised=pseudonymised,
        created_at=created_at,
        privacy=privacy,
        details=details,
    )
    return buffer.getvalue()
