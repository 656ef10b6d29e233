"""The tab "Oplysninger": the unit's information listed, and the form that registers, corrects
and withdraws it. A record's "Ret" opens the form filled in with it; "Træk tilbage" asks
why."""

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
        self.list = InformationList(self._correct, self._withdraw, self.form.status, kinds)
        rule = widgets.HTML("<hr style='border:0;border-top:1px solid #ddd;margin:12px 0'>")
        super().__init__([self.list, rule, self.form])

    def show(self, unit: Unit, found: InformationListing) -> None:
        """List ``found`` (the unit's records split at its latest assessment) and start a new
        registration for ``unit``."""
        self.list.show(found, unit.kind)
        self.form.show(unit)

    def _correct(self, record: InformationRecord) -> None:
        self.form.correct(record)

    def _withdraw(self, record: InformationRecord) -> None:
        self.form.start_withdrawal(record)

    def _saved(self, _record_id: int, information: Information) -> None:
        self.on_saved(information)
