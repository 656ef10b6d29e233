"""Training sessions: a facilitator runs rounds of case vignettes; participants colour each
vignette, justify it and may plan the intensity; the group then sees how consistently it
judged.

A session's course is a history of events (round opened, round closed, answers revealed);
its state is derived by :func:`session_state`, which also says which events are allowed
next. Answers are one per participant and vignette: a participant may change an answer
while its round is open.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from tilsynwidgets.domain.core.categories import RiskCategory
from tilsynwidgets.domain.core.context import given_in
from tilsynwidgets.domain.core.fields import AwareDatetime, MultiLineText, NonBlank, duplicated
from tilsynwidgets.domain.core.units import Socialtilsyn
from tilsynwidgets.domain.intensity.plans import IntensityPlan
from tilsynwidgets.domain.risk.assessment import justified
from tilsynwidgets.domain.training.vignettes import VIGNETTES, VignetteSet, vignettes

__all__ = [
    "CODE_ALPHABET",
    "CODE_LENGTH",
    "Answer",
    "EventKind",
    "Participant",
    "Round",
    "SessionCode",
    "SessionEvent",
    "SessionState",
    "TrainingSession",
    "new_session_code",
    "normalise_code",
    "normalise_name",
    "session_state",
]

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
"""Letters and digits that cannot be mistaken for each other when read aloud or from a
projector (no I/1, O/0)."""
CODE_LENGTH = 6


def normalise_code(value: str) -> str:
    """A session code as typed → its stored form (upper case, without spaces or dashes)."""
    return "".join(value.split()).replace("-", "").upper()


def _code(value: str) -> str:
    code = normalise_code(value)
    if len(code) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in code):
        raise ValueError(
            f"forløbskoden skal være {CODE_LENGTH} tegn af bogstaver og tal (fx K7M2QX)"
        )
    return code


SessionCode = Annotated[str, AfterValidator(_code)]


def new_session_code() -> str:
    """A random session code (32⁶ ≈ 1 billion codes; the store refuses a taken one)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_name(value: str) -> str:
    """A display name as a key: one person rejoining with "anna  b" finds "Anna B"'s answers."""
    return " ".join(value.split()).casefold()


class TrainingSession(BaseModel):
    """A training session: its code, title and the vignettes the facilitator picked."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: SessionCode = Field(title="Forløbskode")
    title: NonBlank = Field(max_length=120, title="Titel")
    vignette_ids: tuple[str, ...] = Field(min_length=1, title="Vignetter")
    vignette_version: str = Field(min_length=1, max_length=40, title="Vignetsamlingens version")
    created_by: NonBlank = Field(max_length=120, title="Oprettet af")
    created_at: AwareDatetime = Field(title="Oprettet")

    @model_validator(mode="after")
    def _known_vignettes(self, info: ValidationInfo) -> TrainingSession:
        twice = duplicated(self.vignette_ids)
        if twice:
            raise ValueError(f"vignetten er valgt flere gange: {', '.join(twice)}")
        known = given_in(info, VIGNETTES, VignetteSet, vignettes).ids
        unknown = [v for v in self.vignette_ids if v not in known]
        if unknown:
            raise ValueError(f"ukendt vignet: {', '.join(unknown)}")
        return self


class EventKind(StrEnum):
    """What the facilitator did."""

    ROUND_OPENED = "runde_aabnet"
    ROUND_CLOSED = "runde_lukket"
    REVEALED = "svar_vist"


class SessionEvent(BaseModel):
    """One step in a session's course. ``vignette_ids`` are the round's, when it opens."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    session_code: SessionCode
    kind: EventKind
    round_no: int = Field(ge=1, le=100, title="Runde")
    vignette_ids: tuple[str, ...] = Field(default=(), title="Rundens vignetter")
    by: NonBlank = Field(max_length=120, title="Facilitator")
    at: AwareDatetime = Field(title="Tidspunkt")

    @model_validator(mode="after")
    def _vignettes_when_opened(self) -> SessionEvent:
        if (self.kind is EventKind.ROUND_OPENED) != bool(self.vignette_ids):
            raise ValueError("en runde åbnes med sine vignetter, og kun da")
        return self


class Participant(BaseModel):
    """Someone who joined a session under a display name (and optionally a socialtilsyn)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    session_code: SessionCode
    participant_id: str = Field(pattern=r"^[0-9a-f]{32}$")
    display_name: NonBlank = Field(max_length=60, title="Navn")
    socialtilsyn: Socialtilsyn | None = Field(default=None, title="Socialtilsyn")
    joined_at: AwareDatetime = Field(title="Tilmeldt")
    account: str | None = Field(
        default=None,
        max_length=120,
        title="Konto",
        description="Den konto, deltageren var logget ind med (hubben); uden login ingen. "
        "Deltagere fra før login blev til, læses uden konto.",
    )


class Answer(BaseModel):
    """A participant's colour for one vignette, justified, optionally with a plan."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    session_code: SessionCode
    round_no: int = Field(ge=1, le=100)
    participant_id: str = Field(pattern=r"^[0-9a-f]{32}$")
    vignette_id: str = Field(min_length=1, max_length=64)
    category: RiskCategory = Field(title="Risikokategori")
    justification: MultiLineText = Field(max_length=5000, title="Faglig begrundelse")
    plan: IntensityPlan | None = Field(default=None, title="Tilsynsintensitet (valgfri)")
    submitted_at: AwareDatetime = Field(title="Afgivet")

    @field_validator("justification")
    @classmethod
    def _justified(cls, value: str) -> str:
        return justified(value)


@dataclass(frozen=True, slots=True)
class Round:
    number: int
    vignette_ids: tuple[str, ...]
    open: bool
    revealed: bool


@dataclass(frozen=True, slots=True)
class SessionState:
    """Where a session stands: its rounds in order, and what may happen next."""

    rounds: tuple[Round, ...]

    @property
    def open_round(self) -> Round | None:
        return next((r for r in self.rounds if r.open), None)

    @property
    def next_round_no(self) -> int:
        return len(self.rounds) + 1

    def round(self, number: int) -> Round:
        for candidate in self.rounds:
            if candidate.number == number:
                return candidate
        raise KeyError(f"runde {number} findes ikke")

    def asked(self) -> tuple[str, ...]:
        """The vignettes put to the participants so far, in round order."""
        return tuple(v for r in self.rounds for v in r.vignette_ids)

    def revealed_vignettes(self) -> frozenset[str]:
        return frozenset(v for r in self.rounds if r.revealed for v in r.vignette_ids)

    def refusal(self, event: SessionEvent) -> str | None:
        """Why ``event`` cannot happen now (Danish), or None when it can."""
        current = self.open_round
        if event.kind is EventKind.ROUND_OPENED:
            if current is not None:
                return f"Runde {current.number} er stadig åben; luk den først."
            if event.round_no != self.next_round_no:
                return f"Næste runde er runde {self.next_round_no}."
            again = sorted(set(event.vignette_ids) & set(self.asked()))
            if again:
                return f"Vignetten er allerede brugt i en tidligere runde: {', '.join(again)}."
            return None
        known = {r.number: r for r in self.rounds}
        if event.round_no not in known:
            return f"Runde {event.round_no} er ikke åbnet."
        chosen = known[event.round_no]
        if event.kind is EventKind.ROUND_CLOSED and not chosen.open:
            return f"Runde {event.round_no} er allerede lukket."
        if event.kind is EventKind.REVEALED:
            if chosen.open:
                return f"Luk runde {event.round_no}, før referencesvarene vises."
            if chosen.revealed:
                return f"Referencesvarene for runde {event.round_no} er allerede vist."
        return None


def session_state(events: Iterable[SessionEvent]) -> SessionState:
    """The state after ``events`` in order; an event that was not allowed raises ValueError."""
    rounds: dict[int, Round] = {}
    for event in events:
        refusal = SessionState(tuple(rounds.values())).refusal(event)
        if refusal is not None:
            raise ValueError(refusal)
        if event.kind is EventKind.ROUND_OPENED:
            rounds[event.round_no] = Round(event.round_no, event.vignette_ids, True, False)
        elif event.kind is EventKind.ROUND_CLOSED:
            held = rounds[event.round_no]
            rounds[event.round_no] = Round(held.number, held.vignette_ids, False, held.revealed)
        else:
            held = rounds[event.round_no]
            rounds[event.round_no] = Round(held.number, held.vignette_ids, held.open, True)
    return SessionState(tuple(rounds.values()))
