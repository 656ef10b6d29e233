"""Intensity planning: start from the colour's template, edit the seven dimensions, see the
estimated hours as you edit; a legal rule-set violation blocks saving, and saving the
template unchanged asks why (counter automatism)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import ipywidgets as widgets
from pydantic import ValidationError

from tilsynwidgets.domain.core.categories import RiskCategory
from tilsynwidgets.domain.core.danish_numbers import danish_number
from tilsynwidgets.domain.core.drafts import DraftKey
from tilsynwidgets.domain.core.messages import validation_messages
from tilsynwidgets.domain.core.refusals import refusal_text
from tilsynwidgets.domain.intensity.plans import (
    HoursModel,
    IntensityPlan,
    PlanDecision,
    estimate_hours,
    is_template_unchanged,
    template_for,
)
from tilsynwidgets.domain.intensity.rulesets import LegalRuleSet, check_plan
from tilsynwidgets.forms import CleanTextarea, FormInvalid, ModelForm
from tilsynwidgets.presentation.html import category_badge, escape
from tilsynwidgets.store.errors import StoreError
from tilsynwidgets.store.store import Store
from tilsynwidgets.widgets.common.drafts import DraftKeeper
from tilsynwidgets.widgets.common.status import StatusLine

__all__ = ["PlanPanel", "hours_html"]


def hours_html(plan: IntensityPlan | None, model: HoursModel | None = None) -> str:
    """The estimated hours a year of ``plan`` (``None``: the plan is not valid yet), by the
    hours model of the rule set in use (default: the default rule set's)."""
    if plan is None:
        return "<p><b>Anslåede timer om året:</b> – (ret felterne)</p>"
    hours = danish_number(estimate_hours(plan, model))
    return f"<p><b>Anslåede timer om året:</b> {hours}</p>"


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
        self.on_saved = on_saved
        self.clock = clock or (lambda: datetime.now(UTC))
        self.unit_id: str | None = None
        self.category = RiskCategory.GROEN
        self.status = StatusLine()
        self.drafts = DraftKeeper(store, self.status.error)
        self.heading = widgets.HTML()
        self.hours = widgets.HTML()
        self.template_note = widgets.HTML()
        self.form: ModelForm[IntensityPlan] = ModelForm(
            IntensityPlan,
            initial=template_for(self.category),
            extra_checks=self._rule_violations,
            submit_text=None,
        )
        self.reason = CleanTextarea(
            description="Begrundelse",
            placeholder="Hvorfor passer planen til netop denne enhed?",
            layout=widgets.Layout(width="100%"),
        )
        self.reason_error = widgets.HTML()
        self.save_button = widgets.Button(description="Gem intensitetsplan", button_style="primary")
        self.save_button.on_click(self.status.guard(self.save))
        self.form.on_change(self._changed)
        self.reason.observe(self._reason_changed, names=["value"])
        super().__init__(
            [
                self.heading,
                self.hours,
                self.form,
                self.template_note,
                self.reason,
                self.reason_error,
                self.save_button,
                self.status,
            ]
        )

    def show(self, unit_id: str, category: RiskCategory) -> None:
        """Plan ``unit_id`` for ``category``: its autosaved draft, else the template."""
        self.unit_id, self.category = unit_id, category
        self.drafts.key = DraftKey.plan(self.assessor, unit_id)
        self.heading.value = (
            f"<p>Udgangspunkt: skabelonen for {category_badge(category)}. Tilpas planen til "
            f"enheden. Regelsæt: «{escape(self.rules.title)}».</p>"
        )
        with self.drafts.restoring():
            draft = self.drafts.load()
            if draft is not None and draft.get("category") == category.value:
                self.form.set_draft(draft.get("plan", {}))
                self.reason.value = str(draft.get("reason", ""))
                restored = True
            else:
                self.form.set_draft(template_for(category), fresh=True)
                self.reason.value = ""
                restored = False
        self._update()
        if restored:
            self.status.info("Din ikke-gemte kladde til denne plan er gendannet.")
        else:
            self.status.clear()

    def _rule_violations(self, plan: IntensityPlan) -> list[tuple[str, str]]:
        return [("visits", v.message) for v in check_plan(plan, self.rules)]

    def _changed(self, _draft: dict[str, Any]) -> None:
        self._update()
        self._autosave()

    def _reason_changed(self, _change: object) -> None:
        self._update()
        self._autosave()

    def _autosave(self) -> None:
        self.drafts.save(
            {"category": self.category.value, "plan": self.form.draft, "reason": self.reason.value}
        )

    def _update(self) -> None:
        plan = self.form.instance
        self.hours.value = hours_html(plan)
        if plan is None:
            self.template_note.value = ""
            return
        unchanged = is_template_unchanged(plan, template_for(self.category))
        self.template_note.value = (
            "<p style='color:#8a4b00'>Planen er kategoriens skabelon uændret. Begrund, hvorfor "
            "den passer til netop denne enhed (modvirk automatik).</p>"
            if unchanged
            else ""
        )
        self.reason.layout.display = None if unchanged else "none"
        self.reason_error.value = ""

    def decision(self) -> PlanDecision:
        """The plan as a decision, or :class:`FormInvalid` / ``ValueError`` with Danish text."""
        if self.unit_id is None:
            raise ValueError("Vælg en enhed først.")
        plan = self.form.submit()
        unchanged = is_template_unchanged(plan, template_for(self.category))
        try:
            return PlanDecision(
                unit_id=self.unit_id,
                category=self.category,
                plan=plan,
                estimated_hours=estimate_hours(plan),
                template_unchanged=unchanged,
                reason=self.reason.value if unchanged else "",
                author=self.assessor,
                decided_at=self.clock(),
                ruleset_id=self.rules.id,
            )
        except ValidationError as exc:
            message = "; ".join(validation_messages(exc, PlanDecision))
            self.reason_error.value = f"<p style='color:#b71c1c'>{escape(message)}</p>"
            raise ValueError(message) from exc

    def save(self) -> PlanDecision | None:
        try:
            decision = self.decision()
        except FormInvalid as exc:
            listed = "; ".join(str(problem) for problem in exc.problems)
            self.status.error(f"Planen kan ikke gemmes: {listed}")
            return None
        except ValueError as exc:
            text = refusal_text(exc)
            if text is None:
                raise  # a bug: the status line logs it and says so in Danish
            self.status.error(f"Planen kan ikke gemmes: {text}")
            return None
        try:
            self.store.append_plan(decision)
        except StoreError as exc:
            self.status.error(f"Planen blev ikke gemt: {exc}")
            return None
        self.drafts.discard()
        self.on_saved(decision)
        hours = danish_number(decision.estimated_hours)
        self.status.success(
            f"Intensitetsplanen ({hours} timer om året) er gemt af {self.assessor}."
        )
        return decision
