"""Leadership review over the store's frames: filters, colours per quarter, support, automatism.

Inputs are the store's frames (``units_frame``, ``assessments_frame``, ``plans_frame``,
``checklist_changes_frame``); every function is pure, so each figure of the leadership app
can be checked on a hand-made portfolio. Drill-down functions return the unit ids behind a
figure, computed the same way as the figure. Visits and resources are in
:mod:`tilsynwidgets.domain.portfolio.visits`.
"""

from __future__ import annotations

from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import numpy.typing as npt
import pandas as pd

from tilsynwidgets.domain.core.categories import Phase, RiskCategory
from tilsynwidgets.domain.intensity.rulesets import LegalRuleSet
from tilsynwidgets.domain.portfolio.figures import (
    COLOURS,
    colour_distribution,
    latest_pairs,
    latest_plans,
    paired,
    visit_status,
)
from tilsynwidgets.domain.risk.current import current_categories
from tilsynwidgets.domain.risk.evaluation import CATEGORY_DTYPE
from tilsynwidgets.domain.support.measures import measures_for

__all__ = [
    "SUPPORT_COLOURS",
    "Filters",
    "apply_filters",
    "colour_distribution_by_quarter",
    "count_quarter_codes",
    "filter_mask",
    "measure_status",
    "quarter_codes",
    "quarter_label",
    "quarters_from",
    "quarters_in",
    "restrict_history",
    "support_gaps",
    "support_table",
    "template_share",
    "units_missing_measure",
    "units_overdue",
    "units_with_colour",
    "units_with_quarter_colour",
    "units_with_template",
    "units_with_transition",
]

SUPPORT_COLOURS = (RiskCategory.ROED, RiskCategory.GUL)
"""The colours whose organisational support the leadership review follows (seed 001)."""

_WHEN_COLUMNS = ("assessed_at", "decided_at", "changed_at")


@dataclass(frozen=True)
class Filters:
    """The leader's filters; ``None`` means no restriction. ``period`` is (first, last) day."""

    socialtilsyn: AbstractSet[str] | None = None
    unit_type: AbstractSet[str] | None = None
    team: AbstractSet[str] | None = None
    period: tuple[date, date] | None = None


def filter_mask(units: pd.DataFrame, filters: Filters) -> npt.NDArray[np.bool_]:
    """Per row of ``units``: does it match every set filter (socialtilsyn, type, team)?"""
    keep = np.ones(len(units), dtype=bool)
    for column in ("socialtilsyn", "unit_type", "team"):
        wanted = getattr(filters, column)
        if wanted is not None:
            keep &= units[column].isin(list(wanted)).to_numpy(dtype=bool)
    return keep


def apply_filters(units: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """The units matching every set filter (socialtilsyn, unit type, team).

    The period does not select units; it restricts history (see :func:`restrict_history`).
    """
    return units[filter_mask(units, filters)]


def _utc_bounds(first: date, last: date) -> tuple[pd.Timestamp, pd.Timestamp]:
    """From midnight UTC on ``first`` up to (not including) midnight UTC after ``last``."""
    start = pd.Timestamp(first, tz="UTC")
    end = pd.Timestamp(last + timedelta(days=1), tz="UTC")
    return start, end


def restrict_history(
    history: pd.DataFrame, units: pd.DataFrame, period: tuple[date, date] | None = None
) -> pd.DataFrame:
    """History rows of the given units, and (with ``period``) recorded inside the period.

    The time column is the frame's own (``assessed_at``, ``decided_at`` or ``changed_at``);
    the period's days are whole UTC days, both ends included.
    """
    keep = history["unit_id"].isin(units["id"])
    if period is not None:
        when = next(c for c in _WHEN_COLUMNS if c in history.columns)
        start, end = _utc_bounds(*period)
        keep &= (history[when] >= start) & (history[when] < end)
    return history[keep]


def quarter_label(quarter: pd.Period) -> str:
    """Danish quarter label: ``2026K1`` for January–March 2026."""
    return f"{quarter.year}K{quarter.quarter}"


def quarters_from(as_of: date, count: int = 4) -> list[pd.Period]:
    """``count`` calendar quarters, the first being the one ``as_of`` falls in."""
    first = pd.Period(as_of, freq="Q")
    return [first + i for i in range(count)]


def quarters_in(period: tuple[date, date]) -> list[pd.Period]:
    """The calendar quarters whose last day lies in ``period`` (both ends included)."""
    first, last = period
    return [q for q in pd.period_range(first, last, freq="Q") if first <= q.end_time.date() <= last]


_QUARTER_COLUMNS = [*COLOURS, "ingen"]


def quarter_codes(
    units: pd.DataFrame,
    assessments: pd.DataFrame,
    period: tuple[date, date],
    phase: Phase | None = None,
) -> pd.DataFrame:
    """Each unit's colour at each quarter end inside ``period``, as small integer codes.

    Rows follow ``units``; one column per quarter label (``2026K1``); a code indexes
    ``rød, gul, grøn, ingen``. The colour is as in :func:`colour_distribution_by_quarter`.
    A filter then counts its rows with :func:`count_quarter_codes`, without re-reading
    the assessments.
    """
    quarters = quarters_in(period)
    cutoffs = [_utc_bounds(q.end_time.date(), q.end_time.date())[1] for q in quarters]
    # Categorical code → column position; the last entry is for code -1 (not assessed).
    lookup = np.array(
        [_QUARTER_COLUMNS.index(str(c)) for c in CATEGORY_DTYPE.categories]
        + [_QUARTER_COLUMNS.index("ingen")],
        dtype=np.int8,
    )
    columns = {}
    for quarter, categories in zip(
        quarters, _categories_at(assessments, cutoffs, phase), strict=True
    ):
        codes = categories.reindex(units["id"].to_numpy()).cat.codes.to_numpy()
        columns[quarter_label(quarter)] = lookup[codes]
    return pd.DataFrame(columns, index=units.index, dtype=np.int8)


def count_quarter_codes(
    codes: pd.DataFrame, rows: npt.NDArray[np.bool_] | None = None
) -> pd.DataFrame:
    """Units per colour and quarter of :func:`quarter_codes` (of the ``rows`` chosen)."""
    values = codes.to_numpy() if rows is None else codes.to_numpy()[rows]
    counts = [
        np.bincount(values[:, i], minlength=len(_QUARTER_COLUMNS)) for i in range(values.shape[1])
    ]
    table = pd.DataFrame(
        np.array(counts, dtype="int64").reshape(len(counts), len(_QUARTER_COLUMNS)),
        index=pd.Index(list(codes.columns), name="kvartal"),
        columns=pd.Index(_QUARTER_COLUMNS, name="category"),
    )
    return table


def colour_distribution_by_quarter(
    units: pd.DataFrame,
    assessments: pd.DataFrame,
    period: tuple[date, date],
    phase: Phase | None = None,
    by: Sequence[str] = (),
) -> pd.DataFrame:
    """Units per colour at each quarter end inside ``period`` (movement over time).

    For each quarter whose last day lies in ``period`` (both ends included), every unit
    gets its latest chosen colour as of the end of that day (UTC) — of ``phase`` when given,
    else the latest of præ and post — and the units are counted per colour ('ingen' when
    not yet assessed). Rows are indexed by quarter label (``2026K1``), then by ``by``.
    """
    if not by:
        return count_quarter_codes(quarter_codes(units, assessments, period, phase))
    quarters = quarters_in(period)
    cutoffs = [_utc_bounds(q.end_time.date(), q.end_time.date())[1] for q in quarters]
    tables: dict[str, pd.DataFrame] = {}
    for quarter, categories in zip(
        quarters, _categories_at(assessments, cutoffs, phase), strict=True
    ):
        tables[quarter_label(quarter)] = colour_distribution(units, categories, by=by)
    if not tables:
        return pd.DataFrame(columns=_QUARTER_COLUMNS, dtype="int64")
    return pd.concat(tables, names=["kvartal"])


def _categories_at(
    assessments: pd.DataFrame, cutoffs: Sequence[pd.Timestamp], phase: Phase | None = None
) -> list[pd.Series]:
    """:func:`current_categories` of the assessments before each (ascending) cutoff.

    The same answer as ``current_categories(assessments[assessed_at < cutoff], phase)`` for
    each cutoff (latest by time, on equal times the later row), from one sort: rows ordered
    by unit, time and position; a row is known from the first cutoff after its time, so per
    cutoff a unit's answer is its last known row.
    """
    if not cutoffs:
        return []
    frame = assessments if phase is None else assessments[assessments["phase"] == phase.value]
    # One resolution for both sides: cutoffs are whole days, assessments carry microseconds.
    when = pd.DatetimeIndex(frame["assessed_at"]).as_unit("ns")
    known_from = pd.DatetimeIndex(list(cutoffs)).as_unit("ns").searchsorted(when, side="right")
    known_from[when.isna()] = len(cutoffs)  # NaT is before no cutoff
    codes, ids = pd.factorize(frame["unit_id"])
    order = np.lexsort((np.arange(len(frame)), when.asi8, codes))
    codes, known_from = codes[order], known_from[order]
    chosen = frame["chosen"].to_numpy()[order]
    found = []
    for number in range(len(cutoffs)):
        rows = np.flatnonzero(known_from <= number)
        unit = codes[rows]
        last = rows[np.append(unit[1:] != unit[:-1], True)] if len(rows) else rows
        series = pd.Series(chosen[last], index=pd.Index(ids[codes[last]], name="unit_id"))
        found.append(series.astype(CATEGORY_DTYPE).rename("category"))
    return found


def measure_status(
    units: pd.DataFrame,
    assessments: pd.DataFrame,
    changes: pd.DataFrame,
    phase: Phase | None,
    categories: pd.Series | None = None,
) -> pd.DataFrame:
    """One row per rød/gul unit and measure of its colour, with whether it is in place.

    ``categories`` are ``current_categories(assessments, phase)`` when the caller has them.
    """
    if categories is None:
        categories = current_categories(assessments, phase)
    categories = categories.astype(object)
    rows = []
    for rank, colour in enumerate(SUPPORT_COLOURS):
        for order, measure in enumerate(measures_for(colour)):
            rows.append((colour.value, rank, measure.id, measure.title, order))
    catalogue = pd.DataFrame(
        rows, columns=["category", "colour_rank", "measure_id", "title", "measure_order"]
    )
    frame = units[["id", "socialtilsyn"]].copy()
    frame["category"] = frame["id"].map(categories).astype(object)  # all NaN: still codes
    expected = frame.merge(catalogue, on="category", how="inner")
    latest = changes.sort_values("changed_at", kind="stable").drop_duplicates(
        ["unit_id", "measure_id"], keep="last"
    )[["unit_id", "measure_id", "in_place"]]
    status = expected.merge(
        latest, left_on=["id", "measure_id"], right_on=["unit_id", "measure_id"], how="left"
    )
    status["in_place"] = status["in_place"].astype("boolean").fillna(False).astype(bool)
    return status.sort_values(
        ["socialtilsyn", "colour_rank", "measure_order", "id"], kind="stable"
    ).reset_index(drop=True)


def support_gaps(
    units: pd.DataFrame,
    assessments: pd.DataFrame,
    changes: pd.DataFrame,
    phase: Phase | None = None,
) -> pd.DataFrame:
    """For rød and gul units: per socialtilsyn, colour and measure, units with it in place.

    A unit's colour is its current one (latest chosen, of ``phase`` when given); its
    measures are seed 001's for that colour. Per unit and measure the latest change wins
    (on equal times the later row); a measure never ticked is missing, as in
    :func:`tilsynwidgets.domain.support.measures.checklist_state`. Columns: ``title``, ``units``,
    ``in_place``, ``missing``; index (socialtilsyn, category, measure_id).
    """
    return support_table(measure_status(units, assessments, changes, phase))


def support_table(status: pd.DataFrame) -> pd.DataFrame:
    """:func:`support_gaps` of :func:`measure_status`'s rows."""
    keys = ["socialtilsyn", "category", "measure_id"]
    table = status.groupby(keys, sort=False).agg(
        title=("title", "first"), units=("id", "size"), in_place=("in_place", "sum")
    )
    table["in_place"] = table["in_place"].astype("int64")
    table["missing"] = table["units"] - table["in_place"]
    return table


def units_missing_measure(
    units: pd.DataFrame,
    assessments: pd.DataFrame,
    changes: pd.DataFrame,
    measure_id: str,
    socialtilsyn: str | None = None,
    phase: Phase | None = None,
) -> list[str]:
    """Drill-down of :func:`support_gaps`: the units missing ``measure_id`` (sorted ids)."""
    status = measure_status(units, assessments, changes, phase)
    hit = (status["measure_id"] == measure_id) & ~status["in_place"]
    if socialtilsyn is not None:
        hit &= status["socialtilsyn"] == socialtilsyn
    return sorted(status.loc[hit, "id"].tolist())


def template_share(
    units: pd.DataFrame, plans: pd.DataFrame, by: Sequence[str] = ("team",)
) -> pd.DataFrame:
    """Counter automatism: per group, how many current plans equal their colour's template.

    Each unit counts once, by its latest plan. Columns ``plans``, ``unchanged`` and
    ``share`` (unchanged / plans).
    """
    current = latest_plans(plans)[["template_unchanged"]]
    frame = units[["id", *by]].join(current, on="id", how="inner")
    frame["template_unchanged"] = frame["template_unchanged"].astype(bool)
    table = frame.groupby(list(by)).agg(
        plans=("id", "size"), unchanged=("template_unchanged", "sum")
    )
    table["unchanged"] = table["unchanged"].astype("int64")
    table["share"] = table["unchanged"] / table["plans"]
    return table


def units_with_template(
    units: pd.DataFrame, plans: pd.DataFrame, team: str, unchanged: bool = True
) -> list[str]:
    """Drill-down of :func:`template_share`: a team's units whose current plan is (not) the
    template (sorted ids)."""
    current = latest_plans(plans)["template_unchanged"].astype(bool)
    ids = units.loc[units["team"] == team, "id"]
    flags = ids.map(current)
    return sorted(ids[flags.notna() & (flags == unchanged)].tolist())


def units_with_colour(
    units: pd.DataFrame,
    categories: pd.Series,
    colour: str,
    group: str | None = None,
    by: str = "socialtilsyn",
) -> list[str]:
    """Drill-down of a colour count: units whose category is ``colour`` (or 'ingen'), of the
    ``group`` in column ``by`` when given (as :func:`colour_distribution` counts them)."""
    found = units["id"].map(categories.astype(object)).fillna("ingen")
    hit = found == colour
    if group is not None:
        hit &= units[by] == group
    return sorted(units.loc[hit, "id"].tolist())


def units_with_quarter_colour(
    units: pd.DataFrame, codes: pd.DataFrame, quarter: str, colour: str
) -> list[str]:
    """Drill-down of a cell of the quarters table: the units of ``units`` whose colour at
    the end of ``quarter`` was ``colour`` (or 'ingen'), from :func:`quarter_codes` of the
    same units (rows aligned by index)."""
    code = _QUARTER_COLUMNS.index(colour)
    column = codes.loc[units.index, quarter].to_numpy()
    return sorted(units.loc[column == code, "id"].tolist())


def units_with_transition(
    units: pd.DataFrame, assessments: pd.DataFrame, prae: str, post: str
) -> list[str]:
    """Drill-down of a cell of the præ → post matrix (latest post per unit, as the matrix)."""
    pairs = latest_pairs(paired(assessments))
    hit = (pairs["prae"] == prae) & (pairs["post"] == post) & pairs["unit_id"].isin(units["id"])
    return sorted(pairs.loc[hit, "unit_id"].tolist())


def units_overdue(units: pd.DataFrame, rules: LegalRuleSet, as_of: date) -> list[str]:
    """Drill-down of the overdue count: units overdue under ``rules`` on ``as_of``."""
    status = visit_status(units, rules, as_of)
    return sorted(status.index[status["overdue"].to_numpy(dtype=bool)].tolist())
