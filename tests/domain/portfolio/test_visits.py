from __future__ import annotations

import math
from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd
import pytest

from tilsynwidgets.domain.core.categories import RiskCategory
from tilsynwidgets.domain.intensity.plans import PlanDecision, template_for
from tilsynwidgets.domain.portfolio.figures import hours_required
from tilsynwidgets.domain.portfolio.visits import (
    plan_visits_frame,
    resource_balance,
    unannounced_share,
    units_with_intensified_plans,
    units_with_unannounced_visits,
    upcoming_visits,
)
from tilsynwidgets.sample.load import load_sample
from tilsynwidgets.store.store import Store


def when(day: int, month: int = 1) -> pd.Timestamp:
    return pd.Timestamp(datetime(2026, month, day), tz="UTC")


UNITS = pd.DataFrame(
    {
        "id": ["a", "b", "c", "d", "e", "f"],
        "socialtilsyn": ["syd", "syd", "nord", "nord", "nord", "midt"],
        "team": ["syd-1", "syd-1", "nord-1", "nord-2", "nord-1", "midt-1"],
    }
)

# e and f have no plan; a's latest plan is the March one.
PLAN_VISITS = pd.DataFrame(
    [
        ("a", when(5), 1, 1),
        ("a", when(5, 3), 1, 3),
        ("b", when(6), 1, 0),
        ("c", when(7), 2, 2),
        ("d", when(8), 0, 0),
    ],
    columns=["unit_id", "decided_at", "announced_per_year", "unannounced_per_year"],
)

PLANS = pd.DataFrame(
    [
        ("a", "gul", 70.0, when(5)),
        ("a", "roed", 150.0, when(5, 3)),
        ("b", "groen", 20.0, when(6)),
        ("c", "roed", 140.0, when(7)),
        ("d", "gul", 60.0, when(8)),
    ],
    columns=["unit_id", "category", "estimated_hours", "decided_at"],
)


def test_plan_visits_frame_from_decisions() -> None:
    template = template_for(RiskCategory.ROED)
    decision = PlanDecision(
        unit_id="a",
        category=RiskCategory.ROED,
        plan=template,
        estimated_hours=100.0,
        template_unchanged=True,
        reason="Skabelonen passer til enhedens konkrete forhold.",
        author="Tilsynsførende",
        decided_at=datetime(2026, 3, 5, tzinfo=UTC),
        ruleset_id="socialtilsyn-7-4",
    )
    frame = plan_visits_frame([decision])
    assert frame.loc[0, "unit_id"] == "a"
    assert frame.loc[0, "decided_at"] == when(5, 3)
    assert frame.loc[0, "announced_per_year"] == template.visits.announced_per_year
    assert frame.loc[0, "unannounced_per_year"] == template.visits.unannounced_per_year
    assert plan_visits_frame([]).empty


def test_unannounced_share_by_hand() -> None:
    table = unannounced_share(UNITS, PLAN_VISITS)
    # syd: a (1 + 3) and b (1 + 0) → announced 2, unannounced 3, total 5, share 3/5 = 0.6.
    assert table.loc["syd"].tolist() == [2, 2, 3, 5, 0.6]
    # nord: c (2 + 2) and d (0 + 0); e has no plan → 2, 2, 4, share 2/4 = 0.5.
    assert table.loc["nord"].tolist() == [2, 2, 2, 4, 0.5]
    assert "midt" not in table.index  # f has no plan


def test_unannounced_share_without_visits_is_nan() -> None:
    table = unannounced_share(UNITS, PLAN_VISITS, by=("team",))
    assert table.loc["nord-2", "total"] == 0  # d plans no visits
    assert math.isnan(table.loc["nord-2", "share"])


def test_upcoming_visits_by_hand() -> None:
    table = upcoming_visits(UNITS, PLAN_VISITS, date(2026, 11, 22))
    assert list(table.columns) == ["2026K4", "2027K1", "2027K2", "2027K3"]
    # syd: (1 + 3 + 1 + 0) / 4 = 1.25 a quarter; nord: (2 + 2 + 0 + 0) / 4 = 1.0.
    assert table.loc["syd"].tolist() == [1.25] * 4
    assert table.loc["nord"].tolist() == [1.0] * 4


def test_upcoming_visits_quarters() -> None:
    table = upcoming_visits(UNITS, PLAN_VISITS, date(2026, 1, 1), quarters=2)
    assert list(table.columns) == ["2026K1", "2026K2"]


def test_resource_balance_by_hand() -> None:
    capacity = {"syd": 40.0, "nord": 60.0, "midt": 10.0, "hovedstaden": 99.0}
    table = resource_balance(UNITS, PLANS, capacity, date(2026, 11, 22))
    assert table.index.get_level_values("kvartal").unique().tolist() == [
        "2026K4",
        "2027K1",
        "2027K2",
        "2027K3",
    ]
    assert "hovedstaden" not in table.index.get_level_values("socialtilsyn")
    columns = ["required", "intensified", "capacity", "gap", "intensified_uncovered"]
    syd = table.loc[("syd", "2027K1")]
    # syd: a rød 150 + b grøn 20 → 170 / 4 = 42.5 a quarter; intensified 150 / 4 = 37.5;
    # gap 40 − 42.5 = −2.5 → 2.5 hours of intensified supervision uncovered.
    assert syd[columns].tolist() == [42.5, 37.5, 40.0, -2.5, 2.5]
    assert syd["intensified_short"]
    # nord: c rød 140 + d gul 60 → 200 / 4 = 50, all intensified; gap 60 − 50 = 10.
    nord = table.loc[("nord", "2027K1")]
    assert nord[columns].tolist() == [50.0, 50.0, 60.0, 10.0, 0.0]
    assert not nord["intensified_short"]
    # midt: f has no plan → nothing required.
    midt = table.loc[("midt", "2026K4")]
    assert midt[columns].tolist() == [0.0, 0.0, 10.0, 10.0, 0.0]


def test_resource_shortfall_beyond_intensified_and_missing_capacity() -> None:
    table = resource_balance(UNITS, PLANS, {"syd": 0.0}, date(2026, 11, 22), quarters=1)
    syd = table.loc[("syd", "2026K4")]
    # gap 0 − 42.5 = −42.5, but only 37.5 hours are intensified: min(37.5, 42.5) = 37.5.
    assert syd["gap"] == -42.5
    assert syd["intensified_uncovered"] == 37.5
    assert syd["intensified_short"]
    nord = table.loc[("nord", "2026K4")]  # no capacity entered
    assert math.isnan(nord["capacity"])
    assert math.isnan(nord["gap"])
    assert nord["intensified_short"] is pd.NA  # not known without a capacity
    assert len(table) == 3  # midt, nord, syd × one quarter


def test_on_the_store_frames(tmp_path: Path) -> None:
    """The functions accept the store's own frames (dtypes) and agree with each other."""
    with Store.open(f"sqlite:///{tmp_path / 'x.sqlite'}") as store:
        store.upgrade()
        load_sample(store, date(2026, 11, 1), n_tilbud=10, n_plejefamilier=15)
        units, plans, decisions = store.units_frame(), store.plans_frame(), store.plans()
    visits = plan_visits_frame(decisions)
    upcoming = upcoming_visits(units, visits, date(2026, 11, 1))
    share = unannounced_share(units, visits)
    assert upcoming["2026K4"].sum() == pytest.approx(share["total"].sum() / 4)
    balance = resource_balance(units, plans, {}, date(2026, 11, 1))
    quarter = balance.xs("2027K1", level="kvartal")
    assert quarter["required"].sum() == pytest.approx(
        hours_required(units, plans)["i alt"].sum() / 4
    )
    # No capacity entered: whether hours are short is not known, not "no".
    assert balance["intensified_short"].isna().all()


def test_drill_down_to_intensified_plans_and_unannounced_visits() -> None:
    # Current plans: a rød (March), b grøn, c rød, d gul; e and f have none.
    assert units_with_intensified_plans(UNITS, PLANS, "syd") == ["a"]
    assert units_with_intensified_plans(UNITS, PLANS, "nord") == ["c", "d"]
    assert units_with_intensified_plans(UNITS, PLANS, "midt") == []
    # Current visits: a 1+3, b 1+0, c 2+2, d 0+0.
    assert units_with_unannounced_visits(UNITS, PLAN_VISITS, "syd") == ["a"]
    assert units_with_unannounced_visits(UNITS, PLAN_VISITS, "nord") == ["c"]
    assert units_with_unannounced_visits(UNITS, PLAN_VISITS, "midt") == []
