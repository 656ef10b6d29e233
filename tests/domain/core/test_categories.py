from __future__ import annotations

from tilsynwidgets.domain.core.categories import Phase, RiskCategory


def test_categories_are_ordered_roed_above_gul_above_groen() -> None:
    assert RiskCategory.ROED > RiskCategory.GUL > RiskCategory.GROEN
    assert sorted([RiskCategory.ROED, RiskCategory.GROEN, RiskCategory.GUL]) == [
        RiskCategory.GROEN,
        RiskCategory.GUL,
        RiskCategory.ROED,
    ]
    assert max(RiskCategory) is RiskCategory.ROED
    assert RiskCategory.GUL <= RiskCategory.GUL
    assert RiskCategory.GUL >= RiskCategory.GROEN


def test_rank_round_trips() -> None:
    for category in RiskCategory:
        assert RiskCategory.from_rank(category.rank) is category
    assert [c.rank for c in (RiskCategory.GROEN, RiskCategory.GUL, RiskCategory.ROED)] == [0, 1, 2]


def test_values_are_stable_codes() -> None:
    assert RiskCategory("roed") is RiskCategory.ROED
    assert {p.value for p in Phase} == {"prae", "post", "ny"}
    assert RiskCategory.ROED == "roed"
    assert len({RiskCategory.ROED, RiskCategory("roed")}) == 1
