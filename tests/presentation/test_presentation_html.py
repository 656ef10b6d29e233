from __future__ import annotations

import re
from html.parser import HTMLParser

import pandas as pd
import pytest

from tilsynwidgets.domain.core.categories import RiskCategory
from tilsynwidgets.domain.core.danish_numbers import danish_count, danish_decimal, danish_percent
from tilsynwidgets.presentation.html import (
    category_badge,
    colour_bars,
    danish_interval,
)

HOSTILE = "<img src=x onerror=alert(1)>"


def test_badge_carries_symbol_and_label_besides_colour() -> None:
    badge = category_badge(RiskCategory.ROED)
    assert "▲ Rød" in badge
    assert "Høj risikovurdering" in badge
    assert "#C62828" in badge


class _Bars(HTMLParser):
    """Rows of a colour_bars chart: (group, [(category, width %, text)], total text)."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[tuple[str, list[tuple[str, float, str]], str]] = []
        self._into: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        kind = found.get("class")
        if kind == "tw-group":
            self.rows.append(("", [], ""))
            self._into = "group"
        elif kind == "tw-segment":
            width = re.search(r"width:([\d.]+)%", found.get("style") or "")
            assert width
            self.rows[-1][1].append((found.get("data-category") or "", float(width.group(1)), ""))
            self._into = "segment"
        elif kind == "tw-total":
            self._into = "total"

    def handle_endtag(self, tag: str) -> None:
        self._into = None

    def handle_data(self, data: str) -> None:
        if self._into is None or not self.rows:
            return
        group, segments, total = self.rows[-1]
        if self._into == "group":
            self.rows[-1] = (group + data, segments, total)
        elif self._into == "segment":
            code, width, text = segments[-1]
            segments[-1] = (code, width, text + data)
        elif self._into == "total":
            self.rows[-1] = (group, segments, total + data)


def _bars(html: str) -> list[tuple[str, list[tuple[str, float, str]], str]]:
    parser = _Bars()
    parser.feed(html)
    return parser.rows


def test_bars_show_each_colour_in_proportion_with_symbol_and_number() -> None:
    counts = pd.DataFrame(
        {"roed": [199, 0], "gul": [489, 3], "groen": [1327, 1], "ingen": [50, 9]},
        index=["Socialtilsyn Syd", "Socialtilsyn Nord"],
    )
    rows = _bars(colour_bars(counts))
    assert [group for group, _, _ in rows] == ["Socialtilsyn Syd", "Socialtilsyn Nord"]
    for (_, segments, total), (_, row) in zip(rows, counts.iterrows(), strict=True):
        assessed = int(row["roed"] + row["gul"] + row["groen"])  # 'ingen' is not a colour
        assert total == danish_count(assessed)
        shown = [code for code, _, _ in segments]
        assert shown == [c for c in ("roed", "gul", "groen") if row[c]]  # empty: left out
        symbols = {"roed": "▲", "gul": "■", "groen": "●"}
        for code, _, text in segments:  # the number whole, or only the symbol, never cut
            assert text in (f"{symbols[code]} {danish_count(int(row[code]))}", symbols[code])
        for code, width, _ in segments:
            assert width == pytest.approx(100 * row[code] / assessed, abs=0.005)


def test_a_narrow_segment_shows_its_symbol_and_never_a_cut_number() -> None:
    counts = pd.DataFrame({"roed": [116], "gul": [340], "groen": [977]}, index=["Midt"])
    ((_, segments, _),) = _bars(colour_bars(counts))
    assert [text for _, _, text in segments] == ["▲", "■ 340", "● 977"]
    tiny = pd.DataFrame({"roed": [1], "gul": [0], "groen": [999]}, index=["x"])
    ((_, segments, _),) = _bars(colour_bars(tiny))
    assert [(code, text) for code, _, text in segments] == [("roed", ""), ("groen", "● 999")]
    assert 'title="Rød: 1"' in colour_bars(tiny)


def test_bars_escape_group_names_and_tell_the_colour_in_a_tooltip() -> None:
    counts = pd.DataFrame({"roed": [1], "gul": [3], "groen": [0]}, index=[HOSTILE])
    html = colour_bars(counts)
    assert "<img" not in html
    assert _bars(html)[0][0] == HOSTILE
    assert 'title="Rød: 1"' in html
    assert 'title="Gul: 3"' in html
    assert "1327" not in colour_bars(
        pd.DataFrame({"roed": [199], "gul": [489], "groen": [1327]}, index=["H"])
    )


def test_danish_numbers() -> None:
    assert danish_interval(0.62, 0.48, 0.75) == "0,62 (0,48 til 0,75)"
    assert danish_interval(-0.1, -0.3, 0.05) == "−0,10 (−0,30 til 0,05)"
    assert danish_interval(-0.6, -1.0, -0.6) == "−0,60 (−1,00 til −0,60)"
    assert danish_interval(float("nan"), 0.1, 0.2) == "–"
    assert danish_interval(0.5, float("nan"), float("nan")) == "0,50"
    assert danish_decimal(float("nan")) == "–"
    assert danish_percent(0.755) == "76 %"
