"""The portfolio: current categories, movements and visits, and the leadership review's
figures (``LeadershipData``/``LeadershipView``) and the overview's (``OverviewData``)."""

from tilsynwidgets.domain.portfolio.figures import current_categories, transition_matrix
from tilsynwidgets.domain.portfolio.leadership import Filters
from tilsynwidgets.domain.portfolio.leadership_view import LeadershipData, LeadershipView

__all__ = [
    "Filters",
    "LeadershipData",
    "LeadershipView",
    "current_categories",
    "transition_matrix",
]
