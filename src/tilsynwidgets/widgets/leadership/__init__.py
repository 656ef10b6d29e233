"""The leadership review: figures by filter, the units behind them, self-assessment and the
report and workbook to hand on."""

from tilsynwidgets.widgets.leadership.app import LeadershipApp

__all__ = ["LeadershipApp"]
