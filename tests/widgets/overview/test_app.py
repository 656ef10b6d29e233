from __future__ import annotations

from datetime import UTC, date, datetime

import pandas as pd
import pytest

from tilsynwidgets.domain.intensity.rulesets import default_ruleset
from tilsynwidgets.domain.risk.criteria import default_catalogue
from tilsynwidgets.widgets.overview.app import OverviewData, PortfolioOverview

HOSTILE = "<img src=x onerror=alert(1)>"


@pytest.fixture
def data() -> OverviewData:
    units = pd.DataFrame(
        {
            "id": ["a", "b", "c"],
            "name": ["A", "B", "C"],
            "unit_type": ["boern_doegn", "plejefamilie_almen", "stofmisbrug"],
            "kind": ["tilbud", "plejefamilie", "tilbud"],
            "socialtilsyn": ["syd", "syd", "nord"],
            "team": [HOSTILE, "Team 2", "Team 2"],
            "capacity": [5, 1, 20],
            "last_announced_visit": [date(2026, 1, 5), None, date(2025, 1, 1)],
            "last_unannounced_visit": [None, None, None],
            "complaints": [5.0, 0.0, float("nan")],
            "skaerpet_tilsyn": [0.0, 0.0, 1.0],
        }
    )
    t = datetime(2026, 3, 1, tzinfo=UTC)
    assessments = pd.DataFrame(
        [
            ("a", "prae", "gul", pd.Timestamp(t)),
            ("a", "post", "roed", pd.Timestamp(t.replace(month=5))),
            ("b", "prae", "groen", pd.Timestamp(t)),
        ],
        columns=["unit_id", "phase", "chosen", "assessed_at"],
    )
    return OverviewData(
        units, assessments, default_catalogue(), default_ruleset(), date(2026, 6, 1)
    )


def test_summary_states_the_portfolio(data: OverviewData) -> None:
    assert data.summary() == (
        "3 enheder: 2 tilbud og 1 plejefamilier. Aktuel risikokategori: 1 rød, 0 gul, 1 grøn."
    )
    assert data.overdue_count() == 2  # b never visited, c last visited 2025-01-01


def test_suggestions_follow_the_catalogue(data: OverviewData) -> None:
    table = data.suggested("socialtilsyn")
    assert table.loc["Socialtilsyn Syd"].tolist() == [0, 1, 1]
    assert table.loc["Socialtilsyn Nord"].tolist() == [1, 0, 0]


def test_changing_grouping_and_phase_redraws(data: OverviewData) -> None:
    app = PortfolioOverview(data)
    assert "Socialtilsyn Syd" in app.chosen.value
    app.grouping.value = "team"
    assert "&lt;img src=x" in app.chosen.value
    assert "<img" not in app.chosen.value
    app.phase.value = "prae"
    assert 'title="Gul: 1"' in app.chosen.value
    assert 'title="Grøn: 1"' in app.chosen.value
    assert 'title="Rød:' not in app.chosen.value
    assert "Antal enheder" in app.transitions.value
