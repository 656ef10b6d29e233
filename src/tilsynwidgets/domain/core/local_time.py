"""Danish time, once: the zone every time a person reads is shown in.

Times are stored in UTC (the store's ``UTCDateTime``); screens, reports and workbooks show
them as a Danish reader expects, summer time included.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

__all__ = ["DANISH_TIME", "format_stamp", "in_danish_time"]

DANISH_TIME = ZoneInfo("Europe/Copenhagen")

_MONTHS = (
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
)


def in_danish_time(value: datetime) -> datetime:
    """An aware ``value`` in Danish time; a naive one is taken to be Danish time already."""
    return value.astimezone(DANISH_TIME) if value.tzinfo is not None else value


def format_stamp(value: date) -> str:
    """A date or time in Danish, e.g. "1. marts 2025" or "1. marts 2025 kl. 07.00"
    (time-zone-aware times in Danish time)."""
    if isinstance(value, datetime):
        local = in_danish_time(value)
        return (
            f"{local.day}. {_MONTHS[local.month - 1]} {local.year} "
            f"kl. {local.hour:02d}.{local.minute:02d}"
        )
    return f"{value.day}. {_MONTHS[value.month - 1]} {value.year}"
