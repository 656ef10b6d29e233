"""The portfolio overview."""

from tilsynwidgets.widgets.overview.app import PortfolioOverview

__all__ = ["PortfolioOverview"]
