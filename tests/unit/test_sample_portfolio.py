"""The national sample as a whole: realistic colour shares, information that differs between
plejefamilier and tilbud, and a reconsideration queue that is short but not empty."""

from __future__ import annotations

from datetime import date
from functools import cache

import pandas as pd

from tilsynwidgets.domain.core.categories import RiskCategory
from tilsynwidgets.domain.information.as_of import RECORD_COLUMNS
from tilsynwidgets.domain.information.queue import reconsideration_queue
from tilsynwidgets.domain.risk.criteria import default_catalogue
from tilsynwidgets.domain.risk.evaluation import evaluate_portfolio
from tilsynwidgets.sample.portfolio import SamplePortfolio, generate_sample
from tilsynwidgets.sample.profile import sample_profile

AS_OF = date(2026, 11, 1)


@cache
def national() -> SamplePortfolio:
    return generate_sample(2022, AS_OF)


def latest_chosen(sample: SamplePortfolio) -> pd.DataFrame:
    rows = [(a.unit_id, a.assessed_at, a.chosen.value) for a in sample.history.assessments]
    found = pd.DataFrame(rows, columns=["id", "assessed_at", "chosen"]).sort_values("assessed_at")
    latest = found.groupby("id").tail(1).set_index("id")["chosen"]
    return sample.frame.set_index("id").join(latest)


def test_the_same_seed_gives_the_same_sample() -> None:
    first = generate_sample(9, AS_OF, n_tilbud=10, n_plejefamilier=10)
    again = generate_sample(9, AS_OF, n_tilbud=10, n_plejefamilier=10)
    assert first.information.records == again.information.records
    assert first.history.assessments == again.history.assessments
    assert first.units == again.units
    pd.testing.assert_frame_equal(first.frame, again.frame)


def test_the_national_share_of_roed_is_within_the_profiles_bounds() -> None:
    frame = latest_chosen(national())
    shares = frame["chosen"].value_counts(normalize=True)
    by_kind = frame.groupby("kind")["chosen"].value_counts(normalize=True).unstack()
    by_region = frame.groupby("socialtilsyn")["chosen"].value_counts(normalize=True).unstack()
    print("\nSeneste valgte farve, nationalt:", shares.round(3).to_dict())
    print("pr. enhedsart:\n", by_kind.round(3))
    print("pr. socialtilsyn:\n", by_region.round(3))
    low, high = sample_profile().category_bounds[RiskCategory.ROED]
    assert low <= shares["roed"] <= high
    assert shares["groen"] > shares["gul"] > shares["roed"]
    roed = by_kind["roed"].to_dict()
    assert roed["tilbud"] > roed["plejefamilie"]
    assert by_region["roed"].max() > 1.3 * by_region["roed"].min()


def test_plejefamilier_and_tilbud_differ_in_kinds_and_rates() -> None:
    table = national().information.table
    kinds = table["unit_id"].map(national().frame.set_index("id")["kind"])
    counts = table.groupby([kinds, "kind"]).size().unstack(fill_value=0)
    units = national().frame["kind"].value_counts()
    per_unit = counts.div(units, axis=0).T.to_dict()
    tilbud, pleje = per_unit["tilbud"], per_unit["plejefamilie"]
    assert tilbud["magtanvendelse"] > 10
    assert pleje["magtanvendelse"] == 0
    assert tilbud["sammenbrud"] == 0 < pleje["sammenbrud"]
    assert tilbud["whistleblower"] > 3 * pleje["whistleblower"]
    years = (AS_OF - national().information.calendar.start).days / 365.25
    whistle = counts["whistleblower"].sum() / len(national().units) / years
    assert 0.13 < whistle < 0.21  # DOMAIN.md: 0,17 (2017) and 0,21 (Midt 2019) a unit a year


def test_a_short_reconsideration_queue_at_the_data_date() -> None:
    sample = national()
    assessments = pd.DataFrame(
        {
            "unit_id": [a.unit_id for a in sample.history.assessments],
            "assessed_at": [a.assessed_at for a in sample.history.assessments],
            "suggested": [
                a.suggested.value if a.suggested else None for a in sample.history.assessments
            ],
        }
    )
    now = evaluate_portfolio(sample.frame.set_index("id"), default_catalogue()).categories
    queue = reconsideration_queue(
        sample.information.table.loc[:, list(RECORD_COLUMNS)],
        assessments,
        now.astype(object),
        AS_OF,
    )
    share = len(queue) / len(sample.units)
    print(
        f"\nVenter på stillingtagen: {len(queue)} enheder ({share:.1%}), "
        f"heraf {int((queue['days_waiting'] > 30).sum())} over 30 dage"
    )
    assert 0.01 <= share <= 0.03
    assert queue["requires_decision"].any()
    assert (queue["days_waiting"] > 30).any()
