"""Domain tables as people read them: Danish headers, labels for codes, Danish numbers.

The domain's tables are indexed by codes (``syd``, ``plejefamilie_almen``, ``roed``) and hold
raw numbers. :data:`TABLES` says, once per table, what each index level and column is called
and what kind of value it holds; :func:`for_people` turns a domain frame into a frame of
Danish text for a screen or a report (:func:`table_html` draws it), and
:func:`for_workbook` into a frame with the same headers and labels whose numbers stay numbers,
so a spreadsheet can still add them up.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from html import escape
from typing import Any, Literal

import pandas as pd

from tilsynwidgets.domain.core.categories import RiskCategory
from tilsynwidgets.domain.core.danish_numbers import (
    UNKNOWN,
    danish_count,
    danish_decimal,
    danish_percent,
)
from tilsynwidgets.domain.core.kinds import UnitKind
from tilsynwidgets.domain.core.local_time import format_stamp
from tilsynwidgets.domain.labels import code_labels, label_of, labels

__all__ = [
    "TABLES",
    "Column",
    "Kind",
    "Table",
    "category_heading",
    "cell_text",
    "for_people",
    "for_workbook",
    "labelled_html",
    "quarter_label",
    "table_html",
]

Kind = Literal[
    "count",  # a whole number: "7.300"
    "decimal",  # one decimal: "23.829,1"
    "share",  # a share shown as percent: "36,4 %"
    "flag",  # "Ja" / "Nej"
    "text",  # shown as it is
    "time",  # a date or time in Danish: "1. marts 2025"
    "date",  # a day in Danish, never with a time: "1. marts 2025"
    "socialtilsyn",  # codes → labels
    "unit_type",
    "unit_kind",
    "category",
    "quarter",
    "direction",
]

_NUMBERS: frozenset[Kind] = frozenset({"count", "decimal", "share"})
_EXCEL_FORMATS: Mapping[Kind, str] = {"count": "#,##0", "decimal": "#,##0.0", "share": "0.0%"}
_DIRECTIONS = {"op": "Op", "ned": "Ned"}
NO_CATEGORY = "ingen"


@dataclass(frozen=True)
class Column:
    """One column as people see it: its Danish header and the kind of its values."""

    header: str
    kind: Kind = "count"


@dataclass(frozen=True)
class Table:
    """How one domain table is shown.

    ``rows`` names the index levels that become leading (row-header) columns, ``columns``
    the frame's columns in the order shown; anything not named is left out. When the frame's
    columns are themselves codes (colours, quarters), ``coded_columns`` says of what kind,
    and ``cells`` the kind of their values.
    """

    rows: Mapping[str, Column]
    columns: Mapping[str, Column] = field(default_factory=dict)
    coded_columns: Kind | None = None
    cells: Kind = "count"


_SOCIALTILSYN = {"socialtilsyn": Column("Socialtilsyn", "socialtilsyn")}
_BY_COLOUR_OF = {
    "socialtilsyn": Table(_SOCIALTILSYN, coded_columns="category"),
    "unit_type": Table({"unit_type": Column("Type", "unit_type")}, coded_columns="category"),
    "team": Table({"team": Column("Team", "text")}, coded_columns="category"),
}

TABLES: Mapping[str, Table] = {
    "distribution_socialtilsyn": _BY_COLOUR_OF["socialtilsyn"],
    "distribution_unit_type": _BY_COLOUR_OF["unit_type"],
    "distribution_team": _BY_COLOUR_OF["team"],
    "by_quarter": Table({"kvartal": Column("Kvartal", "quarter")}, coded_columns="category"),
    "transitions": Table({"prae": Column("Præ ↓ · post →", "category")}, coded_columns="category"),
    "moved": Table(
        {},
        {
            "unit_id": Column("Enhed (id)", "text"),
            "prae": Column("Præ", "category"),
            "post": Column("Post", "category"),
            "prae_at": Column("Præ vurderet", "time"),
            "post_at": Column("Post vurderet", "time"),
            "direction": Column("Retning", "direction"),
        },
    ),
    "unannounced": Table(
        _SOCIALTILSYN,
        {
            "units": Column("Enheder"),
            "announced": Column("Anmeldte besøg"),
            "unannounced": Column("Uanmeldte besøg"),
            "total": Column("Besøg i alt"),
            "share": Column("Andel uanmeldte", "share"),
        },
    ),
    "upcoming": Table(_SOCIALTILSYN, coded_columns="quarter", cells="decimal"),
    "support": Table(
        {
            "socialtilsyn": Column("Socialtilsyn", "socialtilsyn"),
            "category": Column("Risikokategori", "category"),
        },
        {
            "title": Column("Tiltag", "text"),
            "units": Column("Enheder"),
            "in_place": Column("På plads"),
            "missing": Column("Mangler"),
        },
    ),
    "resources": Table(
        {
            "socialtilsyn": Column("Socialtilsyn", "socialtilsyn"),
            "kvartal": Column("Kvartal", "quarter"),
        },
        {
            "required": Column("Timer krævet", "decimal"),
            "intensified": Column("Heraf rød og gul", "decimal"),
            "capacity": Column("Kapacitet", "decimal"),
            "gap": Column("Difference", "decimal"),
            "intensified_uncovered": Column("Udækket intensiveret", "decimal"),
            "intensified_short": Column("Mangler timer", "flag"),
        },
    ),
    "automatism": Table(
        {"team": Column("Team", "text")},
        {
            "plans": Column("Planer"),
            "unchanged": Column("Lig skabelonen"),
            "share": Column("Andel lig skabelonen", "share"),
        },
    ),
    "overdue": Table(
        {"id": Column("Id", "text")},  # the id names the row (and is never wrapped)
        {
            "name": Column("Navn", "text"),
            "socialtilsyn": Column("Socialtilsyn", "socialtilsyn"),
            "team": Column("Team", "text"),
            "due": Column("Frist for besøg", "date"),
            "days_overdue": Column("Dage over fristen"),
            "last_visit": Column("Seneste besøg", "date"),
        },
    ),
    "units": Table(
        {},
        {
            "id": Column("Id", "text"),
            "name": Column("Navn", "text"),
            "kind": Column("Art", "unit_kind"),
            "unit_type": Column("Type", "unit_type"),
            "socialtilsyn": Column("Socialtilsyn", "socialtilsyn"),
            "team": Column("Team", "text"),
            "category": Column("Risikokategori", "category"),
        },
    ),
}


def category_heading(code: str) -> str:
    """``"roed"`` → ``"▲ Rød"`` (symbol and word); ``"ingen"`` → ``"Ingen vurdering"``."""
    if code == NO_CATEGORY:
        return "Ingen vurdering"
    style = labels().category(RiskCategory(code))
    return f"{style.symbol} {style.label}"


def quarter_label(code: str) -> str:
    """``"2026K4"`` → ``"4. kvt. 2026"``."""
    year, _, quarter = str(code).partition("K")
    return f"{quarter}. kvt. {year}" if year.isdigit() and quarter.isdigit() else str(code)


def _missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def _label(kind: Kind, value: Any) -> str:
    code = str(value)
    if kind == "category":
        return category_heading(code)
    if kind == "quarter":
        return quarter_label(code)
    if kind == "direction":
        return _DIRECTIONS.get(code, code)
    if kind == "unit_kind":
        return label_of(UnitKind(code))
    if kind in ("socialtilsyn", "unit_type"):
        return code_labels(kind).get(code, code)
    return code


def cell_text(kind: Kind, value: Any) -> str:
    """One value as people read it; missing → ``"–"``."""
    if _missing(value):
        return UNKNOWN
    if kind == "count":
        return danish_count(round(float(value)))
    if kind == "decimal":
        return danish_decimal(float(value), 1)
    if kind == "share":
        return danish_percent(float(value), 1)
    if kind == "flag":
        return "Ja" if bool(value) else "Nej"
    if kind == "time":
        return format_stamp(value) if isinstance(value, date) else str(value)
    if kind == "date":
        return format_stamp(_day(value))
    return _label(kind, value)


def _day(value: Any) -> date:
    """A date, datetime or timestamp as its day."""
    return value.date() if isinstance(value, datetime) else pd.Timestamp(value).date()


def _workbook_value(kind: Kind, value: Any) -> Any:
    if _missing(value):
        return None
    if kind == "count":
        return round(float(value))
    if kind in ("decimal", "share"):
        return float(value)
    if kind == "time":
        return value.to_pydatetime() if isinstance(value, pd.Timestamp) else value
    if kind == "date":
        return _day(value)
    return cell_text(kind, value)


def _layout(frame: pd.DataFrame, table: Table) -> list[tuple[str, Column, pd.Series]]:
    """(header, column, values) for each shown column: index levels first."""
    flat = frame.reset_index() if table.rows else frame.reset_index(drop=True)
    shown = [(column.header, column, flat[level]) for level, column in table.rows.items()]
    if table.coded_columns is not None:
        kind = table.coded_columns
        for code in frame.columns:
            header = _label(kind, code)
            shown.append((header, Column(header, table.cells), flat[code]))
    shown += [(c.header, c, flat[name]) for name, c in table.columns.items()]
    return shown


def for_people(frame: pd.DataFrame, table: Table) -> pd.DataFrame:
    """The frame as Danish text, one column per shown column, with a plain range index.

    ``attrs["row_headers"]`` is how many leading columns name the row, ``attrs["numeric"]``
    the headers of number columns (drawn right-aligned).
    """
    shown = _layout(frame, table)
    people = pd.DataFrame(
        {header: [cell_text(c.kind, v) for v in values] for header, c, values in shown},
        columns=[header for header, _, _ in shown],
        dtype=object,
    )
    people.attrs["row_headers"] = len(table.rows)
    people.attrs["numeric"] = [header for header, c, _ in shown if c.kind in _NUMBERS]
    return people


def for_workbook(frame: pd.DataFrame, table: Table) -> pd.DataFrame:
    """Danish headers and labels like :func:`for_people`, but numbers stay numbers (missing:
    an empty cell) and ``attrs["number_formats"]`` holds each number column's Excel format."""
    shown = _layout(frame, table)
    book = pd.DataFrame(
        {header: [_workbook_value(c.kind, v) for v in values] for header, c, values in shown},
        columns=[header for header, _, _ in shown],
        dtype=object,
    )
    for header, c, _ in shown:
        if c.kind == "time":
            book[header] = pd.to_datetime(book[header], utc=True)
    book.attrs["number_formats"] = {
        header: _EXCEL_FORMATS[c.kind] for header, c, _ in shown if c.kind in _EXCEL_FORMATS
    }
    return book


_STYLE = (
    "<style>.tw-labelled{border-collapse:collapse;margin:4px 0 12px}"
    ".tw-labelled th,.tw-labelled td{padding:2px 10px;border-bottom:1px solid #ddd;"
    "text-align:left;vertical-align:top}"
    ".tw-labelled tbody th{min-width:6em}"
    ".tw-labelled thead th{border-bottom:2px solid #999}"
    ".tw-labelled .tw-num{text-align:right}.tw-labelled td.tw-num{white-space:nowrap}"
    ".tw-labelled caption{text-align:left;color:#555}</style>"
)


def table_html(people: pd.DataFrame, caption: str = "") -> str:
    """A frame made by :func:`for_people` as an HTML table (every text escaped): one header
    row, the row-naming columns as row headers, numbers right-aligned."""
    row_headers = int(people.attrs.get("row_headers", 0))
    numeric = set(people.attrs.get("numeric", []))

    def attrs(header: str) -> str:
        return ' class="tw-num"' if header in numeric else ""

    head = "".join(f'<th scope="col"{attrs(h)}>{escape(str(h))}</th>' for h in people.columns)
    body = []
    for row in people.itertuples(index=False):
        cells = []
        for position, (header, value) in enumerate(zip(people.columns, row, strict=True)):
            tag = "th" if position < row_headers else "td"
            scope = ' scope="row"' if tag == "th" else ""
            cells.append(f"<{tag}{scope}{attrs(header)}>{escape(str(value))}</{tag}>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    title = f"<caption>{escape(caption)}</caption>" if caption else ""
    return (
        f'{_STYLE}<table class="tw-table tw-labelled">{title}<thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def labelled_html(frame: pd.DataFrame, table: str, caption: str = "") -> str:
    """The domain ``frame`` drawn as the named table of :data:`TABLES`."""
    return table_html(for_people(frame, TABLES[table]), caption)
