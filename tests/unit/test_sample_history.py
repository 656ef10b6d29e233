from __future__ import annotations

from collections import Counter
from datetime import date

import pandas as pd
import pytest

from tilsynwidgets.domain.core.categories import Phase, RiskCategory
from tilsynwidgets.domain.core.kinds import UnitKind
from tilsynwidgets.domain.intensity.plans import (
    DataSource,
    estimate_hours,
    is_template_unchanged,
    template_for,
)
from tilsynwidgets.domain.intensity.templates import kind_problems
from tilsynwidgets.domain.risk.quality_basis import quality_basis_problem, referenced
from tilsynwidgets.domain.support.measures import measures_for
from tilsynwidgets.sample.history import SampleHistoryRecords, generate_history
from tilsynwidgets.sample.units import generate_units_frame

AS_OF = date(2026, 11, 1)


@pytest.fixture(scope="module")
def units() -> pd.DataFrame:
    return generate_units_frame(11, AS_OF, n_tilbud=150, n_plejefamilier=250)


@pytest.fixture(scope="module")
def history(units: pd.DataFrame) -> SampleHistoryRecords:
    return generate_history(units, 11, AS_OF)


def test_reproducible(units: pd.DataFrame, history: SampleHistoryRecords) -> None:
    again = generate_history(units, 11, AS_OF)
    assert again.assessments == history.assessments
    assert again.plans == history.plans
    assert again.checklist_changes == history.checklist_changes


def test_every_unit_has_a_prae_and_nothing_lies_in_the_future(
    units: pd.DataFrame, history: SampleHistoryRecords
) -> None:
    prae = {a.unit_id for a in history.assessments if a.phase is Phase.PRAE}
    assert prae == set(units["id"])
    assert all(a.assessed_at.date() <= AS_OF for a in history.assessments)
    posts = [a for a in history.assessments if a.phase is Phase.POST]
    assert len(posts) > len(units)  # most units had a post in both cycles
    assert len(history.quality_assessments) == len(posts)


def test_deviations_are_justified_and_movement_happens(history: SampleHistoryRecords) -> None:
    deviations = [a for a in history.assessments if a.is_deviation]
    assert deviations
    assert all(a.deviation_justification for a in deviations)
    by_unit: dict[str, list[RiskCategory]] = {}
    for a in sorted(history.assessments, key=lambda a: a.assessed_at):
        by_unit.setdefault(a.unit_id, []).append(a.chosen)
    assert any(len(set(chosen)) > 1 for chosen in by_unit.values())


def test_plans_follow_the_chosen_colour_and_the_unit(
    units: pd.DataFrame, history: SampleHistoryRecords
) -> None:
    by_id = units.set_index("id")
    for plan in history.plans:
        row = by_id.loc[plan.unit_id]
        kind = UnitKind(row["kind"])
        template = template_for(plan.category, kind, int(row["capacity"]))
        assert plan.unit_kind is kind
        assert plan.estimated_hours == estimate_hours(plan.plan)
        assert plan.template_unchanged == is_template_unchanged(plan.plan, template)
        assert kind_problems(plan.plan, kind) == []
        if plan.template_unchanged:
            assert plan.reason
    share = Counter(p.template_unchanged for p in history.plans)
    assert 0 < share[True] < len(history.plans)


def test_plans_of_plejefamilier_use_the_familys_sources(history: SampleHistoryRecords) -> None:
    family = [p for p in history.plans if p.unit_kind is UnitKind.PLEJEFAMILIE]
    assert family
    sources = {s for p in family for s in p.plan.data_sources.sources}
    assert DataSource.PLEJEFORAELDRE in sources
    assert not sources & {DataSource.MEDARBEJDERE, DataSource.LEDELSE}
    assert {p.plan.visit_scope.inspectors_per_visit for p in family} == {1}


def test_checklists_only_for_roed_and_gul(history: SampleHistoryRecords) -> None:
    wanted = {m.id for c in (RiskCategory.ROED, RiskCategory.GUL) for m in measures_for(c)}
    assert history.checklist_changes
    assert {c.measure_id for c in history.checklist_changes} <= wanted
    missing = [c for c in history.checklist_changes if not c.in_place]
    assert all(c.note for c in missing)


def test_every_post_assessment_rests_on_a_quality_assessment_made_before_it(
    history: SampleHistoryRecords,
) -> None:
    posts = [a for a in history.assessments if a.phase is Phase.POST]
    assert posts
    for post in posts:
        assert quality_basis_problem(post, history.quality_assessments) is None
        assert post.quality is not None
        basis = referenced(post.quality, history.quality_assessments)
        assert basis is not None
        assert basis.unit_id == post.unit_id
        assert basis.assessed_at < post.assessed_at
    assert all(a.quality is None for a in history.assessments if a.phase is Phase.PRAE)


def test_an_assessment_records_the_signals_its_suggestion_could_not_use(
    history: SampleHistoryRecords,
) -> None:
    with_unknowns = [a for a in history.assessments if a.unknown_signals]
    assert with_unknowns, "the sample has units with signals nobody knows"
    for assessment in history.assessments:
        if assessment.suggested is None:
            # No suggestion: too much unknown, and nothing to deviate from.
            assert assessment.unknown_signals
            assert assessment.deviation_justification == ""
