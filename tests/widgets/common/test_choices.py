from __future__ import annotations

from tilsynwidgets.widgets.common.choices import ALL, choice, socialtilsyn_choice, unit_type_choice


def test_all_comes_first_and_means_no_filter() -> None:
    dropdown = choice("Team", [("Team 1", "Team 1")])
    assert dropdown.options[0] == ALL
    assert dropdown.value == ""
    assert dropdown.description == "Team"


def test_codes_carry_danish_labels() -> None:
    assert ("Socialtilsyn Øst", "oest") in socialtilsyn_choice().options
    assert ("Almen plejefamilie", "plejefamilie_almen") in unit_type_choice().options
