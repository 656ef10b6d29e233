"""The sample's supervision calendar: a cycle a year at about the same time, a lead-in year,
extra visits for riskier units, nothing after the data date."""

from __future__ import annotations

from datetime import UTC, date, time
from functools import cache

import numpy as np
import pandas as pd

from tilsynwidgets.domain.core.local_time import in_danish_time
from tilsynwidgets.sample.calendar import (
    NO_DAY,
    SupervisionCalendar,
    at_work,
    day_number,
    day_of,
    draw_calendar,
    last_visits,
    morning_of,
)
from tilsynwidgets.sample.profile import sample_profile
from tilsynwidgets.sample.units import draw_units_frame

AS_OF = date(2026, 11, 1)


@cache
def units() -> pd.DataFrame:
    return draw_units_frame(13, AS_OF, n_tilbud=400, n_plejefamilier=600)


@cache
def calendar() -> SupervisionCalendar:
    return draw_calendar(units(), 13, AS_OF, sample_profile())


def test_days_and_moments() -> None:
    assert day_of(day_number(AS_OF)) == AS_OF
    winter, summer = (
        morning_of(day_number(date(2026, 1, 5))),
        morning_of(day_number(date(2026, 7, 5))),
    )
    assert in_danish_time(winter).time() == in_danish_time(summer).time() == time(9)
    assert winter.tzinfo is UTC
    rng = np.random.default_rng(1)
    moments = [in_danish_time(at_work(day_number(AS_OF), rng)) for _ in range(200)]
    assert {m.date() for m in moments} == {AS_OF}
    assert all(time(10) <= m.time() < time(17) for m in moments)


def test_a_lead_in_year_then_the_historys_cycles() -> None:
    cal = calendar()
    assert cal.start == date(2024, 1, 1)
    cycles = cal.cycles
    assert sorted(set(cycles["cycle"])) == [0, 1, 2]
    lead_in = cycles[cycles["cycle"] == 0]
    assert (lead_in[["prae", "post"]] == NO_DAY).all().all()
    assert (lead_in[["visit", "quality"]] != NO_DAY).all().all()
    assessed = cycles[cycles["cycle"] > 0]
    held = assessed[assessed["post"] != NO_DAY]
    assert (held["prae"] < held["visit"]).all()
    assert (held["visit"] < held["quality"]).all()
    assert (held["post"] == held["quality"] + 1).all()


def test_nothing_after_the_data_date() -> None:
    today = day_number(AS_OF)
    cycles = calendar().cycles
    for column in ("prae", "visit", "quality", "post"):
        assert (cycles[column] <= today).all()
    assert (calendar().visits["day"] <= today).all()
    assert (calendar().visits["day"] >= day_number(calendar().start)).all()
    late = cycles[(cycles["cycle"] == 2) & (cycles["post"] == NO_DAY)]
    assert not late.empty  # this year's posts not all made by 1 November


def test_a_unit_is_visited_about_a_year_apart() -> None:
    own = calendar().visits[calendar().visits["cycle"] >= 0].sort_values(["unit", "cycle"])
    gaps = own.groupby("unit")["day"].diff().dropna()
    assert gaps.between(365 - 100, 365 + 100).mean() > 0.95


def test_riskier_units_get_more_extra_visits() -> None:
    extra = calendar().visits[calendar().visits["cycle"] < 0]
    latent = units()["latent"].to_numpy()
    per_unit = np.bincount(extra["unit"], minlength=len(units()))
    means = [per_unit[latent == c].mean() for c in ("groen", "gul", "roed")]
    assert means == sorted(means)
    unannounced = extra[~extra["announced"]]
    assert 0.2 < len(unannounced) / len(units()) / 2.83 < 0.4  # DOMAIN.md 2017: 0,27 a year


def test_the_inspectors_and_the_last_visits() -> None:
    cal = calendar()
    frame = units()
    assert all(
        inspector.startswith(f"tk-{tilsyn}-")
        for inspector, tilsyn in zip(cal.inspectors, frame["socialtilsyn"], strict=True)
    )
    announced, unannounced = last_visits(cal, len(frame))
    assert all(day is not None for day in announced)
    own = cal.visits[cal.visits["announced"]].groupby("unit")["day"].max()
    assert announced[5] == day_of(int(own[5]))
    assert any(day is None for day in unannounced)
