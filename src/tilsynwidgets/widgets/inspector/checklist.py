"""Organisational support: the measures of seed 001 for the unit's colour, ticked and saved
with who and when. Built once per colour; switching unit only updates values."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import ipywidgets as widgets

from tilsynwidgets.domain.core.categories import RiskCategory
from tilsynwidgets.domain.core.danish_numbers import counted
from tilsynwidgets.domain.core.local_time import format_stamp
from tilsynwidgets.domain.labels import labels
from tilsynwidgets.domain.support.measures import (
    ChecklistState,
    changes_to_save,
    checklist_state,
    measure_catalogue,
)
from tilsynwidgets.forms import CleanText
from tilsynwidgets.presentation.html import category_badge, escape
from tilsynwidgets.store.store import Store
from tilsynwidgets.widgets.common.status import StatusLine

__all__ = ["ChecklistPanel"]


class ChecklistPanel(widgets.VBox):
    def __init__(
        self, store: Store, author: str, clock: Callable[[], datetime] | None = None
    ) -> None:
        self.store = store
        self.author = author
        self.clock = clock or (lambda: datetime.now(UTC))
        self.unit_id: str | None = None
        self.category: RiskCategory | None = None
        self.state: ChecklistState | None = None
        self.heading = widgets.HTML()
        self.boxes: dict[RiskCategory, dict[str, widgets.Checkbox]] = {}
        self.details: dict[str, widgets.HTML] = {}
        self.groups: dict[RiskCategory, widgets.VBox] = {}
        catalogue = measure_catalogue()
        for category, support in catalogue.colours.items():
            rows = []
            boxes = {}
            for measure in support.measures:
                box = widgets.Checkbox(
                    description=measure.title,
                    indent=False,
                    layout=widgets.Layout(width="auto"),
                )
                detail = widgets.HTML()
                boxes[measure.id] = box
                self.details[measure.id] = detail
                rows.append(widgets.VBox([box, detail]))
            self.boxes[category] = boxes
            intro = widgets.HTML(f"<p>{escape(support.intro)}</p><p>{escape(support.lead)}</p>")
            self.groups[category] = widgets.VBox([intro, *rows])
        self.note = CleanText(description="Note", placeholder="Valgfri bemærkning til ændringen")
        self.save = widgets.Button(description="Gem tjekliste", button_style="primary")
        self.status = StatusLine()
        self.body = widgets.VBox()
        self.save.on_click(self.status.guard(self._save))
        super().__init__([self.heading, self.body, self.note, self.save, self.status])

    def show(self, unit_id: str, category: RiskCategory) -> None:
        """Show ``unit_id``'s checklist for ``category`` as stored."""
        self.unit_id, self.category = unit_id, category
        self.state = checklist_state(self.store.checklist_changes(unit_id), category)
        style = labels().category(category)
        self.heading.value = (
            f"<p>Organisatorisk understøttelse for {category_badge(category)} "
            f"({escape(style.description.lower())}).</p>"
        )
        self.body.children = (self.groups[category],)
        boxes = self.boxes[category]
        for item in self.state.items:
            boxes[item.measure.id].value = item.in_place
            when = format_stamp(item.changed_at) if item.changed_at else None
            self.details[item.measure.id].value = (
                f"<small style='color:#555'>{escape(item.measure.text)}"
                + (f" – senest ændret af {escape(item.author or '')} {when}" if when else "")
                + "</small>"
            )
        self.note.value = ""
        self.status.clear()

    def _save(self) -> None:
        if self.unit_id is None or self.category is None or self.state is None:
            self.status.error("Vælg en enhed først.")
            return
        ticked = {mid: box.value for mid, box in self.boxes[self.category].items()}
        changes = changes_to_save(
            self.state,
            ticked,
            unit_id=self.unit_id,
            author=self.author,
            note=self.note.value,
            now=self.clock(),
        )
        if not changes:
            self.status.info("Ingen ændringer at gemme.")
            return
        self.store.append_checklist_changes(changes)
        self.show(self.unit_id, self.category)
        saved = counted(len(changes), "ændring", "ændringer")
        self.status.success(f"Gemt: {saved} af {self.author}.")
