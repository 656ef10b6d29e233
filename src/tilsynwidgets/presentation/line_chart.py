"""A line chart in SVG: a few series over one numeric axis (e.g. the units per suggested
colour across a criterion's thresholds), with a marker at one x value.

Drawn by hand like the radar chart: polylines over a grid need no plotting library in the
kernel, and SVG scales and prints.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

from tilsynwidgets.domain.core.danish_numbers import danish_count, danish_number

__all__ = ["line_chart_svg"]

_WIDTH, _HEIGHT = 640, 300
_LEFT, _RIGHT, _TOP, _BOTTOM = 56, 130, 16, 40


def _number(value: float) -> str:
    return danish_count(round(value)) if abs(value) >= 100 else danish_number(value)


def line_chart_svg(
    x: Sequence[float],
    series: Mapping[str, tuple[Sequence[float], str]],
    *,
    x_label: str,
    y_label: str,
    marker: float | None = None,
    marker_label: str = "",
) -> str:
    """An SVG chart with one line per series (name → (values, colour)); names, labels and
    numbers are escaped. ``marker`` draws a dashed vertical line at that x."""
    if not x:
        raise ValueError("der skal være mindst ét punkt på x-aksen")
    for name, (values, _colour) in series.items():
        if len(values) != len(x):
            raise ValueError(f"serien '{name}' har ikke en værdi for hvert punkt")
    x_low, x_high = min(x), max(x)
    y_high = max((max(values) for values, _ in series.values() if len(values)), default=1.0)
    y_high = y_high if y_high > 0 else 1.0
    inner_w, inner_h = _WIDTH - _LEFT - _RIGHT, _HEIGHT - _TOP - _BOTTOM

    def px(value: float) -> float:
        span = x_high - x_low
        return _LEFT + (inner_w * (value - x_low) / span if span else inner_w / 2)

    def py(value: float) -> float:
        return _TOP + inner_h * (1 - value / y_high)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_WIDTH}" height="{_HEIGHT}" '
        f'viewBox="0 0 {_WIDTH} {_HEIGHT}" role="img" aria-label="{escape(y_label)}">'
    ]
    for step in range(5):
        level = y_high * step / 4
        y = py(level)
        parts.append(
            f'<line x1="{_LEFT}" y1="{y:.1f}" x2="{_LEFT + inner_w}" y2="{y:.1f}" stroke="#eee"/>'
            f'<text x="{_LEFT - 6}" y="{y + 4:.1f}" font-size="11" text-anchor="end">'
            f"{escape(_number(level))}</text>"
        )
    for value in (x_low, (x_low + x_high) / 2, x_high):
        parts.append(
            f'<text x="{px(value):.1f}" y="{_TOP + inner_h + 16}" font-size="11" '
            f'text-anchor="middle">{escape(_number(value))}</text>'
        )
    parts.append(
        f'<text x="{_LEFT + inner_w / 2:.1f}" y="{_HEIGHT - 6}" font-size="12" '
        f'text-anchor="middle">{escape(x_label)}</text>'
    )
    if marker is not None and x_low <= marker <= x_high:
        mx = px(marker)
        parts.append(
            f'<line x1="{mx:.1f}" y1="{_TOP}" x2="{mx:.1f}" y2="{_TOP + inner_h}" '
            'stroke="#333" stroke-dasharray="4 3"/>'
            f'<text x="{mx + 4:.1f}" y="{_TOP + 12}" font-size="11">{escape(marker_label)}</text>'
        )
    for row, (name, (values, colour)) in enumerate(series.items()):
        points = " ".join(f"{px(a):.1f},{py(b):.1f}" for a, b in zip(x, values, strict=True))
        parts.append(
            f'<polyline points="{points}" fill="none" stroke="{escape(colour)}" stroke-width="2"/>'
        )
        ly = _TOP + 14 + 18 * row
        parts.append(
            f'<line x1="{_WIDTH - _RIGHT + 10}" y1="{ly - 4}" x2="{_WIDTH - _RIGHT + 30}" '
            f'y2="{ly - 4}" stroke="{escape(colour)}" stroke-width="3"/>'
            f'<text x="{_WIDTH - _RIGHT + 36}" y="{ly}" font-size="12">{escape(name)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
