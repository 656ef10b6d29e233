from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tilsynwidgets.assessor import Assessor
from tilsynwidgets.domain.core.categories import Phase, RiskCategory
from tilsynwidgets.domain.core.drafts import DraftKey
from tilsynwidgets.domain.intensity.rulesets import default_ruleset
from tilsynwidgets.domain.risk.criteria import default_catalogue, suggest_category
from tilsynwidgets.domain.risk.current import current_categories
from tilsynwidgets.store.store import Store
from tilsynwidgets.widgets.inspector.app import InspectorApp

NOW = datetime(2026, 11, 3, 10, 0, tzinfo=UTC)
HOSTILE = "<img src=x onerror=alert(1)>"
WHY = HOSTILE + " – flere klager og nyt lederskifte."


def make_app(store: Store, name: str = "tk-test") -> InspectorApp:
    return InspectorApp(
        store,
        Assessor(name, "test"),
        default_catalogue(),
        default_ruleset(),
        store.units_frame(),
        current_categories(store.assessments_frame()),
        clock=lambda: NOW,
    )


@pytest.fixture
def app(sample_store: Store) -> InspectorApp:
    return make_app(sample_store)


def choose(app: InspectorApp, unit_id: str) -> None:
    app.picker.search.value = unit_id
    app.picker.results.value = unit_id


def test_choosing_a_unit_shows_its_suggestion_and_history(app: InspectorApp) -> None:
    assert app.work.layout.display == "none"
    choose(app, "T-00002")
    unit = app.store.unit("T-00002")
    suggestion = suggest_category(unit.signals, default_catalogue(), unit.kind)
    assert suggestion.category is not None
    assert app.work.layout.display is None
    assert "(T-00002)" in app.details.value
    assert "Katalogets forslag" in app.assessment.suggestion_box.value
    assert app.assessment.form.draft["chosen"] is None  # the inspector chooses; nothing is pre-set
    assert "Præ (tilrettelæggelse)" in app.history.value


def test_submit_appends_to_history_and_updates_the_colour(app: InspectorApp) -> None:
    choose(app, "T-00002")
    form = app.assessment.form
    suggested = form.draft["chosen"]
    other = "roed" if suggested != "roed" else "groen"
    before = len(app.store.assessments("T-00002"))
    form.control("phase").value = Phase.POST.value
    form.control("chosen").value = other
    form.control("justification").value = WHY
    assert not form.valid  # a deviation must be justified
    form.control("deviation_justification").value = "Nye oplysninger fra kommunen ændrer billedet."
    assert form.valid
    form.submit_button.click()
    stored = app.store.assessments("T-00002")
    assert len(stored) == before + 1
    latest = stored[-1]
    assert (latest.chosen.value, latest.phase, latest.justification) == (other, Phase.POST, WHY)
    assert latest.assessor == "tk-test"
    assert latest.assessed_at == NOW
    assert "Risikovurderingen er gemt" in app.assessment.status.value
    assert "&lt;img src=x onerror=alert(1)&gt;" in app.history.value
    assert "<img" not in app.history.value
    assert app.picker.categories.loc["T-00002"] == other
    assert app.plan.category is RiskCategory(other)
    assert app.store.load_draft(DraftKey.assessment("tk-test", "T-00002")) is None


def test_post_shows_the_quality_assessment(app: InspectorApp) -> None:
    unit_id = next(u for u in app.store.quality_assessments_frame()["unit_id"])
    choose(app, unit_id)
    assert app.assessment.quality.value == ""
    app.assessment.form.control("phase").value = Phase.POST.value
    assert "<svg" in app.assessment.quality.value
    assert "Seneste kvalitetsvurdering" in app.assessment.quality.value


def test_a_draft_survives_a_new_app(sample_store: Store) -> None:
    first = make_app(sample_store)
    choose(first, "P-00003")
    first.assessment.form.control("justification").value = "Halvfærdig begrundelse"
    second = make_app(sample_store)  # a reload: new kernel, same store and assessor
    choose(second, "P-00003")
    assert second.assessment.form.draft["justification"] == "Halvfærdig begrundelse"
    assert "gendannet" in second.assessment.status.value
    other_person = make_app(sample_store, "tk-andet")
    choose(other_person, "P-00003")
    assert other_person.assessment.form.draft["justification"] == ""


def test_plan_hours_follow_edits_and_rules_block_saving(app: InspectorApp) -> None:
    choose(app, "T-00004")
    plan = app.plan
    plan.restart_button.click()  # the plan tab opens the plan in force; start from the template
    start = plan.hours.value
    assert "Planen er kategoriens skabelon uændret" in plan.template_note.value
    unannounced = plan.form.control("visits.unannounced_per_year")
    unannounced.value = unannounced.value + 1
    assert plan.hours.value != start
    assert plan.template_note.value == ""
    announced = plan.form.control("visits.announced_per_year")
    announced.value, unannounced.value = 0, 0
    assert "kræver mindst 1 besøg om året" in " ".join(plan.form.errors_at("visits"))
    assert plan.save_button.disabled
    before = len(app.store.plans("T-00004"))
    plan.save()  # the kernel refuses as well, whatever the browser sends
    assert len(app.store.plans("T-00004")) == before
    announced.value, unannounced.value = 1, 2
    assert plan.form.errors_at("visits") == ()
    assert not plan.save_button.disabled
    plan.save_button.click()
    assert "er gemt af tk-test" in plan.status.value
    assert len(app.store.plans("T-00004")) == before + 1
    assert app.store.plans("T-00004")[-1].template_unchanged is False


def test_unchanged_template_needs_a_reason(app: InspectorApp) -> None:
    choose(app, "T-00005")
    plan = app.plan
    plan.restart_button.click()
    before = len(app.store.plans("T-00005"))
    assert "Skabelonen bruges uændret" in plan.reason_error.value
    assert plan.save_button.disabled
    plan.save()
    assert len(app.store.plans("T-00005")) == before
    plan.reason.value = "Skabelonen passer: stabil ledelse og få signaler."
    plan.save_button.click()
    saved = app.store.plans("T-00005")[-1]
    assert saved.template_unchanged
    assert saved.reason == "Skabelonen passer: stabil ledelse og få signaler."


def test_summary_counts_units_by_colour(app: InspectorApp) -> None:
    counts = app.picker.categories.value_counts()
    assert app.summary() == (
        f"30 enheder at vælge imellem: {counts.get('roed', 0)} røde, "
        f"{counts.get('gul', 0)} gule, {counts.get('groen', 0)} grønne."
    )


def test_a_fresh_form_shows_no_errors_before_the_inspector_types(app: InspectorApp) -> None:
    choose(app, "T-00006")
    form = app.assessment.form
    assert not form.valid  # a justification is still required
    assert form.errors_at("justification") == ()


def test_colour_choice_carries_symbol_text_and_colour(app: InspectorApp) -> None:
    choose(app, "T-00007")
    toggle = app.assessment.form.control("chosen")
    assert [label for label, _ in toggle.options] == ["● Grøn", "■ Gul", "▲ Rød"]
    toggle.value = "roed"
    assert "▲ Rød" in app.assessment.chosen_badge.value
    assert "#C62828" in app.assessment.chosen_badge.value


def test_the_category_in_force_is_on_the_card_after_saving_against_the_suggestion(
    app: InspectorApp,
) -> None:
    unit_id = "T-00003"
    choose(app, unit_id)
    unit = app.store.unit(unit_id)
    suggested = suggest_category(unit.signals, default_catalogue(), unit.kind).category
    form = app.assessment.form
    chosen = "roed" if suggested is not RiskCategory.ROED else "gul"
    form.control("chosen").value = chosen
    form.control("justification").value = "Mange klager og et nyt lederskifte i år."
    form.control(
        "deviation_justification"
    ).value = "Kommunens bekymring vejer tungere end signalerne."
    form.submit_button.click()
    label = "▲ Rød" if chosen == "roed" else "■ Gul"
    assert "Kategori i kraft</th><td>" in app.standing.value
    order = list(app.work.children)
    # Right under the unit's name, before its signals and the tabs.
    assert order.index(app.details) < order.index(app.standing) < order.index(app.signals)
    assert label in app.standing.value.split("Plan i kraft")[0]
    assert "3. november 2026 kl. 11.00 · af tk-test" in app.standing.value
    assert app.assessment.form.draft["chosen"] is None  # the next assessment starts unchosen


def test_the_saved_plan_comes_back_in_a_new_app_and_a_new_colour_asks_for_a_new_plan(
    sample_store: Store,
) -> None:
    first = make_app(sample_store)
    unit_id = "T-00008"
    choose(first, unit_id)
    plan = first.plan
    plan.restart_button.click()
    visits = plan.form.control("visits.unannounced_per_year")
    visits.value = visits.value + 2
    plan.save_button.click()
    saved = sample_store.plans(unit_id)[-1]
    assert "er gemt af tk-test" in plan.status.value
    second = make_app(sample_store)  # a reload
    choose(second, unit_id)
    assert second.plan.form.instance == saved.plan
    assert "Planen i kraft" in second.plan.heading.value
    assert "uanmeldte besøg om året" in second.standing.value
    assert "⚠" not in second.standing.value
    # A new colour: the card and the plan tab both say the plan no longer fits.
    other = "roed" if saved.category.value != "roed" else "groen"
    form = second.assessment.form
    form.control("chosen").value = other
    form.control("justification").value = "Nye oplysninger ændrer risikobilledet markant."
    if not form.valid:
        form.control(
            "deviation_justification"
        ).value = "Nye oplysninger vejer tungere end forslaget."
    form.submit_button.click()
    assert "⚠ Planen er lavet til" in second.standing.value
    assert second.plan.mismatch.value != ""
    second.plan.reason.value = "Skabelonen passer til den nye risikovurdering af enheden."
    second.plan.save_button.click()
    assert sample_store.plans(unit_id)[-1].category.value == other
    assert "⚠" not in second.standing.value
    assert second.plan.mismatch.value == ""


def test_a_quality_assessment_saved_in_its_tab_is_offered_to_the_post_assessment(
    app: InspectorApp,
) -> None:
    unit_id = "P-00004"
    before = app.store.quality_assessments(unit_id)
    choose(app, unit_id)
    form = app.assessment.form
    form.control("phase").value = Phase.POST.value
    if not before:
        assert "Enheden har ingen kvalitetsvurdering" in app.assessment.quality.value
    sheet = app.quality.sheet
    assert sheet is not None
    theme = app.quality.model.themes[0] if app.quality.model else None
    assert theme is not None
    for indicator in theme.indicator_ids:
        sheet.scores[indicator].value = 4
    app.quality.save_button.click()
    after = app.store.quality_assessments(unit_id)
    assert len(after) == len(before) + 1
    assert app.tabs.selected_index == 2
    assert app.tabs.titles[2] == "Kvalitetsvurdering"
    app.assessment.form.control("phase").value = Phase.POST.value
    assert app.assessment.chosen_quality == after[-1]  # the newest is offered first


def test_my_team_is_offered_when_the_assessor_has_one(sample_store: Store) -> None:
    team = str(sample_store.units_frame()["team"].iloc[0])
    app = InspectorApp(
        sample_store,
        Assessor("tk-test", "test", team),
        default_catalogue(),
        default_ruleset(),
        sample_store.units_frame(),
        current_categories(sample_store.assessments_frame()),
        clock=lambda: NOW,
    )
    listed = {value for _, value in app.picker.results.options}
    units = sample_store.units_frame()
    assert listed == set(units.loc[units["team"] == team, "id"])
