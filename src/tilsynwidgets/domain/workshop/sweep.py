"""One comparison criterion's threshold across a range of values, the other criteria fixed.

The criteria workshop shows, for a criterion such as "klager ≥ 3", what each threshold in a
range would do to the portfolio: how many units the criterion fires for, how many units get
each suggested colour, and how many suggestions change against the catalogue as it is.

The sweep evaluates the catalogue once
(:func:`~tilsynwidgets.domain.workshop.effect.count_fired`) and takes the criterion out of
each unit's counts of fired rød and gul criteria: from the rest, each unit's colour with the
criterion off and with it on follows from the aggregation rule alone. Only units whose two
colours differ, and that have a value for the signal, can move as the threshold varies, so
every threshold costs one comparison per such unit, and the colour counts for all
thresholds are one matrix product. A unit with too little known has no suggestion at any
threshold: it is counted apart (``intet_forslag``), never as grøn.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import pandas as pd

from tilsynwidgets.domain.core.categories import RiskCategory
from tilsynwidgets.domain.core.signals import signal_catalogue
from tilsynwidgets.domain.portfolio.figures import COLOURS
from tilsynwidgets.domain.risk.aggregation import aggregate_counts
from tilsynwidgets.domain.risk.criteria import CriteriaCatalogue, Criterion, Operator
from tilsynwidgets.domain.workshop.effect import (
    COMPARISONS,
    NO_SUGGESTION_CODE,
    WorkshopData,
    count_fired,
)

__all__ = ["SWEEP_COLUMNS", "default_thresholds", "threshold_sweep"]

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

SWEEP_COLUMNS = ("threshold", "fires", *COLOURS, NO_SUGGESTION_CODE, "changed", "current")
"""Columns of :func:`threshold_sweep`'s frame."""

_GROEN, _GUL, _ROED = (RiskCategory.GROEN.rank, RiskCategory.GUL.rank, RiskCategory.ROED.rank)
_SMALL_RANGE = 30  # at most this many distinct observed values: sweep them all
_QUANTILE_POINTS = 13  # otherwise this many unit quantiles and as many spread distinct values


def _comparison(catalogue: CriteriaCatalogue, criterion_id: str) -> tuple[int, Criterion]:
    for position, criterion in enumerate(catalogue.criteria):
        if criterion.id == criterion_id:
            if criterion.operator is Operator.FLAG:
                raise ValueError(
                    f"kriteriet '{criterion_id}' er et ja/nej-kriterium og har ingen tærskel "
                    "at variere"
                )
            return position, criterion
    raise ValueError(f"kriteriet '{criterion_id}' findes ikke i kataloget")


def default_thresholds(data: WorkshopData, criterion: Criterion) -> FloatArray:
    """The thresholds :func:`threshold_sweep` tries when none are given, ascending.

    Every distinct observed value of the signal when there are at most 30; otherwise 13
    quantiles of the units' values (minimum and maximum included) and 13 values spread
    evenly over the distinct observed ones. The criterion's own threshold is always among
    them. A signal no unit has a value for is swept over its catalogue range.
    """
    assert criterion.threshold is not None  # a comparison (checked by the caller)
    observed = data.observed.get(criterion.signal, np.empty(0))
    if len(observed) == 0:
        signal = signal_catalogue().get(criterion.signal)
        assert signal.minimum is not None  # a numeric signal has a range
        assert signal.maximum is not None
        points = np.linspace(signal.minimum, signal.maximum, 25)
    else:
        keep = np.ones(len(observed), dtype=np.bool_)
        keep[1:] = observed[1:] != observed[:-1]
        distinct = observed[keep]
        if len(distinct) <= _SMALL_RANGE:
            points = distinct
        else:
            spread = np.linspace(0.0, 1.0, _QUANTILE_POINTS)
            quantiles = observed[np.round(spread * (len(observed) - 1)).astype(np.int64)]
            evenly = distinct[np.round(spread * (len(distinct) - 1)).astype(np.int64)]
            points = np.concatenate([quantiles, evenly])
    result: FloatArray = np.unique(np.append(points, criterion.threshold).astype(np.float64))
    return result


def _threshold_grid(thresholds: Sequence[float]) -> FloatArray:
    grid = np.asarray(thresholds, dtype=np.float64)
    if grid.ndim != 1 or len(grid) == 0:
        raise ValueError("angiv mindst én tærskel")
    if not np.isfinite(grid).all():
        raise ValueError("tærsklerne skal være endelige tal")
    result: FloatArray = np.unique(grid)
    return result


def _fires_at(observed: FloatArray, operator: Operator, grid: FloatArray) -> IntArray:
    """How many known values satisfy ``value <operator> threshold``, per threshold."""
    left = np.searchsorted(observed, grid, side="left")
    right = np.searchsorted(observed, grid, side="right")
    total = len(observed)
    counts = {
        Operator.GE: total - left,
        Operator.GT: total - right,
        Operator.LT: left,
        Operator.LE: right,
        Operator.EQ: right - left,
    }[operator]
    return np.asarray(counts, dtype=np.int64)


def threshold_sweep(
    data: WorkshopData,
    catalogue: CriteriaCatalogue,
    criterion_id: str,
    thresholds: Sequence[float] | None = None,
) -> pd.DataFrame:
    """Suggested colours as one comparison criterion's threshold varies, the rest fixed.

    One row per threshold (ascending, without duplicates; :func:`default_thresholds` when
    ``thresholds`` is None) with the columns :data:`SWEEP_COLUMNS`: ``threshold``; ``fires``,
    units the criterion fires for; ``roed``, ``gul``, ``groen``, units per suggested colour;
    ``intet_forslag``, units without a suggestion (too little known); ``changed``, units
    whose suggestion differs from that with the catalogue as it is; and ``current``, whether
    it is the criterion's own threshold.

    Raises ``ValueError`` (Danish) for an unknown id or a ja/nej (flag) criterion.
    """
    position, criterion = _comparison(catalogue, criterion_id)
    if thresholds is None:
        grid = default_thresholds(data, criterion)
    else:
        grid = _threshold_grid(thresholds)
    counts = count_fired(data, catalogue)
    here = counts.fired[position]
    escalate = catalogue.aggregation.escalate_after_gul
    points_roed = criterion.points_to is RiskCategory.ROED

    # The other criteria's counts, then the colour with this criterion off and on.
    roed, gul = counts.roed, counts.gul
    if points_roed:
        roed = roed - here
    else:
        gul = gul - here
    enough = counts.enough
    off, _ = aggregate_counts(roed, gul, escalate, enough)
    on, _ = aggregate_counts(roed + points_roed, gul + (not points_roed), escalate, enough)
    values = data.values(criterion.signal)
    # Only units whose colour depends on this criterion, and that have a value, can move.
    sensitive = np.flatnonzero((on != off) & ~np.isnan(values))
    with np.errstate(invalid="ignore"):  # thresholds × sensitive units
        hits = COMPARISONS[criterion.operator](values[None, sensitive], grid[:, None])
    # Per sensitive unit: -1 at its colour without the criterion, +1 at its colour with it,
    # and in a fourth column +1 (-1 if it fires now), as changed = hits + now - 2·hits·now.
    rows = np.arange(len(sensitive))
    now = here[sensitive]
    weights = np.zeros((len(sensitive), 4), dtype=np.float64)
    weights[rows, on[sensitive]] = 1.0
    weights[rows, off[sensitive]] = -1.0
    weights[:, 3] = np.where(now, -1.0, 1.0)
    # Integer sums in float64: exact far beyond any portfolio size.
    sums = np.rint(hits.astype(np.float64) @ weights).astype(np.int64)
    colours = np.bincount(off[enough], minlength=3) + sums[:, :3]
    changed = sums[:, 3] + np.count_nonzero(now)

    observed = data.observed.get(criterion.signal, np.empty(0))
    frame = pd.DataFrame(
        {
            "threshold": grid,
            "fires": _fires_at(observed, criterion.operator, grid),
            COLOURS[0]: colours[:, _ROED],
            COLOURS[1]: colours[:, _GUL],
            COLOURS[2]: colours[:, _GROEN],
            NO_SUGGESTION_CODE: np.count_nonzero(~enough),
            "changed": changed,
            "current": grid == criterion.threshold,
        },
        columns=list(SWEEP_COLUMNS),
    )
    return frame
