"""The line beside the submit button."""

from __future__ import annotations

from tilsynwidgets.forms import Problem
from tilsynwidgets.forms._status import status_html


def test_nothing_when_valid() -> None:
    assert status_html([]) == ""


def test_names_the_fields_to_fix_once_each_and_escaped() -> None:
    problems = [
        Problem("a", "skal udfyldes", "Navn"),
        Problem("a", "for kort", "Navn"),
        Problem("", "afviger", ""),
        Problem("b", "x", "<b>Fed</b>"),
    ]
    html = status_html(problems)
    assert (
        "Kan ikke gemmes endnu: 4 fejl (Navn, se beskeden ovenfor, &lt;b&gt;Fed&lt;/b&gt;)" in html
    )


def test_long_lists_are_cut() -> None:
    problems = [Problem(str(i), "x", f"Felt {i}") for i in range(6)]
    assert "(Felt 0, Felt 1, Felt 2, Felt 3, …)" in status_html(problems)
