"""Portfolio functions over pandas frames from the store: colours, movements, visits, hours.

Inputs are the store's frames (``units_frame``, ``assessments_frame``, ``plans_frame``); the
functions are pure, so every figure an app shows can be checked on a hand-made portfolio.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np
import pandas as pd

from tilsynwidgets.domain.core.categories import Phase, RiskCategory
from tilsynwidgets.domain.intensity.rulesets import LegalRuleSet

__all__ = [
    "colour_distribution",
    "hours_required",
    "latest_pairs",
    "latest_plans",
    "movements",
    "movements_of",
    "paired",
    "transition_matrix",
    "transition_table",
    "visit_status",
]

COLOURS = [c.value for c in sorted(RiskCategory, reverse=True)]
"""Column order for people: rød, gul, grøn."""


def colour_distribution(
    units: pd.DataFrame, categories: pd.Series, by: Sequence[str] = ("socialtilsyn",)
) -> pd.DataFrame:
    """Units per group and colour (columns rød, gul, grøn, then 'ingen' for no assessment)."""
    frame = units[["id", *by]].copy()
    frame["category"] = frame["id"].map(categories).astype(object).fillna("ingen")
    if by:  # as pd.crosstab([frame[c] for c in by], frame["category"]), only faster
        table = frame.groupby([*by, "category"]).size().unstack("category", fill_value=0)
    else:
        table = frame["category"].value_counts().to_frame().T
    return table.reindex(columns=[*COLOURS, "ingen"], fill_value=0)


def paired(assessments: pd.DataFrame) -> pd.DataFrame:
    """Each post assessment with the latest præ assessment before it for the same unit."""
    ordered = assessments.sort_values("assessed_at", kind="stable")
    prae = ordered[ordered["phase"] == Phase.PRAE.value][["unit_id", "assessed_at", "chosen"]]
    post = ordered[ordered["phase"] == Phase.POST.value][["unit_id", "assessed_at", "chosen"]]
    pairs = pd.merge_asof(
        post.rename(columns={"chosen": "post", "assessed_at": "post_at"}),
        prae.rename(columns={"chosen": "prae", "assessed_at": "prae_at"}),
        left_on="post_at",
        right_on="prae_at",
        by="unit_id",
        direction="backward",
    )
    return pairs.dropna(subset=["prae"])


def latest_pairs(pairs: pd.DataFrame) -> pd.DataFrame:
    """Of :func:`paired`'s pairs, each unit's latest (by post time; later row on ties)."""
    return pairs.drop_duplicates("unit_id", keep="last")


def transition_matrix(assessments: pd.DataFrame, latest_only: bool = True) -> pd.DataFrame:
    """Counts of præ → post colours (rows præ, columns post, both rød, gul, grøn).

    With ``latest_only`` each unit counts once, by its latest post assessment.
    """
    pairs = paired(assessments)
    return transition_table(latest_pairs(pairs) if latest_only else pairs)


def transition_table(pairs: pd.DataFrame) -> pd.DataFrame:
    """:func:`transition_matrix` of pairs already made (and reduced) by the caller."""
    table = pd.crosstab(pairs["prae"], pairs["post"])
    table = table.reindex(index=COLOURS, columns=COLOURS, fill_value=0)
    table.index.name, table.columns.name = "prae", "post"
    return table


def movements(assessments: pd.DataFrame) -> pd.DataFrame:
    """Units whose latest post colour differs from the præ before it, with direction."""
    return movements_of(latest_pairs(paired(assessments)))


def movements_of(pairs: pd.DataFrame) -> pd.DataFrame:
    """:func:`movements` of each unit's latest pair (see :func:`latest_pairs`)."""
    rank = {c.value: c.rank for c in RiskCategory}
    change = pairs["post"].map(rank) - pairs["prae"].map(rank)
    moved = pairs[change != 0].copy()
    moved["direction"] = np.where(change[change != 0] > 0, "op", "ned")
    return moved.set_index("unit_id")[["prae", "post", "prae_at", "post_at", "direction"]]


def visit_status(units: pd.DataFrame, rules: LegalRuleSet, as_of: date) -> pd.DataFrame:
    """Last visit, due date and whether it is overdue under ``rules``, per unit.

    Matches :func:`tilsynwidgets.domain.intensity.rulesets.is_overdue` unit by unit: the due date is
    the same day ``max_months_between_visits`` later, clamped to the month's end.
    """
    announced = pd.to_datetime(units["last_announced_visit"]).to_numpy()
    unannounced = pd.to_datetime(units["last_unannounced_visit"]).to_numpy()
    last = pd.Series(np.fmax(announced, unannounced), index=units["id"].to_numpy())
    result = pd.DataFrame({"last_visit": last})
    limit = rules.max_months_between_visits
    if limit is None:
        result["due"] = pd.NaT
        result["overdue"] = False
        return result
    result["due"] = pd.DatetimeIndex(last) + pd.DateOffset(months=limit)
    result["overdue"] = result["due"].isna() | (result["due"] < pd.Timestamp(as_of))
    return result


def latest_plans(plans: pd.DataFrame) -> pd.DataFrame:
    """The most recent intensity plan per unit, indexed by unit id."""
    latest = plans.sort_values("decided_at", kind="stable").groupby("unit_id").tail(1)
    return latest.set_index("unit_id")


def hours_required(
    units: pd.DataFrame, plans: pd.DataFrame, by: Sequence[str] = ("socialtilsyn",)
) -> pd.DataFrame:
    """Hours a year the units' current plans require, per group and colour."""
    current = latest_plans(plans)[["category", "estimated_hours"]]
    frame = units[["id", *by]].join(current, on="id", how="inner")
    table = frame.pivot_table(
        index=list(by), columns="category", values="estimated_hours", aggfunc="sum", fill_value=0
    )
    table = table.reindex(columns=COLOURS, fill_value=0)
    table["i alt"] = table.sum(axis=1)
    return table
