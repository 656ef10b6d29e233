"""The criteria workshop: edit a catalogue, see its effect, keep and compare versions."""

from tilsynwidgets.widgets.workshop.app import WorkshopApp

__all__ = ["WorkshopApp"]
