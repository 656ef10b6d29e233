"""The facilitator's app: create a training session and pick its vignettes, open and close
rounds, watch answers arrive, reveal the reference answers, discuss each vignette and see
how consistently the group judged; export the session's results.

A facilitator who reloads the page finds the session they are running opened again
(:meth:`TrainingStore.running_session`), with its rounds as they stand; «Skift forløb»
leads back to creating a new session or opening another. «Projektorvisning» shows only
the code, who has answered and the discussion, in large type and without names."""

from __future__ import annotations

import base64
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import ipywidgets as widgets
import pandas as pd
from pydantic import ValidationError

from tilsynwidgets.domain.core.danish_numbers import counted, danish_count
from tilsynwidgets.domain.core.local_time import format_stamp, in_danish_time
from tilsynwidgets.domain.core.messages import validation_messages
from tilsynwidgets.domain.training.sessions import (
    EventKind,
    SessionEvent,
    SessionState,
    TrainingSession,
    new_session_code,
)
from tilsynwidgets.domain.training.vignettes import vignette, vignettes
from tilsynwidgets.exports import workbook_bytes
from tilsynwidgets.exports.training import results_sheets
from tilsynwidgets.forms import CleanText
from tilsynwidgets.presentation.html import escape
from tilsynwidgets.store.training import SessionCodeTakenError, TrainingStore
from tilsynwidgets.widgets.common.status import StatusLine
from tilsynwidgets.widgets.training.discussion import DiscussionView
from tilsynwidgets.widgets.training.participant import poller
from tilsynwidgets.widgets.training.poll_start import start_when_shown
from tilsynwidgets.widgets.training.projector import ProjectorView, code_html
from tilsynwidgets.widgets.training.roster import RosterPanel
from tilsynwidgets.widgets.training.vignette_picker import VignettePicker

__all__ = ["FacilitatorApp"]

FACILITATOR_POLL_MS = 1000
"""How often the facilitator's page asks whether the session moved (one small query; the
session is read and redrawn only when it did). docs/decisions.md: why a poll, not a push."""
_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _titles(vignette_ids: list[str]) -> str:
    """Vignettes as people know them: by title (an id only when it names no vignette)."""
    known = set(vignettes().ids)
    return ", ".join(f"«{vignette(v).title}»" if v in known else v for v in vignette_ids)


def _round_text(number: int, size: int, is_open: bool, revealed: bool) -> str:
    """``"runde 1: 2 vignetter, lukket, svar vist"``."""
    state = "åben" if is_open else "lukket" + (", svar vist" if revealed else "")
    return f"runde {danish_count(number)}: {counted(size, 'vignet', 'vignetter')}, {state}"


def _same(
    old: tuple[SessionState, pd.DataFrame, pd.DataFrame],
    new: tuple[SessionState, pd.DataFrame, pd.DataFrame],
) -> bool:
    return old[0] == new[0] and old[1].equals(new[1]) and old[2].equals(new[2])


class FacilitatorApp(widgets.VBox):
    def __init__(
        self,
        training: TrainingStore,
        facilitator: str,
        clock: Callable[[], datetime] | None = None,
        n_resamples: int = 1000,
    ) -> None:
        self.training = training
        self.facilitator = facilitator
        self.clock = clock or (lambda: datetime.now(UTC))
        self.session: TrainingSession | None = None
        self._seen: tuple[SessionState, pd.DataFrame, pd.DataFrame] | None = None
        self._stamp: tuple[Any, ...] | None = None
        self.status = StatusLine()
        # Create or open a session.
        self.title = CleanText(description="Titel", placeholder="fx Kalibrering, efterår")
        self.pick = VignettePicker("Vignetter", show_reference=True)
        self.pick.options = vignettes().ids
        self.create_button = widgets.Button(description="Opret forløb", button_style="primary")
        self.existing = widgets.Dropdown(description="Forløb", options=[])
        self.open_existing = widgets.Button(description="Åbn forløb")
        self.setup = widgets.Tab(
            [
                widgets.VBox([self.title, self.pick, self.create_button]),
                widgets.VBox([self.existing, self.open_existing]),
            ]
        )
        self.setup.set_title(0, "Nyt forløb")
        self.setup.set_title(1, "Eksisterende forløb")
        # Running the session.
        self.code = widgets.HTML()
        self.next_round = VignettePicker(
            "Næste runde", show_reference=False, empty_text="Alle forløbets vignetter er brugt."
        )
        wide = widgets.Layout(width="auto")
        self.open_button = widgets.Button(
            description="Åbn runde", button_style="success", layout=wide
        )
        self.close_button = widgets.Button(
            description="Luk runde", button_style="warning", layout=wide
        )
        self.reveal_button = widgets.Button(description="Vis referencesvar", layout=wide)
        self.refresh_button = widgets.Button(description="Opdater", icon="refresh", layout=wide)
        self.projector_button = widgets.Button(
            description="Projektorvisning", icon="television", layout=wide
        )
        self.leave_button = widgets.Button(description="Skift forløb", layout=wide)
        self.course = widgets.HTML()
        self.discussion = DiscussionView(n_resamples=n_resamples)
        self.roster = RosterPanel(training, facilitator, clock=self.clock, on_change=self.refresh)
        self.roster_section = widgets.Accordion([self.roster], selected_index=None)
        self.roster_section.set_title(0, "Deltagere (omdøb eller fjern)")
        self.export_button = widgets.Button(
            description="Eksportér resultater (Excel)", layout=widgets.Layout(width="auto")
        )
        self.link = widgets.HTML()
        self.running = widgets.VBox(
            [
                widgets.HBox([self.projector_button, self.leave_button]),
                self.code,
                self.course,
                self.next_round,
                widgets.HBox(
                    [self.open_button, self.close_button, self.reveal_button, self.refresh_button]
                ),
                self.discussion,
                self.roster_section,
                widgets.HBox([self.export_button, self.link]),
            ],
            layout=widgets.Layout(display="none"),
        )
        self.projector = ProjectorView(self.discussion.vignette)
        self.projecting = False
        self.create_button.on_click(self.status.guard(self._create))
        self.open_existing.on_click(self.status.guard(self._open_existing))
        self.open_button.on_click(self.status.guard(self._open_round))
        self.close_button.on_click(self.status.guard(self._close_round))
        self.reveal_button.on_click(self.status.guard(self._reveal))
        self.refresh_button.on_click(self.status.guard(self.refresh))
        self.export_button.on_click(self.status.guard(self.make_export))
        self.projector_button.on_click(self.status.guard(lambda: self._project(True)))
        self.projector.close_button.on_click(self.status.guard(lambda: self._project(False)))
        self.leave_button.on_click(self.status.guard(self._leave))
        self.discussion.vignette.observe(self._draw_projector, names=["value"])
        self.poll = poller(self._tick, FACILITATOR_POLL_MS)
        self.header = widgets.HTML(f"<p>Facilitator: <b>{escape(facilitator)}</b></p>")
        super().__init__(
            [self.header, self.setup, self.status, self.running, self.projector, self.poll]
        )
        self._list_sessions()
        self._resume()

    def summary(self) -> str:
        """One Danish line on the vignettes' reference answers that gives none of them away
        (the facilitator's page may be on a projector before anything is revealed)."""
        cases = vignettes().vignettes
        deviating = sum(case.deviates() for case in cases)
        colours = len({case.reference_category for case in cases})
        in_colours = counted(colours, "farve", "farver")
        return (
            f"Vignetsamlingen {vignettes().version}: {counted(len(cases), 'vignet', 'vignetter')} "
            f"med referencesvar i {in_colours}; i {danish_count(deviating)} afviger referencen "
            "fra kriteriekatalogets forslag (gråzoner til drøftelse)."
        )

    def _tick(self) -> None:
        self.status.guard(self._refresh_if_moved)(None)

    def _refresh_if_moved(self) -> None:
        """Each tick asks the store one small question (has the session moved?) and reads
        and redraws the session only when it has."""
        if self.session is None:
            return
        stamp = self.training.stamp(self.session.code)
        if stamp != self._stamp:
            self.refresh()
            self._stamp = stamp

    # -- setting up ------------------------------------------------------------------------

    def _resume(self) -> None:
        """Reopen the session this facilitator is running (a reloaded page), if any."""
        session = self.training.running_session(self.facilitator, self.clock())
        if session is None:
            return
        self._use(session)
        start_when_shown(self.poll)  # no click will start the page's timer
        self.status.info(
            f"Forløbet «{session.title}» ({session.code}), som du er i gang med, er åbnet "
            "igen. Vælg «Skift forløb» for at oprette et nyt eller åbne et andet."
        )

    def _leave(self) -> None:
        """Back to creating a session or opening another (the session runs on)."""
        self.session = None
        self.poll.playing = False
        self._list_sessions()
        self._show()
        self.status.clear()

    def _project(self, on: bool) -> None:
        self.projecting = on and self.session is not None
        self._show()
        self._draw_projector()

    def _show(self) -> None:
        """Which part of the app is on screen: set-up, the running session or the
        projector view."""
        running = self.session is not None
        projecting = running and self.projecting
        for part, shown in (
            (self.header, not projecting),
            (self.status, not projecting),
            (self.setup, not running),
            (self.running, running and not projecting),
            (self.projector, projecting),
        ):
            part.layout.display = None if shown else "none"

    def _draw_projector(self, _change: object = None) -> None:
        if self.session is None or not self.projecting:
            return
        self.projector.draw(self.session, self.discussion.figures, self.discussion.vignette.value)

    def _list_sessions(self) -> None:
        self.existing.options = [
            (f"{s.code} – {s.title} ({format_stamp(in_danish_time(s.created_at).date())})", s.code)
            for s in self.training.sessions()
        ]

    def _create(self) -> None:
        if not self.title.value.strip():
            self.status.error("Giv forløbet en titel.")
            return
        chosen = list(self.pick.value)
        if not chosen:
            self.status.error("Vælg mindst én vignet.")
            return
        unknown = [v for v in chosen if v not in vignettes().ids]
        if unknown:  # the kernel checks what the page sent, whatever the page shows
            self.status.error(f"Forløbet er ikke oprettet. Ukendt vignet: {_titles(unknown)}.")
            return
        for _attempt in range(5):
            try:
                session = TrainingSession(
                    code=new_session_code(),
                    title=self.title.value,
                    vignette_ids=tuple(chosen),
                    vignette_version=vignettes().version,
                    created_by=self.facilitator,
                    created_at=self.clock(),
                )
            except ValidationError as exc:  # e.g. a title too long to show
                lines = "; ".join(validation_messages(exc, TrainingSession))
                self.status.error(f"Forløbet er ikke oprettet. {lines}.")
                return
            try:
                self.training.create_session(session)
            except SessionCodeTakenError:
                continue
            self._use(session)
            self.status.success(f"Forløbet er oprettet. Deltagerne bruger koden {session.code}.")
            return
        self.status.error("Kunne ikke finde en ledig kode; prøv igen.")

    def _open_existing(self) -> None:
        session = self.training.session(self.existing.value or "")
        if session is None:
            self.status.error("Vælg et forløb.")
            return
        self._use(session)
        self.status.clear()

    def _use(self, session: TrainingSession) -> None:
        self.session = session
        self._seen = None
        self._stamp = None
        self._list_sessions()
        self.projecting = False
        self._show()
        self.poll.playing = True
        self.code.value = code_html(session)
        self.next_round.value = ()
        self.roster.show(session.code)
        self.refresh()

    # -- running ---------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the session as it stands and redraw (also every few seconds by itself)."""
        if self.session is None:
            return
        code = self.session.code
        self.roster.refresh()
        state = self.training.state(code)
        asked = set(state.asked())
        remaining = [v for v in self.session.vignette_ids if v not in asked]
        self.next_round.options = remaining  # keeps what is chosen and still remains
        current = state.open_round
        last = state.rounds[-1] if state.rounds else None
        self.open_button.description = f"Åbn runde {state.next_round_no}"
        self.open_button.disabled = current is not None or not remaining
        self.close_button.disabled = current is None
        self.close_button.description = f"Luk runde {current.number}" if current else "Luk runde"
        can_reveal = last is not None and not last.open and not last.revealed
        self.reveal_button.disabled = not can_reveal
        self.reveal_button.description = (
            f"Vis referencesvar for runde {last.number}" if last else "Vis referencesvar"
        )
        rounds = "; ".join(
            _round_text(r.number, len(r.vignette_ids), r.open, r.revealed) for r in state.rounds
        )
        self.course.value = f"<p>{escape(rounds or 'Ingen runder endnu.')}</p>"
        answers = self.training.answers_frame(code)
        participants = self.training.participants_frame(code)
        seen = (state, answers, participants)
        if self._seen is not None and _same(self._seen, seen):
            return  # the timer ticks every few seconds; recompute only when something moved
        self._seen = seen
        self.discussion.update(answers, participants, state)
        self._draw_projector()

    def _event(self, kind: EventKind, round_no: int, ids: tuple[str, ...] = ()) -> None:
        assert self.session is not None
        self.training.record_event(
            SessionEvent(
                session_code=self.session.code,
                kind=kind,
                round_no=round_no,
                vignette_ids=ids,
                by=self.facilitator,
                at=self.clock(),
            )
        )
        self.refresh()

    def _open_round(self) -> None:
        if self.session is None:
            return
        chosen = list(self.next_round.value)
        if not chosen:
            self.status.error("Vælg rundens vignetter.")
            return
        state = self.training.state(self.session.code)
        asked = set(state.asked())
        wrong = [v for v in chosen if v not in self.session.vignette_ids or v in asked]
        if wrong:  # the kernel checks what the page sent, whatever the page shows
            self.status.error(
                f"Runden er ikke åbnet: {_titles(wrong)} hører ikke til forløbets "
                "ubrugte vignetter."
            )
            self.refresh()
            return
        self._event(EventKind.ROUND_OPENED, state.next_round_no, tuple(chosen))
        self.status.success(f"Runde {state.next_round_no} er åben.")

    def _close_round(self) -> None:
        if self.session is None:
            return
        current = self.training.state(self.session.code).open_round
        if current is None:
            self.status.error("Ingen runde er åben.")
            return
        self._event(EventKind.ROUND_CLOSED, current.number)
        self.status.success(f"Runde {current.number} er lukket.")

    def _reveal(self) -> None:
        if self.session is None:
            return
        state = self.training.state(self.session.code)
        if not state.rounds:
            return
        number = state.rounds[-1].number
        self._event(EventKind.REVEALED, number)
        self.status.success(f"Referencesvarene for runde {number} er vist.")

    def make_export(self) -> bytes:
        """The session's results as a workbook, offered as a download."""
        if self.session is None or self.discussion.figures is None:
            self.status.error("Åbn et forløb først.")
            return b""
        hide = bool(self.discussion.hide_names.value)
        data = workbook_bytes(
            results_sheets(self.discussion.figures, hide_names=hide),
            title=f"Træningsforløb: {self.session.title} ({self.session.code})",
            data_as_of=self.clock().date(),
            source=f"tilsynwidgets, vignetsamling {self.session.vignette_version}",
            pseudonymised=hide,
            privacy=(
                "Deltagernes navne",
                "Skjult – deltagerne vises som Deltager 1, 2, …"
                if hide
                else "Vist – udtrækket indeholder deltagernes navne",
            ),
        )
        encoded = base64.b64encode(data).decode("ascii")
        filename = f"forloeb-{self.session.code}.xlsx"
        self.link.value = (
            f'<a download="{escape(filename)}" href="data:{_XLSX};base64,{encoded}" '
            'class="tw-download">Hent resultaterne</a>'
        )
        self.status.success("Resultaterne er klar" + (" (navne skjult)." if hide else "."))
        return data
