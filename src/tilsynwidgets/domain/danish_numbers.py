"""Numbers as a Dane writes them, once: "7.300", "2,5", "36,4", "75 %", "–" for unknown.

Screens, reports, workbooks, import errors and validation messages all format numbers
here; nothing else swaps points and commas by hand.
"""

from __future__ import annotations

import math

__all__ = ["danish_count", "danish_decimal", "danish_number", "danish_percent"]

UNKNOWN = "–"


def _swap(english: str) -> str:
    """``1,234.5`` → ``1.234,5``."""
    return english.replace(",", "\0").replace(".", ",").replace("\0", ".")


def danish_count(count: int) -> str:
    """``31999950`` → ``"31.999.950"``."""
    return _swap(f"{count:,}")


def danish_number(value: float) -> str:
    """As few digits as the value needs: ``24.0`` → ``"24"``, ``2.5`` → ``"2,5"``,
    ``1234.5`` → ``"1.234,5"``; not a number → ``"–"``."""
    if not math.isfinite(value):
        return UNKNOWN
    if value == int(value):
        return danish_count(int(value))
    return _swap(f"{value:,g}")


def danish_decimal(value: float, digits: int = 2) -> str:
    """``0.62`` → ``"0,62"`` (a fixed number of decimals); NaN → ``"–"``; a true minus."""
    if not math.isfinite(value):
        return UNKNOWN
    return _swap(f"{value:,.{digits}f}").replace("-", "−")


def danish_percent(share: float) -> str:
    """``0.75`` → ``"75 %"``; NaN → ``"–"``."""
    return UNKNOWN if not math.isfinite(share) else f"{100 * share:.0f} %"
