"""The honest backtest: each assessment judged from the information received by its Danish
date; agreement, kappa and the suggested × chosen table per phase, worked out by hand on a
small history and equal to a slow definition on a generated one."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import numpy as np
import numpy.typing as npt
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.domain.workshop._history import (
    BLANK_ROWS,
    generated_data,
    hand_assessments,
    hand_data,
    hand_frame,
    hand_records,
    hand_units,
)

from tilsynwidgets.domain.core.kinds import UnitKind
from tilsynwidgets.domain.core.signals import SignalKind, signal_catalogue
from tilsynwidgets.domain.information.as_of import unit_signals_as_of
from tilsynwidgets.domain.portfolio.figures import COLOURS
from tilsynwidgets.domain.risk.criteria import (
    CriteriaCatalogue,
    default_catalogue,
    suggest_category,
)
from tilsynwidgets.domain.risk.evaluation import evaluate_portfolio
from tilsynwidgets.domain.workshop.backtest import (
    BACKTEST_ROWS,
    NO_ASSESSMENTS,
    NO_SUGGESTIONS,
    SUMMARY_COLUMNS,
    TOTAL,
    BacktestData,
    assessment_days,
    assessment_signals,
    assessments_in_force,
    backtest,
)
from tilsynwidgets.domain.workshop.cohen_kappa import NO_VARIATION
from tilsynwidgets.domain.workshop.effect import NO_SUGGESTION_CODE, SUGGESTIONS

MakeCatalogue = Callable[..., CriteriaCatalogue]
Kappas = Callable[[npt.ArrayLike], tuple[float, float]]
Catalogues = Callable[..., st.SearchStrategy[CriteriaCatalogue]]


@pytest.fixture
def small(small_catalogue: MakeCatalogue) -> CriteriaCatalogue:
    """klager ≥ 3, lederskifte, vold ≥ 1, whistleblower ≥ 1: all gul; three gul give rød."""
    return small_catalogue()


@pytest.fixture
def without_vold(small: CriteriaCatalogue) -> CriteriaCatalogue:
    criteria = tuple(c for c in small.criteria if c.id != "vold")
    return small.model_copy(update={"criteria": criteria, "version": "uden vold"})


# --- signals as of each assessment's day ----------------------------------------------------


def test_the_danish_date_of_an_assessment() -> None:
    times = pd.Series(
        pd.to_datetime(["2025-06-11 21:59", "2025-06-11 22:00", "2025-01-01 23:30"], utc=True)
    )
    days = assessment_days(times)  # summer: UTC+2, winter: UTC+1
    assert days.astype(object).tolist() == [date(2025, 6, 11), date(2025, 6, 12), date(2025, 1, 2)]
    naive = assessment_days(pd.Series(pd.to_datetime(["2025-06-11 23:30"])))
    assert naive.astype(object).tolist() == [date(2025, 6, 11)]


def test_each_assessment_sees_what_was_received_by_its_day() -> None:
    assessments = hand_assessments()
    found = assessment_signals(hand_frame(), assessments)
    assert found.index.equals(assessments.index)
    whistle = found["whistleblower_reports"].tolist()
    # t1 præ on 5 March: the report of 1 March was received on 10 March, so not yet.
    assert whistle[0] == 0.0
    assert whistle[1] == 1.0  # t1 post on 10 March: received that day
    violence = found["violence_incidents"].tolist()
    assert violence[2] == 0.0  # t2 præ 1 March: the violence of 20 February came 1 April
    assert violence[5] == 1.0  # t2 post 2 April
    complaints = found["complaints"].tolist()
    assert np.isnan(complaints[3])  # p1 præ: nothing known about it at all
    assert complaints[6] == 4.0  # p1 post at 01.30 Danish time on 12 June: received 12 June
    assert complaints[4] == 3.0  # t1 ny 25 May: three complaints
    assert complaints[7] == 1.0  # t1 ny 5 June: corrected to one on 1 June
    assert np.isnan(found["force_uses"].iloc[3])  # magtanvendelser do not apply to families


def test_assessment_signals_are_the_one_unit_definition_row_by_row() -> None:
    assessments = hand_assessments()
    found = assessment_signals(hand_frame(), assessments)
    kinds = hand_units().set_index("id")["kind"]
    days = assessment_days(assessments["assessed_at"]).astype(object)
    for row, (unit_id, day) in enumerate(zip(assessments["unit_id"], days, strict=True)):
        own = [r for r in hand_records() if r.information.unit_id == unit_id]
        expected = unit_signals_as_of(own, day, UnitKind(kinds[unit_id]))
        shown = found.iloc[row]
        assert {k: float(v) for k, v in expected.items()} == shown.dropna().to_dict(), row


def test_assessment_signals_refuses_an_unknown_unit() -> None:
    assessments = hand_assessments()
    assessments.loc[2, "unit_id"] = "zz"
    with pytest.raises(ValueError, match="ikke er i porteføljen: zz"):
        assessment_signals(hand_frame(), assessments)


# --- the backtest, by hand -------------------------------------------------------------------


def test_the_suggestion_at_each_assessment(small: CriteriaCatalogue) -> None:
    result = backtest(hand_data(), small)
    # grøn, gul, grøn (violence not yet received), none, rød (three gul), gul, gul, gul
    assert result.ranks.tolist() == [0, 1, 0, -1, 2, 1, 1, 1]


def test_summary_per_phase_worked_out_by_hand(small: CriteriaCatalogue) -> None:
    result = backtest(hand_data(), small)
    summary = result.summary
    assert list(summary.index) == list(BACKTEST_ROWS) == ["prae", "post", "ny", TOTAL]
    assert tuple(summary.columns) == SUMMARY_COLUMNS
    assert summary["assessments"].tolist() == [3, 3, 2, 8]
    assert summary["without_suggestion"].tolist() == [1, 0, 0, 1]
    # præ: t1 agrees; t2 (grøn suggested, gul chosen) and p1 (no suggestion) do not.
    assert summary["agreement"].tolist() == pytest.approx([1 / 3, 1.0, 1.0, 6 / 8])
    # præ: the suggestion is grøn for both with one → po = 1/2 = pe: kappa 0.
    assert summary.loc["prae", "kappa"] == pytest.approx(0.0)
    assert result.agreements["prae"].n_units == 2
    # post: gul suggested and chosen throughout: 0/0.
    assert np.isnan(summary.loc["post", "kappa"])
    assert result.agreements["post"].reason == NO_VARIATION
    assert summary.loc["ny", "kappa"] == pytest.approx(1.0)
    # In all, 7 with a suggestion: po 6/7; marginals suggested 2 grøn, 4 gul, 1 rød and
    # chosen 1 grøn, 5 gul, 1 rød: pe 23/49 → kappa (42 − 23) / (49 − 23) = 19/26.
    assert summary.loc[TOTAL, "kappa"] == pytest.approx(19 / 26)
    assert result.overall["assessments"] == 8
    assert summary["agreement_change"].isna().all()
    assert summary["kappa_change"].isna().all()


def test_confusion_tables_count_no_suggestion_apart(small: CriteriaCatalogue) -> None:
    result = backtest(hand_data(), small)
    assert set(result.confusion) == set(BACKTEST_ROWS)
    for table in result.confusion.values():
        assert list(table.index) == SUGGESTIONS
        assert table.index.name == "suggested"
        assert list(table.columns) == COLOURS
        assert table.columns.name == "chosen"
    # Rows rød, gul, grøn, intet forslag; columns rød, gul, grøn.
    assert result.confusion["prae"].to_numpy().tolist() == [
        [0, 0, 0],
        [0, 0, 0],
        [0, 1, 1],
        [0, 0, 1],  # p1: grøn chosen, no suggestion — not counted as grøn
    ]
    assert result.confusion["ny"].to_numpy().tolist() == [[1, 0, 0], [0, 1, 0], [0, 0, 0], [0] * 3]
    total = sum(result.confusion[p].to_numpy() for p in ("prae", "post", "ny"))
    assert (result.confusion[TOTAL].to_numpy() == total).all()
    assert result.confusion[TOTAL].loc["groen", "gul"] == 1
    assert result.confusion[TOTAL].loc["gul", "groen"] == 0  # not symmetric


def test_change_against_the_baseline(
    small: CriteriaCatalogue, without_vold: CriteriaCatalogue
) -> None:
    data = hand_data()
    result = backtest(data, small, without_vold)
    assert result.baseline is without_vold
    # Without the violence criterion t2's post is grøn against gul: post agreement 2/3.
    change = result.summary["agreement_change"]
    assert change.tolist() == pytest.approx([0.0, 1 / 3, 0.0, 1 / 8])
    # Post: edited kappa is 0/0, so its change is unknown; the baseline's kappa there is 0.
    assert np.isnan(result.summary.loc["post", "kappa_change"])
    assert result.summary.loc["prae", "kappa_change"] == pytest.approx(0.0)
    before = backtest(data, without_vold)
    assert result.summary.loc[TOTAL, "kappa_change"] == pytest.approx(
        result.summary.loc[TOTAL, "kappa"] - before.summary.loc[TOTAL, "kappa"]
    )
    swapped = backtest(data, without_vold, small)
    assert swapped.summary["agreement_change"].tolist() == pytest.approx(
        (-change).tolist(), nan_ok=True
    )


def test_a_phase_without_assessments(small: CriteriaCatalogue) -> None:
    assessments = hand_assessments()
    kept = assessments[assessments["phase"] != "ny"].reset_index(drop=True)
    data = BacktestData.prepare(kept, assessment_signals(hand_frame(), kept), hand_units())
    result = backtest(data, small, small)
    ny = result.summary.loc["ny"]
    assert ny["assessments"] == 0
    assert np.isnan(ny["agreement"])
    assert np.isnan(ny["kappa"])
    assert np.isnan(ny["agreement_change"])
    assert result.agreements["ny"].reason == NO_ASSESSMENTS
    assert result.summary.loc[TOTAL, "assessments"] == 6


def test_too_little_known_on_every_day_gives_no_kappa_and_no_agreement() -> None:
    # The packaged catalogue wants 75 % of a unit's signals known; the plejefamilie p1 never
    # has that: both its assessments are without a suggestion, neither counted as grøn.
    result = backtest(hand_data(only="p1"), default_catalogue())
    assert (result.ranks == -1).all()
    assert result.summary["without_suggestion"].tolist() == [1, 1, 0, 2]
    assert result.summary["agreement"].tolist()[:2] == [0.0, 0.0]
    assert result.agreements[TOTAL].reason == NO_SUGGESTIONS
    assert result.agreements["ny"].reason == NO_ASSESSMENTS
    assert result.confusion[TOTAL].loc["groen"].sum() == 0
    assert result.confusion[TOTAL].loc[NO_SUGGESTION_CODE].tolist() == [0, 1, 1]


def test_no_assessments_at_all(small: CriteriaCatalogue) -> None:
    assessments = hand_assessments().iloc[:0]
    data = BacktestData.prepare(
        assessments, assessment_signals(hand_frame(), assessments), hand_units()
    )
    assert data.first_day is None
    assert data.last_day is None
    result = backtest(data, small)
    assert result.summary["assessments"].tolist() == [0, 0, 0, 0]
    assert result.confusion[TOTAL].to_numpy().sum() == 0


def test_the_period_of_the_assessments() -> None:
    data = hand_data()
    assert data.first_day == date(2025, 3, 1)
    assert data.last_day == date(2025, 6, 12)  # 23.30 UTC on 11 June is 12 June in Denmark
    assert data.n_assessments == 8


def test_a_corrected_assessment_counts_once_as_corrected() -> None:
    assessments = hand_assessments().assign(id=range(1, 9), corrects=None)
    correction = assessments.iloc[[2]].assign(id=9, corrects=3, chosen="groen")
    stored = pd.concat([assessments, correction], ignore_index=True)
    kept = assessments_in_force(stored)
    assert kept["id"].tolist() == [1, 2, 4, 5, 6, 7, 8, 9]
    assert len(assessments_in_force(hand_assessments())) == 8  # without ids: as given


def test_prepare_refuses_what_it_cannot_read() -> None:
    assessments = hand_assessments()
    signals = assessment_signals(hand_frame(), assessments)
    units = hand_units()
    wrong_phase = assessments.assign(phase=["prae"] * 7 + ["senere"])
    with pytest.raises(ValueError, match="ukendt tidspunkt for vurderingen: senere"):
        BacktestData.prepare(wrong_phase, signals, units)
    wrong_colour = assessments.assign(chosen=["lilla"] + ["gul"] * 7)
    with pytest.raises(ValueError, match="ukendt farve: lilla"):
        BacktestData.prepare(wrong_colour, signals, units)
    with pytest.raises(ValueError, match="én række pr\\. vurdering"):
        BacktestData.prepare(assessments, signals.iloc[:3], units)
    with pytest.raises(ValueError, match="ikke er i porteføljen: p1"):
        BacktestData.prepare(assessments, signals, units[units["id"] != "p1"])
    with pytest.raises(ValueError, match="mangler kolonnerne phase"):
        BacktestData.prepare(assessments.drop(columns=["phase"]), signals, units)


def test_prepared_arrays_are_read_only() -> None:
    data = hand_data()
    with pytest.raises(ValueError, match="read-only"):
        data.phases[0] = 2
    with pytest.raises(ValueError, match="read-only"):
        data.rows.signals["complaints"][0] = 9.0


# --- fast == slow on a generated history ----------------------------------------------------


def _suggestion_code(rank: int) -> str:
    return NO_SUGGESTION_CODE if rank < 0 else ("groen", "gul", "roed")[rank]


@settings(max_examples=40, deadline=None)
@given(data_draw=st.data())
def test_backtest_equals_slow_definitions(
    random_catalogues: Catalogues, statsmodels_kappas: Kappas, data_draw: st.DataObject
) -> None:
    data = generated_data()
    edited = data_draw.draw(random_catalogues(), label="edited")
    saved = data_draw.draw(random_catalogues(), label="saved")
    result = backtest(data, edited, saved)
    rows = data.rows.units
    assert (result.ranks == evaluate_portfolio(rows, edited).ranks).all()

    phases = pd.Series(np.array(["prae", "post", "ny"])[data.phases])
    suggested = pd.Series([_suggestion_code(r) for r in result.ranks])
    chosen = data.rows.chosen.astype(str).reset_index(drop=True)
    before = pd.Series(evaluate_portfolio(rows, saved).ranks)
    for row in BACKTEST_ROWS:
        keep = phases == row if row != TOTAL else pd.Series(True, index=phases.index)
        crosstab = pd.crosstab(suggested[keep], chosen[keep]).reindex(
            index=SUGGESTIONS, columns=COLOURS, fill_value=0
        )
        assert (result.confusion[row].to_numpy() == crosstab.to_numpy()).all(), row
        figures = result.summary.loc[row]
        n = int(keep.sum())
        assert figures["assessments"] == n
        agreeing = (suggested[keep] == chosen[keep]).sum()
        assert figures["agreement"] == pytest.approx(agreeing / n)
        plain, linear = statsmodels_kappas(crosstab.loc[COLOURS].to_numpy())
        if np.isnan(plain):
            assert np.isnan(figures["kappa"])
        else:
            assert figures["kappa"] == pytest.approx(plain, abs=1e-12)
            assert figures["weighted_kappa"] == pytest.approx(linear, abs=1e-12)
        then = pd.Series([_suggestion_code(r) for r in before])[keep]
        was = (then == chosen[keep]).sum() / n
        assert figures["agreement_change"] == pytest.approx(agreeing / n - was)


def test_the_generated_history_s_blank_rows_have_no_suggestion() -> None:
    data = generated_data()
    assert data.n_assessments == 450
    result = backtest(data, default_catalogue())
    assert (result.ranks[:BLANK_ROWS] == -1).all()
    assert result.summary.loc[TOTAL, "without_suggestion"] >= BLANK_ROWS


def test_one_row_at_a_time_through_pydantic_is_the_vectorised_suggestion() -> None:
    """The benchmark's baseline path (one assessment at a time) gives the same colours."""
    data = generated_data()
    catalogue = default_catalogue()
    result = backtest(data, catalogue)
    rows = data.rows.units
    flags = {s.key for s in signal_catalogue().signals if s.kind is SignalKind.FLAG}
    for position in range(0, data.n_assessments, 7):
        known = rows.iloc[position][list(signal_catalogue().keys)].dropna()
        signals = {k: bool(v) if k in flags else float(v) for k, v in known.items()}
        one = suggest_category(signals, catalogue, UnitKind(rows["kind"].iloc[position]))
        rank = -1 if one.category is None else one.category.rank
        assert rank == result.ranks[position], position
