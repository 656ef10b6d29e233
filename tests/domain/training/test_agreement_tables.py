from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import numpy.typing as npt
import pandas as pd
import pytest

from tilsynwidgets.domain.training.agreement import (
    COLUMNS,
    DEFAULT_CATEGORIES,
    NO_PAIRS,
    agreement_ci,
    fleiss_kappa,
    krippendorff_alpha,
)
from tilsynwidgets.domain.training.agreement_tables import (
    ONE_PARTICIPANT,
    facilitator_view,
    group_agreement,
    participant_summary,
    vignette_summary,
)

FIVE = ("1", "2", "3", "4", "5")  # the categories of the fixture fleiss_1971_frame

# The session of the fixture small_session: its reference colours and its participants.
REFERENCE = {"v1": "roed", "v2": "gul", "v3": "groen", "v4": "gul"}
PEOPLE = pd.DataFrame(
    {
        "participant_id": ["anna", "bo", "carl", "dorte", "erik"],
        "socialtilsyn": ["syd", "syd", "nord", "nord", "nord"],
    }
)


# --- published worked example and edge cases ------------------------------------------------


def test_pair_agreement_in_the_fleiss_1971_worked_example(fleiss_1971_frame: pd.DataFrame) -> None:
    # The intermediate figures the example gives: P-bar = 0.378, P_2 = 0.253 (P_e and kappa:
    # test_agreement.py).
    pairs = vignette_summary(fleiss_1971_frame, categories=FIVE)["pair_agreement"]
    assert pairs.mean() == pytest.approx(0.378, abs=5e-4)
    assert pairs["s1"] == pytest.approx(0.253, abs=5e-4)


def test_empty_ratings_give_nan_with_a_reason() -> None:
    empty = pd.DataFrame(columns=list(COLUMNS))
    view = facilitator_view(empty, reference={"v1": "gul"})
    for result in view.overall.values():
        assert math.isnan(result.estimate)
        assert math.isnan(result.low)
        assert result.reason == NO_PAIRS
        assert (result.n_units, result.n_ratings) == (0, 0)
    assert view.vignettes.loc["v1", "n_ratings"] == 0
    assert view.participants.empty


def test_single_answer_vignettes_are_listed_without_pair_agreement(
    long_frame: Callable[..., pd.DataFrame],
    random_matrix: Callable[..., npt.NDArray[np.float64]],
) -> None:
    # The same data as test_agreement.py's test_single_answer_vignettes_are_left_out.
    matrix = random_matrix(np.random.default_rng(5), 10, 6, 3, 0.1)
    lonely = np.full((2, 6), np.nan)
    lonely[0, 2], lonely[1, 4] = 0, 2
    table = vignette_summary(long_frame(np.vstack([matrix, lonely])))
    assert math.isnan(table.loc["v10", "pair_agreement"])
    assert table.loc["v10", "modal_share"] == 1.0


# --- per vignette, per participant, per group -----------------------------------------------


def test_vignette_summary(small_session: pd.DataFrame) -> None:
    table = vignette_summary(small_session, REFERENCE)
    assert list(table.columns[:3]) == ["roed", "gul", "groen"]
    assert table.loc["v1", ["roed", "gul", "groen"]].tolist() == [2, 1, 1]
    assert table.loc["v1", "modal"] == "roed"
    assert table.loc["v1", "modal_share"] == 0.5
    assert table.loc["v1", "pair_agreement"] == pytest.approx(1 / 6)
    assert table.loc["v1", "reference_share"] == 0.5
    assert table.loc["v1", "reference_steps"] == pytest.approx((0 + 0 + 1 + 2) / 4)
    assert pd.isna(table.loc["v2", "modal"])  # gul 2, grøn 2: a tie
    assert table.loc["v2", "modal_share"] == 0.5
    assert table.loc["v3", "n_ratings"] == 1
    assert math.isnan(table.loc["v3", "pair_agreement"])
    assert table.loc["v4", "n_ratings"] == 0  # in the reference, answered by nobody
    assert math.isnan(table.loc["v4", "reference_share"])
    assert math.isnan(vignette_summary(small_session).loc["v1", "reference_share"])


def test_participant_summary(small_session: pd.DataFrame) -> None:
    table = participant_summary(small_session, REFERENCE, PEOPLE)
    assert table.loc["anna", "n_answers"] == 3
    assert table.loc["anna", "exact_share"] == 1.0
    assert table.loc["anna", "mean_steps"] == 0.0
    assert table.loc["dorte", "exact_share"] == 0.0
    assert table.loc["dorte", "mean_steps"] == 1.5  # rød → grøn 2 steps, gul → grøn 1
    assert table.loc["dorte", "mean_signed_steps"] == -1.5  # milder than the reference
    assert table.loc["carl", "mean_signed_steps"] == -0.5
    assert table.loc["erik", "n_answers"] == 0  # listed, no answers
    assert math.isnan(table.loc["erik", "exact_share"])
    assert table.loc["erik", "socialtilsyn"] == "nord"
    without = participant_summary(small_session)
    assert "erik" not in without.index
    assert (without["n_compared"] == 0).all()


def test_group_agreement_uses_each_groups_own_answers(
    typical_session: Callable[..., pd.DataFrame],
) -> None:
    ratings = typical_session(4)
    people = pd.DataFrame(
        {
            "participant_id": [f"p{p:02d}" for p in range(40)],
            "socialtilsyn": ["syd"] * 15 + ["nord"] * 24 + ["midt"],
        }
    )
    table = group_agreement(ratings, people, n_resamples=200)
    assert list(table.index) == ["midt", "nord", "syd"]
    south = ratings[ratings["participant_id"].isin(people["participant_id"][:15])]
    assert table.loc["syd", "fleiss_kappa"] == pytest.approx(fleiss_kappa(south))
    assert table.loc["syd", "alpha_ordinal"] == pytest.approx(krippendorff_alpha(south, "ordinal"))
    assert table.loc["syd", "n_participants"] == 15
    assert table.loc["syd", "alpha_nominal_low"] <= table.loc["syd", "alpha_nominal"]
    assert math.isnan(table.loc["midt", "alpha_nominal"])  # one participant: no pairs
    assert table.loc["midt", "reason"] == ONE_PARTICIPANT
    answers = ratings["participant_id"].map(people.set_index("participant_id")["socialtilsyn"])
    assert table["n_answers"].to_dict() == answers.value_counts().to_dict()
    assert table.loc["midt", ["n_units", "n_ratings"]].tolist() == [0, 0]
    assert pd.isna(table.loc["syd", "reason"])


def test_facilitator_view_is_reproducible_and_consistent(
    typical_session: Callable[..., pd.DataFrame],
) -> None:
    ratings = typical_session()
    people = pd.DataFrame(
        {
            "participant_id": [f"p{p:02d}" for p in range(40)],
            "socialtilsyn": ["syd", "nord", "midt", "oest", "hovedstaden"] * 8,
        }
    )
    reference = {f"v{v:02d}": DEFAULT_CATEGORIES[v % 3] for v in range(12)}
    view = facilitator_view(ratings, reference, people, by="socialtilsyn", seed=3)
    again = facilitator_view(ratings, reference, people, by="socialtilsyn", seed=3)
    assert view.overall == again.overall
    assert view.groups is not None
    assert again.groups is not None
    pd.testing.assert_frame_equal(view.groups, again.groups)
    # The overall figures draw first from the seeded generator: as on their own.
    assert view.overall["alpha_ordinal"] == agreement_ci(ratings, "alpha_ordinal", seed=3)
    assert list(view.vignettes.index) == sorted(reference)
    assert len(view.participants) == 40
    with pytest.raises(ValueError, match="deltagerliste"):
        facilitator_view(ratings, by="socialtilsyn")
