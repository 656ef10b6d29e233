"""The facilitator's figures, against small sessions computed by hand."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest

from tilsynwidgets.domain.training.agreement import NO_PAIRS
from tilsynwidgets.domain.training.agreement_tables import NO_ANSWERS, ONE_PARTICIPANT
from tilsynwidgets.domain.training.discussion import (
    NOT_GIVEN,
    SessionFigures,
    figures_for_state,
    pseudonyms,
    session_figures,
)
from tilsynwidgets.domain.training.sessions import Round, SessionState

T0 = datetime(2026, 11, 20, 9, tzinfo=UTC)
PIDS = [f"{n:032x}" for n in range(1, 5)]
NAMES = ["Anna Andersen", "Bo Berg", "Cai Carlsen", "Dea Dahl"]
V01, V04, V08, V12 = "v01-glentebakken", "v04-stormsvalen", "v08-hvidkloever", "v12-egekrattet"
OPEN1, OPEN2 = "v09-skraenten", "v10-havoernen"
# References: v01 grøn, v04 rød, v08 gul, v12 rød. Columns: participant 1…4.
COLOURS = {
    V01: ["groen", "groen", "gul", "groen"],
    V04: ["roed", "gul", "roed", "groen"],
    V08: ["gul", "gul", "roed", "gul"],
}


def participants_frame(n: int = 4, socialtilsyn: tuple[str | None, ...] = ()) -> pd.DataFrame:
    groups = socialtilsyn or ("syd", "syd", "nord", None)
    return pd.DataFrame(
        {
            "participant_id": PIDS[:n],
            "display_name": NAMES[:n],
            "socialtilsyn": pd.Series(list(groups[:n]), dtype=object),
            "joined_at": pd.to_datetime([T0 + timedelta(minutes=m) for m in range(n)], utc=True),
        }
    )


def answers_frame(colours: dict[str, list[str | None]]) -> pd.DataFrame:
    rows = [
        {
            "session_code": "K7M2QX",
            "round_no": 1,
            "participant_id": PIDS[p],
            "vignette_id": vignette_id,
            "category": category,
            "justification": f"Begrundelse fra deltager {p + 1} om {vignette_id}.",
            "has_plan": p == 0,
            "submitted_at": pd.Timestamp(T0 + timedelta(minutes=10 + p)),
        }
        for vignette_id, column in colours.items()
        for p, category in enumerate(column)
        if category is not None
    ]
    frame = pd.DataFrame(rows)
    frame["round_no"] = frame["round_no"].astype("int64")
    return frame


@pytest.fixture
def figures_4x3() -> SessionFigures:
    return session_figures(
        answers_frame(dict(COLOURS)),
        participants_frame(),
        [V01, V04, V08],
        {V01, V04},
        n_resamples=200,
    )


def test_counts_modal_and_reference_shares(figures_4x3: SessionFigures) -> None:
    table = figures_4x3.vignettes
    assert list(table.index) == [V01, V04, V08]
    assert table.loc[V01, ["roed", "gul", "groen", "n_ratings"]].tolist() == [0, 1, 3, 4]
    assert table.loc[V04, ["roed", "gul", "groen", "n_ratings"]].tolist() == [2, 1, 1, 4]
    assert table.loc[V08, ["roed", "gul", "groen", "n_ratings"]].tolist() == [1, 3, 0, 4]
    assert table["modal"].tolist() == ["groen", "roed", "gul"]
    assert table["modal_share"].tolist() == pytest.approx([0.75, 0.5, 0.75])
    # pairs agreeing: 3·2/(4·3), 2·1/(4·3), 3·2/(4·3)
    assert table["pair_agreement"].tolist() == pytest.approx([0.5, 1 / 6, 0.5])
    assert table.loc[V01, "reference"] == "groen"
    assert table.loc[V04, "reference"] == "roed"
    assert table.loc[V01, "reference_share"] == pytest.approx(0.75)
    assert table.loc[V04, "reference_share"] == pytest.approx(0.5)
    # steps from the reference: v01 0+0+1+0, v04 0+1+0+2
    assert table.loc[V01, "reference_steps"] == pytest.approx(0.25)
    assert table.loc[V04, "reference_steps"] == pytest.approx(0.75)
    assert table.loc[V01, ["n_stricter", "n_milder"]].tolist() == [1, 0]
    assert table.loc[V04, ["n_stricter", "n_milder"]].tolist() == [0, 2]
    assert table["title"].tolist()[1] == "Opholdssted i krise efter lederskifte"


def test_overall_and_group_agreement_by_hand(figures_4x3: SessionFigures) -> None:
    # P̄ = (1/2 + 1/6 + 1/2)/3 = 7/18; shares grøn 4/12, gul 5/12, rød 3/12 → Pe = 25/72
    kappa = figures_4x3.overall["fleiss_kappa"]
    assert kappa.estimate == pytest.approx((7 / 18 - 25 / 72) / (1 - 25 / 72))
    assert kappa.estimate == pytest.approx(3 / 47)
    assert (kappa.n_units, kappa.n_ratings) == (3, 12)
    assert kappa.low <= kappa.estimate <= kappa.high
    for statistic in ("alpha_nominal", "alpha_ordinal"):
        assert math.isfinite(figures_4x3.overall[statistic].estimate)
    groups = figures_4x3.groups
    assert list(groups.index) == ["syd", "nord", NOT_GIVEN]  # socialtilsyn order, then none
    assert groups["n_participants"].tolist() == [2, 1, 1]
    # syd (participants 1 and 2): P̄ = (1 + 0 + 1)/3; shares 2/6, 3/6, 1/6 → Pe = 14/36
    assert groups.loc["syd", "fleiss_kappa"] == pytest.approx(5 / 11)
    assert math.isnan(groups.loc["nord", "fleiss_kappa"])
    assert groups.loc["nord", "reason"] == ONE_PARTICIPANT
    assert groups.loc[NOT_GIVEN, "reason"] == ONE_PARTICIPANT
    # the lone participants' answers are counted, though no pair of them can agree
    assert groups["n_answers"].tolist() == [6, 3, 3]
    assert groups.loc["nord", ["n_units", "n_ratings"]].tolist() == [0, 0]


def test_each_participant_against_the_revealed_references(figures_4x3: SessionFigures) -> None:
    people = figures_4x3.participants
    assert list(people.index) == PIDS
    assert people["n_answers"].tolist() == [3, 3, 3, 3]
    assert people["n_compared"].tolist() == [2, 2, 2, 2]  # v08 is not revealed
    assert people["exact_share"].tolist() == pytest.approx([1.0, 0.5, 0.5, 0.5])
    assert people["mean_steps"].tolist() == pytest.approx([0.0, 0.5, 0.5, 1.0])
    assert people["mean_signed_steps"].tolist() == pytest.approx([0.0, -0.5, 0.5, -1.0])
    assert people["n_stricter"].tolist() == [0, 0, 1, 0]
    assert people["n_milder"].tolist() == [0, 1, 0, 1]
    assert people["direction"].tolist() == ["same", "milder", "stricter", "milder"]
    assert people["socialtilsyn"].tolist() == ["syd", "syd", "nord", NOT_GIVEN]


def test_off_both_ways_is_balanced() -> None:
    colours = {V01: ["gul", "groen"], V04: ["gul", "roed"]}  # +1 then −1
    figures = session_figures(
        answers_frame(colours), participants_frame(2), [V01, V04], {V01, V04}, n_resamples=10
    )
    assert figures.participants["direction"].tolist() == ["balanced", "same"]
    assert figures.participants["mean_signed_steps"].iloc[0] == 0.0


def test_unrevealed_references_never_appear(figures_4x3: SessionFigures) -> None:
    row = figures_4x3.vignettes.loc[V08]
    assert row["reference"] is None
    assert math.isnan(row["reference_share"])
    assert math.isnan(row["reference_steps"])
    assert row["rationale"] is None
    assert not row["revealed"]
    assert figures_4x3.revealed == frozenset({V01, V04})
    assert figures_4x3.answers.loc[figures_4x3.answers["vignette_id"] == V08, "steps"].isna().all()


def test_nothing_revealed_compares_nothing() -> None:
    figures = session_figures(
        answers_frame(dict(COLOURS)), participants_frame(), [V01, V04, V08], n_resamples=10
    )
    assert figures.revealed == frozenset()
    assert figures.vignettes["reference"].isna().all()
    assert figures.vignettes["rationale"].isna().all()
    assert (figures.participants["n_compared"] == 0).all()
    assert figures.participants["direction"].isna().all()
    assert figures.answers["steps"].isna().all()


def test_revealed_outside_the_discussed_vignettes_is_ignored() -> None:
    figures = session_figures(
        answers_frame(dict(COLOURS)), participants_frame(), [V01], {V04, V01}, n_resamples=10
    )
    assert figures.revealed == frozenset({V01})
    assert list(figures.vignettes.index) == [V01]
    assert set(figures.answers["vignette_id"]) == {V01}


def test_a_vignette_nobody_answered() -> None:
    figures = session_figures(
        answers_frame(dict(COLOURS)),
        participants_frame(),
        [V01, V12, V04],
        {V12},
        n_resamples=10,
    )
    row = figures.vignettes.loc[V12]
    assert list(figures.vignettes.index) == [V01, V12, V04]
    assert row[["roed", "gul", "groen", "n_ratings", "n_stricter", "n_milder"]].tolist() == [0] * 6
    assert row["modal"] is None
    assert math.isnan(row["modal_share"])
    assert math.isnan(row["pair_agreement"])
    assert row["reference"] == "roed"  # revealed, but no answer to compare
    assert math.isnan(row["reference_share"])
    assert (figures.participants["n_compared"] == 0).all()


def test_a_single_participant() -> None:
    colours = {V01: ["gul"], V04: ["roed"]}
    figures = session_figures(
        answers_frame(colours), participants_frame(1), [V01, V04], {V01, V04}, n_resamples=50
    )
    for result in figures.overall.values():
        assert math.isnan(result.estimate)
        assert result.reason == NO_PAIRS
    assert figures.vignettes["modal_share"].tolist() == [1.0, 1.0]
    assert figures.vignettes["pair_agreement"].isna().all()
    person = figures.participants.iloc[0]
    assert (person["n_compared"], person["exact_share"], person["mean_steps"]) == (2, 0.5, 0.5)
    assert person["direction"] == "stricter"
    assert figures.groups.loc["syd", "reason"] == ONE_PARTICIPANT
    assert figures.groups.loc["syd", "n_answers"] == 2


def test_a_group_says_why_it_has_no_agreement() -> None:
    """syd lists two participants but only one answered; nord's one did not answer."""
    colours: dict[str, list[str | None]] = {V01: ["gul", None, None], V04: ["roed", None, None]}
    figures = session_figures(
        answers_frame(colours), participants_frame(3), [V01, V04], n_resamples=10
    )
    groups = figures.groups
    assert groups.loc["syd", ["n_participants", "n_answers"]].tolist() == [2, 2]
    assert groups.loc["syd", "reason"] == ONE_PARTICIPANT
    assert groups.loc["nord", ["n_participants", "n_answers"]].tolist() == [1, 0]
    assert groups.loc["nord", "reason"] == NO_ANSWERS


def test_an_empty_session() -> None:
    figures = session_figures(pd.DataFrame(), pd.DataFrame(), [V01], {V01}, n_resamples=10)
    assert figures.vignettes.loc[V01, "n_ratings"] == 0
    assert math.isnan(figures.overall["fleiss_kappa"].estimate)
    assert figures.participants.empty
    assert figures.groups.empty
    assert figures.submissions.empty


def test_missing_columns_are_refused_in_danish() -> None:
    broken = answers_frame(dict(COLOURS)).drop(columns=["justification"])
    with pytest.raises(ValueError, match="svarene mangler kolonnen justification"):
        session_figures(broken, participants_frame(), [V01])


def test_pseudonyms_follow_join_order_not_row_order() -> None:
    shuffled = participants_frame().iloc[[2, 0, 3, 1]]
    hidden = pseudonyms(shuffled, hide=True)
    assert hidden == {pid: f"Deltager {n}" for n, pid in enumerate(PIDS, start=1)}
    assert pseudonyms(shuffled, hide=False) == dict(zip(PIDS, NAMES, strict=True))
    assert not set(hidden.values()) & set(NAMES)


def test_hidden_names_never_carry_display_names(figures_4x3: SessionFigures) -> None:
    assert list(figures_4x3.names(True).values()) == [f"Deltager {n}" for n in range(1, 5)]
    assert list(figures_4x3.names(False).values()) == NAMES


def test_someone_answering_without_being_listed_still_gets_a_name() -> None:
    figures = session_figures(
        answers_frame(dict(COLOURS)), participants_frame(3), [V01, V04], n_resamples=10
    )
    assert list(figures.participants.index) == PIDS
    assert figures.names(True)[PIDS[3]] == "Deltager 4"
    assert figures.names(False)[PIDS[3]] == "Ukendt deltager 1"


def test_missing_or_blank_socialtilsyn_is_not_given() -> None:
    people = participants_frame(socialtilsyn=("syd", "", None, "nord"))
    figures = session_figures(answers_frame(dict(COLOURS)), people, [V01], n_resamples=10)
    assert list(figures.groups.index) == ["syd", "nord", NOT_GIVEN]
    assert figures.groups.loc[NOT_GIVEN, "n_participants"] == 2


def test_submissions_grid_of_the_open_round() -> None:
    answers = answers_frame({OPEN1: ["gul", None, "roed", "gul"], OPEN2: ["gul", None, None, None]})
    figures = session_figures(
        answers, participants_frame(), [], open_vignette_ids=[OPEN1, OPEN2], n_resamples=10
    )
    grid = figures.submissions
    assert list(grid.columns) == [OPEN1, OPEN2]
    assert list(grid.index) == PIDS
    assert grid[OPEN1].tolist() == [True, False, True, True]
    assert grid[OPEN2].tolist() == [True, False, False, False]
    assert figures.vignettes.empty  # open answers are not discussed
    assert figures.answers.empty
    assert figures.titles == {
        OPEN1: "Mange magtanvendelser efter ny målgruppe",
        OPEN2: "Fusion og flytning i et døgnbehandlingstilbud",
    }


def test_figures_for_state_discuss_closed_rounds_only() -> None:
    answers = answers_frame({**COLOURS, OPEN1: ["gul", None, "roed", None]})
    state = SessionState(
        (
            Round(1, (V01, V04), open=False, revealed=True),
            Round(2, (V08,), open=False, revealed=False),
            Round(3, (OPEN1,), open=True, revealed=False),
        )
    )
    figures = figures_for_state(answers, participants_frame(), state, n_resamples=10)
    assert figures.vignette_ids == (V01, V04, V08)
    assert figures.revealed == frozenset({V01, V04})
    assert figures.open_vignette_ids == (OPEN1,)
    assert figures.submissions[OPEN1].tolist() == [True, False, True, False]
    assert OPEN1 not in set(figures.answers["vignette_id"])
    assert figures.overall["fleiss_kappa"].estimate == pytest.approx(3 / 47)


def test_same_input_and_seed_give_the_same_intervals() -> None:
    def run() -> tuple[float, float]:
        result = session_figures(
            answers_frame(dict(COLOURS)), participants_frame(), [V01, V04, V08], seed=7
        ).overall["alpha_ordinal"]
        return result.low, result.high

    assert run() == run()
