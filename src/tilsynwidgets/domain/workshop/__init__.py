"""The criteria workshop: a catalogue's effect on the portfolio, an honest backtest against
the colours chosen, threshold sweeps, and catalogue versions."""

from tilsynwidgets.domain.workshop.backtest import (
    Backtest,
    BacktestData,
    assessment_signals,
    backtest,
)
from tilsynwidgets.domain.workshop.effect import CatalogueEffect, WorkshopData, effect
from tilsynwidgets.domain.workshop.sweep import threshold_sweep
from tilsynwidgets.domain.workshop.versions import CatalogueVersion, new_version

__all__ = [
    "Backtest",
    "BacktestData",
    "CatalogueEffect",
    "CatalogueVersion",
    "WorkshopData",
    "assessment_signals",
    "backtest",
    "effect",
    "new_version",
    "threshold_sweep",
]
