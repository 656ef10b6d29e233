"""Editing a criteria catalogue: the list of criteria, a form for the chosen one and one for
the aggregation rule. Only valid edits reach the caller: an invalid value shows its Danish
error at the field, and the evaluation keeps showing the last valid catalogue."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as widgets
from pydantic import ValidationError

from tilsynwidgets.domain.core.messages import danish_error
from tilsynwidgets.domain.core.signals import SignalKind, signal_catalogue
from tilsynwidgets.domain.risk.criteria import (
    AggregationRule,
    CriteriaCatalogue,
    Criterion,
    Operator,
)
from tilsynwidgets.forms import ModelForm
from tilsynwidgets.presentation.html import category_badge
from tilsynwidgets.widgets.common.status import StatusLine

__all__ = ["CriteriaEditor", "criterion_label"]

WORKING_VERSION = "arbejdskopi"
"""The version name of a catalogue being edited (it gets its own name when saved)."""


def criterion_label(criterion: Criterion) -> str:
    """How a criterion is listed: its id, its condition and the colour it points to."""
    arrow = "rød" if criterion.points_to.value == "roed" else "gul"
    return f"{criterion.id}: {criterion.describe()} → {arrow}"


def _new_criterion(taken: set[str]) -> dict[str, Any]:
    number = 1
    while f"nyt_kriterium_{number}" in taken:
        number += 1
    first = signal_catalogue().signals[0]
    flag = first.kind is SignalKind.FLAG
    return {
        "id": f"nyt_kriterium_{number}",
        "signal": first.key,
        "operator": Operator.FLAG.value if flag else Operator.GE.value,
        "threshold": None if flag else 1.0,
        "points_to": "gul",
        "explanation": "Beskriv, hvorfor kriteriet peger på farven.",
    }


class CriteriaEditor(widgets.VBox):
    """``on_change`` receives each new valid catalogue (named :data:`WORKING_VERSION`)."""

    def __init__(
        self, catalogue: CriteriaCatalogue, on_change: Callable[[CriteriaCatalogue], None]
    ) -> None:
        self.on_change = on_change
        self.base = catalogue
        self.criteria: list[Criterion] = list(catalogue.criteria)
        self.rule = catalogue.aggregation
        self.current = catalogue
        self.status = StatusLine()
        self.list = widgets.Select(
            description="Kriterier", rows=12, layout=widgets.Layout(width="46em")
        )
        self.add_button = widgets.Button(description="Nyt kriterium", icon="plus")
        self.remove_button = widgets.Button(description="Fjern kriteriet", icon="trash")
        self.signal = widgets.Dropdown(
            description="Signal",
            options=[(s.label, s.key) for s in signal_catalogue().signals],
            layout=widgets.Layout(width="40em"),
        )
        # Signal and threshold are shown by hand: a dropdown of the catalogue's signals, and
        # a number that is hidden (None) for a flag; the form validates them as fixed values.
        self.threshold = widgets.FloatText(description="Tærskel", value=1.0)
        self.form: ModelForm[Criterion] = ModelForm(
            Criterion,
            fixed={"signal": self.signal.value, "threshold": 1.0},
            fields=["id", "operator", "points_to", "explanation"],
            overrides={"operator": "dropdown"},
            submit_text=None,
            continuous_update=False,
        )
        self.escalate = widgets.Checkbox(
            description="Flere gule kriterier giver tilsammen rød", indent=False
        )
        self.escalate_after = widgets.BoundedIntText(
            description="Antal gule", min=2, max=50, value=3
        )
        self.badge = widgets.HTML()
        self._loading = False
        self.list.observe(self._chosen, names=["value"])
        self.signal.observe(self._signal_changed, names=["value"])
        self.threshold.observe(self._signal_changed, names=["value"])
        self.form.on_change(self._criterion_changed)
        for control in (self.escalate, self.escalate_after):
            control.observe(self._rule_changed, names=["value"])
        self.add_button.on_click(self.status.guard(self._add))
        self.remove_button.on_click(self.status.guard(self._remove))
        super().__init__(
            [
                widgets.HBox([self.list, widgets.VBox([self.add_button, self.remove_button])]),
                widgets.HTML("<h4>Det valgte kriterium</h4>"),
                self.badge,
                self.signal,
                self.threshold,
                self.form,
                widgets.HTML("<h4>Sammenvejning</h4>"),
                widgets.HTML(
                    "<p>Den højeste farve blandt de kriterier, der slår til, foreslås.</p>"
                ),
                widgets.HBox([self.escalate, self.escalate_after]),
                self.status,
            ]
        )
        self._show_rule()
        self._show_list(0)

    # -- public API ----------------------------------------------------------------------

    def load(self, catalogue: CriteriaCatalogue) -> None:
        """Edit ``catalogue`` instead (an opened version or an imported file)."""
        self.base = catalogue
        self.criteria = list(catalogue.criteria)
        self.rule = catalogue.aggregation
        self.current = catalogue
        self._show_rule()
        self._show_list(0)
        self.status.clear()

    def catalogue(self, version: str = WORKING_VERSION) -> CriteriaCatalogue:
        """The catalogue as edited, under ``version``."""
        return self.current.model_copy(update={"version": version})

    # -- reacting ------------------------------------------------------------------------

    def _show_list(self, index: int | None) -> None:
        self._loading = True
        try:
            self.list.options = [(criterion_label(c), n) for n, c in enumerate(self.criteria)]
            self.list.value = index if self.criteria and index is not None else None
        finally:
            self._loading = False
        self._show_chosen()

    def _chosen(self, _change: object) -> None:
        if not self._loading:
            self._show_chosen()

    def _show_rule(self) -> None:
        self._loading = True
        try:
            after = self.rule.escalate_after_gul
            self.escalate.value = after is not None
            self.escalate_after.value = after if after is not None else 3
            self.escalate_after.disabled = after is None
        finally:
            self._loading = False

    def _show_chosen(self) -> None:
        index = self.list.value
        self.remove_button.disabled = index is None
        shown = index is not None
        for part in (self.form, self.signal, self.threshold):
            part.layout.display = None if shown else "none"
        if index is None:
            self.badge.value = ""
            return
        criterion = self.criteria[index]
        self._loading = True
        try:
            self.signal.value = criterion.signal
            if criterion.threshold is not None:
                self.threshold.value = criterion.threshold
            self.form.set_fixed({"signal": criterion.signal, "threshold": criterion.threshold})
            self.form.set_draft(criterion.model_dump(mode="json"), fresh=True)
        finally:
            self._loading = False
        self._show_threshold(criterion.operator)
        self.badge.value = f"<p>Peger på {category_badge(criterion.points_to)}</p>"

    def _show_threshold(self, operator: Operator | str | None) -> None:
        flag = operator == Operator.FLAG.value
        self.threshold.layout.display = "none" if flag else None

    def _signal_changed(self, _change: object) -> None:
        if not self._loading:
            self._criterion_changed(self.form.draft)

    def _criterion_changed(self, draft: dict[str, Any]) -> None:
        if self._loading or self.list.value is None:
            return
        operator = draft.get("operator")
        fixed = {
            "signal": self.signal.value,
            "threshold": None if operator == Operator.FLAG.value else float(self.threshold.value),
        }
        self._show_threshold(operator)
        self._loading = True
        try:
            self.form.set_fixed(fixed)
        finally:
            self._loading = False
        criterion = self.form.instance
        if criterion is None:
            problems = "; ".join(str(problem) for problem in self.form.problems)
            self.status.error(
                f"Rettelsen er ikke gyldig ({problems}); virkningen viser den seneste "
                "gyldige udgave."
            )
            return
        criteria = list(self.criteria)
        criteria[self.list.value] = criterion
        if self._publish(criteria, self.rule):
            self.badge.value = f"<p>Peger på {category_badge(criterion.points_to)}</p>"

    def _rule_changed(self, _change: object) -> None:
        if self._loading:
            return
        self.escalate_after.disabled = not self.escalate.value
        after = int(self.escalate_after.value) if self.escalate.value else None
        try:
            rule = AggregationRule(escalate_after_gul=after)
        except ValidationError as exc:
            self.status.error(
                "Sammenvejningen er ikke gyldig: "
                + "; ".join(danish_error(e) for e in exc.errors())
            )
            return
        self._publish(self.criteria, rule)

    def _add(self) -> None:
        values = _new_criterion({c.id for c in self.criteria})
        if self._publish([*self.criteria, Criterion.model_validate(values)], self.rule):
            self._show_list(len(self.criteria) - 1)

    def _remove(self) -> None:
        index = self.list.value
        if index is None:
            return
        removed = self.criteria[index]
        if self._publish([c for n, c in enumerate(self.criteria) if n != index], self.rule):
            self._show_list(min(index, len(self.criteria) - 1) if self.criteria else None)
            self.status.info(f"Kriteriet {removed.id} er fjernet.")

    def _publish(self, criteria: list[Criterion], rule: AggregationRule) -> bool:
        """Build and hand on the catalogue; a catalogue-level error (e.g. an id used twice)
        is shown and nothing is handed on."""
        try:
            catalogue = CriteriaCatalogue(
                version=WORKING_VERSION,
                title=self.base.title,
                description=self.base.description,
                aggregation=rule,
                criteria=tuple(criteria),
            )
        except ValidationError as exc:
            self.status.error(
                "Rettelsen er ikke gyldig: " + "; ".join(danish_error(e) for e in exc.errors())
            )
            return False
        self.criteria, self.rule, self.current = list(criteria), rule, catalogue
        labels = [(criterion_label(c), n) for n, c in enumerate(self.criteria)]
        if list(self.list.options) != labels:
            chosen = self.list.value
            self._loading = True
            try:
                self.list.options = labels
                self.list.value = chosen if chosen is not None and chosen < len(labels) else None
            finally:
                self._loading = False
        self.status.clear()
        self.on_change(catalogue)
        return True
