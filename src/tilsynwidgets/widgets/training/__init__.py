"""The training: the participant's app and the facilitator's app."""

from tilsynwidgets.widgets.training.facilitator import FacilitatorApp
from tilsynwidgets.widgets.training.participant import ParticipantApp

__all__ = ["FacilitatorApp", "ParticipantApp"]
