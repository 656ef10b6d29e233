"""Which session a facilitator is running: not finished (vignettes left, a round open or
answers not yet shown) and moved within a week."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tilsynwidgets.domain.training.running import (
    LEFT_ALONE_AFTER,
    finished,
    is_running,
    last_step_at,
)
from tilsynwidgets.domain.training.sessions import EventKind, SessionEvent, TrainingSession
from tilsynwidgets.domain.training.vignettes import vignettes

T0 = datetime(2026, 11, 20, 9, tzinfo=UTC)
IDS = vignettes().ids[:2]
SESSION = TrainingSession(
    code="K7M2QX",
    title="Kalibrering",
    vignette_ids=IDS,
    vignette_version=vignettes().version,
    created_by="Facilitator F",
    created_at=T0,
)


def _step(kind: EventKind, round_no: int, minutes: int, ids: tuple[str, ...] = ()) -> SessionEvent:
    return SessionEvent(
        session_code=SESSION.code,
        kind=kind,
        round_no=round_no,
        vignette_ids=ids,
        by="Facilitator F",
        at=T0 + timedelta(minutes=minutes),
    )


ROUND_1 = [
    _step(EventKind.ROUND_OPENED, 1, 10, IDS[:1]),
    _step(EventKind.ROUND_CLOSED, 1, 20),
    _step(EventKind.REVEALED, 1, 25),
]
ROUND_2 = [
    _step(EventKind.ROUND_OPENED, 2, 30, IDS[1:]),
    _step(EventKind.ROUND_CLOSED, 2, 40),
    _step(EventKind.REVEALED, 2, 45),
]


def test_a_session_is_finished_only_when_nothing_is_left_to_do() -> None:
    course = ROUND_1 + ROUND_2
    assert finished(SESSION, course)
    for steps in range(len(course)):  # every step short of the last leaves something to do
        assert not finished(SESSION, course[:steps]), steps


def test_running_until_finished_or_left_alone_for_a_week() -> None:
    hour_later = T0 + timedelta(hours=1)
    assert is_running(SESSION, [], hour_later)  # created, no round yet (a reload then)
    assert is_running(SESSION, ROUND_1, hour_later)  # a vignette left
    assert is_running(SESSION, [*ROUND_1, *ROUND_2[:2]], hour_later)  # answers not shown
    assert not is_running(SESSION, ROUND_1 + ROUND_2, hour_later)
    last = last_step_at(SESSION, ROUND_1)
    assert last == T0 + timedelta(minutes=25)
    assert is_running(SESSION, ROUND_1, last + LEFT_ALONE_AFTER)
    assert not is_running(SESSION, ROUND_1, last + LEFT_ALONE_AFTER + timedelta(seconds=1))
    assert timedelta(days=7) == LEFT_ALONE_AFTER
