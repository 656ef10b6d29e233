from __future__ import annotations

from datetime import date
from functools import cache

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from statsmodels.stats.inter_rater import cohens_kappa

from tilsynwidgets.domain.catalogue_effect import (
    CHANGE_COLUMNS,
    CRITERIA_COLUMNS,
    NO_CHOSEN,
    NO_VARIATION,
    SWEEP_COLUMNS,
    WorkshopData,
    cohen_agreement,
    default_thresholds,
    effect,
    threshold_sweep,
)
from tilsynwidgets.domain.categories import RiskCategory
from tilsynwidgets.domain.criteria import (
    AggregationRule,
    CriteriaCatalogue,
    Criterion,
    Operator,
    default_catalogue,
)
from tilsynwidgets.domain.evaluation import evaluate_portfolio, signals_frame
from tilsynwidgets.domain.portfolio import COLOURS, colour_distribution, current_categories
from tilsynwidgets.domain.signals import SignalKind, SignalValue, signal_catalogue
from tilsynwidgets.sample.units import generate_units_frame

ROED, GUL, GROEN = RiskCategory.ROED, RiskCategory.GUL, RiskCategory.GROEN
RANK = {c.value: c.rank for c in RiskCategory}


def criterion(
    id: str,
    signal: str,
    operator: Operator,
    threshold: float | None,
    points_to: RiskCategory,
) -> Criterion:
    return Criterion(
        id=id,
        signal=signal,
        operator=operator,
        threshold=threshold,
        points_to=points_to,
        explanation=f"Kriteriet {id}.",
    )


def catalogue(
    *criteria: Criterion, escalate: int | None = 3, version: str = "test"
) -> CriteriaCatalogue:
    return CriteriaCatalogue(
        version=version,
        title="Testkatalog",
        aggregation=AggregationRule(escalate_after_gul=escalate),
        criteria=criteria,
    )


def with_threshold(
    cat: CriteriaCatalogue, criterion_id: str, threshold: float
) -> CriteriaCatalogue:
    criteria = tuple(
        Criterion.model_validate({**c.model_dump(), "threshold": threshold})
        if c.id == criterion_id
        else c
        for c in cat.criteria
    )
    return cat.model_copy(update={"criteria": criteria})


def without(cat: CriteriaCatalogue, position: int) -> CriteriaCatalogue:
    criteria = cat.criteria[:position] + cat.criteria[position + 1 :]
    return cat.model_copy(update={"criteria": criteria})


# --- a hand-made portfolio ------------------------------------------------------------------
#
# r1: complaints ≥ 5 → rød; g1: complaints ≥ 2, g2: turnover ≥ 30, g3: leader changed → gul;
# three gul criteria escalate to rød.
#
#     unit  fires           suggested   chosen  alone decides
#     a     r1 g1           rød         rød     r1 (rød → gul)
#     b     g1 g2 g3        rød (esc.)  gul     g1, g2, g3 (rød → gul: de-escalation)
#     c     g1 g3           gul         gul     none (two gul: neither alone)
#     d     g2              gul         grøn    g2 (gul → grøn)
#     e     -               grøn        grøn    -
#     f     r1 g1 g2 g3     rød         rød     none (three gul escalate without r1)
#     g     -               grøn        (none)  -

R1 = criterion("r1", "complaints", Operator.GE, 5, ROED)
G1 = criterion("g1", "complaints", Operator.GE, 2, GUL)
G2 = criterion("g2", "staff_turnover_pct", Operator.GE, 30, GUL)
G3 = criterion("g3", "leader_changed", Operator.FLAG, None, GUL)
EDITED = catalogue(R1, G1, G2, G3, version="redigeret")
SAVED = with_threshold(EDITED, "r1", 8).model_copy(update={"version": "gemt"})

SIGNALS: list[dict[str, SignalValue | None]] = [
    {"complaints": 6, "staff_turnover_pct": 10},
    {"complaints": 3, "staff_turnover_pct": 35, "leader_changed": True},
    {"complaints": 2, "leader_changed": True},
    {"staff_turnover_pct": 40},
    {},
    {"complaints": 7, "staff_turnover_pct": 50, "leader_changed": True},
    {"complaints": 0, "leader_changed": False},
]
IDS = list("abcdefg")
TILSYN = ["nord", "nord", "nord", "syd", "syd", "syd", "syd"]
TYPES = ["boern_doegn"] * 3 + ["voksne_botilbud"] * 2 + ["plejefamilie_almen"] * 2
CHOSEN = {"a": "roed", "b": "gul", "c": "gul", "d": "groen", "e": "groen", "f": "roed", "g": None}


def hand_units() -> pd.DataFrame:
    signals = signals_frame(SIGNALS)
    units = pd.DataFrame(
        {
            "id": IDS,
            "name": [f"Enhed {i}" for i in IDS],
            "unit_type": TYPES,
            "socialtilsyn": TILSYN,
        }
    )
    return pd.concat([units, signals], axis=1)


def hand_data() -> WorkshopData:
    return WorkshopData.prepare(hand_units(), pd.Series(CHOSEN, dtype=object))


def test_hand_made_suggestions_and_distributions() -> None:
    result = effect(hand_data(), EDITED)
    assert list(result.suggested) == ["roed", "roed", "gul", "gul", "groen", "roed", "groen"]
    assert list(result.escalated) == [False, True, False, False, False, False, False]
    assert result.totals.to_dict() == {"roed": 3, "gul": 2, "groen": 2}
    assert list(result.by_socialtilsyn.columns) == COLOURS
    assert result.by_socialtilsyn.to_dict("index") == {
        "nord": {"roed": 2, "gul": 1, "groen": 0},
        "syd": {"roed": 1, "gul": 1, "groen": 2},
    }
    assert result.by_unit_type.to_dict("index") == {
        "boern_doegn": {"roed": 2, "gul": 1, "groen": 0},
        "plejefamilie_almen": {"roed": 1, "gul": 0, "groen": 1},
        "voksne_botilbud": {"roed": 0, "gul": 1, "groen": 1},
    }
    assert result.changes is None
    assert result.change_matrix is None


def test_hand_made_agreement_matrix_and_kappa() -> None:
    result = effect(hand_data(), EDITED)
    matrix = result.agreement_matrix
    assert matrix.index.name == "suggested"
    assert matrix.columns.name == "chosen"
    assert list(matrix.index) == list(matrix.columns) == COLOURS
    # Unit g has no chosen colour and is left out.
    assert matrix.to_numpy().tolist() == [[2, 1, 0], [0, 1, 1], [0, 0, 1]]
    # By hand: observed agreement 4/6, chance (3·2 + 2·2 + 1·2)/36 = 1/3 → (2/3 - 1/3)/(2/3).
    assert result.agreement.kappa == pytest.approx(0.5)
    # Linear: observed disagreement 2/6, expected 2·(3·3 + 2·2 + 1·3)/36 = 8/9 → 1 - 3/8.
    assert result.agreement.weighted_kappa == pytest.approx(0.625)
    assert result.agreement.n_units == 6
    assert result.agreement.reason is None


def test_hand_made_changes_against_the_saved_version() -> None:
    # Saved: r1 at complaints ≥ 8, so a is gul there (f stays rød: three gul escalate).
    result = effect(hand_data(), EDITED, SAVED)
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
    assert result.change_matrix.to_numpy().tolist() == [[2, 0, 0], [1, 2, 0], [0, 0, 2]]
    unchanged = effect(hand_data(), EDITED, EDITED)
    assert unchanged.changes is not None
    assert unchanged.changes.empty
    assert tuple(unchanged.changes.columns) == CHANGE_COLUMNS


def test_hand_made_fires_and_alone_decides() -> None:
    table = effect(hand_data(), EDITED).criteria
    assert tuple(table.columns) == CRITERIA_COLUMNS
    assert list(table.index) == ["r1", "g1", "g2", "g3"]
    assert table["fires"].to_dict() == {"r1": 2, "g1": 4, "g2": 3, "g3": 3}
    assert table["fires_share"]["g1"] == pytest.approx(4 / 7)
    assert table["alone_decides"].to_dict() == {"r1": 1, "g1": 1, "g2": 2, "g3": 1}
    assert table["alone_decides_escalation"].to_dict() == {"r1": 0, "g1": 1, "g2": 1, "g3": 1}
    assert table.loc["r1", "points_to"] == "roed"
    assert table.loc["g2", "condition"] == G2.describe()


def test_removing_one_gul_criterion_de_escalates() -> None:
    data = hand_data()
    before = effect(data, EDITED)
    after = effect(data, without(EDITED, 3), EDITED)  # g3 removed
    assert before.suggested.iloc[1] == "roed"
    assert after.suggested.iloc[1] == "gul"
    assert after.changes is not None
    # Only b moves (c loses one of two gul criteria and stays gul).
    assert after.changes[["id", "before", "after"]].to_dict("records") == [
        {"id": "b", "before": "roed", "after": "gul"}
    ]
    assert before.criteria.loc["g3", "alone_decides"] == len(after.changes)


def test_without_escalation_only_a_lone_gul_decides() -> None:
    cat = catalogue(R1, G1, G2, G3, escalate=None)
    result = effect(hand_data(), cat)
    assert list(result.suggested) == ["roed", "gul", "gul", "gul", "groen", "roed", "groen"]
    assert result.criteria["alone_decides"].to_dict() == {"r1": 2, "g1": 0, "g2": 1, "g3": 0}
    assert result.criteria["alone_decides_escalation"].sum() == 0


def test_hand_made_threshold_sweep() -> None:
    sweep = threshold_sweep(hand_data(), EDITED, "r1")
    assert tuple(sweep.columns) == SWEEP_COLUMNS
    # Observed complaints 0, 2, 3, 6, 7 and the current threshold 5.
    assert sweep["threshold"].tolist() == [0, 2, 3, 5, 6, 7]
    assert sweep["fires"].tolist() == [5, 4, 3, 2, 2, 1]
    assert sweep["roed"].tolist() == [5, 4, 3, 3, 3, 2]
    assert sweep["gul"].tolist() == [1, 1, 2, 2, 2, 3]
    assert sweep["groen"].tolist() == [1, 2, 2, 2, 2, 2]
    assert sweep["changed"].tolist() == [2, 1, 0, 0, 0, 1]
    assert sweep["current"].tolist() == [False, False, False, True, False, False]


def test_sweep_with_given_thresholds_sorts_and_drops_duplicates() -> None:
    sweep = threshold_sweep(hand_data(), EDITED, "g2", [45, 10, 45, 30])
    assert sweep["threshold"].tolist() == [10, 30, 45]
    assert sweep["current"].tolist() == [False, True, False]
    # turnover 10, 35, 40, 50 are known; at 45 only f (50) fires, and f is rød anyway,
    # b loses its third gul (rød → gul) and d its only one (gul → grøn).
    assert sweep["fires"].tolist() == [4, 3, 1]
    assert sweep.loc[2, ["roed", "gul", "groen", "changed"]].tolist() == [2, 2, 3, 2]


def test_sweep_refuses_flags_unknown_ids_and_bad_thresholds() -> None:
    data = hand_data()
    with pytest.raises(ValueError, match="ja/nej-kriterium"):
        threshold_sweep(data, EDITED, "g3")
    with pytest.raises(ValueError, match="findes ikke"):
        threshold_sweep(data, EDITED, "nope")
    with pytest.raises(ValueError, match="endelige"):
        threshold_sweep(data, EDITED, "r1", [1.0, float("nan")])
    with pytest.raises(ValueError, match="mindst én"):
        threshold_sweep(data, EDITED, "r1", [])


def test_missing_signal_column_never_fires() -> None:
    units = hand_units().drop(columns=["complaints"])
    data = WorkshopData.prepare(units)
    result = effect(data, EDITED)
    assert result.criteria["fires"].to_dict() == {"r1": 0, "g1": 0, "g2": 3, "g3": 3}
    pd.testing.assert_series_equal(result.suggested, evaluate_portfolio(units, EDITED).categories)
    sweep = threshold_sweep(data, EDITED, "r1")
    assert (sweep["fires"] == 0).all()
    assert (sweep["changed"] == 0).all()
    assert sweep["threshold"].min() == 0
    assert sweep["threshold"].max() == signal_catalogue().get("complaints").maximum
    assert sweep["current"].sum() == 1


def test_no_chosen_colours_gives_nan_kappa_with_reason() -> None:
    result = effect(WorkshopData.prepare(hand_units()), EDITED)
    assert result.agreement_matrix.to_numpy().sum() == 0
    assert np.isnan(result.agreement.kappa)
    assert np.isnan(result.agreement.weighted_kappa)
    assert result.agreement.reason == NO_CHOSEN
    assert result.agreement.n_units == 0


def test_chosen_from_assessments_and_enum_values() -> None:
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


def test_prepare_refuses_unknown_colours_and_duplicated_ids() -> None:
    with pytest.raises(ValueError, match="ukendt farve: lilla"):
        WorkshopData.prepare(hand_units(), {"a": "lilla"})
    units = hand_units()
    units.loc[1, "id"] = "a"
    with pytest.raises(ValueError, match="flere gange: a"):
        WorkshopData.prepare(units)
    with pytest.raises(ValueError, match="mangler kolonnerne socialtilsyn"):
        WorkshopData.prepare(hand_units().drop(columns=["socialtilsyn"]))


def test_prepared_arrays_are_read_only() -> None:
    data = hand_data()
    with pytest.raises(ValueError, match="read-only"):
        data.signals["complaints"][0] = 99.0


def test_empty_catalogue_suggests_groen() -> None:
    result = effect(hand_data(), catalogue(), EDITED)
    assert result.totals.to_dict() == {"roed": 0, "gul": 0, "groen": 7}
    assert result.criteria.empty
    assert tuple(result.criteria.columns) == CRITERIA_COLUMNS
    assert result.changes is not None
    assert len(result.changes) == 5


# --- Cohen's kappa against statsmodels --------------------------------------------------------


def statsmodels_kappas(table: np.ndarray) -> tuple[float, float]:
    with np.errstate(all="ignore"):
        plain = cohens_kappa(table, return_results=False)
        linear = cohens_kappa(table, wt="linear", return_results=False)
    return float(plain), float(linear)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 40), min_size=9, max_size=9).filter(lambda c: sum(c) > 0))
def test_kappa_equals_statsmodels(cells: list[int]) -> None:
    table = np.array(cells, dtype=np.int64).reshape(3, 3)
    result = cohen_agreement(table)
    plain, linear = statsmodels_kappas(table)
    if np.isnan(plain):
        assert np.isnan(result.kappa)
        assert np.isnan(result.weighted_kappa)
        assert result.reason == NO_VARIATION
    else:
        assert result.kappa == pytest.approx(plain, abs=1e-12)
        assert result.weighted_kappa == pytest.approx(linear, abs=1e-12)
        assert result.reason is None
    assert result.n_units == table.sum()
    # The order of the categories may run either way: only distances count.
    assert cohen_agreement(table[::-1, ::-1]) == result


@pytest.mark.parametrize("colour", [0, 1, 2])
def test_kappa_is_nan_when_everything_is_one_colour(colour: int) -> None:
    table = np.zeros((3, 3), dtype=np.int64)
    table[colour, colour] = 12
    result = cohen_agreement(table)
    assert np.isnan(result.kappa)
    assert np.isnan(result.weighted_kappa)
    assert result.reason == NO_VARIATION
    assert all(np.isnan(k) for k in statsmodels_kappas(table))


def test_kappa_is_zero_when_only_one_side_varies() -> None:
    table = np.array([[0, 0, 0], [3, 4, 5], [0, 0, 0]])  # every suggestion gul
    result = cohen_agreement(table)
    assert result.kappa == pytest.approx(0.0)
    assert result.weighted_kappa == pytest.approx(0.0)
    assert (result.kappa, result.weighted_kappa) == pytest.approx(statsmodels_kappas(table))


def test_kappa_of_an_empty_table_and_bad_tables() -> None:
    result = cohen_agreement(np.zeros((3, 3)))
    assert np.isnan(result.kappa)
    assert result.reason == NO_CHOSEN
    with pytest.raises(ValueError, match="kvadratisk"):
        cohen_agreement(np.ones((2, 3)))
    with pytest.raises(ValueError, match="negative"):
        cohen_agreement(-np.ones((3, 3)))


def test_all_one_colour_portfolio_gives_nan_kappa() -> None:
    data = WorkshopData.prepare(hand_units(), dict.fromkeys(IDS, "groen"))
    result = effect(data, catalogue())  # everything suggested grøn, everything chosen grøn
    assert result.agreement.n_units == 7
    assert np.isnan(result.agreement.kappa)
    assert result.agreement.reason == NO_VARIATION


# --- fast == slow on the generated sample -----------------------------------------------------

SIGNAL_SPECS = signal_catalogue().signals
NUMERIC = [s for s in SIGNAL_SPECS if s.kind is not SignalKind.FLAG]
FLAGS = [s for s in SIGNAL_SPECS if s.kind is SignalKind.FLAG]


@cache
def sample() -> tuple[pd.DataFrame, WorkshopData]:
    frame = generate_units_frame(11, date(2026, 11, 1), n_tilbud=90, n_plejefamilier=110)
    chosen = pd.Series(frame["latent"].astype(object).to_numpy(), index=frame["id"].to_numpy())
    chosen.iloc[::7] = None  # some units never assessed
    return frame, WorkshopData.prepare(frame, chosen)


@st.composite
def criteria_strategy(draw: st.DrawFn, index: int) -> Criterion:
    if draw(st.booleans()) and FLAGS:
        signal = draw(st.sampled_from(FLAGS))
        operator, threshold = Operator.FLAG, None
    else:
        signal = draw(st.sampled_from(NUMERIC))
        operator = draw(st.sampled_from([o for o in Operator if o is not Operator.FLAG]))
        assert signal.minimum is not None
        assert signal.maximum is not None
        high = min(int(signal.maximum), 12 if signal.kind is SignalKind.COUNT else 60)
        threshold = float(draw(st.integers(int(signal.minimum), high)))
    return criterion(
        f"k{index}", signal.key, operator, threshold, draw(st.sampled_from([GUL, ROED]))
    )


@st.composite
def catalogues(draw: st.DrawFn, min_size: int = 0) -> CriteriaCatalogue:
    count = draw(st.integers(min_size, 9))
    return catalogue(
        *(draw(criteria_strategy(i)) for i in range(count)),
        escalate=draw(st.none() | st.integers(2, 4)),
    )


@settings(max_examples=60, deadline=None)
@given(edited=catalogues(), saved=catalogues())
def test_effect_equals_slow_definitions(
    edited: CriteriaCatalogue, saved: CriteriaCatalogue
) -> None:
    frame, data = sample()
    result = effect(data, edited, saved)
    evaluation = evaluate_portfolio(frame, edited)
    pd.testing.assert_series_equal(result.suggested, evaluation.categories)
    assert (result.ranks == evaluation.ranks).all()
    assert (result.escalated == evaluation.escalated).all()
    assert (result.fired == evaluation.fired.T).all()

    by_id = result.suggested.set_axis(frame["id"])
    for by, table in (("socialtilsyn", result.by_socialtilsyn), ("unit_type", result.by_unit_type)):
        expected = colour_distribution(frame, by_id, by=(by,))[COLOURS]
        pd.testing.assert_frame_equal(table, expected, check_names=False)
    assert result.totals.to_dict() == by_id.value_counts().reindex(COLOURS).to_dict()

    # Agreement: crosstab of suggested × chosen over the assessed units, and statsmodels.
    assessed = data.chosen.notna()
    crosstab = pd.crosstab(
        result.suggested[assessed].astype(str), data.chosen[assessed].astype(str)
    ).reindex(index=COLOURS, columns=COLOURS, fill_value=0)
    assert (result.agreement_matrix.to_numpy() == crosstab.to_numpy()).all()
    plain, linear = statsmodels_kappas(crosstab.to_numpy())
    if np.isnan(plain):
        assert np.isnan(result.agreement.kappa)
    else:
        assert result.agreement.kappa == pytest.approx(plain, abs=1e-12)
        assert result.agreement.weighted_kappa == pytest.approx(linear, abs=1e-12)

    # Changes against the saved version.
    before = evaluate_portfolio(frame, saved).ranks
    moved = before != evaluation.ranks
    assert result.changes is not None
    assert result.change_matrix is not None
    assert result.changes["id"].tolist() == frame["id"][moved].tolist()
    assert [RANK[c] for c in result.changes["before"]] == before[moved].tolist()
    assert [RANK[c] for c in result.changes["after"]] == evaluation.ranks[moved].tolist()
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


@settings(max_examples=60, deadline=None)
@given(cat=catalogues(min_size=1), data_draw=st.data())
def test_sweep_equals_re_evaluation(cat: CriteriaCatalogue, data_draw: st.DataObject) -> None:
    frame, data = sample()
    comparisons = [c for c in cat.criteria if c.operator is not Operator.FLAG]
    if not comparisons:
        return
    chosen = data_draw.draw(st.sampled_from(comparisons))
    given_thresholds = data_draw.draw(
        st.none() | st.lists(st.integers(-2, 70).map(float), min_size=1, max_size=8)
    )
    sweep = threshold_sweep(data, cat, chosen.id, given_thresholds)
    if given_thresholds is None:
        assert sweep["threshold"].tolist() == default_thresholds(data, chosen).tolist()
        assert sweep["current"].sum() == 1
        assert 1 <= len(sweep) <= 31
    current = evaluate_portfolio(frame, cat).ranks
    for row in sweep.itertuples(index=False):
        evaluation = evaluate_portfolio(frame, with_threshold(cat, chosen.id, row.threshold))
        counts = np.bincount(evaluation.ranks, minlength=3)
        assert (row.roed, row.gul, row.groen) == (counts[2], counts[1], counts[0])
        assert row.changed == (evaluation.ranks != current).sum()
        position = [c.id for c in cat.criteria].index(chosen.id)
        assert row.fires == evaluation.fired[:, position].sum()
        assert row.current == (row.threshold == chosen.threshold)


def test_default_thresholds_span_the_observed_values() -> None:
    _, data = sample()
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


def test_default_catalogue_on_the_sample_matches_evaluation() -> None:
    frame, data = sample()
    cat = default_catalogue()
    edited = with_threshold(cat, "klager", 2)
    result = effect(data, edited, cat)
    pd.testing.assert_series_equal(result.suggested, evaluate_portfolio(frame, edited).categories)
    sweep = threshold_sweep(data, edited, "klager")
    current = sweep[sweep["current"]].iloc[0]
    assert current["threshold"] == 2
    assert current["changed"] == 0
    assert current[COLOURS].tolist() == result.totals.tolist()
    at_saved = sweep[sweep["threshold"] == 3].iloc[0]
    assert result.changes is not None
    assert at_saved["changed"] == len(result.changes)


def test_an_empty_portfolio() -> None:
    data = WorkshopData.prepare(hand_units().iloc[:0])
    result = effect(data, EDITED, SAVED)
    assert result.n_units == 0
    assert result.totals.sum() == 0
    assert result.by_socialtilsyn.empty
    assert result.changes is not None
    assert result.changes.empty
    assert result.agreement.reason == NO_CHOSEN
    assert result.criteria["fires"].sum() == 0
    sweep = threshold_sweep(data, EDITED, "r1")
    assert (sweep[["fires", *COLOURS, "changed"]].to_numpy() == 0).all()
