"""Text in hand-made SVG charts: wrapping a label and estimating the box it covers, so a
chart can make room for its longest label instead of cutting it off.

The width of a line is estimated as 0.6 × font size per character, generous for the sans
serif fonts the apps and the report use.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

__all__ = ["CHAR_WIDTH", "LINE_HEIGHT", "Box", "text_box", "wrap"]

CHAR_WIDTH = 0.6  # × font size
LINE_HEIGHT = 1.2  # × font size
Anchor = Literal["start", "middle", "end"]


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float


def wrap(text: str, width: int) -> list[str]:
    """``text`` on one line, or on two split at the space nearest its middle when longer
    than ``width`` characters (a text without spaces stays whole)."""
    if len(text) <= width or " " not in text:
        return [text]
    middle = len(text) / 2
    spaces = [i for i, c in enumerate(text) if c == " "]
    cut = min(spaces, key=lambda i: abs(i - middle))
    return [text[:cut], text[cut + 1 :]]


def text_box(x: float, y: float, lines: Sequence[str], font_size: float, anchor: str) -> Box:
    """The estimated box of ``lines`` drawn from baseline ``y`` (one line under the other)."""
    width = CHAR_WIDTH * font_size * max((len(line) for line in lines), default=0)
    left = x - width if anchor == "end" else x - width / 2 if anchor == "middle" else x
    top = y - font_size
    bottom = y + LINE_HEIGHT * font_size * (len(lines) - 1) + 0.3 * font_size
    return Box(left, top, left + width, bottom)
