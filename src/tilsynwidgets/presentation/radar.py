"""The quality 'spindelvæv': theme scores as a radar chart in SVG.

Drawn by hand: a polygon over a few concentric rings is all it takes, and SVG scales,
prints and needs no plotting library in the kernel.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

from tilsynwidgets.domain.core.danish_numbers import danish_decimal

__all__ = ["radar_svg"]


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

    def point(axis: int, value: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * axis / n
        r = radius * max(0.0, min(value, maximum)) / maximum
        return centre + r * math.cos(angle), centre + r * math.sin(angle)

    def polygon(points: Sequence[tuple[float, float]]) -> str:
        return " ".join(f"{x:.1f},{y:.1f}" for x, y in points)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" '
        f'viewBox="0 0 {size} {size}" role="img" aria-label="Temascorer">'
    ]
    for ring in range(1, int(maximum) + 1):
        ring_points = [point(axis, ring) for axis in range(n)]
        parts.append(f'<polygon points="{polygon(ring_points)}" fill="none" stroke="#ccc"/>')
    for axis, (label, value) in enumerate(zip(labels, values, strict=True)):
        x, y = point(axis, maximum)
        parts.append(f'<line x1="{centre}" y1="{centre}" x2="{x:.1f}" y2="{y:.1f}" stroke="#ccc"/>')
        lx, ly = point(axis, maximum * 1.22)
        anchor = "middle" if abs(lx - centre) < 1 else ("start" if lx > centre else "end")
        shown = danish_decimal(value, 1)
        parts.append(
            f'<text x="{lx:.1f}" y="{ly:.1f}" font-size="11" text-anchor="{anchor}">'
            f"{escape(label)} ({shown})</text>"
        )
    shape = [point(axis, value) for axis, value in enumerate(values)]
    parts.append(
        f'<polygon points="{polygon(shape)}" fill="#1f77b4" fill-opacity="0.25" '
        'stroke="#1f77b4" stroke-width="2"/>'
    )
    parts.append("</svg>")
    return "".join(parts)
