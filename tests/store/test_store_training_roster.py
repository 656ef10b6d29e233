"""The facilitator's renames and removals of participants in the store, on SQLite and
PostgreSQL: recorded as new rows, checked inside the transaction, read over the participants
who joined; a removed participant's answers leave the answers' frame, their submits are
refused, and the stamp moves with every change."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from tests._training import CODE, T0, with_session

from tilsynwidgets.domain.core.units import Socialtilsyn
from tilsynwidgets.domain.training.roster import ChangeKind, ParticipantChange
from tilsynwidgets.domain.training.sessions import Answer, TrainingSession
from tilsynwidgets.domain.training.vignettes import vignettes
from tilsynwidgets.store import Store
from tilsynwidgets.store.schema import APPEND_ONLY_MESSAGE
from tilsynwidgets.store.training import TrainingRefusal, TrainingStore

IDS = vignettes().ids[:2]
WHY = "Gentagne bekymrende henvendelser og ny leder uden erfaring."


@pytest.fixture
def training(store: Store) -> TrainingStore:
    return with_session(store, IDS, round_open=True)


def _change(pid: str, kind: ChangeKind, name: str | None = None) -> ParticipantChange:
    return ParticipantChange(
        session_code=CODE, participant_id=pid, kind=kind, display_name=name, by="F", at=T0
    )


def _answer(pid: str, vignette_id: str, minutes: int = 5) -> Answer:
    return Answer(
        session_code=CODE,
        round_no=1,
        participant_id=pid,
        vignette_id=vignette_id,
        category="gul",
        justification=WHY,
        submitted_at=T0 + timedelta(minutes=minutes),
    )


def test_a_rename_is_read_over_the_participant_who_joined(training: TrainingStore) -> None:
    anan, _ = training.join(CODE, "Anan", Socialtilsyn.SYD, T0)
    bo, _ = training.join(CODE, "Bo", None, T0 + timedelta(minutes=1))
    roster = training.change_participant(_change(anan.participant_id, ChangeKind.RENAMED, "Anna"))
    assert [p.display_name for p in roster.participants] == ["Anna", "Bo"]
    frame = training.participants_frame(CODE)
    assert frame["display_name"].tolist() == ["Anna", "Bo"]
    assert frame["socialtilsyn"].tolist() == ["syd", None]
    # Joining again by the new name, or by the old one, is the same person.
    assert training.join(CODE, " anna ", None, T0)[0].participant_id == anan.participant_id
    again, rejoined = training.join(CODE, "Anan", None, T0)
    assert (again.participant_id, again.display_name, rejoined) == (
        anan.participant_id,
        "Anna",
        True,
    )
    assert training.changes(CODE, bo.participant_id) == []
    assert [c.kind for c in training.changes(CODE)] == [ChangeKind.RENAMED]


def test_a_taken_name_or_an_unknown_participant_is_refused_in_danish(
    training: TrainingStore,
) -> None:
    anna, _ = training.join(CODE, "Anna", None, T0)
    bo, _ = training.join(CODE, "Bo", None, T0)
    with pytest.raises(TrainingRefusal, match="Navnet ANNA er allerede taget af en anden"):
        training.change_participant(_change(bo.participant_id, ChangeKind.RENAMED, "ANNA"))
    with pytest.raises(TrainingRefusal, match="ikke med i forløbet"):
        training.change_participant(_change("c" * 32, ChangeKind.REMOVED))
    training.change_participant(_change(bo.participant_id, ChangeKind.REMOVED))
    with pytest.raises(TrainingRefusal, match="Bo er allerede fjernet"):
        training.change_participant(_change(bo.participant_id, ChangeKind.RENAMED, "Bent"))
    assert [c.kind for c in training.changes(CODE)] == [ChangeKind.REMOVED]
    # A removed participant's name is free for a rename.
    training.change_participant(_change(anna.participant_id, ChangeKind.RENAMED, "Bo"))
    assert [p.display_name for p in training.participants(CODE)] == ["Bo"]


def test_a_change_in_another_session_is_refused(training: TrainingStore) -> None:
    anna, _ = training.join(CODE, "Anna", None, T0)
    elsewhere = _change(anna.participant_id, ChangeKind.REMOVED).model_copy(
        update={"session_code": "ABCDEF"}
    )
    with pytest.raises(TrainingRefusal, match="intet forløb med koden ABCDEF"):
        training.change_participant(elsewhere)
    other = TrainingStore(training.store)
    other.create_session(
        TrainingSession(
            code="ABCDEF",
            title="Et andet forløb",
            vignette_ids=IDS,
            vignette_version=vignettes().version,
            created_by="F",
            created_at=T0,
        )
    )
    with pytest.raises(TrainingRefusal, match="ikke med i forløbet"):
        training.change_participant(elsewhere)
    assert training.participants(CODE) == [anna]


def test_a_removed_participant_leaves_the_answers_and_cannot_submit_or_rejoin(
    training: TrainingStore,
) -> None:
    anna, _ = training.join(CODE, "Anna", None, T0)
    dup, _ = training.join(CODE, "Anna B", None, T0)
    training.submit(_answer(anna.participant_id, IDS[0]))
    training.submit(_answer(dup.participant_id, IDS[0]))
    assert len(training.answers_frame(CODE)) == 2
    training.change_participant(_change(dup.participant_id, ChangeKind.REMOVED))
    assert training.answers_frame(CODE)["participant_id"].tolist() == [anna.participant_id]
    assert training.participants_frame(CODE)["display_name"].tolist() == ["Anna"]
    roster = training.roster(CODE)
    assert roster.removed_ids == {dup.participant_id}
    assert len(training.answers(CODE)) == 2  # the history keeps them
    with pytest.raises(TrainingRefusal, match="Facilitator har fjernet dig fra forløbet"):
        training.submit(_answer(dup.participant_id, IDS[1], minutes=7))
    with pytest.raises(TrainingRefusal, match="Facilitator har fjernet Anna B fra forløbet"):
        training.join(CODE, "anna b", None, T0)


def test_the_stamp_moves_with_each_change(training: TrainingStore) -> None:
    anna, _ = training.join(CODE, "Anna", None, T0)
    before = training.stamp(CODE)
    training.change_participant(_change(anna.participant_id, ChangeKind.RENAMED, "Anne"))
    renamed = training.stamp(CODE)
    training.change_participant(_change(anna.participant_id, ChangeKind.REMOVED))
    assert len({before, renamed, training.stamp(CODE)}) == 3


def test_changes_are_append_only_in_the_database(training: TrainingStore) -> None:
    anna, _ = training.join(CODE, "Anna", None, T0)
    training.change_participant(_change(anna.participant_id, ChangeKind.RENAMED, "Anne"))
    for statement in (
        "UPDATE training_participant_changes SET display_name = 'X'",
        "DELETE FROM training_participant_changes",
    ):
        with pytest.raises(DBAPIError) as caught, training.store.engine.begin() as conn:
            conn.execute(text(statement))
        assert APPEND_ONLY_MESSAGE in str(caught.value)
