"""Who is in a session now: renames and removals replayed over the participants who joined,
and the Danish refusals of a change that cannot be made."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from tilsynwidgets.domain.training.roster import ChangeKind, ParticipantChange, Roster, roster
from tilsynwidgets.domain.training.sessions import Participant

T0 = datetime(2026, 11, 20, 9, tzinfo=UTC)
CODE = "K7M2QX"
A, B, C = "a" * 32, "b" * 32, "c" * 32


def _person(pid: str, name: str) -> Participant:
    return Participant(session_code=CODE, participant_id=pid, display_name=name, joined_at=T0)


def _change(pid: str, kind: ChangeKind, name: str | None = None) -> ParticipantChange:
    return ParticipantChange(
        session_code=CODE, participant_id=pid, kind=kind, display_name=name, by="F", at=T0
    )


PEOPLE = [_person(A, "Anan"), _person(B, "Bo"), _person(C, "Bo B")]


def test_renames_and_removals_are_replayed_in_order() -> None:
    now = roster(
        PEOPLE,
        [
            _change(A, ChangeKind.RENAMED, "Anna"),
            _change(C, ChangeKind.REMOVED),
            _change(A, ChangeKind.RENAMED, "Anna A"),
            _change(C, ChangeKind.RENAMED, "ignored: removed"),
        ],
    )
    assert [(p.participant_id, p.display_name) for p in now.participants] == [
        (A, "Anna A"),
        (B, "Bo"),
    ]
    assert [p.display_name for p in now.removed] == ["Bo B"]
    assert now.removed_ids == {C}
    assert now.current(C) is None
    assert now.named("  anna   a ") == now.participants[0]
    assert now.named("Anan") is None
    assert roster(PEOPLE, []) == Roster(tuple(PEOPLE))


@pytest.mark.parametrize(
    ("change", "refusal"),
    [
        (_change(B, ChangeKind.RENAMED, "anan"), "Navnet anan er allerede taget"),
        (_change(B, ChangeKind.RENAMED, "Bo"), "Deltageren hedder allerede Bo."),
        (_change(C, ChangeKind.REMOVED), "Bo B er allerede fjernet fra forløbet."),
        (_change(C, ChangeKind.RENAMED, "Cecilie"), "Bo B er allerede fjernet fra forløbet."),
        (_change("d" * 32, ChangeKind.REMOVED), "Deltageren er ikke med i forløbet."),
    ],
)
def test_a_change_that_cannot_be_made_is_refused_in_danish(
    change: ParticipantChange, refusal: str
) -> None:
    now = roster(PEOPLE, [_change(C, ChangeKind.REMOVED)])
    found = now.refusal(change)
    assert found is not None
    assert found.startswith(refusal)


def test_allowed_changes_have_no_refusal() -> None:
    now = roster(PEOPLE, [_change(C, ChangeKind.REMOVED)])
    assert now.refusal(_change(B, ChangeKind.RENAMED, "bo")) is None  # only the case differs
    assert now.refusal(_change(A, ChangeKind.RENAMED, "Bo B")) is None  # a removed name is free
    assert now.refusal(_change(B, ChangeKind.REMOVED)) is None


def test_a_rename_needs_a_name_and_a_removal_has_none() -> None:
    with pytest.raises(ValidationError, match="et nyt navn gives"):
        _change(A, ChangeKind.RENAMED)
    with pytest.raises(ValidationError, match="et nyt navn gives"):
        _change(A, ChangeKind.REMOVED, "Anna")
    with pytest.raises(ValidationError):
        _change(A, ChangeKind.RENAMED, "x" * 61)
