"""Units to rows and back."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from tilsynwidgets.store import DuplicateUnitError
from tilsynwidgets.store.unit_rows import unit_columns, unit_from_row, unit_row, unit_rows


def test_row_holds_plain_values(build: SimpleNamespace) -> None:
    row = unit_row(build.unit())
    assert row["unit_type"] == "voksne_botilbud"
    assert type(row["unit_type"]) is str
    assert row["socialtilsyn"] == "midt"
    assert row["last_announced_visit"] == date(2024, 10, 3)
    assert "signals" not in row  # carried over as information, not a column


def test_row_reads_back_as_an_equal_unit_without_signals(build: SimpleNamespace) -> None:
    unit = build.unit()
    row = unit_row(unit)
    read = unit_from_row([row[column.name] for column in unit_columns()])
    assert read == unit.model_copy(update={"signals": {}})


def test_duplicate_ids_are_named(build: SimpleNamespace) -> None:
    with pytest.raises(DuplicateUnitError, match="'A-1', 'B-2'"):
        unit_rows([build.unit("B-2"), build.unit("A-1"), build.unit("A-1"), build.unit("B-2")])
