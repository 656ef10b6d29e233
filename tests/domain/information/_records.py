"""Building information records for the tests, with only what a test cares about."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from tilsynwidgets.domain.information.records import (
    Information,
    InformationRecord,
    InformationValues,
)


def record(
    ident: int,
    unit: str,
    kind: str,
    concerns: date,
    received: date | None = None,
    *,
    replaces: int | None = None,
    withdrawn: bool = False,
    registered: datetime | None = None,
    **values: Any,
) -> InformationRecord:
    received = received or concerns
    return InformationRecord(
        ident,
        Information(
            unit_id=unit,
            kind=kind,
            concerns_on=concerns,
            received_on=received,
            origin="socialtilsynet",
            description="Oplysning til test",
            values=InformationValues(**values),
            registered_by="tk-test",
            registered_at=registered
            or datetime.combine(received, datetime.min.time(), UTC) + timedelta(hours=10),
            replaces=replaces,
            withdrawn=withdrawn,
        ),
    )
