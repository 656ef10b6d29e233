"""The facilitator's results sheets, against the session's figures."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pandas as pd

from tilsynwidgets.domain.training.discussion import SessionFigures, session_figures
from tilsynwidgets.exports.training import results_sheets

T0 = datetime(2026, 11, 20, 9, tzinfo=UTC)
PIDS = [f"{n:032x}" for n in range(1, 4)]
NAMES = ["Anna Andersen", "Bo Berg", "Cai Carlsen"]
V01, V04 = "v01-glentebakken", "v04-stormsvalen"
COLOURS = {V01: ["groen", "gul", "groen"], V04: ["roed", "roed", "gul"]}


def _figures() -> SessionFigures:
    people = pd.DataFrame(
        {
            "participant_id": PIDS,
            "display_name": NAMES,
            "socialtilsyn": ["syd", "syd", "nord"],
            "joined_at": pd.to_datetime([T0 + timedelta(minutes=m) for m in range(3)], utc=True),
        }
    )
    answers = pd.DataFrame(
        [
            {
                "session_code": "K7M2QX",
                "round_no": 1,
                "participant_id": PIDS[p],
                "vignette_id": vignette_id,
                "category": colour,
                "justification": "Begrundet i sagens oplysninger.",
                "has_plan": False,
                "submitted_at": pd.Timestamp(T0 + timedelta(minutes=10 + p)),
            }
            for vignette_id, column in COLOURS.items()
            for p, colour in enumerate(column)
        ]
    )
    return session_figures(answers, people, [V01, V04], {V01, V04}, n_resamples=50)


def test_sheets_carry_the_figures() -> None:
    figures = _figures()
    sheets = results_sheets(figures, hide_names=False)
    assert list(sheets) == ["Enighed", "Pr. vignet", "Pr. socialtilsyn", "Pr. deltager", "Svar"]
    overall = sheets["Enighed"].set_index("mål")
    for statistic, result in figures.overall.items():
        assert overall.loc[statistic, "svar"] == result.n_ratings
        assert overall.loc[statistic, "vignetter"] == result.n_units
    pd.testing.assert_frame_equal(sheets["Pr. vignet"], figures.vignettes)
    answers = sheets["Svar"]
    assert "participant_id" not in answers.columns
    assert sorted(answers["deltager"].unique()) == sorted(NAMES)
    assert answers.groupby("vignette_id")["category"].apply(list).to_dict() == {
        V01: COLOURS[V01],
        V04: COLOURS[V04],
    }


def test_hidden_names_reach_every_sheet_that_names_people() -> None:
    figures = _figures()
    sheets = results_sheets(figures, hide_names=True)
    for name in ("Pr. deltager", "Svar"):
        text = sheets[name].to_csv()
        assert not any(person in text for person in NAMES), name
    hidden = set(figures.names(True).values())
    assert set(sheets["Pr. deltager"]["display_name"]) == hidden
    assert set(sheets["Svar"]["deltager"]) == hidden
