"""The criteria workshop: a catalogue's effect on the portfolio, threshold sweeps, and
catalogue versions."""

from tilsynwidgets.domain.workshop.effect import CatalogueEffect, WorkshopData, effect
from tilsynwidgets.domain.workshop.sweep import threshold_sweep
from tilsynwidgets.domain.workshop.versions import CatalogueVersion, new_version

__all__ = [
    "CatalogueEffect",
    "CatalogueVersion",
    "WorkshopData",
    "effect",
    "new_version",
    "threshold_sweep",
]
