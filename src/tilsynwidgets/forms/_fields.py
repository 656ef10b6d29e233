"""Pydantic field → widget: one :class:`Leaf` per shown scalar, choice or multi-choice field.

A leaf owns its widgets (title, control, help line, error line) and converts between the
draft's JSON value and the control's value. It never writes the draft: each control has one
observer (``names=["value"]``) that hands the new JSON value to the form (the :class:`Sink`).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import TYPE_CHECKING, Any, Protocol

import ipywidgets as widgets

from tilsynwidgets.domain.core.danish_numbers import read_typed_number, typed_number
from tilsynwidgets.forms._errors import error_html, help_html, title_html
from tilsynwidgets.forms._schema import FieldSpec
from tilsynwidgets.forms._text import CleanText, CleanTextarea

if TYPE_CHECKING:
    from tilsynwidgets.forms._sections import Row, RowList

__all__ = [
    "EMPTY_CHOICE",
    "BuildOptions",
    "ChecksLeaf",
    "Leaf",
    "Node",
    "Sink",
    "ValueLeaf",
    "build_leaf",
    "close_tree",
]

EMPTY_CHOICE = "— vælg —"
"""The label of the empty option of an optional choice (``X | None``)."""

_EMPTY = ""  # the empty option's widget value (a widget value of None means "no selection")


class Sink(Protocol):
    """Where widget changes go: the form, which owns the draft."""

    def changed(self, node: Node, value: Any) -> None: ...

    def toggled(self, node: Node, member: Any, checked: bool) -> None: ...

    def add_row(self, node: RowList) -> None: ...

    def remove_row(self, node: RowList, row: Row) -> None: ...


@dataclass(frozen=True)
class BuildOptions:
    """What every node needs to build itself."""

    sink: Sink
    labeller: Callable[[Enum], str]
    continuous_update: bool = True


class Node:
    """A shown part of the form with its own error line."""

    spec: FieldSpec
    box: widgets.Box
    error: widgets.HTML

    def children(self) -> Iterator[tuple[str | int, Node]]:
        """Sub-nodes with their key in the draft (field name or row index)."""
        return iter(())

    def set_errors(self, messages: Sequence[str]) -> None:
        self.error.value = error_html(messages)
        self.error.layout.display = None if messages else "none"

    def close(self) -> None:
        close_tree(self.box)


class Leaf(Node, ABC):
    """A field shown by one control (or a row of checkboxes)."""

    def __init__(self, spec: FieldSpec, value: Any, options: BuildOptions) -> None:
        self.spec = spec
        self._sink = options.sink
        self.control = self._build(value, options)
        parts: list[widgets.Widget] = []
        if spec.kind != "bool":  # a checkbox carries its title itself
            parts.append(widgets.HTML(title_html(spec.title)))
        parts.append(self.control)
        if spec.help:
            parts.append(widgets.HTML(help_html(spec.help)))
        self.error = widgets.HTML(layout=widgets.Layout(display="none"))
        parts.append(self.error)
        self.box = widgets.VBox(parts, layout=widgets.Layout(margin="0 0 8px 0"))

    @abstractmethod
    def _build(self, value: Any, options: BuildOptions) -> widgets.Widget:
        """The input widget for this field, showing ``value``."""

    def value_widgets(self) -> list[widgets.Widget]:
        """The widgets whose ``value`` mirrors the draft (for ``hold_sync`` batches)."""
        return [self.control]

    @abstractmethod
    def show(self, value: Any) -> None:
        """Make the control show the draft value ``value`` (already normalised)."""


class ValueLeaf(Leaf):
    """One control whose value maps one-to-one onto the draft value."""

    def _build(self, value: Any, options: BuildOptions) -> widgets.Widget:
        spec = self.spec
        control = _control(spec, self.to_widget(value), options)
        control.observe(self._on_value, names=["value"])
        return control

    def _on_value(self, change: dict[str, Any]) -> None:
        self._sink.changed(self, self.to_json(change["new"]))

    def show(self, value: Any) -> None:
        self.control.value = self.to_widget(value)

    def to_widget(self, value: Any) -> Any:
        kind = self.spec.kind
        if kind == "enum":
            return _EMPTY if value is None and self.spec.optional else value
        if kind == "multi_enum":
            return tuple(value)
        if kind == "date":
            return None if value is None else date.fromisoformat(value)
        if kind == "str" and value is None:
            return ""
        if kind == "float":
            return decimal_text(value)
        return value

    def to_json(self, value: Any) -> Any:
        kind = self.spec.kind
        if kind == "enum":
            return None if value in (None, _EMPTY) else value
        if kind == "multi_enum":
            assert self.spec.enum is not None
            return [m.value for m in self.spec.enum if m.value in set(value)]
        if kind == "date":
            return None if value is None else value.isoformat()
        if kind == "str" and self.spec.optional and value == "":
            return None
        if kind == "float":
            return decimal_value(value, optional=self.spec.optional)
        return value


class ChecksLeaf(Leaf):
    """A multi-choice shown as one checkbox per option, wrapping onto more lines."""

    def _build(self, value: Any, options: BuildOptions) -> widgets.Widget:
        chosen = set(value)
        self.boxes: list[widgets.Checkbox] = []
        self.members: list[Enum] = []
        for member, label in _choices(self.spec, options.labeller):
            self.members.append(member)
            box = widgets.Checkbox(
                value=member.value in chosen,
                description=label,
                indent=False,
                layout=widgets.Layout(width="auto", margin="0 16px 0 0"),
            )
            box.observe(self._toggler(member.value), names=["value"])
            self.boxes.append(box)
        return widgets.HBox(self.boxes, layout=widgets.Layout(flex_flow="row wrap"))

    def _toggler(self, member: Any) -> Callable[[dict[str, Any]], None]:
        def toggled(change: dict[str, Any]) -> None:
            self._sink.toggled(self, member, bool(change["new"]))

        return toggled

    def value_widgets(self) -> list[widgets.Widget]:
        return list(self.boxes)

    def show(self, value: Any) -> None:
        chosen = set(value)
        for member, box in zip(self.members, self.boxes, strict=True):
            box.value = member.value in chosen


def build_leaf(spec: FieldSpec, value: Any, options: BuildOptions) -> Leaf:
    if spec.kind == "multi_enum" and spec.widget == "checkboxes":
        return ChecksLeaf(spec, value, options)
    return ValueLeaf(spec, value, options)


def _control(spec: FieldSpec, value: Any, options: BuildOptions) -> widgets.Widget:
    """The input widget for a field; numbers are unbounded so the model, not the widget,
    rejects out-of-range values (with a Danish message instead of silent clamping)."""
    cont = options.continuous_update
    kind = spec.kind
    if kind == "enum":
        pairs = [(label, member.value) for member, label in _choices(spec, options.labeller)]
        if spec.optional:
            pairs.insert(0, (EMPTY_CHOICE, _EMPTY))
        if spec.widget == "toggle_buttons":
            return widgets.ToggleButtons(options=pairs, value=value, style={"button_width": "auto"})
        if spec.widget == "radio_buttons":
            return widgets.RadioButtons(options=pairs, value=value)
        return widgets.Dropdown(options=pairs, value=value)
    if kind == "multi_enum":
        pairs = [(label, member.value) for member, label in _choices(spec, options.labeller)]
        return widgets.SelectMultiple(options=pairs, value=value, rows=min(len(pairs), 8))
    if kind == "int":
        return widgets.IntText(value=value, continuous_update=cont)
    if kind == "float":
        # A text box, not the browser's number box: that one writes "4.5" in an English
        # browser and refuses "4,5"; a Dane types and reads "4,5".
        return CleanText(
            value=value,
            continuous_update=cont,
            placeholder="fx 4,5",
            layout=widgets.Layout(width="10em"),
        )
    if kind == "bool":
        return widgets.Checkbox(value=value, description=spec.title, indent=False)
    if kind == "date":
        return widgets.DatePicker(value=value)
    if spec.widget == "textarea":
        return CleanTextarea(
            multiline=spec.multiline,
            value=value,
            continuous_update=cont,
            rows=4,
            layout=widgets.Layout(width="40em", max_width="100%"),
        )
    return CleanText(
        multiline=spec.multiline,
        value=value,
        continuous_update=cont,
        layout=widgets.Layout(width="28em", max_width="100%"),
    )


def decimal_text(value: Any) -> str:
    """A draft's number as a Dane writes it in a field: 4.5 → "4,5", 7.0 → "7"; text that is
    not a number (a draft that failed validation) is shown as it was typed."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    return typed_number(float(value))


def decimal_value(text: str, *, optional: bool = False) -> Any:
    """What was typed as the draft's value: "4,5" (or "4.5") → 4.5; "" → ``None`` for an
    optional field; anything else is kept as typed, so the model names it ("skal være et
    tal") at the field."""
    typed = text.strip()
    if not typed and optional:
        return None
    number = read_typed_number(typed)
    return typed if number is None else number


def _choices(spec: FieldSpec, labeller: Callable[[Enum], str]) -> list[tuple[Enum, str]]:
    assert spec.enum is not None
    pairs = []
    for member in spec.enum:
        if spec.choices is not None and str(member.value) not in spec.choices:
            continue
        try:
            label = labeller(member)
        except KeyError:
            raise LookupError(
                f"Ingen dansk tekst for {type(member).__name__}.{member.name} (felt "
                f"'{spec.path}'): tilføj den i labels.da.yaml, eller giv formularen en labeller."
            ) from None
        pairs.append((member, label))
    return pairs


def close_tree(widget: widgets.Widget) -> None:
    """Close a widget, its children, and their layout and style widgets.

    ``Widget.close()`` alone leaves the ``layout`` and ``style`` models open in the kernel.
    """
    for child in getattr(widget, "children", ()):
        close_tree(child)
    for part in ("layout", "style"):
        sub = getattr(widget, part, None)
        if isinstance(sub, widgets.Widget):
            sub.close()
    widget.close()
