"""«Venter på stillingtagen»: the units whose new information waits for a decision, above the
unit picker and filtered like its list (search words, socialtilsyn, type, colour and «Kun mit
team»), longest wait first, each with its reason, how long it has waited and a button that
opens it.

Above the picker rather than in a tab of its own: it is the first thing an inspector should
see when the app opens, and the search and filters right under it narrow the queue and the
list of units alike (a search for one unit shows whether it waits). The domain computes the
queue (``domain.information.queue.reconsideration_queue``); this panel only filters and
draws it. Rows are kept and reused, as in the unit's information list.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from typing import Any

import ipywidgets as widgets
import pandas as pd

from tilsynwidgets.domain.core.danish_numbers import counted, danish_count
from tilsynwidgets.domain.core.unit_search import UnitQuery, find_units
from tilsynwidgets.domain.information.kinds import InformationKinds, information_kinds
from tilsynwidgets.domain.information.queue import QUEUE_COLUMNS
from tilsynwidgets.presentation.html import escape
from tilsynwidgets.presentation.information import queue_frame, queue_item_html
from tilsynwidgets.widgets.common.status import StatusLine

__all__ = ["QUEUE_TITLE", "QueuePanel"]

QUEUE_TITLE = "Venter på stillingtagen"


class _Row:
    def __init__(self, on_open: Callable[[str], None], status: StatusLine) -> None:
        self.unit_id = ""
        self.open = widgets.Button(
            description="Åbn", icon="folder-open", layout=widgets.Layout(width="6em")
        )
        self.open.on_click(status.guard(lambda: on_open(self.unit_id)))
        self.text = widgets.HTML(layout=widgets.Layout(flex="1 1 auto", width="auto"))
        self.box = widgets.HBox([self.open, self.text], layout=widgets.Layout(width="100%"))
        self.box.add_class("tw-queue-row")

    def show(self, row: Mapping[Hashable, Any] | None) -> None:
        if row is None:
            self.unit_id = ""
            self.text.value = ""
            self.box.layout.display = "none"
            return
        self.unit_id = str(row["unit_id"])
        self.open.tooltip = f"Åbn {self.unit_id}"
        self.text.value = queue_item_html(row)
        self.box.layout.display = None


class QueuePanel(widgets.Accordion):
    """The queue for the units in ``units`` (the picker's frame: id, socialtilsyn, unit_type,
    team, name). ``on_open(unit_id)`` runs when a unit's button is pressed."""

    def __init__(
        self,
        units: pd.DataFrame,
        on_open: Callable[[str], None],
        limit: int = 10,
        kinds: InformationKinds | None = None,
    ) -> None:
        self.units = units
        self.on_open = on_open
        self.limit = limit
        self.kinds = kinds or information_kinds()
        self.queue = pd.DataFrame({name: pd.Series(dtype=object) for name in QUEUE_COLUMNS})
        """The whole queue (the domain's columns), before the filters."""
        self.frame = queue_frame(self.queue, units, self.kinds)
        """The queue as shown: with names, reasons and the alert, before the filters."""
        self.query = UnitQuery()
        self.categories = pd.Series(dtype=object)
        self.shown = self.frame
        self.status = StatusLine()
        self.intro = widgets.HTML()
        self.rows: list[_Row] = []
        self.list = widgets.VBox([])
        self.more = widgets.HTML()
        body = widgets.VBox([self.intro, self.list, self.more, self.status])
        super().__init__([body], selected_index=0)
        self.set_title(0, QUEUE_TITLE)
        self.add_class("tw-queue-panel")

    def set_queue(self, queue: pd.DataFrame) -> None:
        """The whole queue, computed anew (e.g. when the app starts)."""
        self.queue = queue.reset_index(drop=True)
        self.frame = queue_frame(self.queue, self.units, self.kinds)
        self.show(self.query)

    def replace_unit(self, unit_id: str, rows: pd.DataFrame) -> None:
        """``unit_id``'s place in the queue computed again (``rows``: none, or its one row):
        after new information or a decision only that unit changes."""
        rest = self.queue[self.queue["unit_id"] != unit_id]
        if rows.empty and len(rest) == len(self.queue):
            return
        parts = [frame for frame in (rest, rows) if not frame.empty]
        joined = pd.concat(parts, ignore_index=True) if parts else self.queue.iloc[0:0]
        ordered = joined.sort_values(["days_waiting", "unit_id"], ascending=[False, True])
        self.set_queue(ordered)

    def show(self, query: UnitQuery, categories: pd.Series | None = None) -> None:
        """Show the units of the queue that the picker's ``query`` finds (``categories``: the
        colour in force per unit id, for its colour filter), by the picker's own rule."""
        self.query = query
        if categories is not None:
            self.categories = categories
        if query == UnitQuery():
            self.shown = self.frame
        else:
            found = find_units(self.units, self.categories, query, limit=len(self.units))
            self.shown = self.frame[self.frame["unit_id"].isin(found["id"])]
        self._draw()

    def _draw(self) -> None:
        shown, total = self.shown, len(self.frame)
        count = len(shown)
        self.set_title(0, f"{QUEUE_TITLE} ({danish_count(count)})")
        if not count:
            where = " blandt de fundne enheder" if total else ""
            self.intro.value = f"<p>Ingen enheder venter på stillingtagen{where}.</p>"
        else:
            alert = self.kinds.queue.waiting_alert_days
            late = int(shown["over_alert"].sum())
            over = f" {danish_count(late)} har ventet over {danish_count(alert)} dage (⚠)."
            over = over if late else ""
            self.intro.value = (
                f"<p>{escape(counted(count, 'enhed', 'enheder'))} har nye oplysninger, der "
                "kræver stillingtagen eller flytter katalogets forslag, siden deres seneste "
                f"risikovurdering.{escape(over)} De har ventet længst øverst.</p>"
            )
        head = shown.head(self.limit).to_dict("records")
        if len(head) > len(self.rows):
            self.rows += [
                _Row(self.on_open, self.status) for _ in range(len(head) - len(self.rows))
            ]
            self.list.children = [row.box for row in self.rows]
        for position, row in enumerate(self.rows):
            row.show(head[position] if position < len(head) else None)
        self.more.value = (
            f"<p><small>Viser de {danish_count(self.limit)}, der har ventet længst, af "
            f"{danish_count(count)}. Indsnævr med søgningen og filtrene nedenfor.</small></p>"
            if count > self.limit
            else ""
        )

    def listed(self) -> list[str]:
        """The unit ids with a row shown now, in order."""
        return [row.unit_id for row in self.rows if row.unit_id]
