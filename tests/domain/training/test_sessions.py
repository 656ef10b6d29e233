"""Training sessions: codes, names, the course of rounds and answers."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from pydantic import ValidationError

from tilsynwidgets.domain.training.sessions import (
    CODE_ALPHABET,
    CODE_LENGTH,
    Answer,
    EventKind,
    SessionEvent,
    TrainingSession,
    new_session_code,
    normalise_code,
    normalise_name,
    session_state,
)
from tilsynwidgets.domain.training.vignettes import VIGNETTES, vignettes

T0 = datetime(2026, 11, 20, 9, tzinfo=UTC)
IDS = vignettes().ids


def _event(kind: EventKind, round_no: int = 1, ids: tuple[str, ...] = ()) -> SessionEvent:
    return SessionEvent(
        session_code="K7M2QX", kind=kind, round_no=round_no, vignette_ids=ids, by="F", at=T0
    )


def test_codes_are_random_unambiguous_and_read_as_typed() -> None:
    codes = {new_session_code() for _ in range(200)}
    assert len(codes) == 200
    assert all(len(c) == CODE_LENGTH and set(c) <= set(CODE_ALPHABET) for c in codes)
    assert not set("IO01") & set(CODE_ALPHABET)
    assert normalise_code(" k7m-2qx ") == "K7M2QX"


@pytest.mark.parametrize("code", ["K7M2Q", "K7M2QXX", "K7M2Q0", "K7M 2Q!"])
def test_a_malformed_code_is_refused_in_danish(code: str) -> None:
    fields = _event(EventKind.ROUND_CLOSED).model_dump() | {"session_code": code}
    with pytest.raises(ValidationError, match="forløbskoden skal være 6 tegn"):
        SessionEvent.model_validate(fields)


def test_names_match_regardless_of_spaces_and_case() -> None:
    assert normalise_name("  Anna   B ") == normalise_name("anna b")
    assert normalise_name("Ånæs Ø") == "ånæs ø"


def _session(**changes: Any) -> TrainingSession:
    fields: dict[str, Any] = {
        "code": "K7M2QX",
        "title": "Kalibrering",
        "vignette_ids": IDS[:3],
        "vignette_version": vignettes().version,
        "created_by": "F",
        "created_at": T0,
    }
    return TrainingSession.model_validate(fields | changes)


def test_a_session_needs_known_distinct_vignettes() -> None:
    assert _session().vignette_ids == IDS[:3]
    with pytest.raises(ValidationError, match="ukendt vignet: v99"):
        _session(vignette_ids=(IDS[0], "v99"))
    with pytest.raises(ValidationError, match="flere gange"):
        _session(vignette_ids=(IDS[0], IDS[0]))
    with pytest.raises(ValidationError):
        _session(vignette_ids=())


def test_a_round_opens_with_its_vignettes_and_only_then() -> None:
    with pytest.raises(ValidationError, match="åbnes med sine vignetter"):
        _event(EventKind.ROUND_OPENED)
    with pytest.raises(ValidationError, match="åbnes med sine vignetter"):
        _event(EventKind.ROUND_CLOSED, 1, IDS[:1])


def test_the_course_of_a_session() -> None:
    opened = _event(EventKind.ROUND_OPENED, 1, IDS[:2])
    closed = _event(EventKind.ROUND_CLOSED, 1)
    shown = _event(EventKind.REVEALED, 1)
    second = _event(EventKind.ROUND_OPENED, 2, IDS[2:4])
    state = session_state([opened])
    assert state.open_round is not None
    assert state.open_round.number == 1
    assert state.revealed_vignettes() == frozenset()
    state = session_state([opened, closed, shown, second])
    assert state.open_round is not None
    assert state.open_round.vignette_ids == IDS[2:4]
    assert state.asked() == IDS[:4]
    assert state.revealed_vignettes() == frozenset(IDS[:2])
    assert state.next_round_no == 3
    assert state.round(1).revealed
    with pytest.raises(KeyError):
        state.round(7)


@pytest.mark.parametrize(
    ("events", "refused", "reason"),
    [
        ([], _event(EventKind.ROUND_CLOSED), "Runde 1 er ikke åbnet"),
        ([], _event(EventKind.ROUND_OPENED, 2, IDS[:1]), "Næste runde er runde 1"),
        (
            [_event(EventKind.ROUND_OPENED, 1, IDS[:1])],
            _event(EventKind.REVEALED),
            "Luk runde 1",
        ),
        (
            [_event(EventKind.ROUND_OPENED, 1, IDS[:1]), _event(EventKind.ROUND_CLOSED)],
            _event(EventKind.ROUND_CLOSED),
            "allerede lukket",
        ),
        (
            [_event(EventKind.ROUND_OPENED, 1, IDS[:1]), _event(EventKind.ROUND_CLOSED)],
            _event(EventKind.ROUND_OPENED, 2, IDS[:2]),
            "allerede brugt",
        ),
        (
            [
                _event(EventKind.ROUND_OPENED, 1, IDS[:1]),
                _event(EventKind.ROUND_CLOSED),
                _event(EventKind.REVEALED),
            ],
            _event(EventKind.REVEALED),
            "allerede vist",
        ),
    ],
)
def test_steps_out_of_order_are_refused_with_a_reason(
    events: list[SessionEvent], refused: SessionEvent, reason: str
) -> None:
    state = session_state(events)
    message = state.refusal(refused)
    assert message is not None
    assert reason in message
    with pytest.raises(ValueError, match=reason):
        session_state([*events, refused])


def test_an_answer_needs_a_colour_and_a_justification() -> None:
    fields: dict[str, Any] = {
        "session_code": "K7M2QX",
        "round_no": 1,
        "participant_id": "a" * 32,
        "vignette_id": IDS[0],
        "category": "gul",
        "justification": "Ny leder og flere henvendelser fra kommunen.",
        "submitted_at": T0,
    }
    assert Answer.model_validate(fields).plan is None
    with pytest.raises(ValidationError, match="mindst 20 tegn"):
        Answer.model_validate(fields | {"justification": "Fordi."})
    with pytest.raises(ValidationError, match="category"):
        Answer.model_validate(fields | {"category": "lilla"})


def test_the_vignette_set_reaches_the_session_explicitly() -> None:
    packaged = vignettes()
    first, second = packaged.vignettes[0], packaged.vignettes[1]
    small = packaged.model_construct(
        version="lille", title="To vignetter", description="", vignettes=(first,)
    )
    data = {
        "code": "K7M2QX",
        "title": "Kalibrering",
        "vignette_ids": [first.id, second.id],
        "vignette_version": packaged.version,
        "created_by": "Facilitator F",
        "created_at": datetime(2026, 11, 20, 9, tzinfo=UTC),
    }
    assert TrainingSession.model_validate(data).vignette_ids == (first.id, second.id)
    with pytest.raises(ValidationError, match=f"ukendt vignet: {second.id}"):
        TrainingSession.model_validate(data, context={VIGNETTES: small})
