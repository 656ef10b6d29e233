"""Field types shared by the domain models, with Danish validation messages."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator

__all__ = ["AwareDatetime", "NonBlank", "duplicated"]


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("skal udfyldes")
    return value.strip()


def _aware(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("tidspunktet skal have en tidszone")
    return value


NonBlank = Annotated[str, AfterValidator(_not_blank)]
"""Text that must hold more than whitespace; stored without surrounding whitespace."""

AwareDatetime = Annotated[datetime, AfterValidator(_aware)]
"""A point in time with a time zone, so records from anywhere compare correctly."""


def duplicated(values: Iterable[str]) -> list[str]:
    """The values that occur more than once, sorted (for 'findes flere gange' messages)."""
    counts = Counter(values)
    return sorted(value for value, count in counts.items() if count > 1)
