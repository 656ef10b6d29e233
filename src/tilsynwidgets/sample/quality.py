"""The sample's quality assessments: one at each cycle's quality day, scored from the unit's
latent colour (its true quality), so the lowest theme score — a risk signal — follows it."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from tilsynwidgets.domain.core.kinds import UnitKind
from tilsynwidgets.domain.quality.model import QualityAssessment, quality_model
from tilsynwidgets.sample.calendar import NO_DAY, SupervisionCalendar, at_work
from tilsynwidgets.sample.profile import SampleProfile

__all__ = ["SampleQuality", "generate_quality"]


@dataclass(frozen=True)
class SampleQuality:
    """The quality assessments in calendar order, and the calendar row each was made in."""

    assessments: list[QualityAssessment]
    cycle_rows: np.ndarray


def generate_quality(
    units: pd.DataFrame, calendar: SupervisionCalendar, seed: int, profile: SampleProfile
) -> SampleQuality:
    """A quality assessment for every calendar cycle with a quality day by the data date."""
    rng = np.random.default_rng([seed, 4])
    rank = units["latent"].cat.codes.to_numpy()
    ids = units["id"].to_numpy()
    kinds = units["kind"].to_numpy()
    means = profile.history.quality_mean
    rows = np.flatnonzero(calendar.cycles["quality"].to_numpy() != NO_DAY)
    positions = calendar.cycles["unit"].to_numpy()[rows]
    days = calendar.cycles["quality"].to_numpy()[rows]
    assessments = []
    for position, day in zip(positions, days, strict=True):
        model = quality_model(UnitKind(kinds[position]))
        indicators = model.indicator_ids
        mean = means[int(rank[position])]
        scores = np.clip(np.rint(rng.normal(mean, 0.7, len(indicators))), 1, 5).astype(int)
        assessments.append(
            QualityAssessment(
                unit_id=str(ids[position]),
                model_version=model.version,
                scores={i: int(s) for i, s in zip(indicators, scores, strict=True)},
                assessor=str(calendar.inspectors[position]),
                assessed_at=at_work(int(day), rng),
            )
        )
    return SampleQuality(assessments, rows)
