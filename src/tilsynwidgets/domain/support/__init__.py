"""Organisational support: the measures behind each colour, checklists and leaders'
self-assessment."""

from tilsynwidgets.domain.support.measures import (
    ChecklistState,
    MeasureCatalogue,
    measure_catalogue,
)
from tilsynwidgets.domain.support.self_assessment import SelfAssessment

__all__ = ["ChecklistState", "MeasureCatalogue", "SelfAssessment", "measure_catalogue"]
