"""What the criteria editor fills in for a consultant: a new criterion's id, derived from its
signal, and a threshold for a signal that is to be compared."""

from __future__ import annotations

import re
from collections.abc import Collection

from tilsynwidgets.domain.core.signals import Signal

__all__ = ["criterion_id_for", "derived_from", "threshold_for"]

_ID_LENGTH = 64  # Criterion.id's pattern: a letter, then at most 63 of [a-z0-9_]


def criterion_id_for(signal: str, taken: Collection[str]) -> str:
    """A new criterion's id for ``signal``: the signal's key (``complaints``), or with a
    number when that is taken (``complaints_2``)."""
    if signal[:_ID_LENGTH] not in taken:
        return signal[:_ID_LENGTH]
    number = 2
    while True:
        suffix = f"_{number}"
        candidate = f"{signal[: _ID_LENGTH - len(suffix)]}{suffix}"
        if candidate not in taken:
            return candidate
        number += 1


def derived_from(criterion_id: str, signal: str) -> bool:
    """Whether ``criterion_id`` is one :func:`criterion_id_for` gives ``signal`` (or the
    placeholder id ``nyt_kriterium_<n>`` of a criterion added before ids were derived)."""
    pattern = rf"(?:{re.escape(signal)}|nyt_kriterium)(?:_\d+)?"
    return re.fullmatch(pattern, criterion_id) is not None


def threshold_for(signal: Signal) -> float:
    """A first threshold for comparing ``signal``: 1 when the signal can be 1 (a count: one
    or more), else its minimum."""
    low = signal.minimum if signal.minimum is not None else 0.0
    high = signal.maximum if signal.maximum is not None else 1.0
    return 1.0 if low <= 1.0 <= high else low
