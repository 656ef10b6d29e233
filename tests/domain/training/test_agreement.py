from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence

import krippendorff
import numpy as np
import numpy.typing as npt
import pandas as pd
import pytest
from statsmodels.stats.inter_rater import fleiss_kappa as statsmodels_fleiss_kappa

from tilsynwidgets.domain.core.categories import RiskCategory
from tilsynwidgets.domain.training.agreement import (
    COLUMNS,
    DEFAULT_CATEGORIES,
    NO_PAIRS,
    NO_VARIATION,
    STATISTICS,
    AgreementResult,
    agreement_ci,
    bootstrap_agreement,
    category_counts,
    fleiss_kappa,
    fleiss_kappa_from_counts,
    fleiss_kappa_resampled,
    krippendorff_alpha,
    krippendorff_alpha_from_counts,
    krippendorff_alpha_resampled,
    percentile_interval,
    rating_matrix,
    resample_weights,
)

FIVE = ("1", "2", "3", "4", "5")

# Builders from tests/unit/conftest.py, shared with test_agreement_tables.py (fixtures).
LongFrame = Callable[..., pd.DataFrame]
RandomMatrix = Callable[..., npt.NDArray[np.float64]]


def counts_of(matrix: npt.ArrayLike, n_categories: int) -> npt.NDArray[np.int64]:
    values = np.asarray(matrix, dtype=np.float64)
    return np.stack([np.sum(values == c, axis=1) for c in range(n_categories)], axis=1).astype(
        np.int64
    )


def slow_fleiss(rows: Sequence[Sequence[str]]) -> float:
    """The generalised Fleiss' kappa written out from its definition, item by item."""
    items = [Counter(row) for row in rows if len(row) >= 2]
    per_item = [
        sum(n * (n - 1) for n in item.values()) / (sum(item.values()) * (sum(item.values()) - 1))
        for item in items
    ]
    observed = sum(per_item) / len(per_item)
    pooled: Counter[str] = Counter()
    for item in items:
        pooled.update(item)
    total = sum(pooled.values())
    expected = sum((n / total) ** 2 for n in pooled.values())
    return (observed - expected) / (1 - expected)


def oracle_alpha(counts: npt.ArrayLike, level: str) -> float:
    """The ``krippendorff`` package on a count table (NaN where it refuses: no variation)."""
    table = np.asarray(counts)
    try:
        return float(
            krippendorff.alpha(
                value_counts=table,
                value_domain=list(range(table.shape[1])),
                level_of_measurement=level,
            )
        )
    except ValueError:
        return math.nan


# --- published worked examples ----------------------------------------------------------------

# Fleiss (1971): the fixtures fleiss_1971 (counts) and fleiss_1971_frame in conftest.py.

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: observers
# A-D (rows) × 12 units, values 1-5, missing data.
N = np.nan
KRIPPENDORFF_2011 = np.array(
    [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
        [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
    ]
)


@pytest.fixture
def krippendorff_2011_frame(long_frame: LongFrame) -> pd.DataFrame:
    return long_frame(KRIPPENDORFF_2011.T - 1, FIVE)


def test_fleiss_1971_worked_example(
    fleiss_1971: npt.NDArray[np.int64], fleiss_1971_frame: pd.DataFrame
) -> None:
    assert fleiss_kappa_from_counts(fleiss_1971) == pytest.approx(0.210, abs=5e-4)
    assert fleiss_kappa(fleiss_1971_frame, FIVE) == pytest.approx(0.210, abs=5e-4)
    # The intermediate figure the example gives: P_e = 0.213 (P-bar and P_2, per vignette:
    # test_agreement_tables.py).
    shares = fleiss_1971.sum(axis=0) / fleiss_1971.sum()
    assert (shares**2).sum() == pytest.approx(0.213, abs=5e-4)


def test_krippendorff_2011_worked_example(krippendorff_2011_frame: pd.DataFrame) -> None:
    ratings = krippendorff_2011_frame
    assert krippendorff_alpha(ratings, "nominal", FIVE) == pytest.approx(0.743, abs=5e-4)
    # Ordinal: against the independent implementation on the same data (0.815).
    expected = krippendorff.alpha(
        reliability_data=KRIPPENDORFF_2011, level_of_measurement="ordinal"
    )
    assert krippendorff_alpha(ratings, "ordinal", FIVE) == pytest.approx(expected, rel=1e-12)
    assert expected == pytest.approx(0.815, abs=5e-4)
    # Unit 12 has a single value: not pairable, so 11 units and 40 values count.
    result = agreement_ci(ratings, "alpha_nominal", FIVE, n_resamples=0)
    assert (result.n_units, result.n_ratings) == (11, 40)


def test_category_order_matters_for_ordinal_only(krippendorff_2011_frame: pd.DataFrame) -> None:
    ratings = krippendorff_2011_frame
    shuffled = ("3", "1", "5", "2", "4")
    assert krippendorff_alpha(ratings, "nominal", shuffled) == pytest.approx(
        krippendorff_alpha(ratings, "nominal", FIVE), rel=1e-12
    )
    assert krippendorff_alpha(ratings, "ordinal", shuffled) != pytest.approx(
        krippendorff_alpha(ratings, "ordinal", FIVE), rel=1e-3
    )


# --- independent implementations ------------------------------------------------------------


@pytest.mark.parametrize("seed", range(30))
def test_alpha_matches_the_krippendorff_package(
    seed: int, long_frame: LongFrame, random_matrix: RandomMatrix
) -> None:
    rng = np.random.default_rng(seed)
    n_categories = int(rng.integers(2, 6))
    matrix = random_matrix(
        rng, int(rng.integers(2, 25)), int(rng.integers(2, 12)), n_categories, rng.random() * 0.5
    )
    categories = FIVE[:n_categories]
    ratings = long_frame(matrix, categories)
    for level in ("nominal", "ordinal"):
        expected = oracle_alpha(counts_of(matrix, n_categories), level)
        if not math.isnan(expected):  # the package's own entry point too
            assert expected == pytest.approx(
                krippendorff.alpha(
                    reliability_data=matrix.T,
                    value_domain=list(range(n_categories)),
                    level_of_measurement=level,
                ),
                rel=1e-12,
            )
        got = krippendorff_alpha(ratings, level, categories)  # type: ignore[arg-type]
        assert got == pytest.approx(expected, rel=1e-10, abs=1e-12, nan_ok=True)


@pytest.mark.parametrize("seed", range(30))
def test_kappa_matches_statsmodels_with_the_same_number_of_answers_per_vignette(
    seed: int, long_frame: LongFrame, random_matrix: RandomMatrix
) -> None:
    # statsmodels assumes every subject has the same number of ratings (Fleiss 1971): here
    # each vignette is answered by k of the participants, a different k-subset each time.
    rng = np.random.default_rng(seed)
    n_vignettes, n_raters = int(rng.integers(2, 20)), int(rng.integers(3, 15))
    n_categories = int(rng.integers(2, 6))
    matrix = random_matrix(rng, n_vignettes, n_raters, n_categories, 0.0)
    k = int(rng.integers(2, n_raters + 1))
    for row in matrix:
        row[rng.permutation(n_raters)[k:]] = np.nan
    counts = counts_of(matrix, n_categories)
    expected = statsmodels_fleiss_kappa(counts, method="fleiss")
    got = fleiss_kappa(long_frame(matrix, FIVE[:n_categories]), FIVE[:n_categories])
    if counts.sum(axis=0).astype(bool).sum() < 2:
        assert math.isnan(got)
    else:
        assert got == pytest.approx(expected, rel=1e-10, abs=1e-12)


@pytest.mark.parametrize("seed", range(30))
def test_kappa_with_unequal_answers_matches_its_definition(
    seed: int, long_frame: LongFrame, random_matrix: RandomMatrix
) -> None:
    rng = np.random.default_rng(seed)
    n_categories = int(rng.integers(2, 6))
    matrix = random_matrix(
        rng, int(rng.integers(3, 20)), int(rng.integers(2, 12)), n_categories, 0.3
    )
    categories = FIVE[:n_categories]
    rows = [[categories[int(x)] for x in row if not np.isnan(x)] for row in matrix]
    got = fleiss_kappa(long_frame(matrix, categories), categories)
    pooled = {c for row in rows if len(row) >= 2 for c in row}
    if len(pooled) < 2:
        assert math.isnan(got)
    else:
        assert got == pytest.approx(slow_fleiss(rows), rel=1e-10, abs=1e-12)


def test_slow_reference_is_fleiss_on_complete_data(fleiss_1971: npt.NDArray[np.int64]) -> None:
    per_subject = [[FIVE[k] for k, n in enumerate(row) for _ in range(n)] for row in fleiss_1971]
    assert slow_fleiss(per_subject) == pytest.approx(statsmodels_fleiss_kappa(fleiss_1971))


# --- the ratings frame ----------------------------------------------------------------------


def test_rating_matrix_and_counts() -> None:
    ratings = pd.DataFrame(
        [
            ("v1", "anna", "roed"),
            ("v1", "bo", "gul"),
            ("v2", "anna", "groen"),
            ("v2", "carl", "groen"),
        ],
        columns=list(COLUMNS),
    )
    matrix = rating_matrix(ratings)
    assert matrix.loc["v1", "anna"] == "roed"
    assert matrix.loc["v2", "carl"] == "groen"
    assert pd.isna(matrix.loc["v1", "carl"])
    counts = category_counts(ratings)
    assert list(counts.columns) == ["groen", "gul", "roed"]
    assert counts.loc["v1"].tolist() == [0, 1, 1]
    assert counts.loc["v2"].tolist() == [2, 0, 0]


def test_empty_category_is_a_missing_answer(
    long_frame: LongFrame, random_matrix: RandomMatrix
) -> None:
    rng = np.random.default_rng(3)
    ratings = long_frame(random_matrix(rng, 8, 6, 3, 0.0))
    blanked = ratings.copy()
    blanked.loc[[1, 7, 20], "category"] = None
    assert fleiss_kappa(blanked) == pytest.approx(fleiss_kappa(ratings.drop(index=[1, 7, 20])))
    assert krippendorff_alpha(blanked, "ordinal") == pytest.approx(
        krippendorff_alpha(ratings.drop(index=[1, 7, 20]), "ordinal")
    )


def test_unknown_category_names_the_row() -> None:
    ratings = pd.DataFrame(
        [("v1", "anna", "roed"), ("v1", "bo", "blaa"), ("v2", "anna", "gul")],
        columns=list(COLUMNS),
    )
    with pytest.raises(
        ValueError, match=r"række 1: ukendt farve 'blaa'.*vignet 'v1', deltager 'bo'"
    ):
        fleiss_kappa(ratings)


def test_malformed_input_is_refused_in_danish(long_frame: LongFrame) -> None:
    with pytest.raises(ValueError, match="mangler kolonnen vignette_id, participant_id, category"):
        fleiss_kappa(pd.DataFrame())
    twice = pd.DataFrame([("v1", "anna", "roed"), ("v1", "anna", "gul")], columns=list(COLUMNS))
    with pytest.raises(ValueError, match="række 1: deltageren har allerede svaret"):
        krippendorff_alpha(twice)
    no_id = pd.DataFrame([("v1", None, "roed")], columns=list(COLUMNS))
    with pytest.raises(ValueError, match="række 0: mangler participant_id"):
        krippendorff_alpha(no_id)
    with pytest.raises(ValueError, match="måleniveau"):
        krippendorff_alpha(long_frame([[0, 1]]), "interval")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="mindst to forskellige"):
        fleiss_kappa(long_frame([[0, 1]]), ("roed", "roed"))
    with pytest.raises(ValueError, match="konfidensniveauet"):
        agreement_ci(long_frame([[0, 1]]), confidence=95)


def test_risk_category_members_are_accepted(small_session: pd.DataFrame) -> None:
    as_strings = small_session.copy()
    as_members = small_session.assign(category=[RiskCategory(c) for c in small_session["category"]])
    assert krippendorff_alpha(as_members, "ordinal") == krippendorff_alpha(as_strings, "ordinal")


def test_empty_ratings_give_nan() -> None:
    # With the reason, overall and per vignette and participant: test_agreement_tables.py.
    empty = pd.DataFrame(columns=list(COLUMNS))
    assert math.isnan(fleiss_kappa(empty))
    assert math.isnan(krippendorff_alpha(empty, "ordinal"))


# --- edge cases -----------------------------------------------------------------------------


def test_single_answer_vignettes_are_left_out(
    long_frame: LongFrame, random_matrix: RandomMatrix
) -> None:
    rng = np.random.default_rng(5)
    matrix = random_matrix(rng, 10, 6, 3, 0.1)
    lonely = np.full((2, 6), np.nan)
    lonely[0, 2], lonely[1, 4] = 0, 2
    with_lonely = np.vstack([matrix, lonely])
    for statistic in STATISTICS:
        assert agreement_ci(long_frame(with_lonely), statistic, n_resamples=0).estimate == (
            pytest.approx(agreement_ci(long_frame(matrix), statistic, n_resamples=0).estimate)
        )
    result = agreement_ci(long_frame(with_lonely), n_resamples=0)
    assert result.n_units == 10
    assert result.n_ratings == int((~np.isnan(matrix)).sum())
    # Still listed per vignette, without pair agreement: test_agreement_tables.py.


def test_only_single_answers_give_nan(long_frame: LongFrame) -> None:
    ratings = long_frame([[0, np.nan], [np.nan, 2]])
    result = agreement_ci(ratings, "fleiss_kappa")
    assert math.isnan(result.estimate)
    assert result.reason == NO_PAIRS


def test_all_identical_answers_are_undefined_not_perfect(long_frame: LongFrame) -> None:
    ratings = long_frame(np.full((4, 5), 1.0))
    assert math.isnan(fleiss_kappa(ratings))
    assert math.isnan(krippendorff_alpha(ratings, "nominal"))
    assert math.isnan(krippendorff_alpha(ratings, "ordinal"))
    results = bootstrap_agreement(category_counts(ratings).to_numpy())
    assert {r.reason for r in results.values()} == {NO_VARIATION}
    assert all(r.n_resamples == 0 and math.isnan(r.high) for r in results.values())


def test_perfect_agreement_with_variation_is_one(long_frame: LongFrame) -> None:
    ratings = long_frame([[0] * 4, [1] * 4, [2] * 4, [2, 2, 2, np.nan]])
    assert fleiss_kappa(ratings) == pytest.approx(1.0)
    assert krippendorff_alpha(ratings, "nominal") == pytest.approx(1.0)
    assert krippendorff_alpha(ratings, "ordinal") == pytest.approx(1.0)


# --- bootstrap ------------------------------------------------------------------------------


def test_interval_contains_the_estimate_and_is_reproducible(
    typical_session: Callable[..., pd.DataFrame],
) -> None:
    ratings = typical_session()
    for statistic in STATISTICS:
        result = agreement_ci(ratings, statistic, seed=7)
        assert isinstance(result, AgreementResult)
        assert result.low <= result.estimate <= result.high
        assert result.low < result.high
        assert result.n_resamples == 1000
        assert result == agreement_ci(ratings, statistic, seed=7)
        assert result != agreement_ci(ratings, statistic, seed=8)
        narrower = agreement_ci(ratings, statistic, confidence=0.5, seed=7)
        assert result.low <= narrower.low <= narrower.high <= result.high


def test_resample_weights() -> None:
    weights = resample_weights(12, 500, seed=1)
    assert weights.shape == (500, 12)
    assert (weights.sum(axis=1) == 12).all()
    assert (weights == resample_weights(12, 500, seed=np.random.default_rng(1))).all()


@pytest.mark.parametrize("seed", range(5))
def test_vectorised_bootstrap_equals_a_loop_over_resamples(
    seed: int, random_matrix: RandomMatrix
) -> None:
    rng = np.random.default_rng(seed)
    matrix = random_matrix(rng, 12, 15, 3, 0.3)
    matrix[0, 1:] = np.nan  # a single-answer vignette among those resampled
    counts = counts_of(matrix, 3)
    weights = resample_weights(len(counts), 1000, seed=rng)
    kappa = fleiss_kappa_resampled(counts, weights)
    nominal = krippendorff_alpha_resampled(counts, weights, "nominal")
    ordinal = krippendorff_alpha_resampled(counts, weights, "ordinal")
    for b, row in enumerate(weights):
        drawn = np.repeat(counts, row, axis=0)  # the resample as data, vignette by vignette
        assert kappa[b] == pytest.approx(fleiss_kappa_from_counts(drawn), rel=1e-10, nan_ok=True)
        assert nominal[b] == pytest.approx(
            krippendorff_alpha_from_counts(drawn, "nominal"), rel=1e-10, nan_ok=True
        )
        assert ordinal[b] == pytest.approx(
            krippendorff_alpha_from_counts(drawn, "ordinal"), rel=1e-10, nan_ok=True
        )
    for b in range(0, 1000, 5):  # and against the independent implementations
        drawn = np.repeat(counts, weights[b], axis=0)
        rows = [
            [DEFAULT_CATEGORIES[c] for c in range(3) for _ in range(int(n_row[c]))]
            for n_row in drawn
        ]
        assert kappa[b] == pytest.approx(slow_fleiss(rows), rel=1e-10)
        assert nominal[b] == pytest.approx(oracle_alpha(drawn, "nominal"), rel=1e-10)
        assert ordinal[b] == pytest.approx(oracle_alpha(drawn, "ordinal"), rel=1e-10)


def test_percentile_interval_skips_undefined_resamples() -> None:
    assert percentile_interval([np.nan, 0.0, 1.0, np.nan], 0.5) == (0.25, 0.75)
    low, high = percentile_interval([np.nan, np.nan])
    assert math.isnan(low)
    assert math.isnan(high)
