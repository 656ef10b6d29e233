"""A line chart in SVG: a few series over one numeric axis (e.g. the units per suggested
colour across a criterion's thresholds), with a marker at one x value.

Drawn by hand like the radar chart: polylines over a grid need no plotting library in the
kernel, and SVG scales and prints. The series are told apart without colour: each has its
own dash pattern and point marker, and the legend shows both. The axes have "nice" ticks
(1, 2 or 5 × 10^k) in Danish numbers; the y axis starts at 0; whole-number x values get
whole-number ticks.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from typing import Literal

from tilsynwidgets.domain.core.danish_numbers import danish_number

__all__ = ["MARKERS", "Series", "line_chart_svg", "nice_ticks"]

Marker = Literal["triangle", "square", "circle", "diamond"]
MARKERS: tuple[Marker, ...] = ("triangle", "square", "circle", "diamond")
_DASHES = ("", "8 4", "2 3", "12 3 2 3")

_WIDTH, _HEIGHT = 640, 320
_LEFT, _RIGHT, _TOP, _BOTTOM = 72, 120, 16, 52
_TICKS = 5


@dataclass(frozen=True)
class Series:
    """One line: its name, one value per x, its colour; marker and dash pattern default to
    the series' position (every series gets its own)."""

    name: str
    values: Sequence[float]
    colour: str
    marker: Marker | None = None


def nice_ticks(low: float, high: float, *, whole: bool = False, count: int = _TICKS) -> list[float]:
    """About ``count`` ticks covering ``low``…``high`` at a step of 1, 2 or 5 × 10^k (at
    least 1 when ``whole``): ``nice_ticks(0, 3518)`` → 0, 1000, 2000, 3000, 4000."""
    span = high - low
    if span <= 0:
        return [low]
    raw = span / max(count - 1, 1)
    power = 10.0 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw * (1 - 1e-9))
    if whole:
        step = max(step, 1.0)
    first, last = math.floor(low / step + 1e-9), math.ceil(high / step - 1e-9)
    digits = max(0, -math.floor(math.log10(step))) + 1
    return [round(k * step, digits) for k in range(first, last + 1)]


def _marker(shape: Marker, x: float, y: float, colour: str) -> str:
    fill = f'fill="{escape(colour)}" stroke="#222" stroke-width="0.8"'
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" {fill}/>'
    if shape == "square":
        return f'<rect x="{x - 3.6:.1f}" y="{y - 3.6:.1f}" width="7.2" height="7.2" {fill}/>'
    corners = (
        ((0, -5.5), (5, 3.5), (-5, 3.5))
        if shape == "triangle"
        else ((0, -5.5), (5, 0), (0, 5.5), (-5, 0))
    )
    points = " ".join(f"{x + dx:.1f},{y + dy:.1f}" for dx, dy in corners)
    return f'<polygon points="{points}" {fill}/>'


def line_chart_svg(
    x: Sequence[float],
    series: Sequence[Series],
    *,
    x_label: str,
    y_label: str,
    marker: float | None = None,
    marker_label: str = "",
) -> str:
    """An SVG chart with one line per series; names, labels and numbers are escaped.
    ``marker`` draws a dotted vertical line at that x, labelled ``marker_label``."""
    if not x:
        raise ValueError("der skal være mindst ét punkt på x-aksen")
    for one in series:
        if len(one.values) != len(x):
            raise ValueError(f"serien '{one.name}' har ikke en værdi for hvert punkt")
    whole = all(float(value).is_integer() for value in x)
    x_ticks = nice_ticks(min(x), max(x), whole=whole)
    x_low, x_high = min(x_ticks[0], min(x)), max(x_ticks[-1], max(x))
    y_top = max((max(one.values) for one in series if len(one.values)), default=0.0)
    y_ticks = nice_ticks(0.0, y_top if y_top > 0 else 1.0, whole=True)
    y_high = y_ticks[-1]
    inner_w, inner_h = _WIDTH - _LEFT - _RIGHT, _HEIGHT - _TOP - _BOTTOM

    def px(value: float) -> float:
        span = x_high - x_low
        return _LEFT + (inner_w * (value - x_low) / span if span else inner_w / 2)

    def py(value: float) -> float:
        return _TOP + inner_h * (1 - value / y_high)

    bottom = _TOP + inner_h
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_WIDTH}" height="{_HEIGHT}" '
        f'viewBox="0 0 {_WIDTH} {_HEIGHT}" role="img" aria-label="{escape(y_label)}" '
        'style="max-width:100%;height:auto" font-family="sans-serif">'
        f"<title>{escape(y_label)} – {escape(x_label)}</title>"
    ]
    for level in y_ticks:
        y = py(level)
        parts.append(
            f'<line x1="{_LEFT}" y1="{y:.1f}" x2="{_LEFT + inner_w}" y2="{y:.1f}" '
            'stroke="#e4e4e4"/>'
            f'<text class="tw-tick-y" x="{_LEFT - 6}" y="{y + 4:.1f}" font-size="11" '
            f'text-anchor="end">{escape(danish_number(level))}</text>'
        )
    for value in x_ticks:
        parts.append(
            f'<line x1="{px(value):.1f}" y1="{bottom}" x2="{px(value):.1f}" y2="{bottom + 4}" '
            'stroke="#666"/>'
            f'<text class="tw-tick-x" x="{px(value):.1f}" y="{bottom + 17}" font-size="11" '
            f'text-anchor="middle">{escape(danish_number(value))}</text>'
        )
    parts.append(
        f'<line x1="{_LEFT}" y1="{bottom}" x2="{_LEFT + inner_w}" y2="{bottom}" stroke="#666"/>'
        f'<line x1="{_LEFT}" y1="{_TOP}" x2="{_LEFT}" y2="{bottom}" stroke="#666"/>'
        f'<text class="tw-axis-x" x="{_LEFT + inner_w / 2:.1f}" y="{_HEIGHT - 8}" '
        f'font-size="12" text-anchor="middle">{escape(x_label)}</text>'
        f'<text class="tw-axis-y" x="14" y="{_TOP + inner_h / 2:.1f}" font-size="12" '
        f'text-anchor="middle" transform="rotate(-90 14 {_TOP + inner_h / 2:.1f})">'
        f"{escape(y_label)}</text>"
    )
    if marker is not None and x_low <= marker <= x_high:
        mx = px(marker)
        parts.append(
            f'<line class="tw-marker" x1="{mx:.1f}" y1="{_TOP}" x2="{mx:.1f}" y2="{bottom}" '
            'stroke="#555" stroke-dasharray="1 3"/>'
            f'<text x="{mx + 4:.1f}" y="{_TOP + 12}" font-size="11">{escape(marker_label)}</text>'
        )
    for row, one in enumerate(series):
        shape = one.marker or MARKERS[row % len(MARKERS)]
        dash = _DASHES[row % len(_DASHES)]
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        points = [(px(a), py(b)) for a, b in zip(x, one.values, strict=True)]
        line = " ".join(f"{a:.1f},{b:.1f}" for a, b in points)
        dots = "".join(_marker(shape, a, b, one.colour) for a, b in points)
        ly = _TOP + 14 + 20 * row
        lx = _WIDTH - _RIGHT + 12
        parts.append(
            f'<g class="tw-series" data-name="{escape(one.name)}" data-marker="{shape}" '
            f'data-dash="{dash or "solid"}">'
            f'<polyline points="{line}" fill="none" stroke="{escape(one.colour)}" '
            f'stroke-width="2"{dashed}/>{dots}'
            f'<line x1="{lx}" y1="{ly - 4}" x2="{lx + 28}" y2="{ly - 4}" '
            f'stroke="{escape(one.colour)}" stroke-width="2"{dashed}/>'
            f"{_marker(shape, lx + 14, ly - 4, one.colour)}"
            f'<text x="{lx + 34}" y="{ly}" font-size="12">{escape(one.name)}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)
