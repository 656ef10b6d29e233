"""A participant's own answers against the reference of the revealed rounds: in round order,
matched or how many steps off, unanswered ones counted, and whether the session is over."""

from __future__ import annotations

from datetime import UTC, datetime

from tilsynwidgets.domain.core.categories import RiskCategory
from tilsynwidgets.domain.training.own_answers import own_answers
from tilsynwidgets.domain.training.sessions import (
    Answer,
    EventKind,
    SessionEvent,
    TrainingSession,
    session_state,
)
from tilsynwidgets.domain.training.vignettes import vignette, vignettes

T0 = datetime(2026, 11, 20, 9, tzinfo=UTC)
CODE = "K7M2QX"
IDS = vignettes().ids[:4]
PID = "a" * 32
SESSION = TrainingSession(
    code=CODE,
    title="Kalibrering",
    vignette_ids=IDS,
    vignette_version=vignettes().version,
    created_by="F",
    created_at=T0,
)


def _event(kind: EventKind, round_no: int, ids: tuple[str, ...] = ()) -> SessionEvent:
    return SessionEvent(
        session_code=CODE, kind=kind, round_no=round_no, vignette_ids=ids, by="F", at=T0
    )


def _answer(vignette_id: str, category: RiskCategory, round_no: int = 1) -> Answer:
    return Answer(
        session_code=CODE,
        round_no=round_no,
        participant_id=PID,
        vignette_id=vignette_id,
        category=category,
        justification="Ny leder og flere henvendelser.",
        submitted_at=T0,
    )


def _course(*rounds: tuple[tuple[str, ...], bool]) -> list[SessionEvent]:
    events = []
    for number, (ids, revealed) in enumerate(rounds, start=1):
        events += [
            _event(EventKind.ROUND_OPENED, number, ids),
            _event(EventKind.ROUND_CLOSED, number),
        ]
        if revealed:
            events.append(_event(EventKind.REVEALED, number))
    return events


def _off_by(vignette_id: str, steps: int) -> RiskCategory:
    return RiskCategory.from_rank(vignette(vignette_id).reference_category.rank + steps)


def _steps_possible(vignette_id: str) -> int:
    """+1 or -1: a step the reference leaves room for."""
    return 1 if vignette(vignette_id).reference_category is not RiskCategory.ROED else -1


def test_only_revealed_rounds_are_compared_in_round_order() -> None:
    state = session_state(_course((IDS[:2], True), (IDS[2:3], False)))
    step = _steps_possible(IDS[1])
    answers = [
        _answer(IDS[1], _off_by(IDS[1], step)),
        _answer(IDS[0], vignette(IDS[0]).reference_category),
        _answer(IDS[2], RiskCategory.GUL, 2),
    ]
    mine = own_answers(answers, state, SESSION)
    assert [item.vignette_id for item in mine.items] == list(IDS[:2])
    first, second = mine.items
    assert (first.matched, first.steps, first.title) == (True, 0, vignette(IDS[0]).title)
    assert (second.matched, second.steps) == (False, step)
    assert second.reference is vignette(IDS[1]).reference_category
    assert (mine.n_vignettes, mine.n_answered, mine.n_matched) == (2, 2, 1)
    assert not mine.all_revealed
    assert not mine.complete
    assert mine.get(IDS[2]) is None


def test_an_unanswered_vignette_counts_as_not_answered() -> None:
    state = session_state(_course((IDS[:2], True)))
    mine = own_answers([_answer(IDS[0], vignette(IDS[0]).reference_category)], state, SESSION)
    missing = mine.get(IDS[1])
    assert missing is not None
    assert (missing.answer, missing.category, missing.steps, missing.matched) == (
        None,
        None,
        None,
        None,
    )
    assert (mine.n_vignettes, mine.n_answered, mine.n_matched) == (2, 1, 1)
    assert mine.all_revealed
    assert not mine.complete


def test_the_session_is_complete_when_every_vignette_is_asked_and_revealed() -> None:
    state = session_state(_course((IDS[:2], True), (IDS[2:], True)))
    mine = own_answers([], state, SESSION)
    assert mine.all_revealed
    assert mine.complete
    assert (mine.n_vignettes, mine.n_answered, mine.n_matched) == (4, 0, 0)
    open_again = session_state(
        [*_course((IDS[:2], True)), _event(EventKind.ROUND_OPENED, 2, IDS[2:])]
    )
    assert not own_answers([], open_again, SESSION).all_revealed
    assert not own_answers([], session_state([]), SESSION).all_revealed
