"""The facilitator's export of a training session: agreement, per vignette, per
socialtilsyn, per participant and every answer, one sheet each."""

from __future__ import annotations

import pandas as pd

from tilsynwidgets.domain.training.discussion import SessionFigures

__all__ = ["results_sheets"]


def results_sheets(figures: SessionFigures, *, hide_names: bool) -> dict[str, pd.DataFrame]:
    """The session's results as sheets; participants are pseudonyms when ``hide_names``."""
    names = figures.names(hide_names)
    answers = figures.answers.copy()
    answers.insert(0, "deltager", answers["participant_id"].map(names))
    answers = answers.drop(columns=["participant_id"])
    people = figures.participants.copy()
    people["display_name"] = [names.get(str(pid), "") for pid in people.index]
    people = people.reset_index(drop=True)
    overall = pd.DataFrame(
        [
            {
                "mål": statistic,
                "estimat": result.estimate,
                "nedre": result.low,
                "øvre": result.high,
                "vignetter": result.n_units,
                "svar": result.n_ratings,
                "bemærkning": result.reason or "",
            }
            for statistic, result in figures.overall.items()
        ]
    )
    return {
        "Enighed": overall,
        "Pr. vignet": figures.vignettes,
        "Pr. socialtilsyn": figures.groups,
        "Pr. deltager": people,
        "Svar": answers,
    }
