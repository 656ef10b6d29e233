"""A store with one training session, as the training tests begin: created by facilitator
«F», optionally with its first round open."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from tilsynwidgets.domain.training.sessions import EventKind, SessionEvent, TrainingSession
from tilsynwidgets.domain.training.vignettes import vignettes
from tilsynwidgets.store.store import Store
from tilsynwidgets.store.training import TrainingStore

T0 = datetime(2026, 11, 20, 9, tzinfo=UTC)
CODE = "K7M2QX"


def with_session(
    store: Store,
    ids: tuple[str, ...],
    title: str = "Kalibrering",
    code: str = CODE,
    at: datetime = T0,
    round_open: bool = False,
) -> TrainingStore:
    """``store``'s training store, with a session of ``ids`` created at ``at`` (and its
    first round, of all of them, opened)."""
    training = TrainingStore(store)
    training.create_session(
        TrainingSession(
            code=code,
            title=title,
            vignette_ids=ids,
            vignette_version=vignettes().version,
            created_by="F",
            created_at=at,
        )
    )
    if round_open:
        training.record_event(
            SessionEvent(
                session_code=code,
                kind=EventKind.ROUND_OPENED,
                round_no=1,
                vignette_ids=ids,
                by="F",
                at=at,
            )
        )
    return training


@contextmanager
def sqlite_with_session(
    folder: Path, ids: tuple[str, ...], title: str = "Kalibrering"
) -> Iterator[TrainingStore]:
    """A new SQLite store in ``folder`` with a session of ``ids`` (:func:`with_session`)."""
    with Store.open(f"sqlite:///{folder / 'training.sqlite'}") as store:
        store.upgrade()
        yield with_session(store, ids, title)
