"""The SVG line chart, read back as XML: axis direction (a larger value higher, a larger x
further right), each series' points are its values, nice Danish ticks, the y axis from 0,
series told apart by dash pattern and marker, escaped text, clear errors."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from itertools import pairwise

import pytest

from tilsynwidgets.presentation.line_chart import Series, line_chart_svg, nice_ticks

SVG = "{http://www.w3.org/2000/svg}"


@dataclass
class Drawn:
    name: str
    dash: str
    marker: str
    points: list[tuple[float, float]]
    dots: int


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def _series(root: ET.Element) -> list[Drawn]:
    drawn = []
    for group in root.iter(f"{SVG}g"):
        if group.get("class") != "tw-series":
            continue
        line = group.find(f"{SVG}polyline")
        assert line is not None
        points = [tuple(map(float, p.split(","))) for p in (line.get("points") or "").split()]
        shapes = [child for child in group if child.tag != f"{SVG}polyline"]
        dots = sum(1 for s in shapes if s.tag in {f"{SVG}circle", f"{SVG}rect", f"{SVG}polygon"})
        drawn.append(
            Drawn(
                name=group.get("data-name") or "",
                dash=line.get("stroke-dasharray") or "solid",
                marker=group.get("data-marker") or "",
                points=[(x, y) for x, y in points],
                dots=dots,
            )
        )
    return drawn


def _ticks(root: ET.Element, axis: str) -> list[tuple[float, str]]:
    """(pixel position, label) of each tick on the ``x`` or ``y`` axis."""
    position = "x" if axis == "x" else "y"
    return [
        (float(text.get(position) or 0), text.text or "")
        for text in root.iter(f"{SVG}text")
        if text.get("class") == f"tw-tick-{axis}"
    ]


def _danish(label: str) -> float:
    return float(label.replace(".", "").replace(",", ".").replace("−", "-"))


X = [1.0, 2.0, 3.0, 5.0, 8.0, 13.0]
RED = [3518.0, 1759.0, 900.0, 400.0, 100.0, 0.0]
GREEN = [0.0, 1200.0, 2000.0, 3100.0, 3400.0, 3518.0]


def _chart() -> ET.Element:
    return _parse(
        line_chart_svg(
            X,
            [Series("Rød", RED, "#c62828", "triangle"), Series("Grøn", GREEN, "#2e7d32")],
            x_label="Tærskel: Klager ≥ 3",
            y_label="Enheder pr. foreslået farve",
            marker=3.0,
            marker_label="nu",
        )
    )


def test_each_series_is_drawn_at_its_values_larger_higher_and_further_right() -> None:
    root = _chart()
    red, green = _series(root)
    assert (red.name, green.name) == ("Rød", "Grøn")
    y_ticks = _ticks(root, "y")
    x_ticks = _ticks(root, "x")

    # Map pixels back to values with the drawn ticks, then compare with the data.
    (y0, l0), (y1, l1) = y_ticks[0], y_ticks[-1]
    (x0, k0), (x1, k1) = x_ticks[0], x_ticks[-1]

    def value_at(py: float) -> float:
        return _danish(l0) + (py + 4 - y0) * (_danish(l1) - _danish(l0)) / (y1 - y0)

    def x_at(px: float) -> float:
        return _danish(k0) + (px - x0) * (_danish(k1) - _danish(k0)) / (x1 - x0)

    for drawn, values in ((red, RED), (green, GREEN)):
        assert len(drawn.points) == len(X)
        assert drawn.dots == len(X) + 1  # a marker on every point and one in the legend
        for (px, py), x, value in zip(drawn.points, X, values, strict=True):
            assert value_at(py) == pytest.approx(value, abs=1)
            assert x_at(px) == pytest.approx(x, abs=0.01)
        xs = [px for px, _ in drawn.points]
        assert xs == sorted(xs)  # a larger x is further right
    # A larger value is drawn higher (a smaller pixel y): red falls, green rises.
    assert [py for _, py in red.points] == sorted(py for _, py in red.points)
    assert [py for _, py in green.points] == sorted((py for _, py in green.points), reverse=True)


def test_ticks_are_nice_danish_and_the_y_axis_starts_at_zero() -> None:
    root = _chart()
    y_labels = [label for _, label in _ticks(root, "y")]
    assert y_labels == ["0", "1.000", "2.000", "3.000", "4.000"]
    y_pixels = [py for py, _ in _ticks(root, "y")]
    assert y_pixels == sorted(y_pixels, reverse=True)  # 0 at the bottom
    x_labels = [label for _, label in _ticks(root, "x")]
    assert x_labels == ["0", "5", "10", "15"]  # whole thresholds: whole ticks
    for label in x_labels + y_labels:
        assert re.fullmatch(r"\d{1,3}(\.\d{3})*(,\d+)?", label), label
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "Tærskel: Klager ≥ 3" in texts
    assert "Enheder pr. foreslået farve" in texts


@pytest.mark.parametrize(
    ("low", "high", "whole", "expected"),
    [
        (0, 3518, True, [0, 1000, 2000, 3000, 4000]),
        (0, 7, True, [0, 2, 4, 6, 8]),
        (0, 1, True, [0, 1]),
        (0.2, 0.9, False, [0.2, 0.4, 0.6, 0.8, 1.0]),
        (1, 13, True, [0, 5, 10, 15]),
        (2.5, 2.5, False, [2.5]),
    ],
)
def test_nice_ticks_step_by_one_two_or_five(
    low: float, high: float, whole: bool, expected: list[float]
) -> None:
    ticks = nice_ticks(low, high, whole=whole)
    assert ticks == pytest.approx(expected)
    steps = {round(b - a, 9) for a, b in pairwise(ticks)}
    for step in steps:
        mantissa = step / 10 ** int(f"{step:e}".split("e")[1])
        assert round(mantissa, 6) in {1, 2, 5}


def test_decimal_ticks_are_written_with_a_comma() -> None:
    svg = line_chart_svg(
        [0.2, 0.5, 0.9], [Series("Andel", [1, 2, 3], "#000")], x_label="x", y_label="y"
    )
    x_labels = [label for _, label in _ticks(_parse(svg), "x")]
    assert x_labels == ["0,2", "0,4", "0,6", "0,8", "1"]


def test_series_differ_by_dash_and_marker_not_only_colour() -> None:
    four = [Series(name, [1, 2], "#777") for name in ("a", "b", "c", "d")]
    drawn = _series(_parse(line_chart_svg([0.0, 1.0], four, x_label="x", y_label="y")))
    assert len({d.dash for d in drawn}) == 4
    assert len({d.marker for d in drawn}) == 4
    red, green = _series(_chart())
    assert (red.marker, green.marker) == ("triangle", "square")  # given, then by position


def test_the_current_threshold_is_marked_at_its_x() -> None:
    root = _chart()
    (line,) = [e for e in root.iter(f"{SVG}line") if e.get("class") == "tw-marker"]
    red, _ = _series(root)
    assert float(line.get("x1") or 0) == pytest.approx(red.points[X.index(3.0)][0], abs=0.1)
    assert "nu" in [t.text for t in root.iter(f"{SVG}text")]


def test_everything_is_inside_the_drawing() -> None:
    root = _chart()
    width, height = float(root.get("width") or 0), float(root.get("height") or 0)
    for drawn in _series(root):
        assert all(0 <= x <= width and 0 <= y <= height for x, y in drawn.points)


def test_text_is_escaped_and_bad_input_is_refused() -> None:
    svg = line_chart_svg(
        [1.0], [Series("<b>x</b>", [0.0], "#000")], x_label="<i>", y_label='"', marker=None
    )
    assert "<b>" not in svg
    assert "&lt;b&gt;x&lt;/b&gt;" in svg
    _parse(svg)  # well-formed
    with pytest.raises(ValueError, match="mindst ét punkt"):
        line_chart_svg([], [], x_label="", y_label="")
    with pytest.raises(ValueError, match="serien 'a'"):
        line_chart_svg([1.0, 2.0], [Series("a", [1.0], "#000")], x_label="", y_label="")
