from __future__ import annotations

from tilsynwidgets.presentation.svg_text import Box, text_box, wrap


def test_a_long_label_is_split_at_the_space_nearest_its_middle() -> None:
    assert wrap("Kompetencer", 18) == ["Kompetencer"]
    assert wrap("3. Målgrupper, metoder og resultater (2,2)", 18) == [
        "3. Målgrupper, metoder",
        "og resultater (2,2)",
    ]
    assert wrap("Familiestrukturogfamiliedynamik", 18) == ["Familiestrukturogfamiliedynamik"]


def test_the_box_follows_the_anchor_and_the_lines() -> None:
    assert text_box(100, 50, ["abcde"], 10, "start") == Box(100, 40, 130, 53)
    assert text_box(100, 50, ["abcde"], 10, "end") == Box(70, 40, 100, 53)
    assert text_box(100, 50, ["abcde", "ab"], 10, "middle") == Box(85, 40, 115, 65)
