from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pydantic import BaseModel, ValidationError

from tilsynwidgets.domain.fields import AwareDatetime, NonBlank, duplicated
from tilsynwidgets.domain.messages import danish_error


class Record(BaseModel):
    who: NonBlank
    when: AwareDatetime


def test_text_is_trimmed_and_time_keeps_its_zone() -> None:
    record = Record(who="  tk-syd-11 ", when=datetime(2026, 1, 2, 3, 4, tzinfo=UTC))
    assert record.who == "tk-syd-11"
    assert record.when.tzinfo is UTC


@pytest.mark.parametrize(
    ("who", "when", "message"),
    [
        ("   ", datetime(2026, 1, 2, tzinfo=UTC), "skal udfyldes"),
        ("tk", datetime(2026, 1, 2), "tidspunktet skal have en tidszone"),
    ],
)
def test_blank_text_and_naive_time_are_refused(who: str, when: datetime, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Record(who=who, when=when)
    assert danish_error(caught.value.errors()[0]) == message


def test_duplicated_lists_each_repeated_value_once() -> None:
    assert duplicated(["b", "a", "b", "c", "a", "b"]) == ["a", "b"]
    assert duplicated([]) == []
