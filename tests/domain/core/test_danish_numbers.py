from __future__ import annotations

import math

import pytest

from tilsynwidgets.domain.core.danish_numbers import (
    counted,
    danish_count,
    danish_decimal,
    danish_number,
    danish_percent,
    read_typed_number,
    typed_number,
)


@pytest.mark.parametrize(
    ("value", "shown"),
    [(0, "0"), (7300, "7.300"), (31_999_950, "31.999.950"), (-1200, "-1.200")],
)
def test_counts(value: int, shown: str) -> None:
    assert danish_count(value) == shown


@pytest.mark.parametrize(
    ("value", "shown"),
    [(24.0, "24"), (2.5, "2,5"), (1234.5, "1.234,5"), (7300.0, "7.300"), (0.125, "0,125")],
)
def test_numbers_with_the_digits_they_need(value: float, shown: str) -> None:
    assert danish_number(value) == shown


def test_decimals_percent_and_unknown() -> None:
    assert danish_decimal(36.44, 1) == "36,4"
    assert danish_decimal(-0.5) == "−0,50"
    assert danish_decimal(1234.5, 1) == "1.234,5"
    assert danish_percent(0.364) == "36 %"
    assert danish_percent(0.364499, 1) == "36,4 %"
    assert danish_percent(1.0, 1) == "100,0 %"
    for unknown in (math.nan, math.inf):
        assert danish_number(unknown) == danish_decimal(unknown) == danish_percent(unknown) == "–"


@pytest.mark.parametrize(
    ("count", "shown"),
    [(0, "0 enheder"), (1, "1 enhed"), (2, "2 enheder"), (7300, "7.300 enheder")],
)
def test_counted_nouns_agree_with_their_number(count: int, shown: str) -> None:
    assert counted(count, "enhed", "enheder") == shown


def test_a_typed_number_is_written_and_read_back_the_danish_way() -> None:
    assert [typed_number(v) for v in (4.5, 7.0, -1.5, 2500.25, 0.0)] == [
        "4,5",
        "7",
        "−1,5",
        "2500,25",  # no thousands separator: a field holds what a person types
        "0",
    ]
    for value in (4.5, 7.0, -1.5, 2500.25, 0.125):
        assert read_typed_number(typed_number(value)) == value
    assert read_typed_number(" 4.5 ") == 4.5
    assert read_typed_number("2.500,5") is None
    assert read_typed_number("fire") is None
