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

A facilitator's rename or removal of a participant is a new row (the participant who joined
is never edited); :meth:`TrainingStore.roster` reads the participants with the changes
applied, and the participants, the answers' frame and the submits follow it: a removed
participant's answers leave the figures and they cannot submit any more.
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
from tilsynwidgets.domain.training.roster import ChangeKind, ParticipantChange, Roster, roster
from tilsynwidgets.domain.training.running import LEFT_ALONE_AFTER, is_running
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

    def running_session(self, created_by: str, now: datetime) -> TrainingSession | None:
        """The newest session ``created_by`` created that is still running at ``now`` (see
        :mod:`tilsynwidgets.domain.training.running`): the one their reloaded page reopens.
        Only sessions that moved within the running window are read step by step."""
        table = schema.training_sessions
        events = schema.training_events
        last = (
            select(events.c.session_code, func.max(events.c.at).label("last_at"))
            .group_by(events.c.session_code)
            .subquery()
        )
        query = (
            _shaped(table, table.c.code)
            .outerjoin(last, last.c.session_code == table.c.code)
            .where(
                table.c.created_by == created_by,
                func.coalesce(last.c.last_at, table.c.created_at) >= now - LEFT_ALONE_AFTER,
            )
            .order_by(table.c.created_at.desc(), table.c.code)
        )
        for session in self._read(TrainingSession, table.name, query):
            if is_running(session, self.events(session.code), now):
                return session
        return None

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
        (a replacement is submitted later than every answer before it), and whenever the
        facilitator renames or removes a participant (the newest change)."""
        code = normalise_code(code)
        events = schema.training_events
        people = schema.training_participants
        answers = schema.training_answers
        changes = schema.training_participant_changes

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
            select(func.max(changes.c.id)).where(changes.c.session_code == code).scalar_subquery(),
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
        found = self._rejoining(session.code, participant.display_name)
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
            again = self._rejoining(session.code, participant.display_name)
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

    def _rejoining(self, code: str, display_name: str) -> Participant | None:
        """The participant who goes by this name now, or who joined under it and has been
        renamed since; None for a new name. A name the facilitator removed is refused."""
        now = self.roster(code)
        named = now.named(display_name)
        if named is not None:
            return named
        stored = self._participant_named(code, display_name)
        if stored is None:
            return None
        current = now.current(stored.participant_id)
        if current is None:
            raise TrainingRefusal(
                f"Facilitator har fjernet {stored.display_name} fra forløbet. Deltag under "
                "et andet navn, eller spørg facilitator."
            )
        return current

    def participants(self, code: str) -> list[Participant]:
        """The session's participants in the order they joined, as the facilitator has
        corrected them: renamed ones by their new name, removed ones left out."""
        return list(self.roster(code).participants)

    def roster(self, code: str) -> Roster:
        """The session's participants with the facilitator's changes applied."""
        with self.store.connection() as conn:
            return self._roster(conn, normalise_code(code))

    def _roster(self, conn: Connection, code: str) -> Roster:
        people = schema.training_participants
        query = (
            _shaped(people, people.c.participant_id)
            .where(people.c.session_code == code)
            .order_by(people.c.joined_at, people.c.participant_id)
        )
        joined, problems = read_models(Participant, people.name, conn.execute(query).all())
        self.store.note_unreadable(problems)
        return roster(joined, self._changes(conn, code))

    def changes(self, code: str, participant_id: str | None = None) -> list[ParticipantChange]:
        """The facilitator's renames and removals in the session (of one participant), in
        the order made."""
        with self.store.connection() as conn:
            return self._changes(conn, normalise_code(code), participant_id)

    def _changes(
        self, conn: Connection, code: str, participant_id: str | None = None
    ) -> list[ParticipantChange]:
        table = schema.training_participant_changes
        query = _shaped(table, table.c.id).where(table.c.session_code == code)
        if participant_id is not None:
            query = query.where(table.c.participant_id == participant_id)
        rows = conn.execute(query.order_by(table.c.id)).all()
        found, problems = read_models(ParticipantChange, table.name, rows)
        self.store.note_unreadable(problems)
        return found

    def change_participant(self, change: ParticipantChange) -> Roster:
        """Record a rename or removal if the session's participants allow it now (a new
        name must not be another participant's); the participants after it."""
        table = schema.training_participant_changes
        with self.store.transaction(f"Ændringen kunne ikke gemmes. {NOTHING_SAVED}") as conn:
            _lock_session(conn, change.session_code, exclusive=True)
            refusal = self._roster(conn, change.session_code).refusal(change)
            if refusal is not None:
                raise TrainingRefusal(f"{refusal} {NOTHING_SAVED}")
            conn.execute(
                insert(table),
                {
                    "session_code": change.session_code,
                    "participant_id": change.participant_id,
                    "kind": change.kind.value,
                    "display_name": change.display_name,
                    "by": change.by,
                    "at": change.at,
                    "recorded_at": datetime.now(UTC),
                    "model": change.model_dump(mode="json"),
                    "model_shape": current_shape(table.name),
                },
            )
        return self.roster(change.session_code)

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
        """One row per answer of the participants still in the session (a removed
        participant's answers leave the figures); columns :data:`ANSWER_COLUMNS`
        (submitted_at in UTC)."""
        removed = self.roster(code).removed_ids
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
            if a.participant_id not in removed
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
    if member is None:
        return "Deltageren er ikke tilmeldt forløbet."
    changes = schema.training_participant_changes
    removed = conn.execute(
        select(changes.c.id).where(
            changes.c.participant_id == answer.participant_id,
            changes.c.kind == ChangeKind.REMOVED.value,
        )
    ).first()
    return None if removed is None else "Facilitator har fjernet dig fra forløbet."


def _shaped(table: Table, key: ColumnElement[Any]) -> Select[Any]:
    """SELECT key, model_shape, model FROM ``table``: what ``read_models`` reads."""
    return select(key, table.c.model_shape, table.c.model)
