"""Which training session a facilitator is running, so a page they reload reopens it.

A session is *running* from the moment it is created until it is *finished* or left alone:

* finished: every vignette the facilitator picked has been put to the participants, no
  round is open and every round's reference answers are shown – nothing is left to do;
* left alone: nothing has happened in it (no round opened, closed or revealed, and it was
  not created) for :data:`LEFT_ALONE_AFTER`. A session whose last vignettes were never used
  is over in practice; a week still covers a session prepared days before the course.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from tilsynwidgets.domain.training.sessions import SessionEvent, TrainingSession, session_state

__all__ = ["LEFT_ALONE_AFTER", "finished", "is_running", "last_step_at"]

LEFT_ALONE_AFTER = timedelta(days=7)
"""After this long without a step a session no longer reopens by itself."""


def finished(session: TrainingSession, events: Sequence[SessionEvent]) -> bool:
    """Every picked vignette asked, no round open, every round's answers revealed."""
    state = session_state(events)
    asked = set(state.asked())
    return (
        all(v in asked for v in session.vignette_ids)
        and state.open_round is None
        and all(r.revealed for r in state.rounds)
    )


def last_step_at(session: TrainingSession, events: Sequence[SessionEvent]) -> datetime:
    """When the session last moved: its newest step, or its creation."""
    return max([session.created_at, *(e.at for e in events)])


def is_running(session: TrainingSession, events: Sequence[SessionEvent], now: datetime) -> bool:
    """Not finished, and a step (or the creation) within :data:`LEFT_ALONE_AFTER` of ``now``."""
    recent = now - last_step_at(session, events) <= LEFT_ALONE_AFTER
    return recent and not finished(session, events)
