from __future__ import annotations

from datetime import UTC, datetime

from tilsynwidgets.domain.core.local_time import DANISH_TIME, in_danish_time


def test_winter_and_summer_time() -> None:
    winter = in_danish_time(datetime(2026, 11, 1, 8, 0, tzinfo=UTC))
    summer = in_danish_time(datetime(2026, 7, 1, 8, 0, tzinfo=UTC))
    assert (winter.hour, winter.utcoffset()) == (9, DANISH_TIME.utcoffset(winter))
    assert winter.strftime("%H.%M %Z") == "09.00 CET"
    assert summer.strftime("%H.%M %Z") == "10.00 CEST"


def test_a_naive_time_is_left_as_it_is() -> None:
    naive = datetime(2026, 11, 1, 9, 0)  # already Danish time, as a form gives it
    assert in_danish_time(naive) is naive


def test_dates_and_times_in_danish_words() -> None:
    from datetime import date

    from tilsynwidgets.domain.core.local_time import format_stamp

    assert format_stamp(date(2026, 11, 1)) == "1. november 2026"
    assert format_stamp(datetime(2026, 11, 1, 8, 0, tzinfo=UTC)) == "1. november 2026 kl. 09.00"
