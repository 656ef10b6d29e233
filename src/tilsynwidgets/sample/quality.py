"""The sample's quality assessments: one at each cycle's quality day, scored from the unit's
latent colour (its true quality), so the lowest theme score — a risk signal — follows it.

The scores are drawn as arrays; the validated :class:`QualityAssessment` models are made when
first asked for (a portfolio frame needs only the lowest theme scores).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cached_property

import numpy as np
import pandas as pd

from tilsynwidgets.domain.core.kinds import UnitKind
from tilsynwidgets.domain.quality.model import QualityAssessment, quality_model, theme_scores
from tilsynwidgets.sample.calendar import NO_DAY, SupervisionCalendar, moments_at_work
from tilsynwidgets.sample.profile import SampleProfile

__all__ = ["SampleQuality", "generate_quality"]


@dataclass(frozen=True)
class SampleQuality:
    """The quality assessments in calendar order: for each, the calendar row it was made in,
    the unit's position, id and kind, the indicator scores (in the model's order), the
    moment and the assessor."""

    cycle_rows: np.ndarray
    units: np.ndarray
    unit_ids: np.ndarray
    kinds: tuple[UnitKind, ...]
    scores: tuple[np.ndarray, ...]
    moments: tuple[datetime, ...]
    assessors: np.ndarray

    def __len__(self) -> int:
        return len(self.cycle_rows)

    @cached_property
    def assessments(self) -> list[QualityAssessment]:
        made = []
        for unit_id, kind, scores, moment, assessor in zip(
            self.unit_ids, self.kinds, self.scores, self.moments, self.assessors, strict=True
        ):
            model = quality_model(kind)
            made.append(
                QualityAssessment(
                    unit_id=str(unit_id),
                    model_version=model.version,
                    scores={i: int(s) for i, s in zip(model.indicator_ids, scores, strict=True)},
                    assessor=str(assessor),
                    assessed_at=moment,
                )
            )
        return made

    @cached_property
    def lowest_theme_scores(self) -> np.ndarray:
        """The lowest theme score of each assessment, by its model's own aggregation (as the
        store records it when the assessment is stored)."""
        lowest = np.empty(len(self))
        for position, (kind, scores) in enumerate(zip(self.kinds, self.scores, strict=True)):
            model = quality_model(kind)
            given = dict(zip(model.indicator_ids, scores.tolist(), strict=True))
            lowest[position] = min(theme_scores(model, given).values())
        return lowest


def generate_quality(
    units: pd.DataFrame, calendar: SupervisionCalendar, seed: int, profile: SampleProfile
) -> SampleQuality:
    """A quality assessment for every calendar cycle with a quality day by the data date."""
    rng = np.random.default_rng([seed, 4])
    rank = units["latent"].cat.codes.to_numpy()
    kinds = units["kind"].to_numpy()
    means = np.asarray(profile.history.quality_mean)
    rows = np.flatnonzero(calendar.cycles["quality"].to_numpy() != NO_DAY)
    positions = calendar.cycles["unit"].to_numpy()[rows]
    days = calendar.cycles["quality"].to_numpy()[rows]
    scores: list[np.ndarray] = [np.zeros(0, np.int64)] * len(rows)
    for kind in UnitKind:
        mine = np.flatnonzero(kinds[positions] == kind.value)
        size = (len(mine), len(quality_model(kind).indicator_ids))
        drawn = rng.normal(means[rank[positions[mine]]][:, None], 0.7, size)
        for at, row in zip(mine, np.clip(np.rint(drawn), 1, 5).astype(np.int64), strict=True):
            scores[at] = row
    return SampleQuality(
        cycle_rows=rows,
        units=positions,
        unit_ids=units["id"].to_numpy()[positions],
        kinds=tuple(UnitKind(kind) for kind in kinds[positions]),
        scores=tuple(scores),
        moments=tuple(moments_at_work(days, rng)),
        assessors=calendar.inspectors[positions],
    )
