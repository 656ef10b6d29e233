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
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

import numpy as np
import pandas as pd

from tilsynwidgets.domain.core.kinds import UnitKind
from tilsynwidgets.domain.information.as_of import RECORD_COLUMNS
from tilsynwidgets.domain.information.kinds import Origin, information_kinds
from tilsynwidgets.domain.information.records import Information, InformationRecord
from tilsynwidgets.sample.calendar import (
    NO_DAY,
    SupervisionCalendar,
    day_number,
    day_of,
    draw_calendar,
    morning_of,
)
from tilsynwidgets.sample.information_profile import DayRange, InformationProfile
from tilsynwidgets.sample.profile import SampleProfile, sample_profile
from tilsynwidgets.sample.quality import SampleQuality, generate_quality
from tilsynwidgets.store.derived import quality_information

__all__ = ["SampleInformation", "generate_information"]


@dataclass(frozen=True)
class SampleInformation:
    """The calendar, the quality assessments and the information records of a sample.

    ``records`` are numbered 1…N in the order the store inserts them: first the record of
    each quality assessment (which the store derives from it), then the rest in the order
    they were received. ``table`` is their
    records frame (``RECORD_COLUMNS``, as ``records_frame`` gives it) with ``unit`` (the
    unit's position in the units frame) and ``received_day`` (a day number) added, in the
    same order.
    """

    calendar: SupervisionCalendar
    quality: SampleQuality
    records: list[InformationRecord]
    table: pd.DataFrame
    derived: int
    """How many of the records (the first) the store derives from the quality assessments."""

    def to_store(self) -> list[Information]:
        """The information to hand the store beside the quality assessments, in the order
        that gives the records their ids: the store writes the quality assessments' records
        first, then these."""
        return [record.information for record in self.records[self.derived :]]


@dataclass(slots=True)
class _Draft:
    unit: int
    kind: str
    concerns: int
    received: int
    origin: Origin
    description: str
    values: dict[str, object]
    registered_at: datetime | None = None
    replaces: int | None = None  # the position of the draft this one corrects


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
    derived = _quality_records(units, calendar, quality)
    records, order = _numbered(
        draw.drafts, units["id"].to_numpy(), calendar.inspectors, first=len(derived) + 1
    )
    rows = [row for _, row in derived]
    rows += [
        _row(r, draw.drafts[i].values, draw.drafts[i].unit)
        for r, i in zip(records, order, strict=True)
    ]
    table = pd.DataFrame(rows, columns=[*RECORD_COLUMNS, "unit", "received_day"])
    return SampleInformation(
        calendar, quality, [record for record, _ in derived] + records, table, len(derived)
    )


class _Drawer:
    """Draws the drafts of each part from its own random stream, so a change of one part's
    numbers leaves the others' draws as they were."""

    def __init__(
        self,
        units: pd.DataFrame,
        calendar: SupervisionCalendar,
        profile: InformationProfile,
        seed: int,
    ) -> None:
        self.units = units
        self.calendar = calendar
        self.profile = profile
        self.seed = seed
        self.kinds = units["kind"].to_numpy()
        self.rank = units["latent"].cat.codes.to_numpy().astype(np.int64)
        self.start = day_number(calendar.start)
        self.today = day_number(calendar.as_of)
        self.drafts: list[_Draft] = []

    def _rng(self, part: int) -> np.random.Generator:
        return np.random.default_rng([self.seed, 3, part])

    def _texts(self, kind: str) -> tuple[str, ...]:
        return self.profile.descriptions[kind]

    def _add(self, draft: _Draft) -> int:
        self.drafts.append(draft)
        return len(self.drafts) - 1

    def events(self) -> None:
        rng = self._rng(1)
        span = self.today - self.start
        years = span / 365.25
        catalogue = information_kinds()
        for key, event in self.profile.events.items():
            counted = "antal" in catalogue.get(key).values
            texts = self._texts(key)
            origins = list(event.origins)
            shares = np.array([event.origins[o] for o in origins])
            for unit_kind, rates in event.rates.items():
                positions = np.flatnonzero(self.kinds == unit_kind.value)
                counts = rng.poisson(np.asarray(rates)[self.rank[positions]] * years)
                who = np.repeat(positions, counts)
                concerns = self.start + rng.integers(0, span + 1, len(who))
                received = concerns + _days(rng, self.profile.received_after_days, len(who))
                origin = rng.choice(len(origins), size=len(who), p=shares / shares.sum())
                text = rng.integers(0, len(texts), len(who))
                for i in np.flatnonzero(received <= self.today):
                    self._add(
                        _Draft(
                            unit=int(who[i]),
                            kind=key,
                            concerns=int(concerns[i]),
                            received=int(received[i]),
                            origin=origins[int(origin[i])],
                            description=texts[int(text[i])],
                            values={"antal": 1} if counted else {},
                        )
                    )

    def staff(self) -> None:
        rng = self._rng(2)
        spec = self.profile.staff
        positions = np.flatnonzero(self.kinds == UnitKind.TILBUD.value)
        offset = rng.integers(0, 365, len(positions))
        text = self._texts("personaleforhold")[0]
        for year in range(self.calendar.start.year, self.calendar.as_of.year + 1):
            concerns = day_number(date(year, 1, 1)) + offset
            received = concerns + _days(rng, spec.received_after_days, len(positions))
            turnover = _normal(rng, spec.turnover_pct, self.rank[positions])
            sickness = _normal(rng, spec.sickness_pct, self.rank[positions])
            for i in np.flatnonzero(received <= self.today):
                self._add(
                    _Draft(
                        unit=int(positions[i]),
                        kind="personaleforhold",
                        concerns=int(concerns[i]),
                        received=int(received[i]),
                        origin=Origin.ENHEDEN,
                        description=text,
                        values={
                            "periode_start": _a_year_before(day_of(int(concerns[i]))),
                            "personaleomsaetning_pct": float(turnover[i]),
                            "sygefravaer_pct": float(sickness[i]),
                        },
                    )
                )

    def finance(self) -> None:
        rng = self._rng(3)
        spec = self.profile.finance
        positions = np.flatnonzero(self.kinds == UnitKind.TILBUD.value)
        text = self._texts("oekonomi")[0]
        chance = np.asarray(spec.deviates)[self.rank[positions]]
        for year in range(self.calendar.start.year - 1, self.calendar.as_of.year):
            concerns = day_number(date(year, 12, 31))
            received = concerns + _days(rng, spec.received_after_days, len(positions))
            deviates = rng.random(len(positions)) < chance
            for i in np.flatnonzero(received <= self.today):
                self._add(
                    _Draft(
                        unit=int(positions[i]),
                        kind="oekonomi",
                        concerns=concerns,
                        received=int(received[i]),
                        origin=Origin.ENHEDEN,
                        description=text,
                        values={"afviger": bool(deviates[i])},
                    )
                )

    def visits(self) -> None:
        announced_text = self._texts("tilsynsbesoeg")[0]
        visits = self.calendar.visits
        for unit, day, announced in zip(
            visits["unit"], visits["day"], visits["announced"], strict=True
        ):
            self._add(
                _Draft(
                    unit=int(unit),
                    kind="tilsynsbesoeg",
                    concerns=int(day),
                    received=int(day),
                    origin=Origin.SOCIALTILSYNET,
                    description=announced_text if announced else self.profile.unannounced_visit,
                    values={},
                )
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
        text = self._texts("paabud")[0]
        units, days = self._after_cycle_visits(rng, spec.per_visit, spec.after_visit_days)
        counts = 1 + rng.poisson(spec.extra_orders_mean, len(units))
        for unit, issued, count in zip(units, days, counts, strict=True):
            for _ in range(int(count)):
                deadline = int(
                    issued + rng.integers(spec.deadline_days[0], spec.deadline_days[1] + 1)
                )
                if rng.random() < spec.met_share:
                    met = int(rng.integers(min(issued + 7, deadline), deadline + 1))
                else:
                    met = deadline + int(rng.integers(spec.late_days[0], spec.late_days[1] + 1))
                reported = met + int(
                    rng.integers(spec.reported_after_days[0], spec.reported_after_days[1] + 1)
                )
                order = self._add(
                    _Draft(
                        unit=int(unit),
                        kind="paabud",
                        concerns=int(issued),
                        received=int(issued),
                        origin=Origin.SOCIALTILSYNET,
                        description=text,
                        values={"frist": day_of(deadline)},
                    )
                )
                if reported > self.today:
                    continue
                self._add(
                    _Draft(
                        unit=int(unit),
                        kind="paabud",
                        concerns=int(issued),
                        received=reported,
                        origin=Origin.SOCIALTILSYNET,
                        description=self.profile.order_met,
                        values={"frist": day_of(deadline), "efterkommet": day_of(met)},
                        replaces=order,
                    )
                )

    def heightened(self) -> None:
        rng = self._rng(5)
        spec = self.profile.heightened
        text = self._texts("skaerpet_tilsyn")[0]
        units, days = self._after_cycle_visits(rng, spec.per_visit, spec.after_visit_days)
        lengths = _days(rng, spec.duration_days, len(units))
        for unit, start, length in zip(units, days, lengths, strict=True):
            self._add(
                _Draft(
                    unit=int(unit),
                    kind="skaerpet_tilsyn",
                    concerns=int(start),
                    received=int(start),
                    origin=Origin.SOCIALTILSYNET,
                    description=text,
                    values={"slut": day_of(int(start + length))},
                )
            )


def _quality_records(
    units: pd.DataFrame, calendar: SupervisionCalendar, quality: SampleQuality
) -> list[tuple[InformationRecord, dict[str, object]]]:
    """The ``kvalitetsvurdering`` record of each quality assessment, as the store writes it
    when the assessment is stored — first, in the order of the assessments — with its row
    of the table."""
    kinds = units["kind"].to_numpy()
    positions = calendar.cycles["unit"].to_numpy()[quality.cycle_rows]
    made = []
    for number, (assessment, unit) in enumerate(
        zip(quality.assessments, positions, strict=True), start=1
    ):
        information = quality_information(assessment, UnitKind(kinds[unit]))
        assert information is not None  # the sample scores every indicator of the model
        record = InformationRecord(number, information)
        values = {"laveste_temascore": information.values.laveste_temascore}
        made.append((record, _row(record, values, int(unit))))
    return made


def _numbered(
    drafts: list[_Draft], unit_ids: np.ndarray, inspectors: np.ndarray, *, first: int
) -> tuple[list[InformationRecord], list[int]]:
    """Validated records numbered from ``first`` in the order they were registered (ties:
    by unit, then as drawn), and the drafts' positions in that order; a correction points at
    its original's number."""
    registered = [d.registered_at or morning_of(d.received) for d in drafts]
    order = sorted(range(len(drafts)), key=lambda i: (registered[i], drafts[i].unit, i))
    number = {position: first + rank for rank, position in enumerate(order)}
    records = []
    for position in order:
        draft = drafts[position]
        information = Information(
            unit_id=str(unit_ids[draft.unit]),
            kind=draft.kind,
            concerns_on=day_of(draft.concerns),
            received_on=day_of(draft.received),
            origin=draft.origin,
            description=draft.description,
            values=draft.values,
            registered_by=str(inspectors[draft.unit]),
            registered_at=registered[position],
            replaces=None if draft.replaces is None else number[draft.replaces],
        )
        records.append(InformationRecord(number[position], information))
    return records, order


def _row(record: InformationRecord, values: Mapping[str, object], unit: int) -> dict[str, object]:
    """The record's row of the records frame (as ``records_frame`` gives it, but built from
    the values given, which is faster), with the unit's position and the day number it was
    received."""
    information = record.information
    return {
        "id": record.id,
        "unit_id": information.unit_id,
        "kind": information.kind,
        "concerns_on": information.concerns_on,
        "received_on": information.received_on,
        "registered_at": information.registered_at,
        "replaces": information.replaces,
        "withdrawn": information.withdrawn,
        **values,
        "unit": unit,
        "received_day": day_number(information.received_on),
    }


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


def _a_year_before(day: date) -> date:
    """The same day a year earlier (28 February for 29 February)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)
