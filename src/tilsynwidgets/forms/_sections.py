"""Nested models as titled sections, and lists of nested models as rows to add and remove.

Sections are built once, like leaves. Rows are the one place where the structure changes
at run time: adding builds one row, removing closes that row's widgets; nothing else is
rebuilt. Rows do not know their index: the form derives every location from the tree.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from typing import Any

import ipywidgets as widgets

from tilsynwidgets.forms._errors import heading_html, help_html
from tilsynwidgets.forms._fields import BuildOptions, Node, build_leaf, close_tree
from tilsynwidgets.forms._schema import FieldSpec

__all__ = ["Row", "RowList", "Section", "build_node", "build_nodes"]

_SECTION_LAYOUT = {"border_left": "3px solid #E0E0E0", "padding": "0 0 0 12px", "margin": "6px 0"}


def build_node(spec: FieldSpec, value: Any, options: BuildOptions) -> Node:
    if spec.kind == "model":
        return Section(spec, value, options)
    if spec.kind == "model_list":
        return RowList(spec, value, options)
    return build_leaf(spec, value, options)


def build_nodes(
    specs: Sequence[FieldSpec], values: dict[str, Any], options: BuildOptions
) -> list[Node]:
    return [build_node(spec, values[spec.name], options) for spec in specs]


def _header(spec: FieldSpec, error: widgets.HTML) -> list[widgets.Widget]:
    parts: list[widgets.Widget] = [widgets.HTML(heading_html(spec.title))]
    if spec.help:
        parts.append(widgets.HTML(help_html(spec.help)))
    parts.append(error)
    return parts


RETIRE_AFTER_S = 10.0
"""How long a dropped row's widgets stay open before the next drop closes them."""


class Section(Node):
    """A nested model: a heading, its help, its own error line, then its fields."""

    def __init__(self, spec: FieldSpec, value: dict[str, Any], options: BuildOptions) -> None:
        self.spec = spec
        self.fields = build_nodes(spec.children, value, options)
        self.error = widgets.HTML(layout=widgets.Layout(display="none"))
        self.box = widgets.VBox(
            [*_header(spec, self.error), *(node.box for node in self.fields)],
            layout=widgets.Layout(**_SECTION_LAYOUT),
        )

    def children(self) -> Iterator[tuple[str | int, Node]]:
        return ((node.spec.name, node) for node in self.fields)


class Row(Node):
    """One item of a list of models, with a button that removes it."""

    def __init__(
        self, owner: RowList, value: dict[str, Any], options: BuildOptions, number: int
    ) -> None:
        self.spec = owner.spec
        self.fields = build_nodes(owner.spec.children, value, options)
        self.heading = widgets.HTML(self._heading(number))
        self.remove = widgets.Button(description="Fjern", tooltip="Fjern rækken")
        self.remove.on_click(lambda _button: options.sink.remove_row(owner, self))
        self.error = widgets.HTML(layout=widgets.Layout(display="none"))
        self.box = widgets.VBox(
            [
                widgets.HBox([self.heading, self.remove]),
                self.error,
                *(node.box for node in self.fields),
            ],
            layout=widgets.Layout(**_SECTION_LAYOUT),
        )

    def _heading(self, number: int) -> str:
        return heading_html(f"{self.spec.title} nr. {number}")

    def renumber(self, number: int) -> None:
        self.heading.value = self._heading(number)

    def children(self) -> Iterator[tuple[str | int, Node]]:
        return ((node.spec.name, node) for node in self.fields)


class RowList(Node):
    """A list of models: its rows and an "add" button."""

    def __init__(self, spec: FieldSpec, value: list[Any], options: BuildOptions) -> None:
        self.spec = spec
        self._options = options
        self.rows = [Row(self, row, options, number) for number, row in enumerate(value, 1)]
        self.rows_box = widgets.VBox([row.box for row in self.rows])
        self._retired: list[tuple[float, widgets.Widget]] = []
        self.add = widgets.Button(description="Tilføj", tooltip="Tilføj en række")
        self.add.on_click(lambda _button: options.sink.add_row(self))
        self.error = widgets.HTML(layout=widgets.Layout(display="none"))
        self.box = widgets.VBox(
            [*_header(spec, self.error), self.rows_box, self.add],
            layout=widgets.Layout(margin="6px 0"),
        )

    def children(self) -> Iterator[tuple[str | int, Node]]:
        return enumerate(self.rows)

    def append(self, value: dict[str, Any]) -> Row:
        row = Row(self, value, self._options, len(self.rows) + 1)
        self.rows.append(row)
        self.rows_box.children = [*self.rows_box.children, row.box]
        return row

    def drop(self, row: Row) -> int:
        """Remove ``row`` (closing its widgets) and return the index it had."""
        index = self.rows.index(row)
        del self.rows[index]
        self.rows_box.children = [r.box for r in self.rows]
        self._retire(row.box)
        for number, kept in enumerate(self.rows[index:], index + 1):
            kept.renumber(number)
        return index

    def _retire(self, box: widgets.Widget) -> None:
        """Close ``box`` a little later, with the next row dropped after that: the browser
        may still be drawing the list it was just taken out of, and a widget closed at once
        is one it then cannot find («widget model not found», seen in browser tests)."""
        now = time.monotonic()
        kept = []
        for retired_at, old in self._retired:
            if now - retired_at > RETIRE_AFTER_S:
                close_tree(old)
            else:
                kept.append((retired_at, old))
        self._retired = [*kept, (now, box)]

    def resize(self, values: Sequence[dict[str, Any]]) -> None:
        """Keep as many rows as ``values`` has (new rows built from their value)."""
        while len(self.rows) > len(values):
            self.drop(self.rows[-1])
        for value in values[len(self.rows) :]:
            self.append(value)
