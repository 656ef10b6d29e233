from __future__ import annotations

import pandas as pd
import pytest

from tilsynwidgets.domain.core.categories import RiskCategory
from tilsynwidgets.widgets.inspector.picker import UnitPicker

UNITS = pd.DataFrame(
    {
        "id": ["T-1", "T-2", "P-1"],
        "name": ["Bostedet Egebakken", "Opholdsstedet Solhøj", "Plejefamilien Holm"],
        "unit_type": ["voksne_botilbud", "boern_doegn", "plejefamilie_almen"],
        "socialtilsyn": ["syd", "nord", "syd"],
        "team": ["Team Syd 1", "Team Nord 1", "Team Syd 2"],
    }
)


def test_search_filter_and_choose() -> None:
    picker = UnitPicker(UNITS, pd.Series({"T-1": "roed", "P-1": "gul"}))
    assert len(picker.results.options) == 3
    assert "3 enheder fundet" in picker.count.value
    picker.search.value = "ege"
    assert [value for _, value in picker.results.options] == ["T-1"]
    assert picker.results.options[0][0].startswith("▲ T-1")
    picker.results.value = "T-1"
    assert picker.unit_id == "T-1"
    picker.search.value = ""
    picker.category.value = "ingen"
    assert [value for _, value in picker.results.options] == ["T-2"]
    assert picker.unit_id == "T-1"  # the chosen unit stays chosen while filtering


def test_the_count_is_danish_in_number_and_noun() -> None:
    many = pd.DataFrame(
        {
            "id": [f"P-{n}" for n in range(1, 1202)],
            "name": [f"Plejefamilien {n}" for n in range(1, 1202)],
            "unit_type": "plejefamilie_almen",
            "socialtilsyn": "syd",
            "team": "Team Syd 2",
        }
    )
    picker = UnitPicker(many, pd.Series(dtype=str), limit=200)
    assert picker.count.value == "<small>1.201 enheder fundet (viser de første 200).</small>"
    picker.search.value = "Plejefamilien 1201"
    assert picker.count.value == "<small>1 enhed fundet.</small>"


def test_new_colour_is_reflected() -> None:
    picker = UnitPicker(UNITS, pd.Series({"T-1": "roed"}))
    picker.category.value = "groen"
    assert picker.results.options == ()
    picker.update_category("T-2", RiskCategory.GROEN)
    assert [value for _, value in picker.results.options] == ["T-2"]


def test_limit_says_how_many_are_shown() -> None:
    picker = UnitPicker(UNITS, pd.Series(dtype=object), limit=2)
    assert "3 enheder fundet (viser de første 2)" in picker.count.value


def test_refreshing_the_list_never_chooses_another_unit() -> None:
    picker = UnitPicker(UNITS, pd.Series({"T-1": "roed", "P-1": "gul"}))
    chosen: list[str] = []
    picker.observe(lambda change: chosen.append(change["new"]), names=["unit_id"])
    last = picker.results.options[-1][1]
    picker.results.value = last
    picker.update_category("T-2", RiskCategory.GUL)  # relabels the list, the unit stays
    assert picker.results.value == last
    picker.category.value = "roed"  # hides the chosen unit
    assert picker.results.value is None
    picker.category.value = ""
    assert picker.results.value == last
    assert chosen == [last]  # the inspector was never asked to show another unit


def test_words_in_any_order_find_the_unit() -> None:
    picker = UnitPicker(UNITS, pd.Series(dtype=object))
    picker.search.value = "holm plejefamilien"
    assert [value for _, value in picker.results.options] == ["P-1"]
    picker.search.value = "Holm, P-1"
    assert [value for _, value in picker.results.options] == ["P-1"]


def test_an_empty_result_says_so_and_clears_everything() -> None:
    picker = UnitPicker(UNITS, pd.Series({"T-1": "roed", "P-1": "gul"}))
    assert picker.clear.layout.display == "none"  # nothing to clear
    picker.search.value = "holm"
    assert picker.clear.layout.display is None
    picker.socialtilsyn.value = "nord"
    assert picker.results.options == ()
    assert "Ingen enheder passer til søgningen og filtrene." in picker.count.value
    picker.clear.click()
    assert (picker.search.value, picker.socialtilsyn.value) == ("", "")
    assert len(picker.results.options) == 3
    assert "3 enheder fundet" in picker.count.value
    assert picker.clear.layout.display == "none"


def test_a_chosen_unit_filtered_away_is_marked() -> None:
    picker = UnitPicker(UNITS, pd.Series({"T-1": "roed", "P-1": "gul"}))
    picker.results.value = "P-1"
    picker.socialtilsyn.value = "nord"
    assert picker.unit_id == "P-1"  # the work in progress stays on screen …
    assert "Den valgte enhed (P-1) er ikke blandt dem" in picker.count.value  # … marked
    picker.socialtilsyn.value = "syd"
    assert "Den valgte enhed" not in picker.count.value


def test_my_team_is_on_where_the_team_is_known_and_cleared_with_the_rest() -> None:
    picker = UnitPicker(UNITS, pd.Series({"T-1": "roed"}), team="Team Syd 2")
    assert picker.my_team.value is True
    assert picker.my_team.description == "Kun mit team (Team Syd 2)"
    assert [value for _, value in picker.results.options] == ["P-1"]
    assert "1 enhed fundet" in picker.count.value
    picker.clear_query()
    assert picker.my_team.value is False
    assert len(picker.results.options) == 3


def test_my_team_is_hidden_where_the_team_is_unknown_or_has_no_units() -> None:
    for team in (None, "Team Øst 9"):
        picker = UnitPicker(UNITS, pd.Series(dtype=object), team=team)
        assert picker.my_team.value is False
        assert picker.my_team.layout.display == "none"
        assert len(picker.results.options) == 3


def test_choosing_a_listed_unit_clears_the_note_about_a_hidden_one() -> None:
    picker = UnitPicker(UNITS, pd.Series({"T-1": "roed", "P-1": "gul"}))
    picker.results.value = "P-1"
    picker.search.value = "T-1"
    assert "Den valgte enhed (P-1) er ikke blandt dem" in picker.count.value
    picker.results.value = "T-1"
    assert picker.unit_id == "T-1"
    assert "Den valgte enhed" not in picker.count.value
    assert picker.results.value == "T-1"


def test_a_unit_chosen_from_outside_the_list() -> None:
    picker = UnitPicker(UNITS, pd.Series({"T-1": "roed", "P-1": "gul"}))
    picker.choose("P-1")  # listed: selected in the list too
    assert picker.unit_id == "P-1"
    assert picker.results.value == "P-1"
    picker.search.value = "egebakken"
    picker.choose("T-2")  # not listed: chosen all the same, and the count line says so
    assert picker.unit_id == "T-2"
    assert "Den valgte enhed (T-2) er ikke blandt dem" in picker.count.value
    with pytest.raises(ValueError, match="findes ikke"):
        picker.choose("X-9")
    assert picker.unit_id == "T-2"
