from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from tests.conftest import SAMPLE_AS_OF
from tests.presentation import _shown
from tests.presentation._shown import (
    assert_no_raw_cells,
    assert_table,
    table_captioned,
    tables_in,
)

from tilsynwidgets.apps import overview_data
from tilsynwidgets.assessor import Assessor
from tilsynwidgets.domain.core.categories import Phase
from tilsynwidgets.domain.portfolio.drilldown import Section
from tilsynwidgets.domain.portfolio.leadership_view import LeadershipData
from tilsynwidgets.domain.portfolio.overview import OverviewData
from tilsynwidgets.exports.drilldown import SHEET
from tilsynwidgets.exports.pseudonyms import PSEUDONYM_PREFIX
from tilsynwidgets.store.store import Store
from tilsynwidgets.widgets.common.drilldown import OVERVIEW_SECTIONS
from tilsynwidgets.widgets.overview.app import PortfolioOverview, summary_text, units_by_kind

HOSTILE = "<img src=x onerror=alert(1)>"  # the team of unit a in small_overview


@pytest.fixture
def empty_store(tmp_path: Path) -> Iterator[Store]:
    """A store without units: the drill-down reads no history from it."""
    with Store.open(f"sqlite:///{tmp_path / 'empty.sqlite'}") as store:
        store.upgrade()
        yield store


def test_summary_states_the_portfolio(small_overview: OverviewData, empty_store: Store) -> None:
    assert PortfolioOverview(small_overview, empty_store).summary() == summary_text(small_overview)
    assert summary_text(small_overview) == (
        "3 enheder: 2 tilbud og 1 plejefamilie. Aktuel risikokategori: 1 rød, 0 gul, 1 grøn."
    )
    assert small_overview.overdue_count() == 2  # b never visited, c last visited 2025-01-01


def test_units_by_kind_writes_danish_numbers_and_number_agreement() -> None:
    assert units_by_kind(pd.Series({"tilbud": 2000, "plejefamilie": 5300})) == (
        "7.300 enheder: 2.000 tilbud og 5.300 plejefamilier"
    )
    assert units_by_kind(pd.Series({"tilbud": 1})) == "1 enhed: 1 tilbud og 0 plejefamilier"


def knowing_little(data: OverviewData) -> OverviewData:
    """``data`` under a catalogue that suggests from whatever is known."""
    rule = data.catalogue.aggregation.model_copy(update={"min_known_percent": 0})
    return replace(data, catalogue=data.catalogue.model_copy(update={"aggregation": rule}))


def test_suggestions_are_drawn_with_labels(
    small_overview: OverviewData, empty_store: Store
) -> None:
    app = PortfolioOverview(knowing_little(small_overview), empty_store)
    assert "får intet forslag" not in app.suggested.value
    syd = app.suggested.value.split("Socialtilsyn Syd")[1].split("Socialtilsyn Nord")[0]
    assert 'title="Gul: 1"' in syd
    assert 'title="Grøn: 1"' in syd
    assert 'title="Rød:' not in syd


def test_changing_grouping_and_phase_redraws(
    small_overview: OverviewData, empty_store: Store
) -> None:
    app = PortfolioOverview(small_overview, empty_store)
    assert "Socialtilsyn Syd" in app.chosen.value
    app.grouping.value = "team"
    assert "&lt;img src=x" in app.chosen.value
    assert "<img" not in app.chosen.value
    app.phase.value = "prae"
    assert 'title="Gul: 1"' in app.chosen.value
    assert 'title="Grøn: 1"' in app.chosen.value
    assert 'title="Rød:' not in app.chosen.value
    assert "Antal enheder" in app.transitions.value


@pytest.mark.parametrize("by", ["socialtilsyn", "unit_type", "team"])
def test_the_chosen_table_shows_the_domain_figures_by_label(
    small_overview: OverviewData, empty_store: Store, by: str
) -> None:
    app = PortfolioOverview(small_overview, empty_store)
    app.grouping.value = by
    shown = table_captioned(app.chosen.value, "Antal enheder")
    assert_table(shown, small_overview.distribution(by, None), f"distribution_{by}")
    assert_no_raw_cells(shown, allowed=[HOSTILE, "Team 2"])


def test_the_transitions_and_headline_are_danish(
    small_overview: OverviewData, empty_store: Store
) -> None:
    app = PortfolioOverview(small_overview, empty_store)
    shown = table_captioned(app.transitions.value, "Antal enheder; rækker: præ, kolonner: post")
    assert_table(shown, small_overview.transitions(), "transitions")
    assert "overskredet pr. 1. juni 2026" in app.headline.value


def test_units_without_a_suggestion_are_counted_and_the_rule_named(
    small_overview: OverviewData, empty_store: Store
) -> None:
    app = PortfolioOverview(
        small_overview, empty_store
    )  # its units know two signals each: no suggestion
    count = small_overview.no_suggestion_count()
    assert count == 3
    assert "3 enheder får intet forslag, fordi for mange oplysninger om dem er ukendte." in (
        app.suggested.value
    )
    assert small_overview.catalogue.aggregation.unknown_rule_text() in app.suggested.value
    assert "Illustrativt katalog – tærsklerne er ikke fastsat" in app.headline.value


# -- on the sample: every count opens its units, the period, the export ----------------------


@pytest.fixture(scope="module")
def sample_overview(sample_store_100: Store) -> OverviewData:
    return overview_data(sample_store_100, SAMPLE_AS_OF)


def _count(name: str) -> int:
    return int(name.rsplit("(", 1)[1].rstrip(")").replace(".", ""))


@pytest.mark.parametrize("by", ["socialtilsyn", "team"])
def test_every_count_on_the_overview_opens_the_units_behind_it(
    sample_overview: OverviewData, sample_store_100: Store, by: str
) -> None:
    app = PortfolioOverview(sample_overview, sample_store_100)
    app.grouping.value = by
    drill = app.drilldown
    titles = [title for title, _ in drill.section.options[1:]]
    assert titles == list(OVERVIEW_SECTIONS.values())
    # The figures of the latest colours are the cells of the table on screen, by label.
    drill.section.value = Section.LATEST.value
    shown = table_captioned(app.chosen.value, "Antal enheder")
    cells = {
        (row[0], colour): cell
        for row in shown.rows
        for colour, cell in zip(shown.header[1:], row[1:], strict=False)
        if cell != "0"
    }
    assert len(drill.figure_names) == len([k for k in cells if k[1] != "I alt"])
    for name, index in drill.figure.options[1:]:
        drill.figure.value = index
        assert len(drill.units.options) == _count(name), name
        assert drill.exporting.layout.display is None
    for section in (s for s in OVERVIEW_SECTIONS if s is not Section.LATEST):
        drill.section.value = section.value
        assert drill.figure_names, section
        for name, index in drill.figure.options[1:]:
            drill.figure.value = index
            assert len(drill.units.options) == _count(name), name


def test_the_suggestion_figures_are_the_suggestions_drawn(
    sample_overview: OverviewData, sample_store_100: Store
) -> None:
    app = PortfolioOverview(sample_overview, sample_store_100)
    app.drilldown.section.value = Section.SUGGESTED.value
    table = sample_overview.suggested("socialtilsyn")
    expected = sorted(int(v) for v in table.to_numpy().ravel() if v)
    assert sorted(f.count for f in app.drilldown.found) == expected
    assert any(n.startswith("Forslag: Rød i Socialtilsyn") for n in app.drilldown.figure_names)


def test_the_overdue_count_opens_its_units(
    sample_overview: OverviewData, sample_store_100: Store, with_overdue: LeadershipData
) -> None:
    data = replace(sample_overview, units=with_overdue.units)  # four visited years ago
    app = PortfolioOverview(data, sample_store_100)
    overdue = data.overdue_count()
    assert overdue == 4
    assert f"<b>{overdue}</b>" in app.headline.value
    assert app.show_overdue.description == f"Vis de {overdue} enheder"
    app.show_overdue.click()
    assert app.drilldown.section.value == Section.OVERDUE.value
    assert app.drilldown.figure_names == [f"Overskredne tilsynsbesøg ({overdue})"]
    assert len(app.drilldown.units.options) == overdue
    (shown,) = tables_in(app.drilldown.table.value)
    assert len(shown.rows) == overdue


def test_the_period_restricts_the_colours_and_movements(
    sample_overview: OverviewData, sample_store_100: Store
) -> None:
    app = PortfolioOverview(sample_overview, sample_store_100)
    assert app.period() == (date(2025, 1, 1), SAMPLE_AS_OF)  # as the leadership review's
    period = (date(2026, 1, 1), date(2026, 6, 30))
    app.start.value, app.end.value = period
    for by in ("socialtilsyn", "unit_type"):
        app.grouping.value = by
        for phase in ("seneste", "prae", "post"):
            app.phase.value = phase
            domain = sample_overview.distribution(
                by, None if phase == "seneste" else Phase(phase), period
            )
            assert_table(
                table_captioned(app.chosen.value, "Antal enheder"), domain, f"distribution_{by}"
            )
    assert_table(
        table_captioned(app.transitions.value, "Antal enheder; rækker: præ, kolonner: post"),
        sample_overview.transitions(period),
        "transitions",
    )
    assert not sample_overview.transitions(period).equals(sample_overview.transitions())
    app.drilldown.section.value = Section.LATEST.value
    assert sum(f.count for f in app.drilldown.found) == len(sample_overview.units)
    app.start.value = date(2026, 7, 1)
    app.end.value = date(2026, 6, 1)
    assert "Perioden er ugyldig" in app.status.value


def test_the_units_behind_a_count_are_exported_pseudonymised_and_logged(
    sample_overview: OverviewData, sample_store_100: Store
) -> None:
    app = PortfolioOverview(sample_overview, sample_store_100, Assessor("Leder A", "test"))
    drill = app.drilldown
    drill.section.value = Section.LATEST.value
    index = next(i for i, f in enumerate(drill.found) if f.codes[1] == "groen" and f.count > 3)
    drill.figure.value = index
    before = len(sample_store_100.export_log())
    data = drill.make_workbook()
    figure = drill.found[index]
    sheet = _shown.sheet(openpyxl.load_workbook(io.BytesIO(data)), SHEET)
    assert len(sheet.rows) == figure.count
    units = sample_overview.units.set_index("id").loc[figure.find()]
    families = units[units["kind"] == "plejefamilie"]
    assert len(families)
    names = {str(row[1]) for row in sheet.rows}
    assert names.isdisjoint(set(families["name"]))
    assert all(f"{PSEUDONYM_PREFIX} " in n for n in names if n.startswith("Plejefamilie"))
    (logged,) = sample_store_100.export_log()[before:]
    assert (logged.made_by, logged.real_names, logged.rows) == ("Leder A", False, figure.count)
    assert logged.what == f"Enhederne bag tallet «{drill.figure_names[index]}»"
    assert 'download="portefoeljeoverblik-seneste-' in drill.download_link.value
