from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest
from tests.presentation._shown import assert_no_raw_cells, assert_table, table_captioned

from tilsynwidgets.domain.portfolio.overview import OverviewData
from tilsynwidgets.widgets.overview.app import PortfolioOverview, summary_text, units_by_kind

HOSTILE = "<img src=x onerror=alert(1)>"  # the team of unit a in small_overview


def test_summary_states_the_portfolio(small_overview: OverviewData) -> None:
    assert PortfolioOverview(small_overview).summary() == summary_text(small_overview)
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


def test_suggestions_are_drawn_with_labels(small_overview: OverviewData) -> None:
    app = PortfolioOverview(knowing_little(small_overview))
    assert "får intet forslag" not in app.suggested.value
    syd = app.suggested.value.split("Socialtilsyn Syd")[1].split("Socialtilsyn Nord")[0]
    assert 'title="Gul: 1"' in syd
    assert 'title="Grøn: 1"' in syd
    assert 'title="Rød:' not in syd


def test_changing_grouping_and_phase_redraws(small_overview: OverviewData) -> None:
    app = PortfolioOverview(small_overview)
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
    small_overview: OverviewData, by: str
) -> None:
    app = PortfolioOverview(small_overview)
    app.grouping.value = by
    shown = table_captioned(app.chosen.value, "Antal enheder")
    assert_table(shown, small_overview.distribution(by, None), f"distribution_{by}")
    assert_no_raw_cells(shown, allowed=[HOSTILE, "Team 2"])


def test_the_transitions_and_headline_are_danish(small_overview: OverviewData) -> None:
    app = PortfolioOverview(small_overview)
    shown = table_captioned(app.transitions.value, "Antal enheder; rækker: præ, kolonner: post")
    assert_table(shown, small_overview.transitions(), "transitions")
    assert "overskredet pr. 1. juni 2026" in app.headline.value


def test_units_without_a_suggestion_are_counted_and_the_rule_named(
    small_overview: OverviewData,
) -> None:
    app = PortfolioOverview(small_overview)  # its units know two signals each: no suggestion
    count = small_overview.no_suggestion_count()
    assert count == 3
    assert "3 enheder får intet forslag, fordi for mange oplysninger om dem er ukendte." in (
        app.suggested.value
    )
    assert small_overview.catalogue.aggregation.unknown_rule_text() in app.suggested.value
    assert "Illustrativt katalog – tærsklerne er ikke fastsat" in app.headline.value
