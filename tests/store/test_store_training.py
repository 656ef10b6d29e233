"""Training sessions in the store, on SQLite and PostgreSQL: sessions, the course of rounds,
joining (and rejoining) and answers that are replaced, never duplicated."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import insert, text
from sqlalchemy.exc import DBAPIError

from tilsynwidgets.domain.core.categories import RiskCategory
from tilsynwidgets.domain.core.units import Socialtilsyn
from tilsynwidgets.domain.intensity.plans import template_for
from tilsynwidgets.domain.training.sessions import Answer, EventKind, SessionEvent, TrainingSession
from tilsynwidgets.domain.training.vignettes import vignettes
from tilsynwidgets.store import Store, StoredRowError
from tilsynwidgets.store.schema import APPEND_ONLY_MESSAGE, training_answers, training_events
from tilsynwidgets.store.training import (
    ANSWER_COLUMNS,
    SessionCodeTakenError,
    TrainingRefusal,
    TrainingStore,
)

T0 = datetime(2026, 11, 20, 9, tzinfo=UTC)
CODE = "K7M2QX"
IDS = vignettes().ids[:4]
WHY = "Gentagne bekymrende henvendelser og ny leder uden erfaring."


def _session(code: str = CODE) -> TrainingSession:
    return TrainingSession(
        code=code,
        title="Kalibrering, efterår",
        vignette_ids=IDS,
        vignette_version=vignettes().version,
        created_by="Facilitator F",
        created_at=T0,
    )


def _event(kind: EventKind, round_no: int = 1, ids: tuple[str, ...] = ()) -> SessionEvent:
    return SessionEvent(
        session_code=CODE, kind=kind, round_no=round_no, vignette_ids=ids, by="F", at=T0
    )


def _answer(pid: str, vignette_id: str, category: str = "gul", round_no: int = 1) -> Answer:
    return Answer(
        session_code=CODE,
        round_no=round_no,
        participant_id=pid,
        vignette_id=vignette_id,
        category=category,
        justification=WHY,
        submitted_at=T0 + timedelta(minutes=5),
    )


@pytest.fixture
def training(store: Store) -> TrainingStore:
    found = TrainingStore(store)
    found.create_session(_session())
    return found


def test_a_session_is_found_by_its_code_as_typed(training: TrainingStore) -> None:
    assert training.session("k7m-2qx ") == _session()
    assert training.session("AAAAAA") is None
    assert training.sessions() == [_session()]
    with pytest.raises(SessionCodeTakenError, match="K7M2QX er allerede i brug"):
        training.create_session(_session())


def test_the_course_is_checked_inside_the_transaction(training: TrainingStore) -> None:
    state = training.record_event(_event(EventKind.ROUND_OPENED, 1, IDS[:2]))
    assert state.open_round is not None
    assert state.open_round.vignette_ids == IDS[:2]
    with pytest.raises(TrainingRefusal, match="Runde 1 er stadig åben"):
        training.record_event(_event(EventKind.ROUND_OPENED, 2, IDS[2:]))
    with pytest.raises(TrainingRefusal, match="Luk runde 1"):
        training.record_event(_event(EventKind.REVEALED))
    training.record_event(_event(EventKind.ROUND_CLOSED))
    state = training.record_event(_event(EventKind.REVEALED))
    assert state.revealed_vignettes() == frozenset(IDS[:2])
    assert [e.kind for e in training.events(CODE)] == [
        EventKind.ROUND_OPENED,
        EventKind.ROUND_CLOSED,
        EventKind.REVEALED,
    ]


def test_events_are_append_only_in_the_database(training: TrainingStore) -> None:
    training.record_event(_event(EventKind.ROUND_OPENED, 1, IDS[:1]))
    with pytest.raises(DBAPIError) as caught, training.store.engine.begin() as conn:
        conn.execute(text("DELETE FROM training_events"))
    assert APPEND_ONLY_MESSAGE in str(caught.value)


def test_rejoining_with_the_same_name_finds_the_same_participant(
    training: TrainingStore,
) -> None:
    anna, rejoined = training.join(CODE, "Anna B", Socialtilsyn.SYD, T0)
    assert not rejoined
    again, rejoined = training.join(" k7m2qx", "  anna   b ", None, T0 + timedelta(hours=1))
    assert rejoined
    assert again == anna
    bo, _ = training.join(CODE, "Bo", None, T0 + timedelta(minutes=1))
    frame = training.participants_frame(CODE)
    assert frame["display_name"].tolist() == ["Anna B", "Bo"]
    assert frame["socialtilsyn"].tolist() == ["syd", None]
    assert bo.participant_id != anna.participant_id
    with pytest.raises(TrainingRefusal, match="intet forløb med koden AAAAAA"):
        training.join("AAAAAA", "Anna B", None, T0)


def test_a_participant_is_recorded_with_the_account_signed_in(training: TrainingStore) -> None:
    anna, _ = training.join(CODE, "Anna B", None, T0, account="kursus-7")
    bo, _ = training.join(CODE, "Bo", None, T0 + timedelta(minutes=1))
    stored = {p.display_name: p.account for p in training.participants(CODE)}
    assert stored == {"Anna B": "kursus-7", "Bo": None}
    assert (anna.account, bo.account) == ("kursus-7", None)


def test_the_stamp_moves_with_every_step_join_and_answer_and_only_then(
    training: TrainingStore,
) -> None:
    stamps = [training.stamp(CODE)]

    def moved() -> None:
        stamps.append(training.stamp(" k7m2qx"))
        assert stamps[-1] != stamps[-2]
        assert training.stamp(CODE) == stamps[-1]  # nothing happened: the same stamp

    anna, _ = training.join(CODE, "Anna B", None, T0)
    moved()
    training.join(CODE, "Anna B", None, T0 + timedelta(minutes=1))  # rejoining changes nothing
    assert training.stamp(CODE) == stamps[-1]
    training.record_event(_event(EventKind.ROUND_OPENED, 1, IDS[:2]))
    moved()
    training.submit(_answer(anna.participant_id, IDS[0], "gul"))
    moved()
    later = _answer(anna.participant_id, IDS[0], "roed").model_copy(
        update={"submitted_at": T0 + timedelta(minutes=6)}
    )
    training.submit(later)  # the same answer, replaced: the count stays, the time moves
    moved()
    training.record_event(_event(EventKind.ROUND_CLOSED))
    moved()
    assert len(set(stamps)) == len(stamps)
    other = TrainingStore(training.store)
    other.create_session(_session("ABCDEF"))
    assert training.stamp(CODE) == stamps[-1]  # another session's life is not this one's


def test_an_answer_is_replaced_while_the_round_is_open_and_refused_after(
    training: TrainingStore,
) -> None:
    anna, _ = training.join(CODE, "Anna B", None, T0)
    with pytest.raises(TrainingRefusal, match="ikke åben"):
        training.submit(_answer(anna.participant_id, IDS[0]))
    training.record_event(_event(EventKind.ROUND_OPENED, 1, IDS[:2]))
    training.submit(_answer(anna.participant_id, IDS[0], "gul"))
    planned = _answer(anna.participant_id, IDS[0], "roed").model_copy(
        update={"plan": template_for(RiskCategory.ROED)}
    )
    training.submit(planned)
    assert training.answers(CODE, anna.participant_id) == [planned]
    with pytest.raises(TrainingRefusal, match="hører ikke til den åbne runde"):
        training.submit(_answer(anna.participant_id, IDS[3]))
    with pytest.raises(TrainingRefusal, match="ikke tilmeldt"):
        training.submit(_answer("f" * 32, IDS[0]))
    training.record_event(_event(EventKind.ROUND_CLOSED))
    with pytest.raises(TrainingRefusal, match="Svaret er ikke gemt"):
        training.submit(_answer(anna.participant_id, IDS[1]))
    frame = training.answers_frame(CODE)
    assert list(frame.columns) == ANSWER_COLUMNS
    assert frame[["vignette_id", "category", "has_plan"]].values.tolist() == [
        [IDS[0], "roed", True]
    ]
    assert str(frame["submitted_at"].dtype) == "datetime64[ns, UTC]"


def test_hostile_text_is_stored_as_typed(training: TrainingStore) -> None:
    hostile = "<img src=x onerror=alert(1)>'); DROP TABLE training_answers; --"
    person, _ = training.join(CODE, hostile[:60], None, T0)
    training.record_event(_event(EventKind.ROUND_OPENED, 1, IDS[:1]))
    answer = _answer(person.participant_id, IDS[0]).model_copy(update={"justification": hostile})
    training.submit(answer)
    assert training.answers(CODE)[0].justification == hostile
    assert training.participants(CODE)[0].display_name == hostile[:60].strip()


def test_an_unreadable_answer_is_named_and_the_others_are_read(
    training: TrainingStore, store: Store
) -> None:
    anna, _ = training.join(CODE, "Anna B", None, T0)
    bo, _ = training.join(CODE, "Bo C", None, T0)
    training.record_event(_event(EventKind.ROUND_OPENED, 1, IDS[:1]))
    training.submit(_answer(anna.participant_id, IDS[0], "gul"))
    broken = _answer(bo.participant_id, IDS[0], "roed").model_dump(mode="json")
    broken["category"] = "lilla"
    with store.engine.begin() as conn:
        conn.execute(
            insert(training_answers),
            {
                "session_code": CODE,
                "participant_id": bo.participant_id,
                "vignette_id": IDS[0],
                "round_no": 1,
                "category": "lilla",
                "has_plan": False,
                "submitted_at": T0,
                "model": broken,
            },
        )
    assert [a.participant_id for a in training.answers(CODE)] == [anna.participant_id]
    [problem] = store.unreadable_rows
    assert problem.table == "training_answers"
    assert problem.key == f"{bo.participant_id}/{IDS[0]}"
    assert "feltet 'category'" in problem.describe()


def test_an_unreadable_step_of_the_course_stops_the_course_in_danish(
    training: TrainingStore, store: Store
) -> None:
    event = _event(EventKind.ROUND_OPENED, 1, IDS[:1]).model_dump(mode="json")
    event["round_no"] = 0
    with store.engine.begin() as conn:
        conn.execute(
            insert(training_events),
            {
                "session_code": CODE,
                "kind": "runde_aabnet",
                "round_no": 0,
                "at": T0,
                "recorded_at": T0,
                "model": event,
            },
        )
    with pytest.raises(StoredRowError, match=f"Forløbet {CODE} kan ikke følges: Tabellen"):
        training.state(CODE)
