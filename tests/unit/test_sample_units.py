from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest
from pydantic import ValidationError

from tilsynwidgets.domain.core.kinds import UnitKind
from tilsynwidgets.domain.core.signals import SignalCatalogue, signal_catalogue
from tilsynwidgets.domain.core.units import Socialtilsyn
from tilsynwidgets.sample.units import generate_units_frame, units_from_frame
from tilsynwidgets.store.frames import FRAME_UNIT_COLUMNS

AS_OF = date(2026, 11, 1)


@pytest.fixture(scope="module")
def national() -> pd.DataFrame:
    return generate_units_frame(7, AS_OF)


def test_same_seed_same_portfolio() -> None:
    first = generate_units_frame(3, AS_OF, n_tilbud=50, n_plejefamilier=80)
    second = generate_units_frame(3, AS_OF, n_tilbud=50, n_plejefamilier=80)
    pd.testing.assert_frame_equal(first, second)
    other = generate_units_frame(4, AS_OF, n_tilbud=50, n_plejefamilier=80)
    assert not first["name"].equals(other["name"])


def test_national_scale_and_spread(national: pd.DataFrame) -> None:
    assert (national["kind"] == UnitKind.TILBUD.value).sum() == 2000
    assert (national["kind"] == UnitKind.PLEJEFAMILIE.value).sum() == 5300
    assert national["id"].is_unique
    assert set(national["socialtilsyn"]) == {s.value for s in Socialtilsyn}
    shares = national["latent"].value_counts(normalize=True)
    assert 0.6 < shares["groen"] < 0.76
    assert 0.04 < shares["roed"] < 0.12
    assert list(national.columns[: len(FRAME_UNIT_COLUMNS)]) == list(FRAME_UNIT_COLUMNS)


def test_signals_respect_the_catalogue(national: pd.DataFrame) -> None:
    pleje = national[national["kind"] == UnitKind.PLEJEFAMILIE.value]
    for signal in signal_catalogue().signals:
        column = national[signal.key]
        if UnitKind.PLEJEFAMILIE not in signal.applies_to:
            assert pleje[signal.key].isna().all(), signal.key
        if signal.minimum is not None:
            assert column.min() >= signal.minimum
        if signal.maximum is not None:
            assert column.max() <= signal.maximum


def test_riskier_units_carry_more_signals(national: pd.DataFrame) -> None:
    by_latent = national.groupby("latent", observed=True)["complaints"].mean()
    assert by_latent["groen"] < by_latent["gul"] < by_latent["roed"]


def test_rows_become_valid_units(national: pd.DataFrame) -> None:
    sample = national.sample(300, random_state=1)
    units = units_from_frame(sample)
    assert [u.id for u in units] == list(sample["id"])
    first = units[0]
    row = sample.iloc[0]
    for key, value in first.signals.items():
        assert float(value) == row[key]
    missing = [k for k in signal_catalogue().keys if np.isnan(row[k])]
    assert all(k not in first.signals for k in missing)


def test_the_signals_are_those_of_the_catalogue_given() -> None:
    packaged = signal_catalogue()
    complaints = packaged.get("complaints")
    night_calls = complaints.model_copy(
        update={"key": "night_calls", "label": "Natteopkald", "maximum": 50.0}
    )
    catalogue = SignalCatalogue(version="test", signals=(complaints, night_calls))

    frame = generate_units_frame(5, AS_OF, n_tilbud=20, n_plejefamilier=20, signals=catalogue)

    assert list(frame.columns[len(FRAME_UNIT_COLUMNS) :]) == ["complaints", "night_calls", "latent"]
    assert frame["night_calls"].isna().all()  # the profile has no distribution for it
    frame["night_calls"] = 7.0
    units = units_from_frame(frame, catalogue)
    assert all(unit.signals["night_calls"] == 7.0 for unit in units)
    with pytest.raises(
        ValidationError, match="Natteopkald' skal ligge mellem 0 og 50 \\(fik 999\\)"
    ):
        units_from_frame(frame.assign(night_calls=999.0), catalogue)
