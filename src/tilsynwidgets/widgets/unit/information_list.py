"""The unit's information in the tab "Oplysninger": what came since its latest assessment,
newest first, then the earlier information folded under "Tidligere oplysninger".

Each record is drawn by :func:`~tilsynwidgets.presentation.information.record_html` beside
its own buttons "Ret" and "Træk tilbage" (for a record in force of a kind a person
registers). Rows are kept and reused from unit to unit: choosing a unit only rewrites their
text and shows or hides them, and new rows are built only when a unit has more records than
any before it. The earlier records are drawn when their fold is opened.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import ipywidgets as widgets

from tilsynwidgets.domain.core.danish_numbers import danish_count
from tilsynwidgets.domain.core.kinds import UnitKind
from tilsynwidgets.domain.core.local_time import format_stamp
from tilsynwidgets.domain.information.kinds import InformationKinds, information_kinds
from tilsynwidgets.domain.information.records import InformationRecord
from tilsynwidgets.presentation.html import escape
from tilsynwidgets.presentation.information import (
    InformationListing,
    ListedRecord,
    pending_line,
    record_html,
)
from tilsynwidgets.widgets.common.status import StatusLine

__all__ = ["EARLIER", "NO_NEWS", "InformationList"]

EARLIER = "Tidligere oplysninger"
NO_NEWS = "Ingen nye oplysninger siden seneste vurdering."

Action = Callable[[InformationRecord], None]


class _Row:
    """One record and its buttons; reused for another record by :meth:`show`."""

    def __init__(self, on_correct: Action, on_withdraw: Action, status: StatusLine) -> None:
        self.item: ListedRecord | None = None
        self.html = widgets.HTML(layout=widgets.Layout(flex="1 1 auto", width="auto"))
        self.correct = widgets.Button(
            description="Ret", icon="pencil", layout=widgets.Layout(width="auto")
        )
        self.withdraw = widgets.Button(
            description="Træk tilbage", icon="undo", layout=widgets.Layout(width="auto")
        )
        self.correct.on_click(status.guard(lambda: on_correct(self.record)))
        self.withdraw.on_click(status.guard(lambda: on_withdraw(self.record)))
        self.buttons = widgets.VBox(
            [self.correct, self.withdraw], layout=widgets.Layout(flex="0 0 auto")
        )
        self.slot = widgets.VBox([], layout=widgets.Layout(margin="0 0 0 24px"))
        """Where the form opens to correct or withdraw this row's record."""
        line = widgets.HBox([self.html, self.buttons], layout=widgets.Layout(width="100%"))
        self.box = widgets.VBox([line, self.slot], layout=widgets.Layout(width="100%"))

    @property
    def record(self) -> InformationRecord:
        if self.item is None:
            raise ValueError("Rækken viser ingen oplysning.")
        return self.item.record

    def show(self, item: ListedRecord | None, html: str, changeable: bool) -> None:
        self.item = item
        self.html.value = html
        self.buttons.layout.display = None if changeable else "none"
        self.box.layout.display = None if item is not None else "none"


class _Rows(widgets.VBox):
    """A pool of rows: grows when more are needed, never rebuilt."""

    def __init__(self, on_correct: Action, on_withdraw: Action, status: StatusLine) -> None:
        self._actions = (on_correct, on_withdraw, status)
        self.rows: list[_Row] = []
        super().__init__([])

    def show(self, items: Sequence[tuple[ListedRecord, str, bool]]) -> None:
        if len(items) > len(self.rows):
            self.rows += [_Row(*self._actions) for _ in range(len(items) - len(self.rows))]
            self.children = [row.box for row in self.rows]
        for position, row in enumerate(self.rows):
            if position < len(items):
                row.show(*items[position])
            else:
                row.show(None, "", False)


class InformationList(widgets.VBox):
    """``on_correct(record)`` and ``on_withdraw(record)`` run when a record's button is
    pressed; their failures show in ``status``."""

    def __init__(
        self,
        on_correct: Action,
        on_withdraw: Action,
        status: StatusLine | None = None,
        kinds: InformationKinds | None = None,
    ) -> None:
        self.kinds = kinds or information_kinds()
        self.status = status or StatusLine()
        self.listing: InformationListing | None = None
        self.unit_kind: UnitKind | None = None
        self.summary = widgets.HTML()
        self.news_title = widgets.HTML()
        self.no_news = widgets.HTML(f"<p>{NO_NEWS}</p>")
        self.news = _Rows(on_correct, on_withdraw, self.status)
        self.earlier_rows = _Rows(on_correct, on_withdraw, self.status)
        self.earlier = widgets.Accordion([self.earlier_rows], selected_index=None)
        self.earlier.set_title(0, EARLIER)
        self._drawn_earlier = False
        self.earlier.observe(self._opened, names=["selected_index"])
        super().__init__(
            [self.summary, self.news_title, self.no_news, self.news, self.earlier, self.status]
        )

    def show(self, found: InformationListing, unit_kind: UnitKind) -> None:
        """List ``found`` for a unit of ``unit_kind``: the news now, the earlier records when
        their fold is open (now, if it is)."""
        self.listing = found
        self.unit_kind = unit_kind
        line = pending_line(found)
        self.summary.value = f"<p><b style='color:#8a4b00'>{escape(line)}</b></p>" if line else ""
        # The summary names the day of the latest assessment; without one the title does.
        since = (
            f" ({escape(format_stamp(found.since))})"
            if found.since is not None and not line
            else ""
        )
        if found.since is None:
            since = " – enheden er ikke risikovurderet endnu"
        self.news_title.value = f"<h4>Nye oplysninger siden seneste vurdering{since}</h4>"
        self.no_news.layout.display = "none" if found.pending else None
        self.news.show([self._entry(item) for item in found.pending])
        self.earlier.set_title(0, f"{EARLIER} ({danish_count(len(found.earlier))})")
        self.earlier.layout.display = None if found.earlier else "none"
        self._drawn_earlier = False
        if self.earlier.selected_index is not None:
            self._draw_earlier()
        else:
            self.earlier_rows.show([])

    def _opened(self, _change: object) -> None:
        if self.earlier.selected_index is not None and not self._drawn_earlier:
            self._draw_earlier()

    def _draw_earlier(self) -> None:
        found = self.listing
        items = found.earlier if found is not None else ()
        self.earlier_rows.show([self._entry(item) for item in items])
        self._drawn_earlier = True

    def _entry(self, item: ListedRecord) -> tuple[ListedRecord, str, bool]:
        return item, record_html(item, self.kinds), self.changeable(item)

    def changeable(self, item: ListedRecord) -> bool:
        """Whether a person may correct or withdraw ``item`` here: it is in force and of a
        kind registrable for the unit (a transferred signal or a quality assessment is not)."""
        kind = item.record.information.kind
        if not item.in_force or kind not in self.kinds or self.unit_kind is None:
            return False
        found = self.kinds.get(kind)
        return found.registrable and self.unit_kind in found.applies_to

    def slot_of(self, record_id: int) -> widgets.VBox | None:
        """The place under the listed record ``record_id`` (None when it is not listed now)."""
        rows = [*self.news.rows, *(self.earlier_rows.rows if self._drawn_earlier else [])]
        for row in rows:
            if row.item is not None and row.item.id == record_id:
                return row.slot
        return None

    def slots(self) -> list[widgets.VBox]:
        """Every row's place for the form, listed or not."""
        return [row.slot for row in (*self.news.rows, *self.earlier_rows.rows)]

    def rows_shown(self) -> list[ListedRecord]:
        """The records listed now, in order: the news, then the earlier ones if drawn."""
        rows = [*self.news.rows, *(self.earlier_rows.rows if self._drawn_earlier else [])]
        return [row.item for row in rows if row.item is not None]
