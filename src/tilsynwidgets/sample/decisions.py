"""When the sample's units are assessed, and which information each assessment took a
position on.

Each cycle has its præ and post (the calendar's days). Between them the reconsideration
queue is worked through the way the queue's own rule puts a unit on it
(``domain/information/queue.py``): information received after the unit's latest
assessment that requires a decision, or that moves the catalogue's suggestion, is taken a
position on some days later in an assessment on new information (``Phase.NY``) — unless a
præ or post comes first, which then takes the position. A few recent pieces of information
are left waiting at the data date, as a queue is in practice.

Everything a unit's assessment saw was received by the end of its day: the sample registers
information at 09:00 Danish time and assesses from 10:00 (:mod:`tilsynwidgets.sample.calendar`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from tilsynwidgets.domain.core.categories import Phase
from tilsynwidgets.domain.core.signals import SignalCatalogue, SignalRule, given_or_packaged
from tilsynwidgets.domain.information.kinds import information_kinds
from tilsynwidgets.sample.calendar import NO_DAY, SupervisionCalendar, day_number
from tilsynwidgets.sample.information_profile import DecisionProfile

__all__ = [
    "NEVER",
    "Arrival",
    "Candidates",
    "Moment",
    "Scheduled",
    "candidates",
    "unit_moments",
]

NEVER = np.iinfo(np.int64).max
"""The day of a decision that has not been taken."""


@dataclass(frozen=True, slots=True)
class Moment:
    """An assessment to make: the unit's position, its day number and phase, the calendar
    row of a præ or post (-1 for new information) and the ids of the records received since
    the unit's previous assessment (all before its first)."""

    unit: int
    day: int
    phase: Phase
    cycle_row: int
    information: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Arrival:
    """A record as it reaches the unit's supervisor: its id and day received, whether its
    kind requires a decision, and the day a decision would be taken on it if it requires one
    (``decide_on``) or if it moves the suggestion (``moved_on``); :data:`NEVER` when it is
    left waiting. With ``id`` None: a day on which a signal may change without a new record
    (information leaves a signal's window, a skærpet tilsyn ends, a påbud is met)."""

    id: int | None
    day: int
    deciding: bool
    decide_on: int
    moved_on: int


@dataclass(frozen=True, slots=True)
class Scheduled:
    day: int
    phase: Phase
    cycle_row: int


def unit_moments(
    unit: int,
    arrivals: Sequence[Arrival],
    scheduled: Sequence[Scheduled],
    rank: Callable[[int], int],
    today: int,
) -> list[Moment]:
    """The assessments of one unit, in time order.

    ``arrivals`` (records, and the days a signal can change without one: ``id`` None) and
    ``scheduled`` are in day order; ``rank(day)`` is the suggestion's rank as of a day (-1
    for none) and is asked only for the days of arrivals, scheduled assessments, and
    ``decide_on``/``moved_on`` days up to ``today``.
    """
    moments: list[Moment] = []
    since: list[int] = []
    last_rank: int | None = None
    due = NEVER
    waiting = False

    def assess(day: int, phase: Phase, cycle_row: int) -> None:
        nonlocal since, last_rank, due, waiting
        moments.append(Moment(unit, day, phase, cycle_row, tuple(since)))
        since, last_rank, due, waiting = [], rank(day), NEVER, False

    i = j = 0
    while i < len(arrivals) or j < len(scheduled):
        # On a day, information is registered (09:00) before anyone assesses (from 10:00).
        arrival_next = j == len(scheduled) or (
            i < len(arrivals) and arrivals[i].day <= scheduled[j].day
        )
        day = arrivals[i].day if arrival_next else scheduled[j].day
        if due < day:
            assess(due, Phase.NY, -1)
        if not arrival_next:
            planned = scheduled[j]
            j += 1
            assess(planned.day, planned.phase, planned.cycle_row)
            continue
        arrival = arrivals[i]
        i += 1
        if arrival.id is not None:
            since.append(arrival.id)
        if last_rank is None or not since:
            continue  # the unit's first assessment takes a position on it / nothing is new
        if arrival.deciding:
            due = min(due, arrival.decide_on)
            waiting = True
        elif not waiting and rank(arrival.day) != last_rank:
            due = min(due, arrival.moved_on)
            waiting = True
    if due <= today:
        assess(due, Phase.NY, -1)
    return moments


@dataclass(frozen=True)
class Candidates:
    """What the walk of every unit needs: arrivals and scheduled assessments per unit, and
    every (unit, day) pair whose suggestion it may ask for."""

    arrivals: list[list[Arrival]]
    scheduled: list[list[Scheduled]]
    positions: np.ndarray
    days: np.ndarray


def candidates(
    table: pd.DataFrame,
    calendar: SupervisionCalendar,
    n_units: int,
    profile: DecisionProfile,
    seed: int,
    signals: SignalCatalogue | None = None,
) -> Candidates:
    """Arrivals (with their decision days drawn, and the days a signal of ``signals`` may
    change without a new record), scheduled assessments and the pairs to compute
    suggestions for, from a sample's records table and calendar."""
    rng = np.random.default_rng([seed, 6])
    today = day_number(calendar.as_of)
    order = table.sort_values(["unit", "received_day", "id"], kind="stable")
    unit = order["unit"].to_numpy(np.int64)
    day = order["received_day"].to_numpy(np.int64)
    ident = order["id"].to_numpy(np.int64)
    deciding = order["kind"].isin(information_kinds().requiring_decision()).to_numpy()
    size = len(order)
    delay = rng.integers(profile.delay_days[0], profile.delay_days[1] + 1, size)
    moved = rng.integers(profile.moved_delay_days[0], profile.moved_delay_days[1] + 1, size)
    left = (
        deciding & (day > today - profile.waiting_days) & (rng.random(size) < profile.waiting_share)
    )
    decide_on = np.where(left, NEVER, day + delay)
    moved_on = day + moved
    arrivals: list[list[Arrival]] = [[] for _ in range(n_units)]
    for values in zip(unit, ident, day, deciding, decide_on, moved_on, strict=True):
        position, *fields = (int(v) for v in values)
        arrivals[position].append(Arrival(fields[0], fields[1], bool(fields[2]), *fields[3:]))
    change_unit, change_day = _change_days(order, today, signals)
    change_moved = change_day + rng.integers(
        profile.moved_delay_days[0], profile.moved_delay_days[1] + 1, len(change_day)
    )
    for position, when, moved_by in zip(change_unit, change_day, change_moved, strict=True):
        arrivals[int(position)].append(Arrival(None, int(when), False, NEVER, int(moved_by)))
    for found in arrivals:
        # Records before the day's changes (both are seen before anyone assesses that day).
        found.sort(key=lambda arrival: (arrival.day, arrival.id is None))
    scheduled: list[list[Scheduled]] = [[] for _ in range(n_units)]
    cycles = calendar.cycles
    plan_days = []
    for phase, column in ((Phase.PRAE, "prae"), (Phase.POST, "post")):
        held = cycles[cycles[column] != NO_DAY]
        for row, position, when in zip(held.index, held["unit"], held[column], strict=True):
            scheduled[int(position)].append(Scheduled(int(when), phase, int(row)))
        plan_days.append((held["unit"].to_numpy(np.int64), held[column].to_numpy(np.int64)))
    for planned in scheduled:
        planned.sort(key=lambda item: item.day)
    later = [
        (unit[deciding], decide_on[deciding]),
        (unit[~deciding], moved_on[~deciding]),
    ]
    later.append((change_unit, change_moved))
    pairs = [
        (unit, day),
        (change_unit, change_day),
        *plan_days,
        *((u[d <= today], d[d <= today]) for u, d in later),
    ]
    return Candidates(
        arrivals=arrivals,
        scheduled=scheduled,
        positions=np.concatenate([u for u, _ in pairs]),
        days=np.concatenate([d for _, d in pairs]),
    )


def _change_days(
    table: pd.DataFrame, today: int, signals: SignalCatalogue | None
) -> tuple[np.ndarray, np.ndarray]:
    """Units and days (after the record was received, up to ``today``) on which a record
    stops counting for a signal — it leaves the signal's window (also as the visit that made
    a count known), a skærpet tilsyn ends or a påbud is met — so the suggestion may move
    without a new record. One (unit, day) pair once."""
    windows: dict[str, set[int]] = {}
    ends: dict[str, tuple[str, int]] = {}
    for signal in given_or_packaged(signals).signals:
        source = signal.source
        if source is None:
            continue
        for kind in (*source.kinds, *source.known_from):
            windows.setdefault(kind, set()).add(source.window_days)
        if source.rule is SignalRule.ACTIVE and source.until is not None:
            for kind in source.kinds:
                ends[kind] = (source.until, 1 if source.until_inclusive else 0)
    concerns = _day_numbers(table["concerns_on"])
    received = table["received_day"].to_numpy(np.int64)
    kinds = table["kind"].to_numpy()
    units, days = [], []
    for kind, spans in windows.items():
        mine = kinds == kind
        for span in spans:
            units.append(table["unit"].to_numpy(np.int64)[mine])
            days.append(concerns[mine] + span)
    for kind, (until, after) in ends.items():
        mine = (kinds == kind) & table[until].notna().to_numpy()
        units.append(table["unit"].to_numpy(np.int64)[mine])
        days.append(_day_numbers(table.loc[mine, until]) + after)
        received_too = received[mine]
        days[-1] = np.maximum(days[-1], received_too)
    unit = np.concatenate(units) if units else np.zeros(0, np.int64)
    day = np.concatenate(days) if days else np.zeros(0, np.int64)
    keep = day <= today
    keys = np.unique(unit[keep] * (1 << 32) + day[keep])
    found_unit, found_day = np.divmod(keys, 1 << 32)
    return found_unit, found_day


def _day_numbers(values: pd.Series) -> np.ndarray:
    stamps = pd.to_datetime(values.astype(object), errors="coerce")
    return np.asarray((stamps - pd.Timestamp("1970-01-01")).dt.days, dtype=np.int64)
