"""Information the store records itself, beside what people register.

- A unit stored with a snapshot of signals (``Unit.signals``: by an import of units, a load
  of a portfolio, an update of units, and once by the upgrade to revision 0005) has each
  known signal carried over as a record of kind ``overfoert_signal`` on the snapshot's day.
  A later snapshot of the same unit *replaces* the record it carried over before, and a
  signal the later snapshot does not know withdraws it: so the signals as of the later day
  are exactly the later snapshot (a carried-over count is the count of the window before its
  day, and two of them must not add up), while the signals as of the earlier day stay what
  they were. The same snapshot stored again on the same day writes nothing.
- A quality assessment is also a record of kind ``kvalitetsvurdering`` carrying its lowest
  theme score (``domain.quality.model.theme_scores``, the model's own aggregation) on the
  assessment's Danish date.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from sqlalchemy import Connection, select

from tilsynwidgets.domain.core.kinds import UnitKind
from tilsynwidgets.domain.core.local_time import DANISH_TIME, format_stamp, in_danish_time
from tilsynwidgets.domain.core.signals import SignalValue
from tilsynwidgets.domain.core.units import Unit
from tilsynwidgets.domain.information.as_of import TRANSFERRED
from tilsynwidgets.domain.information.kinds import Origin
from tilsynwidgets.domain.information.records import Information, InformationValues
from tilsynwidgets.domain.quality.model import QualityAssessment, quality_model, theme_scores
from tilsynwidgets.store import schema
from tilsynwidgets.store.information import unit_kinds, write_information

__all__ = [
    "IMPORT",
    "LOAD",
    "QUALITY",
    "UPDATE",
    "UPGRADE",
    "Occasion",
    "carried_over",
    "quality_information",
    "quality_records",
    "registered_moment",
    "transferred_information",
    "write_derived",
]

QUALITY = "kvalitetsvurdering"
"""The kind of the record a quality assessment gives."""

_TABLE = schema.information


@dataclass(frozen=True, slots=True)
class Occasion:
    """Why a snapshot of signals was carried over: who registered it, and the words that
    end the record's description."""

    registered_by: str
    words: str


UPGRADE = Occasion("opgradering", "ved opgradering af lageret")
"""Revision 0005 (a frozen copy of the builder writes those records)."""
IMPORT = Occasion("import", "ved import af enheder")
LOAD = Occasion("indlæsning", "ved indlæsning af porteføljen")
UPDATE = Occasion("opdatering", "ved opdatering af enhederne")


def registered_moment(day: date, now: datetime) -> datetime:
    """``now``, or the start of ``day`` in Danish time when ``day`` lies ahead of it: a
    record cannot be registered before the day it was received."""
    start = datetime.combine(day, time(0), DANISH_TIME).astimezone(UTC)
    return max(now.astimezone(UTC), start)


def transferred_information(
    unit_id: str,
    key: str,
    value: SignalValue,
    day: date,
    *,
    occasion: Occasion,
    at: datetime,
    replaces: int | None = None,
    withdrawn: bool = False,
) -> Information:
    """The record that carries signal ``key`` = ``value`` of a unit's snapshot on ``day``
    (flags as 1.0/0.0); ``replaces`` the record an earlier snapshot carried over."""
    number = (1.0 if value else 0.0) if isinstance(value, bool) else float(value)
    said = "Trukket tilbage: signalet er ikke kendt i" if withdrawn else "Overført fra"
    return Information(
        unit_id=unit_id,
        kind=TRANSFERRED,
        concerns_on=day,
        received_on=day,
        origin=Origin.SOCIALTILSYNET,
        description=(f"{said} enhedens risikosignaler pr. {format_stamp(day)} {occasion.words}"),
        values=InformationValues(signal=key, vaerdi=number),
        registered_by=occasion.registered_by,
        registered_at=registered_moment(day, at),
        replaces=replaces,
        withdrawn=withdrawn,
    )


@dataclass(frozen=True, slots=True)
class _Carried:
    id: int
    received_on: date
    value: float


def _current_transfers(conn: Connection, unit_ids: set[str]) -> dict[tuple[str, str], _Carried]:
    """(unit, signal) → the carried-over record in force for it (not replaced, not a
    withdrawal), for the given units."""
    table = _TABLE
    replaced = set(
        conn.execute(select(table.c.replaces).where(table.c.replaces.is_not(None))).scalars()
    )
    query = select(
        table.c.id, table.c.unit_id, table.c.received_on, table.c.signal, table.c.vaerdi
    ).where(table.c.kind == TRANSFERRED, table.c.withdrawn.is_(False))
    found: dict[tuple[str, str], _Carried] = {}
    for row_id, unit_id, received_on, key, value in conn.execute(query.order_by(table.c.id)):
        if unit_id in unit_ids and row_id not in replaced:
            found[(unit_id, key)] = _Carried(row_id, received_on, float(value or 0.0))
    return found


def carried_over(
    conn: Connection, units: Sequence[Unit], day: date, occasion: Occasion, now: datetime
) -> list[Information]:
    """The records that make the units' carried-over signals as of ``day`` exactly their
    snapshots (see the module's text): new values, replacements and withdrawals."""
    if not units:
        return []
    current = _current_transfers(conn, {unit.id for unit in units})
    made: list[Information] = []
    for unit in units:
        for key, value in unit.signals.items():
            before = current.pop((unit.id, key), None)
            number = float(value)
            if before is not None and (before.received_on, before.value) == (day, number):
                continue
            made.append(
                transferred_information(
                    unit.id,
                    key,
                    value,
                    day,
                    occasion=occasion,
                    at=now,
                    replaces=before.id if before is not None else None,
                )
            )
    for (unit_id, key), before in current.items():
        made.append(
            transferred_information(
                unit_id,
                key,
                before.value,
                day,
                occasion=occasion,
                at=now,
                replaces=before.id,
                withdrawn=True,
            )
        )
    return made


def quality_information(assessment: QualityAssessment, unit_kind: UnitKind) -> Information | None:
    """The ``kvalitetsvurdering`` record of ``assessment`` for a unit of ``unit_kind``.

    ``None`` when no lowest theme score can be computed: the assessment's model version is
    not shipped with this release, its scores do not fit the model, or no theme is scored.
    """
    try:
        model = quality_model(unit_kind, assessment.model_version)
        scores = theme_scores(model, assessment.scores)
    except ValueError:
        return None
    if not scores:
        return None
    day = in_danish_time(assessment.assessed_at).date()
    return Information(
        unit_id=assessment.unit_id,
        kind=QUALITY,
        concerns_on=day,
        received_on=day,
        origin=Origin.SOCIALTILSYNET,
        description=f"Kvalitetsvurdering (model {assessment.model_version})",
        values=InformationValues(laveste_temascore=min(scores.values())),
        registered_by=assessment.assessor,
        registered_at=assessment.assessed_at,
    )


def quality_records(
    assessments: Iterable[QualityAssessment], unit_kinds: Mapping[str, UnitKind]
) -> list[Information]:
    """The records of ``assessments`` whose unit's kind is known (see
    :func:`quality_information`)."""
    made = []
    for assessment in assessments:
        kind = unit_kinds.get(assessment.unit_id)
        record = quality_information(assessment, kind) if kind is not None else None
        if record is not None:
            made.append(record)
    return made


def write_derived(
    conn: Connection,
    now: datetime,
    *,
    units: Sequence[Unit] = (),
    day: date | None = None,
    occasion: Occasion = UPDATE,
    quality_assessments: Sequence[QualityAssessment] = (),
    given: Sequence[Information] = (),
    numbered: bool = False,
) -> int:
    """In the caller's transaction (after ``units`` are written): carry the units' signals
    over as of ``day``, record each quality assessment's lowest theme score, then append
    the ``given`` records, in that order; every record is checked (``write_information``,
    which also says what ``numbered`` does). Returns how many records were written."""
    wanted = {unit.id for unit in units}
    wanted |= {assessment.unit_id for assessment in quality_assessments}
    wanted |= {item.unit_id for item in given}
    if not wanted:
        return 0
    kinds = unit_kinds(conn, wanted)
    made = carried_over(conn, units, day, occasion, now) if units and day is not None else []
    made += quality_records(quality_assessments, kinds)
    made += given
    return write_information(conn, made, recorded_at=now, kinds_of_units=kinds, numbered=numbered)
