"""Templates per kind and colour, the sources each kind offers, and scaling with the unit."""

from __future__ import annotations

import pytest

from tilsynwidgets.domain.core.categories import RiskCategory
from tilsynwidgets.domain.core.errors import DataFileError
from tilsynwidgets.domain.core.kinds import UnitKind
from tilsynwidgets.domain.intensity.dimensions import CollectionMethod, DataSource, DataSources
from tilsynwidgets.domain.intensity.rulesets import (
    TemplatesRef,
    check_plan,
    default_ruleset,
    ruleset,
)
from tilsynwidgets.domain.intensity.templates import (
    CapacityScaling,
    estimate_hours,
    kind_problems,
    offered,
    template_for,
    template_set,
)
from tilsynwidgets.domain.labels import label_of

FAMILY_SOURCES = {
    DataSource.PLEJEFORAELDRE,
    DataSource.PLEJEBOERN,
    DataSource.EGNE_BOERN,
    DataSource.NETVAERK,
    DataSource.ANBRINGENDE_KOMMUNE,
}
L200 = "mere-risikobaseret-2025"


def test_each_kind_offers_its_own_sources() -> None:
    assert set(offered(UnitKind.PLEJEFAMILIE).data_sources) == FAMILY_SOURCES
    tilbud = offered(UnitKind.TILBUD).data_sources
    assert tilbud == (
        DataSource.MEDARBEJDERE,
        DataSource.BORGERE,
        DataSource.PAAROERENDE,
        DataSource.LEDELSE,
        DataSource.ANDRE,
    )
    assert set(offered(UnitKind.PLEJEFAMILIE).methods) == set(CollectionMethod)


@pytest.mark.parametrize("rules_id", ["socialtilsyn-7-4", L200])
@pytest.mark.parametrize("category", list(RiskCategory))
def test_plejefamilie_templates_use_the_familys_sources_and_one_inspector(
    rules_id: str, category: RiskCategory
) -> None:
    plan = template_for(category, UnitKind.PLEJEFAMILIE, 1, ruleset(rules_id))
    assert set(plan.data_sources.sources) <= FAMILY_SOURCES
    assert DataSource.PLEJEFORAELDRE in plan.data_sources.sources
    assert plan.visit_scope.inspectors_per_visit == 1  # also when rød (unverified judgement)
    tilbud = template_for(category, UnitKind.TILBUD, 15, ruleset(rules_id))
    assert plan.visit_scope.hours_per_visit < tilbud.visit_scope.hours_per_visit
    assert kind_problems(plan, UnitKind.PLEJEFAMILIE) == []
    assert check_plan(plan, ruleset(rules_id)) == []


def test_a_tilbud_source_in_a_family_plan_is_named_in_danish_by_the_labels_given() -> None:
    plan = template_for(RiskCategory.GUL, UnitKind.PLEJEFAMILIE)
    sources = DataSources(sources=(DataSource.PLEJEFORAELDRE, DataSource.MEDARBEJDERE))
    mixed = plan.model_copy(update={"data_sources": sources})
    assert kind_problems(mixed, UnitKind.PLEJEFAMILIE, label_of) == [
        (
            "data_sources.sources",
            "Datakilden «Medarbejdere» hører ikke til en plejefamilie; vælg blandt de viste.",
        )
    ]
    assert kind_problems(mixed, UnitKind.PLEJEFAMILIE) == [
        (
            "data_sources.sources",
            "Datakilden 'medarbejdere' hører ikke til en plejefamilie; vælg blandt de viste.",
        )
    ]
    both = DataSources(sources=(DataSource.PLEJEBOERN, DataSource.NETVAERK))
    family_sources = plan.model_copy(update={"data_sources": both})
    assert kind_problems(family_sources, UnitKind.TILBUD, label_of) == [
        (
            "data_sources.sources",
            "Datakilderne «Plejebarn/-børn», «Netværk» hører ikke til et tilbud; "
            "vælg blandt de viste.",
        )
    ]


@pytest.mark.parametrize(
    ("capacity", "hours"),
    [(1, 5.5), (4, 5.5), (15, 7.0), (24, 8.5), (60, 11.5), (150, 12.5), (1000, 12.5)],
)
def test_a_tilbuds_time_on_site_grows_with_its_places_within_limits(
    capacity: int, hours: float
) -> None:
    # factor (capacity / 15) ** 0.35 within [0.75; 1.75] of the rød template's 7 hours,
    # rounded to half hours (intensity_templates.yaml)
    plan = template_for(RiskCategory.ROED, UnitKind.TILBUD, capacity)
    assert plan.visit_scope.hours_per_visit == hours
    assert plan.visit_scope.inspectors_per_visit == 2


def test_a_one_child_family_and_a_large_centre_differ_in_hours() -> None:
    family = template_for(RiskCategory.ROED, UnitKind.PLEJEFAMILIE, 1)
    centre = template_for(RiskCategory.ROED, UnitKind.TILBUD, 150)
    assert estimate_hours(family) < estimate_hours(centre) / 2
    two = template_for(RiskCategory.ROED, UnitKind.PLEJEFAMILIE, 2)
    assert two.visit_scope.hours_per_visit == 5.0  # 4 x 2 ** 0.3 = 4,9
    assert template_for(RiskCategory.ROED, UnitKind.PLEJEFAMILIE, 9).visit_scope == (
        template_for(RiskCategory.ROED, UnitKind.PLEJEFAMILIE, 4).visit_scope
    )  # at most 1,5 times the template


def test_without_capacity_the_template_is_as_written() -> None:
    written = template_set().kinds[UnitKind.TILBUD].templates[RiskCategory.GUL]
    assert template_for(RiskCategory.GUL) is written
    assert template_for(RiskCategory.GUL, UnitKind.TILBUD, 15) is written


def test_scaling_rounds_to_its_step_and_never_reaches_zero() -> None:
    scaling = CapacityScaling(
        reference_capacity=10, exponent=1, min_factor=0.1, max_factor=2, step=0.5
    )
    assert scaling.hours(4, 10) == 4
    assert scaling.hours(4, 13) == 5.0  # 5,2
    assert scaling.hours(1, 1) == 0.5  # 0,1 rounds to 0: kept at one step


@pytest.mark.parametrize("kind", list(UnitKind))
@pytest.mark.parametrize("category", list(RiskCategory))
def test_the_2025_rule_set_brings_unannounced_templates(
    kind: UnitKind, category: RiskCategory
) -> None:
    rules = ruleset(L200)
    plan = template_for(category, kind, None, rules)
    assert plan.visits.announced_per_year == 0
    assert plan.visits.unannounced_per_year >= 1
    assert template_set(rules).version == rules.templates.version != template_set().version


def test_a_template_file_of_another_version_is_refused() -> None:
    wrong = default_ruleset().model_copy(
        update={"templates": TemplatesRef(version="1999.1", file="intensity_templates.yaml")}
    )
    refused = r"er '2026\.2', men regelsættet bruger version '1999\.1'"
    with pytest.raises(DataFileError, match=refused):
        template_set(wrong)
