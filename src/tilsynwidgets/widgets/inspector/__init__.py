"""The inspector's app: choose a unit, see its suggestion, assess it and plan intensity."""

from tilsynwidgets.widgets.inspector.app import InspectorApp

__all__ = ["InspectorApp"]
