"""The criteria workshop's tables, read back from their HTML: every cell is the domain's
figure for its row and column (the backtest per phase and its suggested × chosen tables,
the change matrix, criteria, threshold sweep, saved versions), headers and labels are
Danish, and nothing raw is shown."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import UTC, datetime
from functools import cache
from typing import Any

import pandas as pd
import pytest
from tests.domain.workshop._history import edited_catalogue, generated_data, synthetic_units
from tests.presentation._shown import (
    BY_COLOUR,
    CATEGORY,
    Shown,
    assert_no_raw_cells,
    assert_shows,
    number,
    table_captioned,
    tables_in,
)

from tilsynwidgets.domain.core.signals import signal_catalogue
from tilsynwidgets.domain.risk.criteria import default_catalogue
from tilsynwidgets.domain.workshop.backtest import BACKTEST_ROWS, Backtest, backtest
from tilsynwidgets.domain.workshop.effect import CatalogueEffect, WorkshopData, effect
from tilsynwidgets.domain.workshop.sweep import threshold_sweep
from tilsynwidgets.domain.workshop.versions import new_version
from tilsynwidgets.presentation.tables import table_html
from tilsynwidgets.presentation.workshop_tables import (
    backtest_table,
    changes_table,
    confusion_table,
    criteria_table,
    kappa_change,
    points_change,
    sweep_table,
    versions_table,
)

COLOURS = {code: BY_COLOUR[code] for code in ("roed", "gul", "groen")}
SUGGESTED = {**COLOURS, "intet_forslag": "Intet forslag"}
SUGGESTION = {**CATEGORY, "intet_forslag": "Intet forslag"}
BLANK = 7  # units whose signals are all unknown: no suggestion, in both versions
CRITERIA = {
    "points_to": "Peger på",
    "fires": "Slår til",
    "fires_share": "Andel af enhederne",
    "alone_decides": "Afgør alene",
}
SWEEP = {
    "fires": "Slår til",
    **SUGGESTED,
    "changed": "Ændrede forslag",
    "current": "Nuværende tærskel",
}
SHARE = 0.0005 + 1e-9  # "36,4 %" holds a share to a thousandth


BACKTEST = {
    "assessments": "Antal vurderinger",
    "without_suggestion": "Uden forslag",
    "agreement": "Enighed",
    "agreement_change": "Ændring i enighed",
    "kappa": "Cohens kappa",
    "kappa_change": "Ændring i kappa",
}
PHASE_NAMES = {
    "prae": "Præ (tilrettelæggelse)",
    "post": "Post (efter kvalitetsvurdering)",
    "ny": "Nye oplysninger",
    "i_alt": "I alt",
}


@cache
def workshop_data() -> WorkshopData:
    """150 units as they stand, the first :data:`BLANK` knowing nothing."""
    units = synthetic_units(7, n_tilbud=60, n_plejefamilier=90)
    units.loc[units.index[:BLANK], list(signal_catalogue().keys)] = float("nan")
    return WorkshopData.prepare(units)


@cache
def workshop_effect() -> CatalogueEffect:
    return effect(workshop_data(), edited_catalogue(), default_catalogue())


@cache
def workshop_backtest() -> Backtest:
    """The edited catalogue's backtest against the packaged one, on 450 assessments."""
    return backtest(generated_data(), edited_catalogue(), default_catalogue())


def only_table(html: str) -> Shown:
    (shown,) = tables_in(html)
    return shown


def threshold_text(value: float) -> str:
    """A threshold as a Dane writes it: 3 → "3", 2.5 → "2,5" (written out here, by hand)."""
    return str(int(value)) if float(value).is_integer() else f"{value}".replace(".", ",")


# --- what each table must show, by row label and column header -------------------------------


def _by_row(
    shown: Shown,
    frame: pd.DataFrame,
    row: tuple[str, Callable[[Any], str]],
    columns: dict[str, str],
    tolerance: dict[str, float] | None = None,
) -> None:
    """Each row of ``shown`` is the frame's row with that label, cell by cell."""
    assert_shows(shown, frame, rows=[row], columns=columns, html=True, tolerance=tolerance)


def assert_matrix_shown(
    shown: Shown, matrix: pd.DataFrame, corner: str, columns: dict[str, str]
) -> None:
    """A suggestion × colour matrix: rows and columns in the domain's order and orientation."""
    _by_row(shown, matrix, (corner, SUGGESTION.__getitem__), columns)


def assert_confusion_shown(shown: Shown, matrix: pd.DataFrame) -> None:
    assert_matrix_shown(shown, matrix, "Forslag ↓ · valgt →", COLOURS)


def signed(text: str, unit: str = "") -> float:
    """Signed Danish text read by hand: "+2,1 procentpoint" → 2.1, "−0,04" → -0.04, "0,0" → 0,
    "–" → NaN."""
    if text == "–":
        return math.nan
    match = re.fullmatch(rf"([+−]?)(\d+,\d+){re.escape(unit)}", text)
    assert match, text
    value = float(match.group(2).replace(",", "."))
    assert (value == 0) == (match.group(1) == ""), text  # a sign unless it is zero
    return -value if match.group(1) == "−" else value


def assert_backtest_shown(shown: Shown, result: Backtest) -> None:
    """Each phase's row shows that phase's figures: counts exact, agreement to a tenth of a
    percent, kappa to two decimals, the changes signed in percentage points and in kappa."""
    assert shown.header == ["Vurdering", *BACKTEST.values()]
    assert [row[0] for row in shown.rows] == [PHASE_NAMES[row] for row in BACKTEST_ROWS]
    for cells, (_, figures) in zip(shown.rows, result.summary.iterrows(), strict=True):
        assert int(cells[1].replace(".", "")) == figures["assessments"]
        assert int(cells[2].replace(".", "")) == figures["without_suggestion"]
        agreement = number(cells[3])
        assert isinstance(agreement, float), cells[3]
        if math.isnan(figures["agreement"]):
            assert math.isnan(agreement)
        else:
            assert cells[3].endswith(" %")
            assert agreement == pytest.approx(figures["agreement"], abs=0.0005 + 1e-9)
        kappa = number(cells[5])
        assert isinstance(kappa, float), cells[5]
        if math.isnan(figures["kappa"]):
            assert math.isnan(kappa)
        else:
            assert kappa == pytest.approx(figures["kappa"], abs=0.005 + 1e-9)
        for cell, value, unit, scale, step in (
            (cells[4], figures["agreement_change"], " procentpoint", 100, 0.05),
            (cells[6], figures["kappa_change"], "", 1, 0.005),
        ):
            got = signed(cell, unit)
            if math.isnan(value):
                assert math.isnan(got), cell
            else:
                assert got == pytest.approx(scale * value, abs=step + 1e-9), cell
    assert_no_raw_cells(shown)


def assert_changes_shown(shown: Shown, result: CatalogueEffect) -> None:
    assert result.change_matrix is not None
    assert_matrix_shown(shown, result.change_matrix, "Før ↓ · efter →", SUGGESTED)


def assert_criteria_shown(shown: Shown, result: CatalogueEffect) -> None:
    criteria = result.criteria
    expected = criteria.assign(points_to=criteria["points_to"].map(CATEGORY))
    frame = expected.set_index("condition")
    _by_row(shown, frame, ("Kriterium", str), CRITERIA, {"fires_share": SHARE})
    ids = {c.id for c in result.catalogue.criteria}
    assert not ids & {cell for row in shown.rows for cell in row}  # named by condition


def assert_sweep_shown(shown: Shown, sweep: pd.DataFrame) -> None:
    _by_row(shown, sweep.set_index("threshold"), ("Tærskel", threshold_text), SWEEP)


# --- the tests -------------------------------------------------------------------------------


def test_the_matrices_are_not_symmetric_so_a_transposed_one_would_fail() -> None:
    result = workshop_effect()
    assert result.change_matrix is not None
    colours = workshop_backtest().confusion["i_alt"].loc[list(COLOURS)].to_numpy()
    for square in (colours, result.change_matrix.to_numpy()):
        assert not (square == square.T).all()


def test_the_backtest_shows_each_phase_s_figures_in_its_row() -> None:
    result = workshop_backtest()
    # The phases' figures differ, so a row shown for another phase would fail.
    assert result.summary["assessments"].is_unique
    assert result.summary["agreement"].is_unique
    assert result.summary["kappa"].is_unique
    shown = only_table(table_html(backtest_table(result), "Forslag mod valgte farver"))
    assert shown.caption == "Forslag mod valgte farver"
    assert_backtest_shown(shown, result)
    assert shown.rows[-1][1] == "450"
    assert all(row[4].endswith(" procentpoint") for row in shown.rows)


def test_without_a_baseline_the_changes_are_dashes() -> None:
    result = backtest(generated_data(), edited_catalogue())
    shown = only_table(table_html(backtest_table(result)))
    assert_backtest_shown(shown, result)
    assert {row[4] for row in shown.rows} == {row[6] for row in shown.rows} == {"–"}


def test_changes_are_signed_the_danish_way() -> None:
    assert points_change(0.021) == "+2,1 procentpoint"
    assert points_change(-0.1234) == "−12,3 procentpoint"
    assert points_change(0.00004) == "0,0 procentpoint"
    assert points_change(float("nan")) == "–"
    assert kappa_change(-0.043) == "−0,04"
    assert kappa_change(0.5) == "+0,50"
    assert kappa_change(-0.001) == "0,00"


def test_the_suggested_against_chosen_table_of_each_phase() -> None:
    result = workshop_backtest()
    for row in BACKTEST_ROWS:
        matrix = result.confusion[row]
        shown = only_table(table_html(confusion_table(matrix), "Forslag mod valg"))
        assert shown.header == ["Forslag ↓ · valgt →", "▲ Rød", "■ Gul", "● Grøn"]
        assert [r[0] for r in shown.rows] == ["▲ Rød", "■ Gul", "● Grøn", "Intet forslag"]
        assert_confusion_shown(shown, matrix)
    # The assessments without a suggestion are counted as such, never as grøn.
    total = result.confusion["i_alt"]
    assert total.loc["intet_forslag"].sum() == result.summary.loc["i_alt", "without_suggestion"]


def test_the_change_matrix_shows_each_count_in_its_row_and_column() -> None:
    result = workshop_effect()
    assert result.change_matrix is not None
    shown = only_table(table_html(changes_table(result.change_matrix)))
    assert shown.header[-1] == "Intet forslag"
    assert_changes_shown(shown, result)
    assert result.change_matrix.loc["intet_forslag", "intet_forslag"] == BLANK
    moved = int(result.change_matrix.to_numpy().sum() - result.change_matrix.to_numpy().trace())
    assert result.changes is not None
    assert moved == len(result.changes) > 0


def test_the_criteria_are_named_by_their_condition_with_their_figures() -> None:
    result = workshop_effect()
    shown = only_table(table_html(criteria_table(result)))
    assert_criteria_shown(shown, result)
    assert [row[0] for row in shown.rows] == [c.describe() for c in result.catalogue.criteria]
    assert {row[1] for row in shown.rows} <= {"▲ Rød", "■ Gul"}
    assert all(row[3].endswith(" %") for row in shown.rows)


def test_the_sweep_shows_each_threshold_s_figures_and_marks_the_current_one() -> None:
    sweep = threshold_sweep(workshop_data(), default_catalogue(), "klager")
    shown = only_table(table_html(sweep_table(sweep)))
    assert_sweep_shown(shown, sweep)
    assert [row[-1] for row in shown.rows].count("Ja") == 1
    assert {row[5] for row in shown.rows} == {str(BLANK)}  # "Intet forslag" at every threshold
    current = next(row for row in shown.rows if row[-1] == "Ja")
    assert current[0] == "3"  # the packaged threshold, a whole number: not "3,0"


def test_a_threshold_with_decimals_is_written_the_danish_way() -> None:
    sweep = threshold_sweep(workshop_data(), default_catalogue(), "klager", [2.5, 3.0, 1250.0])
    shown = only_table(table_html(sweep_table(sweep)))
    assert [row[0] for row in shown.rows] == ["2,5", "3", "1.250"]


def _version(name: str, based_on: str | None, criteria: int, saved: datetime) -> Any:
    catalogue = default_catalogue().model_copy(
        update={"criteria": default_catalogue().criteria[:criteria]}
    )
    return new_version(
        catalogue,
        name=name,
        author="Konsulent <K>",
        comment="Færre kriterier & kortere liste.",
        saved_at=saved,
        based_on=based_on,
    )


def test_the_versions_listing_speaks_danish_dates_and_dashes() -> None:
    versions = [
        _version("2026.2-kort", "2026.1", 3, datetime(2026, 11, 20, 9, 5, tzinfo=UTC)),
        _version("2026.1", None, 15, datetime(2026, 7, 1, 6, 0, tzinfo=UTC)),
    ]
    html = table_html(versions_table(versions), "Versioner")
    assert "Konsulent &lt;K&gt;" in html
    assert "&amp; kortere" in html
    shown = only_table(html)
    assert shown.header == ["Version", "Gemt", "Gemt af", "Bygger på", "Kriterier", "Kommentar"]
    assert shown.rows == [
        [
            "2026.2-kort",
            "20. november 2026 kl. 10.05",  # Danish winter time
            "Konsulent <K>",
            "2026.1",
            "3",
            "Færre kriterier & kortere liste.",
        ],
        [
            "2026.1",
            "1. juli 2026 kl. 08.00",  # Danish summer time
            "Konsulent <K>",
            "–",
            "15",
            "Færre kriterier & kortere liste.",
        ],
    ]
    assert_no_raw_cells(shown)


def test_the_captioned_tables_are_found_by_their_caption() -> None:
    result = workshop_effect()
    matrix = workshop_backtest().confusion["i_alt"]
    html = table_html(confusion_table(matrix), "A") + table_html(criteria_table(result), "B")
    assert_confusion_shown(table_captioned(html, "A"), matrix)
    assert_criteria_shown(table_captioned(html, "B"), result)
