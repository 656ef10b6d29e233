"""The sample's information streams: reproducible, dated before the data date, of the kinds a
unit's kind has, at rates that follow its kind and latent colour, numbered as the store
numbers them."""

from __future__ import annotations

from collections import Counter
from datetime import date, time, timedelta
from functools import cache

import numpy as np
import pandas as pd
import pytest

from tilsynwidgets.domain.core.kinds import UnitKind
from tilsynwidgets.domain.core.local_time import in_danish_time
from tilsynwidgets.domain.information.as_of import RECORD_COLUMNS, InformationFrame, records_frame
from tilsynwidgets.domain.information.kinds import Origin, information_kinds
from tilsynwidgets.domain.quality.model import quality_model, theme_scores
from tilsynwidgets.sample.information import SampleInformation, generate_information
from tilsynwidgets.sample.profile import sample_profile
from tilsynwidgets.sample.units import draw_units_frame

AS_OF = date(2026, 11, 1)


@cache
def units() -> pd.DataFrame:
    return draw_units_frame(31, AS_OF, n_tilbud=300, n_plejefamilier=500)


@cache
def information() -> SampleInformation:
    return generate_information(units(), 31, AS_OF)


def kind_of_unit() -> dict[str, str]:
    return dict(zip(units()["id"], units()["kind"], strict=True))


def test_the_same_seed_gives_the_same_records_and_another_seed_others() -> None:
    small = draw_units_frame(4, AS_OF, n_tilbud=20, n_plejefamilier=30)
    first = generate_information(small, 4, AS_OF)
    assert generate_information(small, 4, AS_OF).records == first.records
    assert generate_information(small, 5, AS_OF).records != first.records


def test_records_are_numbered_as_the_store_inserts_them() -> None:
    info = information()
    assert [r.id for r in info.records] == list(range(1, len(info.records) + 1))
    derived = info.records[: info.derived]
    assert {r.information.kind for r in derived} == {"kvalitetsvurdering"}
    assert "kvalitetsvurdering" not in {i.kind for i in info.to_store()}
    assert [i for i in info.to_store()] == [r.information for r in info.records[info.derived :]]
    rest = info.records[info.derived :]
    registered = [r.information.registered_at for r in rest]
    assert registered == sorted(registered)  # then in the order they were registered
    table = info.table.loc[:, list(RECORD_COLUMNS)]
    models = records_frame(info.records)
    for column in RECORD_COLUMNS:
        left, right = table[column], models[column]
        if column in (
            "concerns_on",
            "received_on",
            "periode_start",
            "slut",
            "frist",
            "efterkommet",
        ):
            left, right = pd.to_datetime(left), pd.to_datetime(right)
        elif column == "registered_at":
            left, right = pd.to_datetime(left, utc=True), pd.to_datetime(right, utc=True)
        else:
            left, right = left.astype(object), right.astype(object)
        same = (left == right) | (left.isna() & right.isna())
        assert same.all(), column


def test_the_table_gives_the_signals_the_records_give() -> None:
    info = information()
    index, kinds = pd.Index(units()["id"]), list(units()["kind"])
    from_table = InformationFrame(info.table.loc[:, list(RECORD_COLUMNS)], index, kinds)
    from_models = InformationFrame(records_frame(info.records), index, kinds)
    for day in (AS_OF, date(2025, 6, 1), date(2024, 11, 30)):
        pd.testing.assert_frame_equal(from_table.as_of(day), from_models.as_of(day))


def test_the_quality_assessments_records_carry_their_lowest_theme_score() -> None:
    info = information()
    kinds = kind_of_unit()
    assert info.derived == len(info.quality.assessments) > 0
    for record, assessment in zip(info.records, info.quality.assessments, strict=False):
        model = quality_model(UnitKind(kinds[assessment.unit_id]), assessment.model_version)
        lowest = min(theme_scores(model, assessment.scores).values())
        assert record.information.unit_id == assessment.unit_id
        assert record.information.values.laveste_temascore == lowest
        assert record.information.received_on == in_danish_time(assessment.assessed_at).date()


def test_nothing_is_received_after_the_data_date_nor_before_it_concerns() -> None:
    table = information().table
    assert (table["received_on"] <= pd.Timestamp(AS_OF)).all()
    assert (table["concerns_on"] <= table["received_on"]).all()
    start = information().calendar.start
    events = table[table["kind"].isin(sample_profile().information.events)]
    assert (events["concerns_on"] >= pd.Timestamp(start)).all()
    late = pd.to_datetime(events["received_on"]) - pd.to_datetime(events["concerns_on"])
    low, high = sample_profile().information.received_after_days
    assert late.dt.days.between(low, high).all()


def test_registered_at_nine_danish_time_on_the_day_received_by_the_units_inspector() -> None:
    info = information()
    inspectors = dict(zip(units()["id"], info.calendar.inspectors, strict=True))
    for record in info.records[info.derived :: 7]:
        item = record.information
        local = in_danish_time(item.registered_at)
        assert (local.date(), local.time()) == (item.received_on, time(9))
        assert item.registered_by == inspectors[item.unit_id]


def test_kinds_follow_the_unit_kind() -> None:
    table = information().table
    kinds = table["unit_id"].map(kind_of_unit())
    catalogue = information_kinds()
    for kind, unit_kind in zip(table["kind"], kinds, strict=True):
        assert UnitKind(unit_kind) in catalogue.get(kind).applies_to, kind
    seen = {k: set(table.loc[kinds == k, "kind"]) for k in ("tilbud", "plejefamilie")}
    assert {"magtanvendelse", "lederskifte", "personaleforhold", "oekonomi"} <= seen["tilbud"]
    assert {"flytning", "sammenbrud"} <= seen["plejefamilie"]
    assert not seen["plejefamilie"] & {"magtanvendelse", "lederskifte", "personaleforhold"}
    assert not seen["tilbud"] & {"flytning", "sygdom", "samlivsophoer", "sammenbrud"}


def per_unit_per_year(kind: str, unit_kind: str, latent: str | None = None) -> float:
    frame = units()
    chosen = frame[(frame["kind"] == unit_kind) & ((frame["latent"] == latent) | (latent is None))]
    table = information().table
    found = table[(table["kind"] == kind) & table["unit_id"].isin(chosen["id"])]
    years = (AS_OF - information().calendar.start).days / 365.25
    return len(found) / len(chosen) / years


def test_rates_follow_the_unit_kind_and_the_latent_colour() -> None:
    tilbud = per_unit_per_year("whistleblower", "tilbud")
    pleje = per_unit_per_year("whistleblower", "plejefamilie")
    assert tilbud > 2 * pleje
    by_colour = [per_unit_per_year("magtanvendelse", "tilbud", c) for c in ("groen", "gul", "roed")]
    assert by_colour == sorted(by_colour)
    expected = sample_profile().information.events["magtanvendelse"].rates[UnitKind.TILBUD]
    for found, wanted in zip(by_colour, expected, strict=True):
        assert found == pytest.approx(wanted, rel=0.25)


def test_plausible_origins_and_never_a_name() -> None:
    table = information().table
    records = {r.id: r.information for r in information().records}
    whistle = [records[i] for i in table.loc[table["kind"] == "whistleblower", "id"]]
    assert whistle
    assert {w.origin for w in whistle} <= {Origin.ANONYM, Origin.MEDARBEJDER}
    names = sample_profile().names
    words = {*names.surnames, *names.places}
    assert not any(word in item.description for item in records.values() for word in words)
    assert Counter(
        records[i].origin for i in table.loc[table["kind"] == "tilsynsbesoeg", "id"]
    ) == {Origin.SOCIALTILSYNET: int((table["kind"] == "tilsynsbesoeg").sum())}


def test_staff_figures_cover_the_year_before_and_accounts_end_of_year() -> None:
    records = [r.information for r in information().records]
    staff = [i for i in records if i.kind == "personaleforhold"]
    assert staff
    for item in staff:
        start = item.values.periode_start
        assert start is not None
        assert start.replace(year=start.year + 1) in (
            item.concerns_on,
            item.concerns_on - timedelta(days=1),
        )
    accounts = [i for i in records if i.kind == "oekonomi"]
    assert {(i.concerns_on.month, i.concerns_on.day) for i in accounts} == {(12, 31)}


def test_orders_are_met_by_a_correction_or_wait_and_heightened_supervision_is_short() -> None:
    info = generate_information(
        draw_units_frame(8, AS_OF, n_tilbud=1500, n_plejefamilier=0), 8, AS_OF
    )
    records = {r.id: r.information for r in info.records}
    orders = {i: item for i, item in records.items() if item.kind == "paabud"}
    corrections = {i: item for i, item in orders.items() if item.replaces is not None}
    assert corrections
    for ident, item in corrections.items():
        target = item.replaces or 0
        original = records[target]
        assert target < ident
        assert (original.kind, original.unit_id, original.concerns_on) == (
            "paabud",
            item.unit_id,
            item.concerns_on,
        )
        assert original.values.efterkommet is None
        assert item.values.frist == original.values.frist
        assert item.concerns_on <= (item.values.efterkommet or date.min) <= item.received_on
    replaced = {item.replaces for item in corrections.values()}
    open_orders = [o for i, o in orders.items() if o.replaces is None and i not in replaced]
    overdue = [o for o in open_orders if (o.values.frist or date.max) < AS_OF]
    assert overdue, "some påbud are overdue at the data date"
    heightened = [i for i in records.values() if i.kind == "skaerpet_tilsyn"]
    assert heightened
    longest = information_kinds().get("skaerpet_tilsyn").max_days
    assert all(
        0 < ((i.values.slut or date.min) - i.concerns_on).days <= (longest or 0) for i in heightened
    )
    latent = draw_units_frame(8, AS_OF, n_tilbud=1500, n_plejefamilier=0).set_index("id")["latent"]
    given_to = Counter(latent[i.unit_id] for i in heightened)
    assert given_to["roed"] > given_to["gul"]
    assert given_to["groen"] == 0  # the riskiest units only


def test_visits_make_the_counts_known() -> None:
    info = information()
    visits = info.table[info.table["kind"] == "tilsynsbesoeg"]
    per_unit = visits.groupby("unit_id").size()
    assert set(per_unit.index) == set(units()["id"])
    assert per_unit.min() >= 2  # at least the lead-in year's visit and one cycle's
    assert np.all(info.calendar.visits["day"].to_numpy() <= (AS_OF - date(1970, 1, 1)).days)
