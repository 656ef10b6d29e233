"""Leadership review from the intensity plans: unannounced share, upcoming visits, hours.

``plans_frame`` holds the hours but not the planned visits, so the visit figures take a
frame built by :func:`plan_visits_frame` from the stored :class:`PlanDecision` models
(``Store.plans()``). Every unit counts once, by its latest plan (by ``decided_at``); a plan
is for one year, so its visits and hours are spread evenly over four quarters.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date

import pandas as pd

from tilsynwidgets.domain.core.categories import RiskCategory
from tilsynwidgets.domain.intensity.plans import PlanDecision
from tilsynwidgets.domain.portfolio.figures import latest_plans
from tilsynwidgets.domain.portfolio.leadership import quarter_label, quarters_from

__all__ = [
    "INTENSIFIED",
    "plan_visits_frame",
    "resource_balance",
    "unannounced_share",
    "units_with_intensified_plans",
    "units_with_unannounced_visits",
    "upcoming_visits",
]

INTENSIFIED = (RiskCategory.ROED.value, RiskCategory.GUL.value)
"""Colours whose plans are intensified supervision."""

_VISIT_COLUMNS = ["unit_id", "decided_at", "announced_per_year", "unannounced_per_year"]


def plan_visits_frame(decisions: Iterable[PlanDecision]) -> pd.DataFrame:
    """The planned visits of each plan decision: unit, time and visits a year."""
    rows = [
        (
            d.unit_id,
            d.decided_at,
            d.plan.visits.announced_per_year,
            d.plan.visits.unannounced_per_year,
        )
        for d in decisions
    ]
    frame = pd.DataFrame(rows, columns=_VISIT_COLUMNS)
    frame["decided_at"] = pd.to_datetime(frame["decided_at"], utc=True)
    return frame.astype({"announced_per_year": "int64", "unannounced_per_year": "int64"})


def _current(units: pd.DataFrame, plan_visits: pd.DataFrame, by: Sequence[str]) -> pd.DataFrame:
    current = latest_plans(plan_visits)[["announced_per_year", "unannounced_per_year"]]
    return units[["id", *by]].join(current, on="id", how="inner")


def unannounced_share(
    units: pd.DataFrame, plan_visits: pd.DataFrame, by: Sequence[str] = ("socialtilsyn",)
) -> pd.DataFrame:
    """Planned unannounced visits as a share of all planned visits, per group.

    Computed from the plans, not from ``last_unannounced_visit``/``last_announced_visit``:
    those keep only each unit's latest visit of each kind, too thin to give a share, while
    the plans say how the coming year's visits are split. Columns ``units`` (with a plan),
    ``announced``, ``unannounced``, ``total`` (visits a year) and ``share`` (NaN when no
    visits are planned).
    """
    frame = _current(units, plan_visits, by)
    table = frame.groupby(list(by)).agg(
        units=("id", "size"),
        announced=("announced_per_year", "sum"),
        unannounced=("unannounced_per_year", "sum"),
    )
    table["total"] = table["announced"] + table["unannounced"]
    table["share"] = table["unannounced"] / table["total"].where(table["total"] > 0)
    return table


def upcoming_visits(
    units: pd.DataFrame,
    plan_visits: pd.DataFrame,
    as_of: date,
    quarters: int = 4,
    by: Sequence[str] = ("socialtilsyn",),
) -> pd.DataFrame:
    """Visits planned per quarter, from the quarter ``as_of`` falls in, per group.

    Each current plan's visits a year are spread evenly: a quarter gets a quarter of
    them (so counts may be fractional: 1 visit a year is 0.25 a quarter). The plans carry
    no dates for the visits, so the split is an estimate for capacity, not a calendar.
    Rows are the groups, columns the quarter labels (``2026K4``).
    """
    frame = _current(units, plan_visits, by)
    per_quarter = (frame["announced_per_year"] + frame["unannounced_per_year"]) / 4
    yearly = per_quarter.groupby([frame[c] for c in by]).sum()
    labels = [quarter_label(q) for q in quarters_from(as_of, quarters)]
    return pd.DataFrame({label: yearly for label in labels}).astype("float64")


def resource_balance(
    units: pd.DataFrame,
    plans: pd.DataFrame,
    capacity: Mapping[str, float],
    as_of: date,
    quarters: int = 4,
) -> pd.DataFrame:
    """Hours the current plans require per socialtilsyn and quarter, against capacity.

    ``required`` is each current plan's ``estimated_hours`` (a year) / 4, summed;
    ``intensified`` the part for rød and gul plans. ``capacity`` is what the leader
    entered (hours a quarter; NaN for a socialtilsyn without an entry) and ``gap`` is
    capacity − required. Grøn plans carry the legal minimum, which must be met, so a
    shortfall falls on the intensified supervision: ``intensified_uncovered`` is
    min(intensified, max(0, −gap)) and ``intensified_short`` flags it above 0 (both NA
    where no capacity was entered: whether hours are short is then not known).
    Index (socialtilsyn, kvartal), for the ``quarters`` quarters from the one ``as_of``
    falls in; every socialtilsyn of ``units`` appears, with 0 hours when it has no plans.
    """
    current = latest_plans(plans)[["category", "estimated_hours"]]
    frame = units[["id", "socialtilsyn"]].join(current, on="id", how="inner")
    hours = frame["estimated_hours"].astype("float64") / 4
    intensified_hours = hours.where(frame["category"].isin(INTENSIFIED), 0.0)
    groups = sorted(units["socialtilsyn"].unique())
    required = hours.groupby(frame["socialtilsyn"]).sum().reindex(groups, fill_value=0.0)
    intensified = (
        intensified_hours.groupby(frame["socialtilsyn"]).sum().reindex(groups, fill_value=0.0)
    )
    labels = [quarter_label(q) for q in quarters_from(as_of, quarters)]
    index = pd.MultiIndex.from_product([groups, labels], names=["socialtilsyn", "kvartal"])
    table = pd.DataFrame(index=index)
    tilsyn = index.get_level_values("socialtilsyn")
    table["required"] = required.reindex(tilsyn).to_numpy(dtype="float64")
    table["intensified"] = intensified.reindex(tilsyn).to_numpy(dtype="float64")
    table["capacity"] = [float(capacity.get(t, float("nan"))) for t in tilsyn]
    table["gap"] = table["capacity"] - table["required"]
    shortfall = (-table["gap"]).clip(lower=0.0)
    table["intensified_uncovered"] = shortfall.where(
        shortfall < table["intensified"], table["intensified"]
    )
    table.loc[table["gap"].isna(), "intensified_uncovered"] = float("nan")
    short = (table["intensified_uncovered"] > 0).astype("boolean")
    table["intensified_short"] = short.mask(table["gap"].isna())  # no capacity: not known
    return table


def units_with_intensified_plans(
    units: pd.DataFrame, plans: pd.DataFrame, socialtilsyn: str
) -> list[str]:
    """Drill-down of the hours: units of ``socialtilsyn`` whose current plan is for rød or
    gul (the ``intensified`` hours of :func:`resource_balance`), sorted by id."""
    current = latest_plans(plans)["category"]
    ids = units.loc[units["socialtilsyn"] == socialtilsyn, "id"]
    return sorted(ids[ids.map(current).isin(INTENSIFIED)].tolist())


def units_with_unannounced_visits(
    units: pd.DataFrame, plan_visits: pd.DataFrame, socialtilsyn: str
) -> list[str]:
    """Drill-down of the unannounced share: units of ``socialtilsyn`` whose current plan
    has at least one unannounced visit a year, sorted by id."""
    frame = _current(units, plan_visits, ("socialtilsyn",))
    hit = (frame["socialtilsyn"] == socialtilsyn) & (frame["unannounced_per_year"] > 0)
    return sorted(frame.loc[hit, "id"].tolist())
