"""Who is in a training session now: the participants who joined, as the facilitator has
corrected them (a name renamed after a typo, a duplicate removed).

History is append-only, so a rename or a removal is a new record, a
:class:`ParticipantChange`, and never an edit of the participant who joined; :func:`roster`
replays the changes over the participants in the order they were made. A removed
participant's answers leave the session's figures; a renamed one is shown by the new name.
:meth:`Roster.refusal` says (in Danish) why a change cannot be made now; the store checks it
in the transaction that records the change.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from tilsynwidgets.domain.core.fields import AwareDatetime, NonBlank, TextShape
from tilsynwidgets.domain.training.sessions import Participant, SessionCode, normalise_name

__all__ = ["ChangeKind", "ParticipantChange", "Roster", "roster"]


def _filled(value: str) -> str:
    if not value.strip():
        raise ValueError("skal udfyldes")
    return value.strip()


# A participant's name as :class:`Participant` holds it (at most 60 characters), optional here:
# the length is checked on the text itself, so a long name reads «må højst have 60 tegn».
_NewName = Annotated[
    Annotated[str, StringConstraints(max_length=60)],
    TextShape(multiline=False),
    AfterValidator(_filled),
]


class ChangeKind(StrEnum):
    """What the facilitator did to a participant."""

    RENAMED = "omdoebt"
    REMOVED = "fjernet"


class ParticipantChange(BaseModel):
    """A facilitator renamed (``display_name``: the new name) or removed a participant."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    session_code: SessionCode
    participant_id: str = Field(pattern=r"^[0-9a-f]{32}$")
    kind: ChangeKind
    display_name: _NewName | None = Field(default=None, title="Nyt navn")
    by: NonBlank = Field(max_length=120, title="Facilitator")
    at: AwareDatetime = Field(title="Tidspunkt")

    @model_validator(mode="after")
    def _name_when_renamed(self) -> ParticipantChange:
        if (self.kind is ChangeKind.RENAMED) != (self.display_name is not None):
            raise ValueError("et nyt navn gives, når en deltager omdøbes, og kun da")
        return self


@dataclass(frozen=True, slots=True)
class Roster:
    """The session's participants after the facilitator's changes.

    ``participants``: those still in the session, in join order, each with their current
    name; ``removed``: those removed, as they were named when removed.
    """

    participants: tuple[Participant, ...]
    removed: tuple[Participant, ...] = ()

    @property
    def removed_ids(self) -> frozenset[str]:
        return frozenset(p.participant_id for p in self.removed)

    def current(self, participant_id: str) -> Participant | None:
        """The participant as now named, or None when removed or unknown."""
        return next((p for p in self.participants if p.participant_id == participant_id), None)

    def named(self, display_name: str) -> Participant | None:
        """The participant still in the session who now goes by this name (spaces and case
        aside)."""
        key = normalise_name(display_name)
        return next((p for p in self.participants if normalise_name(p.display_name) == key), None)

    def refusal(self, change: ParticipantChange) -> str | None:
        """Why ``change`` cannot be made now (Danish), or None when it can."""
        removed = next((p for p in self.removed if p.participant_id == change.participant_id), None)
        if removed is not None:
            return f"{removed.display_name} er allerede fjernet fra forløbet."
        held = self.current(change.participant_id)
        if held is None:
            return "Deltageren er ikke med i forløbet."
        if change.kind is ChangeKind.REMOVED or change.display_name is None:
            return None
        if change.display_name == held.display_name:
            return f"Deltageren hedder allerede {held.display_name}."
        other = self.named(change.display_name)
        if other is not None and other.participant_id != held.participant_id:
            return (
                f"Navnet {change.display_name} er allerede taget af en anden deltager i "
                "forløbet; vælg et andet."
            )
        return None


def roster(participants: Iterable[Participant], changes: Iterable[ParticipantChange]) -> Roster:
    """The participants (in join order) after ``changes`` (in the order they were made).

    A change to a participant who is unknown or already removed changes nothing: the store
    refuses such a change when it is made, so one can only come from rows written otherwise.
    Two participants may end up with the same name only if one joined under it while the
    other was being renamed to it; both are kept.
    """
    current = {p.participant_id: p for p in participants}
    removed: dict[str, Participant] = {}
    for change in changes:
        held = current.get(change.participant_id)
        if held is None:
            continue
        if change.kind is ChangeKind.REMOVED:
            removed[held.participant_id] = current.pop(held.participant_id)
        elif change.display_name is not None:
            current[held.participant_id] = held.model_copy(
                update={"display_name": change.display_name}
            )
    return Roster(tuple(current.values()), tuple(removed.values()))
