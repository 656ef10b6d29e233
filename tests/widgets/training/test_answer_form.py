"""The answer form, headless: Danish refusals call nothing; valid answers reach the hook with
and without a plan; saved answers are restored; a closed round locks the form; the plan
follows the colour's template until the participant changes it."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import ipywidgets as widgets
import pytest

from tilsynwidgets.domain.core.categories import RiskCategory
from tilsynwidgets.domain.core.danish_numbers import danish_number
from tilsynwidgets.domain.core.kinds import UnitKind
from tilsynwidgets.domain.intensity.plans import IntensityPlan, estimate_hours, template_for
from tilsynwidgets.domain.intensity.templates import offered
from tilsynwidgets.domain.labels import label_of
from tilsynwidgets.domain.risk.assessment import MIN_JUSTIFICATION
from tilsynwidgets.domain.training.sessions import Answer
from tilsynwidgets.domain.training.vignettes import vignettes
from tilsynwidgets.widgets.training.answer_form import (
    PLAN_TOGGLE,
    SUBMIT_TEXT,
    AnswerForm,
    AnswerInput,
)

WHY = "Tre klager og et lederskifte peger på moderat risiko."
HOSTILE = "<img src=x onerror=alert(1)>"
WHEN = datetime(2026, 1, 5, 10, 5, tzinfo=UTC)  # 11:05 in Copenhagen (winter time)


def stamp(given: AnswerInput) -> Answer:
    """The answer a participant app would store."""
    return given.to_answer(
        session_code="K7M2QX",
        round_no=2,
        participant_id="a" * 32,
        vignette_id="v01-glentebakken",
        submitted_at=WHEN,
    )


class Hook:
    """Records what the form hands over."""

    def __init__(self) -> None:
        self.calls: list[AnswerInput] = []

    def __call__(self, answer: AnswerInput) -> None:
        self.calls.append(answer)


@pytest.fixture
def hook() -> Hook:
    return Hook()


@pytest.fixture
def form(hook: Hook) -> AnswerForm:
    return AnswerForm(hook)


def fill(form: AnswerForm, category: str = "gul", why: str = WHY) -> None:
    form.form.control("category").value = category
    form.form.control("justification").value = why


def plan_of(form: AnswerForm) -> IntensityPlan:
    return IntensityPlan.model_validate(form.plan_form.draft)


def saved_answer(plan: IntensityPlan | None) -> Answer:
    return stamp(AnswerInput(RiskCategory.ROED, WHY, plan))


def inputs(widget: widgets.Widget) -> list[widgets.Widget]:
    """Every widget with a ``disabled`` trait in a tree (the inputs and buttons)."""
    found = [widget] if widget.has_trait("disabled") else []
    return found + [w for child in getattr(widget, "children", ()) for w in inputs(child)]


def test_the_form_starts_blank_with_danish_texts(form: AnswerForm) -> None:
    colours = form.form.control("category")
    assert isinstance(colours, widgets.ToggleButtons)
    assert colours.value is None
    assert [label for label, _ in colours.options] == ["● Grøn", "■ Gul", "▲ Rød"]
    text = form.form.control("justification")
    assert isinstance(text, widgets.Textarea)
    assert f"Mindst {MIN_JUSTIFICATION} tegn" in text.placeholder
    assert form.plan_toggle.description == PLAN_TOGGLE
    assert form.submit_button.description == SUBMIT_TEXT
    assert form.plan_box.layout.display == "none"
    assert form.category is None


def test_missing_colour_and_short_justification_are_refused_in_danish(
    form: AnswerForm, hook: Hook
) -> None:
    form.form.control("justification").value = "For kort"
    form.submit_button.click()
    assert hook.calls == []
    assert "Svaret er ikke afgivet" in form.status.value
    assert "Risikokategori: skal udfyldes" in form.status.value
    assert f"mindst {MIN_JUSTIFICATION} tegn" in form.status.value
    assert form.form.errors_at("category") == ("skal udfyldes",)
    assert form.form.errors_at("justification") == (
        f"en faglig begrundelse på mindst {MIN_JUSTIFICATION} tegn er påkrævet",
    )


@pytest.mark.parametrize(
    ("category", "why", "message"),
    [
        (None, WHY, "Risikokategori: skal udfyldes"),
        ("roed", " " * 30 + "kort", "Faglig begrundelse: en faglig begrundelse på mindst"),
    ],
)
def test_each_problem_alone_blocks_the_answer(
    form: AnswerForm, hook: Hook, category: str | None, why: str, message: str
) -> None:
    form.form.control("category").value = category
    form.form.control("justification").value = why
    assert form.submit() is None
    form.submit_button.click()
    assert hook.calls == []
    assert message in form.status.value


def test_a_valid_answer_without_plan_reaches_the_hook(form: AnswerForm, hook: Hook) -> None:
    fill(form, "gul")
    form.submit_button.click()
    assert hook.calls == [AnswerInput(RiskCategory.GUL, WHY, None)]
    assert form.status.value == ""
    answer = stamp(hook.calls[0])
    assert (answer.category, answer.justification, answer.plan) == (RiskCategory.GUL, WHY, None)
    assert answer.vignette_id == "v01-glentebakken"


def test_a_valid_answer_with_an_edited_plan_reaches_the_hook(form: AnswerForm, hook: Hook) -> None:
    fill(form, "roed")
    form.plan_toggle.value = True
    assert form.plan_box.layout.display is None
    form.plan_form.control("visits.unannounced_per_year").value = 3
    form.submit_button.click()
    expected = template_for(RiskCategory.ROED).model_copy(
        update={
            "visits": template_for(RiskCategory.ROED).visits.model_copy(
                update={"unannounced_per_year": 3}
            )
        }
    )
    assert len(hook.calls) == 1
    assert hook.calls[0].category is RiskCategory.ROED
    assert hook.calls[0].plan == expected


def test_unticking_the_plan_leaves_it_out(form: AnswerForm, hook: Hook) -> None:
    fill(form, "groen")
    form.plan_toggle.value = True
    form.plan_toggle.value = False
    form.submit_button.click()
    assert hook.calls[0].plan is None


def test_an_invalid_or_unlawful_plan_blocks_the_answer(form: AnswerForm, hook: Hook) -> None:
    fill(form, "gul")
    form.plan_toggle.value = True
    form.plan_form.control("visits.announced_per_year").value = -1
    form.submit_button.click()
    assert hook.calls == []
    assert "Anmeldte tilsynsbesøg om året: skal være mindst 0" in form.status.value
    assert "ret felterne" in form.hours.value
    form.plan_form.control("visits.announced_per_year").value = 0
    form.plan_form.control("visits.unannounced_per_year").value = 0
    form.submit_button.click()
    assert hook.calls == []
    assert "Planen har 0 tilsynsbesøg om året" in form.status.value


def test_the_hours_estimate_is_live(form: AnswerForm) -> None:
    form.plan_toggle.value = True
    assert "Vælg først en risikokategori" in form.plan_note.value
    assert form.plan_form.layout.display == "none"
    fill(form, "gul")
    assert form.plan_form.layout.display is None
    hours = f"{estimate_hours(template_for(RiskCategory.GUL)):g}".replace(".", ",")
    assert f"Anslåede timer om året:</b> {hours}" in form.hours.value
    form.plan_form.control("visit_scope.inspectors_per_visit").value = 3
    changed = f"{estimate_hours(plan_of(form)):g}".replace(".", ",")
    assert changed != hours
    assert f"Anslåede timer om året:</b> {changed}" in form.hours.value


def test_the_plan_follows_the_colour_until_edited(form: AnswerForm) -> None:
    form.plan_toggle.value = True
    form.form.control("category").value = "gul"
    assert plan_of(form) == template_for(RiskCategory.GUL)
    form.form.control("category").value = "roed"
    assert plan_of(form) == template_for(RiskCategory.ROED)
    assert "Udgangspunkt: skabelonen for" in form.plan_note.value
    assert form.reset_button.layout.display == "none"
    form.plan_form.control("follow_up.follow_up_meetings_per_year").value = 9
    edited = plan_of(form)
    form.form.control("category").value = "groen"
    assert plan_of(form) == edited  # the participant's own plan is kept
    assert "Du har tilpasset planen" in form.plan_note.value
    assert form.reset_button.layout.display is None
    form.reset_button.click()
    assert plan_of(form) == template_for(RiskCategory.GROEN)
    form.form.control("category").value = "gul"  # following again
    assert plan_of(form) == template_for(RiskCategory.GUL)


def test_the_plan_follows_the_colour_while_hidden_too(form: AnswerForm, hook: Hook) -> None:
    fill(form, "groen")
    form.form.control("category").value = "roed"
    form.plan_toggle.value = True
    assert plan_of(form) == template_for(RiskCategory.ROED)
    form.submit_button.click()
    assert hook.calls[0].plan == template_for(RiskCategory.ROED)


def test_show_answer_restores_colour_justification_and_plan(form: AnswerForm, hook: Hook) -> None:
    template = template_for(RiskCategory.ROED)
    plan = template.model_copy(
        update={"visits": template.visits.model_copy(update={"announced_per_year": 5})}
    )
    form.show_answer(saved_answer(plan))
    assert form.form.control("category").value == "roed"
    assert form.category is RiskCategory.ROED
    assert form.form.control("justification").value == WHY
    assert form.plan_toggle.value is True
    assert plan_of(form) == plan
    assert form.status.value == ""
    assert form.form.errors_at("justification") == ()
    form.form.control("category").value = "gul"  # an edited plan does not follow
    assert plan_of(form) == plan
    form.submit_button.click()
    assert hook.calls == [AnswerInput(RiskCategory.GUL, WHY, plan)]


def test_show_answer_without_plan_and_blank(form: AnswerForm) -> None:
    fill(form, "gul")
    form.plan_toggle.value = True
    form.show_answer(saved_answer(None))
    assert form.form.control("category").value == "roed"
    assert form.plan_toggle.value is False
    assert plan_of(form) == template_for(RiskCategory.ROED)
    form.form.control("category").value = "groen"  # the untouched template follows
    assert plan_of(form) == template_for(RiskCategory.GROEN)
    form.show_answer(None)
    assert form.form.control("category").value is None
    assert form.form.control("justification").value == ""
    assert form.plan_toggle.value is False
    assert form.category is None
    assert form.form.errors_at("category") == ()


def test_restoring_neither_autosaves_nor_follows_nor_counts_as_a_change(hook: Hook) -> None:
    drafts: list[dict[str, Any]] = []
    form = AnswerForm(hook, on_draft=drafts.append)
    template = template_for(RiskCategory.ROED)
    plan = template.model_copy(
        update={"visits": template.visits.model_copy(update={"announced_per_year": 5})}
    )
    form.show_answer(saved_answer(plan))
    form.saved(WHEN)
    form.show_draft(
        {
            "category": "gul",
            "justification": WHY,
            "plans": True,
            "plan": plan.model_dump(mode="json"),
        }
    )
    form.lock(True)
    form.lock(False)
    assert drafts == []  # only what the participant does is autosaved
    assert plan_of(form) == plan  # the restored plan did not follow the colour
    form.show_answer(saved_answer(None))
    form.saved(WHEN)
    form.show_answer(None)
    form.lock(False)
    assert drafts == []
    assert form.plan_toggle.value is False
    assert form.category is None
    form.saved(WHEN)
    form.plan_toggle.value = True
    assert "Du har ændret svaret" in form.status.value
    form.form.control("category").value = "gul"
    assert plan_of(form) == template_for(RiskCategory.GUL)
    assert [draft["plans"] for draft in drafts] == [True, True]
    assert drafts[-1]["category"] == "gul"


def test_lock_disables_every_input_and_refuses_submit(form: AnswerForm, hook: Hook) -> None:
    fill(form, "gul")
    form.plan_toggle.value = True
    form.lock(True)
    assert form.locked
    controls = inputs(form)
    assert form.form.control("category") in controls
    assert form.form.control("justification") in controls
    assert form.plan_toggle in controls
    assert form.submit_button in controls
    assert form.plan_form.control("visits.announced_per_year") in controls
    assert all(widget.disabled for widget in controls)
    assert "Runden er lukket" in form.lock_note.value
    form.submit_button.click()
    assert hook.calls == []
    assert "Runden er lukket" in form.status.value
    form.lock(False)
    assert not any(widget.disabled for widget in inputs(form))
    assert form.lock_note.layout.display == "none"
    form.submit_button.click()
    assert len(hook.calls) == 1


def test_the_status_line_reports_what_the_caller_says(form: AnswerForm) -> None:
    form.saved(WHEN)
    assert "Gemt kl. 11.05" in form.status.value
    form.form.control("justification").value = WHY + " Og mere."
    assert "Du har ændret svaret" in form.status.value
    form.error(f"Svaret blev ikke gemt: {HOSTILE}")
    assert "<img" not in form.status.value
    assert "&lt;img" in form.status.value


def test_a_failing_hook_is_shown(hook: Hook) -> None:
    def refuse(_answer: AnswerInput) -> None:
        raise ValueError("runden er lukket i mellemtiden")

    form = AnswerForm(refuse)
    fill(form)
    form.submit_button.click()
    assert "runden er lukket i mellemtiden" in form.status.value


def test_a_plejefamilie_vignette_plans_with_the_familys_template_and_sources(hook: Hook) -> None:
    unit = next(v.unit for v in vignettes().vignettes if v.kind is UnitKind.PLEJEFAMILIE)
    form = AnswerForm(hook, unit=unit)
    fill(form, "roed")
    form.plan_toggle.value = True
    expected = template_for(RiskCategory.ROED, UnitKind.PLEJEFAMILIE, unit.capacity)
    assert plan_of(form) == expected
    assert expected.visit_scope.inspectors_per_visit == 1
    boxes = form.plan_form.control("data_sources.sources").children
    assert [box.description for box in boxes] == [
        label_of(s) for s in offered(UnitKind.PLEJEFAMILIE).data_sources
    ]
    assert f"{danish_number(estimate_hours(expected))}" in form.hours.value
    form.submit_button.click()
    assert hook.calls[-1].plan == expected
    old = saved_answer(template_for(RiskCategory.ROED))  # a tilbud's sources, saved earlier
    form.show_answer(old)
    assert plan_of(form) == expected  # the template: the family form cannot show them
