"""The sample's plans and checklists: a plan after each præ and each change of category on
new information, fitted to the unit; a checklist for rød and gul; never after the data date."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time
from functools import cache

import numpy as np
import pandas as pd

from tilsynwidgets.domain.core.categories import Phase, RiskCategory
from tilsynwidgets.domain.core.kinds import UnitKind
from tilsynwidgets.domain.core.local_time import DANISH_TIME
from tilsynwidgets.domain.intensity.plans import (
    DataSource,
    estimate_hours,
    is_template_unchanged,
    template_for,
)
from tilsynwidgets.domain.intensity.templates import kind_problems
from tilsynwidgets.domain.support.measures import measures_for
from tilsynwidgets.sample.history import SampleHistoryRecords, generate_history
from tilsynwidgets.sample.information import generate_information
from tilsynwidgets.sample.plans import PlanMaker
from tilsynwidgets.sample.profile import sample_profile
from tilsynwidgets.sample.units import draw_units_frame

AS_OF = date(2026, 11, 1)


@cache
def units() -> pd.DataFrame:
    return draw_units_frame(19, AS_OF, n_tilbud=120, n_plejefamilier=200)


@cache
def history() -> SampleHistoryRecords:
    return generate_history(units(), generate_information(units(), 19, AS_OF), 19)


def test_plans_follow_the_chosen_colour_and_the_unit() -> None:
    kinds = dict(zip(units()["id"], units()["kind"], strict=True))
    capacity = dict(zip(units()["id"], units()["capacity"], strict=True))
    for plan in history().plans:
        kind = UnitKind(kinds[plan.unit_id])
        template = template_for(plan.category, kind, int(capacity[plan.unit_id]))
        assert plan.unit_kind is kind
        assert plan.estimated_hours == estimate_hours(plan.plan)
        assert plan.template_unchanged == is_template_unchanged(plan.plan, template)
        assert kind_problems(plan.plan, kind) == []
        if plan.template_unchanged:
            assert plan.reason
    share = Counter(p.template_unchanged for p in history().plans)
    assert 0 < share[True] < len(history().plans)


def test_a_plan_after_each_prae_and_each_change_on_new_information() -> None:
    assessments = sorted(history().assessments, key=lambda a: (a.unit_id, a.assessed_at))
    wanted = 0
    previous: dict[str, RiskCategory] = {}
    for assessment in assessments:
        changed = (
            assessment.phase is Phase.NY and previous.get(assessment.unit_id) != assessment.chosen
        )
        wanted += assessment.phase is Phase.PRAE or changed
        previous[assessment.unit_id] = assessment.chosen
    assert len(history().plans) == wanted


def test_plans_of_plejefamilier_use_the_familys_sources() -> None:
    family = [p for p in history().plans if p.unit_kind is UnitKind.PLEJEFAMILIE]
    assert family
    sources = {s for p in family for s in p.plan.data_sources.sources}
    assert DataSource.PLEJEFORAELDRE in sources
    assert not sources & {DataSource.MEDARBEJDERE, DataSource.LEDELSE}
    assert {p.plan.visit_scope.inspectors_per_visit for p in family} == {1}


def test_checklists_only_for_roed_and_gul() -> None:
    wanted = {m.id for c in (RiskCategory.ROED, RiskCategory.GUL) for m in measures_for(c)}
    assert history().checklist_changes
    assert {c.measure_id for c in history().checklist_changes} <= wanted
    missing = [c for c in history().checklist_changes if not c.in_place]
    assert all(c.note for c in missing)


def test_nothing_is_dated_after_the_end_of_the_data_date() -> None:
    end = datetime.combine(AS_OF, time(17, 30), DANISH_TIME)
    maker = PlanMaker(np.random.default_rng(1), sample_profile(), end)
    row = units().iloc[0]
    late = datetime.combine(AS_OF, time(15), DANISH_TIME)
    for _ in range(20):
        assert maker.plan(row, RiskCategory.ROED, "tk-x", late).decided_at <= end
        assert all(
            c.changed_at <= end for c in maker.checklist(row, RiskCategory.GUL, "tk-x", late)
        )
