"""Editing a criteria catalogue: the list of criteria, a form for the chosen one and one for
the aggregation rule. Only valid edits reach the caller: an invalid value shows its Danish
error at the field, and the evaluation keeps showing the last valid catalogue."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as widgets
from pydantic import ValidationError

from tilsynwidgets.domain.core.messages import validation_messages
from tilsynwidgets.domain.core.signals import SignalKind, signal_catalogue
from tilsynwidgets.domain.risk.criteria import (
    AggregationRule,
    CriteriaCatalogue,
    Criterion,
    Operator,
)
from tilsynwidgets.forms import ModelForm
from tilsynwidgets.presentation.html import category_badge
from tilsynwidgets.presentation.tables import category_heading
from tilsynwidgets.widgets.common.status import StatusLine

__all__ = ["CriteriaEditor", "criterion_label"]

WORKING_VERSION = "arbejdskopi"
"""The version name of a catalogue being edited (it gets its own name when saved)."""


def criterion_label(criterion: Criterion) -> str:
    """How a criterion is listed: its condition and the colour it points to, e.g.
    ``Klager ≥ 3 → ■ Gul`` (its id is a field of the form, not how people name it)."""
    return f"{criterion.describe()} → {category_heading(criterion.points_to.value)}"


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
    """``on_change`` receives each new valid catalogue (named :data:`WORKING_VERSION`).

    The state is the catalogue being edited, the chosen criterion and what its inputs hold
    (signal, threshold, the aggregation rule's inputs); the user's input changes it, and
    ``_refresh`` derives the list, what is shown, the badge and what is disabled. Every input
    observer first compares the input with the state, so writing the state into an input
    (choosing or loading a criterion) is never taken for an edit.
    """

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
        self._chosen: int | None = None  # the index of the criterion being edited
        self._signal: str = self.signal.value
        self._threshold = float(self.threshold.value)
        self._escalate = False
        self._escalate_after = int(self.escalate_after.value)
        self.list.observe(self._picked, names=["value"])
        self.signal.observe(self._signal_edited, names=["value"])
        self.threshold.observe(self._threshold_edited, names=["value"])
        self.form.on_edit(lambda _draft: self._criterion_edited())
        self.escalate.observe(self._escalate_edited, names=["value"])
        self.escalate_after.observe(self._escalate_after_edited, names=["value"])
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
        self._load_rule()
        self._choose(0 if self.criteria else None)

    # -- public API ----------------------------------------------------------------------

    def load(self, catalogue: CriteriaCatalogue) -> None:
        """Edit ``catalogue`` instead (an opened version or an imported file)."""
        self.base = catalogue
        self.criteria = list(catalogue.criteria)
        self.rule = catalogue.aggregation
        self.current = catalogue
        self._load_rule()
        self._choose(0 if self.criteria else None)
        self.status.clear()

    def catalogue(self, version: str = WORKING_VERSION) -> CriteriaCatalogue:
        """The catalogue as edited, under ``version``."""
        return self.current.model_copy(update={"version": version})

    # -- changing the state --------------------------------------------------------------

    def _choose(self, index: int | None) -> None:
        """Edit criterion ``index`` (``None``: none): put it in the inputs."""
        self._chosen = index
        if index is not None:
            criterion = self.criteria[index]
            self._signal = criterion.signal
            if criterion.threshold is not None:
                self._threshold = criterion.threshold
            self.form.set_fixed({"signal": criterion.signal, "threshold": criterion.threshold})
            self.form.set_draft(criterion.model_dump(mode="json"), fresh=True)
        self._refresh()

    def _load_rule(self) -> None:
        after = self.rule.escalate_after_gul
        self._escalate = after is not None
        self._escalate_after = after if after is not None else 3

    # -- reacting to the user ------------------------------------------------------------

    def _picked(self, change: dict[str, Any]) -> None:
        # A user cannot unselect a Select: no selection comes from _refresh replacing the
        # options, the chosen criterion from _refresh showing it.
        index = change["new"]
        if index is not None and index != self._chosen:
            self._choose(index)

    def _signal_edited(self, change: dict[str, Any]) -> None:
        if change["new"] != self._signal:  # else _refresh showed the chosen criterion's
            self._signal = change["new"]
            self._criterion_edited()

    def _threshold_edited(self, change: dict[str, Any]) -> None:
        if change["new"] != self._threshold:  # else _refresh showed the chosen criterion's
            self._threshold = float(change["new"])
            self._criterion_edited()

    def _criterion_edited(self) -> None:
        index = self._chosen
        if index is None:
            return
        flag = self.form.draft.get("operator") == Operator.FLAG.value
        self.form.set_fixed(
            {"signal": self._signal, "threshold": None if flag else self._threshold}
        )
        criterion = self.form.instance
        if criterion is None:
            problems = "; ".join(str(problem) for problem in self.form.problems)
            self.status.error(
                f"Rettelsen er ikke gyldig ({problems}); virkningen viser den seneste "
                "gyldige udgave."
            )
            self._refresh()
            return
        criteria = list(self.criteria)
        criteria[index] = criterion
        if not self._publish(criteria, self.rule):
            self._refresh()

    def _escalate_edited(self, change: dict[str, Any]) -> None:
        if bool(change["new"]) != self._escalate:  # else _refresh showed the rule's
            self._escalate = bool(change["new"])
            self._rule_edited()

    def _escalate_after_edited(self, change: dict[str, Any]) -> None:
        if change["new"] != self._escalate_after:  # else _refresh showed the rule's
            self._escalate_after = int(change["new"])
            self._rule_edited()

    def _rule_edited(self) -> None:
        after = self._escalate_after if self._escalate else None
        try:
            rule = AggregationRule(
                escalate_after_gul=after, min_known_percent=self.rule.min_known_percent
            )
        except ValidationError as exc:
            self.status.error(
                "Sammenvejningen er ikke gyldig: "
                + "; ".join(validation_messages(exc, AggregationRule))
            )
            self._refresh()
            return
        if not self._publish(self.criteria, rule):
            self._refresh()

    def _add(self) -> None:
        values = _new_criterion({c.id for c in self.criteria})
        if self._publish([*self.criteria, Criterion.model_validate(values)], self.rule):
            self._choose(len(self.criteria) - 1)

    def _remove(self) -> None:
        index = self._chosen
        if index is None:
            return
        removed = self.criteria[index]
        if self._publish([c for n, c in enumerate(self.criteria) if n != index], self.rule):
            self._choose(min(index, len(self.criteria) - 1) if self.criteria else None)
            self.status.info(f"Kriteriet {criterion_label(removed)} er fjernet.")

    def _publish(self, criteria: list[Criterion], rule: AggregationRule) -> bool:
        """Build and hand on the catalogue; a catalogue-level error (e.g. an id used twice)
        is shown and nothing is handed on."""
        try:
            catalogue = CriteriaCatalogue(
                version=WORKING_VERSION,
                title=self.base.title,
                description=self.base.description,
                illustrative=self.base.illustrative,
                aggregation=rule,
                criteria=tuple(criteria),
            )
        except ValidationError as exc:
            self.status.error(
                "Rettelsen er ikke gyldig: "
                + "; ".join(validation_messages(exc, CriteriaCatalogue))
            )
            return False
        self.criteria, self.rule, self.current = list(criteria), rule, catalogue
        if self._chosen is not None and self._chosen >= len(self.criteria):
            self._chosen = None
        self._refresh()
        self.status.clear()
        self.on_change(catalogue)
        return True

    # -- deriving the view ---------------------------------------------------------------

    def _refresh(self) -> None:
        """Show the state: the list and its selection, the chosen criterion's inputs and
        badge, the aggregation rule's inputs, and what is hidden or disabled."""
        labels = [(criterion_label(c), n) for n, c in enumerate(self.criteria)]
        with self.list.hold_sync():
            if list(self.list.options) != labels:
                # A Select picks its first option when its options change, unless nothing
                # is selected (ipywidgets 8): clear the selection first.
                self.list.index = None
                self.list.options = labels
            self.list.value = self._chosen
        index = self._chosen
        self.remove_button.disabled = index is None
        for part in (self.form, self.signal, self.threshold):
            part.layout.display = None if index is not None else "none"
        if index is None:
            self.badge.value = ""
        else:
            self.signal.value = self._signal
            self.threshold.value = self._threshold
            flag = self.form.draft.get("operator") == Operator.FLAG.value
            self.threshold.layout.display = "none" if flag else None
            points_to = self.criteria[index].points_to
            self.badge.value = f"<p>Peger på {category_badge(points_to)}</p>"
        self.escalate.value = self._escalate
        self.escalate_after.value = self._escalate_after
        self.escalate_after.disabled = not self._escalate
