from __future__ import annotations

import pandas as pd

from tilsynwidgets.domain.core.unit_search import UnitQuery, find_units, search_words

UNITS = pd.DataFrame(
    {
        "id": ["T-00001", "T-00012", "P-00001", "P-00120"],
        "name": [
            "Bostedet Egebakken",
            "Opholdsstedet Solhøj",
            "Plejefamilien Holm",
            "Plejefamilien Egeby, Horsens",
        ],
        "unit_type": ["voksne_botilbud", "boern_doegn", "plejefamilie_almen", "plejefamilie_almen"],
        "socialtilsyn": ["syd", "nord", "syd", "midt"],
        "team": ["Team Syd 1", "Team Nord 1", "Team Syd 2", "Team Midt 2"],
    }
)
CATEGORIES = pd.Series({"T-00001": "roed", "T-00012": "groen", "P-00001": "gul"})


def ids(query: UnitQuery, limit: int = 200) -> list[str]:
    return list(find_units(UNITS, CATEGORIES, query, limit)["id"])


def test_text_matches_name_or_id_case_insensitively() -> None:
    assert ids(UnitQuery(text="ege")) == ["T-00001", "P-00120"]
    assert ids(UnitQuery(text="p-0012")) == ["P-00120"]
    assert ids(UnitQuery(text="SOLHØJ")) == ["T-00012"]


def test_exact_id_comes_first() -> None:
    assert ids(UnitQuery(text="p-00001")) == ["P-00001"]
    units = pd.DataFrame(
        {
            "id": ["T-000120", "T-00012"],
            "name": ["A", "B"],
            "unit_type": ["boern_doegn"] * 2,
            "socialtilsyn": ["syd"] * 2,
            "team": ["Team Syd 1"] * 2,
        }
    )
    found = find_units(units, pd.Series(dtype=object), UnitQuery(text="t-00012"))
    assert list(found["id"]) == ["T-00012", "T-000120"]


def test_filters_combine() -> None:
    assert ids(UnitQuery(socialtilsyn="syd")) == ["T-00001", "P-00001"]
    assert ids(UnitQuery(socialtilsyn="syd", category="gul")) == ["P-00001"]
    assert ids(UnitQuery(unit_type="plejefamilie_almen", category="ingen")) == ["P-00120"]


def test_limit_keeps_the_total() -> None:
    found = find_units(UNITS, CATEGORIES, UnitQuery(), limit=2)
    assert len(found) == 2
    assert found.attrs["total"] == 4
    assert list(found.columns) == ["id", "name", "unit_type", "socialtilsyn", "team", "category"]


def test_hostile_text_is_only_text() -> None:
    assert ids(UnitQuery(text=".*")) == []
    assert ids(UnitQuery(text="<img src=x>")) == []


def test_words_match_in_any_order_without_their_punctuation() -> None:
    assert search_words("Fyrrely, Horsens") == ["fyrrely", "horsens"]
    assert ids(UnitQuery(text="horsens egeby")) == ["P-00120"]
    assert ids(UnitQuery(text="Egeby, Horsens")) == ["P-00120"]
    assert ids(UnitQuery(text="plejefamilien horsens")) == ["P-00120"]
    assert ids(UnitQuery(text="p-00120 horsens")) == ["P-00120"]  # id and town together
    assert ids(UnitQuery(text="egeby aalborg")) == []  # every word must be found
    assert ids(UnitQuery(text="  ,  ")) == ["T-00001", "T-00012", "P-00001", "P-00120"]


def test_my_team_keeps_only_the_team_and_combines_with_the_rest() -> None:
    assert ids(UnitQuery(team="Team Syd 2")) == ["P-00001"]
    assert ids(UnitQuery(team="Team Syd 1", text="ege")) == ["T-00001"]
    assert ids(UnitQuery(team="Team Syd 1", category="gul")) == []
    assert ids(UnitQuery(team="Et team uden enheder")) == []
