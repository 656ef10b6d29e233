"""The portfolio: colours, movements and visits over the store's frames, and the
leadership review's figures (``LeadershipData``/``LeadershipView``), the units behind each
of them (``drilldown``) and the overview's figures (``OverviewData``)."""

from tilsynwidgets.domain.portfolio.figures import colour_distribution, transition_matrix
from tilsynwidgets.domain.portfolio.leadership import Filters
from tilsynwidgets.domain.portfolio.leadership_view import LeadershipData, LeadershipView
from tilsynwidgets.domain.portfolio.overview import OverviewData

__all__ = [
    "Filters",
    "LeadershipData",
    "LeadershipView",
    "OverviewData",
    "colour_distribution",
    "transition_matrix",
]
