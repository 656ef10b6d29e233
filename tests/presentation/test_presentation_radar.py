from __future__ import annotations

import math
import xml.etree.ElementTree as ET

import pytest

from tilsynwidgets.presentation.radar import radar_svg

SVG = "{http://www.w3.org/2000/svg}"
THEMES = [
    "1. Uddannelse og beskæftigelse",
    "2. Selvstændighed og relationer",
    "3. Målgrupper, metoder og resultater",
    "4. Sundhed og trivsel",
    "5. Familiestruktur og familiedynamik",
    "6. Kompetencer",
    "7. Fysiske rammer",
]


def _texts(root: ET.Element, kind: str) -> list[ET.Element]:
    return [t for t in root.iter(f"{SVG}text") if t.get("class") == kind]


def _lines(text: ET.Element) -> list[str]:
    spans = list(text.iter(f"{SVG}tspan"))
    return [s.text or "" for s in spans] if spans else [text.text or ""]


def _extent(text: ET.Element) -> tuple[float, float, float, float]:
    """(left, top, right, bottom), each line ~0.6 × font size per character wide."""
    size = float(text.get("font-size", "0"))
    lines = _lines(text)
    x, y = float(text.get("x", "0")), float(text.get("y", "0"))
    width = 0.6 * size * max(len(line) for line in lines)
    anchor = text.get("text-anchor", "start")
    left = x - width if anchor == "end" else x - width / 2 if anchor == "middle" else x
    dys = [float(s.get("dy", "0")) for s in text.iter(f"{SVG}tspan")]
    bottom = y + sum(dys) + 0.3 * size
    return left, y - size, left + width, bottom


def _centre(root: ET.Element) -> tuple[float, float]:
    line = next(root.iter(f"{SVG}line"))
    return float(line.get("x1", "0")), float(line.get("y1", "0"))


def _shape(root: ET.Element) -> list[tuple[float, float]]:
    *_rings, shape = root.iter(f"{SVG}polygon")
    pairs = (p.split(",") for p in (shape.get("points") or "").split())
    return [(float(x), float(y)) for x, y in pairs]


def test_each_axis_shows_its_theme_and_score_in_danish() -> None:
    root = ET.fromstring(
        radar_svg(["Kompetencer", "Fysiske rammer", "Sundhed & trivsel"], [4.5, 3.0, 5.0])
    )
    shown = [" ".join(_lines(t)) for t in _texts(root, "tw-axis")]
    assert shown == ["Kompetencer (4,5)", "Fysiske rammer (3,0)", "Sundhed & trivsel (5,0)"]
    polygons = list(root.iter(f"{SVG}polygon"))
    assert len(polygons) == 6  # five rings and the scores


@pytest.mark.parametrize("size", [240, 360])
def test_no_label_reaches_outside_the_drawing(size: int) -> None:
    """The long theme names of the quality model ('Målgrupper, metoder og resultater') were
    cut on both sides; every text's estimated box now lies inside the viewBox."""
    root = ET.fromstring(radar_svg(THEMES, [3.5, 4.0, 2.2, 5.0, 1.0, 3.0, 4.4], size=size))
    left, top, width, height = (float(v) for v in (root.get("viewBox") or "").split())
    texts = list(root.iter(f"{SVG}text"))
    assert len(texts) == len(THEMES) + 5
    for text in texts:
        x0, y0, x1, y1 = _extent(text)
        assert left <= x0, (_lines(text), x0, left)
        assert x1 <= left + width, (_lines(text), x1, left + width)
        assert top <= y0, (_lines(text), y0, top)
        assert y1 <= top + height, (_lines(text), y1, top + height)
    long = [t for t in _texts(root, "tw-axis") if len(_lines(t)) == 2]
    assert long, "long theme names are wrapped onto two lines"
    assert " ".join(_lines(_texts(root, "tw-axis")[2])) == (
        "3. Målgrupper, metoder og resultater (2,2)"
    )


def test_a_larger_score_lies_further_from_the_centre() -> None:
    values = [1.0, 2.0, 3.0, 4.0, 5.0]
    root = ET.fromstring(radar_svg(list("abcde"), values))
    cx, cy = _centre(root)
    distances = [math.dist((cx, cy), p) for p in _shape(root)]
    assert distances == sorted(distances)
    assert distances[0] > 0
    assert distances[-1] == pytest.approx(5 * distances[0], rel=0.01)


def test_rings_are_labelled_one_to_five_outwards() -> None:
    root = ET.fromstring(radar_svg(list("abc"), [1, 2, 3]))
    rings = _texts(root, "tw-ring")
    assert [t.text for t in rings] == ["1", "2", "3", "4", "5"]
    _cx, cy = _centre(root)
    ys = [float(t.get("y", "0")) for t in rings]
    assert all(y < cy for y in ys[1:])
    assert ys == sorted(ys, reverse=True)  # 5 is the outermost, upwards from the centre


def test_the_chart_says_its_scores_to_screen_readers() -> None:
    root = ET.fromstring(radar_svg(["Kompetencer", "Fysiske rammer", "Sundhed"], [4.5, 3, 5]))
    assert root.get("role") == "img"
    assert root.get("aria-label") == (
        "Temascorer på skalaen 1 til 5: Kompetencer: 4,5; Fysiske rammer: 3,0; Sundhed: 5,0"
    )


def test_score_at_maximum_reaches_the_outer_ring() -> None:
    svg = radar_svg(["a", "b", "c"], [5, 5, 5], size=200)
    root = ET.fromstring(svg)
    *rings, shape = root.iter(f"{SVG}polygon")
    assert shape.get("points") == rings[-1].get("points")


def test_labels_are_escaped_and_sizes_checked() -> None:
    assert "<img" not in radar_svg(["<img src=x>", "b", "c"], [1, 2, 3])
    with pytest.raises(ValueError, match="mindst tre"):
        radar_svg(["a", "b"], [1, 2])
    with pytest.raises(ValueError, match="lige mange"):
        radar_svg(["a", "b", "c"], [1, 2])
