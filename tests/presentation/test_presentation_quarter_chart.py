from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

import pandas as pd
import pytest
from tests.presentation._shown import number, quarter

from tilsynwidgets.presentation.quarter_chart import quarter_chart_svg

SVG = ""  # inline in HTML: no namespace, no address in the printed report
COLOURS = ("roed", "gul", "groen")


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float

    @property
    def bottom(self) -> float:
        return self.y + self.height


@dataclass(frozen=True)
class QuarterChart:
    """What a quarter chart draws, read back from its SVG."""

    root: ET.Element
    bars: dict[tuple[str, str], Bar]  # (quarter code, colour code or 'ingen') → its rect
    quarters: list[tuple[float, str]]  # (x, label) of each quarter, as drawn
    ticks: list[tuple[float, float]]  # (value, y) of each y-axis tick


def read_quarter_chart(html: str) -> QuarterChart:
    match = re.search(r'<svg[^>]*class="tw-quarters".*?</svg>', html, re.S)
    assert match, "no quarter chart"
    root = ET.fromstring(match.group(0))
    bars = {
        (r.get("data-quarter", ""), r.get("data-category", "")): Bar(
            *(float(r.get(a, "nan")) for a in ("x", "y", "width", "height"))
        )
        for r in root.iter(f"{SVG}rect")
        if r.get("class") == "tw-segment"
    }
    texts = list(root.iter(f"{SVG}text"))
    quarters = [
        (float(t.get("x", "nan")), " ".join(s.text or "" for s in t.iter(f"{SVG}tspan")))
        for t in texts
        if t.get("class") == "tw-quarter"
    ]
    ticks = [
        (float(number(t.text or "")), float(t.get("y", "nan")))
        for t in texts
        if t.get("class") == "tw-tick"
    ]
    return QuarterChart(root, bars, quarters, ticks)


def assert_draws(chart: QuarterChart, counts: pd.DataFrame) -> None:
    """The chart is ``counts`` (a ``by_quarter`` frame): quarters left → right in the
    frame's order with Danish labels; each colour stacked from the axis in proportion to its
    figure, rød at the bottom; 'ingen' beside the bar, never on top of it; the y axis
    upwards, on the same scale as the bars."""
    codes = [str(q) for q in counts.index]
    assert [label for _, label in chart.quarters] == [quarter(q) for q in codes]
    xs = [x for x, _ in chart.quarters]
    assert xs == sorted(xs)
    assert set(chart.bars) == {(q, c) for q in codes for c in (*COLOURS, "ingen")}
    (zero, base), *rest = chart.ticks
    assert zero == 0
    scale = (base - rest[-1][1]) / rest[-1][0]
    for value, y in rest:
        assert y == pytest.approx(base - value * scale, abs=0.1), (value, y)
    for code in codes:
        bottom = base - 4  # the tick's baseline sits 4 below its line
        for colour in COLOURS:
            bar = chart.bars[(code, colour)]
            assert bar.height == pytest.approx(counts.loc[code, colour] * scale, abs=0.01)
            assert bar.bottom == pytest.approx(bottom, abs=0.01), (code, colour)
            bottom = bar.y
        waiting = chart.bars[(code, "ingen")]
        assessed = chart.bars[(code, "roed")]
        assert waiting.height == pytest.approx(counts.loc[code, "ingen"] * scale, abs=0.01)
        assert waiting.bottom == pytest.approx(base - 4, abs=0.01)  # on the axis, not stacked
        assert waiting.x >= assessed.x + assessed.width  # beside the colours' bar


QUARTERS = pd.DataFrame(
    {
        "roed": [120, 300, 500, 600],
        "gul": [400, 900, 1300, 1500],
        "groen": [500, 1300, 2000, 2900],
        "ingen": [4837, 3400, 2100, 900],
    },
    index=pd.Index(["2025K1", "2025K2", "2025K3", "2025K4"], name="kvartal"),
)


def test_the_chart_draws_every_figure_of_each_quarter_in_proportion() -> None:
    assert_draws(read_quarter_chart(quarter_chart_svg(QUARTERS)), QUARTERS)


def test_the_units_not_yet_assessed_do_not_add_to_the_colours_bar() -> None:
    chart = read_quarter_chart(quarter_chart_svg(QUARTERS))
    first = [chart.bars[("2025K1", c)] for c in COLOURS]
    top = min(b.y for b in first)
    (_, base), *_, (value, y) = chart.ticks
    scale = (base - y) / value
    assert (base - 4 - top) / scale == pytest.approx(1020, abs=0.1)  # 120 + 400 + 500
    totals = [t.text for t in chart.root.iter(f"{SVG}text") if t.get("class") == "tw-total"]
    waiting = [t.text for t in chart.root.iter(f"{SVG}text") if t.get("class") == "tw-waiting"]
    assert totals == ["1.020", "2.500", "3.800", "5.000"]
    assert waiting == ["4.837", "3.400", "2.100", "900"]
    legend = [t.text for t in chart.root.iter(f"{SVG}text") if t.text and "vurdering" in t.text]
    assert legend == ["Ingen vurdering"]


def test_a_swapped_figure_would_show() -> None:
    swapped = QUARTERS.copy()
    swapped.loc["2025K2", ["roed", "gul"]] = [900, 300]
    with pytest.raises(AssertionError):
        assert_draws(read_quarter_chart(quarter_chart_svg(swapped)), QUARTERS)


def test_the_chart_stands_alone() -> None:
    svg = quarter_chart_svg(QUARTERS)
    assert "url(" not in svg
    assert "//" not in svg


def test_every_text_lies_inside_the_drawing_and_is_danish() -> None:
    root = read_quarter_chart(quarter_chart_svg(QUARTERS.iloc[:1])).root
    _, _, width, height = (float(v) for v in (root.get("viewBox") or "").split())
    for text in root.iter(f"{SVG}text"):
        if text.get("transform"):
            continue  # the rotated axis title
        lines = [s.text or "" for s in text.iter(f"{SVG}tspan")] or [text.text or ""]
        size = float(text.get("font-size", "0"))
        half = 0.6 * size * max(len(line) for line in lines)
        x = float(text.get("x", "0"))
        anchor = text.get("text-anchor", "start")
        left = x - half if anchor == "end" else x - half / 2 if anchor == "middle" else x
        right = left + half
        assert left >= 0, lines
        assert right <= width, (lines, right, width)
        assert float(text.get("y", "0")) <= height
    assert "ingen" not in "".join(t.text or "" for t in root.iter(f"{SVG}text"))


def test_ticks_are_round_danish_numbers() -> None:
    chart = read_quarter_chart(quarter_chart_svg(QUARTERS))
    labels = [t.text for t in chart.root.iter(f"{SVG}text") if t.get("class") == "tw-tick"]
    assert labels == ["0", "2.000", "4.000", "6.000"]
    empty = QUARTERS.iloc[:1] * 0
    chart = read_quarter_chart(quarter_chart_svg(empty))
    assert [value for value, _ in chart.ticks] == [0, 1]
    assert all(bar.height == 0 for bar in chart.bars.values())
