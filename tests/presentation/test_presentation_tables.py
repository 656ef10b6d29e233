"""Labelled tables: Danish headers, labels for codes, Danish numbers, and every cell read
back equal to the domain's figure."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from tests.presentation._shown import Shown, assert_table, number, tables_in

from tilsynwidgets.domain.core.categories import Phase
from tilsynwidgets.domain.portfolio.leadership import Filters
from tilsynwidgets.domain.portfolio.leadership_view import LeadershipData, LeadershipView
from tilsynwidgets.presentation.tables import (
    TABLES,
    category_heading,
    cell_text,
    for_people,
    for_workbook,
    labelled_html,
    table_html,
)


def test_cells_read_as_a_dane_writes_them() -> None:
    assert cell_text("count", 7300) == "7.300"
    assert cell_text("count", 870.0) == "870"
    assert cell_text("decimal", 23829.125) == "23.829,1"
    assert cell_text("share", 0.364499) == "36,4 %"
    assert cell_text("decimal", math.nan) == "–"
    assert cell_text("count", None) == "–"
    assert cell_text("flag", True) == "Ja"
    assert cell_text("flag", False) == "Nej"
    assert cell_text("category", "roed") == "▲ Rød"
    assert category_heading("ingen") == "Ingen vurdering"
    assert cell_text("socialtilsyn", "oest") == "Socialtilsyn Øst"
    assert cell_text("unit_type", "plejefamilie_almen") != "plejefamilie_almen"
    assert cell_text("quarter", "2026K4") == "4. kvt. 2026"
    assert cell_text("direction", "op") == "Op"


def _figures(view: LeadershipView) -> dict[str, pd.DataFrame]:
    return {
        "distribution_socialtilsyn": view.distribution(Phase.PRAE),
        "distribution_unit_type": view.distribution(Phase.POST, "unit_type"),
        "by_quarter": view.by_quarter(),
        "transitions": view.transitions(),
        "unannounced": view.unannounced(),
        "upcoming": view.upcoming(),
        "support": view.support(),
        "resources": view.resources(),
        "automatism": view.automatism(),
    }


@pytest.fixture(scope="module")
def view(sample_leadership: LeadershipData) -> LeadershipView:
    # Capacity for two socialtilsyn only: the others' capacity is missing ("–").
    return sample_leadership.view(Filters(), {"syd": 500.0, "midt": 150.0})


@pytest.mark.parametrize(
    "table",
    [
        "distribution_socialtilsyn",
        "distribution_unit_type",
        "by_quarter",
        "transitions",
        "unannounced",
        "upcoming",
        "support",
        "resources",
        "automatism",
    ],
)
def test_every_cell_of_the_html_is_the_domains(view: LeadershipView, table: str) -> None:
    frame = _figures(view)[table]
    (shown,) = tables_in(labelled_html(frame, table, "Tabellen"))
    assert shown.caption == "Tabellen"
    assert_table(shown, frame, table)


@pytest.mark.parametrize("table", ["unannounced", "resources", "automatism", "by_quarter"])
def test_every_cell_of_the_workbook_frame_is_the_domains(view: LeadershipView, table: str) -> None:
    frame = _figures(view)[table]
    book = for_workbook(frame, TABLES[table])
    rows = [[None if pd.isna(v) else v for v in row] for row in book.itertuples(index=False)]
    assert_table(Shown(table, list(book.columns), rows), frame, table, html=False)
    for header in book.attrs["number_formats"]:
        assert all(isinstance(v, int | float) for v in book[header].dropna())


def test_a_swapped_figure_or_label_is_caught(view: LeadershipView) -> None:
    frame = view.unannounced()
    swapped = frame.rename(columns={"announced": "unannounced", "unannounced": "announced"})
    (shown,) = tables_in(labelled_html(swapped[frame.columns], "unannounced"))
    with pytest.raises(AssertionError):
        assert_table(shown, frame, "unannounced")
    relabelled = frame.set_axis(list(reversed(frame.index)), axis=0).rename_axis("socialtilsyn")
    (shown,) = tables_in(labelled_html(relabelled, "unannounced"))
    with pytest.raises(AssertionError):
        assert_table(shown, frame, "unannounced")


def test_missing_values_show_a_dash_and_flags_a_word(view: LeadershipView) -> None:
    people = for_people(view.resources(), TABLES["resources"])
    assert "–" in set(people["Kapacitet"])
    assert set(people["Mangler timer"]) <= {"Ja", "Nej"}
    html = table_html(people)
    assert "nan" not in html.lower().replace("danmark", "")
    assert number("1.234,5") == 1234.5
    assert '<th scope="row">' in html
