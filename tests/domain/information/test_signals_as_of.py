"""Signals as a function of the information and a date: each rule, windows, unknowns,
corrections, and the vectorised frame equal to the one-unit definition."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.domain.information._records import record

from tilsynwidgets.domain.core.kinds import UnitKind
from tilsynwidgets.domain.core.signals import signal_catalogue
from tilsynwidgets.domain.information.as_of import (
    InformationFrame,
    records_frame,
    unit_signals_as_of,
)
from tilsynwidgets.domain.information.records import InformationRecord

D = date(2026, 11, 1)
TILBUD = UnitKind.TILBUD


def _as_of(records: list[InformationRecord], on: date = D, kind: UnitKind = TILBUD) -> dict:
    return unit_signals_as_of(records, on, kind)


def test_nothing_known_means_every_signal_unknown_not_zero() -> None:
    assert _as_of([]) == {}


def test_counts_sum_within_the_window_and_forget_what_is_older() -> None:
    records = [
        record(1, "T", "whistleblower", D - timedelta(days=10)),
        record(2, "T", "whistleblower", D - timedelta(days=200), antal=2),
        record(3, "T", "whistleblower", D - timedelta(days=365)),  # just outside
    ]
    assert _as_of(records)["whistleblower_reports"] == 3.0
    assert _as_of(records, D - timedelta(days=1))["whistleblower_reports"] == 4.0  # still in
    assert _as_of(records, D + timedelta(days=200))["whistleblower_reports"] == 1.0


def test_only_what_was_received_by_the_day_counts() -> None:
    late = record(1, "T", "vold_overgreb", D - timedelta(days=30), D + timedelta(days=5))
    assert "violence_incidents" not in _as_of([late])
    assert _as_of([late], D + timedelta(days=5))["violence_incidents"] == 1.0


def test_a_supervision_visit_makes_event_counts_known_as_zero_but_not_figures() -> None:
    found = _as_of([record(1, "T", "tilsynsbesoeg", D - timedelta(days=40))])
    assert found["complaints"] == 0.0
    assert found["leader_changed"] is False
    assert found["paabud"] is False
    assert "staff_turnover_pct" not in found  # a figure needs the figure itself
    assert "lowest_theme_score" not in found


def test_latest_figure_wins_and_expires_with_its_window() -> None:
    records = [
        record(
            1,
            "T",
            "personaleforhold",
            date(2025, 12, 31),
            periode_start=date(2025, 1, 1),
            personaleomsaetning_pct=35.0,
            sygefravaer_pct=9.0,
        ),
        record(
            2,
            "T",
            "personaleforhold",
            date(2026, 6, 30),
            periode_start=date(2025, 7, 1),
            personaleomsaetning_pct=22.0,
        ),
    ]
    found = _as_of(records)
    assert found["staff_turnover_pct"] == 22.0
    assert found["sickness_absence_pct"] == 9.0  # the later record does not carry it
    assert "staff_turnover_pct" not in _as_of(records, date(2027, 7, 1))


def test_an_order_is_in_force_until_met_and_the_correction_counts_from_its_receipt() -> None:
    order = record(1, "T", "paabud", date(2026, 3, 1), frist=date(2026, 6, 1))
    met = record(
        2,
        "T",
        "paabud",
        date(2026, 3, 1),
        date(2026, 7, 10),
        replaces=1,
        frist=date(2026, 6, 1),
        efterkommet=date(2026, 7, 1),
    )
    assert _as_of([order, met], date(2026, 7, 5))["paabud"] is True  # not yet told
    assert _as_of([order, met], date(2026, 7, 10))["paabud"] is False


def test_skaerpet_tilsyn_is_active_from_start_to_its_last_day() -> None:
    heightened = record(1, "T", "skaerpet_tilsyn", date(2026, 5, 1), slut=date(2026, 10, 31))
    assert _as_of([heightened], date(2026, 10, 31))["skaerpet_tilsyn"] is True
    assert _as_of([heightened], date(2026, 11, 1))["skaerpet_tilsyn"] is False


def test_a_withdrawn_report_no_longer_counts() -> None:
    report = record(1, "T", "klage", date(2026, 9, 1))
    withdrawal = record(
        2, "T", "klage", date(2026, 9, 1), date(2026, 10, 1), replaces=1, withdrawn=True
    )
    assert _as_of([report, withdrawal], date(2026, 9, 30))["complaints"] == 1.0
    assert "complaints" not in _as_of([report, withdrawal], date(2026, 10, 1))


def test_a_carried_value_counts_as_information_of_its_signal_on_its_day() -> None:
    carried = [
        record(1, "T", "overfoert_signal", date(2026, 11, 1), signal="complaints", vaerdi=4),
        record(2, "T", "overfoert_signal", date(2026, 11, 1), signal="financial_warning", vaerdi=1),
    ]
    found = _as_of(carried)
    assert found == {"complaints": 4.0, "financial_warning": True}
    later = [*carried, record(3, "T", "klage", date(2026, 11, 20))]
    assert _as_of(later, date(2026, 11, 20))["complaints"] == 5.0


def test_signals_for_another_kind_of_unit_are_left_out() -> None:
    found = _as_of([record(1, "P", "tilsynsbesoeg", D)], kind=UnitKind.PLEJEFAMILIE)
    assert "force_uses" not in found
    assert "leader_changed" not in found
    assert found["complaints"] == 0.0


def test_the_frame_gives_one_row_per_unit_and_nan_for_unknown() -> None:
    records = [record(1, "T", "whistleblower", D), record(2, "P", "klage", D)]
    frame = InformationFrame(
        records_frame(records), pd.Index(["T", "P", "X"]), ["tilbud", "plejefamilie", "tilbud"]
    ).as_of(D)
    assert list(frame.index) == ["T", "P", "X"]
    assert frame.loc["T", "whistleblower_reports"] == 1.0
    assert np.isnan(frame.loc["T", "complaints"])
    assert frame.loc["P", "complaints"] == 1.0
    assert np.isnan(frame.loc["P", "force_uses"])  # not for plejefamilier
    assert frame.loc["X"].isna().all()


# -- the vectorised frame equals the definition -----------------------------------------

_UNITS = ("T1", "T2", "P1", "P2")
_KIND_OF = {"T1": "tilbud", "T2": "tilbud", "P1": "plejefamilie", "P2": "plejefamilie"}
_START = date(2024, 11, 1)
_SIGNAL_KEYS = signal_catalogue().keys


@st.composite
def _records(draw: st.DrawFn) -> list[InformationRecord]:
    found: list[InformationRecord] = []
    for ident in range(1, draw(st.integers(0, 40)) + 1):
        unit = draw(st.sampled_from(_UNITS))
        concerns = _START + timedelta(days=draw(st.integers(0, 730)))
        received = concerns + timedelta(days=draw(st.integers(0, 60)))
        choice = draw(st.integers(0, 9))
        earlier = [r for r in found if r.information.unit_id == unit]
        if choice == 0 and earlier:
            old = draw(st.sampled_from(earlier)).information
            late = max(received, old.received_on)
            found.append(
                record(
                    ident,
                    unit,
                    old.kind,
                    old.concerns_on,
                    late,
                    replaces=earlier[-1].id,
                    withdrawn=draw(st.booleans()),
                    **old.values.given(),
                )
            )
            continue
        found.append(_one(ident, unit, concerns, received, choice, draw))
    return found


def _one(
    ident: int, unit: str, concerns: date, received: date, choice: int, draw: st.DrawFn
) -> InformationRecord:
    tilbud = _KIND_OF[unit] == "tilbud"
    if choice == 1:
        return record(ident, unit, "tilsynsbesoeg", concerns, received)
    if choice == 2 and tilbud:
        return record(
            ident,
            unit,
            "personaleforhold",
            concerns,
            received,
            periode_start=concerns - timedelta(days=365),
            personaleomsaetning_pct=draw(st.floats(0, 100)),
        )
    if choice == 3:
        return record(
            ident,
            unit,
            "paabud",
            concerns,
            received,
            frist=concerns + timedelta(days=draw(st.integers(0, 120))),
            efterkommet=draw(st.none() | st.just(concerns + timedelta(days=30))),
        )
    if choice == 4:
        return record(
            ident,
            unit,
            "skaerpet_tilsyn",
            concerns,
            received,
            slut=concerns + timedelta(days=draw(st.integers(0, 183))),
        )
    if choice == 5:
        key = draw(st.sampled_from(["complaints", "skaerpet_tilsyn", "lowest_theme_score"]))
        value = draw(st.integers(1, 5)) if key != "skaerpet_tilsyn" else draw(st.integers(0, 1))
        return record(ident, unit, "overfoert_signal", concerns, received, signal=key, vaerdi=value)
    if choice == 6:
        return record(
            ident,
            unit,
            "kvalitetsvurdering",
            concerns,
            received,
            laveste_temascore=draw(st.floats(1, 5)),
        )
    if choice == 7 and tilbud:
        return record(ident, unit, "oekonomi", concerns, received, afviger=draw(st.booleans()))
    kind = draw(st.sampled_from(["whistleblower", "klage", "vold_overgreb", "bekymring_kommune"]))
    return record(ident, unit, kind, concerns, received, antal=draw(st.none() | st.integers(0, 4)))


def _expected_row(records: list[InformationRecord], unit: str, on: date) -> list[float]:
    own = [r for r in records if r.information.unit_id == unit]
    values = unit_signals_as_of(own, on, UnitKind(_KIND_OF[unit]))
    return [float(values[key]) if key in values else np.nan for key in _SIGNAL_KEYS]


@settings(max_examples=150, deadline=None)
@given(_records(), st.lists(st.integers(-30, 800), min_size=1, max_size=4))
def test_the_frame_as_of_any_date_equals_the_one_unit_definition(
    records: list[InformationRecord], offsets: list[int]
) -> None:
    frame = InformationFrame(
        records_frame(records), pd.Index(_UNITS), [_KIND_OF[u] for u in _UNITS]
    )
    for offset in offsets:
        on = _START + timedelta(days=offset)
        found = frame.as_of(on)
        for unit in _UNITS:
            np.testing.assert_allclose(
                found.loc[unit].to_numpy(), _expected_row(records, unit, on), err_msg=unit
            )


@settings(max_examples=100, deadline=None)
@given(
    _records(),
    st.lists(st.tuples(st.sampled_from(_UNITS), st.integers(-30, 800)), min_size=1, max_size=12),
)
def test_the_frame_at_pairs_equals_the_one_unit_definition(
    records: list[InformationRecord], pairs: list[tuple[str, int]]
) -> None:
    frame = InformationFrame(
        records_frame(records), pd.Index(_UNITS), [_KIND_OF[u] for u in _UNITS]
    )
    days = [_START + timedelta(days=offset) for _, offset in pairs]
    found = frame.at([unit for unit, _ in pairs], days)
    assert len(found) == len(pairs)
    for row, ((unit, _), on) in enumerate(zip(pairs, days, strict=True)):
        np.testing.assert_allclose(
            found.iloc[row].to_numpy(), _expected_row(records, unit, on), err_msg=f"{unit} {on}"
        )


def test_unknown_units_in_a_query_are_refused() -> None:
    frame = InformationFrame(records_frame([]), pd.Index(["T1"]), ["tilbud"])
    with pytest.raises(KeyError):
        frame.at(["X"], [D])
