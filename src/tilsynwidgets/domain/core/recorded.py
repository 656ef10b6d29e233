"""Which of a unit's records is the latest: the rule every "in force" shares.

Records come in the order they were recorded. The latest is the one with the latest time;
of two with the same time, the one recorded last.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TypeVar

__all__ = ["latest_recorded"]

T = TypeVar("T")


def latest_recorded(records: Sequence[T], when: Callable[[T], datetime]) -> T | None:
    """The latest of ``records`` (given in recorded order) by ``when``; on equal times the
    one recorded last; ``None`` when there are none."""
    latest: T | None = None
    for record in records:
        if latest is None or when(record) >= when(latest):
            latest = record
    return latest
