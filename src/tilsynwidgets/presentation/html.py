"""Small HTML pieces for widgets. Every text from data or users is escaped here."""

from __future__ import annotations

from html import escape

import numpy as np
import pandas as pd

from tilsynwidgets.domain.core.categories import RiskCategory
from tilsynwidgets.domain.core.danish_numbers import danish_count, danish_decimal
from tilsynwidgets.domain.labels import labels

__all__ = [
    "category_badge",
    "colour_bars",
    "colour_names",
    "danish_interval",
    "escape",
]


def colour_names() -> dict[str, str]:
    """Colour codes → Danish words ('ingen' → "Ingen vurdering"), for a colour named in a
    sentence or a list entry ("Rød → Gul"); tables head a colour with :func:`category_heading`."""
    return {c.value: labels().category(c).label for c in RiskCategory} | {
        "ingen": "Ingen vurdering"
    }


# --- numbers in Danish ------------------------------------------------------------------------


def danish_interval(estimate: float, low: float, high: float) -> str:
    """``"0,62 (0,48 til 0,75)"``; ``"–"`` when the estimate is NaN, no brackets without
    bounds. "til", not a dash: beside a minus, "(−1,00–−0,60)" reads as a subtraction."""
    shown = danish_decimal(estimate)
    if not np.isfinite(estimate) or not (np.isfinite(low) and np.isfinite(high)):
        return shown
    return f"{shown} ({danish_decimal(low)} til {danish_decimal(high)})"


def category_badge(category: RiskCategory) -> str:
    """A colour badge that also carries the symbol and the Danish label."""
    style = labels().category(category)
    return (
        f'<span class="tw-badge" title="{escape(style.description)}" '
        f'style="background:{style.colour};color:{style.text_colour};'
        f'padding:1px 8px;border-radius:10px;white-space:nowrap">'
        f"{escape(style.symbol)} {escape(style.label)}</span>"
    )


_NARROWEST_BAR_EM = 28  # the bar's width on a 1024 px screen and on A4; wider elsewhere


def _segment_text(symbol: str, count: int, share: float) -> str:
    """What fits in a segment ``share`` % wide (~0.6 em a character): symbol and number,
    the symbol alone, or nothing; never a number cut short (the tooltip and the table under
    the chart carry every number)."""
    room = share / 100 * _NARROWEST_BAR_EM
    full = f"{symbol} {danish_count(count)}"
    if room >= 0.6 * len(full) + 0.6:
        return full
    return symbol if room >= 1.4 else ""


def colour_bars(counts: pd.DataFrame) -> str:
    """Stacked horizontal bars, one per row of ``counts`` (columns rød, gul, grøn).

    Each segment shows its category's symbol and its number where they fit (the symbol alone
    in a narrow one) and carries the category label and number as a tooltip, so the chart
    reads without colour too; the row's total stands at its end.
    """
    rows = []
    order = (RiskCategory.ROED, RiskCategory.GUL, RiskCategory.GROEN)
    for name, row in counts.iterrows():
        total = sum(int(row.get(c.value, 0)) for c in order)
        segments = []
        for category in order:
            count = int(row.get(category.value, 0))
            if not total or not count:
                continue
            style = labels().category(category)
            share = 100 * count / total
            segments.append(
                f'<div class="tw-segment" data-category="{category.value}" '
                f'title="{escape(style.label)}: {danish_count(count)}" '
                f'style="width:{share:.2f}%;background:{style.colour};color:{style.text_colour};'
                f'text-align:center;overflow:hidden;white-space:nowrap">'
                f"{escape(_segment_text(style.symbol, count, share))}</div>"
            )
        bar = "".join(segments)
        rows.append(
            '<div style="display:flex;align-items:center;margin:3px 0">'
            f'<div class="tw-group" style="width:14em">{escape(str(name))}</div>'
            f'<div style="display:flex;flex:1;max-width:40em;height:1.5em">{bar}</div>'
            f'<div class="tw-total" style="width:6em;text-align:right">{danish_count(total)}</div>'
            "</div>"
        )
    legend = " ".join(category_badge(c) for c in order)
    return f'<div class="tw-bars">{"".join(rows)}<div style="margin-top:6px">{legend}</div></div>'
