"""The facilitator's export of a training session: agreement, per vignette, per
socialtilsyn, per participant and every answer, one sheet each, with Danish headers and
labels (:mod:`tilsynwidgets.presentation.training_tables`) and numbers a spreadsheet can
still add up."""

from __future__ import annotations

import pandas as pd

from tilsynwidgets.domain.training.discussion import SessionFigures
from tilsynwidgets.presentation.training_tables import (
    ANSWERS_SHEET,
    GROUPS_SHEET,
    OVERALL_SHEET,
    VIGNETTES_SHEET,
    answers_frame,
    groups_frame,
    overall_frame,
    participants_frame,
    participants_sheet,
    training_sheet,
    vignettes_frame,
)

__all__ = ["results_sheets"]


def results_sheets(figures: SessionFigures, *, hide_names: bool) -> dict[str, pd.DataFrame]:
    """The session's results as sheets; participants are pseudonyms when ``hide_names``
    (and then their socialtilsyn and join time are left out, which could name them)."""
    return {
        "Enighed": training_sheet(overall_frame(figures), OVERALL_SHEET),
        "Pr. vignet": training_sheet(vignettes_frame(figures), VIGNETTES_SHEET),
        "Pr. socialtilsyn": training_sheet(groups_frame(figures), GROUPS_SHEET),
        "Pr. deltager": training_sheet(
            participants_frame(figures, hide_names), participants_sheet(hide_names)
        ),
        "Svar": training_sheet(answers_frame(figures, hide_names), ANSWERS_SHEET),
    }
