from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tilsynwidgets.domain.core.categories import RiskCategory
from tilsynwidgets.domain.portfolio.figures import COLOURS, colour_distribution
from tilsynwidgets.domain.risk.criteria import AggregationRule, CriteriaCatalogue
from tilsynwidgets.domain.risk.current import current_categories
from tilsynwidgets.domain.risk.evaluation import evaluate_portfolio
from tilsynwidgets.domain.workshop.effect import (
    CHANGE_COLUMNS,
    CRITERIA_COLUMNS,
    NO_SUGGESTION_CODE,
    SUGGESTIONS,
    WorkshopData,
    colour_ranks,
    effect,
)

ROED, GUL, GROEN = RiskCategory.ROED, RiskCategory.GUL, RiskCategory.GROEN
RANK = {c.value: c.rank for c in RiskCategory}

# Builders from tests/unit/conftest.py, shared with test_threshold_sweep.py (fixtures); the
# hand-made portfolio (hand_units, hand_data, hand_catalogue) is described there.
HandUnits = Callable[[], pd.DataFrame]
HandData = Callable[[], WorkshopData]
MakeCatalogue = Callable[..., CriteriaCatalogue]
Sample = tuple[pd.DataFrame, WorkshopData]
WithThreshold = Callable[[CriteriaCatalogue, str, float], CriteriaCatalogue]
Catalogues = Callable[..., st.SearchStrategy[CriteriaCatalogue]]


def rank_of(code: object) -> int:
    """A suggestion's rank; -1 for none (NaN)."""
    return -1 if pd.isna(code) else RANK[str(code)]


def without(cat: CriteriaCatalogue, position: int) -> CriteriaCatalogue:
    criteria = cat.criteria[:position] + cat.criteria[position + 1 :]
    return cat.model_copy(update={"criteria": criteria})


@pytest.fixture
def saved(hand_catalogue: CriteriaCatalogue, with_threshold: WithThreshold) -> CriteriaCatalogue:
    """The saved version the edit is compared with: r1 at complaints ≥ 8."""
    return with_threshold(hand_catalogue, "r1", 8).model_copy(update={"version": "gemt"})


# --- the hand-made portfolio ------------------------------------------------------------------


def test_hand_made_suggestions_and_distributions(
    hand_data: HandData, hand_catalogue: CriteriaCatalogue
) -> None:
    result = effect(hand_data(), hand_catalogue)
    assert list(result.suggested) == ["roed", "roed", "gul", "gul", "groen", "roed", "groen"]
    assert list(result.escalated) == [False, True, False, False, False, False, False]
    assert result.totals.to_dict() == {"roed": 3, "gul": 2, "groen": 2, NO_SUGGESTION_CODE: 0}
    assert list(result.by_socialtilsyn.columns) == SUGGESTIONS == [*COLOURS, "intet_forslag"]
    none = NO_SUGGESTION_CODE
    assert result.by_socialtilsyn.to_dict("index") == {
        "nord": {"roed": 2, "gul": 1, "groen": 0, none: 0},
        "syd": {"roed": 1, "gul": 1, "groen": 2, none: 0},
    }
    assert result.by_unit_type.to_dict("index") == {
        "boern_doegn": {"roed": 2, "gul": 1, "groen": 0, none: 0},
        "plejefamilie_almen": {"roed": 1, "gul": 0, "groen": 1, none: 0},
        "voksne_botilbud": {"roed": 0, "gul": 1, "groen": 1, none: 0},
    }
    assert result.changes is None
    assert result.change_matrix is None


def test_hand_made_changes_against_the_saved_version(
    hand_data: HandData, hand_catalogue: CriteriaCatalogue, saved: CriteriaCatalogue
) -> None:
    # Saved: r1 at complaints ≥ 8, so a is gul there (f stays rød: three gul escalate).
    result = effect(hand_data(), hand_catalogue, saved)
    assert result.changes is not None
    assert result.change_matrix is not None
    assert tuple(result.changes.columns) == CHANGE_COLUMNS
    assert result.changes.to_dict("records") == [
        {
            "id": "a",
            "name": "Enhed a",
            "socialtilsyn": "nord",
            "unit_type": "boern_doegn",
            "before": "gul",
            "after": "roed",
        }
    ]
    assert result.changes["after"].cat.ordered
    assert result.change_matrix.index.name == "before"
    assert result.change_matrix.columns.name == "after"
    assert result.change_matrix.to_numpy().tolist() == [
        [2, 0, 0, 0],
        [1, 2, 0, 0],
        [0, 0, 2, 0],
        [0, 0, 0, 0],
    ]
    unchanged = effect(hand_data(), hand_catalogue, hand_catalogue)
    assert unchanged.changes is not None
    assert unchanged.changes.empty
    assert tuple(unchanged.changes.columns) == CHANGE_COLUMNS


def test_hand_made_fires_and_alone_decides(
    hand_data: HandData, hand_catalogue: CriteriaCatalogue
) -> None:
    table = effect(hand_data(), hand_catalogue).criteria
    assert tuple(table.columns) == CRITERIA_COLUMNS
    assert list(table.index) == ["r1", "g1", "g2", "g3"]
    assert table["fires"].to_dict() == {"r1": 2, "g1": 4, "g2": 3, "g3": 3}
    assert table["fires_share"]["g1"] == pytest.approx(4 / 7)
    assert table["alone_decides"].to_dict() == {"r1": 1, "g1": 1, "g2": 2, "g3": 1}
    assert table["alone_decides_escalation"].to_dict() == {"r1": 0, "g1": 1, "g2": 1, "g3": 1}
    assert table.loc["r1", "points_to"] == "roed"
    assert table.loc["g2", "condition"] == hand_catalogue.criteria[2].describe()


def test_removing_one_gul_criterion_de_escalates(
    hand_data: HandData, hand_catalogue: CriteriaCatalogue
) -> None:
    data = hand_data()
    before = effect(data, hand_catalogue)
    after = effect(data, without(hand_catalogue, 3), hand_catalogue)  # g3 removed
    assert before.suggested.iloc[1] == "roed"
    assert after.suggested.iloc[1] == "gul"
    assert after.changes is not None
    # Only b moves (c loses one of two gul criteria and stays gul).
    assert after.changes[["id", "before", "after"]].to_dict("records") == [
        {"id": "b", "before": "roed", "after": "gul"}
    ]
    assert before.criteria.loc["g3", "alone_decides"] == len(after.changes)


def test_without_escalation_only_a_lone_gul_decides(
    hand_data: HandData, hand_catalogue: CriteriaCatalogue, make_catalogue: MakeCatalogue
) -> None:
    cat = make_catalogue(*hand_catalogue.criteria, escalate=None)
    result = effect(hand_data(), cat)
    assert list(result.suggested) == ["roed", "gul", "gul", "gul", "groen", "roed", "groen"]
    assert result.criteria["alone_decides"].to_dict() == {"r1": 2, "g1": 0, "g2": 1, "g3": 0}
    assert result.criteria["alone_decides_escalation"].sum() == 0


def test_missing_signal_column_never_fires(
    hand_units: HandUnits, hand_catalogue: CriteriaCatalogue
) -> None:
    units = hand_units().drop(columns=["complaints"])
    data = WorkshopData.prepare(units)
    result = effect(data, hand_catalogue)
    assert result.criteria["fires"].to_dict() == {"r1": 0, "g1": 0, "g2": 3, "g3": 3}
    pd.testing.assert_series_equal(
        result.suggested, evaluate_portfolio(units, hand_catalogue).categories
    )


def test_chosen_from_assessments_and_enum_values(hand_units: HandUnits) -> None:
    assessments = pd.DataFrame(
        {
            "unit_id": ["a", "a", "d"],
            "phase": ["prae", "post", "prae"],
            "chosen": ["gul", "roed", "groen"],
            "assessed_at": pd.to_datetime(["2026-01-01", "2026-03-01", "2026-02-01"], utc=True),
        }
    )
    data = WorkshopData.prepare(hand_units(), current_categories(assessments))
    assert list(data.chosen_ranks) == [2, -1, -1, 0, -1, -1, -1]
    assert data.chosen.iloc[0] == "roed"
    assert pd.isna(data.chosen.iloc[1])
    from_enums = WorkshopData.prepare(hand_units(), {"a": ROED, "d": GROEN, "zz": GUL})
    assert list(from_enums.chosen_ranks) == [2, -1, -1, 0, -1, -1, -1]


def test_prepare_refuses_unknown_colours_and_duplicated_ids(hand_units: HandUnits) -> None:
    with pytest.raises(ValueError, match="ukendt farve: lilla"):
        WorkshopData.prepare(hand_units(), {"a": "lilla"})
    units = hand_units()
    units.loc[1, "id"] = "a"
    with pytest.raises(ValueError, match="flere gange: a"):
        WorkshopData.prepare(units)
    with pytest.raises(ValueError, match="mangler kolonnerne socialtilsyn"):
        WorkshopData.prepare(hand_units().drop(columns=["socialtilsyn"]))


def test_prepared_arrays_are_read_only(hand_data: HandData) -> None:
    data = hand_data()
    with pytest.raises(ValueError, match="read-only"):
        data.signals["complaints"][0] = 99.0


def test_empty_catalogue_suggests_groen(
    hand_data: HandData, hand_catalogue: CriteriaCatalogue, make_catalogue: MakeCatalogue
) -> None:
    result = effect(hand_data(), make_catalogue(), hand_catalogue)
    assert result.totals.to_dict() == {"roed": 0, "gul": 0, "groen": 7, NO_SUGGESTION_CODE: 0}
    assert result.criteria.empty
    assert tuple(result.criteria.columns) == CRITERIA_COLUMNS
    assert result.changes is not None
    assert len(result.changes) == 5


# --- fast == slow on the generated sample -----------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(data_draw=st.data())
def test_effect_equals_slow_definitions(
    workshop_sample: Sample,
    random_catalogues: Catalogues,
    data_draw: st.DataObject,
) -> None:
    frame, data = workshop_sample
    edited = data_draw.draw(random_catalogues(), label="edited")
    saved = data_draw.draw(random_catalogues(), label="saved")
    result = effect(data, edited, saved)
    evaluation = evaluate_portfolio(frame, edited)
    pd.testing.assert_series_equal(result.suggested, evaluation.categories)
    assert (result.ranks == evaluation.ranks).all()
    assert (result.escalated == evaluation.escalated).all()
    assert (result.fired == evaluation.fired.T).all()

    by_id = result.suggested.set_axis(frame["id"])
    for by, table in (("socialtilsyn", result.by_socialtilsyn), ("unit_type", result.by_unit_type)):
        expected = colour_distribution(frame, by_id, by=(by,))  # NaN counted as "ingen"
        expected = expected.rename(columns={"ingen": NO_SUGGESTION_CODE})[SUGGESTIONS]
        pd.testing.assert_frame_equal(table, expected, check_names=False)
    named = by_id.astype(object).fillna(NO_SUGGESTION_CODE)
    assert (
        result.totals.to_dict() == named.value_counts().reindex(SUGGESTIONS, fill_value=0).to_dict()
    )
    assert result.no_suggestion == evaluation.no_suggestion

    # Changes against the saved version.
    before = evaluate_portfolio(frame, saved).ranks
    moved = before != evaluation.ranks
    assert result.changes is not None
    assert result.change_matrix is not None
    assert result.changes["id"].tolist() == frame["id"][moved].tolist()
    assert [rank_of(c) for c in result.changes["before"]] == before[moved].tolist()
    assert [rank_of(c) for c in result.changes["after"]] == evaluation.ranks[moved].tolist()
    assert result.change_matrix.to_numpy().sum() == len(frame)
    assert np.trace(result.change_matrix.to_numpy()) == len(frame) - moved.sum()

    # Fires, and alone decides: re-evaluate the catalogue without each criterion.
    table = result.criteria
    assert table["fires"].tolist() == evaluation.fired.sum(axis=0).tolist()
    for position, c in enumerate(edited.criteria):
        reduced = evaluate_portfolio(frame, without(edited, position)).ranks
        differs = reduced != evaluation.ranks
        assert table["alone_decides"].iloc[position] == differs.sum(), c.id
        de_escalated = differs & (evaluation.ranks == 2) & (reduced == 1) & (c.points_to is GUL)
        assert table["alone_decides_escalation"].iloc[position] == de_escalated.sum(), c.id


def test_an_empty_portfolio(
    hand_units: HandUnits, hand_catalogue: CriteriaCatalogue, saved: CriteriaCatalogue
) -> None:
    data = WorkshopData.prepare(hand_units().iloc[:0])
    result = effect(data, hand_catalogue, saved)
    assert result.n_units == 0
    assert result.totals.sum() == 0
    assert result.by_socialtilsyn.empty
    assert result.changes is not None
    assert result.changes.empty
    assert result.criteria["fires"].sum() == 0


# --- units without a suggestion -----------------------------------------------------------------


def test_a_unit_of_which_nothing_is_known_is_intet_forslag_never_groen(
    hand_units: HandUnits, hand_catalogue: CriteriaCatalogue
) -> None:
    units = hand_units()
    signal_columns = [
        c for c in units.columns if c not in ("id", "name", "unit_type", "socialtilsyn")
    ]
    units.loc[units["id"] == "e", signal_columns] = np.nan  # e: chosen grøn, nothing known
    chosen = {"a": "roed", "b": "gul", "c": "gul", "d": "groen", "e": "groen", "f": "roed"}
    result = effect(WorkshopData.prepare(units, chosen), hand_catalogue, hand_catalogue)
    assert pd.isna(result.suggested.iloc[4])
    assert result.ranks[4] == -1
    assert result.totals.to_dict() == {"roed": 3, "gul": 2, "groen": 1, NO_SUGGESTION_CODE: 1}
    assert result.no_suggestion == 1
    assert result.by_socialtilsyn.loc["syd"].to_dict() == {
        "roed": 1,
        "gul": 1,
        "groen": 1,
        NO_SUGGESTION_CODE: 1,
    }
    assert result.change_matrix is not None
    assert result.change_matrix.loc[NO_SUGGESTION_CODE, NO_SUGGESTION_CODE] == 1
    # No criterion decides alone for a unit without a suggestion.
    assert (
        result.criteria["alone_decides"].sum()
        == effect(WorkshopData.prepare(hand_units(), chosen), hand_catalogue)
        .criteria["alone_decides"]
        .sum()
    )


def test_the_catalogues_rule_decides_how_much_must_be_known(
    hand_data: HandData, hand_catalogue: CriteriaCatalogue
) -> None:
    strict = hand_catalogue.model_copy(
        update={"aggregation": AggregationRule(escalate_after_gul=3, min_known_percent=100)}
    )
    result = effect(hand_data(), strict, hand_catalogue)
    assert result.no_suggestion == 7  # no hand-made unit has every signal of its kind known
    assert result.totals[COLOURS].sum() == 0
    assert result.changes is not None
    assert len(result.changes) == 7
    assert result.changes["after"].isna().all()


def test_rows_may_repeat_a_unit_and_carry_their_own_chosen_colour(
    hand_units: HandUnits, hand_catalogue: CriteriaCatalogue
) -> None:
    """The same evaluation over rows that are assessments: a unit twice, each row its own
    signals and colour (what the backtest prepares)."""
    units = hand_units()
    rows = pd.concat([units, units.iloc[[0]]], ignore_index=True)
    rows.loc[7, "complaints"] = 0.0  # a at another day: fewer complaints
    data = WorkshopData.from_rows(rows, [2, 1, 1, 0, 0, 2, -1, 0])
    assert data.n_units == 8
    assert data.assessed.tolist() == [0, 1, 2, 3, 4, 5, 7]
    assert data.chosen.iloc[7] == "groen"
    result = effect(data, hand_catalogue)
    pd.testing.assert_series_equal(
        result.suggested, evaluate_portfolio(rows, hand_catalogue).categories
    )
    assert result.suggested.iloc[0] == "roed"
    assert result.suggested.iloc[7] != "roed"
    with pytest.raises(ValueError, match="én valgt farve"):
        WorkshopData.from_rows(rows, [0, 1])
    with pytest.raises(ValueError, match="0 \\(grøn\\)"):
        WorkshopData.from_rows(rows, [3] * 8)


def test_colour_ranks_names_what_is_no_colour() -> None:
    ranks = colour_ranks(pd.Series(["roed", None, GUL, "groen", float("nan")]))
    assert ranks.tolist() == [2, -1, 1, 0, -1]
    assert ranks.dtype == np.int8
    with pytest.raises(ValueError, match="ukendt farve: lilla"):
        colour_ranks(pd.Series(["gul", "lilla"]))
