"""Training sessions in the store: sessions, their course, participants and answers.

Many participants write at once, each from their own Voilà kernel (their own process).
Every write is one transaction that checks what it depends on inside it: an answer is
saved only while its round is open, a round opens only when the session's course allows
it. On SQLite the transactions are serialised (``BEGIN IMMEDIATE``); on PostgreSQL a
submit takes a shared lock on the session and a facilitator's event an exclusive one, so
answers do not wait for each other but cannot slip past a closing round. The locks are
advisory locks, which queue fairly: a waiting close holds back new submits, so pages that
keep submitting cannot keep a facilitator from closing the round (row locks taken with
``FOR SHARE`` would let them).
Unique keys make a repeated submit replace the answer, never duplicate it.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any, TypeVar

import pandas as pd
from pydantic import BaseModel
from sqlalchemy import ColumnElement, Connection, Select, Table, func, insert, select, text
from sqlalchemy.exc import IntegrityError

from tilsynwidgets.domain.core.units import Socialtilsyn
from tilsynwidgets.domain.training.sessions import (
    Answer,
    Participant,
    SessionEvent,
    SessionState,
    TrainingSession,
    normalise_code,
    normalise_name,
    session_state,
)
from tilsynwidgets.store import schema
from tilsynwidgets.store.errors import NOTHING_SAVED, StoredRowError, StoreError
from tilsynwidgets.store.shapes import current_shape, read_models
from tilsynwidgets.store.store import Store

M = TypeVar("M", bound=BaseModel)

__all__ = [
    "ANSWER_COLUMNS",
    "PARTICIPANT_COLUMNS",
    "SessionCodeTakenError",
    "TrainingRefusal",
    "TrainingStore",
]

ANSWER_COLUMNS = [
    "session_code",
    "round_no",
    "participant_id",
    "vignette_id",
    "category",
    "justification",
    "has_plan",
    "submitted_at",
]
_TIME = pd.DatetimeTZDtype(unit="ns", tz="UTC")
PARTICIPANT_COLUMNS = ["participant_id", "display_name", "socialtilsyn", "joined_at"]


class TrainingRefusal(StoreError, ValueError):
    """The session's course does not allow this now (Danish message); nothing was saved."""


class SessionCodeTakenError(StoreError):
    """Another session already has this code (draw a new one)."""


class TrainingStore:
    """Training sessions on a :class:`Store`'s database (its tables and rules)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    # -- sessions ------------------------------------------------------------------------

    def create_session(self, session: TrainingSession) -> None:
        row = {
            "code": session.code,
            "title": session.title,
            "created_by": session.created_by,
            "created_at": session.created_at,
            "model": session.model_dump(mode="json"),
            "model_shape": current_shape(schema.training_sessions.name),
        }
        try:
            with self.store.transaction(f"Forløbet kunne ikke oprettes. {NOTHING_SAVED}") as conn:
                conn.execute(insert(schema.training_sessions), row)
        except StoreError as exc:
            if isinstance(exc.__cause__, IntegrityError):
                raise SessionCodeTakenError(
                    f"Koden {session.code} er allerede i brug. {NOTHING_SAVED}"
                ) from exc.__cause__
            raise

    def session(self, code: str) -> TrainingSession | None:
        """The session with this code (as typed: spaces, dashes and case do not matter)."""
        table = schema.training_sessions
        query = _shaped(table, table.c.code).where(table.c.code == normalise_code(code))
        found = self._read(TrainingSession, table.name, query)
        return found[0] if found else None

    def sessions(self) -> list[TrainingSession]:
        """Every session, newest first."""
        table = schema.training_sessions
        query = _shaped(table, table.c.code).order_by(table.c.created_at.desc(), table.c.code)
        return self._read(TrainingSession, table.name, query)

    # -- the session's course ------------------------------------------------------------

    def record_event(self, event: SessionEvent) -> SessionState:
        """Append ``event`` if the course allows it now; the state after it."""
        failure = f"Handlingen kunne ikke gemmes. {NOTHING_SAVED}"
        try:
            with self.store.transaction(failure) as conn:
                _lock_session(conn, event.session_code, exclusive=True)
                state = session_state(self._events(conn, event.session_code))
                refusal = state.refusal(event)
                if refusal is not None:
                    raise TrainingRefusal(f"{refusal} {NOTHING_SAVED}")
                conn.execute(
                    insert(schema.training_events),
                    {
                        "session_code": event.session_code,
                        "kind": event.kind.value,
                        "round_no": event.round_no,
                        "at": event.at,
                        "recorded_at": datetime.now(UTC),
                        "model": event.model_dump(mode="json"),
                        "model_shape": current_shape(schema.training_events.name),
                    },
                )
        except StoreError as exc:
            if isinstance(exc.__cause__, IntegrityError):  # another page did it first
                raise TrainingRefusal(
                    f"En anden har netop gjort det samme. {NOTHING_SAVED}"
                ) from exc.__cause__
            raise
        return self.state(event.session_code)

    def events(self, code: str) -> list[SessionEvent]:
        with self.store.connection() as conn:
            return self._events(conn, normalise_code(code))

    def state(self, code: str) -> SessionState:
        return session_state(self.events(code))

    def stamp(self, code: str) -> tuple[Any, ...]:
        """What has happened in the session, in one small query: how many steps, participants
        and answers it has, the newest step and the newest answer. It differs from an earlier
        stamp whenever a step is taken, someone joins or an answer is given or replaced
        (a replacement is submitted later than every answer before it)."""
        code = normalise_code(code)
        events = schema.training_events
        people = schema.training_participants
        answers = schema.training_answers

        def counted(table: Table) -> Select[Any]:
            return select(func.count()).select_from(table).where(table.c.session_code == code)

        query = select(
            counted(events).scalar_subquery(),
            select(func.max(events.c.id)).where(events.c.session_code == code).scalar_subquery(),
            counted(people).scalar_subquery(),
            counted(answers).scalar_subquery(),
            select(func.max(answers.c.submitted_at))
            .where(answers.c.session_code == code)
            .scalar_subquery(),
        )
        with self.store.connection() as conn:
            return tuple(conn.execute(query).one())

    def _events(self, conn: Connection, code: str) -> list[SessionEvent]:
        table = schema.training_events
        query = (
            _shaped(table, table.c.id)
            .where(table.c.session_code == code)
            .order_by(table.c.at, table.c.id)
        )
        events, problems = read_models(SessionEvent, table.name, conn.execute(query).all())
        if problems:  # a course cannot be followed with a step missing
            self.store.note_unreadable(problems)
            raise StoredRowError(f"Forløbet {code} kan ikke følges: {problems[0].describe()}")
        return events

    # -- participants --------------------------------------------------------------------

    def join(
        self,
        code: str,
        display_name: str,
        socialtilsyn: Socialtilsyn | None,
        now: datetime,
        account: str | None = None,
    ) -> tuple[Participant, bool]:
        """The participant with this name in the session, joined now if new, recorded with
        the ``account`` signed in (behind the hub; ``None`` without sign-in).

        Returns ``(participant, rejoined)``: a participant who reloads the page and joins
        again with the same name (spaces and case aside) gets their own answers back.
        """
        session = self.session(code)
        if session is None:
            raise TrainingRefusal(f"Der findes intet forløb med koden {normalise_code(code)}.")
        participant = Participant(
            session_code=session.code,
            participant_id=uuid.uuid4().hex,
            display_name=display_name,
            socialtilsyn=socialtilsyn,
            joined_at=now,
            account=account,
        )
        found = self._participant_named(session.code, participant.display_name)
        if found is not None:
            return found, True
        row = {
            "participant_id": participant.participant_id,
            "session_code": session.code,
            "name_key": normalise_name(participant.display_name),
            "socialtilsyn": socialtilsyn.value if socialtilsyn else None,
            "joined_at": now,
            "model": participant.model_dump(mode="json"),
            "model_shape": current_shape(schema.training_participants.name),
        }
        try:
            with self.store.transaction(f"Tilmeldingen kunne ikke gemmes. {NOTHING_SAVED}") as c:
                c.execute(insert(schema.training_participants), row)
        except StoreError as exc:
            # The same name joined from another page a moment ago: that is this person.
            again = self._participant_named(session.code, participant.display_name)
            if again is None:
                raise exc from exc.__cause__
            return again, True
        return participant, False

    def _participant_named(self, code: str, display_name: str) -> Participant | None:
        table = schema.training_participants
        query = _shaped(table, table.c.participant_id).where(
            table.c.session_code == code, table.c.name_key == normalise_name(display_name)
        )
        found = self._read(Participant, table.name, query)
        return found[0] if found else None

    def participants(self, code: str) -> list[Participant]:
        """The session's participants in the order they joined."""
        table = schema.training_participants
        query = (
            _shaped(table, table.c.participant_id)
            .where(table.c.session_code == normalise_code(code))
            .order_by(table.c.joined_at, table.c.participant_id)
        )
        return self._read(Participant, table.name, query)

    def participants_frame(self, code: str) -> pd.DataFrame:
        """participant_id, display_name, socialtilsyn (code or None), joined_at (UTC)."""
        rows = [
            (
                p.participant_id,
                p.display_name,
                p.socialtilsyn.value if p.socialtilsyn else None,
                p.joined_at,
            )
            for p in self.participants(code)
        ]
        frame = pd.DataFrame(rows, columns=PARTICIPANT_COLUMNS)
        frame["socialtilsyn"] = pd.Series([row[2] for row in rows], dtype=object)
        frame["joined_at"] = pd.to_datetime(frame["joined_at"], utc=True).astype(_TIME)
        return frame

    # -- answers -------------------------------------------------------------------------

    def submit(self, answer: Answer) -> None:
        """Save (or replace) the participant's answer while its round is open."""
        table = schema.training_answers
        row = {
            "session_code": answer.session_code,
            "participant_id": answer.participant_id,
            "vignette_id": answer.vignette_id,
            "round_no": answer.round_no,
            "category": answer.category.value,
            "has_plan": answer.plan is not None,
            "submitted_at": answer.submitted_at,
            "model": answer.model_dump(mode="json"),
            "model_shape": current_shape(schema.training_answers.name),
        }
        dialect = self.store.engine.dialect.name
        with self.store.transaction(f"Svaret kunne ikke gemmes. {NOTHING_SAVED}") as conn:
            _lock_session(conn, answer.session_code, exclusive=False)
            state = session_state(self._events(conn, answer.session_code))
            refusal = _submit_refusal(conn, answer, state)
            if refusal is not None:
                raise TrainingRefusal(f"{refusal} Svaret er ikke gemt.")
            keys = ["session_code", "participant_id", "vignette_id"]
            conn.execute(schema.upsert(dialect, table, keys), row)

    def answers(self, code: str, participant_id: str | None = None) -> list[Answer]:
        """The session's answers (of one participant), by submission time."""
        table = schema.training_answers
        key = table.c.participant_id + "/" + table.c.vignette_id
        query = _shaped(table, key).where(table.c.session_code == normalise_code(code))
        if participant_id is not None:
            query = query.where(table.c.participant_id == participant_id)
        query = query.order_by(table.c.submitted_at, table.c.participant_id, table.c.vignette_id)
        return self._read(Answer, table.name, query)

    def _read(self, kind: type[M], table: str, query: Select[Any]) -> list[M]:
        """The models a query finds; a row that cannot be read is skipped and noted."""
        with self.store.connection() as conn:
            rows = conn.execute(query).all()
        found, problems = read_models(kind, table, rows)
        self.store.note_unreadable(problems)
        return found

    def answers_frame(self, code: str) -> pd.DataFrame:
        """One row per answer; columns :data:`ANSWER_COLUMNS` (submitted_at in UTC)."""
        rows = [
            (
                a.session_code,
                a.round_no,
                a.participant_id,
                a.vignette_id,
                a.category.value,
                a.justification,
                a.plan is not None,
                a.submitted_at,
            )
            for a in self.answers(code)
        ]
        frame = pd.DataFrame(rows, columns=ANSWER_COLUMNS)
        frame["round_no"] = frame["round_no"].astype("int64")
        frame["has_plan"] = frame["has_plan"].astype(bool)
        frame["submitted_at"] = pd.to_datetime(frame["submitted_at"], utc=True).astype(_TIME)
        return frame


_SESSION_LOCKS = 730_471_228  # the advisory-lock space of training sessions (PostgreSQL)


def _lock_session(conn: Connection, code: str, *, exclusive: bool) -> None:
    """Lock the session for the transaction (PostgreSQL; SQLite's write transactions are
    serialised already). A missing session is refused."""
    if conn.dialect.name == "postgresql":
        lock = "pg_advisory_xact_lock" if exclusive else "pg_advisory_xact_lock_shared"
        conn.execute(
            text(f"SELECT {lock}(:space, hashtext(:code))"),
            {"space": _SESSION_LOCKS, "code": code},
        )
    table = schema.training_sessions
    if conn.execute(select(table.c.code).where(table.c.code == code)).first() is None:
        raise TrainingRefusal(f"Der findes intet forløb med koden {code}. {NOTHING_SAVED}")


def _submit_refusal(conn: Connection, answer: Answer, state: SessionState) -> str | None:
    current = state.open_round
    if current is None or current.number != answer.round_no:
        return f"Runde {answer.round_no} er ikke åben (længere)."
    if answer.vignette_id not in current.vignette_ids:
        return "Vignetten hører ikke til den åbne runde."
    table = schema.training_participants
    member = conn.execute(
        select(table.c.participant_id).where(
            table.c.participant_id == answer.participant_id,
            table.c.session_code == answer.session_code,
        )
    ).first()
    return None if member is not None else "Deltageren er ikke tilmeldt forløbet."


def _shaped(table: Table, key: ColumnElement[Any]) -> Select[Any]:
    """SELECT key, model_shape, model FROM ``table``: what ``read_models`` reads."""
    return select(key, table.c.model_shape, table.c.model)
