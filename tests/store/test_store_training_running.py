"""The session a facilitator's reloaded page reopens, on SQLite and PostgreSQL: their newest
session that is still running, never another facilitator's, never a finished one or one
left alone for more than a week."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tilsynwidgets.domain.training.running import LEFT_ALONE_AFTER
from tilsynwidgets.domain.training.sessions import EventKind, SessionEvent, TrainingSession
from tilsynwidgets.domain.training.vignettes import vignettes
from tilsynwidgets.store import Store
from tilsynwidgets.store.training import TrainingStore

T0 = datetime(2026, 11, 20, 9, tzinfo=UTC)
IDS = vignettes().ids[:1]
ME = "Facilitator F"


def _create(training: TrainingStore, code: str, by: str, minutes: int) -> TrainingSession:
    session = TrainingSession(
        code=code,
        title=f"Forløb {code}",
        vignette_ids=IDS,
        vignette_version=vignettes().version,
        created_by=by,
        created_at=T0 + timedelta(minutes=minutes),
    )
    training.create_session(session)
    return session


def _steps(training: TrainingStore, code: str, kinds: list[EventKind], at: datetime) -> None:
    for kind in kinds:
        training.record_event(
            SessionEvent(
                session_code=code,
                kind=kind,
                round_no=1,
                vignette_ids=IDS if kind is EventKind.ROUND_OPENED else (),
                by=ME,
                at=at,
            )
        )


def test_the_newest_running_session_of_this_facilitator(store: Store) -> None:
    training = TrainingStore(store)
    now = T0 + timedelta(hours=2)
    assert training.running_session(ME, now) is None
    older = _create(training, "AAAAAA", ME, 0)
    assert training.running_session(ME, now) == older  # created, no round yet
    newer = _create(training, "BBBBBB", ME, 10)
    _create(training, "CCCCCC", "Facilitator G", 20)  # someone else's, newer still
    assert training.running_session(ME, now) == newer
    assert training.running_session("Facilitator G", now) is not None
    _steps(training, newer.code, [EventKind.ROUND_OPENED], T0 + timedelta(minutes=30))
    assert training.running_session(ME, now) == newer  # a round open: running
    done = [EventKind.ROUND_CLOSED, EventKind.REVEALED]
    _steps(training, newer.code, done, T0 + timedelta(minutes=40))
    assert training.running_session(ME, now) == older  # the newer one is finished
    assert training.running_session("Facilitator H", now) is None


def test_a_session_left_alone_for_a_week_does_not_reopen(store: Store) -> None:
    training = TrainingStore(store)
    session = _create(training, "AAAAAA", ME, 0)
    moved = T0 + timedelta(days=3)
    _steps(training, session.code, [EventKind.ROUND_OPENED], moved)
    # Measured from its newest step, not from its creation.
    assert training.running_session(ME, moved + LEFT_ALONE_AFTER) == session
    later = moved + LEFT_ALONE_AFTER + timedelta(minutes=1)
    assert training.running_session(ME, later) is None
