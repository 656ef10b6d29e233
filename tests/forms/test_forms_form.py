"""ModelForm end to end, headless: draft, Danish errors in place, submit, restore, callbacks."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import ipywidgets as widgets
import pytest
from ipywidgets.widgets.widget import _instances
from pydantic import BaseModel, Field

from tilsynwidgets.domain.core.categories import Phase, RiskCategory
from tilsynwidgets.domain.core.kinds import UnitKind
from tilsynwidgets.domain.core.refusals import UNEXPECTED_FAILURE
from tilsynwidgets.domain.intensity.plans import IntensityPlan, template_for
from tilsynwidgets.domain.risk.assessment import InformationSource, RiskAssessment
from tilsynwidgets.forms import FormInvalid, ModelForm, UnsupportedFieldError
from tilsynwidgets.store.errors import StoreError

HOSTILE = "<img src=x onerror=alert(1)>"
FIXED: dict[str, Any] = {
    "unit_id": "T-0001",
    "assessor": "Anne Tilsyn",
    "assessed_at": datetime(2026, 1, 5, 9, 0, tzinfo=UTC),
    "suggested": RiskCategory.GUL,
}
REASON = "Flere magtanvendelser og ny leder i tilbuddet."
DEVIATION = "Whistleblowerhenvendelsen vejer tungere end kriterierne."


def _assessment_form(**kwargs: Any) -> ModelForm[RiskAssessment]:
    return ModelForm(
        RiskAssessment,
        fixed=FIXED,
        exclude=("reasons", "catalogue_version", "unknown_signals", "quality", "information"),
        **kwargs,
    )


@pytest.fixture
def form() -> Iterator[ModelForm[RiskAssessment]]:
    built = _assessment_form()
    yield built
    built.close()


def _fill(form: ModelForm[RiskAssessment], chosen: str = "gul") -> None:
    form.control("phase").value = "prae"
    form.control("chosen").value = chosen
    form.control("justification").value = REASON
    form.control("based_on").children[0].value = True  # Risikosignaler


def _buttons(widget: widgets.Widget, description: str) -> list[widgets.Button]:
    """Every button with ``description`` in a widget tree, in display order."""
    if isinstance(widget, widgets.Button):
        return [widget] if widget.description == description else []
    return [b for child in getattr(widget, "children", ()) for b in _buttons(child, description)]


def _html(widget: widgets.Widget) -> list[str]:
    """Every HTML text in a widget tree."""
    found = [widget.value] if isinstance(widget, widgets.HTML) else []
    for child in getattr(widget, "children", ()):
        found += _html(child)
    return found


def test_widget_changes_update_the_draft(form: ModelForm[RiskAssessment]) -> None:
    assert form.paths == ("phase", "chosen", "justification", "deviation_justification", "based_on")
    assert form.draft == {
        "phase": None,
        "chosen": None,
        "justification": "",
        "deviation_justification": "",
        "based_on": [],
    }
    _fill(form)
    form.control("based_on").children[4].value = True  # Økonomiske oplysninger
    assert form.draft == {
        "phase": "prae",
        "chosen": "gul",
        "justification": REASON,
        "deviation_justification": "",
        "based_on": ["risikosignaler", "oekonomi"],
    }
    form.control("based_on").children[0].value = False
    assert form.draft["based_on"] == ["oekonomi"]


def test_labels_are_danish(form: ModelForm[RiskAssessment]) -> None:
    chosen = form.control("chosen")
    assert isinstance(chosen, widgets.ToggleButtons)
    assert {label for label, _ in chosen.options} == {"Rød", "Gul", "Grøn"}
    phase = form.control("phase")
    assert [label for label, _ in phase.options] == [
        "Præ (tilrettelæggelse)",
        "Post (efter kvalitetsvurdering)",
        "Nye oplysninger",
    ]
    assert "<b>Valgt risikokategori</b>" in _html(form)
    assert form.submit_button is not None
    assert form.submit_button.description == "Gem"
    other = ModelForm(IntensityPlan, submit_text="Godkend plan")
    assert other.submit_button is not None
    assert other.submit_button.description == "Godkend plan"
    other.close()
    assert ModelForm(IntensityPlan, submit_text=None).submit_button is None


def test_errors_wait_until_a_field_is_touched(form: ModelForm[RiskAssessment]) -> None:
    assert form.errors_at("justification") == ()
    assert len(form.problems) == 4  # all four required fields are unanswered
    assert form.submit_button is not None
    assert form.submit_button.disabled
    assert any("Kan ikke gemmes endnu: 4 fejl" in text for text in _html(form))


def test_short_justification_shows_danish_error_and_blocks_submit(
    form: ModelForm[RiskAssessment],
) -> None:
    _fill(form)
    form.control("justification").value = "for kort"
    message = "en faglig begrundelse på mindst 20 tegn er påkrævet"
    assert form.errors_at("justification") == (message,)
    assert message in form.error_line("justification").value
    assert form.error_line("justification").layout.display is None
    assert form.errors_at("chosen") == ()
    assert form.submit_button is not None
    assert form.submit_button.disabled
    with pytest.raises(FormInvalid) as caught:
        form.submit()
    assert [(p.path, p.message) for p in caught.value.problems] == [("justification", message)]


def test_deviation_from_suggestion_is_shown_at_its_field(
    form: ModelForm[RiskAssessment],
) -> None:
    _fill(form, chosen="roed")  # suggested is gul
    assert [p.path for p in form.problems] == ["deviation_justification"]
    with pytest.raises(FormInvalid):
        form.submit()
    (message,) = form.errors_at("deviation_justification")
    assert "afviger fra forslaget" in message
    assert "afviger fra forslaget" in form.error_line("deviation_justification").value
    assert form.errors_at("") == ()
    assert form.errors_at("chosen") == ()
    form.control("deviation_justification").value = DEVIATION
    assert form.errors_at("deviation_justification") == ()
    assert form.valid


def test_valid_form_submits_an_equal_model(form: ModelForm[RiskAssessment]) -> None:
    _fill(form)
    assert form.submit_button is not None
    assert not form.submit_button.disabled
    expected = RiskAssessment(
        **FIXED,
        phase=Phase.PRAE,
        chosen=RiskCategory.GUL,
        justification=REASON,
        based_on=(InformationSource.RISIKOSIGNALER,),
    )
    assert form.submit() == expected
    assert form.instance == expected


def test_set_draft_restores_widgets_and_draft_without_echo(form: ModelForm[RiskAssessment]) -> None:
    _fill(form, chosen="roed")
    form.control("deviation_justification").value = DEVIATION
    saved = form.draft
    restored = _assessment_form()
    calls: list[dict[str, Any]] = []
    restored.on_change(calls.append)
    restored.set_draft(saved)
    assert restored.draft == saved
    assert calls == [saved]  # one notification, no ping-pong from the widgets it wrote
    assert restored.control("chosen").value == "roed"
    assert restored.control("justification").value == REASON
    assert [box.value for box in restored.control("based_on").children][:2] == [True, False]
    assert restored.submit() == form.submit()
    restored.set_draft(RiskAssessment(**{**form.submit().model_dump(), "chosen": "gul"}))
    assert restored.control("chosen").value == "gul"
    restored.close()


def test_set_draft_is_no_edit_and_touches_nothing(form: ModelForm[RiskAssessment]) -> None:
    changes: list[dict[str, Any]] = []
    edits: list[dict[str, Any]] = []
    form.on_change(changes.append)
    form.on_edit(edits.append)
    restored = {"phase": "prae", "chosen": "roed", "justification": "kort"}
    form.set_draft(
        {**restored, "based_on": ["risikosignaler"], "deviation_justification": DEVIATION},
        fresh=True,
    )
    form.set_draft({"deviation_justification": ""}, fresh=True)  # an optional text: blank
    assert len(changes) == 2
    assert edits == []  # an autosave on_edit would not save what it just restored
    assert form.errors_at("justification") == ()  # writing the widget touched nothing
    assert form.errors_at("deviation_justification") == ()
    form.control("justification").value = REASON
    form.control("based_on").children[1].value = True
    assert edits == changes[2:] == [changes[2], form.draft]
    assert form.draft["based_on"] == ["risikosignaler", "kvalitetsvurdering"]


def test_set_draft_refuses_unshowable_values_and_changes_nothing(
    form: ModelForm[RiskAssessment],
) -> None:
    _fill(form)
    before = form.draft
    with pytest.raises(ValueError, match=r"'chosen'.*kan ikke vise værdien 'lilla'"):
        form.set_draft({"justification": "ny tekst", "chosen": "lilla"})
    assert form.draft == before
    assert form.control("justification").value == REASON
    form.set_draft({"unknown": 1, "unit_id": "ignored"})  # not shown: ignored
    assert form.draft == before


def test_nested_plan_shows_range_error_under_the_field() -> None:
    form = ModelForm(IntensityPlan, initial=template_for(RiskCategory.GUL))
    assert form.valid
    form.control("visits.announced_per_year").value = -1
    assert form.draft["visits"]["announced_per_year"] == -1
    assert form.control("visits.announced_per_year").value == -1  # never clamped
    assert form.errors_at("visits.announced_per_year") == ("skal være mindst 0",)
    assert form.errors_at("visits.unannounced_per_year") == ()
    assert form.instance is None
    form.close()


def test_choices_given_at_run_time_are_all_the_form_offers_and_holds() -> None:
    family = template_for(RiskCategory.GROEN, UnitKind.PLEJEFAMILIE)
    offered = ["plejeforaeldre", "plejeboern", "netvaerk"]
    form = ModelForm(
        IntensityPlan,
        initial=family,
        choices={"data_sources.sources": offered},
        submit_text=None,
        explain=False,
    )
    boxes = form.control("data_sources.sources").children
    assert [box.description for box in boxes] == ["Plejeforældre", "Plejebarn/-børn", "Netværk"]
    boxes[2].value = True
    assert form.draft["data_sources"]["sources"] == ["plejeforaeldre", "plejeboern", "netvaerk"]
    before = form.draft
    with pytest.raises(ValueError, match="kan ikke vise værdien 'medarbejdere'"):
        form.set_draft({"data_sources": {"sources": ["plejeforaeldre", "medarbejdere"]}})
    assert form.draft == before
    form.control("visits.announced_per_year").value = -1
    assert not form.valid
    assert form.children[-1].children[0].layout.display == "none"  # no second status line
    form.close()


def test_extra_checks_block_submit_where_they_point() -> None:
    def needs_unannounced(plan: IntensityPlan) -> list[tuple[str, str]]:
        if plan.visits.unannounced_per_year < 1:
            return [("visits.unannounced_per_year", "regelsættet kræver et uanmeldt besøg")]
        return []

    form = ModelForm(
        IntensityPlan, initial=template_for(RiskCategory.GROEN), extra_checks=needs_unannounced
    )
    form.control("visits.unannounced_per_year").value = 0
    assert form.errors_at("visits.unannounced_per_year") == (
        "regelsættet kræver et uanmeldt besøg",
    )
    assert form.instance is not None  # the model is fine; only the rule blocks
    assert form.submit_button is not None
    assert form.submit_button.disabled
    with pytest.raises(FormInvalid, match="uanmeldt besøg"):
        form.submit()
    form.control("visits.unannounced_per_year").value = 1
    assert form.valid
    form.close()


def test_a_failing_extra_check_blocks_submit_visibly() -> None:
    def broken(plan: IntensityPlan) -> list[tuple[str, str]]:
        raise RuntimeError("regelsættet mangler")

    form = ModelForm(IntensityPlan, initial=template_for(RiskCategory.GUL), extra_checks=broken)
    assert not form.valid
    (message,) = form.errors_at("")
    assert message == (  # Danish, without the exception's text or class
        "Kontrollen kunne ikke gennemføres på grund af en uventet fejl, så der kan ikke "
        "gemmes. Fejlen er skrevet i serverens log."
    )
    assert "regelsættet mangler" not in message
    assert "RuntimeError" not in message
    form.close()


def test_an_extra_check_that_refuses_in_danish_is_shown_with_its_reason() -> None:
    def refuses(plan: IntensityPlan) -> list[tuple[str, str]]:
        raise StoreError("Regelsættet kunne ikke læses. Intet er gemt.")

    form = ModelForm(IntensityPlan, initial=template_for(RiskCategory.GUL), extra_checks=refuses)
    assert form.errors_at("") == (
        "Kontrollen kunne ikke gennemføres: Regelsættet kunne ikke læses. Intet er gemt.",
    )
    form.close()


def test_hostile_text_is_kept_and_all_html_is_escaped(form: ModelForm[RiskAssessment]) -> None:
    def echo(draft: dict[str, Any]) -> None:
        raise ValueError(draft["justification"])

    form.on_change(echo)
    form.control("justification").value = HOSTILE
    assert form.draft["justification"] == HOSTILE  # kept as typed
    form.set_draft({"chosen": "roed"})
    texts = _html(form)
    assert not any("<img" in text for text in texts)
    assert any("&lt;img src=x onerror=alert(1)&gt;" in text for text in texts)


def test_pasted_invisible_characters_are_cleaned_at_the_field(
    form: ModelForm[RiskAssessment],
) -> None:
    # PowerPoint pastes a soft line break as a vertical tab; a NUL cannot be stored.
    _fill(form)
    drafts: list[dict[str, Any]] = []
    form.on_change(drafts.append)
    form.control("justification").value = "Flere magtanvendelser\x00 og\x0bny leder 😀 \u200fעברית."
    cleaned = "Flere magtanvendelser og\nny leder 😀 \u200fעברית."
    assert form.control("justification").value == cleaned  # the field shows what is saved
    assert drafts == [form.draft]  # one change, already clean: the autosave never sees a NUL
    assert form.draft["justification"] == cleaned
    assert form.errors_at("justification") == ()
    assert form.submit().justification == cleaned


def test_a_restored_draft_is_cleaned_too(form: ModelForm[RiskAssessment]) -> None:
    form.set_draft({"justification": "Gemt\x00 før\u2028reglen kom."})
    assert form.draft["justification"] == "Gemt før\nreglen kom."
    assert form.control("justification").value == "Gemt før\nreglen kom."


def test_a_one_line_field_turns_pasted_breaks_into_spaces() -> None:
    class Named(BaseModel):
        name: str = Field(default="", max_length=60, title="Navn")  # no shape: a text box's

    form = ModelForm(Named)
    form.control("name").value = "Anna\x0bHansen\x1b"
    assert form.draft == {"name": "Anna Hansen"}
    assert form.control("name").value == "Anna Hansen"
    form.close()


def test_failing_on_change_callback_is_shown_in_danish(form: ModelForm[RiskAssessment]) -> None:
    def autosave(draft: dict[str, Any]) -> None:
        raise OSError("disken er fuld")

    form.on_change(autosave)
    form.control("phase").value = "post"
    assert form.draft["phase"] == "post"  # the change itself went through
    (message,) = form.errors_at("")
    assert message == UNEXPECTED_FAILURE
    assert "disken" not in message
    assert "OSError" not in message
    assert form.error_line("").layout.display is None
    form.on_change(autosave, remove=True)
    form.control("phase").value = "prae"
    assert form.errors_at("") == ()


def test_submit_button_calls_on_submit_and_shows_its_errors(
    form: ModelForm[RiskAssessment],
) -> None:
    saved: list[RiskAssessment] = []
    form.on_submit(saved.append)
    button = form.submit_button
    assert button is not None
    button.click()  # invalid: nothing saved, every error revealed
    assert saved == []
    assert form.errors_at("chosen") == ("skal udfyldes",)
    _fill(form)
    button.click()
    assert len(saved) == 1
    assert saved[0].chosen is RiskCategory.GUL

    def store_down(_: RiskAssessment) -> None:
        raise ConnectionError("lageret svarer ikke")

    form.on_submit(store_down)
    button.click()
    assert form.errors_at("")[0] == UNEXPECTED_FAILURE
    form.on_submit(store_down, remove=True)

    def store_refuses(_: RiskAssessment) -> None:
        raise StoreError("Lageret svarer ikke. Intet er gemt.")

    form.on_submit(store_refuses)
    button.click()
    assert (
        form.errors_at("")[0] == "Der opstod en fejl ved gem: Lageret svarer ikke. Intet er gemt."
    )


def test_invalid_fixed_value_is_reported_with_its_title() -> None:
    form = ModelForm(
        RiskAssessment,
        fixed={**FIXED, "unit_id": "ikke et id!"},
        exclude=("reasons", "catalogue_version", "unknown_signals", "quality", "information"),
    )
    form.submit_button.click()  # type: ignore[union-attr]
    assert any(m.startswith("Id: har et ugyldigt format") for m in form.errors_at(""))
    form.close()


def test_unsupported_field_type_raises_at_build_time_leaving_no_widgets() -> None:
    before = set(_instances)  # ids, not counts: gc may close other tests' widgets meanwhile
    with pytest.raises(UnsupportedFieldError, match="assessed_at"):
        ModelForm(
            RiskAssessment,
            fixed={"unit_id": "T-1"},
            exclude=("reasons", "unknown_signals", "quality", "information"),
        )
    gc.collect()
    assert not set(_instances) - before


class Person(BaseModel):
    name: str = Field(min_length=1, title="Navn")


class Team(BaseModel):
    members: list[Person] = Field(min_length=1, title="Medlem")


def test_rows_can_be_added_and_removed() -> None:
    form = ModelForm(Team)
    (add,) = _buttons(form, "Tilføj")
    add.click()
    add.click()
    assert form.draft == {"members": [{"name": ""}, {"name": ""}]}
    form.control("members[1].name").value = "Bo"
    assert form.errors_at("members[1].name") == ()
    form.submit_button.click()  # type: ignore[union-attr]
    assert form.errors_at("members[0].name") == ("skal have mindst 1 tegn",)
    _buttons(form, "Fjern")[0].click()
    assert form.draft == {"members": [{"name": "Bo"}]}
    assert form.control("members[0].name").value == "Bo"
    assert form.submit() == Team(members=[Person(name="Bo")])
    form.close()


def test_widgets_are_built_once_and_closed_completely() -> None:
    before = set(_instances)  # ids, not counts: gc may close other tests' widgets meanwhile
    form = _assessment_form()
    built = set(_instances) - before
    _fill(form, chosen="roed")
    form.set_draft({"justification": REASON + " Mere."})
    assert set(_instances) - before == built  # changes update traits, never rebuild
    form.close()
    assert not set(_instances) - before


def test_fields_choose_and_order_what_is_shown() -> None:
    form = ModelForm(
        RiskAssessment,
        fixed=FIXED,
        fields=["chosen", "phase", "justification", "based_on"],
    )
    assert form.paths == ("chosen", "phase", "justification", "based_on")
    form.close()


def test_a_fresh_draft_shows_no_errors_until_touched(form: ModelForm[RiskAssessment]) -> None:
    form.set_draft({"justification": "kort"}, fresh=True)
    assert not form.valid
    assert form.errors_at("justification") == ()
    form.control("justification").value = "stadig kort"
    assert form.errors_at("justification") != ()
    form.set_draft({"justification": ""}, fresh=True)
    assert form.errors_at("justification") == ()


def test_reveal_with_shows_a_dependent_fields_error_at_once() -> None:
    form = ModelForm(
        RiskAssessment,
        fixed=FIXED,
        fields=["phase", "chosen", "justification", "deviation_justification", "based_on"],
        reveal_with={"chosen": ["deviation_justification"]},
    )
    form.set_draft({"phase": "prae", "chosen": "gul", "based_on": ["risikosignaler"]}, fresh=True)
    form.control("chosen").value = "roed"  # suggested is gul
    (message,) = form.errors_at("deviation_justification")
    assert "afviger fra forslaget" in message
    assert form.errors_at("justification") == ()
    form.close()
