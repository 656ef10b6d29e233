"""The facilitator's view, fed by a real training store: user text is escaped everywhere,
hidden names leave every output, and the reference shows only once revealed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest

from tilsynwidgets.domain.core.categories import RiskCategory
from tilsynwidgets.domain.core.units import Socialtilsyn
from tilsynwidgets.domain.training.agreement import NO_PAIRS
from tilsynwidgets.domain.training.discussion import SessionFigures, figures_for_state
from tilsynwidgets.domain.training.sessions import (
    Answer,
    EventKind,
    Participant,
    SessionEvent,
    SessionState,
    TrainingSession,
)
from tilsynwidgets.domain.training.vignettes import vignette, vignettes
from tilsynwidgets.presentation.html import category_badge
from tilsynwidgets.store import Store
from tilsynwidgets.store.training import TrainingStore
from tilsynwidgets.widgets.training.discussion import (
    DiscussionView,
    agreement_html,
    progress_html,
    vignette_discussion_html,
)

HOSTILE = "<img src=x onerror=alert(1)>"
ESCAPED = "&lt;img src=x onerror=alert(1)&gt;"
CODE = "Q7M2PX"
T0 = datetime(2026, 11, 20, 9, tzinfo=UTC)
FIRST = ("v01-glentebakken", "v04-stormsvalen")
SECOND = ("v08-hvidkloever",)
NAMES = ("Anna Andersen", HOSTILE, "Bo Berg")
WHY = "Stabil ledelse og ingen henvendelser i perioden."


class Course:
    """A session in an SQLite store: three participants, round 1 answered and closed."""

    def __init__(self, store: Store) -> None:
        self.training = TrainingStore(store)
        self.training.create_session(
            TrainingSession(
                code=CODE,
                title="Kalibrering",
                vignette_ids=FIRST + SECOND,
                vignette_version=vignettes().version,
                created_by="Facilitator F",
                created_at=T0,
            )
        )
        regions = (Socialtilsyn.SYD, None, Socialtilsyn.SYD)
        self.people: list[Participant] = [
            self.training.join(CODE, name, region, T0 + timedelta(minutes=n))[0]
            for n, (name, region) in enumerate(zip(NAMES, regions, strict=True))
        ]
        self.event(EventKind.ROUND_OPENED, 1, FIRST)
        colours = {FIRST[0]: ("groen", "gul", "groen"), FIRST[1]: ("roed", "groen", "gul")}
        for vignette_id, column in colours.items():
            for person, colour in zip(self.people, column, strict=True):
                self.answer(person, vignette_id, colour, 1)
        self.event(EventKind.ROUND_CLOSED, 1)

    def event(self, kind: EventKind, round_no: int, ids: tuple[str, ...] = ()) -> SessionState:
        return self.training.record_event(
            SessionEvent(
                session_code=CODE, kind=kind, round_no=round_no, vignette_ids=ids, by="F", at=T0
            )
        )

    def answer(self, person: Participant, vignette_id: str, colour: str, round_no: int) -> None:
        hostile = person.display_name == HOSTILE
        self.training.submit(
            Answer(
                session_code=CODE,
                round_no=round_no,
                participant_id=person.participant_id,
                vignette_id=vignette_id,
                category=RiskCategory(colour),
                justification=f"{HOSTILE} er min begrundelse." if hostile else WHY,
                submitted_at=T0 + timedelta(minutes=30),
            )
        )

    def frames(self) -> tuple[pd.DataFrame, pd.DataFrame, SessionState]:
        return (
            self.training.answers_frame(CODE),
            self.training.participants_frame(CODE),
            self.training.state(CODE),
        )

    def figures(self) -> SessionFigures:
        return figures_for_state(*self.frames(), n_resamples=100)


@pytest.fixture
def course(tmp_path: Path) -> Iterator[Course]:
    with Store.open(f"sqlite:///{tmp_path / 'training.sqlite'}") as store:
        store.upgrade()
        yield Course(store)


def every_output(figures: SessionFigures, hide: bool) -> list[str]:
    shown = (*figures.vignette_ids, *figures.open_vignette_ids)
    return [
        progress_html(figures, hide),
        agreement_html(figures, hide),
        *(vignette_discussion_html(figures, v, hide) for v in shown),
    ]


def open_second_round(course: Course) -> None:
    course.event(EventKind.REVEALED, 1)
    course.event(EventKind.ROUND_OPENED, 2, SECOND)
    course.answer(course.people[1], SECOND[0], "gul", 2)


def test_hostile_text_is_escaped_in_every_output(course: Course) -> None:
    open_second_round(course)
    figures = course.figures()
    for hide in (False, True):
        for html in every_output(figures, hide):
            assert "<img" not in html
    shown = every_output(figures, hide=False)
    assert ESCAPED in shown[0]  # the name in the progress grid
    discussion = vignette_discussion_html(figures, FIRST[0], hide_names=True)
    assert f"{ESCAPED} er min begrundelse." in discussion  # the justification, escaped
    assert f"<b>{ESCAPED}</b>" not in discussion  # but not the name


def test_hidden_names_leave_every_output(course: Course) -> None:
    open_second_round(course)
    figures = course.figures()
    for html in every_output(figures, hide=True):
        assert "Anna Andersen" not in html
        assert "Bo Berg" not in html
        assert f"<b>{ESCAPED}</b>" not in html
        assert f"<th>{ESCAPED}</th>" not in html
    assert "Deltager 3" in every_output(figures, hide=True)[0]
    named = "".join(every_output(figures, hide=False))
    assert "Anna Andersen" in named
    assert "Bo Berg" in named


def test_the_reference_shows_only_after_reveal(course: Course) -> None:
    reference = vignette(FIRST[1])
    badge = category_badge(reference.reference_category)
    before = course.figures()
    for hide in (False, True):
        html = vignette_discussion_html(before, FIRST[1], hide)
        assert "Referencesvar" not in html
        assert "tw-reference" not in html
        assert reference.rationale[:60] not in html
        assert "trin" not in html
        assert "ikke vist" in agreement_html(before, hide)
    course.event(EventKind.REVEALED, 1)
    after = vignette_discussion_html(course.figures(), FIRST[1], hide_names=False)
    assert f"<b>Referencesvar:</b> {badge}" in after
    assert "1 af 3 (33 %) svarede som referencen" in after
    assert "Bo Berg: 1 trin mildere" in after
    assert "2 trin mildere" in after


def test_progress_counts_who_has_answered(course: Course) -> None:
    open_second_round(course)
    html = progress_html(course.figures(), hide_names=True)
    assert "1 af 3 har svaret" in html
    assert "<td>1 af 3</td>" in html
    assert html.count("✓") == 2  # one answer, and the caption
    assert "Ingen runde er åben" in progress_html(
        figures_for_state(*course.frames()[:2], SessionState(()), n_resamples=10)
    )


def test_an_open_round_is_not_discussed_yet(course: Course) -> None:
    open_second_round(course)
    figures = course.figures()
    html = vignette_discussion_html(figures, SECOND[0], hide_names=False)
    assert "Runden er åben" in html
    assert WHY not in html


def test_undefined_agreement_shows_a_dash_and_the_reason(course: Course) -> None:
    answers, participants, state = course.frames()
    one = answers[answers["participant_id"] == course.people[0].participant_id]
    html = agreement_html(figures_for_state(one, participants, state, n_resamples=10))
    assert "<td>–</td>" in html
    assert NO_PAIRS in html
    assert "1 = fuld enighed, 0 = som tilfældigt" in html


def test_the_view_redraws_on_update_and_on_the_checkbox(course: Course) -> None:
    view = DiscussionView(n_resamples=50)
    assert view.hide_names.value  # a projector is the default
    view.update(*course.frames())
    assert view.vignette.value == FIRST[0]
    assert [v for _, v in view.vignette.options] == list(FIRST)

    def everything() -> str:
        return str(view.progress.value + view.discussion.value + view.agreement.value)

    assert "Anna Andersen" not in everything()
    assert "Deltager 1" in everything()
    view.hide_names.value = False
    assert "Anna Andersen" in everything()
    view.vignette.value = FIRST[1]
    assert "Opholdssted i krise" in view.discussion.value
    assert "Referencesvar" not in view.discussion.value
    open_second_round(course)
    view.update(*course.frames())
    assert view.vignette.value == FIRST[1]  # the choice is kept
    assert "Referencesvar" in view.discussion.value
    assert "1 af 3 har svaret" in view.progress.value
    assert "<img" not in everything()
