"""The sample's history follows its information: each suggestion is the catalogue's as of the
assessment's own day, each assessment lists what was received since the unit's previous
one, and information that requires a decision is taken a position on."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date
from functools import cache
from itertools import pairwise

import pandas as pd
import pytest

from tilsynwidgets.domain.core.categories import Phase, RiskCategory
from tilsynwidgets.domain.core.kinds import UnitKind
from tilsynwidgets.domain.core.local_time import in_danish_time
from tilsynwidgets.domain.information.as_of import unit_signals_as_of
from tilsynwidgets.domain.information.kinds import information_kinds
from tilsynwidgets.domain.information.records import InformationRecord
from tilsynwidgets.domain.risk.assessment import RiskAssessment
from tilsynwidgets.domain.risk.criteria import default_catalogue, suggest_category
from tilsynwidgets.domain.risk.quality_basis import quality_basis_problem, referenced
from tilsynwidgets.sample.history import SampleHistoryRecords, generate_history
from tilsynwidgets.sample.information import SampleInformation, generate_information
from tilsynwidgets.sample.profile import sample_profile
from tilsynwidgets.sample.units import draw_units_frame

AS_OF = date(2026, 11, 1)


@cache
def units() -> pd.DataFrame:
    return draw_units_frame(11, AS_OF, n_tilbud=150, n_plejefamilier=250)


@cache
def information() -> SampleInformation:
    return generate_information(units(), 11, AS_OF)


@cache
def history() -> SampleHistoryRecords:
    return generate_history(units(), information(), 11)


def by_unit() -> dict[str, list[RiskAssessment]]:
    found: dict[str, list[RiskAssessment]] = defaultdict(list)
    for assessment in sorted(history().assessments, key=lambda a: a.assessed_at):
        found[assessment.unit_id].append(assessment)
    return found


def records_by_unit() -> dict[str, list[InformationRecord]]:
    found: dict[str, list[InformationRecord]] = defaultdict(list)
    for record in information().records:
        found[record.information.unit_id].append(record)
    return found


def day_of(assessment: RiskAssessment) -> date:
    return in_danish_time(assessment.assessed_at).date()


def test_reproducible() -> None:
    again = generate_history(units(), information(), 11)
    assert again.assessments == history().assessments
    assert again.plans == history().plans
    assert again.checklist_changes == history().checklist_changes


def test_every_suggestion_is_the_catalogues_as_of_the_assessments_own_day() -> None:
    kinds = dict(zip(units()["id"], units()["kind"], strict=True))
    records = records_by_unit()
    catalogue = default_catalogue()
    checked: Counter[Phase] = Counter()
    for unit_id, assessments in by_unit().items():
        for assessment in assessments:
            on = day_of(assessment)
            kind = UnitKind(kinds[unit_id])
            signals = unit_signals_as_of(records[unit_id], on, kind)
            expected = suggest_category(signals, catalogue, kind)
            assert assessment.suggested == expected.category, (unit_id, assessment.phase, on)
            assert assessment.reasons == expected.reasons
            assert assessment.unknown_signals == expected.unknown_signals
            checked[assessment.phase] += 1
    assert set(checked) == set(Phase)


def test_each_assessment_lists_what_was_received_since_the_previous_one() -> None:
    records = records_by_unit()
    for unit_id, assessments in by_unit().items():
        previous: date | None = None
        listed: list[int] = []
        for assessment in assessments:
            on = day_of(assessment)
            expected = [
                r.id
                for r in records[unit_id]
                if r.information.received_on <= on
                and (previous is None or r.information.received_on > previous)
            ]
            assert sorted(assessment.information) == expected
            listed += assessment.information
            previous = on
        assert len(listed) == len(set(listed))


def test_nothing_lies_after_the_data_date_and_every_unit_has_a_prae() -> None:
    prae = {a.unit_id for a in history().assessments if a.phase is Phase.PRAE}
    assert prae == set(units()["id"])
    assert all(day_of(a) <= AS_OF for a in history().assessments)
    assert all(in_danish_time(p.decided_at).date() <= AS_OF for p in history().plans)
    assert all(in_danish_time(c.changed_at).date() <= AS_OF for c in history().checklist_changes)
    posts = [a for a in history().assessments if a.phase is Phase.POST]
    assert len(posts) > len(units())  # most units had a post in both cycles


def test_an_assessment_on_new_information_follows_information_that_asks_for_it() -> None:
    deciding = information_kinds().requiring_decision()
    kind_of = {r.id: r.information.kind for r in information().records}
    new = [a for a in history().assessments if a.phase is Phase.NY]
    assert len(new) > len(units()) / 4
    moved = 0
    for assessment in new:
        assert assessment.information, "an assessment on new information rests on some"
        if not {kind_of[i] for i in assessment.information} & deciding:
            moved += 1  # the information moved the catalogue's suggestion instead
    assert 0 < moved < len(new) / 2


def test_information_that_requires_a_decision_is_decided_within_the_profiles_days() -> None:
    deciding = information_kinds().requiring_decision()
    decisions = sample_profile().information.decisions
    days = {unit_id: [day_of(a) for a in found] for unit_id, found in by_unit().items()}
    checked = 0
    for record in information().records:
        item = record.information
        assessed = days[item.unit_id]
        if item.kind not in deciding or item.received_on <= assessed[0]:
            continue  # the unit's first assessment took a position on it
        if (AS_OF - item.received_on).days <= decisions.waiting_days:
            continue  # may be left waiting
        after = min(day for day in assessed if day >= item.received_on)
        assert (after - item.received_on).days <= decisions.delay_days[1], record.id
        checked += 1
    assert checked > len(units()) / 2


def test_information_that_requires_a_decision_waits_only_when_recent() -> None:
    deciding = information_kinds().requiring_decision()
    latest = {unit_id: day_of(found[-1]) for unit_id, found in by_unit().items()}
    waiting: Counter[str] = Counter()
    for record in information().records:
        item = record.information
        if item.kind in deciding and item.received_on > latest[item.unit_id]:
            waiting[item.unit_id] += 1
            assert (AS_OF - item.received_on).days <= 90  # the profile's waiting_days
    assert 0 < len(waiting) < 0.05 * len(units())


def test_the_chosen_colour_mostly_follows_the_suggestion_and_deviations_are_justified() -> None:
    suggested = [a for a in history().assessments if a.suggested is not None]
    agreeing = sum(a.chosen == a.suggested for a in suggested) / len(suggested)
    assert 0.75 < agreeing < 0.99
    deviations = [a for a in history().assessments if a.is_deviation]
    assert all(a.deviation_justification for a in deviations)
    unchanged = [
        (before, after)
        for found in by_unit().values()
        for before, after in pairwise(found)
        if after.phase is Phase.NY and after.chosen == before.chosen
    ]
    assert unchanged  # new information taken a position on without a change of category


def test_every_post_rests_on_the_quality_assessment_of_its_cycle() -> None:
    posts = [a for a in history().assessments if a.phase is Phase.POST]
    quality = history().quality_assessments
    assert len(quality) > len(posts)  # the lead-in year's assessments too
    for post in posts:
        assert quality_basis_problem(post, quality) is None
        assert post.quality is not None
        basis = referenced(post.quality, quality)
        assert basis is not None
        assert basis.unit_id == post.unit_id
        assert (day_of(post) - in_danish_time(basis.assessed_at).date()).days == 1
    assert all(a.quality is None for a in history().assessments if a.phase is not Phase.POST)


def test_riskier_units_are_chosen_riskier() -> None:
    latest = {unit_id: found[-1].chosen for unit_id, found in by_unit().items()}
    latent = dict(zip(units()["id"], units()["latent"], strict=True))
    share_roed = {
        colour: sum(latest[u] is RiskCategory.ROED for u in latest if latent[u] == colour)
        / max(1, sum(latent[u] == colour for u in latest))
        for colour in ("groen", "gul", "roed")
    }
    assert share_roed["groen"] < share_roed["gul"] < share_roed["roed"]


@pytest.mark.parametrize("phase", [Phase.PRAE, Phase.POST, Phase.NY])
def test_what_an_assessment_rests_on(phase: Phase) -> None:
    found = [a for a in history().assessments if a.phase is phase]
    sources = Counter(s.value for a in found for s in a.based_on)
    assert sources["risikosignaler"] == len(found)
    if phase is Phase.POST:
        assert sources["kvalitetsvurdering"] == sources["tilsynsbesoeg"] == len(found)
    if phase is Phase.NY:
        assert sources["whistleblower"] > 0
