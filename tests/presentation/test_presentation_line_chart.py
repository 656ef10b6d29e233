"""The SVG line chart: one polyline per series, escaped text, a marker, clear errors."""

from __future__ import annotations

import re

import pytest

from tilsynwidgets.presentation.line_chart import line_chart_svg


def test_one_polyline_per_series_with_points_inside_the_chart() -> None:
    svg = line_chart_svg(
        [0.0, 1.0, 2.0, 3.0],
        {"Rød": ([1, 2, 3, 4], "#c62828"), "Grøn": ([10, 8, 6, 4], "#2e7d32")},
        x_label="Tærskel",
        y_label="Enheder",
        marker=2.0,
        marker_label="nu",
    )
    lines = re.findall(r'<polyline points="([^"]+)"', svg)
    assert len(lines) == 2
    for line in lines:
        points = [tuple(map(float, p.split(","))) for p in line.split()]
        assert len(points) == 4
        assert all(0 <= x <= 640 and 0 <= y <= 300 for x, y in points)
    assert 'stroke-dasharray="4 3"' in svg  # the marker
    assert "Tærskel" in svg


def test_text_is_escaped_and_bad_input_is_refused() -> None:
    svg = line_chart_svg(
        [1.0], {"<b>x</b>": ([0.0], "#000")}, x_label="<i>", y_label='"', marker=None
    )
    assert "<b>" not in svg
    assert "&lt;b&gt;x&lt;/b&gt;" in svg
    with pytest.raises(ValueError, match="mindst ét punkt"):
        line_chart_svg([], {}, x_label="", y_label="")
    with pytest.raises(ValueError, match="serien 'a'"):
        line_chart_svg([1.0, 2.0], {"a": ([1.0], "#000")}, x_label="", y_label="")
