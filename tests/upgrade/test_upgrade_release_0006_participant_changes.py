"""The store of the release at revision 0006 upgrades to revision 0007, the facilitator's
changes to a session's participants, on both engines: the new table starts empty and is
append-only in the database; the release's participants can then be renamed and removed
without touching a stored row: a renamed one is read (and rejoins) by the new name with
their answers, a removed one's answers leave the figures, their name is refused in Danish
when they join again, and their submit is refused."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import inspect
from tests.upgrade.conftest import EveryRow, RefusesChanges

from tilsynwidgets.domain.training.roster import ChangeKind, ParticipantChange
from tilsynwidgets.domain.training.sessions import Answer
from tilsynwidgets.store import Store
from tilsynwidgets.store.training import TrainingRefusal, TrainingStore

NOW = datetime(2027, 3, 1, 8, 0, tzinfo=UTC)
TABLE = "training_participant_changes"


def _change(code: str, pid: str, kind: ChangeKind, name: str | None = None) -> ParticipantChange:
    return ParticipantChange(
        session_code=code, participant_id=pid, kind=kind, display_name=name, by="F", at=NOW
    )


def test_the_new_table_starts_empty_and_refuses_changes(
    release_0006_store: str,
    release_0006: dict[str, Any],
    every_row: EveryRow,
    refuses_changes: RefusesChanges,
) -> None:
    code = release_0006["session_code"]
    with Store.open(release_0006_store) as store:
        assert TABLE not in set(inspect(store.engine).get_table_names())
        store.upgrade(NOW)
        assert every_row(store)[TABLE] == []
        training = TrainingStore(store)
        first = training.participants(code)[0]
        training.change_participant(
            _change(code, first.participant_id, ChangeKind.RENAMED, "Rettet navn")
        )
        (row,) = every_row(store)[TABLE]
        refuses_changes(store, TABLE, "display_name = 'Et andet navn'")
        assert every_row(store)[TABLE] == [row]
        assert store.unreadable_rows == []
    assert (row["kind"], row["display_name"], row["model_shape"]) == ("omdoebt", "Rettet navn", 1)


def test_the_releases_participants_are_renamed_and_removed_without_editing_them(
    release_0006_store: str, release_0006: dict[str, Any], every_row: EveryRow
) -> None:
    code = release_0006["session_code"]
    with Store.open(release_0006_store) as store:
        store.upgrade(NOW)
        joined_rows = every_row(store)["training_participants"]
        training = TrainingStore(store)
        by_name = {p.display_name: p for p in training.participants(code)}
        kept, dropped = by_name["Deltager 0"], by_name["Deltager 1"]
        answers_before = training.answers_frame(code)
        training.change_participant(
            _change(code, kept.participant_id, ChangeKind.RENAMED, "Deltager Nul")
        )
        training.change_participant(_change(code, dropped.participant_id, ChangeKind.REMOVED))
        assert every_row(store)["training_participants"] == joined_rows
        names = [p.display_name for p in training.participants(code)]
        frame = training.answers_frame(code)
        again, rejoined = training.join(code, "deltager nul", None, NOW + timedelta(minutes=1))
        with pytest.raises(TrainingRefusal, match="Facilitator har fjernet Deltager 1"):
            training.join(code, "Deltager 1", None, NOW)
        (answer,) = training.answers(code, dropped.participant_id)
        open_round = training.state(code).open_round
        assert open_round is not None
        assert answer.round_no == open_round.number
        resubmit = Answer.model_validate(answer.model_dump() | {"submitted_at": NOW})
        with pytest.raises(TrainingRefusal, match="fjernet dig fra forløbet"):
            training.submit(resubmit)
        assert store.unreadable_rows == []
    assert names == ["Deltager Nul"]
    assert set(answers_before["participant_id"]) == {kept.participant_id, dropped.participant_id}
    assert set(frame["participant_id"]) == {kept.participant_id}
    assert (again.participant_id, again.display_name, rejoined) == (
        kept.participant_id,
        "Deltager Nul",
        True,
    )
