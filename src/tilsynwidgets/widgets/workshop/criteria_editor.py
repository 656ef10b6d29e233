"""Editing a criteria catalogue: the list of criteria, a form for the chosen one and one for
the aggregation rule. Only valid edits reach the caller: an invalid value (a threshold outside
its signal's range, say) shows its Danish error at the field, checked in the kernel, and the
evaluation keeps showing the last valid catalogue.

The form reads as a consultant reads a rule: signal, condition, threshold, colour,
explanation, and last the id, which a new criterion takes from its signal. An explanation
that names another number than the threshold is marked at the field; one with ``{tærskel}``
shows how it reads."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as widgets
from pydantic import ValidationError

from tilsynwidgets.domain.core.danish_numbers import danish_number, read_typed_number, typed_number
from tilsynwidgets.domain.core.messages import validation_messages
from tilsynwidgets.domain.core.signals import Signal, SignalKind, signal_catalogue
from tilsynwidgets.domain.risk.criteria import (
    THRESHOLD_PLACEHOLDER,
    AggregationRule,
    CriteriaCatalogue,
    Criterion,
    Operator,
    explanation_text,
    threshold_problem,
)
from tilsynwidgets.domain.workshop.editing import criterion_id_for, derived_from, threshold_for
from tilsynwidgets.domain.workshop.explanations import explanation_mismatch
from tilsynwidgets.domain.workshop.versions import WORKING_COPY
from tilsynwidgets.forms import CleanText, ModelForm, error_html
from tilsynwidgets.presentation.html import category_badge, escape
from tilsynwidgets.presentation.tables import category_heading
from tilsynwidgets.widgets.common.status import StatusLine

__all__ = ["FIELD_ORDER", "CriteriaEditor", "criterion_label", "signal_hint"]

WORKING_VERSION = WORKING_COPY
"""The version name of a catalogue being edited (it gets its own name when saved)."""

FIELD_ORDER = ("signal", "operator", "threshold", "points_to", "explanation", "id")
"""The criterion's fields in the order a consultant reads a rule."""

_WARNING = "#8a5a00"


def criterion_label(criterion: Criterion) -> str:
    """How a criterion is listed: its condition and the colour it points to, e.g.
    ``Klager ≥ 3 → ■ Gul`` (its id is a field of the form, not how people name it)."""
    return f"{criterion.describe()} → {category_heading(criterion.points_to.value)}"


def signal_hint(signal: Signal) -> str:
    """What a signal is and the values it can take, shown under the chosen signal."""
    if signal.kind is SignalKind.FLAG:
        values = "Ja eller nej."
    else:
        low, high = signal.minimum, signal.maximum
        assert low is not None  # guaranteed by Signal._range
        assert high is not None
        values = f"Kan være fra {danish_number(low)} til {danish_number(high)}."
    return f"{signal.description} {values}"


def _condition(signal: Signal, operator: str | None) -> dict[str, Any]:
    """The condition that fits ``signal`` when the signal is changed: a flag is tested
    ("er sat", no threshold); a number keeps its comparison, or gets ≥ a first threshold."""
    if signal.kind is SignalKind.FLAG:
        return {"operator": Operator.FLAG.value, "threshold": None}
    if operator in (None, Operator.FLAG.value):
        return {"operator": Operator.GE.value, "threshold": threshold_for(signal)}
    return {}


def _new_criterion(taken: set[str]) -> dict[str, Any]:
    first = signal_catalogue().signals[0]
    return {
        "id": criterion_id_for(first.key, taken),
        "signal": first.key,
        "threshold": None,
        **_condition(first, None),
        "points_to": "gul",
        "explanation": "Beskriv, hvorfor kriteriet peger på farven.",
    }


def _typed_threshold(text: str, signal: Signal) -> tuple[float | None, str | None]:
    """The threshold typed for ``signal`` and why it cannot be one (Danish), checked in the
    kernel before it reaches the criterion (which checks the range again)."""
    value = read_typed_number(text)
    if value is None:
        return None, "skal være et tal, fx 3 eller 2,5"
    return value, threshold_problem(signal, value)


def _box(title: str, control: widgets.Widget, below: widgets.Widget) -> widgets.VBox:
    """A field shown by hand, laid out as the form lays out its own: title, control, and a
    line below (help or error)."""
    return widgets.VBox(
        [widgets.HTML(f"<b>{escape(title)}</b>"), control, below],
        layout=widgets.Layout(margin="0 0 8px 0"),
    )


def _field_box(form: ModelForm[Criterion], path: str) -> widgets.Box:
    """The box of a form field (its title, control, help and error line)."""
    control = form.control(path)
    return next(
        child
        for child in form.children
        if isinstance(child, widgets.Box) and control in child.children
    )


class CriteriaEditor(widgets.VBox):
    """``on_change`` receives each new valid catalogue (named :data:`WORKING_VERSION`).

    The state is the catalogue being edited, the chosen criterion and what its inputs hold
    (signal, the form's draft, the aggregation rule's inputs); the user's input changes it,
    and ``_refresh`` derives the list, what is shown, the badge, the notes and what is
    disabled. Every input observer first compares the input with the state, so writing the
    state into an input (choosing or loading a criterion) is never taken for an edit.
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
        # Signal and threshold are shown by hand, each in a box like the form's fields: a
        # dropdown of the catalogue's signals, and a number hidden (None) for a flag, which
        # the form cannot show; the form validates them as fixed values. The threshold's box
        # goes into the form after the condition, so the fields read in FIELD_ORDER.
        self.signal = widgets.Dropdown(
            options=[(s.label, s.key) for s in signal_catalogue().signals],
            layout=widgets.Layout(width="40em", max_width="100%"),
        )
        self.signal_hint = widgets.HTML()
        self.threshold = CleanText(
            value="1", continuous_update=False, layout=widgets.Layout(width="10em")
        )
        self.threshold_error = widgets.HTML()
        self.form: ModelForm[Criterion] = ModelForm(
            Criterion,
            fixed={"signal": self.signal.value, "threshold": 1.0},
            fields=[name for name in FIELD_ORDER if name not in {"signal", "threshold"}],
            overrides={"operator": "dropdown"},
            submit_text=None,
            continuous_update=False,
        )
        self.explanation_note = widgets.HTML()
        explanation = _field_box(self.form, "explanation")
        explanation.children = (*explanation.children, self.explanation_note)
        self.signal_box = _box("Signal", self.signal, self.signal_hint)
        self.threshold_box = _box("Tærskel", self.threshold, self.threshold_error)
        condition = _field_box(self.form, "operator")
        at = self.form.children.index(condition) + 1
        self.form.children = (
            *self.form.children[:at],
            self.threshold_box,
            *self.form.children[at:],
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
        self._threshold = str(self.threshold.value)  # as typed: "2,5"
        self._threshold_problem: str | None = None
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
                self.signal_box,
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

    def problems(self) -> list[str]:
        """What the chosen criterion's inputs hold that is not valid (Danish), e.g. a
        threshold outside its signal's range; empty when they are valid."""
        typed = [f"Tærskel: {self._threshold_problem}"] if self._threshold_problem else []
        return typed + [str(problem) for problem in self.form.problems]

    # -- changing the state --------------------------------------------------------------

    def _choose(self, index: int | None) -> None:
        """Edit criterion ``index`` (``None``: none): put it in the inputs."""
        self._chosen = index
        if index is not None:
            criterion = self.criteria[index]
            self._signal = criterion.signal
            self._threshold_problem = None
            if criterion.threshold is not None:
                self._threshold = typed_number(criterion.threshold)
            self.form.set_fixed({"signal": criterion.signal, "threshold": criterion.threshold})
            self.form.set_draft(criterion.model_dump(mode="json"), fresh=True)
            if self.form.instance is None:  # saved before a rule it breaks was checked
                self.status.error(
                    f"Kriteriet {criterion_label(criterion)} er gemt med værdier, der ikke "
                    f"godtages i dag ({'; '.join(self.problems())}); ret dem, før kataloget "
                    "gemmes som en ny version."
                )
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
        if change["new"] == self._signal or self._chosen is None:
            return  # _refresh showed the chosen criterion's
        old, self._signal = self._signal, change["new"]
        signal = signal_catalogue().get(self._signal)
        draft = self.form.draft
        fitted = _condition(signal, draft.get("operator"))
        # A criterion new in this copy takes its id from its signal until it is given one;
        # one the opened version has keeps its id, so versions compare criterion by criterion.
        own = str(draft.get("id") or "")
        opened = {c.id for c in self.base.criteria}
        if own not in opened and derived_from(own, old):
            taken = {c.id for n, c in enumerate(self.criteria) if n != self._chosen}
            fitted["id"] = criterion_id_for(self._signal, taken)
        threshold = fitted.pop("threshold", "kept")
        if isinstance(threshold, float):
            self._threshold = typed_number(threshold)
        if fitted:
            self.form.set_draft(fitted)
        self._criterion_edited()

    def _threshold_edited(self, change: dict[str, Any]) -> None:
        if change["new"] != self._threshold:  # else _refresh showed the chosen criterion's
            self._threshold = str(change["new"])
            self._criterion_edited()

    def _criterion_edited(self) -> None:
        index = self._chosen
        if index is None:
            return
        signal = signal_catalogue().get(self._signal)
        threshold: float | None = None
        self._threshold_problem = None
        if signal.kind is not SignalKind.FLAG:
            threshold, self._threshold_problem = _typed_threshold(self._threshold, signal)
        if self._threshold_problem is not None:
            self.status.error(
                f"Rettelsen er ikke gyldig (Tærskel: {self._threshold_problem}); virkningen "
                "viser den seneste gyldige udgave."
            )
            self._refresh()
            return
        self.form.set_fixed({"signal": self._signal, "threshold": threshold})
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
        signal = signal_catalogue().get(self._signal)
        with self.list.hold_sync():
            if list(self.list.options) != labels:
                # A Select picks its first option when its options change, unless nothing
                # is selected (ipywidgets 8): clear the selection first.
                self.list.index = None
                self.list.options = labels
            self.list.value = self._chosen
        index = self._chosen
        self.remove_button.disabled = index is None
        for part in (self.form, self.signal_box):
            part.layout.display = None if index is not None else "none"
        if index is None:
            self.badge.value = self.explanation_note.value = ""
        else:
            self.signal.value = self._signal
            self.signal_hint.value = f"<small>{escape(signal_hint(signal))}</small>"
            self.threshold.value = self._threshold
            flag = signal.kind is SignalKind.FLAG
            self.threshold_box.layout.display = "none" if flag else None
            shown = [self._threshold_problem] if self._threshold_problem else []
            self.threshold_error.value = error_html(shown)
            points_to = self.criteria[index].points_to
            self.badge.value = f"<p>Peger på {category_badge(points_to)}</p>"
            self.explanation_note.value = _explanation_note(self.form.instance)
        self.escalate.value = self._escalate
        self.escalate_after.value = self._escalate_after
        self.escalate_after.disabled = not self._escalate


def _explanation_note(criterion: Criterion | None) -> str:
    """Under the explanation: a warning when it names another number than the threshold;
    how it reads when it has ``{tærskel}``; nothing otherwise (or while the draft is not a
    valid criterion, whose errors are shown at their fields)."""
    if criterion is None:
        return ""
    mismatch = explanation_mismatch(criterion)
    if mismatch is not None:
        return (
            f'<div role="status" style="color:{_WARNING};font-size:0.9em;line-height:1.3">'
            f"⚠ {escape(mismatch)}</div>"
        )
    if THRESHOLD_PLACEHOLDER in criterion.explanation:
        return (
            '<div style="font-size:0.9em;line-height:1.3">Læses som: '
            f"«{escape(explanation_text(criterion))}»</div>"
        )
    return ""
