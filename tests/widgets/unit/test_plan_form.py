"""The plan panel, headless: it opens the plan in force (also in a fresh panel, as after a
reload), starts again from the template only when asked, names a plan made for another
colour, offers a plejefamilie only the family's sources, puts each error at its field and
allows saving exactly when there are none, with one status at a time."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tilsynwidgets.domain.core.categories import RiskCategory
from tilsynwidgets.domain.core.kinds import UnitKind
from tilsynwidgets.domain.core.units import Unit
from tilsynwidgets.domain.intensity.plans import (
    PlanDecision,
    estimate_hours,
    template_for,
)
from tilsynwidgets.domain.intensity.rulesets import (
    UNVERIFIED,
    LegalRuleSet,
    check_plan,
    default_ruleset,
    ruleset,
)
from tilsynwidgets.domain.intensity.templates import offered
from tilsynwidgets.domain.labels import label_of
from tilsynwidgets.store.store import Store
from tilsynwidgets.widgets.unit.plan_form import RESTORED, PlanPanel, hours_html

NOW = datetime(2026, 11, 3, 10, 0, tzinfo=UTC)  # 11.00 in Copenhagen
WHY = "Skabelonen passer: stabil ledelse og ingen nye signaler."
INSPECTOR = "tk-test"


def panel(store: Store, rules: LegalRuleSet | None = None) -> PlanPanel:
    saved: list[PlanDecision] = []
    made = PlanPanel(store, INSPECTOR, rules or default_ruleset(), saved.append, lambda: NOW)
    made.saved = saved  # type: ignore[attr-defined]
    return made


def unit_of(store: Store, kind: UnitKind) -> Unit:
    frame = store.units_frame()
    unit_id = str(frame.loc[frame["kind"] == kind.value, "id"].iloc[0])
    return store.unit(unit_id)


def opened(
    store: Store, kind: UnitKind, category: RiskCategory, rules: LegalRuleSet | None = None
) -> tuple[PlanPanel, Unit]:
    """A new panel showing the first unit of ``kind`` for ``category``, with no plan in force."""
    unit = unit_of(store, kind)
    plans = panel(store, rules)
    plans.show(unit, category, None)
    return plans, unit


def test_without_a_plan_the_form_opens_on_the_units_template(sample_store: Store) -> None:
    plans, unit = opened(sample_store, UnitKind.TILBUD, RiskCategory.GUL)
    template = template_for(RiskCategory.GUL, UnitKind.TILBUD, unit.capacity)
    assert plans.form.instance == template
    assert "Enheden har ingen gemt plan" in plans.heading.value
    assert plans.hours.value == hours_html(template)
    assert plans.mismatch.value == ""
    # the template unchanged needs a reason: at the reason, and saving is not possible
    assert "Skabelonen bruges uændret" in plans.reason_error.value
    assert plans.save_button.disabled
    assert plans.status.value.count("Kan ikke gemmes endnu: 1 fejl (Begrundelse)") == 1
    plans.reason.value = WHY
    assert plans.reason_error.value == ""
    assert not plans.save_button.disabled
    assert plans.status.value == ""


def test_the_reason_error_goes_when_the_plan_is_no_longer_the_template(
    sample_store: Store,
) -> None:
    plans = panel(sample_store)
    plans.show(unit_of(sample_store, UnitKind.TILBUD), RiskCategory.GROEN, None)
    assert plans.reason_error.value != ""
    assert plans.reason.layout.display != "none"  # the field never vanishes
    unannounced = plans.form.control("visits.unannounced_per_year")
    unannounced.value += 1
    assert plans.reason_error.value == ""
    assert plans.template_note.value == ""
    assert not plans.save_button.disabled
    assert plans.reason.layout.display != "none"
    assert "mindst 20 tegn, når skabelonen bruges uændret" in plans.reason_help.value


def test_a_rule_violation_is_one_sentence_at_its_field_and_blocks_saving(
    sample_store: Store,
) -> None:
    plans = panel(sample_store)
    plans.show(unit_of(sample_store, UnitKind.TILBUD), RiskCategory.GROEN, None)
    plans.form.control("visits.announced_per_year").value = 0
    plan = plans.form.instance
    assert plan is not None
    expected = [v.message for v in check_plan(plan, default_ruleset())]
    assert plans.form.errors_at("visits") == tuple(expected)
    assert expected[0] == (
        "Planen har 0 tilsynsbesøg om året, men reglen «Lov om socialtilsyn § 7, stk. 4» "
        f"kræver mindst 1 besøg om året ({UNVERIFIED})."
    )
    assert plans.save_button.disabled
    assert plans.status.value.count("Kan ikke gemmes endnu") == 1
    assert plans.save() is None  # the kernel refuses too, whatever the browser's button
    assert "ret de 2 fejl ved felterne" in plans.status.value
    plans.form.control("visits.unannounced_per_year").value = 1
    assert plans.form.errors_at("visits") == ()
    assert not plans.save_button.disabled  # no longer the template: no reason needed
    assert plans.status.value == ""


def test_a_saved_plan_reopens_in_a_fresh_panel_and_restarting_is_explicit(
    sample_store: Store,
) -> None:
    unit = unit_of(sample_store, UnitKind.TILBUD)
    first = panel(sample_store)
    first.show(unit, RiskCategory.ROED, None)
    first.form.control("visits.unannounced_per_year").value = 3
    first.form.control("visit_scope.hours_per_visit").value = "6,5"
    decision = first.save()
    assert decision is not None
    assert first.saved == [decision]  # type: ignore[attr-defined]
    assert decision.unit_kind is UnitKind.TILBUD
    assert decision.estimated_hours == estimate_hours(decision.plan)
    assert "er gemt af tk-test" in first.status.value
    assert "Kan ikke gemmes" not in first.status.value  # one status at a time
    assert "Planen i kraft, gemt 3. november 2026 kl. 11.00 af tk-test" in first.heading.value

    reload = panel(sample_store)  # a reload: a new kernel, the same store
    in_force = sample_store.plans(unit.id)[-1]
    reload.show(unit, RiskCategory.ROED, in_force)
    assert reload.form.instance == decision.plan
    assert reload.form.control("visits.unannounced_per_year").value == 3
    assert decision.plan.visit_scope.hours_per_visit == 6.5
    assert reload.form.control("visit_scope.hours_per_visit").value == "6,5"
    assert "Planen i kraft, gemt 3. november 2026 kl. 11.00 af tk-test" in reload.heading.value
    assert reload.hours.value == hours_html(decision.plan)
    reload.form.control("visit_scope.hours_per_visit").value = "seks"
    assert reload.form.errors_at("visit_scope.hours_per_visit") == ("skal være et tal",)
    assert reload.save_button.disabled

    reload.restart_button.click()
    template = template_for(RiskCategory.ROED, UnitKind.TILBUD, unit.capacity)
    assert reload.form.instance == template
    assert "gælder, indtil du gemmer" in reload.heading.value
    assert sample_store.plans(unit.id)[-1] == decision  # untouched until saved


def test_a_plan_for_another_colour_is_named_until_a_new_one_is_saved(sample_store: Store) -> None:
    unit = unit_of(sample_store, UnitKind.TILBUD)
    old = panel(sample_store)
    old.show(unit, RiskCategory.GUL, None)
    old.reason.value = WHY
    gul = old.save()
    assert gul is not None
    plans = panel(sample_store)
    plans.show(unit, RiskCategory.ROED, gul)
    assert "Planen i kraft er lavet til" in plans.mismatch.value
    assert "▲ Rød" in plans.mismatch.value
    assert "■ Gul" in plans.mismatch.value
    assert "Lav en ny plan." in plans.mismatch.value
    assert plans.form.instance == template_for(RiskCategory.ROED, UnitKind.TILBUD, unit.capacity)
    plans.form.control("follow_up.follow_up_meetings_per_year").value = 5
    assert "Planen i kraft er lavet til" in plans.mismatch.value  # stays while editing
    assert plans.save() is not None
    assert plans.mismatch.value == ""


def test_a_plejefamilie_is_planned_with_the_familys_sources(sample_store: Store) -> None:
    plans, family = opened(sample_store, UnitKind.PLEJEFAMILIE, RiskCategory.ROED)
    template = template_for(RiskCategory.ROED, UnitKind.PLEJEFAMILIE, family.capacity)
    assert plans.form.instance == template
    assert template.visit_scope.inspectors_per_visit == 1
    boxes = plans.form.control("data_sources.sources").children
    assert [box.description for box in boxes] == [
        label_of(s) for s in offered(UnitKind.PLEJEFAMILIE).data_sources
    ]
    assert "en plejefamilie med" in plans.heading.value
    # a tilbud's source sent directly is refused in Danish and changes nothing
    before = plans.form.draft
    with pytest.raises(ValueError, match="kan ikke vise værdien 'medarbejdere'"):
        plans.form.set_draft({"data_sources": {"sources": ["plejeforaeldre", "medarbejdere"]}})
    assert plans.form.draft == before
    # and the kernel's own check names it, should it reach a plan another way
    tilbud = template_for(RiskCategory.ROED, UnitKind.TILBUD)
    assert plans._violations(tilbud)[-1] == (
        "data_sources.sources",
        "Datakilderne «Medarbejdere», «Borgere/børn», «Pårørende», «Ledelse», «Andre "
        "relevante personer» hører ikke til en plejefamilie; vælg blandt de viste.",
    )
    plans.reason.value = WHY
    decision = plans.save()
    assert decision is not None
    assert decision.unit_kind is UnitKind.PLEJEFAMILIE
    # a tilbud shown next gets the tilbud's form back
    plans.show(unit_of(sample_store, UnitKind.TILBUD), RiskCategory.ROED, None)
    labels = [box.description for box in plans.form.control("data_sources.sources").children]
    assert "Medarbejdere" in labels
    assert "Plejeforældre" not in labels


def test_under_the_2025_rule_set_an_announced_visit_needs_its_reason(sample_store: Store) -> None:
    rules = ruleset("mere-risikobaseret-2025")
    plans, unit = opened(sample_store, UnitKind.TILBUD, RiskCategory.GUL, rules)
    template = template_for(RiskCategory.GUL, UnitKind.TILBUD, unit.capacity, rules)
    assert plans.form.instance == template
    assert template.visits.announced_per_year == 0
    plans.form.control("visits.announced_per_year").value = 1
    (error,) = plans.form.errors_at("visits.announced_reason")
    assert error.startswith("Planen har 1 anmeldt tilsynsbesøg om året, men reglen «L 200")
    assert plans.save_button.disabled
    plans.form.control("visits.announced_reason").value = "Barnet er nyanbragt; besøget aftales."
    assert plans.form.errors_at("visits.announced_reason") == ()
    assert not plans.save_button.disabled
    decision = plans.save()
    assert decision is not None
    assert decision.ruleset_id == rules.id
    assert decision.template_version == rules.templates.version


def test_the_rules_are_shown_with_their_verification(sample_store: Store) -> None:
    plans = panel(sample_store)
    assert plans.rules_note.value.count(f"({UNVERIFIED})") == 2
    l200 = panel(sample_store, ruleset("mere-risikobaseret-2025"))
    assert "L 200 § 1, nr. 11 (uanmeldte tilsynsbesøg som udgangspunkt)</li>" in (
        l200.rules_note.value
    )


def test_a_draft_comes_back_first_and_says_so(sample_store: Store) -> None:
    unit = unit_of(sample_store, UnitKind.TILBUD)
    first = panel(sample_store)
    first.show(unit, RiskCategory.GUL, None)
    first.form.control("visits.unannounced_per_year").value = 4
    first.reason.value = "Halvt skrevet"
    again = panel(sample_store)
    again.show(unit.id, RiskCategory.GUL)  # a caller with the id only
    assert again.form.control("visits.unannounced_per_year").value == 4
    assert again.reason.value == "Halvt skrevet"
    assert RESTORED in again.status.value
    assert RESTORED in again.heading.value
    other_colour = panel(sample_store)
    other_colour.show(unit, RiskCategory.ROED, None)  # a draft for another colour stays away
    assert other_colour.form.instance == template_for(
        RiskCategory.ROED, UnitKind.TILBUD, unit.capacity
    )
