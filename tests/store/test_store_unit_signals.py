"""Units with their signals as of a day, on both engines: the units frame (vectorised), every
unit and one unit (the one-unit definition) agree, and follow the information and the day."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

import numpy as np
import pytest

from tilsynwidgets.domain.core.signals import signal_catalogue
from tilsynwidgets.store import Store, UnknownUnitError

DAY = date(2025, 2, 28)


@pytest.fixture
def portfolio(store: Store, build: SimpleNamespace) -> Store:
    """Two tilbud and a plejefamilie with reports, a påbud, a leader change and a visit."""
    store.upsert_units(
        [
            build.unit("T-001", signals={}),
            build.unit("T-002", signals={}),
            build.foster_family("P-001", signals={}),
        ]
    )
    store.append_information_batch(
        [
            build.information("T-001", values={"antal": 400}),
            build.information("T-001", values={"antal": 400}, received_on=DAY, minutes=1),
            build.information("T-002", kind="lederskifte", origin="enheden"),
            build.information(
                "P-001", kind="paabud", origin="socialtilsynet", values={"frist": DAY}
            ),
            build.information("P-001", kind="tilsynsbesoeg", origin="socialtilsynet"),
        ]
    )
    return store


def test_the_frame_every_unit_and_one_unit_agree(portfolio: Store) -> None:
    frame = portfolio.units_frame(as_of=DAY).set_index("id")
    units = portfolio.units(as_of=DAY)
    assert [unit.id for unit in units] == list(frame.index) == ["P-001", "T-001", "T-002"]
    for unit in units:
        assert portfolio.unit(unit.id, as_of=DAY) == unit
        row = frame.loc[unit.id, list(signal_catalogue().keys)]
        known = {key: value for key, value in row.items() if not np.isnan(value)}
        assert known == {key: float(value) for key, value in unit.signals.items()}
    signals = {unit.id: unit.signals for unit in units}
    # Two reports of 400 each: 800, past the signal's range, is what the information says.
    assert signals["T-001"] == {"whistleblower_reports": 800.0}
    assert signals["T-002"] == {"leader_changed": True}
    # The visit makes the counts known (zero where nothing came to light).
    assert signals["P-001"]["paabud"] is True
    assert signals["P-001"]["whistleblower_reports"] == 0.0
    assert "force_uses" not in signals["P-001"]  # a tilbud's signal


def test_the_signals_follow_the_day(portfolio: Store) -> None:
    before = portfolio.unit("P-001", as_of=DAY - timedelta(days=2)).signals
    assert before == {}
    a_year_on = portfolio.unit("T-002", as_of=DAY + timedelta(days=400)).signals
    assert a_year_on == {}  # the leader change has left the window: unknown, not "no"
    after_deadline = portfolio.unit("P-001", as_of=DAY + timedelta(days=30)).signals
    assert after_deadline["paabud"] is True  # still in force: not met


def test_the_default_day_is_the_working_day(
    portfolio: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TILSYNWIDGETS_AS_OF", (DAY - timedelta(days=2)).isoformat())
    assert portfolio.unit("T-001").signals == {}
    assert portfolio.units_frame()["whistleblower_reports"].isna().all()
    monkeypatch.setenv("TILSYNWIDGETS_AS_OF", DAY.isoformat())
    assert portfolio.units()[1].signals == {"whistleblower_reports": 800.0}


def test_an_unknown_unit_is_named(store: Store) -> None:
    with pytest.raises(UnknownUnitError, match="Enheden 'X-1' findes ikke i databasen"):
        store.unit("X-1")
