"""When each unit of the sample is planned, visited and assessed: the supervision calendar.

A unit has one supervision cycle a year, at about the same time each year — præ, an announced
visit, the quality assessment and post the day after — plus extra visits, more of them for
riskier units. The calendar begins
with a lead-in year before the history's first cycle: its visit and quality assessment are
what the first præ stands on. Days are ``int`` day numbers (:func:`day_number`) so the
generator can work on whole arrays.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import numpy as np
import pandas as pd

from tilsynwidgets.domain.core.local_time import DANISH_TIME
from tilsynwidgets.sample.profile import SampleProfile

__all__ = [
    "NO_DAY",
    "SupervisionCalendar",
    "at_work",
    "day_number",
    "day_of",
    "draw_calendar",
    "last_visits",
    "moments_at_work",
    "morning_of",
    "mornings_of",
]

_EPOCH = date(1970, 1, 1)

NO_DAY = -1
"""The day number of something that has not happened by the data date."""


def day_number(day: date) -> int:
    """Days since 1 January 1970."""
    return (day - _EPOCH).days


def day_of(number: int) -> date:
    return _EPOCH + timedelta(days=int(number))


def morning_of(number: int) -> datetime:
    """09:00 Danish time on a day (in UTC): when the sample registers what was received
    that day."""
    return datetime.combine(day_of(number), time(9), DANISH_TIME).astimezone(UTC)


def mornings_of(numbers: np.ndarray) -> pd.Series:
    """:func:`morning_of` for many days at once (UTC timestamps)."""
    local = pd.to_datetime(np.asarray(numbers, np.int64), unit="D") + pd.Timedelta(hours=9)
    return pd.Series(local).dt.tz_localize(DANISH_TIME).dt.tz_convert(UTC)


def moments_at_work(numbers: np.ndarray, rng: np.random.Generator) -> list[datetime]:
    """:func:`at_work` for many days at once."""
    hours = rng.integers(10, 17, len(numbers))
    minutes = rng.integers(0, 60, len(numbers))
    local = pd.to_datetime(np.asarray(numbers, np.int64), unit="D") + pd.to_timedelta(
        hours * 60 + minutes, unit="min"
    )
    moments = pd.Series(local).dt.tz_localize(DANISH_TIME).dt.tz_convert(UTC)
    return [moment.to_pydatetime() for moment in moments]


def at_work(number: int, rng: np.random.Generator) -> datetime:
    """A moment between 10:00 and 16:59 Danish time on a day (in UTC): after the morning's
    registrations, so an assessment made that day has seen them."""
    moment = time(int(rng.integers(10, 17)), int(rng.integers(0, 60)))
    return datetime.combine(day_of(number), moment, DANISH_TIME).astimezone(UTC)


@dataclass(frozen=True)
class SupervisionCalendar:
    """The sample's supervision calendar.

    ``cycles`` has one row per unit and cycle: ``unit`` (position in the units frame),
    ``cycle`` (0 is the lead-in year, 1… the history's cycles), and the day numbers ``prae``,
    ``visit``, ``quality`` and ``post`` (:data:`NO_DAY` when it falls after the data date; the
    lead-in cycle is never assessed, so its præ and post are always ``NO_DAY``). ``visits``
    has one row per visit: ``unit``, ``day``, ``announced``, and the ``cycle`` of a cycle's
    own visit (-1 for an extra one).
    """

    start: date
    as_of: date
    inspectors: np.ndarray
    cycles: pd.DataFrame
    visits: pd.DataFrame

    @property
    def span_days(self) -> int:
        return (self.as_of - self.start).days


def draw_calendar(
    units: pd.DataFrame, seed: int, as_of: date, profile: SampleProfile
) -> SupervisionCalendar:
    """The calendar of every unit of a frame from :func:`~tilsynwidgets.sample.units.
    draw_units_frame` (needs ``latent``)."""
    rng = np.random.default_rng([seed, 2])
    history = profile.history
    first_year = as_of.year - history.cycles
    start = date(first_year, 1, 1)
    today = day_number(as_of)
    n = len(units)
    rank = units["latent"].cat.codes.to_numpy().astype(np.int64)
    inspectors = _inspectors(rng, units, profile)
    frames = []
    # A unit is supervised at about the same time each year: its season, give or take.
    season = rng.integers(0, 241, n)
    for cycle in range(history.cycles + 1):
        jitter = rng.integers(-history.season_jitter_days, history.season_jitter_days + 1, n)
        prae = day_number(date(first_year + cycle, 1, 10)) + np.clip(season + jitter, 0, 240)
        visit = prae + rng.integers(*_span(history.visit_after_prae_days), n)
        quality = visit + rng.integers(*_span(history.quality_after_visit_days), n)
        post = quality + 1
        assessed = cycle > 0
        frames.append(
            pd.DataFrame(
                {
                    "unit": np.arange(n),
                    "cycle": cycle,
                    "prae": np.where(assessed & (prae <= today), prae, NO_DAY),
                    "visit": np.where(visit <= today, visit, NO_DAY),
                    "quality": np.where(post <= today, quality, NO_DAY),
                    "post": np.where(assessed & (post <= today), post, NO_DAY),
                }
            )
        )
    cycles = pd.concat(frames, ignore_index=True).sort_values(["unit", "cycle"], kind="stable")
    cycles = cycles.reset_index(drop=True)
    own = cycles[cycles["visit"] != NO_DAY]
    span = today - day_number(start)
    years = span / 365.25
    visits = [own.assign(day=own["visit"], announced=True)[["unit", "day", "announced", "cycle"]]]
    for announced, rates in (
        (True, profile.information.visits.extra_announced),
        (False, profile.information.visits.unannounced),
    ):
        counts = rng.poisson(np.asarray(rates)[rank] * years)
        who = np.repeat(np.arange(n), counts)
        days = day_number(start) + rng.integers(0, span + 1, len(who))
        visits.append(pd.DataFrame({"unit": who, "day": days, "announced": announced, "cycle": -1}))
    all_visits = pd.concat(visits, ignore_index=True).sort_values(["unit", "day"], kind="stable")
    return SupervisionCalendar(
        start=start,
        as_of=as_of,
        inspectors=inspectors,
        cycles=cycles,
        visits=all_visits.reset_index(drop=True),
    )


def last_visits(calendar: SupervisionCalendar, n_units: int) -> tuple[list[date | None], ...]:
    """Each unit's latest announced and latest unannounced visit (None when it had none)."""
    found: tuple[list[date | None], ...] = ([None] * n_units, [None] * n_units)
    visits = calendar.visits
    for column, announced in enumerate((True, False)):
        latest = visits[visits["announced"] == announced].groupby("unit")["day"].max()
        for unit, day in zip(latest.index, latest.to_numpy(), strict=True):
            found[column][int(unit)] = day_of(int(day))
    return found


def _span(days: tuple[int, int]) -> tuple[int, int]:
    """``rng.integers`` bounds for a [fewest, most] range, both included."""
    return days[0], days[1] + 1


def _inspectors(
    rng: np.random.Generator, units: pd.DataFrame, profile: SampleProfile
) -> np.ndarray:
    """The inspector of each unit, named like the store's assessors: tk-<socialtilsyn>-<team><n>."""
    team_index = profile.team_numbers()
    numbers = rng.integers(1, profile.history.inspectors_per_team + 1, len(units))
    return np.array(
        [
            f"tk-{tilsyn}-{team_index.get(str(team), 0) + 1}{number}"
            for tilsyn, team, number in zip(
                units["socialtilsyn"], units["team"], numbers, strict=True
            )
        ],
        dtype=object,
    )
