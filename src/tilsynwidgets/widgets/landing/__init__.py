"""The landing page listing the apps."""

from tilsynwidgets.widgets.landing.page import landing_page

__all__ = ["landing_page"]
