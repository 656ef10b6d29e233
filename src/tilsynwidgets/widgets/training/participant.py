"""The participant's app: join a training session with its code and a name, then colour,
justify (and optionally plan) each vignette of the open round. Answers are saved at once;
a participant who reloads the page and joins again with the same name finds them.

Once the facilitator reveals a round, each of its vignettes shows the participant's own
answer beside the reference answer; once every round so far is revealed, a summary of their
answers against the references. The page follows the facilitator's corrections at the next
tick: a new name in the heading, or, removed from the session, a page that says so."""

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
from tilsynwidgets.domain.training.own_answers import OwnAnswer, OwnAnswers, own_answers
from tilsynwidgets.domain.training.roster import ParticipantChange, roster
from tilsynwidgets.domain.training.sessions import (
    Answer,
    Participant,
    Round,
    SessionState,
    TrainingSession,
)
from tilsynwidgets.domain.training.vignettes import vignette, vignettes
from tilsynwidgets.forms import CleanText
from tilsynwidgets.presentation.html import category_badge, escape
from tilsynwidgets.presentation.tables import for_people, table_html
from tilsynwidgets.presentation.training_tables import (
    OWN_ANSWERS_TABLE,
    own_answers_frame,
    steps_text,
)
from tilsynwidgets.store.training import TrainingStore
from tilsynwidgets.widgets.common.drafts import DraftKeeper
from tilsynwidgets.widgets.common.status import StatusLine
from tilsynwidgets.widgets.training.answer_form import AnswerForm, AnswerInput
from tilsynwidgets.widgets.training.vignette_card import (
    VignetteCard,
    plan_summary_html,
    reference_html,
)

__all__ = [
    "FINISHED_TEXT",
    "POLL_MS",
    "REMOVED_TEXT",
    "ParticipantApp",
    "comparison_html",
    "own_summary_html",
    "poller",
]

FINISHED_TEXT = "Alle forløbets vignetter er gennemgået, og referencesvarene er vist."
REMOVED_TEXT = (
    "Facilitator har fjernet dig fra forløbet, så dine svar indgår ikke i gruppens tal. "
    "Spørg facilitator, hvis det er en fejl."
)
_COLUMN = "flex:1 1 22em;min-width:0"


def _verdict(item: OwnAnswer) -> str:
    if item.steps is None:
        return "Du svarede ikke på vignetten."
    if item.steps == 0:
        return "Du svarede som referencen."
    return f"Du svarede {steps_text(item.steps)} end referencen."


def _text(value: str) -> str:
    return escape(value.strip()).replace("\n", "<br>")


def comparison_html(item: OwnAnswer) -> str:
    """A revealed vignette: the verdict, then the participant's answer (colour, justification
    and plan if any) beside the reference answer as the facilitator revealed it."""
    answer = item.answer
    if answer is None:
        own = "<p><i>Du gav ikke et svar på vignetten.</i></p>"
    else:
        plan = ""
        if answer.plan is not None:
            plan = "<h4>Din plan for tilsynsintensitet</h4>" + plan_summary_html(answer.plan)
        own = (
            f"<p><b>Din risikokategori:</b> {category_badge(answer.category)}</p>"
            f"<p><b>Din begrundelse:</b><br>{_text(answer.justification)}</p>{plan}"
        )
    return (
        f'<div class="tw-own-answer"><p><b>{escape(_verdict(item))}</b></p>'
        '<div style="display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start">'
        f'<div class="tw-own" style="{_COLUMN}"><h3>Dit svar</h3>{own}</div>'
        f'<div class="tw-reference-side" style="{_COLUMN}"><h3>Referencesvar</h3>'
        f"{reference_html(vignette(item.vignette_id))}</div></div></div>"
    )


def own_summary_html(mine: OwnAnswers) -> str:
    """The participant's answers to the revealed vignettes against the references: how many
    they answered, how many as the reference, and a row per vignette."""
    heading = "Dine svar i forløbet" if mine.complete else "Dine svar indtil nu"
    n = mine.n_vignettes
    headline = (
        f"Du svarede på {danish_count(mine.n_answered)} af "
        f"{counted(n, 'vignet', 'vignetter')}, hvis referencesvar er vist; "
        f"{danish_count(mine.n_matched)} af dine svar var som referencen."
    )
    table = table_html(for_people(own_answers_frame(mine), OWN_ANSWERS_TABLE))
    return f'<div class="tw-own-summary"><h3>{heading}</h3><p>{escape(headline)}</p>{table}</div>'


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
        self.removed = False
        self._changes: list[ParticipantChange] | None = None
        self.state: SessionState | None = None
        self.forms: dict[str, AnswerForm] = {}
        self.drafts: dict[str, DraftKeeper] = {}
        self.cards: dict[str, VignetteCard] = {}
        self.comparisons: dict[str, widgets.HTML] = {}
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
        self.own_summary = widgets.HTML(layout=widgets.Layout(display="none"))
        self.rounds = widgets.VBox()
        self.session_box = widgets.VBox(
            [self.heading, self.refresh_button, self.own_summary, self.rounds],
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
        self._changes = None
        self._show_heading()
        self.state = None
        self.status.clear()
        self.refresh()
        if self.status.kind == "error":  # a draft could not be read: the line says so
            return
        if rejoined:
            self.status.success("Velkommen tilbage: dine tidligere svar er hentet frem.")
        else:
            self.status.success("Du er med.")

    def _show_heading(self) -> None:
        if self.me is None:
            return
        title = self.session.title if self.session else ""
        self.heading.value = (
            f"<h2>{escape(title)}</h2><p>Du deltager som <b>{escape(self.me.display_name)}</b> "
            f"(kode {escape(self.me.session_code)}).</p>"
        )

    def _follow_changes(self) -> bool:
        """Read the facilitator's changes to this participant; apply a new one (a new name,
        or removal). True while the participant is still in the session."""
        if self.me is None:
            return False
        changes = self.training.changes(self.me.session_code, self.me.participant_id)
        if changes == self._changes:
            return not self.removed
        self._changes = changes
        now = roster([self.me], changes)
        current = now.current(self.me.participant_id)
        if current is None:
            self._show_removed()
            return False
        if current.display_name != self.me.display_name:
            self.me = current
            self._show_heading()
            self.status.info(f"Facilitator har rettet dit navn til {current.display_name}.")
        return True

    def _show_removed(self) -> None:
        self.removed = True
        self.poll.playing = False
        self.rounds.children = ()
        self.own_summary.layout.display = "none"
        self.refresh_button.layout.display = "none"
        self.heading.value += f'<p class="tw-removed"><b>{escape(REMOVED_TEXT)}</b></p>'
        self.status.clear()

    def _tick(self) -> None:
        if self.me is not None and self._follow_changes():
            state = self.training.state(self.me.session_code)
            if state != self.state:
                self.refresh()

    def refresh(self) -> None:
        """Show the rounds as they stand: the open one to answer, closed ones read-only,
        revealed ones with the participant's answer beside the reference."""
        if self.me is None or not self._follow_changes():
            return
        code = self.me.session_code
        self.state = self.training.state(code)
        answers = self.training.answers(code, self.me.participant_id)
        saved = {a.vignette_id: a for a in answers}
        mine = own_answers(answers, self.state, self.session)
        boxes: list[widgets.Widget] = []
        for round_ in reversed(self.state.rounds):
            boxes.append(self._round_box(round_, saved, mine))
        if mine.complete:
            boxes.insert(0, widgets.HTML(f"<p><i>{FINISHED_TEXT}</i></p>"))
        elif self.state.open_round is None:
            boxes.insert(
                0, widgets.HTML("<p><i>Venter på, at facilitator åbner næste runde …</i></p>")
            )
        self.rounds.children = tuple(boxes)
        if mine.all_revealed and mine.items:
            self.own_summary.value = own_summary_html(mine)
            self.own_summary.layout.display = None
        else:
            self.own_summary.value = ""
            self.own_summary.layout.display = "none"

    def _round_box(
        self, round_: Round, saved: Mapping[str, Answer], mine: OwnAnswers
    ) -> widgets.Widget:
        state = "åben" if round_.open else "lukket"
        if round_.revealed:
            state += ", referencesvar vist"
        items: list[widgets.Widget] = [widgets.HTML(f"<h3>Runde {round_.number} ({state})</h3>")]
        for vignette_id in round_.vignette_ids:
            card = self.cards.get(vignette_id)
            if card is None:
                card = self.cards[vignette_id] = VignetteCard()
                card.show(vignette(vignette_id))
            comparison = self.comparisons.get(vignette_id)
            if comparison is None:
                comparison = self.comparisons[vignette_id] = widgets.HTML()
            compared = mine.get(vignette_id)
            # The reference is only sent to the browser once revealed, beside the answer.
            comparison.value = comparison_html(compared) if compared is not None else ""
            comparison.layout.display = None if compared is not None else "none"
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
            form.layout.display = "none" if compared is not None else None
            items.append(
                widgets.VBox([card, comparison, form], layout=widgets.Layout(margin="0 0 2em 0"))
            )
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
