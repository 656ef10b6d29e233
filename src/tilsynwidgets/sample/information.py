"""The sample's information about its units: a dated stream of records, drawn from a seed.

Per unit, over the calendar's span (:mod:`tilsynwidgets.sample.calendar`):

* events — whistleblower reports, § 12 notifications, magtanvendelser, complaints … — as
  Poisson processes whose rates depend on the unit's kind and latent colour;
* periodic figures: staff turnover and sickness absence once a year for the year before,
  and the annual accounts with the economic consultant's assessment (tilbud);
* the socialtilsyn's own visits, which make the event counts known (as zero when nothing
  came to light), and the quality assessments' lowest theme scores;
* påbud after a visit of a risky unit — most met by their deadline, registered as a
  correction that ``replaces`` the order with the day it was met, some overdue at the data
  date — and skærpet tilsyn for at most six months.

Every rate, share and text is in the profile's ``information:`` section. Records are
received a few days after the day they concern and never after the data date. They are
numbered 1…N in the order the store inserts them — the quality assessments' records (which
the store derives from them) first, then the rest as they were received — so a record's
number here is its id there.

The records are drawn as columns (a records frame, fast enough for ten times the national
portfolio); the validated :class:`Information` models are made when first asked for.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property

import numpy as np
import pandas as pd

from tilsynwidgets.domain.core.kinds import UnitKind
from tilsynwidgets.domain.information.kinds import Origin, information_kinds
from tilsynwidgets.domain.information.records import (
    Information,
    InformationRecord,
)
from tilsynwidgets.sample.calendar import (
    NO_DAY,
    SupervisionCalendar,
    day_number,
    draw_calendar,
)
from tilsynwidgets.sample.information_profile import DayRange, InformationProfile
from tilsynwidgets.sample.profile import SampleProfile, sample_profile
from tilsynwidgets.sample.quality import SampleQuality, generate_quality
from tilsynwidgets.sample.records import (
    numbered_table,
    quality_part,
    quality_record,
    validated_records,
)

__all__ = ["SampleInformation", "generate_information"]


@dataclass(frozen=True)
class SampleInformation:
    """The calendar, the quality assessments and the information records of a sample.

    ``table`` is the records frame (``RECORD_COLUMNS``; dates as ``datetime64``) numbered
    1…N in the order the store inserts them — first the record of each quality assessment
    (which the store derives from it), then the rest in the order they were registered —
    with ``unit`` (the unit's position in the units frame), ``received_day`` (a day number),
    ``origin`` and ``description`` added (None for the derived records, which the store
    describes). ``derived`` is how many of the records, the first,
    the store derives from the quality assessments.
    """

    calendar: SupervisionCalendar
    quality: SampleQuality
    table: pd.DataFrame
    derived: int
    inspectors: np.ndarray

    @cached_property
    def records(self) -> list[InformationRecord]:
        """Every record as a validated model, numbered as in ``table``."""
        made = [
            InformationRecord(number, quality_record(assessment, kind))
            for number, (assessment, kind) in enumerate(
                zip(self.quality.assessments, self.quality.kinds, strict=True), start=1
            )
        ]
        return made + validated_records(self.table.iloc[self.derived :], self.inspectors)

    def to_store(self) -> list[Information]:
        """The information to hand the store beside the quality assessments, in the order
        that gives the records their ids: the store writes the quality assessments' records
        first, then these."""
        return [record.information for record in self.records[self.derived :]]


def generate_information(
    units: pd.DataFrame, seed: int, as_of: date, *, profile: SampleProfile | None = None
) -> SampleInformation:
    """The information about every unit of a frame from :func:`~tilsynwidgets.sample.units.
    draw_units_frame` (needs ``latent``), up to and including ``as_of``."""
    profile = profile or sample_profile()
    calendar = draw_calendar(units, seed, as_of, profile)
    quality = generate_quality(units, calendar, seed, profile)
    draw = _Drawer(units, calendar, profile.information, seed)
    draw.events()
    draw.staff()
    draw.finance()
    draw.visits()
    draw.orders()
    draw.heightened()
    table = numbered_table(quality_part(quality), draw.frame(), units["id"].to_numpy())
    return SampleInformation(calendar, quality, table, len(quality), calendar.inspectors)


class _Drawer:
    """Draws the records of each part, as columns, from its own random stream, so a change
    of one part's numbers leaves the others' draws as they were."""

    def __init__(
        self,
        units: pd.DataFrame,
        calendar: SupervisionCalendar,
        profile: InformationProfile,
        seed: int,
    ) -> None:
        self.calendar = calendar
        self.profile = profile
        self.seed = seed
        self.kinds = units["kind"].to_numpy()
        self.rank = units["latent"].cat.codes.to_numpy().astype(np.int64)
        self.start = day_number(calendar.start)
        self.today = day_number(calendar.as_of)
        self.parts: list[pd.DataFrame] = []
        self.size = 0

    def _rng(self, part: int) -> np.random.Generator:
        return np.random.default_rng([self.seed, 3, part])

    def _add(self, kind: str, **columns: object) -> int:
        """Add records of ``kind`` (columns of equal length, or one value for all); returns
        the position of the first in the drawn order."""
        part = pd.DataFrame(columns)
        part.insert(0, "kind", kind)
        self.parts.append(part)
        first = self.size
        self.size += len(part)
        return first

    def frame(self) -> pd.DataFrame:
        """Every drawn record; ``replaces`` is the drawn position of the record corrected."""
        return pd.concat(self.parts, ignore_index=True)

    def events(self) -> None:
        rng = self._rng(1)
        span = self.today - self.start
        years = span / 365.25
        catalogue = information_kinds()
        for key, event in self.profile.events.items():
            texts = np.asarray(self.profile.descriptions[key], dtype=object)
            origins = np.asarray(list(event.origins), dtype=object)
            shares = np.array(list(event.origins.values()))
            for unit_kind, rates in event.rates.items():
                positions = np.flatnonzero(self.kinds == unit_kind.value)
                counts = rng.poisson(np.asarray(rates)[self.rank[positions]] * years)
                who = np.repeat(positions, counts)
                concerns = self.start + rng.integers(0, span + 1, len(who))
                received = concerns + _days(rng, self.profile.received_after_days, len(who))
                origin = origins[rng.choice(len(origins), size=len(who), p=shares / shares.sum())]
                text = texts[rng.integers(0, len(texts), len(who))]
                keep = received <= self.today
                values = {"antal": 1.0} if "antal" in catalogue.get(key).values else {}
                self._add(
                    key,
                    unit=who[keep],
                    concerns=concerns[keep],
                    received=received[keep],
                    origin=origin[keep],
                    description=text[keep],
                    **values,
                )

    def staff(self) -> None:
        rng = self._rng(2)
        spec = self.profile.staff
        positions = np.flatnonzero(self.kinds == UnitKind.TILBUD.value)
        offset = rng.integers(0, 365, len(positions))
        for year in range(self.calendar.start.year, self.calendar.as_of.year + 1):
            concerns = day_number(date(year, 1, 1)) + offset
            received = concerns + _days(rng, spec.received_after_days, len(positions))
            turnover = _normal(rng, spec.turnover_pct, self.rank[positions])
            sickness = _normal(rng, spec.sickness_pct, self.rank[positions])
            keep = received <= self.today
            self._add(
                "personaleforhold",
                unit=positions[keep],
                concerns=concerns[keep],
                received=received[keep],
                origin=Origin.ENHEDEN.value,
                description=self.profile.descriptions["personaleforhold"][0],
                periode_start=_a_year_before(concerns[keep]),
                personaleomsaetning_pct=turnover[keep],
                sygefravaer_pct=sickness[keep],
            )

    def finance(self) -> None:
        rng = self._rng(3)
        spec = self.profile.finance
        positions = np.flatnonzero(self.kinds == UnitKind.TILBUD.value)
        chance = np.asarray(spec.deviates)[self.rank[positions]]
        for year in range(self.calendar.start.year - 1, self.calendar.as_of.year):
            concerns = day_number(date(year, 12, 31))
            received = concerns + _days(rng, spec.received_after_days, len(positions))
            deviates = rng.random(len(positions)) < chance
            keep = received <= self.today
            self._add(
                "oekonomi",
                unit=positions[keep],
                concerns=concerns,
                received=received[keep],
                origin=Origin.ENHEDEN.value,
                description=self.profile.descriptions["oekonomi"][0],
                afviger=deviates[keep].astype(np.float64),
            )

    def visits(self) -> None:
        visits = self.calendar.visits
        announced = visits["announced"].to_numpy()
        text = np.where(
            announced,
            self.profile.descriptions["tilsynsbesoeg"][0],
            self.profile.unannounced_visit,
        )
        self._add(
            "tilsynsbesoeg",
            unit=visits["unit"].to_numpy(),
            concerns=visits["day"].to_numpy(),
            received=visits["day"].to_numpy(),
            origin=Origin.SOCIALTILSYNET.value,
            description=text,
        )

    def _after_cycle_visits(
        self,
        rng: np.random.Generator,
        per_visit: dict[UnitKind, tuple[float, float, float]],
        after: DayRange,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Units and days of a decision taken after some of the cycles' visits."""
        cycles = self.calendar.cycles
        visited = cycles[cycles["visit"] != NO_DAY]
        unit = visited["unit"].to_numpy()
        chance = np.zeros(len(unit))
        for kind, chances in per_visit.items():
            mine = self.kinds[unit] == kind.value
            chance[mine] = np.asarray(chances)[self.rank[unit[mine]]]
        hit = rng.random(len(unit)) < chance
        day = visited["visit"].to_numpy() + _days(rng, after, len(unit))
        keep = hit & (day <= self.today)
        return unit[keep], day[keep]

    def orders(self) -> None:
        rng = self._rng(4)
        spec = self.profile.orders
        units, days = self._after_cycle_visits(rng, spec.per_visit, spec.after_visit_days)
        counts = 1 + rng.poisson(spec.extra_orders_mean, len(units))
        unit, issued = np.repeat(units, counts), np.repeat(days, counts)
        deadline = issued + _days(rng, spec.deadline_days, len(unit))
        in_time = rng.random(len(unit)) < spec.met_share
        early = np.minimum(issued + 7, deadline)
        met_in_time = early + np.floor(rng.random(len(unit)) * (deadline - early + 1))
        late = deadline + _days(rng, spec.late_days, len(unit))
        met = np.where(in_time, met_in_time, late).astype(np.int64)
        reported = met + _days(rng, spec.reported_after_days, len(unit))
        first = self._add(
            "paabud",
            unit=unit,
            concerns=issued,
            received=issued,
            origin=Origin.SOCIALTILSYNET.value,
            description=self.profile.descriptions["paabud"][0],
            frist=deadline,
        )
        done = np.flatnonzero(reported <= self.today)
        self._add(
            "paabud",
            unit=unit[done],
            concerns=issued[done],
            received=reported[done],
            origin=Origin.SOCIALTILSYNET.value,
            description=self.profile.order_met,
            frist=deadline[done],
            efterkommet=met[done],
            replaces=(first + done).astype(np.float64),
        )

    def heightened(self) -> None:
        rng = self._rng(5)
        spec = self.profile.heightened
        units, days = self._after_cycle_visits(rng, spec.per_visit, spec.after_visit_days)
        lengths = _days(rng, spec.duration_days, len(units))
        self._add(
            "skaerpet_tilsyn",
            unit=units,
            concerns=days,
            received=days,
            origin=Origin.SOCIALTILSYNET.value,
            description=self.profile.descriptions["skaerpet_tilsyn"][0],
            slut=days + lengths,
        )


def _days(rng: np.random.Generator, days: DayRange, size: int) -> np.ndarray:
    return rng.integers(days[0], days[1] + 1, size)


def _normal(
    rng: np.random.Generator, spec: Sequence[tuple[float, float]], rank: np.ndarray
) -> np.ndarray:
    """Percentages drawn per latent colour, kept within 0–100 and to one decimal."""
    mean = np.array([m for m, _ in spec])[rank]
    sd = np.array([s for _, s in spec])[rank]
    drawn: np.ndarray = np.round(np.clip(rng.normal(mean, sd), 0.0, 100.0), 1)
    return drawn


def _a_year_before(days: np.ndarray) -> np.ndarray:
    """The same day a year earlier (28 February for 29 February), as day numbers."""
    earlier = pd.to_datetime(days, unit="D") - pd.DateOffset(years=1)
    return np.asarray((earlier - pd.Timestamp("1970-01-01")).days, np.int64)
