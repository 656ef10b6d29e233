"""Training: case vignettes, training sessions, agreement between participants and the
figures for the discussion after a round."""

from tilsynwidgets.domain.training.discussion import SessionFigures, session_figures
from tilsynwidgets.domain.training.sessions import SessionState, TrainingSession
from tilsynwidgets.domain.training.vignettes import Vignette, vignettes

__all__ = [
    "SessionFigures",
    "SessionState",
    "TrainingSession",
    "Vignette",
    "session_figures",
    "vignettes",
]
