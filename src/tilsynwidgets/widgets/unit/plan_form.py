"""Intensity planning for one unit: the plan in force, or the template for the unit's kind,
size and colour; the estimated hours as you edit; errors at their fields; saving possible
exactly when there are none.

What the form holds comes first from the inspector's autosaved draft, then from the plan in
force (when it was made for the unit's current colour), else from the template. Starting
again from the template is an explicit button; the plan in force stays until a new one is
saved. A plan in force for another colour is named as such until a plan for the current
colour is saved. One status at a time: the last event (restored draft, saved, refused), or
else what blocks saving.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import ipywidgets as widgets
from pydantic import ValidationError

from tilsynwidgets.domain.core.categories import RiskCategory
from tilsynwidgets.domain.core.danish_numbers import danish_count, danish_number
from tilsynwidgets.domain.core.drafts import DraftKey
from tilsynwidgets.domain.core.kinds import UnitKind
from tilsynwidgets.domain.core.messages import validation_messages
from tilsynwidgets.domain.core.refusals import refusal_text
from tilsynwidgets.domain.core.units import Unit
from tilsynwidgets.domain.intensity.plans import (
    MIN_REASON,
    IntensityPlan,
    PlanDecision,
    estimate_hours,
    hours_model,
    is_template_unchanged,
    template_for,
    template_set,
)
from tilsynwidgets.domain.intensity.rulesets import LegalRuleSet, check_plan
from tilsynwidgets.domain.intensity.templates import kind_problems, offered
from tilsynwidgets.domain.labels import label_of
from tilsynwidgets.forms import (
    CleanTextarea,
    FormInvalid,
    ModelForm,
    Problem,
    blocked_text,
    error_html,
    help_html,
)
from tilsynwidgets.store.errors import StoreError
from tilsynwidgets.store.store import Store
from tilsynwidgets.widgets.common.drafts import DraftKeeper
from tilsynwidgets.widgets.common.status import StatusLine
from tilsynwidgets.widgets.unit.plan_texts import (
    RESTORED,
    Opened,
    heading_html,
    hours_html,
    mismatch_html,
    rules_html,
)

__all__ = ["RESTORED", "PlanPanel", "hours_html"]

REASON_TITLE = "Begrundelse"
RESTART = "Start forfra fra skabelonen"


class PlanPanel(widgets.VBox):
    def __init__(
        self,
        store: Store,
        assessor: str,
        rules: LegalRuleSet,
        on_saved: Callable[[PlanDecision], None],
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.store = store
        self.assessor = assessor
        self.rules = rules
        self.hours_model = hours_model(rules)
        self.on_saved = on_saved
        self.clock = clock or (lambda: datetime.now(UTC))
        self.unit: Unit | None = None
        self.category = RiskCategory.GROEN
        self.in_force: PlanDecision | None = None
        self.template = template_for(self.category, UnitKind.TILBUD, None, rules)
        self.opened = Opened.TEMPLATE
        self._kind = UnitKind.TILBUD
        self._forms: dict[UnitKind, ModelForm[IntensityPlan]] = {}
        self._outcome: tuple[str, str] | None = None  # (status kind, text) of the last event
        self._note = ""  # why the form does not show what it would otherwise show
        self.status = StatusLine()
        self.drafts = DraftKeeper(store, self.status.error)
        self.mismatch = widgets.HTML()
        self.heading = widgets.HTML()
        self.rules_note = widgets.HTML(rules_html(rules))
        self.hours = widgets.HTML()
        self.restart_button = widgets.Button(
            description=RESTART,
            tooltip="Erstat formularens indhold med skabelonen; planen i kraft gælder, "
            "indtil du gemmer",
            layout=widgets.Layout(width="auto"),
        )
        self.restart_button.on_click(self.status.guard(self.restart))
        self.form_box = widgets.VBox([self._form_for(UnitKind.TILBUD)])
        self.template_note = widgets.HTML()
        self.reason = CleanTextarea(
            placeholder="Hvorfor passer planen til netop denne enhed?",
            layout=widgets.Layout(width="40em", max_width="100%"),
        )
        self.reason_help = widgets.HTML(
            help_html(
                f"Skal udfyldes med mindst {MIN_REASON} tegn, når skabelonen bruges uændret "
                "(modvirk automatik); ellers valgfri."
            )
        )
        self.reason_error = widgets.HTML()
        self.save_button = widgets.Button(description="Gem intensitetsplan", button_style="primary")
        self.save_button.on_click(self.status.guard(self.save))
        self.reason.observe(self._reason_edited, names=["value"])
        super().__init__(
            [
                self.mismatch,
                self.heading,
                self.rules_note,
                self.hours,
                self.restart_button,
                self.form_box,
                self.template_note,
                widgets.HTML(f"<b>{REASON_TITLE}</b>"),
                self.reason,
                self.reason_help,
                self.reason_error,
                self.save_button,
                self.status,
            ]
        )
        self._update()

    @property
    def form(self) -> ModelForm[IntensityPlan]:
        """The plan form for the shown unit's kind (each kind offers its own sources)."""
        return self._forms[self._kind]

    def _form_for(self, kind: UnitKind) -> ModelForm[IntensityPlan]:
        """The kind's form, built the first time a unit of that kind is shown."""
        if kind not in self._forms:
            offer = offered(kind)
            form: ModelForm[IntensityPlan] = ModelForm(
                IntensityPlan,
                initial=template_for(self.category, kind, None, self.rules),
                extra_checks=self._violations,
                submit_text=None,
                explain=False,
                choices={
                    "data_sources.sources": [s.value for s in offer.data_sources],
                    "methods.methods": [m.value for m in offer.methods],
                },
            )
            form.on_edit(self._plan_edited)
            self._forms[kind] = form
        return self._forms[kind]

    # -- showing a unit ---------------------------------------------------------------

    def show(
        self, unit: Unit | str, category: RiskCategory, in_force: PlanDecision | None = None
    ) -> None:
        """Plan ``unit`` for ``category`` (the category in force, else the suggestion's).

        ``in_force`` is the unit's latest saved plan. The form opens on the autosaved
        draft, else on ``in_force`` when it was made for ``category``, else on the template.
        A unit id is looked up in the store (for callers that have only the id).
        """
        if isinstance(unit, str):
            unit = self.store.unit(unit)
        self.unit, self.category, self.in_force = unit, category, in_force
        self.template = template_for(category, unit.kind, unit.capacity, self.rules)
        if unit.kind is not self._kind:
            self._kind = unit.kind
            self.form_box.children = [self._form_for(unit.kind)]
        self.drafts.key = DraftKey.plan(self.assessor, unit.id)
        self._note = ""
        with self.drafts.restoring():
            self.opened = self._fill(self.drafts.load())
        self._outcome = ("info", RESTORED) if self.opened is Opened.DRAFT else None
        self._update()

    def _fill(self, draft: dict[str, Any] | None) -> Opened:
        """Put the draft, the plan in force or the template in the form; say which."""
        if draft is not None and draft.get("category") == self.category.value:
            try:
                self.form.set_draft(self.template, fresh=True)
                self.form.set_draft(draft.get("plan", {}))
            except ValueError:
                self._note = "Din kladde passede ikke til enhedstypen og er ikke gendannet."
            else:
                self.reason.value = str(draft.get("reason", ""))
                return Opened.DRAFT
        plan = self.in_force
        if plan is not None and plan.category is self.category:
            if not kind_problems(plan.plan, self.unit_kind):
                self.form.set_draft(plan.plan, fresh=True)
                self.reason.value = plan.reason
                return Opened.IN_FORCE
            self._note = (
                "Planen i kraft bruger datakilder eller metoder, som ikke hører til enhedens "
                "type; formularen viser derfor skabelonen."
            )
        self.form.set_draft(self.template, fresh=True)
        self.reason.value = ""
        return Opened.TEMPLATE

    @property
    def unit_kind(self) -> UnitKind:
        return self._kind

    def restart(self) -> None:
        """Replace the form's content with the template (the plan in force stays in force)."""
        if self.unit is None:
            raise ValueError("Vælg en enhed først.")
        with self.drafts.restoring():
            self.form.set_draft(self.template, fresh=True)
            self.reason.value = ""
        self.opened, self._note, self._outcome = Opened.TEMPLATE, "", None
        self._autosave()
        self._update()

    # -- reacting to the inspector ----------------------------------------------------

    def _violations(self, plan: IntensityPlan) -> list[tuple[str, str]]:
        """The rule set's violations and choices the unit's kind does not offer, at their
        fields (the kernel's own check, also of values a browser sent)."""
        found = [(v.field, v.message) for v in check_plan(plan, self.rules)]
        return [*found, *kind_problems(plan, self._kind, label_of)]

    def _plan_edited(self, _draft: dict[str, Any]) -> None:
        self._outcome = None
        self._autosave()
        self._update()

    def _reason_edited(self, _change: object) -> None:
        if not self.drafts.paused:  # not while show() fills the form in
            self._outcome = None
            self._autosave()
        self._update()

    def _autosave(self) -> None:
        self.drafts.save(
            {"category": self.category.value, "plan": self.form.draft, "reason": self.reason.value}
        )

    # -- deriving the view ------------------------------------------------------------

    def reason_problems(self) -> list[Problem]:
        """The reason's own error: the template unchanged needs one (counter automatism)."""
        plan = self.form.instance
        unchanged = plan is not None and is_template_unchanged(plan, self.template)
        if unchanged and len(self.reason.value.strip()) < MIN_REASON:
            message = (
                f"Skabelonen bruges uændret: skriv mindst {MIN_REASON} tegn om, hvorfor den "
                "passer til netop denne enhed."
            )
            return [Problem("reason", message, REASON_TITLE)]
        return []

    @property
    def problems(self) -> tuple[Problem, ...]:
        """Everything that blocks saving now, each shown at its field."""
        return (*self.form.problems, *self.reason_problems())

    def _update(self) -> None:
        """Derive headings, hours, notes, the reason's error, the button and the status."""
        plan = self.form.instance
        self.hours.value = hours_html(plan, self.hours_model)
        self.mismatch.value = mismatch_html(self.in_force, self.category) if self.unit else ""
        self.heading.value = heading_html(
            self.unit, self.category, self.in_force, self.opened, self._note
        )
        unchanged = plan is not None and is_template_unchanged(plan, self.template)
        self.template_note.value = (
            "<p style='color:#8a4b00'>Planen er kategoriens skabelon uændret. Begrund, hvorfor "
            "den passer til netop denne enhed (modvirk automatik).</p>"
            if unchanged
            else ""
        )
        own = self.reason_problems()
        self.reason_error.value = error_html(p.message for p in own)
        problems = self.problems
        shown = self.unit is not None
        self.restart_button.layout.display = None if shown else "none"
        self.save_button.disabled = not shown or bool(problems)
        self.save_button.tooltip = "Ret fejlene, før der kan gemmes" if problems else ""
        if self._outcome is not None:
            getattr(self.status, self._outcome[0])(self._outcome[1])
        elif shown and problems:
            self.status.info(blocked_text(problems))
        else:
            self.status.clear()

    # -- saving -----------------------------------------------------------------------

    def decision(self) -> PlanDecision:
        """The plan as a decision; :class:`FormInvalid` or ``ValueError`` in Danish if not.

        The kernel re-checks everything here, whatever the button's state in the browser.
        """
        if self.unit is None:
            raise ValueError("Vælg en enhed først.")
        plan = self.form.submit()
        own = self.reason_problems()
        if own:
            raise FormInvalid(own)
        unchanged = is_template_unchanged(plan, self.template)
        try:
            return PlanDecision(
                unit_id=self.unit.id,
                category=self.category,
                plan=plan,
                estimated_hours=estimate_hours(plan, self.hours_model),
                template_unchanged=unchanged,
                reason=self.reason.value,
                author=self.assessor,
                decided_at=self.clock(),
                ruleset_id=self.rules.id,
                unit_kind=self.unit.kind,
                template_version=template_set(self.rules).version,
            )
        except ValidationError as exc:
            raise ValueError(" ".join(validation_messages(exc, PlanDecision))) from exc

    def save(self) -> PlanDecision | None:
        try:
            decision = self.decision()
        except FormInvalid as exc:
            count = danish_count(len(exc.problems))
            self._outcome = ("error", f"Planen er ikke gemt: ret de {count} fejl ved felterne.")
            self._update()
            return None
        except ValueError as exc:
            text = refusal_text(exc)
            if text is None:
                raise  # a bug: the status line logs it and says so in Danish
            self._outcome = ("error", f"Planen er ikke gemt: {text}")
            self._update()
            return None
        try:
            self.store.append_plan(decision)
        except StoreError as exc:
            self._outcome = ("error", f"Planen blev ikke gemt: {exc}")
            self._update()
            return None
        self.drafts.discard()
        self.in_force, self.opened, self._note = decision, Opened.IN_FORCE, ""
        self.on_saved(decision)  # the app may show the unit again, with this plan in force
        hours = danish_number(decision.estimated_hours)
        self._outcome = (
            "success",
            f"Intensitetsplanen ({hours} timer om året) er gemt af {self.assessor}.",
        )
        self._update()
        return decision
