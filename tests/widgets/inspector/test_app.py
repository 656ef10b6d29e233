from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd
import pytest
from tests.widgets.unit._information_store import FAMILY, TILBUD, information, small_store

from tilsynwidgets.assessor import Assessor
from tilsynwidgets.domain.access.person import person_from_groups
from tilsynwidgets.domain.core.categories import Phase, RiskCategory
from tilsynwidgets.domain.core.drafts import DraftKey
from tilsynwidgets.domain.intensity.rulesets import default_ruleset
from tilsynwidgets.domain.risk.assessment import RiskAssessment
from tilsynwidgets.domain.risk.criteria import default_catalogue, suggest_category
from tilsynwidgets.domain.risk.current import current_categories
from tilsynwidgets.presentation.html import escape
from tilsynwidgets.store.guarded import GuardedStore
from tilsynwidgets.store.store import Store
from tilsynwidgets.widgets.inspector.app import TABS, InspectorApp

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

    def word(code: str, one: str, many: str) -> str:
        count = int(counts.get(code, 0))
        return f"{count} {one if count == 1 else many}"

    assert app.summary() == (
        f"30 enheder at vælge imellem: {word('roed', 'rød', 'røde')}, "
        f"{word('gul', 'gul', 'gule')}, {word('groen', 'grøn', 'grønne')}."
    )
    app.picker.categories = pd.Series(["roed", "gul", "gul"], index=["A", "B", "C"])
    assert app.summary().endswith(": 1 rød, 2 gule, 0 grønne.")


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
    assert app.tabs.selected_index == TABS.index("Kvalitetsvurdering")
    assert app.tabs.titles[app.tabs.selected_index] == "Kvalitetsvurdering"
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


# -- new information, the queue and the third moment ---------------------------------------

AS_OF = date(2026, 11, 1)
NO_CHANGE_WHY = "Henvendelsen er undersøgt ved et uanmeldt besøg; intet nyt om risikoen."


@pytest.fixture
def small(tmp_path: Path) -> Iterator[Store]:
    with small_store(tmp_path) as store:
        store.append_assessment(
            RiskAssessment(
                unit_id=TILBUD.id,
                phase=Phase.PRAE,
                chosen=RiskCategory.GROEN,
                justification="Stabil drift og ingen bekymrende henvendelser.",
                based_on=("risikosignaler",),
                assessor="tk-test",
                assessed_at=datetime(2026, 9, 1, 12, tzinfo=UTC),
            )
        )
        yield store


def small_app(store: Store) -> InspectorApp:
    return InspectorApp(
        store,
        Assessor("tk-test", "test"),
        default_catalogue(),
        default_ruleset(),
        store.units_frame(as_of=AS_OF),
        current_categories(store.assessments_frame()),
        clock=lambda: NOW,
        as_of=AS_OF,
    )


def register_whistleblower(app: InspectorApp) -> int:
    """Through the tab 'Oplysninger', as the inspector does."""
    form = app.information.form
    form.form.set_draft(
        {
            "kind": "whistleblower",
            "concerns_on": "2026-10-30",
            "received_on": "2026-10-31",
            "origin": "anonym",
            "description": "Anonym henvendelse om manglende nattevagt.",
        }
    )
    form.form.submit_button.click()
    assert "er gemt som nr." in form.status.value
    return max(record.id for record in app.store.information(TILBUD.id))


def test_the_tabs_put_the_information_after_the_categorisation(small: Store) -> None:
    app = small_app(small)
    choose(app, TILBUD.id)
    assert app.tabs.titles[:2] == ("Risikokategorisering", "Oplysninger")
    assert app.tabs.children[1].children == (app.information,)
    assert app.children.index(app.queue) < app.children.index(app.picker)


def test_registering_a_whistleblower_report_queues_the_unit_and_a_decision_takes_it_off(
    small: Store,
) -> None:
    app = small_app(small)
    assert app.queue.listed() == []
    assert app.waiting() == "0 enheder venter på stillingtagen; 0 har ventet over 30 dage."
    choose(app, TILBUD.id)
    ident = register_whistleblower(app)
    assert app.waiting() == "1 enhed venter på stillingtagen; 0 har ventet over 30 dage."
    assert app.tabs.selected_index == TABS.index("Oplysninger")
    # Listed as news, the signal counts it, the queue names it.
    assert next(item.id for item in app.information.list.rows_shown()) == ident
    assert "1 ny oplysning siden seneste vurdering" in app.information.list.summary.value
    assert "Whistleblowerhenvendelser</th><td>1</td>" in app.signals.value
    assert app.queue.listed() == [TILBUD.id]
    assert "Whistleblowerhenvendelse kræver stillingtagen" in app.queue.rows[0].text.value
    assert "1 kræver stillingtagen" in app.assessment.news.value
    # The decision: the colour in force, "ingen ændring", with a reason.
    form = app.assessment.form
    assert form.draft["phase"] == Phase.NY.value
    form.control("chosen").value = RiskCategory.GROEN.value
    assert "«ingen ændring»" in app.assessment.chosen_badge.value
    form.control("justification").value = NO_CHANGE_WHY
    if not form.valid:
        form.control("deviation_justification").value = "Forslaget bygger på for lidt viden."
    form.submit_button.click()
    latest = small.assessments(TILBUD.id)[-1]
    assert (latest.phase, latest.chosen, latest.information) == (
        Phase.NY,
        RiskCategory.GROEN,
        (ident,),
    )
    assert app.queue.listed() == []
    assert "<b>Nye oplysninger</b>" in app.history.value
    assert "Tog stilling til 1 oplysning: Whistleblowerhenvendelse" in app.history.value
    assert app.assessment.news.value == ""


def test_the_queue_opens_a_unit_at_its_information(small: Store) -> None:
    small.append_information(
        information(
            FAMILY.id, "sammenbrud", date(2026, 10, 10), description="Anbringelsen brød sammen."
        )
    )
    app = small_app(small)
    assert app.queue.listed() == [FAMILY.id]
    app.queue.rows[0].open.click()
    assert app.picker.unit_id == FAMILY.id
    assert "(P-00001)" in app.details.value
    assert app.tabs.selected_index == TABS.index("Oplysninger")
    assert "Sammenbrud i anbringelsen" in app.information.list.news.rows[0].html.value
    # The picker's filters narrow the queue too.
    app.picker.unit_type.value = "voksne_botilbud"
    assert app.queue.listed() == []
    app.picker.unit_type.value = ""
    assert app.queue.listed() == [FAMILY.id]


def test_a_correction_from_the_list_stays_on_the_unit(small: Store) -> None:
    app = small_app(small)
    choose(app, TILBUD.id)
    ident = register_whistleblower(app)
    row = app.information.list.news.rows[0]
    assert row.item is not None
    assert row.item.id == ident
    row.correct.click()
    form = app.information.form
    assert f"Ret oplysning nr. {ident}" in form.heading.value
    form.form.set_draft({"antal": "2"})
    form.form.submit_button.click()
    fixed = small.information(TILBUD.id)[-1].information
    assert (fixed.replaces, fixed.values.antal) == (ident, 2)
    assert "Whistleblowerhenvendelser</th><td>2</td>" in app.signals.value
    old = next(r for r in app.information.list.news.rows if r.item and r.item.id == ident)
    assert "<del" in old.html.value
    assert old.buttons.layout.display == "none"


# -- opened from a link in another app's drill-down -----------------------------------------


def _as(store: Store, *groups: str) -> InspectorApp:
    """The app as a person of ``groups`` opens it (the store guarded for them)."""
    guarded = GuardedStore(store, person_from_groups("anne", groups), b"k" * 32)
    return InspectorApp(
        guarded,
        Assessor("anne", "test"),
        default_catalogue(),
        default_ruleset(),
        guarded.units_frame(),
        current_categories(guarded.assessments_frame()),
        clock=lambda: NOW,
    )


def test_a_link_opens_the_app_with_its_unit_chosen(sample_store: Store) -> None:
    units = sample_store.units_frame()
    unit_id = str(units.loc[units["socialtilsyn"] == "syd", "id"].iloc[0])
    app = _as(sample_store, "tilsynsfoerende-syd")
    app.open_linked(unit_id)
    assert app.picker.unit_id == unit_id
    assert app.work.layout.display is None
    assert unit_id in app.details.value
    assert app.status.value == ""


@pytest.mark.parametrize("where", ["unknown", "another socialtilsyn"])
def test_a_link_to_a_unit_the_person_may_not_see_says_it_does_not_exist(
    sample_store: Store, where: str
) -> None:
    units = sample_store.units_frame()
    unit_id = (
        "T-99999<b>"
        if where == "unknown"
        else str(units.loc[units["socialtilsyn"] == "nord", "id"].iloc[0])
    )
    app = _as(sample_store, "tilsynsfoerende-syd")
    app.open_linked(unit_id)
    assert app.picker.unit_id == ""
    assert app.work.layout.display == "none"
    assert f"Enheden &#x27;{escape(unit_id)}&#x27; findes ikke i databasen." in app.status.value
    assert "<b>" not in app.status.value
