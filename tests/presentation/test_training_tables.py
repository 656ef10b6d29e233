"""The training tables' own words: the statistics, a tie, a reference not yet shown, the
directions, a remark as a sentence, the progress grid and the workbook's number formats."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest

from tilsynwidgets.domain.training.agreement import NO_PAIRS
from tilsynwidgets.domain.training.discussion import SessionFigures, session_figures
from tilsynwidgets.presentation.tables import for_people
from tilsynwidgets.presentation.training_tables import (
    GROUPS_SHEET,
    OVERALL_SHEET,
    OVERALL_TABLE,
    VIGNETTES_SHEET,
    VIGNETTES_TABLE,
    groups_frame,
    overall_frame,
    participants_frame,
    participants_table,
    progress_frame,
    progress_table,
    training_sheet,
    vignettes_frame,
)

T0 = datetime(2026, 11, 20, 9, tzinfo=UTC)
PIDS = ["a" * 32, "b" * 32]
NAMES = ["Anna Andersen", "Bo Berg"]
V01, V04, V09 = "v01-glentebakken", "v04-stormsvalen", "v09-skraenten"
# The words people read, pinned here for the screen's and the workbook's tests too.
STATISTIC = {
    "fleiss_kappa": "Fleiss' kappa",
    "alpha_nominal": "Krippendorffs alfa (nominal)",
    "alpha_ordinal": "Krippendorffs alfa (ordinal)",
}
DIRECTION = {
    "stricter": "Strengere",
    "milder": "Mildere",
    "same": "Som referencen",
    "balanced": "Begge veje",
}


def remark(reason: object) -> str | None:
    """A domain reason as the sentence shown ("ingen …" → "Ingen …")."""
    return reason[:1].upper() + reason[1:] if isinstance(reason, str) and reason else None


def _figures(colours: dict[str, list[str]], revealed: set[str]) -> SessionFigures:
    people = pd.DataFrame(
        {
            "participant_id": PIDS,
            "display_name": NAMES,
            "socialtilsyn": pd.Series(["syd", None], dtype=object),
            "joined_at": pd.to_datetime([T0, T0 + timedelta(minutes=1)], utc=True),
        }
    )
    answers = pd.DataFrame(
        [
            {
                "participant_id": PIDS[p],
                "vignette_id": v,
                "category": c,
                "justification": "Begrundet.",
                "has_plan": False,
            }
            for v, column in colours.items()
            for p, c in enumerate(column)
        ]
    )
    closed = [v for v in colours if v != V09]
    return session_figures(
        answers, people, closed, revealed, open_vignette_ids=[V09], n_resamples=20
    )


@pytest.fixture
def figures() -> SessionFigures:
    """v01 a tie (grøn, gul) and not revealed; v04 both rød and revealed; v09 open."""
    return _figures({V01: ["groen", "gul"], V04: ["roed", "roed"], V09: ["gul"]}, {V04})


def test_a_tie_and_a_hidden_reference_are_words(figures: SessionFigures) -> None:
    people = for_people(vignettes_frame(figures), VIGNETTES_TABLE).set_index("Vignet")
    tie = people.loc["Et længerevarende botilbud i ro"]
    assert (tie["Flest valgte"], tie["Reference"], tie["Som reference"]) == (
        "Stemmelighed",
        "Ikke vist",
        "–",
    )
    agreed = people.loc["Opholdssted i krise efter lederskifte"]
    assert (agreed["Flest valgte"], agreed["Reference"], agreed["Andel enige"]) == (
        "▲ Rød",
        "▲ Rød",
        "100,0 %",
    )
    assert list(people.columns[:3]) == ["▲ Rød", "■ Gul", "● Grøn"]


def test_statistics_by_name_and_the_reason_as_a_sentence() -> None:
    lone = _figures({V01: ["groen"], V09: []}, set())
    people = for_people(overall_frame(lone), OVERALL_TABLE)
    assert people["Mål"].tolist() == list(STATISTIC.values())
    assert set(people["Estimat (95 %-interval)"]) == {"–"}
    assert set(people["Bemærkning"]) == {"I" + NO_PAIRS[1:]} == {remark(NO_PAIRS)}


def test_directions_and_the_socialtilsyn_only_beside_real_names(figures: SessionFigures) -> None:
    named = for_people(participants_frame(figures, False), participants_table(False))
    assert named["Deltager"].tolist() == NAMES
    assert named["Socialtilsyn"].tolist() == ["Socialtilsyn Syd", "Ikke oplyst"]
    assert named["Retning"].tolist() == ["Som referencen", "Som referencen"]
    hidden = for_people(participants_frame(figures, True), participants_table(True))
    assert hidden["Deltager"].tolist() == ["Deltager 1", "Deltager 2"]
    assert "Socialtilsyn" not in hidden.columns


def test_the_progress_grid_names_vignettes_by_title(figures: SessionFigures) -> None:
    people = for_people(progress_frame(figures, True), progress_table(figures))
    assert people.columns.tolist() == ["Deltager", "Mange magtanvendelser efter ny målgruppe"]
    assert people.values.tolist() == [
        ["Deltager 1", "✓"],
        ["Deltager 2", "–"],
        ["Har svaret", "1 af 2"],
    ]


def test_workbook_numbers_stay_numbers_with_danish_formats(figures: SessionFigures) -> None:
    overall = training_sheet(overall_frame(figures), OVERALL_SHEET)
    formats = overall.attrs["number_formats"]
    assert formats["Estimat"] == formats["Nedre grænse (95 %)"] == "0.00"
    assert formats["Vignetter"] == "#,##0"
    vignettes = training_sheet(vignettes_frame(figures), VIGNETTES_SHEET)
    assert vignettes.attrs["number_formats"]["Andel enige"] == "0.0%"
    assert vignettes["Andel enige"].tolist() == [0.5, 1.0]
    assert vignettes["Vignet (id)"].tolist() == [V01, V04]
    groups = training_sheet(groups_frame(figures), GROUPS_SHEET)
    assert groups.attrs["number_formats"]["Fleiss' kappa, øvre grænse (95 %)"] == "0.00"
    assert groups["Socialtilsyn"].tolist() == ["Socialtilsyn Syd", "Ikke oplyst"]
    assert groups["Svar"].tolist() == [2, 2]
