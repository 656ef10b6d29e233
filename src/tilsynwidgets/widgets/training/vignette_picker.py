"""Choosing vignettes with checkboxes: for a new session (from the whole set) and for the
next round (from the session's vignettes not asked yet).

Each vignette is a row: a checkbox named by its title, its unit type and phase as labels,
for the facilitator optionally its reference colour, and the start of its narrative, which
opens to the whole narrative. Nothing is chosen to begin with; «Vælg alle» and «Fravælg
alle» choose or clear every vignette shown. The rows are built once, for the whole set;
:attr:`VignettePicker.options` only shows, orders and hides them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import ipywidgets as widgets

from tilsynwidgets.domain.core.danish_numbers import counted, danish_count
from tilsynwidgets.domain.labels import label_of
from tilsynwidgets.domain.training.vignettes import Vignette, vignette, vignettes
from tilsynwidgets.presentation.html import category_badge, escape

__all__ = ["PREVIEW_CHARS", "VignettePicker", "narrative_preview", "vignette_facts_html"]

PREVIEW_CHARS = 160
"""About how much of a narrative a row shows before it is opened."""
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def narrative_preview(narrative: str, limit: int = PREVIEW_CHARS) -> str:
    """The narrative's first ``limit`` characters or so, cut after a whole word, with «…»
    when there is more (plain text; one line)."""
    text = " ".join(narrative.split())
    if len(text) <= limit:
        return text
    cut = text[: limit + 1].rsplit(" ", 1)[0].rstrip(",;:–-")
    return f"{cut} …"


def vignette_facts_html(case: Vignette, show_reference: bool) -> str:
    """Unit type and phase as labels (and the reference colour, for the facilitator), then
    the start of the narrative, which opens to the whole of it (the start then gives way to
    «Skjul sagsfremstillingen», static/training.css)."""
    facts = [
        f'<span class="tw-pick-fact">{escape(label_of(case.unit.unit_type))}</span>',
        f'<span class="tw-pick-fact">{escape(label_of(case.phase))}</span>',
    ]
    if show_reference:
        facts.append(
            f'<span class="tw-pick-reference">Referencesvar: '
            f"{category_badge(case.reference_category)}</span>"
        )
    paragraphs = "".join(
        f"<p>{escape(part.strip())}</p>"
        for part in _PARAGRAPH_BREAK.split(case.narrative)
        if part.strip()
    )
    return (
        f'<div class="tw-pick-facts">{" · ".join(facts)}</div>'
        '<details class="tw-pick-preview"><summary>'
        f'<span class="tw-pick-short">{escape(narrative_preview(case.narrative))}</span>'
        '<span class="tw-pick-hide">Skjul sagsfremstillingen</span></summary>'
        f'<div class="tw-pick-narrative">{paragraphs}</div></details>'
    )


class VignettePicker(widgets.VBox):
    """Checkboxes for the vignettes in :attr:`options` (ids from the vignette set).

    ``show_reference``: each row shows the vignette's reference colour (the facilitator's
    set-up, before a session is under way; never on a participant's page).
    """

    def __init__(self, label: str, show_reference: bool, empty_text: str = "") -> None:
        self._all = vignettes().ids
        self._options: tuple[str, ...] = ()
        self.empty_text = empty_text
        self.boxes: dict[str, widgets.Checkbox] = {}
        self._rows: dict[str, widgets.VBox] = {}
        for vignette_id in self._all:
            case = vignette(vignette_id)
            box = widgets.Checkbox(
                value=False,
                description=case.title,
                indent=False,
                layout=widgets.Layout(width="auto"),
            )
            box.observe(self._count, names=["value"])
            self.boxes[vignette_id] = box
            facts = widgets.HTML(vignette_facts_html(case, show_reference))
            row = widgets.VBox([box, facts])
            row.add_class("tw-pick-row")
            self._rows[vignette_id] = row
        self.choose_all = widgets.Button(description="Vælg alle")
        self.choose_none = widgets.Button(description="Fravælg alle")
        self.choose_all.on_click(lambda _b: self._set(self._options))
        self.choose_none.on_click(lambda _b: self._set(()))
        self.counter = widgets.HTML()
        self.empty = widgets.HTML()
        self.list = widgets.VBox([])
        self.list.add_class("tw-pick-list")
        heading = widgets.HTML(f"<b>{escape(label)}</b>")
        super().__init__(
            [
                widgets.HBox([heading, self.choose_all, self.choose_none, self.counter]),
                self.empty,
                self.list,
            ]
        )
        self.add_class("tw-vignette-picker")
        self._count()

    @property
    def options(self) -> tuple[str, ...]:
        """The vignettes offered, in order."""
        return self._options

    @options.setter
    def options(self, ids: Iterable[str]) -> None:
        wanted = tuple(ids)
        self._check(wanted, self._all, "Ukendt vignet")
        if wanted != self._options:
            kept = [v for v in self.value if v in wanted]
            self._options = wanted
            self.list.children = [self._rows[v] for v in wanted]
            self._set(kept)
        self.empty.value = f"<p>{escape(self.empty_text)}</p>" if not wanted else ""

    @property
    def value(self) -> tuple[str, ...]:
        """The chosen vignettes, in the order offered."""
        return tuple(v for v in self._options if self.boxes[v].value)

    @value.setter
    def value(self, ids: Iterable[str]) -> None:
        chosen = tuple(ids)
        self._check(chosen, self._options, "Vignetten kan ikke vælges her")
        self._set(chosen)

    def titles(self) -> tuple[str, ...]:
        """The titles shown, in order (what a person reads in place of ids)."""
        return tuple(self.boxes[v].description for v in self._options)

    @staticmethod
    def _check(ids: Sequence[str], allowed: Sequence[str], what: str) -> None:
        unknown = [v for v in ids if v not in allowed]
        if unknown:
            raise ValueError(f"{what}: {', '.join(unknown)}.")

    def _set(self, chosen: Iterable[str]) -> None:
        wanted = set(chosen)
        with self.counter.hold_sync():  # one count sent, not one a box
            for vignette_id, box in self.boxes.items():
                box.value = vignette_id in wanted and vignette_id in self._options
            self._count()

    def _count(self, _change: object = None) -> None:
        offered = len(self._options)
        if not offered:
            self.counter.value = ""
            return
        chosen = len(self.value)
        self.counter.value = (
            f"<span class='tw-pick-count'>{danish_count(chosen)} af "
            f"{counted(offered, 'vignet', 'vignetter')} valgt</span>"
        )
