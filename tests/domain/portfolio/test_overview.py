from __future__ import annotations

from dataclasses import replace

import pandas as pd

from tilsynwidgets.domain.portfolio.figures import transition_matrix
from tilsynwidgets.domain.portfolio.overview import OverviewData


def test_counts_state_the_portfolio(small_overview: OverviewData) -> None:
    assert small_overview.kind_counts().to_dict() == {"tilbud": 2, "plejefamilie": 1}
    assert small_overview.current_counts().to_dict() == {"roed": 1, "gul": 0, "groen": 1}
    assert small_overview.overdue_count() == 2  # b never visited, c last visited 2025-01-01


def lenient(overview: OverviewData) -> OverviewData:
    """The overview under the packaged catalogue with no share of known signals required."""
    rule = overview.catalogue.aggregation.model_copy(update={"min_known_percent": 0})
    return replace(overview, catalogue=overview.catalogue.model_copy(update={"aggregation": rule}))


def test_suggestions_follow_the_catalogue_by_code(small_overview: OverviewData) -> None:
    table = lenient(small_overview).suggested("socialtilsyn")
    assert list(table.columns) == ["roed", "gul", "groen", "intet_forslag"]
    assert table.loc["syd"].tolist() == [0, 1, 1, 0]
    assert table.loc["nord"].tolist() == [1, 0, 0, 0]
    assert lenient(small_overview).no_suggestion_count() == 0


def test_units_with_too_little_known_get_no_suggestion_never_groen(
    small_overview: OverviewData,
) -> None:
    # Each unit has 2 of its 13 (tilbud) or 8 (plejefamilie) signals: under 75 %.
    table = small_overview.suggested("socialtilsyn")
    assert table.loc["syd"].to_dict() == {"roed": 0, "gul": 0, "groen": 0, "intet_forslag": 2}
    assert table.loc["nord"].to_dict() == {"roed": 0, "gul": 0, "groen": 0, "intet_forslag": 1}
    assert small_overview.no_suggestion_count() == 3


def test_distribution_is_indexed_by_code_and_counts_the_unassessed(
    small_overview: OverviewData,
) -> None:
    table = small_overview.distribution("socialtilsyn", None)
    assert table.loc["syd"].to_dict() == {"roed": 1, "gul": 0, "groen": 1, "ingen": 0}
    assert table.loc["nord"].to_dict() == {"roed": 0, "gul": 0, "groen": 0, "ingen": 1}


def test_transitions_are_the_domain_matrix(small_overview: OverviewData) -> None:
    pd.testing.assert_frame_equal(
        small_overview.transitions(), transition_matrix(small_overview.assessments)
    )
