"""The reconsideration queue: units where new information waits for a decision.

A unit is on the queue when information about it was registered after its latest risk
assessment (of any moment: præ, post or nye oplysninger) and either

* a piece of that information is of a kind that requires a decision
  (``requires_decision`` in ``information_kinds.yaml``), or
* the catalogue's suggestion today differs from the suggestion recorded at that assessment
  (the new information would move the suggestion).

A decision — a new assessment, with a new colour or the same colour and a reason — is
registered after the information, and so takes the unit off the queue. Signal values carried
over from a snapshot (``overfoert_signal``) are not new information and never queue a unit.
The tool points out what waits; the inspector decides.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from tilsynwidgets.domain.information.as_of import TRANSFERRED, InformationFrame
from tilsynwidgets.domain.information.kinds import InformationKinds, information_kinds
from tilsynwidgets.domain.risk.criteria import CriteriaCatalogue
from tilsynwidgets.domain.risk.evaluation import evaluate_portfolio

__all__ = [
    "QUEUE_COLUMNS",
    "SUMMARY_COLUMNS",
    "current_suggestions",
    "ending_heightened",
    "held_records",
    "overdue_orders",
    "portfolio_queue",
    "queue_summary",
    "reconsideration_queue",
    "suggestions_of",
]

QUEUE_COLUMNS = (
    "unit_id",
    "pending",
    "kinds",
    "requires_decision",
    "suggested_then",
    "suggested_now",
    "moves_suggestion",
    "waiting_since",
    "days_waiting",
    "latest_assessed_at",
)
"""Columns of :func:`reconsideration_queue`: per unit the number of pending records, their
kinds (newest first), whether one requires a decision, the suggestion recorded at the latest
assessment and today's (codes or None), whether it moves, the day the oldest pending record
was received, how many days that is before ``today``, and when the latest assessment was."""

SUMMARY_COLUMNS = (
    "units",
    "requires_decision",
    "median_days",
    "longest_days",
    "over_alert",
    "overdue_orders",
    "heightened_ending",
)
"""Columns of :func:`queue_summary`, per group."""


def held_records(records: pd.DataFrame, today: date) -> pd.DataFrame:
    """The records that hold at the end of ``today``: received by then, not replaced by a
    correction or withdrawal received by then, and not withdrawals themselves (the same rule
    as :func:`~tilsynwidgets.domain.information.records.effective_records`)."""
    received = _dates(records["received_on"]) <= pd.Timestamp(today)
    known = records[received]
    replaced = pd.to_numeric(known["replaces"], errors="coerce").dropna().astype(np.int64)
    keep = ~known["id"].isin(replaced) & ~known["withdrawn"].astype(bool)
    return known[keep]


def reconsideration_queue(
    records: pd.DataFrame,
    assessments: pd.DataFrame,
    suggested_now: pd.Series,
    today: date,
    kinds: InformationKinds | None = None,
) -> pd.DataFrame:
    """One row per unit waiting for a decision (:data:`QUEUE_COLUMNS`), longest wait first.

    ``records`` is a records frame (``RECORD_COLUMNS``), ``assessments`` has unit_id,
    assessed_at (aware) and suggested (code or None), ``suggested_now`` maps unit id to
    today's suggestion (code or None) for every unit that may be on the queue.
    """
    kinds = kinds or information_kinds()
    held = held_records(records, today)
    held = held[held["kind"] != TRANSFERRED]
    latest = _latest_assessments(assessments)
    since = _micros(latest["assessed_at"]).reindex(held["unit_id"]).to_numpy()
    registered = _micros(held["registered_at"]).to_numpy()
    pending = held[np.isnan(since) | (registered > since)]
    if pending.empty:
        return _empty_queue()
    received = _dates(pending["received_on"]).to_numpy()
    order = np.lexsort(
        (-pending["id"].to_numpy(), -received.astype(np.int64), pending["unit_id"].to_numpy())
    )
    unit = pending["unit_id"].to_numpy()[order]
    kind = pending["kind"].to_numpy()[order]
    deciding = np.isin(kind, list(kinds.requiring_decision()))
    starts = np.flatnonzero(np.r_[True, unit[1:] != unit[:-1]])
    ids = unit[starts]
    counts = np.diff(np.r_[starts, len(unit)])
    queue = pd.DataFrame(
        {
            "pending": counts,
            "requires_decision": np.logical_or.reduceat(deciding, starts),
            # The wait for a decision counts from the first record that requires one;
            # where none does, from the first record since the latest assessment.
            "waiting_since": np.fmin.reduceat(
                np.where(_deciding_first(deciding, starts), received[order], np.datetime64("NaT")),
                starts,
            ),
        },
        index=pd.Index(ids, name="unit_id"),
    )
    then = latest["suggested"].reindex(queue.index)
    now = suggested_now.reindex(queue.index)
    queue["suggested_then"] = then.where(then.notna(), None).astype(object)
    queue["suggested_now"] = now.where(now.notna(), None).astype(object)
    queue["moves_suggestion"] = (
        queue["suggested_then"].to_numpy() != queue["suggested_now"].to_numpy()
    )
    keep = (queue["requires_decision"] | queue["moves_suggestion"]).to_numpy()
    queue = queue[keep]
    groups = np.split(kind, starts[1:])
    queue["kinds"] = [tuple(dict.fromkeys(g)) for g, k in zip(groups, keep, strict=True) if k]
    waiting = pd.to_datetime(queue["waiting_since"])
    queue["days_waiting"] = (pd.Timestamp(today) - waiting).dt.days.astype(int)
    queue["waiting_since"] = waiting.dt.date
    queue["latest_assessed_at"] = latest["assessed_at"].reindex(queue.index)
    queue = queue.reset_index()
    queue = queue.sort_values(["days_waiting", "unit_id"], ascending=[False, True])
    return queue.loc[:, list(QUEUE_COLUMNS)].reset_index(drop=True)


def current_suggestions(
    frame: InformationFrame, catalogue: CriteriaCatalogue, on: date
) -> pd.Series:
    """The catalogue's suggestion for every unit of ``frame`` from the signals as of ``on``:
    unit id → colour code, or None where too little is known."""
    signals = frame.as_of(on)
    signals["kind"] = frame.kinds
    return suggestions_of(signals, catalogue)


def suggestions_of(units: pd.DataFrame, catalogue: CriteriaCatalogue) -> pd.Series:
    """The catalogue's suggestion for every row of a portfolio frame (signal columns and
    each unit's kind or type), by its index: colour code, or None where too little is
    known."""
    categories = evaluate_portfolio(units, catalogue).categories
    return categories.astype(object).where(categories.notna(), None)


def portfolio_queue(
    frame: InformationFrame,
    records: pd.DataFrame,
    assessments: pd.DataFrame,
    catalogue: CriteriaCatalogue,
    today: date,
) -> pd.DataFrame:
    """The reconsideration queue of the units in ``frame``, with today's suggestions from
    ``catalogue`` (:func:`reconsideration_queue`)."""
    return reconsideration_queue(
        records, assessments, current_suggestions(frame, catalogue, today), today
    )


def overdue_orders(records: pd.DataFrame, today: date) -> pd.DataFrame:
    """Påbud whose deadline has passed without being met, as of ``today``: unit_id, id,
    concerns_on (issued), frist, days_overdue; most overdue first."""
    held = held_records(records, today)
    orders = held[held["kind"] == "paabud"]
    deadline = _dates(orders["frist"])
    met = _dates(orders["efterkommet"])
    now = pd.Timestamp(today)
    late = (deadline < now) & (met.isna() | (met > now))
    found = orders[late].assign(
        frist=deadline[late].dt.date, days_overdue=(now - deadline[late]).dt.days.astype(int)
    )
    columns = ["unit_id", "id", "concerns_on", "frist", "days_overdue"]
    return found.loc[:, columns].sort_values("days_overdue", ascending=False).reset_index(drop=True)


def ending_heightened(
    records: pd.DataFrame, today: date, kinds: InformationKinds | None = None
) -> pd.DataFrame:
    """Skærpet tilsyn in force on ``today`` that ends within the rule's number of days:
    unit_id, id, concerns_on (start), slut, days_left; soonest first."""
    within = (kinds or information_kinds()).queue.heightened_ending_days
    held = held_records(records, today)
    heightened = held[held["kind"] == "skaerpet_tilsyn"]
    start, end = _dates(heightened["concerns_on"]), _dates(heightened["slut"])
    now = pd.Timestamp(today)
    left = (end - now).dt.days
    ending = (start <= now) & (end >= now) & (left <= within)
    found = heightened[ending].assign(slut=end[ending].dt.date, days_left=left[ending].astype(int))
    columns = ["unit_id", "id", "concerns_on", "slut", "days_left"]
    return found.loc[:, columns].sort_values("days_left").reset_index(drop=True)


def queue_summary(
    queue: pd.DataFrame,
    units: pd.DataFrame,
    overdue: pd.DataFrame,
    ending: pd.DataFrame,
    by: tuple[str, ...] = ("socialtilsyn", "team"),
    kinds: InformationKinds | None = None,
) -> pd.DataFrame:
    """Per group of ``units`` (columns ``by``; ``units`` has ``id``): how many units wait,
    how many for information that requires a decision, the median and longest wait in days,
    how many have waited longer than the alert, overdue påbud and skærpet tilsyn ending soon.
    Groups with nothing to show are left out."""
    alert = (kinds or information_kinds()).queue.waiting_alert_days
    groups = units.set_index("id")[list(by)]

    def per_group(frame: pd.DataFrame) -> pd.DataFrame:
        return frame.join(groups, on="unit_id")

    waiting = per_group(queue)
    keys = list(by)
    summary = pd.DataFrame(
        {
            "units": waiting.groupby(keys).size(),
            "requires_decision": waiting.groupby(keys)["requires_decision"].sum(),
            "median_days": waiting.groupby(keys)["days_waiting"].median(),
            "longest_days": waiting.groupby(keys)["days_waiting"].max(),
            "over_alert": waiting.assign(late=waiting["days_waiting"] > alert)
            .groupby(keys)["late"]
            .sum(),
        }
    )
    orders = per_group(overdue).groupby(keys).size().rename("overdue_orders")
    heightened = per_group(ending).groupby(keys).size().rename("heightened_ending")
    summary = summary.join(orders, how="outer").join(heightened, how="outer")
    counts = ["units", "requires_decision", "over_alert", "overdue_orders", "heightened_ending"]
    summary[counts] = summary[counts].fillna(0).astype(int)
    return summary.loc[:, list(SUMMARY_COLUMNS)].sort_index()


def _latest_assessments(assessments: pd.DataFrame) -> pd.DataFrame:
    """Per unit the latest assessment's time and recorded suggestion."""
    if assessments.empty:
        return pd.DataFrame(
            {"assessed_at": pd.Series(dtype="datetime64[ns, UTC]"), "suggested": []},
            index=pd.Index([], name="unit_id"),
        )
    ordered = assessments.assign(assessed_at=pd.to_datetime(assessments["assessed_at"], utc=True))
    ordered = ordered.sort_values(["unit_id", "assessed_at"], kind="stable")
    latest = ordered.groupby("unit_id").tail(1).set_index("unit_id")
    return latest.loc[:, ["assessed_at", "suggested"]]


def _deciding_first(deciding: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Per row: whether it counts for the wait — a record that requires a decision, or any
    record of a unit where none does."""
    unit_decides = np.repeat(
        np.logical_or.reduceat(deciding, starts), np.diff(np.r_[starts, len(deciding)])
    )
    counted: np.ndarray = deciding | ~unit_decides
    return counted


def _micros(values: pd.Series) -> pd.Series:
    """Aware timestamps as float microseconds since 1970 (NaN where missing): compared as
    numbers, much faster than as timestamp objects."""
    stamps = pd.to_datetime(values, utc=True)
    return (stamps - pd.Timestamp(0, tz="UTC")) / pd.Timedelta(1, "us")


def _dates(values: pd.Series) -> pd.Series:
    return pd.to_datetime(values, errors="coerce")


def _empty_queue() -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series(dtype=object) for name in QUEUE_COLUMNS})
