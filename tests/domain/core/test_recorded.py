from __future__ import annotations

from datetime import UTC, datetime

from tilsynwidgets.domain.core.recorded import latest_recorded

EARLY = datetime(2026, 1, 1, tzinfo=UTC)
LATE = datetime(2026, 6, 1, tzinfo=UTC)


def test_the_latest_by_time_and_on_equal_times_the_one_recorded_last() -> None:
    records = [("a", LATE), ("b", EARLY), ("c", LATE), ("d", EARLY)]
    assert latest_recorded(records, lambda r: r[1]) == ("c", LATE)
    assert latest_recorded(records[:2], lambda r: r[1]) == ("a", LATE)
    assert latest_recorded([], lambda r: r[1]) is None
