from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tilsynwidgets.domain.core.signals import signal_catalogue
from tilsynwidgets.domain.portfolio.figures import COLOURS
from tilsynwidgets.domain.risk.criteria import CriteriaCatalogue, Operator, default_catalogue
from tilsynwidgets.domain.risk.evaluation import evaluate_portfolio
from tilsynwidgets.domain.workshop.effect import NO_SUGGESTION_CODE, WorkshopData, effect
from tilsynwidgets.domain.workshop.sweep import SWEEP_COLUMNS, default_thresholds, threshold_sweep

# Builders from tests/unit/conftest.py, shared with test_catalogue_effect.py (fixtures); the
# hand-made portfolio (hand_units, hand_data, hand_catalogue) is described there.
HandUnits = Callable[[], pd.DataFrame]
HandData = Callable[[], WorkshopData]
Sample = tuple[pd.DataFrame, WorkshopData]
WithThreshold = Callable[[CriteriaCatalogue, str, float], CriteriaCatalogue]
Catalogues = Callable[..., st.SearchStrategy[CriteriaCatalogue]]


# --- the hand-made portfolio ------------------------------------------------------------------


def test_hand_made_threshold_sweep(hand_data: HandData, hand_catalogue: CriteriaCatalogue) -> None:
    sweep = threshold_sweep(hand_data(), hand_catalogue, "r1")
    assert tuple(sweep.columns) == SWEEP_COLUMNS
    # Observed complaints 0, 2, 3, 6, 7 and the current threshold 5.
    assert sweep["threshold"].tolist() == [0, 2, 3, 5, 6, 7]
    assert sweep["fires"].tolist() == [5, 4, 3, 2, 2, 1]
    assert sweep["roed"].tolist() == [5, 4, 3, 3, 3, 2]
    assert sweep["gul"].tolist() == [1, 1, 2, 2, 2, 3]
    assert sweep["groen"].tolist() == [1, 2, 2, 2, 2, 2]
    assert sweep["intet_forslag"].tolist() == [0] * 6
    assert sweep["changed"].tolist() == [2, 1, 0, 0, 0, 1]
    assert sweep["current"].tolist() == [False, False, False, True, False, False]


def test_sweep_with_given_thresholds_sorts_and_drops_duplicates(
    hand_data: HandData, hand_catalogue: CriteriaCatalogue
) -> None:
    sweep = threshold_sweep(hand_data(), hand_catalogue, "g2", [45, 10, 45, 30])
    assert sweep["threshold"].tolist() == [10, 30, 45]
    assert sweep["current"].tolist() == [False, True, False]
    # turnover 10, 35, 40, 50 are known; at 45 only f (50) fires, and f is rød anyway,
    # b loses its third gul (rød → gul) and d its only one (gul → grøn).
    assert sweep["fires"].tolist() == [4, 3, 1]
    assert sweep.loc[2, ["roed", "gul", "groen", "changed"]].tolist() == [2, 2, 3, 2]


def test_sweep_refuses_flags_unknown_ids_and_bad_thresholds(
    hand_data: HandData, hand_catalogue: CriteriaCatalogue
) -> None:
    data = hand_data()
    with pytest.raises(ValueError, match="ja/nej-kriterium"):
        threshold_sweep(data, hand_catalogue, "g3")
    with pytest.raises(ValueError, match="findes ikke"):
        threshold_sweep(data, hand_catalogue, "nope")
    with pytest.raises(ValueError, match="endelige"):
        threshold_sweep(data, hand_catalogue, "r1", [1.0, float("nan")])
    with pytest.raises(ValueError, match="mindst én"):
        threshold_sweep(data, hand_catalogue, "r1", [])


def test_sweep_of_a_missing_signal_column(
    hand_units: HandUnits, hand_catalogue: CriteriaCatalogue
) -> None:
    data = WorkshopData.prepare(hand_units().drop(columns=["complaints"]))
    sweep = threshold_sweep(data, hand_catalogue, "r1")
    assert (sweep["fires"] == 0).all()
    assert (sweep["changed"] == 0).all()
    assert sweep["threshold"].min() == 0
    assert sweep["threshold"].max() == signal_catalogue().get("complaints").maximum
    assert sweep["current"].sum() == 1


def test_sweep_over_an_empty_portfolio(
    hand_units: HandUnits, hand_catalogue: CriteriaCatalogue
) -> None:
    data = WorkshopData.prepare(hand_units().iloc[:0])
    sweep = threshold_sweep(data, hand_catalogue, "r1")
    assert (sweep[["fires", *COLOURS, "changed"]].to_numpy() == 0).all()


# --- fast == slow on the generated sample -----------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(data_draw=st.data())
def test_sweep_equals_re_evaluation(
    workshop_sample: Sample,
    random_catalogues: Catalogues,
    with_threshold: WithThreshold,
    data_draw: st.DataObject,
) -> None:
    frame, data = workshop_sample
    cat = data_draw.draw(random_catalogues(min_size=1), label="cat")
    comparisons = [c for c in cat.criteria if c.operator is not Operator.FLAG]
    if not comparisons:
        return
    chosen = data_draw.draw(st.sampled_from(comparisons))
    signal = signal_catalogue().get(chosen.signal)  # a criterion's threshold is in its range
    assert signal.minimum is not None
    assert signal.maximum is not None
    within = st.integers(int(signal.minimum), min(int(signal.maximum), 70))
    given_thresholds = data_draw.draw(
        st.none() | st.lists(within.map(float), min_size=1, max_size=8)
    )
    sweep = threshold_sweep(data, cat, chosen.id, given_thresholds)
    if given_thresholds is None:
        assert sweep["threshold"].tolist() == default_thresholds(data, chosen).tolist()
        assert sweep["current"].sum() == 1
        assert 1 <= len(sweep) <= 31
    current = evaluate_portfolio(frame, cat).ranks
    for row in sweep.itertuples(index=False):
        evaluation = evaluate_portfolio(frame, with_threshold(cat, chosen.id, row.threshold))
        counts = np.bincount(evaluation.ranks + 1, minlength=4)  # none, grøn, gul, rød
        assert (row.roed, row.gul, row.groen) == (counts[3], counts[2], counts[1])
        assert row.intet_forslag == counts[0] == evaluation.no_suggestion
        assert row.changed == (evaluation.ranks != current).sum()
        position = [c.id for c in cat.criteria].index(chosen.id)
        assert row.fires == evaluation.fired[:, position].sum()
        assert row.current == (row.threshold == chosen.threshold)


def test_default_thresholds_span_the_observed_values(workshop_sample: Sample) -> None:
    _, data = workshop_sample
    for c in default_catalogue().criteria:
        if c.operator is Operator.FLAG:
            continue
        points = default_thresholds(data, c)
        observed = data.observed[c.signal]
        assert c.threshold in points
        assert points.min() <= observed.min()
        assert points.max() >= observed.max()
        assert 2 <= len(points) <= 31
        assert (np.diff(points) > 0).all()


def test_default_catalogue_on_the_sample_matches_evaluation(
    workshop_sample: Sample, with_threshold: WithThreshold
) -> None:
    # The sweep at the current and at the saved threshold agrees with effect().
    frame, data = workshop_sample
    cat = default_catalogue()
    edited = with_threshold(cat, "klager", 2)
    result = effect(data, edited, cat)
    pd.testing.assert_series_equal(result.suggested, evaluate_portfolio(frame, edited).categories)
    sweep = threshold_sweep(data, edited, "klager", [1.0, 2.0, 3.0, 4.0])
    current = sweep[sweep["current"]].iloc[0]
    assert current["threshold"] == 2
    assert current["changed"] == 0
    assert current[COLOURS].tolist() == result.totals[COLOURS].tolist()
    assert current[NO_SUGGESTION_CODE] == result.no_suggestion
    at_saved = sweep[sweep["threshold"] == 3].iloc[0]
    assert result.changes is not None
    assert at_saved["changed"] == len(result.changes)


def test_units_without_a_suggestion_stay_apart_at_every_threshold(
    hand_units: HandUnits, hand_catalogue: CriteriaCatalogue
) -> None:
    units = hand_units()
    signals = [key for key in signal_catalogue().keys if key in units.columns]
    units.loc[units["id"].isin(["a", "e"]), signals] = np.nan
    sweep = threshold_sweep(WorkshopData.prepare(units), hand_catalogue, "r1")
    assert sweep[NO_SUGGESTION_CODE].tolist() == [2] * len(sweep)  # a and e: nothing known
    colours = sweep[["roed", "gul", "groen"]].sum(axis=1)
    assert (colours == len(units) - 2).all()
    result = effect(WorkshopData.prepare(units), hand_catalogue)
    current = sweep[sweep["current"]].iloc[0]
    assert current[["roed", "gul", "groen", NO_SUGGESTION_CODE]].tolist() == result.totals.tolist()
