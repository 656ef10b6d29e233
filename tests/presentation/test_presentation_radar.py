from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from tilsynwidgets.presentation.radar import radar_svg


def test_radar_is_valid_svg_with_labelled_axes() -> None:
    svg = radar_svg(["Kompetencer", "Fysiske rammer", "Sundhed & trivsel"], [4.5, 3.0, 5.0])
    root = ET.fromstring(svg)
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert texts == ["Kompetencer (4,5)", "Fysiske rammer (3,0)", "Sundhed & trivsel (5,0)"]
    polygons = list(root.iter("{http://www.w3.org/2000/svg}polygon"))
    assert len(polygons) == 6  # five rings and the scores


def test_score_at_maximum_reaches_the_outer_ring() -> None:
    svg = radar_svg(["a", "b", "c"], [5, 5, 5], size=200)
    root = ET.fromstring(svg)
    *rings, shape = root.iter("{http://www.w3.org/2000/svg}polygon")
    assert shape.get("points") == rings[-1].get("points")


def test_labels_are_escaped_and_sizes_checked() -> None:
    assert "<img" not in radar_svg(["<img src=x>", "b", "c"], [1, 2, 3])
    with pytest.raises(ValueError, match="mindst tre"):
        radar_svg(["a", "b"], [1, 2])
    with pytest.raises(ValueError, match="lige mange"):
        radar_svg(["a", "b", "c"], [1, 2])
