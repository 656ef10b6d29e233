"""The store's errors: Danish, catchable by their standard kinds."""

from __future__ import annotations

import pytest

from tilsynwidgets.store import (
    DatabaseUrlError,
    DuplicateUnitError,
    StoredRowError,
    StoreError,
    UnknownUnitError,
)
from tilsynwidgets.store.errors import id_listing


def test_unknown_unit_is_a_key_error_whose_text_is_the_message() -> None:
    error = UnknownUnitError(["A-1", "B-2"], "Enhederne findes ikke.")
    assert isinstance(error, KeyError)
    assert isinstance(error, StoreError)
    assert str(error) == "Enhederne findes ikke."
    assert error.unit_ids == ["A-1", "B-2"]
    assert UnknownUnitError("A-1", "x").unit_ids == ["A-1"]


@pytest.mark.parametrize("error", [DatabaseUrlError, DuplicateUnitError])
def test_input_errors_are_value_errors(error: type[StoreError]) -> None:
    assert issubclass(error, ValueError)
    assert issubclass(error, StoreError)


def test_stored_row_error_is_a_store_error() -> None:
    assert issubclass(StoredRowError, StoreError)


def test_id_listing_shortens_long_lists() -> None:
    assert id_listing(["A"]) == "'A'"
    assert id_listing([f"U{i}" for i in range(8)], limit=2) == "'U0', 'U1' og 6 flere"
