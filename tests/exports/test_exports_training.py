"""The facilitator's results workbook, read back cell by cell against the session's figures:
Danish headers and labels, numbers that stay numbers, and no real name when names are
hidden."""

from __future__ import annotations

import io
import math
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any

import openpyxl
import pandas as pd
import pytest
from tests.presentation._shown import CATEGORY, TILSYN, Shown, assert_no_raw_cells, sheet
from tests.presentation.test_training_tables import DIRECTION, STATISTIC, remark

from tilsynwidgets.domain.training.agreement_tables import ONE_PARTICIPANT
from tilsynwidgets.domain.training.discussion import SessionFigures, session_figures
from tilsynwidgets.domain.training.vignettes import vignette
from tilsynwidgets.exports.training import results_sheets
from tilsynwidgets.exports.workbook import workbook_bytes

T0 = datetime(2026, 11, 20, 9, tzinfo=UTC)
PIDS = [f"{n:032x}" for n in range(1, 5)]
NAMES = ["Anna Andersen", "Bo Berg", "Cai Carlsen", "Dorte Dam"]
V01, V04, V08 = "v01-glentebakken", "v04-stormsvalen", "v08-hvidkloever"
COLOURS = {
    V01: ["groen", "gul", "groen", "groen"],
    V04: ["roed", "roed", "gul", "groen"],
    V08: ["gul", "roed", "gul", "gul"],
}
SHEETS = ["Om udtrækket", "Enighed", "Pr. vignet", "Pr. socialtilsyn", "Pr. deltager", "Svar"]


def _figures() -> SessionFigures:
    """Four participants (two from Syd, one from Nord, one without a socialtilsyn), three
    vignettes, two of them revealed."""
    people = pd.DataFrame(
        {
            "participant_id": PIDS,
            "display_name": NAMES,
            "socialtilsyn": pd.Series(["syd", "syd", "nord", None], dtype=object),
            "joined_at": pd.to_datetime([T0 + timedelta(minutes=m) for m in range(4)], utc=True),
        }
    )
    answers = pd.DataFrame(
        [
            {
                "session_code": "K7M2QX",
                "round_no": 1 if vignette_id != V08 else 2,
                "participant_id": PIDS[p],
                "vignette_id": vignette_id,
                "category": colour,
                "justification": f"Begrundet i sagens oplysninger (svar {p + 1}).",
                "has_plan": p == 0,
                "submitted_at": pd.Timestamp(T0 + timedelta(minutes=10 + p)),
            }
            for vignette_id, column in COLOURS.items()
            for p, colour in enumerate(column)
        ]
    )
    return session_figures(answers, people, [V01, V04, V08], {V01, V04}, n_resamples=200)


def _book(figures: SessionFigures, hide: bool) -> openpyxl.Workbook:
    data = workbook_bytes(
        results_sheets(figures, hide_names=hide),
        title="Træningsforløb",
        data_as_of=date(2026, 11, 20),
        source="tilsynwidgets",
        pseudonymised=hide,
        privacy=("Deltagernes navne", "Skjult" if hide else "Vist"),
    )
    return openpyxl.load_workbook(io.BytesIO(data))


def _same(cell: Any, expected: Any) -> bool:
    if expected is None or (isinstance(expected, float) and math.isnan(expected)):
        return cell is None
    if isinstance(expected, bool | str):
        return bool(cell == expected)
    return isinstance(cell, int | float) and cell == pytest.approx(float(expected), abs=1e-9)


def _assert_rows(shown: Shown, expected: Mapping[str, Mapping[str, Any]]) -> None:
    """Each row of ``shown`` (keyed by its first cell) holds the expected value under each
    header; the rows are exactly the expected ones, in their order."""
    assert [row[0] for row in shown.rows] == list(expected), shown.name
    for row in shown.rows:
        cells = dict(zip(shown.header, row, strict=True))
        for header, value in expected[row[0]].items():
            assert _same(cells[header], value), (shown.name, row[0], header, cells[header], value)
    assert_no_raw_cells(shown)


@pytest.fixture(scope="module")
def figures() -> SessionFigures:
    return _figures()


@pytest.fixture(scope="module")
def book(figures: SessionFigures) -> openpyxl.Workbook:
    return _book(figures, hide=False)


def test_the_sheets_and_their_danish_headers(book: openpyxl.Workbook) -> None:
    assert book.sheetnames == SHEETS
    assert sheet(book, "Enighed").header == [
        "Mål",
        "Estimat",
        "Nedre grænse (95 %)",
        "Øvre grænse (95 %)",
        "Vignetter",
        "Svar",
        "Bemærkning",
    ]
    assert sheet(book, "Svar").header == [
        "Deltager",
        "Runde",
        "Vignet",
        "Vignet (id)",
        "Farve",
        "Trin fra referencen",
        "Med plan",
        "Begrundelse",
        "Afgivet",
    ]


def test_overall_agreement_cell_by_cell(book: openpyxl.Workbook, figures: SessionFigures) -> None:
    expected = {
        STATISTIC[code]: {
            "Estimat": r.estimate,
            "Nedre grænse (95 %)": r.low,
            "Øvre grænse (95 %)": r.high,
            "Vignetter": r.n_units,
            "Svar": r.n_ratings,
        }
        for code, r in figures.overall.items()
    }
    assert any(r.low < r.estimate < r.high for r in figures.overall.values())
    _assert_rows(sheet(book, "Enighed"), expected)
    assert book["Enighed"]["B2"].number_format == "0.00"


def test_per_vignette_cell_by_cell(book: openpyxl.Workbook, figures: SessionFigures) -> None:
    table = figures.vignettes
    expected = {
        str(row["title"]): {
            "Vignet (id)": vignette_id,
            "▲ Rød": row["roed"],
            "■ Gul": row["gul"],
            "● Grøn": row["groen"],
            "Svar": row["n_ratings"],
            "Flest valgte": CATEGORY[row["modal"]] if row["modal"] else "Stemmelighed",
            "Andel enige": row["modal_share"],
            "Par af svar med samme farve": row["pair_agreement"],
            "Reference": CATEGORY[row["reference"]] if row["revealed"] else "Ikke vist",
            "Referencen vist": "Ja" if row["revealed"] else "Nej",
            "Som reference": row["reference_share"],
            "Afstand (trin)": row["reference_steps"],
            "Strengere end referencen": row["n_stricter"],
            "Mildere end referencen": row["n_milder"],
            "Referencens begrundelse": row["rationale"],
        }
        for vignette_id, row in table.iterrows()
    }
    assert list(expected) == [vignette(v).title for v in (V01, V04, V08)]
    _assert_rows(sheet(book, "Pr. vignet"), expected)
    shown = sheet(book, "Pr. vignet")
    share = shown.header.index("Andel enige") + 1
    assert book["Pr. vignet"].cell(row=2, column=share).number_format == "0.0%"


def test_per_socialtilsyn_cell_by_cell(book: openpyxl.Workbook, figures: SessionFigures) -> None:
    expected: dict[str, dict[str, Any]] = {}
    for code, group in figures.groups.iterrows():
        row: dict[str, Any] = {
            "Deltagere": group["n_participants"],
            "Svar": group["n_answers"],
            "Vignetter i beregningen": group["n_units"],
            "Svar i beregningen": group["n_ratings"],
            "Bemærkning": remark(group["reason"]),
        }
        for statistic, label in STATISTIC.items():
            row[label] = group[statistic]
            row[f"{label}, nedre grænse (95 %)"] = group[f"{statistic}_low"]
            row[f"{label}, øvre grænse (95 %)"] = group[f"{statistic}_high"]
        expected[TILSYN.get(str(code), str(code))] = row
    assert list(expected) == ["Socialtilsyn Syd", "Socialtilsyn Nord", "Ikke oplyst"]
    assert figures.groups.loc["nord", "reason"] == ONE_PARTICIPANT
    assert expected["Socialtilsyn Nord"]["Svar"] == 3  # a lone participant's answers count
    _assert_rows(sheet(book, "Pr. socialtilsyn"), expected)


@pytest.mark.parametrize("hide", [True, False])
def test_per_participant_cell_by_cell(figures: SessionFigures, hide: bool) -> None:
    names = figures.names(hide)
    expected: dict[str, dict[str, Any]] = {}
    for pid, person in figures.participants.iterrows():
        row: dict[str, Any] = {
            "Svar": person["n_answers"],
            "Sammenlignet": person["n_compared"],
            "Som reference": person["exact_share"],
            "Gns. afstand (trin)": person["mean_steps"],
            "Strengere": person["n_stricter"],
            "Mildere": person["n_milder"],
            "Retning": DIRECTION[person["direction"]],
            "Gns. afstand med fortegn (trin)": person["mean_signed_steps"],
        }
        if not hide:
            row["Socialtilsyn"] = TILSYN.get(person["socialtilsyn"], person["socialtilsyn"])
        expected[names[str(pid)]] = row
    shown = sheet(_book(figures, hide), "Pr. deltager")
    assert ("Socialtilsyn" in shown.header) is not hide
    assert ("Tilmeldt" in shown.header) is not hide
    _assert_rows(shown, expected)


def test_every_answer_by_participant_and_vignette_title(
    book: openpyxl.Workbook, figures: SessionFigures
) -> None:
    shown = sheet(book, "Svar")
    names = figures.names(False)
    answers = figures.answers
    assert len(shown.rows) == len(answers)
    for row, (_, answer) in zip(shown.rows, answers.iterrows(), strict=True):
        cells = dict(zip(shown.header, row, strict=True))
        assert cells["Deltager"] == names[answer["participant_id"]]
        assert cells["Vignet"] == vignette(answer["vignette_id"]).title
        assert cells["Vignet (id)"] == answer["vignette_id"]
        assert cells["Runde"] == answer["round_no"]
        assert cells["Farve"] == CATEGORY[answer["category"]]
        assert _same(cells["Trin fra referencen"], answer["steps"])
        assert cells["Med plan"] == ("Ja" if answer["has_plan"] else "Nej")
        assert cells["Afgivet"] == answer["submitted_at"].tz_convert("Europe/Copenhagen").replace(
            tzinfo=None
        )
    assert_no_raw_cells(shown)


def test_hidden_names_reach_no_sheet_and_no_cell(figures: SessionFigures) -> None:
    hidden = _book(figures, hide=True)
    assert hidden.sheetnames == SHEETS
    for name in hidden.sheetnames:
        for row in hidden[name].iter_rows(values_only=True):
            for cell in row:
                text = str(cell)
                for person in NAMES:
                    for part in person.split():
                        assert part not in text, (name, text)
    pseudonyms = {f"Deltager {n}" for n in range(1, 5)}
    assert {row[0] for row in sheet(hidden, "Pr. deltager").rows} == pseudonyms
    assert {row[0] for row in sheet(hidden, "Svar").rows} == pseudonyms


def test_shown_names_appear_where_people_are_named(book: openpyxl.Workbook) -> None:
    assert [row[0] for row in sheet(book, "Pr. deltager").rows] == NAMES
    assert {row[0] for row in sheet(book, "Svar").rows} == set(NAMES)
