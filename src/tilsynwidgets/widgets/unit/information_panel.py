"""The tab "Oplysninger": the unit's information listed, and the form that registers, corrects
and withdraws it. A record's "Ret" opens the form filled in with it right under the record;
"Træk tilbage" asks why, there too. Saved or given up, the form goes back under the list,
ready for a new registration."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

import ipywidgets as widgets

from tilsynwidgets.domain.core.units import Unit
from tilsynwidgets.domain.information.kinds import InformationKinds
from tilsynwidgets.domain.information.records import Information, InformationRecord
from tilsynwidgets.presentation.information import InformationListing
from tilsynwidgets.store.store import Store
from tilsynwidgets.widgets.unit.information_form import InformationForm
from tilsynwidgets.widgets.unit.information_list import InformationList

__all__ = ["InformationPanel"]


class InformationPanel(widgets.VBox):
    """``on_saved(information)`` runs after a record is stored (the app shows the unit again
    with its new signals, suggestion and place in the queue)."""

    def __init__(
        self,
        store: Store,
        registered_by: str,
        on_saved: Callable[[Information], None],
        clock: Callable[[], datetime] | None = None,
        working_day: Callable[[], date] | None = None,
        kinds: InformationKinds | None = None,
    ) -> None:
        self.on_saved = on_saved
        self.form = InformationForm(store, registered_by, self._saved, clock, working_day, kinds)
        self.list = InformationList(self._correct, self._withdraw, kinds=kinds)
        self.form.cancel.on_click(lambda _button: self._place(None))
        rule = widgets.HTML("<hr style='border:0;border-top:1px solid #ddd;margin:12px 0'>")
        self.home = widgets.VBox([self.form])
        """Where the form stands for a new registration: under the list."""
        super().__init__([self.list, rule, self.home])

    def show(self, unit: Unit, found: InformationListing) -> None:
        """List ``found`` (the unit's records split at its latest assessment) and start a new
        registration for ``unit``."""
        self._place(None)  # before the rows are reused for other records
        self.list.show(found, unit.kind)
        self.form.show(unit)

    def _correct(self, record: InformationRecord) -> None:
        self.form.correct(record)
        self._place(record.id)

    def _withdraw(self, record: InformationRecord) -> None:
        self.form.start_withdrawal(record)
        self._place(record.id)

    def _place(self, record_id: int | None) -> None:
        """Move the form under the listed record ``record_id``, or (None) back home."""
        slot = self.list.slot_of(record_id) if record_id is not None else None
        target = slot if slot is not None else self.home
        if self.form in target.children:
            return
        for row_slot in self.list.slots():
            if self.form in row_slot.children:
                row_slot.children = ()
        if self.form in self.home.children:
            self.home.children = ()
        target.children = (self.form,)

    def _saved(self, _record_id: int, information: Information) -> None:
        self.on_saved(information)
