"""ModelForm: a form for a pydantic model, built once, with one draft as the source of truth.

Flow of a change: a widget's observer hands its new JSON value to the form (``changed``),
the form writes it into the draft, validates ``{**fixed, **draft}`` with the model, tells
the ``on_change`` (and, for the user's own changes, the ``on_edit``) callbacks and renders
errors. Nothing reads a widget to decide anything. ``set_draft`` puts the new values in the
draft first and then writes the widgets; ipywidgets reports those writes to the observers
too, and the form drops every report of a value the draft already holds, so a programmatic
fill never counts as an edit: no field becomes touched and no ``on_edit`` callback runs.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from contextlib import ExitStack
from enum import Enum
from typing import Any, Generic, TypeVar

import ipywidgets as widgets
from pydantic import BaseModel, ValidationError

from tilsynwidgets.domain.core.failures import log_failure
from tilsynwidgets.domain.core.refusals import UNEXPECTED_FAILURE, refusal_text
from tilsynwidgets.domain.labels import label_of
from tilsynwidgets.forms._draft import Loc, copy_json, get_in, normalise, path_of, payload, set_in
from tilsynwidgets.forms._errors import FormInvalid, Problem, error_html, located_errors
from tilsynwidgets.forms._fields import BuildOptions, Leaf, Node, ValueLeaf, close_tree
from tilsynwidgets.forms._placement import line_text, place_loc, place_path, related
from tilsynwidgets.forms._schema import WidgetKind, blank_row, describe_fields, shown_names
from tilsynwidgets.forms._sections import Row, RowList, build_nodes
from tilsynwidgets.forms._status import status_html

__all__ = ["ExtraCheck", "ModelForm"]

M = TypeVar("M", bound=BaseModel)
ExtraCheck = Callable[[M], Iterable[tuple[str, str]]]
"""A rule beyond the model: returns (field path or ``""``, Danish message) per violation."""

logger = logging.getLogger(__name__)


class ModelForm(widgets.VBox, Generic[M]):
    """A form for ``model``: Danish titles, help and errors per field; submit builds the model.

    ``fixed`` values belong to the model but are not shown (e.g. ``unit_id``, ``assessor``);
    ``fields``/``exclude`` choose the shown fields; ``overrides`` picks a widget per field
    path; ``initial`` (a mapping or a model) fills the draft; ``extra_checks`` adds rules that
    block submit like model errors do. ``reveal_with`` names fields whose errors show as soon
    as another is touched (choosing a colour that deviates reveals the missing deviation
    justification at once). ``choices`` narrows what enum fields offer, by path, for this
    form (a value not offered can neither be picked nor put in the draft). ``explain=False``
    leaves out the line that says why saving is blocked, for a caller that shows one status
    of its own (one status at a time).
    """

    def __init__(
        self,
        model: type[M],
        *,
        fixed: Mapping[str, Any] | None = None,
        fields: Sequence[str] | None = None,
        exclude: Collection[str] = (),
        overrides: Mapping[str, WidgetKind] | None = None,
        initial: Mapping[str, Any] | BaseModel | None = None,
        extra_checks: ExtraCheck[M] | None = None,
        submit_text: str | None = "Gem",
        labeller: Callable[[Enum], str] = label_of,
        continuous_update: bool = True,
        reveal_with: Mapping[str, Collection[str]] | None = None,
        choices: Mapping[str, Collection[str]] | None = None,
        explain: bool = True,
    ) -> None:
        self._change_callbacks: list[Callable[[dict[str, Any]], None]] = []
        self._edit_callbacks: list[Callable[[dict[str, Any]], None]] = []
        self._submit_callbacks: list[Callable[[M], None]] = []
        self.model_class = model
        self._fixed = dict(fixed or {})
        names = shown_names(model, self._fixed, fields, exclude)
        self._specs = describe_fields(model, names=names, overrides=overrides, choices=choices)
        self._extra_checks = extra_checks
        self._touched: set[str] = set()
        self._reveal_with = {key: frozenset(paths) for key, paths in (reveal_with or {}).items()}
        self._reveal_all = False
        self._instance: M | None = None
        self._field_problems: list[Problem] = []
        self._check_problems: list[Problem] = []
        self._callback_errors: list[str] = []
        self._shown: dict[str, list[str]] = {}
        self._draft: dict[str, Any] = {spec.name: copy_json(spec.initial) for spec in self._specs}
        if initial is not None:
            values = _as_mapping(initial)
            self._draft = self._merged(values)
            self._touched.update(name for name in values if name in self._draft)

        options = BuildOptions(self, labeller, continuous_update)
        self._nodes = build_nodes(self._specs, self._draft, options)
        self._messages = widgets.HTML(layout=widgets.Layout(display="none"))
        self._status = widgets.HTML(layout=widgets.Layout(display=None if explain else "none"))
        self._button: widgets.Button | None = None
        footer: list[widgets.Widget] = [self._status]
        if submit_text is not None:
            self._button = widgets.Button(description=submit_text, button_style="primary")
            self._button.on_click(self._on_click)
            footer.insert(0, self._button)
        super().__init__(
            [*(node.box for node in self._nodes), self._messages, widgets.HBox(footer)]
        )
        self._index()
        self._refresh()

    # -- public API -------------------------------------------------------------------

    @property
    def draft(self) -> dict[str, Any]:
        """A copy of the draft (JSON-compatible; change it through ``set_draft``)."""
        return copy_json(self._draft)  # type: ignore[no-any-return]

    @property
    def instance(self) -> M | None:
        """The model built from the current draft, or ``None`` while the model rejects it.

        Extra checks do not affect it, so e.g. live estimated hours can follow a plan that
        breaks a legal rule.
        """
        return self._instance

    @property
    def problems(self) -> tuple[Problem, ...]:
        """Everything that blocks submit now, shown or not yet shown."""
        return (*self._field_problems, *self._check_problems)

    @property
    def valid(self) -> bool:
        return not self.problems

    @property
    def submit_button(self) -> widgets.Button | None:
        return self._button

    @property
    def paths(self) -> tuple[str, ...]:
        """The path of every shown field, section and row."""
        return tuple(self._by_path)

    def control(self, path: str) -> widgets.Widget:
        """The input widget of a field (for checkboxes: the box holding them)."""
        node = self._by_path.get(path)
        if not isinstance(node, Leaf):
            raise KeyError(f"formularen viser intet felt '{path}'")
        return node.control

    def error_line(self, path: str = "") -> widgets.HTML:
        """The HTML widget showing the errors of ``path`` (``""``: the form-level area)."""
        return self._messages if path == "" else self._by_path[path].error

    def errors_at(self, path: str = "") -> tuple[str, ...]:
        """The Danish messages shown at ``path`` now (``""``: the form-level area)."""
        return tuple(self._shown.get(path, ()))

    def set_draft(self, values: Mapping[str, Any] | BaseModel, *, fresh: bool = False) -> None:
        """Show ``values`` (e.g. a restored autosave) in the draft and the widgets.

        Nested models merge key by key; lists of models are replaced. Keys the form does
        not show are ignored. A value no widget can show raises ``ValueError`` before
        anything changes. With ``fresh`` the form starts over (e.g. for another unit): no
        field counts as touched, so no error shows until the user changes it or submits.
        """
        values = _as_mapping(values)
        new = self._merged(values)
        # The draft first, the widgets after: their observers report values the draft holds.
        old, self._draft = self._draft, new
        try:
            with ExitStack() as stack:
                for node in self._nodes:
                    self._show(node, new[node.spec.name], stack)
        except BaseException:
            self._draft = old  # a widget refused its value: the draft stays as it was
            raise
        if fresh:
            self._touched.clear()
            self._reveal_all = False
        else:
            self._touched.update(name for name in values if name in new)
        self._index()
        self._after_change()

    def set_fixed(self, values: Mapping[str, Any]) -> None:
        """Replace the hidden values (e.g. another unit's id and suggestion) and revalidate.

        The shown fields stay as they are; call :meth:`set_draft` to change them too.
        """
        hidden = {spec.name for spec in self._specs}
        shown = sorted(hidden & set(values))
        if shown:
            raise ValueError(f"felterne vises i formularen og kan ikke låses: {', '.join(shown)}")
        self._fixed = dict(values)
        self._refresh()

    def submit(self) -> M:
        """Build the model from the draft; raise :class:`FormInvalid` while there are problems.

        Also reveals every field's errors, so a failed submit shows the user what to fix.
        """
        self._reveal_all = True
        self._refresh()
        if self._instance is None or self.problems:
            raise FormInvalid(self.problems)
        return self._instance

    def on_change(self, callback: Callable[[dict[str, Any]], None], remove: bool = False) -> None:
        """Call ``callback(draft)`` after each change; its errors show in the form.

        With ``continuous_update`` (the default) text fields change on every keystroke, so
        keep callbacks cheap (or debounce them). A callback that calls ``set_draft`` is
        called again for that change. ``set_draft`` calls it too; see :meth:`on_edit`.
        """
        _register(self._change_callbacks, callback, remove)

    def on_edit(self, callback: Callable[[dict[str, Any]], None], remove: bool = False) -> None:
        """Call ``callback(draft)`` after each change the user makes, after the ``on_change``
        callbacks; not after ``set_draft`` (e.g. autosave what was typed, not what was
        restored). Its errors show in the form.
        """
        _register(self._edit_callbacks, callback, remove)

    def on_submit(self, callback: Callable[[M], None], remove: bool = False) -> None:
        """Call ``callback(model)`` when the submit button builds a valid model."""
        _register(self._submit_callbacks, callback, remove)

    def close(self) -> None:
        """Close every widget the form built, then the form itself."""
        for callbacks in (self._change_callbacks, self._edit_callbacks, self._submit_callbacks):
            callbacks.clear()
        for child in self.children:
            close_tree(child)
        if self.comm is not None:  # not when __init__ failed early (Widget.__del__ closes too)
            self.layout.close()
        super().close()

    # -- the sink: widgets report changes here ---------------------------------------

    def changed(self, node: Node, value: Any) -> None:
        loc, path = self._where[id(node)]
        if isinstance(node, ValueLeaf) and value == node.to_json(
            node.to_widget(get_in(self._draft, loc))
        ):
            return  # the widget shows the draft already: set_draft wrote it
        set_in(self._draft, loc, value)
        self._touched.add(path)
        self._after_change(edited=True)

    def toggled(self, node: Node, member: Any, checked: bool) -> None:
        loc, path = self._where[id(node)]
        chosen = set(get_in(self._draft, loc))
        if (member in chosen) == checked:
            return  # the box shows the draft already: set_draft wrote it
        if checked:
            chosen.add(member)
        else:
            chosen.discard(member)
        assert node.spec.enum is not None
        set_in(self._draft, loc, [m.value for m in node.spec.enum if m.value in chosen])
        self._touched.add(path)
        self._after_change(edited=True)

    def add_row(self, node: RowList) -> None:
        loc, _ = self._where[id(node)]
        value = blank_row(node.spec)
        get_in(self._draft, loc).append(copy_json(value))
        node.append(value)
        self._index()
        self._after_change(edited=True)

    def remove_row(self, node: RowList, row: Row) -> None:
        loc, path = self._where[id(node)]
        index = node.drop(row)
        del get_in(self._draft, loc)[index]
        self._touched.add(path)  # row indices shift: reveal the whole list
        self._index()
        self._after_change(edited=True)

    # -- deriving the view -----------------------------------------------------------

    def _refresh(self) -> None:
        """Validate the draft and show the result (idempotent; also run by ``__init__``)."""
        self._validate()
        self._render()

    def _after_change(self, *, edited: bool = False) -> None:
        """Validate, tell the callbacks (``edited``: the user made the change) and render."""
        self._callback_errors = []
        self._validate()
        callbacks = [*self._change_callbacks, *(self._edit_callbacks if edited else ())]
        if callbacks:
            draft = self.draft  # one copy for all: callbacks cannot touch the source of truth
            for callback in callbacks:
                self._run(callback, draft, "efter ændringen")
        self._render()

    def _validate(self) -> None:
        data = {**self._fixed, **payload(self._specs, self._draft)}
        self._field_problems, self._check_problems = [], []
        try:
            instance = self.model_class.model_validate(data)
        except ValidationError as exc:
            self._instance = None
            self._field_problems = [
                place_loc(loc, msg, self._by_path, self.model_class)
                for loc, msg in located_errors(exc, self.model_class)
            ]
            return
        self._instance = instance
        if self._extra_checks is None:
            return
        try:
            found = list(self._extra_checks(instance))
        except Exception as exc:  # a rule that cannot be checked must still block saving
            self._check_problems = [Problem("", _check_failed(exc))]
            return
        self._check_problems = [
            place_path(path, message, self._by_path, self.model_class) for path, message in found
        ]

    def _render(self) -> None:
        shown: dict[str, list[str]] = {}
        for problem in self._field_problems:
            if self._revealed(problem.path):
                shown.setdefault(problem.path, []).append(line_text(problem))
        for problem in self._check_problems:
            shown.setdefault(problem.path, []).append(line_text(problem))
        shown.setdefault("", []).extend(self._callback_errors)
        self._shown = {path: messages for path, messages in shown.items() if messages}
        for path, node in self._by_path.items():
            node.set_errors(self._shown.get(path, ()))
        messages = self._shown.get("", [])
        self._messages.value = error_html(messages)
        self._messages.layout.display = None if messages else "none"
        problems = self.problems
        self._status.value = status_html(problems)
        if self._button is not None:
            self._button.disabled = bool(problems)
            self._button.tooltip = "Ret fejlene, før der kan gemmes" if problems else ""

    def _revealed(self, path: str) -> bool:
        """Errors show once the user touched the field (or something in or around it)."""
        return self._reveal_all or any(
            related(path, touched) or path in self._reveal_with.get(touched, ())
            for touched in self._touched
        )

    # -- helpers ---------------------------------------------------------------------

    def _index(self) -> None:
        """Derive every node's location from the tree (rows shift when one is removed)."""
        self._where: dict[int, tuple[Loc, str]] = {}
        self._by_path: dict[str, Node] = {}

        def walk(node: Node, loc: Loc) -> None:
            path = path_of(loc)
            self._where[id(node)] = (loc, path)
            self._by_path[path] = node
            for key, child in node.children():
                walk(child, (*loc, key))

        for node in self._nodes:
            walk(node, (node.spec.name,))

    def _show(self, node: Node, value: Any, stack: ExitStack) -> None:
        if isinstance(node, Leaf):
            for widget in node.value_widgets():
                stack.enter_context(widget.hold_sync())
            node.show(value)
            return
        if isinstance(node, RowList):
            node.resize(value)
        for key, child in node.children():
            self._show(child, value[key], stack)

    def _merged(self, values: Mapping[str, Any]) -> dict[str, Any]:
        new = copy_json(self._draft)
        for spec in self._specs:
            if spec.name in values:
                new[spec.name] = normalise(spec, values[spec.name], new[spec.name])
        return new  # type: ignore[no-any-return]

    def _run(self, callback: Callable[[Any], None], argument: Any, when: str) -> None:
        try:
            callback(argument)
        except Exception as exc:  # shown, not swallowed: ipywidgets would only log it
            text = refusal_text(exc)
            if text is None:
                name = getattr(callback, "__qualname__", type(callback).__name__)
                log_failure(logger, f"form callback {name} failed", exc)
                self._callback_errors.append(UNEXPECTED_FAILURE)
            else:
                self._callback_errors.append(f"Der opstod en fejl {when}: {text}")

    def _on_click(self, _button: widgets.Button) -> None:
        self._callback_errors = []
        try:
            instance = self.submit()
        except FormInvalid:
            return  # submit() has shown the problems
        for callback in list(self._submit_callbacks):
            self._run(callback, instance, "ved gem")
        self._render()


CHECK_FAILED = (
    "Kontrollen kunne ikke gennemføres på grund af en uventet fejl, så der kan ikke gemmes. "
    "Fejlen er skrevet i serverens log."
)


def _check_failed(exc: Exception) -> str:
    """Why an extra check could not run: its refusal, or (a bug, logged) a Danish sentence."""
    text = refusal_text(exc)
    if text is None:
        log_failure(logger, "extra_checks failed", exc)
        return CHECK_FAILED
    return f"Kontrollen kunne ikke gennemføres: {text}"


def _as_mapping(values: Mapping[str, Any] | BaseModel) -> Mapping[str, Any]:
    return values.model_dump(mode="json") if isinstance(values, BaseModel) else values


def _register(callbacks: list[Any], callback: Any, remove: bool) -> None:
    if remove:
        if callback in callbacks:
            callbacks.remove(callback)
    elif callback not in callbacks:
        callbacks.append(callback)
