"""A participant's answer to one vignette: a colour, its justification and, optionally, a plan
for the supervision intensity that starts from the colour's template.

The colour and justification are validated by the :class:`Answer` model itself (Danish
errors under each field); the plan by :class:`IntensityPlan` and the legal rule set. The
form hands the validated fields to the caller as an :class:`AnswerInput`; storing them, and
saying so on the form's status line, is the caller's job.

The participant's input changes the state (the colour, the plan, whether there is a plan);
``_refresh`` derives everything else from it. Restoring an answer or a draft sets the state
and the forms directly, so it neither autosaves nor says that the answer was changed.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import ipywidgets as widgets

from tilsynwidgets.domain.core.categories import RiskCategory
from tilsynwidgets.domain.core.kinds import UnitKind
from tilsynwidgets.domain.core.local_time import in_danish_time
from tilsynwidgets.domain.core.units import Unit
from tilsynwidgets.domain.intensity.plans import IntensityPlan, is_template_unchanged, template_for
from tilsynwidgets.domain.intensity.rulesets import LegalRuleSet, check_plan, default_ruleset
from tilsynwidgets.domain.intensity.templates import hours_model, kind_problems, offered
from tilsynwidgets.domain.labels import label_of
from tilsynwidgets.domain.risk.assessment import MIN_JUSTIFICATION
from tilsynwidgets.domain.training.sessions import Answer
from tilsynwidgets.forms import FormInvalid, ModelForm, Problem
from tilsynwidgets.presentation.html import category_badge
from tilsynwidgets.widgets.common.status import StatusLine
from tilsynwidgets.widgets.unit.assessment_form import with_symbol
from tilsynwidgets.widgets.unit.plan_form import hours_html

__all__ = ["PLAN_TOGGLE", "SUBMIT_TEXT", "AnswerForm", "AnswerInput"]

PLAN_TOGGLE = "Planlæg også tilsynsintensiteten (valgfrit)"
SUBMIT_TEXT = "Afgiv svar"

_STAND_INS: dict[str, Any] = {
    # The Answer fields the caller stamps: stand-ins that only let the Answer model validate
    # the fields the form shows. They never leave the form.
    "session_code": "AAAAAA",
    "round_no": 1,
    "participant_id": "0" * 32,
    "vignette_id": "vignet",
    "submitted_at": datetime(2026, 1, 1, tzinfo=UTC),
}
_PLACEHOLDER = (
    f"Mindst {MIN_JUSTIFICATION} tegn: hvad i sagen peger på kategorien, og hvad taler imod?"
)


@dataclass(frozen=True, slots=True)
class AnswerInput:
    """What a participant submitted, validated by the :class:`Answer` model's rules."""

    category: RiskCategory
    justification: str
    plan: IntensityPlan | None

    def to_answer(
        self,
        *,
        session_code: str,
        round_no: int,
        participant_id: str,
        vignette_id: str,
        submitted_at: datetime,
    ) -> Answer:
        """The answer to store (``ValidationError`` if the caller's own fields are invalid)."""
        return Answer(
            session_code=session_code,
            round_no=round_no,
            participant_id=participant_id,
            vignette_id=vignette_id,
            category=self.category,
            justification=self.justification,
            plan=self.plan,
            submitted_at=submitted_at,
        )


class AnswerForm(widgets.VBox):
    """Colour, justification and an optional plan for one vignette; build one per vignette.

    ``on_submit`` receives the validated :class:`AnswerInput` when "Afgiv svar" is pressed;
    report the outcome with :meth:`saved` or :meth:`error` (a failure it raises is shown
    too). :meth:`show_answer` restores a saved answer, :meth:`lock` makes the form read-only.
    The plan follows the chosen colour's template until the participant changes it. With
    the vignette's ``unit`` the template is that of its kind and size, and the plan offers
    only its kind's data sources and methods; without it, a tilbud of the reference size.
    """

    def __init__(
        self,
        on_submit: Callable[[AnswerInput], None],
        *,
        rules: LegalRuleSet | None = None,
        on_draft: Callable[[dict[str, Any]], None] | None = None,
        unit: Unit | None = None,
    ) -> None:
        self.on_submit = on_submit
        self.on_draft = on_draft
        self.rules = rules or default_ruleset()
        self.kind = unit.kind if unit is not None else UnitKind.TILBUD
        self.capacity = unit.capacity if unit is not None else None
        offer = offered(self.kind)
        self.status = StatusLine()
        self._locked = False
        self._plans = False  # the participant also plans the intensity
        self._category: RiskCategory | None = None
        self._template: RiskCategory | None = None  # the template last put in the plan
        self.form: ModelForm[Answer] = ModelForm(
            Answer,
            fixed=_STAND_INS,
            fields=["category", "justification"],
            overrides={"category": "toggle_buttons", "justification": "textarea"},
            submit_text=None,
            labeller=with_symbol,
        )
        self.form.control("justification").placeholder = _PLACEHOLDER
        self.plan_toggle = widgets.Checkbox(value=False, description=PLAN_TOGGLE, indent=False)
        self.plan_note = widgets.HTML()
        self.hours = widgets.HTML()
        self.reset_button = widgets.Button(
            description="Start forfra fra skabelonen",
            tooltip="Sæt planen tilbage til skabelonen for den valgte kategori",
        )
        self.plan_form: ModelForm[IntensityPlan] = ModelForm(
            IntensityPlan,
            initial=self._template_of(RiskCategory.GUL),  # replaced once a colour is chosen
            extra_checks=self._rule_violations,
            submit_text=None,
            choices={
                "data_sources.sources": [s.value for s in offer.data_sources],
                "methods.methods": [m.value for m in offer.methods],
            },
        )
        self.plan_box = widgets.VBox(
            [self.plan_note, self.hours, self.reset_button, self.plan_form],
            layout=widgets.Layout(display="none", margin="0 0 0 12px"),
        )
        self.lock_note = widgets.HTML(layout=widgets.Layout(display="none"))
        self.submit_button = widgets.Button(description=SUBMIT_TEXT, button_style="primary")
        self.form.on_edit(self._answer_edited)
        self.plan_form.on_edit(lambda _draft: self._edited())
        self.plan_toggle.observe(self._plans_toggled, names=["value"])
        self.reset_button.on_click(lambda _button: self._follow(force=True))
        self.submit_button.on_click(self.status.guard(self._submit_clicked))
        super().__init__(
            [
                self.form,
                self.plan_toggle,
                self.plan_box,
                self.lock_note,
                self.submit_button,
                self.status,
            ]
        )
        self._refresh()

    # -- public API -------------------------------------------------------------------

    @property
    def category(self) -> RiskCategory | None:
        """The colour chosen now (``None`` until one is chosen)."""
        return self._category

    @property
    def plans(self) -> bool:
        """True while the participant also plans the intensity."""
        return self._plans

    @property
    def locked(self) -> bool:
        return self._locked

    def submit(self) -> AnswerInput | None:
        """The validated answer, or ``None`` with the Danish problems shown (nothing called)."""
        if self._locked:
            self.status.error("Runden er lukket; svaret kan ikke ændres.")
            return None
        problems: list[Problem] = []
        answer: Answer | None = None
        plan: IntensityPlan | None = None
        try:
            answer = self.form.submit()
        except FormInvalid as exc:
            problems += exc.problems
        if self.plans and self._category is not None:
            try:
                plan = self.plan_form.submit()
            except FormInvalid as exc:
                problems += exc.problems
        if answer is None or problems:
            listed = "; ".join(str(problem) for problem in problems)
            self.status.error(f"Svaret er ikke afgivet. Ret først: {listed}")
            return None
        return AnswerInput(answer.category, answer.justification, plan)

    def show_answer(self, answer: Answer | None) -> None:
        """Show a saved answer (e.g. after a reload), or a blank form for ``None``."""
        category = answer.category if answer is not None else None
        self.form.set_draft(
            {
                "category": category.value if category is not None else None,
                "justification": answer.justification if answer is not None else "",
            },
            fresh=True,
        )
        self._category = category
        if answer is not None and answer.plan is not None and self._fits(answer.plan):
            self.plan_form.set_draft(answer.plan, fresh=True)
            self._template = answer.category
        else:
            self._set_template(category)
        self._plans = answer is not None and answer.plan is not None
        self._refresh()
        self.status.clear()

    def draft(self) -> dict[str, Any]:
        """The answer as typed (not yet submitted), plan included, for autosaving."""
        category = self._category.value if self._category is not None else None
        return {
            "category": category,
            "justification": self.form.control("justification").value,
            "plans": self.plans,
            "plan": self.plan_form.draft if self.plans else None,
        }

    def show_draft(self, values: dict[str, Any]) -> None:
        """Put an autosaved, unsubmitted colour and justification back (after a reload)."""
        known = {c.value for c in RiskCategory}
        category = values.get("category") if values.get("category") in known else None
        self.form.set_draft(
            {"category": category, "justification": str(values.get("justification") or "")}
        )
        self._category = RiskCategory(category) if category else None
        self._set_template(self._category)
        plan = values.get("plan")
        if values.get("plans") and isinstance(plan, dict):
            with contextlib.suppress(ValueError):  # a draft no longer fits: the template
                self.plan_form.set_draft(plan)
            self._plans = True
        self._refresh()
        self.status.info("Dit svar er ikke afgivet endnu: kladden er hentet frem.")

    def lock(self, locked: bool = True) -> None:
        """Make every input read-only (the round is closed), or editable again."""
        self._locked = locked
        self._refresh()

    def saved(self, at: datetime) -> None:
        """Say on the status line that the answer was saved at ``at`` (Danish time)."""
        local = in_danish_time(at)
        self.status.success(f"Gemt kl. {local:%H.%M}")

    def error(self, message: str) -> None:
        """Show ``message`` (Danish) as an error on the status line."""
        self.status.error(message)

    # -- reacting to the participant ---------------------------------------------------

    def _submit_clicked(self) -> None:
        answer = self.submit()
        if answer is not None:
            self.status.clear()
            self.on_submit(answer)

    def _answer_edited(self, draft: dict[str, Any]) -> None:
        raw = draft.get("category")
        category = RiskCategory(raw) if raw else None
        if category != self._category:
            self._category = category
            self._follow()
        self._edited()

    def _plans_toggled(self, change: dict[str, Any]) -> None:
        if bool(change["new"]) == self._plans:
            return  # _refresh showed the state: not the participant's tick
        self._plans = bool(change["new"])
        self._edited()

    def _edited(self) -> None:
        """The participant changed the answer: show it, note it unsent and autosave it."""
        self._refresh()
        self._note_unsent()
        if self.on_draft is not None:
            self.on_draft(self.draft())

    def _follow(self, *, force: bool = False) -> None:
        """Put the chosen colour's template in the plan, unless the plan was changed."""
        if self._category is None or self._locked:
            return
        if force or self._template is None or self._untouched():
            self._set_template(self._category)
            self._refresh()

    def _untouched(self) -> bool:
        plan = self.plan_form.instance
        template = self._template
        return (
            plan is not None
            and template is not None
            and is_template_unchanged(plan, self._template_of(template))
        )

    def _fits(self, plan: IntensityPlan) -> bool:
        """False for a plan saved with another kind's sources (before plans followed the
        unit's kind): the form cannot show those, so the template is shown instead."""
        return not kind_problems(plan, self.kind)

    def _template_of(self, category: RiskCategory) -> IntensityPlan:
        """The template for ``category`` and the vignette's unit, under the form's rules."""
        return template_for(category, self.kind, self.capacity, self.rules)

    def _set_template(self, category: RiskCategory | None) -> None:
        self._template = category
        self.plan_form.set_draft(self._template_of(category or RiskCategory.GUL), fresh=True)

    def _rule_violations(self, plan: IntensityPlan) -> list[tuple[str, str]]:
        found = [(v.field, v.message) for v in check_plan(plan, self.rules)]
        return [*found, *kind_problems(plan, self.kind, label_of)]

    # -- deriving the view -------------------------------------------------------------

    def _refresh(self) -> None:
        """Derive the plan toggle, what is shown, the texts and what is locked from the state."""
        self.plan_toggle.value = self._plans
        _disable(self, self._locked)
        self.lock_note.value = (
            "<p><i>Runden er lukket; svaret kan ikke længere ændres.</i></p>"
            if self._locked
            else ""
        )
        self.lock_note.layout.display = None if self._locked else "none"
        self.plan_box.layout.display = None if self._plans else "none"
        chosen = self._category
        ready = chosen is not None
        self.plan_form.layout.display = None if ready else "none"
        hours = hours_html(self.plan_form.instance, hours_model(self.rules))
        self.hours.value = hours if ready else ""
        if chosen is None:
            self.plan_note.value = (
                "<p>Vælg først en risikokategori; planen tager udgangspunkt i kategoriens "
                "skabelon.</p>"
            )
            self.reset_button.layout.display = "none"
            return
        plan = self.plan_form.instance
        unchanged = plan is not None and is_template_unchanged(plan, self._template_of(chosen))
        self.plan_note.value = (
            f"<p>Udgangspunkt: skabelonen for {category_badge(chosen)}. Tilpas planen til "
            "sagen.</p>"
            if unchanged
            else "<p>Du har tilpasset planen, så den skifter ikke med kategorien. Knappen "
            f"henter skabelonen for {category_badge(chosen)} igen.</p>"
        )
        self.reset_button.layout.display = "none" if unchanged else None

    def _note_unsent(self) -> None:
        """After a saved answer, say that a change is not saved until submitted again."""
        if getattr(self.status, "kind", "") == "success":
            self.status.info("Du har ændret svaret. Tryk «Afgiv svar» for at gemme ændringen.")


def _disable(widget: widgets.Widget, disabled: bool) -> None:
    """Set ``disabled`` on every input in a widget tree."""
    if widget.has_trait("disabled"):
        widget.disabled = disabled
    for child in getattr(widget, "children", ()):
        _disable(child, disabled)
