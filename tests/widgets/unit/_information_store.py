"""A small store with one tilbud and one plejefamilie, for the tests of the information
widgets (no sample portfolio needed)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path

from tilsynwidgets.domain.core.units import Unit
from tilsynwidgets.domain.information.kinds import Origin
from tilsynwidgets.domain.information.records import Information
from tilsynwidgets.store.store import Store

TILBUD = Unit(
    id="T-00001",
    name="Bøgely",
    unit_type="voksne_botilbud",
    socialtilsyn="midt",
    team="Team Midt 1",
    capacity=12,
)
FAMILY = Unit(
    id="P-00001",
    name="Plejefamilie Hansen",
    unit_type="plejefamilie_almen",
    socialtilsyn="midt",
    team="Team Midt 1",
    capacity=2,
)


@contextmanager
def small_store(folder: Path) -> Iterator[Store]:
    with Store.open(f"sqlite:///{folder / 'information.sqlite'}") as store:
        store.upgrade()
        store.upsert_units([TILBUD, FAMILY])
        yield store


def information(
    unit_id: str,
    kind: str,
    concerns: date,
    received: date | None = None,
    registered: datetime | None = None,
    description: str = "Oplysning til test.",
    **values: object,
) -> Information:
    received = received or concerns
    return Information(
        unit_id=unit_id,
        kind=kind,
        concerns_on=concerns,
        received_on=received,
        origin=Origin.KOMMUNE,
        description=description,
        values=values,
        registered_by="tk-test",
        registered_at=registered
        or datetime(received.year, received.month, received.day, 10, tzinfo=UTC),
    )
