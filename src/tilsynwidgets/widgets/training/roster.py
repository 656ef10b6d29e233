"""The facilitator's list of a session's participants, to correct it: rename a participant
(a typo in a name) or remove one (a duplicate, someone in the wrong session), after a Danish
confirmation.

Each correction is recorded as a new row (:class:`ParticipantChange`), never an edit of the
participant who joined; the store checks in its transaction that the session exists, that
the participant belongs to it and is still in it, and that a new name is not another
participant's. The participant's page follows at its next tick. The panel belongs to the
facilitator's app: the participant's app has no way to make a change.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import ipywidgets as widgets
import pandas as pd
from pydantic import ValidationError

from tilsynwidgets.domain.core.danish_numbers import counted
from tilsynwidgets.domain.core.messages import validation_messages
from tilsynwidgets.domain.training.roster import ChangeKind, ParticipantChange, Roster
from tilsynwidgets.forms import CleanText
from tilsynwidgets.presentation.html import escape
from tilsynwidgets.presentation.tables import Column, Table, for_people, table_html
from tilsynwidgets.store.training import TrainingRefusal, TrainingStore
from tilsynwidgets.widgets.common.status import StatusLine

__all__ = ["ROSTER_TABLE", "RosterPanel", "roster_html"]

ROSTER_TABLE = Table(
    {"display_name": Column("Deltager", "text")},
    {
        "socialtilsyn": Column("Socialtilsyn", "socialtilsyn"),
        "joined_at": Column("Tilmeldt", "time"),
    },
)


def roster_html(now: Roster) -> str:
    """The participants still in the session (join order) and, below, those removed."""
    if not now.participants:
        listed = "<p>Ingen deltagere har tilmeldt sig endnu.</p>"
    else:
        frame = pd.DataFrame(
            {
                "display_name": [p.display_name for p in now.participants],
                "socialtilsyn": [
                    p.socialtilsyn.value if p.socialtilsyn else None for p in now.participants
                ],
                "joined_at": [p.joined_at for p in now.participants],
            }
        )
        caption = (
            f"Deltagere i forløbet ({counted(len(now.participants), 'deltager', 'deltagere')})"
        )
        listed = table_html(for_people(frame, ROSTER_TABLE), caption)
    if now.removed:
        names = ", ".join(p.display_name for p in now.removed)
        listed += f"<p><small>Fjernet af facilitator: {escape(names)}</small></p>"
    return listed


class RosterPanel(widgets.VBox):
    """The session's participants, with «Omdøb» and «Fjern» (after a confirmation).

    ``on_change`` runs after a change is recorded (the facilitator's app redraws its figures).
    """

    def __init__(
        self,
        training: TrainingStore,
        facilitator: str,
        clock: Callable[[], datetime] | None = None,
        on_change: Callable[[], None] | None = None,
    ) -> None:
        self.training = training
        self.facilitator = facilitator
        self.clock = clock or (lambda: datetime.now(UTC))
        self.on_change = on_change
        self.code: str | None = None
        self.roster: Roster | None = None
        self.listing = widgets.HTML()
        self.chosen = widgets.Dropdown(
            description="Deltager", options=[], layout=widgets.Layout(width="28em")
        )
        self.new_name = CleanText(
            description="Nyt navn",
            placeholder="Det rettede navn",
            layout=widgets.Layout(width="28em"),
        )
        self.rename_button = widgets.Button(description="Omdøb", icon="pencil")
        self.remove_button = widgets.Button(
            description="Fjern", icon="user-times", button_style="danger"
        )
        self.question = widgets.HTML()
        self.confirm_button = widgets.Button(description="Ja, fjern", button_style="danger")
        self.cancel_button = widgets.Button(description="Fortryd")
        self.confirmation = widgets.VBox(
            [self.question, widgets.HBox([self.confirm_button, self.cancel_button])],
            layout=widgets.Layout(display="none"),
        )
        self.status = StatusLine()
        self._pending: str | None = None
        self.rename_button.on_click(self.status.guard(self._rename))
        self.remove_button.on_click(self.status.guard(self._ask_removal))
        self.confirm_button.on_click(self.status.guard(self._remove))
        self.cancel_button.on_click(self.status.guard(self._cancel))
        self.chosen.observe(lambda _change: self._cancel(), names=["value"])
        super().__init__(
            [
                self.listing,
                widgets.HBox([self.chosen, self.remove_button]),
                widgets.HBox([self.new_name, self.rename_button]),
                self.confirmation,
                self.status,
            ]
        )

    def show(self, code: str) -> None:
        """Show the participants of the session with this code."""
        self.code = code
        self.roster = None
        self.status.clear()
        self._cancel()
        self.refresh()

    def refresh(self) -> None:
        """Read the participants again and redraw when they changed (keeps the choice)."""
        if self.code is None:
            return
        now = self.training.roster(self.code)
        if now == self.roster:
            return
        self.roster = now
        self.listing.value = roster_html(now)
        options = [(p.display_name, p.participant_id) for p in now.participants]
        chosen = self.chosen.value
        with self.chosen.hold_sync():
            if tuple(self.chosen.options) != tuple(options):
                self.chosen.options = options
            ids = [pid for _, pid in options]
            self.chosen.value = chosen if chosen in ids else (ids[0] if ids else None)
        none = not options
        self.rename_button.disabled = self.remove_button.disabled = none

    def _name_of(self, participant_id: str) -> str:
        current = self.roster.current(participant_id) if self.roster else None
        return current.display_name if current is not None else "deltageren"

    def _record(self, kind: ChangeKind, participant_id: str, name: str | None = None) -> bool:
        """Record the change; False (with the reason on the status line) when refused."""
        assert self.code is not None
        what = "Omdøbningen" if kind is ChangeKind.RENAMED else "Fjernelsen"
        try:
            change = ParticipantChange(
                session_code=self.code,
                participant_id=participant_id,
                kind=kind,
                display_name=name,
                by=self.facilitator,
                at=self.clock(),
            )
        except ValidationError as exc:  # e.g. a name longer than the group can read
            lines = "; ".join(validation_messages(exc, ParticipantChange))
            self.status.error(f"{what} er ikke gemt. {lines}.")
            return False
        try:
            self.training.change_participant(change)
        except TrainingRefusal as exc:
            self.status.error(str(exc))
            self.refresh()
            return False
        self.refresh()
        if self.on_change is not None:
            self.on_change()
        return True

    def _rename(self) -> None:
        participant_id = self.chosen.value
        if self.code is None or not participant_id:
            self.status.error("Vælg en deltager.")
            return
        name = self.new_name.value
        if not name.strip():
            self.status.error("Skriv det nye navn.")
            return
        old = self._name_of(participant_id)
        if self._record(ChangeKind.RENAMED, participant_id, name):
            self.new_name.value = ""
            self.status.success(f"{old} hedder nu {self._name_of(participant_id)}.")

    def _ask_removal(self) -> None:
        participant_id = self.chosen.value
        if self.code is None or not participant_id:
            self.status.error("Vælg en deltager.")
            return
        self._pending = participant_id
        self.question.value = (
            f"<p><b>Fjern {escape(self._name_of(participant_id))} fra forløbet?</b> Deltagerens "
            "svar indgår så ikke længere i gruppens tal, og deltageren kan ikke svare mere. "
            "Det kan ikke fortrydes.</p>"
        )
        self.confirmation.layout.display = None
        self.status.clear()

    def _cancel(self) -> None:
        self._pending = None
        self.question.value = ""
        self.confirmation.layout.display = "none"

    def _remove(self) -> None:
        participant_id = self._pending
        self._cancel()
        if participant_id is None or participant_id != self.chosen.value:
            self.status.error("Vælg deltageren og tryk «Fjern» igen.")
            return
        name = self._name_of(participant_id)
        if self._record(ChangeKind.REMOVED, participant_id):
            self.status.success(f"{name} er fjernet fra forløbet.")
