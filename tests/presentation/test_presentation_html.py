from __future__ import annotations

import pandas as pd

from tilsynwidgets.domain.core.categories import RiskCategory
from tilsynwidgets.domain.core.danish_numbers import danish_decimal, danish_percent
from tilsynwidgets.presentation.html import (
    category_badge,
    colour_bars,
    danish_interval,
    frame_table,
)

HOSTILE = "<img src=x onerror=alert(1)>"


def test_badge_carries_symbol_and_label_besides_colour() -> None:
    badge = category_badge(RiskCategory.ROED)
    assert "▲ Rød" in badge
    assert "Høj risikovurdering" in badge
    assert "#C62828" in badge


def test_tables_escape_cells_and_headers() -> None:
    frame = pd.DataFrame({HOSTILE: [HOSTILE]}, index=[HOSTILE])
    html = frame_table(frame, caption=HOSTILE)
    assert "<img" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert html.index("<caption>") < html.index("<thead>")


def test_bars_show_counts_and_escape_group_names() -> None:
    counts = pd.DataFrame({"roed": [1], "gul": [3], "groen": [0]}, index=[HOSTILE])
    html = colour_bars(counts)
    assert "<img" not in html
    assert 'title="Rød: 1"' in html
    assert 'title="Gul: 3"' in html
    assert "width:25.00%" in html
    assert "Grøn: 0" not in html  # empty segments are left out


def test_bars_write_counts_and_totals_with_danish_thousands() -> None:
    html = colour_bars(pd.DataFrame({"roed": [199], "gul": [489], "groen": [1327]}, index=["H"]))
    assert 'title="Grøn: 1.327"' in html
    assert ">1.327</div>" in html
    assert ">2.015</div>" in html  # the row's total
    assert "1327" not in html


def test_danish_numbers() -> None:
    assert danish_interval(0.62, 0.48, 0.75) == "0,62 (0,48–0,75)"
    assert danish_interval(-0.1, -0.3, 0.05) == "−0,10 (−0,30–0,05)"
    assert danish_interval(float("nan"), 0.1, 0.2) == "–"
    assert danish_interval(0.5, float("nan"), float("nan")) == "0,50"
    assert danish_decimal(float("nan")) == "–"
    assert danish_percent(0.755) == "76 %"
