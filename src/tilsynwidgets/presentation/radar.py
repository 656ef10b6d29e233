"""The quality 'spindelvæv': theme scores as a radar chart in SVG.

Drawn by hand: a polygon over a few concentric rings is all it takes, and SVG scales,
prints and needs no plotting library in the kernel (see docs/decisions.md, "Grafer").
The rings carry their values (1 … 5) as a scale; each axis is labelled with its theme
and score, wrapped onto two lines when long, and the drawing's viewBox is grown to hold
the widest label, so no label is ever cut off.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

from tilsynwidgets.domain.core.danish_numbers import danish_count, danish_decimal
from tilsynwidgets.presentation.svg_text import LINE_HEIGHT, Box, text_box, wrap

__all__ = ["radar_svg"]

_FONT = 11
_RING_FONT = 9
_WRAP = 18  # characters per line before a label is wrapped


def radar_svg(
    labels: Sequence[str], values: Sequence[float], *, maximum: float = 5.0, size: int = 360
) -> str:
    """An SVG radar chart; each axis is labelled with its name and value (escaped)."""
    if len(labels) != len(values):
        raise ValueError("der skal være lige mange etiketter og værdier")
    n = len(labels)
    if n < 3:
        raise ValueError("et radardiagram kræver mindst tre temaer")
    centre = size / 2
    radius = size * 0.30

    def point(axis: int, value: float, clamp: bool = True) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * axis / n
        shown = max(0.0, min(value, maximum)) if clamp else value
        r = radius * shown / maximum
        return centre + r * math.cos(angle), centre + r * math.sin(angle)

    def polygon(points: Sequence[tuple[float, float]]) -> str:
        return " ".join(f"{x:.1f},{y:.1f}" for x, y in points)

    drawn: list[str] = []
    boxes: list[Box] = []
    for ring in range(1, int(maximum) + 1):
        ring_points = [point(axis, ring) for axis in range(n)]
        drawn.append(f'<polygon points="{polygon(ring_points)}" fill="none" stroke="#ccc"/>')
    for axis, (label, value) in enumerate(zip(labels, values, strict=True)):
        x, y = point(axis, maximum)
        drawn.append(f'<line x1="{centre}" y1="{centre}" x2="{x:.1f}" y2="{y:.1f}" stroke="#ccc"/>')
        drawn.append(
            _axis_label(centre, point(axis, maximum * 1.1, clamp=False), label, value, boxes)
        )
    shape = [point(axis, value) for axis, value in enumerate(values)]
    drawn.append(
        f'<polygon points="{polygon(shape)}" fill="#1f77b4" fill-opacity="0.25" '
        'stroke="#1f77b4" stroke-width="2"/>'
    )
    drawn += [
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="#1f77b4"/>' for x, y in shape
    ]  # markers: the scores read without the fill
    for ring in range(1, int(maximum) + 1):  # the scale, beside the first (upward) axis
        rx, ry = point(0, ring)
        text = danish_count(ring)
        boxes.append(text_box(rx + 3, ry + 3, [text], _RING_FONT, "start"))
        drawn.append(
            f'<text x="{rx + 3:.1f}" y="{ry + 3:.1f}" font-size="{_RING_FONT}" fill="#666" '
            f'class="tw-ring">{text}</text>'
        )
    left = min([0.0, *(b.left for b in boxes)]) - 4
    top = min([0.0, *(b.top for b in boxes)]) - 4
    right = max([float(size), *(b.right for b in boxes)]) + 4
    bottom = max([float(size), *(b.bottom for b in boxes)]) + 4
    width, height = right - left, bottom - top
    summary = "; ".join(
        f"{label}: {danish_decimal(value, 1)}" for label, value in zip(labels, values, strict=True)
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="{left:.1f} {top:.1f} {width:.1f} {height:.1f}" role="img" '
        f'aria-label="Temascorer på skalaen 1 til {danish_count(int(maximum))}: '
        f'{escape(summary)}" style="max-width:100%;height:auto">'
        f"<title>Temascorer</title>{''.join(drawn)}</svg>"
    )


def _axis_label(
    centre: float, at: tuple[float, float], label: str, value: float, boxes: list[Box]
) -> str:
    """The theme and its score at ``at``, anchored away from the centre; its box is kept."""
    lx, ly = at
    anchor = "middle" if abs(lx - centre) < 1 else ("start" if lx > centre else "end")
    lines = wrap(f"{label} ({danish_decimal(value, 1)})", _WRAP)
    extra = LINE_HEIGHT * _FONT * (len(lines) - 1)  # the height the wrapped lines add
    if ly < centre - 1:  # above the centre: grow upwards, so the last line sits at the axis
        ly -= extra
    elif abs(ly - centre) <= 1:  # level with the centre: centred on the axis
        ly -= extra / 2
    else:
        ly += _FONT * 0.8
    boxes.append(text_box(lx, ly, lines, _FONT, anchor))
    step = LINE_HEIGHT * _FONT
    spans = "".join(
        f'<tspan x="{lx:.1f}" dy="{0 if i == 0 else step:.1f}">{escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    return (
        f'<text x="{lx:.1f}" y="{ly:.1f}" font-size="{_FONT}" text-anchor="{anchor}" '
        f'class="tw-axis">{spans}</text>'
    )
