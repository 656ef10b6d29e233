from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest
from pydantic import ValidationError

from tilsynwidgets.domain.core.kinds import UnitKind
from tilsynwidgets.domain.core.signals import SignalCatalogue, signal_catalogue
from tilsynwidgets.domain.core.units import Socialtilsyn
from tilsynwidgets.domain.information.as_of import InformationFrame, records_frame
from tilsynwidgets.sample.information import generate_information
from tilsynwidgets.sample.units import draw_units_frame, generate_units_frame, units_from_frame
from tilsynwidgets.store.frames import FRAME_UNIT_COLUMNS

AS_OF = date(2026, 11, 1)


@pytest.fixture(scope="module")
def national() -> pd.DataFrame:
    return draw_units_frame(7, AS_OF)


@pytest.fixture(scope="module")
def with_signals() -> pd.DataFrame:
    return generate_units_frame(7, AS_OF, n_tilbud=200, n_plejefamilier=300)


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
    assert list(national.columns) == [*FRAME_UNIT_COLUMNS, "latent"]


def test_latent_risk_varies_by_unit_kind_and_region(national: pd.DataFrame) -> None:
    shares = national.groupby("kind")["latent"].value_counts(normalize=True)
    assert 0.05 < shares["tilbud", "roed"] < 0.10  # profile: 7 % before the regional factor
    assert 0.015 < shares["plejefamilie", "roed"] < 0.05  # profile: 3 %
    risky = national["latent"].isin(["gul", "roed"]).groupby(national["socialtilsyn"]).mean()
    assert risky["hovedstaden"] > risky["midt"]  # factors 1,2 and 0,8


def test_the_signals_are_those_as_of_the_data_date_from_the_information(
    with_signals: pd.DataFrame,
) -> None:
    drawn = draw_units_frame(7, AS_OF, n_tilbud=200, n_plejefamilier=300)
    info = generate_information(drawn, 7, AS_OF)
    expected = InformationFrame(
        records_frame(info.records), pd.Index(drawn["id"]), list(drawn["kind"])
    ).as_of(AS_OF)
    keys = list(signal_catalogue().keys)
    assert list(with_signals.columns) == [*FRAME_UNIT_COLUMNS, *keys, "latent"]
    np.testing.assert_array_equal(with_signals[keys].to_numpy(), expected[keys].to_numpy())
    pleje = with_signals[with_signals["kind"] == UnitKind.PLEJEFAMILIE.value]
    assert pleje["force_uses"].isna().all()
    assert with_signals["complaints"].notna().mean() > 0.95  # visits make counts known


def test_riskier_units_carry_more_signals(with_signals: pd.DataFrame) -> None:
    by_latent = with_signals.groupby("latent", observed=True)["complaints"].mean()
    assert by_latent["groen"] < by_latent["gul"] < by_latent["roed"]


def test_the_last_visits_are_those_of_the_calendar(with_signals: pd.DataFrame) -> None:
    announced = pd.to_datetime(with_signals["last_announced_visit"])
    assert announced.notna().all()
    assert (announced <= pd.Timestamp(AS_OF)).all()
    assert (announced > pd.Timestamp(AS_OF) - pd.Timedelta(days=600)).all()


def test_rows_become_valid_units_without_signals(with_signals: pd.DataFrame) -> None:
    sample = with_signals.sample(100, random_state=1)
    units = units_from_frame(sample)
    assert [u.id for u in units] == list(sample["id"])
    assert all(unit.signals == {} for unit in units)
    first, row = units[0], sample.iloc[0]
    assert (first.name, first.capacity) == (row["name"], row["capacity"])
    assert first.last_announced_visit == row["last_announced_visit"]


def test_or_with_their_signals_as_of_the_data_date(with_signals: pd.DataFrame) -> None:
    sample = with_signals.sample(100, random_state=2)
    units = units_from_frame(sample, snapshot=True)
    for unit, (_, row) in zip(units, sample.iterrows(), strict=True):
        known = {k for k in signal_catalogue().keys if not np.isnan(row[k])}
        assert set(unit.signals) == known
        for key, value in unit.signals.items():
            assert float(value) == row[key]
    assert any(isinstance(v, bool) for unit in units for v in unit.signals.values())


def test_the_signals_are_those_of_the_catalogue_given() -> None:
    packaged = signal_catalogue()
    complaints = packaged.get("complaints")
    night_calls = complaints.model_copy(
        update={"key": "night_calls", "label": "Natteopkald", "maximum": 50.0, "source": None}
    )
    catalogue = SignalCatalogue(version="test", signals=(complaints, night_calls))

    frame = generate_units_frame(5, AS_OF, n_tilbud=20, n_plejefamilier=20, signals=catalogue)

    assert list(frame.columns[len(FRAME_UNIT_COLUMNS) :]) == ["complaints", "night_calls", "latent"]
    assert frame["night_calls"].isna().all()  # no information stands behind it
    assert frame["complaints"].notna().any()
    frame["night_calls"] = 7.0
    units = units_from_frame(frame, catalogue, snapshot=True)
    assert all(unit.signals["night_calls"] == 7.0 for unit in units)
    with pytest.raises(
        ValidationError, match="Natteopkald' skal ligge mellem 0 og 50 \\(fik 999\\)"
    ):
        units_from_frame(frame.assign(night_calls=999.0), catalogue, snapshot=True)


def test_each_socialtilsyn_has_teams_of_its_own(national: pd.DataFrame) -> None:
    teams = national.groupby("team")["socialtilsyn"].unique()
    assert teams.map(len).eq(1).all()  # no team spans two socialtilsyn
    syd = sorted(national.loc[national["socialtilsyn"] == "syd", "team"].unique())
    assert syd == [
        "Syd – Team Plejefamilier 1",
        "Syd – Team Plejefamilier 2",
        "Syd – Team Tilbud 1",
        "Syd – Team Tilbud 2",
        "Syd – Team Tilbud 3",
        "Syd – Team Tilbud 4",
    ]
    tilbud = national[national["kind"] == "tilbud"]
    assert tilbud["team"].str.contains("Team Tilbud").all()
    assert len(national["team"].unique()) == 6 * len(Socialtilsyn)
