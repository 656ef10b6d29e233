"""The category in force.

A unit's current risk category is the category chosen in its latest risk assessment:
latest by ``assessed_at`` and, of two assessments made at the same moment, the one recorded
last. This module states that rule once: for a unit's assessments (:func:`in_force`, the
inspector's app) and for the store's frame of all assessments (:func:`latest_assessments`,
:func:`current_categories`, the portfolio). The store's SQL shortcut orders by
:data:`RECORDED_ORDER` and is tested against :func:`current_categories`.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from tilsynwidgets.domain.core.categories import Phase
from tilsynwidgets.domain.core.recorded import latest_recorded
from tilsynwidgets.domain.risk.assessment import RiskAssessment
from tilsynwidgets.domain.risk.evaluation import CATEGORY_DTYPE

__all__ = ["RECORDED_ORDER", "current_categories", "in_force", "latest_assessments"]

RECORDED_ORDER = ("assessed_at", "id")
"""History in time order; on equal times, in the order it was recorded (the row id)."""


def in_force(assessments: Sequence[RiskAssessment]) -> RiskAssessment | None:
    """The assessment in force among one unit's assessments, given in recorded order."""
    return latest_recorded(assessments, lambda assessment: assessment.assessed_at)


def latest_assessments(assessments: pd.DataFrame, phase: Phase | None = None) -> pd.DataFrame:
    """The assessment in force per unit (of ``phase`` when given), indexed by unit id; the
    frame's rows are in recorded order, as the store gives them."""
    frame = assessments if phase is None else assessments[assessments["phase"] == phase.value]
    # Stable sort, then the last row per unit: on equal times the later-recorded row wins.
    latest = frame.sort_values("assessed_at", kind="stable").drop_duplicates("unit_id", keep="last")
    return latest.set_index("unit_id")


def current_categories(assessments: pd.DataFrame, phase: Phase | None = None) -> pd.Series:
    """Each unit's current colour: its latest chosen category, as an ordered categorical."""
    chosen = latest_assessments(assessments, phase)["chosen"]
    return chosen.astype(CATEGORY_DTYPE).rename("category")
