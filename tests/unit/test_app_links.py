"""Links between the apps: the inspector's address with a unit, and the unit read back from
the query string Voilà hands the kernel."""

from __future__ import annotations

import pytest

from tilsynwidgets.app_links import inspector_url, linked_unit


def test_the_inspector_url_names_the_unit_escaped() -> None:
    assert inspector_url("T-00012") == "Tilsynsfoerende.ipynb?enhed=T-00012"
    assert inspector_url("a&b c/<d>") == "Tilsynsfoerende.ipynb?enhed=a%26b%20c%2F%3Cd%3E"


@pytest.mark.parametrize("unit_id", ["T-00012", "a&b c/<d>", "Æble ø"])
def test_a_unit_in_a_link_is_read_back_from_the_query_string(unit_id: str) -> None:
    query = inspector_url(unit_id).split("?", 1)[1]
    assert linked_unit({"QUERY_STRING": query}) == unit_id


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("", None),
        ("enhed=", None),
        ("enhed=%20%20", None),
        ("andet=T-1", None),
        ("enhed=T-1&enhed=T-2", "T-1"),
        ("foo=1&enhed=+T-1+", "T-1"),
        ("enhed=" + "x" * 500, "x" * 200),
    ],
)
def test_the_query_string_names_at_most_one_unit(query: str, found: str | None) -> None:
    assert linked_unit({"QUERY_STRING": query}) == found


def test_without_a_query_string_no_unit_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("QUERY_STRING", raising=False)
    assert linked_unit() is None
    monkeypatch.setenv("QUERY_STRING", "enhed=P-00003")
    assert linked_unit() == "P-00003"
