"""Read back what people see — the HTML tables of a screen or report, the cells of a sheet —
and compare every cell with the domain's figure. Shared by the presentation, export and
leadership-app tests."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import pandas as pd

from tilsynwidgets.domain.core.categories import RiskCategory
from tilsynwidgets.domain.core.units import Socialtilsyn, UnitType
from tilsynwidgets.domain.labels import code_labels

CATEGORY = {"roed": "▲ Rød", "gul": "■ Gul", "groen": "● Grøn", "ingen": "Ingen vurdering"}
TILSYN = code_labels("socialtilsyn")
TYPES = code_labels("unit_type")
CODES = (
    {s.value for s in Socialtilsyn}
    | {t.value for t in UnitType}
    | {c.value for c in RiskCategory}
    | {"ingen", "op", "ned", "plejefamilie", "tilbud"}
)
FORBIDDEN = {"nan", "NaN", "None", "True", "False", "NaT", "<NA>", ""}


def quarter(code: str) -> str:
    return f"{code[-1]}. kvt. {code[:4]}"


@dataclass
class Shown:
    caption: str = ""
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)


class _Tables(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tables: list[Shown] = []
        self._where: list[str] = []
        self._text: list[str] | None = None
        self._row: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append(Shown())
        elif tag in ("thead", "tbody"):
            self._where.append(tag)
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th", "caption"):
            self._text = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("thead", "tbody") and self._where:
            self._where.pop()
        elif tag in ("td", "th") and self._text is not None and self._row is not None:
            self._row.append("".join(self._text).strip())
            self._text = None
        elif tag == "caption" and self._text is not None:
            self.tables[-1].caption = "".join(self._text).strip()
            self._text = None
        elif tag == "tr" and self._row is not None and self.tables:
            table = self.tables[-1]
            if self._where and self._where[-1] == "thead":
                table.header = self._row
            else:
                table.rows.append(self._row)
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._text is not None:
            self._text.append(data)


def tables_in(html: str) -> list[Shown]:
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def table_captioned(html: str, caption: str) -> Shown:
    found = [t for t in tables_in(html) if t.caption == caption]
    assert len(found) == 1, f"{caption!r}: {[t.caption for t in tables_in(html)]}"
    return found[0]


def sheet(workbook: Any, name: str) -> Shown:
    header, *rows = workbook[name].iter_rows(values_only=True)
    return Shown(name, [str(h) for h in header], [list(r) for r in rows])


def number(text: str) -> float | bool | str:
    """A cell's Danish text as a value: "7.300" → 7300, "36,4 %" → 0.364, "–" → NaN."""
    if text == "–":
        return math.nan
    if text in ("Ja", "Nej"):
        return text == "Ja"
    match = re.fullmatch(r"(−?[\d.]+(?:,\d+)?)( %)?", text)
    if not match:
        return text
    value = float(match.group(1).replace(".", "").replace(",", ".").replace("−", "-"))
    return value / 100 if match.group(2) else value


def _same(shown: Any, expected: Any, tolerance: float) -> bool:
    if isinstance(expected, bool | str):
        return bool(shown == expected)
    if (
        expected is None
        or expected is pd.NA
        or (isinstance(expected, float) and math.isnan(expected))
    ):
        return shown is None or (isinstance(shown, float) and math.isnan(shown))
    if not isinstance(shown, int | float) or isinstance(shown, bool):
        return False
    return abs(float(shown) - float(expected)) <= tolerance


def assert_shows(
    shown: Shown,
    domain: pd.DataFrame,
    *,
    rows: Sequence[tuple[str, Callable[[Any], str]]],
    columns: Mapping[str, str],
    html: bool,
    tolerance: Mapping[str, float] | None = None,
) -> None:
    """Every row and cell of ``shown`` is the domain's: row labels in the domain's order, the
    column headers, each value (to the precision shown)."""
    tolerance = tolerance or {}
    assert shown.header == [h for h, _ in rows] + list(columns.values()), shown.header
    assert len(shown.rows) == len(domain), (len(shown.rows), len(domain))
    levels = len(rows)
    for cells, (key, values) in zip(shown.rows, domain.iterrows(), strict=True):
        keys = key if isinstance(key, tuple) else (key,)
        assert cells[:levels] == [label(k) for (_, label), k in zip(rows, keys, strict=False)], (
            cells,
            key,
        )
        for position, (code, header) in enumerate(columns.items(), start=levels):
            value = values[code]
            expected = value.item() if hasattr(value, "item") else value
            cell = cells[position]
            got = number(cell) if html or cell in ("Ja", "Nej") else cell
            limit = tolerance.get(code, 0.0)
            assert _same(got, expected, limit), (header, key, cells[position], expected)
    assert_no_raw_cells(shown)


def assert_no_raw_cells(shown: Shown, allowed: Iterable[str] = ()) -> None:
    """No header or cell shows NaN, None, True/False or a code."""
    allowed = set(allowed)
    for value in [*shown.header, *(cell for row in shown.rows for cell in row)]:
        assert not isinstance(value, bool), shown.caption
        if isinstance(value, str) and value not in allowed:
            assert value not in FORBIDDEN, (shown.caption, value)
            assert value not in CODES, (shown.caption, value)
            assert not re.fullmatch(r"\d{4}K\d", value), (shown.caption, value)


# --- what each leadership table shows (its Danish headers), pinned ---------------------------

BY_COLOUR = {"roed": "▲ Rød", "gul": "■ Gul", "groen": "● Grøn", "ingen": "Ingen vurdering"}
UNANNOUNCED = {
    "units": "Enheder",
    "announced": "Anmeldte besøg",
    "unannounced": "Uanmeldte besøg",
    "total": "Besøg i alt",
    "share": "Andel uanmeldte",
}
SUPPORT = {"title": "Tiltag", "units": "Enheder", "in_place": "På plads", "missing": "Mangler"}
RESOURCES = {
    "required": "Timer krævet",
    "intensified": "Heraf rød og gul",
    "capacity": "Kapacitet",
    "gap": "Difference",
    "intensified_uncovered": "Udækket intensiveret",
    "intensified_short": "Mangler timer",
}
AUTOMATISM = {"plans": "Planer", "unchanged": "Lig skabelonen", "share": "Andel lig skabelonen"}


def _text(value: Any) -> str:
    return str(value)


def expectations(frame: pd.DataFrame, table: str) -> dict[str, Any]:
    """``rows``, ``columns`` and the HTML ``tolerance`` of a leadership table."""
    colours = {code: BY_COLOUR.get(code, "") for code in frame.columns}
    one_decimal = 0.05 + 1e-9
    by_table: dict[str, dict[str, Any]] = {
        "distribution_socialtilsyn": {
            "rows": [("Socialtilsyn", TILSYN.__getitem__)],
            "columns": colours,
        },
        "distribution_unit_type": {"rows": [("Type", TYPES.__getitem__)], "columns": colours},
        "distribution_team": {"rows": [("Team", _text)], "columns": colours},
        "by_quarter": {"rows": [("Kvartal", quarter)], "columns": colours},
        "transitions": {"rows": [("Præ ↓ · post →", CATEGORY.__getitem__)], "columns": colours},
        "unannounced": {
            "rows": [("Socialtilsyn", TILSYN.__getitem__)],
            "columns": UNANNOUNCED,
            "tolerance": {"share": 0.0005 + 1e-9},
        },
        "upcoming": {
            "rows": [("Socialtilsyn", TILSYN.__getitem__)],
            "columns": {code: quarter(code) for code in frame.columns},
            "tolerance": dict.fromkeys(frame.columns, one_decimal),
        },
        "support": {
            "rows": [
                ("Socialtilsyn", TILSYN.__getitem__),
                ("Risikokategori", CATEGORY.__getitem__),
            ],
            "columns": SUPPORT,
        },
        "resources": {
            "rows": [("Socialtilsyn", TILSYN.__getitem__), ("Kvartal", quarter)],
            "columns": RESOURCES,
            "tolerance": dict.fromkeys(RESOURCES, one_decimal),
        },
        "automatism": {
            "rows": [("Team", _text)],
            "columns": AUTOMATISM,
            "tolerance": {"share": 0.0005 + 1e-9},
        },
    }
    return by_table[table]


def assert_table(shown: Shown, frame: pd.DataFrame, table: str, *, html: bool = True) -> None:
    """``shown`` is the domain ``frame`` drawn as the leadership table ``table``."""
    expected = expectations(frame, table)
    tolerance = expected.get("tolerance", {}) if html else dict.fromkeys(frame.columns, 1e-9)
    assert_shows(
        shown,
        frame,
        rows=expected["rows"],
        columns=expected["columns"],
        html=html,
        tolerance=tolerance,
    )
