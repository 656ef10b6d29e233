"""Movement over time: the units per colour at each quarter's end, as an SVG bar chart.

Each quarter (left → right, "1. kvt. 2025") has a stacked bar of the assessed units
(rød at the bottom, then gul and grøn, each segment with its symbol) and, beside it, a
narrower hatched bar of the units not yet assessed. The not assessed are never stacked into
the colour total, so a quarter with many new units does not read as a larger portfolio.
A y axis with Danish ticks, a legend and a tooltip per segment; the figures also stand in
the table beneath the chart on the screen and in the report.
"""

from __future__ import annotations

import math
from html import escape

import pandas as pd

from tilsynwidgets.domain.core.categories import RiskCategory
from tilsynwidgets.domain.core.danish_numbers import danish_count
from tilsynwidgets.domain.labels import labels
from tilsynwidgets.presentation.line_chart import nice_ticks
from tilsynwidgets.presentation.svg_text import CHAR_WIDTH
from tilsynwidgets.presentation.tables import NO_CATEGORY, category_heading, quarter_label

__all__ = ["NOT_ASSESSED", "quarter_chart_svg"]

NOT_ASSESSED = category_heading(NO_CATEGORY)  # "Ingen vurdering", as in the table
_ORDER = (RiskCategory.ROED, RiskCategory.GUL, RiskCategory.GROEN)  # bottom → top
_LEFT, _TOP, _PLOT_H = 58, 24, 220
_BAR, _GAP, _SIDE, _GROUP = 34, 4, 24, 80
_FONT = 11
_STRIPE = 5  # px between the stripes of the not-assessed bar


def quarter_chart_svg(counts: pd.DataFrame) -> str:
    """``counts``: one row per quarter code (``2025K1``) in time order, columns rød, gul,
    grøn and ``ingen`` (as :meth:`LeadershipView.by_quarter`). Every text is escaped."""
    assessed = counts.reindex(columns=[c.value for c in _ORDER], fill_value=0).astype(int)
    waiting = (
        counts[NO_CATEGORY].astype(int)
        if NO_CATEGORY in counts
        else pd.Series(0, index=counts.index)
    )
    high = max([1, *assessed.sum(axis=1), *waiting])
    ticks = [round(t) for t in nice_ticks(0, float(high), whole=True)]
    scale = _PLOT_H / ticks[-1]
    base = _TOP + _PLOT_H
    plot_end = _LEFT + _GROUP * max(len(counts), 1)
    parts: list[str] = []
    for tick in ticks:
        y = base - tick * scale
        parts.append(
            f'<line x1="{_LEFT}" y1="{y:.1f}" x2="{plot_end}" y2="{y:.1f}" stroke="#e4e4e4"/>'
            f'<text class="tw-tick" x="{_LEFT - 6}" y="{y + 4:.1f}" font-size="{_FONT}" '
            f'text-anchor="end">{danish_count(tick)}</text>'
        )
    parts.append(
        f'<text x="12" y="{_TOP + _PLOT_H / 2:.1f}" font-size="{_FONT}" text-anchor="middle" '
        f'transform="rotate(-90 12 {_TOP + _PLOT_H / 2:.1f})">Antal enheder</text>'
    )
    for position, quarter in enumerate(counts.index):
        x = _LEFT + 10 + position * _GROUP
        parts.append(_quarter(str(quarter), x, assessed.loc[quarter], int(waiting[quarter]), scale))
    parts.append(
        f'<line x1="{_LEFT}" y1="{base}" x2="{plot_end}" y2="{base}" stroke="#444"/>'
        f'<line x1="{_LEFT}" y1="{_TOP}" x2="{_LEFT}" y2="{base}" stroke="#444"/>'
    )
    legend_y = base + 48
    legend, legend_end = _legend(legend_y)
    parts.append(legend)
    width = max(plot_end, math.ceil(legend_end)) + 10
    height = legend_y + 12
    return (
        f'<svg class="tw-quarters" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="Enheder pr. risikokategori ved kvartalernes udgang; '
        f'{escape(NOT_ASSESSED.lower())} vist for sig" style="max-width:100%;height:auto">'
        f"<title>Bevægelse over tid</title>{''.join(parts)}</svg>"
    )


def _quarter(code: str, x: float, colours: pd.Series, waiting: int, scale: float) -> str:
    """One quarter: the stacked assessed bar, the hatched bar beside it, their numbers."""
    base = _TOP + _PLOT_H
    label = quarter_label(code)
    parts = []
    y = float(base)
    for category in _ORDER:
        count = int(colours[category.value])
        style = labels().category(category)
        height = count * scale
        y -= height
        tip = f"{label}, {style.label}: {danish_count(count)}"
        parts.append(
            f'<rect class="tw-segment" data-quarter="{escape(code)}" '
            f'data-category="{category.value}" x="{x}" y="{y:.2f}" width="{_BAR}" '
            f'height="{height:.2f}" fill="{style.colour}" stroke="#fff" stroke-width="0.5">'
            f"<title>{escape(tip)}</title></rect>"
        )
        if height >= 13:
            parts.append(
                f'<text x="{x + _BAR / 2}" y="{y + height / 2 + 4:.1f}" font-size="10" '
                f'text-anchor="middle" fill="{style.text_colour}" aria-hidden="true">'
                f"{escape(style.symbol)}</text>"
            )
    total = int(colours.sum())
    parts.append(
        f'<text class="tw-total" x="{x + _BAR / 2}" y="{y - 4:.1f}" font-size="9" '
        f'text-anchor="middle">{danish_count(total)}</text>'
    )
    side = x + _BAR + _GAP
    height = waiting * scale
    tip = f"{label}, {NOT_ASSESSED.lower()}: {danish_count(waiting)}"
    parts.append(
        f'<rect class="tw-segment" data-quarter="{escape(code)}" data-category="{NO_CATEGORY}" '
        f'x="{side}" y="{base - height:.2f}" width="{_SIDE}" height="{height:.2f}" '
        f'fill="#f2f2f2" stroke="#777" stroke-dasharray="3 2">'
        f"<title>{escape(tip)}</title></rect>"
        + _stripes(side, base - height, _SIDE, height)
        + f'<text class="tw-waiting" x="{side + _SIDE / 2}" y="{base - height - 4:.1f}" '
        f'font-size="9" fill="#555" text-anchor="middle">{danish_count(waiting)}</text>'
    )
    number, _, year = label.rpartition(" ")
    middle = x + (_BAR + _GAP + _SIDE) / 2
    parts.append(
        f'<text class="tw-quarter" x="{middle}" y="{base + 16}" font-size="{_FONT}" '
        f'text-anchor="middle"><tspan x="{middle}">{escape(number)}</tspan>'
        f'<tspan x="{middle}" dy="13">{escape(year)}</tspan></text>'
    )
    return "".join(parts)


def _stripes(x: float, y: float, width: float, height: float) -> str:
    """Grey stripes across a box: the not assessed read apart without colour (and with no
    pattern by reference, so the chart stands alone in the printed report)."""
    rows = [y + height - offset for offset in range(_STRIPE, int(height), _STRIPE)]
    return "".join(
        f'<line x1="{x}" y1="{row:.1f}" x2="{x + width}" y2="{row:.1f}" stroke="#999" '
        'aria-hidden="true"/>'
        for row in rows
    )


def _legend(y: float) -> tuple[str, float]:
    """The legend's SVG and where its text ends (estimated as :mod:`svg_text` does)."""
    parts = []
    x = float(_LEFT)
    for category in _ORDER:
        style = labels().category(category)
        text = f"{style.symbol} {style.label}"
        parts.append(
            f'<rect x="{x}" y="{y - 10}" width="12" height="12" fill="{style.colour}"/>'
            f'<text x="{x + 16}" y="{y}" font-size="{_FONT}">{escape(text)}</text>'
        )
        x += 16 + CHAR_WIDTH * _FONT * len(text) + 14
    parts.append(
        f'<rect x="{x}" y="{y - 10}" width="12" height="12" fill="#f2f2f2" '
        f'stroke="#777" stroke-dasharray="3 2"/>'
        + _stripes(x, y - 10, 12, 12)
        + f'<text x="{x + 16}" y="{y}" font-size="{_FONT}">{NOT_ASSESSED}</text>'
    )
    end = x + 16 + CHAR_WIDTH * _FONT * len(NOT_ASSESSED)
    return f'<g class="tw-legend">{"".join(parts)}</g>', end
