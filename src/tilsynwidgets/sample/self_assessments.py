"""Synthetic self-assessments of the general leadership measures, one or two per
socialtilsyn, drawn reproducibly from a seed. One socialtilsyn is left unassessed, so the
leadership review shows what a gap looks like."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import numpy as np

from tilsynwidgets.domain.core.units import Socialtilsyn
from tilsynwidgets.domain.labels import label_of
from tilsynwidgets.domain.support.measures import general_measures
from tilsynwidgets.domain.support.self_assessment import MeasureLevel, MeasureRating, SelfAssessment

__all__ = ["generate_self_assessments"]

_LEVELS = list(MeasureLevel)
_WEIGHTS = [0.5, 0.35, 0.15]  # established, partly, not established


def generate_self_assessments(seed: int, as_of: date) -> list[SelfAssessment]:
    """A self-assessment a year before ``as_of`` and one recently, for all but the last
    socialtilsyn; leaders named by role only (no persons)."""
    rng = np.random.default_rng([seed, 7])
    items = []
    for tilsyn in list(Socialtilsyn)[:-1]:
        for days_before in (365 + int(rng.integers(0, 60)), int(rng.integers(10, 90))):
            when = datetime.combine(as_of - timedelta(days=days_before), time(10), UTC)
            levels = rng.choice(len(_LEVELS), size=len(general_measures()), p=_WEIGHTS)
            items.append(
                SelfAssessment(
                    socialtilsyn=tilsyn,
                    ratings=tuple(
                        MeasureRating(measure_id=m.id, level=_LEVELS[int(level)])
                        for m, level in zip(general_measures(), levels, strict=True)
                    ),
                    comment="Drøftet i ledergruppen (eksempeldata).",
                    assessor=f"Ledelsen, {label_of(tilsyn)}",
                    assessed_at=when,
                    catalogue_version=SelfAssessment.current_version(),
                )
            )
    return items
