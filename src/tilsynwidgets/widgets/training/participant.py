"""The participant's app: join a training session with its code and a name, then colour,
justify (and optionally plan) each vignette of the open round. Answers are saved at once;
a participant who reloads the page and joins again with the same name finds them."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from functools import partial
from typing import Any

import ipywidgets as widgets
from pydantic import ValidationError

from tilsynwidgets.domain.core.categories import Phase
from tilsynwidgets.domain.core.danish_numbers import counted, danish_count
from tilsynwidgets.domain.core.drafts import DraftKey
from tilsynwidgets.domain.core.messages import validation_messages
from tilsynwidgets.domain.core.refusals import refusal_text
from tilsynwidgets.domain.core.units import Socialtilsyn
from tilsynwidgets.domain.labels import label_of
from tilsynwidgets.domain.training.sessions import (
    Answer,
    Participant,
    Round,
    SessionState,
    TrainingSession,
)
from tilsynwidgets.domain.training.vignettes import vignette, vignettes
from tilsynwidgets.forms import CleanText
from tilsynwidgets.presentation.html import escape
from tilsynwidgets.store.training import TrainingStore
from tilsynwidgets.widgets.common.drafts import DraftKeeper
from tilsynwidgets.widgets.common.status import StatusLine
from tilsynwidgets.widgets.training.answer_form import AnswerForm, AnswerInput
from tilsynwidgets.widgets.training.vignette_card import VignetteCard

__all__ = ["POLL_MS", "ParticipantApp", "poller"]

POLL_MS = 3000
"""How often an open page asks whether the session moved on (a round opened or closed)."""


def poller(on_tick: Callable[[], None], interval_ms: int = POLL_MS) -> widgets.Play:
    """A hidden browser-side timer: each tick (every ``interval_ms``) runs ``on_tick`` in
    the kernel; it stops with the page. Start it with ``playing = True`` once the page
    shows it: the browser starts the timer when ``playing`` changes, not when it renders."""
    play = widgets.Play(
        interval=interval_ms,
        max=10**9,
        playing=False,
        show_repeat=False,
        layout=widgets.Layout(display="none"),
    )
    play.observe(lambda _change: on_tick(), names=["value"])
    return play


class ParticipantApp(widgets.VBox):
    """``account``: who is signed in (behind the hub), recorded with the participant."""

    def __init__(
        self,
        training: TrainingStore,
        clock: Callable[[], datetime] | None = None,
        account: str | None = None,
    ) -> None:
        self.training = training
        self.account = account
        self.clock = clock or (lambda: datetime.now(UTC))
        self.session: TrainingSession | None = None
        self.me: Participant | None = None
        self.state: SessionState | None = None
        self.forms: dict[str, AnswerForm] = {}
        self.drafts: dict[str, DraftKeeper] = {}
        self.cards: dict[str, VignetteCard] = {}
        self.code = widgets.Text(description="Kode", placeholder="fx K7M2QX")
        self.name = CleanText(description="Navn", placeholder="Det navn, gruppen ser")
        self.socialtilsyn = widgets.Dropdown(
            description="Socialtilsyn",
            options=[("Ikke oplyst", ""), *((label_of(s), s.value) for s in Socialtilsyn)],
            value="",
        )
        self.join_button = widgets.Button(description="Deltag", button_style="primary")
        self.status = StatusLine()
        self.join_box = widgets.VBox(
            [
                widgets.HTML("<p>Skriv forløbets kode og dit navn for at deltage.</p>"),
                self.code,
                self.name,
                self.socialtilsyn,
                self.join_button,
            ]
        )
        self.heading = widgets.HTML()
        self.refresh_button = widgets.Button(description="Opdater", icon="refresh")
        self.rounds = widgets.VBox()
        self.session_box = widgets.VBox(
            [self.heading, self.refresh_button, self.rounds],
            layout=widgets.Layout(display="none"),
        )
        self.join_button.on_click(self.status.guard(self._join))
        self.refresh_button.on_click(self.status.guard(self.refresh))
        self.poll = poller(lambda: self.status.guard(self._tick)(None))
        super().__init__([self.join_box, self.status, self.session_box, self.poll])

    def summary(self) -> str:
        """One Danish line on the vignettes a session can use (no reference answers)."""
        cases = vignettes().vignettes
        pleje = sum(case.unit.unit_type.value.startswith("plejefamilie") for case in cases)
        prae = sum(case.phase is Phase.PRAE for case in cases)
        offers = counted(len(cases) - pleje, "tilbud", "tilbud")
        families = counted(pleje, "plejefamilie", "plejefamilier")
        return (
            f"Vignetsamlingen {vignettes().version} har "
            f"{counted(len(cases), 'vignet', 'vignetter')}: {offers} og {families}; "
            f"{danish_count(prae)} præ og {danish_count(len(cases) - prae)} post."
        )

    def _join(self) -> None:
        tilsyn = Socialtilsyn(self.socialtilsyn.value) if self.socialtilsyn.value else None
        if not self.name.value.strip():
            self.status.error("Skriv dit navn.")
            return
        try:
            me, rejoined = self.training.join(
                self.code.value, self.name.value, tilsyn, self.clock(), self.account
            )
        except ValidationError as exc:  # e.g. a name longer than the group can read
            self.status.error(
                f"Du er ikke med endnu. {'; '.join(validation_messages(exc, Participant))}."
            )
            return
        self.session = self.training.session(me.session_code)
        self.me = me
        self.join_box.layout.display = "none"
        self.session_box.layout.display = None
        self.poll.playing = True
        title = self.session.title if self.session else ""
        self.heading.value = (
            f"<h2>{escape(title)}</h2><p>Du deltager som <b>{escape(me.display_name)}</b> "
            f"(kode {escape(me.session_code)}).</p>"
        )
        self.state = None
        self.status.clear()
        self.refresh()
        if self.status.kind == "error":  # a draft could not be read: the line says so
            return
        if rejoined:
            self.status.success("Velkommen tilbage: dine tidligere svar er hentet frem.")
        else:
            self.status.success("Du er med.")

    def _tick(self) -> None:
        if self.me is not None:
            state = self.training.state(self.me.session_code)
            if state != self.state:
                self.refresh()

    def refresh(self) -> None:
        """Show the rounds as they stand: the open one to answer, closed ones read-only."""
        if self.me is None:
            return
        code = self.me.session_code
        self.state = self.training.state(code)
        saved = {a.vignette_id: a for a in self.training.answers(code, self.me.participant_id)}
        boxes: list[widgets.Widget] = []
        for round_ in reversed(self.state.rounds):
            boxes.append(self._round_box(round_, saved))
        if self.state.open_round is None:
            boxes.insert(
                0, widgets.HTML("<p><i>Venter på, at facilitator åbner næste runde …</i></p>")
            )
        self.rounds.children = tuple(boxes)

    def _round_box(self, round_: Round, saved: Mapping[str, Answer]) -> widgets.Widget:
        state = "åben" if round_.open else "lukket"
        items: list[widgets.Widget] = [widgets.HTML(f"<h3>Runde {round_.number} ({state})</h3>")]
        for vignette_id in round_.vignette_ids:
            card = self.cards.get(vignette_id)
            if card is None:
                card = self.cards[vignette_id] = VignetteCard()
                card.show(vignette(vignette_id))
            card.reveal(round_.revealed)
            form = self.forms.get(vignette_id)
            if form is None:
                drafts = self.drafts[vignette_id] = self._keeper(vignette_id)
                # The form holds back its change events while it fills itself in
                # (show_answer, show_draft), so no pause of the keeper is needed here.
                form = AnswerForm(
                    partial(self._submit, vignette_id),
                    on_draft=partial(self._keep_draft, vignette_id),
                    unit=vignette(vignette_id).unit,
                )
                form.show_answer(saved.get(vignette_id))
                draft = drafts.load() if round_.open else None
                if draft is not None:
                    form.show_draft(draft)
                self.forms[vignette_id] = form
            form.lock(not round_.open)
            items.append(widgets.VBox([card, form], layout=widgets.Layout(margin="0 0 2em 0")))
        return widgets.VBox(items)

    def _keeper(self, vignette_id: str) -> DraftKeeper:
        """The draft of this participant's answer to ``vignette_id``; a failure to keep it
        is shown on the status line."""
        assert self.me is not None
        key = DraftKey.training_answer(self.me.participant_id, self.me.session_code, vignette_id)
        return DraftKeeper(self.training.store, self.status.error, key)

    def _keep_draft(self, vignette_id: str, values: dict[str, Any]) -> None:
        self.drafts[vignette_id].save(values)

    def _submit(self, vignette_id: str, given: AnswerInput) -> None:
        form = self.forms[vignette_id]
        if self.me is None or self.state is None or self.state.open_round is None:
            form.error("Runden er ikke åben; svaret er ikke gemt.")
            return
        now = self.clock()
        answer = given.to_answer(
            session_code=self.me.session_code,
            round_no=self.state.open_round.number,
            participant_id=self.me.participant_id,
            vignette_id=vignette_id,
            submitted_at=now,
        )
        try:
            self.training.submit(answer)
        except ValueError as exc:  # the round closed meanwhile, and similar refusals
            text = refusal_text(exc, Answer)
            if text is None:
                raise  # a bug: the form's status line logs it and says so in Danish
            form.error(text)
            self.refresh()
            return
        self.drafts[vignette_id].discard()
        form.saved(now)
