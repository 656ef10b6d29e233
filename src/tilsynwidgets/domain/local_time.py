"""Danish time, once: the zone every time a person reads is shown in.

Times are stored in UTC (the store's ``UTCDateTime``); screens, reports and workbooks show
them as a Danish reader expects, summer time included.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

__all__ = ["DANISH_TIME", "in_danish_time"]

DANISH_TIME = ZoneInfo("Europe/Copenhagen")


def in_danish_time(value: datetime) -> datetime:
    """An aware ``value`` in Danish time; a naive one is taken to be Danish time already."""
    return value.astimezone(DANISH_TIME) if value.tzinfo is not None else value
