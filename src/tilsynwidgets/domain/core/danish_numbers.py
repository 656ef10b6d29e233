"""Numbers as a Dane writes them, once: "7.300", "2,5", "36,4", "75 %", "–" for unknown.

Screens, reports, workbooks, import errors and validation messages all format numbers
here, with Babel's Danish locale data; nothing else swaps points and commas by hand.
"""

from __future__ import annotations

import math
import re
from functools import cache

from babel import Locale
from babel.numbers import NumberPattern, format_decimal, parse_pattern

__all__ = [
    "counted",
    "danish_count",
    "danish_decimal",
    "danish_number",
    "danish_percent",
    "read_typed_number",
    "typed_number",
]

UNKNOWN = "–"
# Parsed once: looking the locale and a pattern up on every call costs ~30 µs a number, and
# a table of a few hundred cells is drawn on every edit (benchmarks/workshop_edit.py).
_LOCALE = Locale.parse("da_DK")


@cache
def _pattern(pattern: str) -> NumberPattern:
    return parse_pattern(pattern)


def danish_count(count: int) -> str:
    """``31999950`` → ``"31.999.950"``."""
    return str(_pattern("#,##0").apply(count, _LOCALE))


def danish_number(value: float) -> str:
    """As few digits as the value needs (at most three decimals): ``24.0`` → ``"24"``,
    ``2.5`` → ``"2,5"``, ``1234.5`` → ``"1.234,5"``; not a number → ``"–"``."""
    if not math.isfinite(value):
        return UNKNOWN
    return str(format_decimal(value, locale=_LOCALE))


def danish_decimal(value: float, digits: int = 2) -> str:
    """``0.62`` → ``"0,62"`` (a fixed number of decimals); NaN → ``"–"``; a true minus."""
    if not math.isfinite(value):
        return UNKNOWN
    pattern = "#,##0." + "0" * digits if digits else "#,##0"
    return str(_pattern(pattern).apply(value, _LOCALE)).replace("-", "−")


def danish_percent(share: float, digits: int = 0) -> str:
    """``0.75`` → ``"75 %"``; ``danish_percent(0.3645, 1)`` → ``"36,4 %"``; NaN → ``"–"``."""
    return UNKNOWN if not math.isfinite(share) else f"{danish_decimal(100 * share, digits)} %"


def counted(count: int, singular: str, plural: str) -> str:
    """A count with its noun in the right number: ``counted(1, "enhed", "enheder")`` →
    ``"1 enhed"``, ``counted(7300, "enhed", "enheder")`` → ``"7.300 enheder"``."""
    return f"{danish_count(count)} {singular if count == 1 else plural}"


# What a person types in a number field: digits, one decimal comma (a point is understood
# too), a leading minus; no thousands separators, which a point would make ambiguous.
_TYPED = re.compile(r"[-−]?\d+(?:[.,]\d+)?")


def typed_number(value: float) -> str:
    """A number as it stands in a field a Dane edits: no thousands separators, as few
    decimals as it needs: ``4.5`` → ``"4,5"``, ``7.0`` → ``"7"``, ``-1.5`` → ``"−1,5"``."""
    return str(_pattern("0.##########").apply(value, _LOCALE)).replace("-", "−")


def read_typed_number(text: str) -> float | None:
    """What :func:`typed_number` writes (or ``"4.5"``) as a number; ``None`` when the text
    is not a number."""
    typed = text.strip()
    if not _TYPED.fullmatch(typed):
        return None
    return float(typed.replace(",", ".").replace("−", "-"))
