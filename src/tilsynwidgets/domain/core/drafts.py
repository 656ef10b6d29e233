"""The key of an autosaved draft: which kind of form, whose, and about what.

A draft is the unsaved state of one form, kept while someone types (drafts are not history:
they are replaced and discarded). Each kind says what its draft is about:

- a risk assessment, an intensity plan or a quality assessment: one unit, for one inspector;
- a training answer: one vignette of one training session, for one participant;
- a self-assessment: one socialtilsyn, for one leader.

:class:`DraftKey` holds exactly the parts its kind needs, checked and cleaned as the store
keeps them; a key that cannot be stored is refused with a Danish ``ValueError``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from tilsynwidgets.domain.core.fields import clean_text
from tilsynwidgets.domain.core.units import Socialtilsyn

__all__ = ["KEY_PARTS", "DraftKey", "DraftKind"]

OWNER_LENGTH = 120
UNIT_LENGTH = 64
SESSION_LENGTH = 8
VIGNETTE_LENGTH = 64


class DraftKind(StrEnum):
    """The forms that keep drafts (the values are the names the store has always used)."""

    ASSESSMENT = "risikovurdering"
    PLAN = "tilsynsintensitet"
    TRAINING_ANSWER = "traening"
    SELF_ASSESSMENT = "selvevaluering"
    QUALITY = "kvalitetsvurdering"


# Who owns a draft of each kind, and what the draft is called, in Danish.
_OWNER = {
    DraftKind.ASSESSMENT: "tilsynsførende",
    DraftKind.PLAN: "tilsynsførende",
    DraftKind.TRAINING_ANSWER: "deltager",
    DraftKind.SELF_ASSESSMENT: "leder",
    DraftKind.QUALITY: "tilsynsførende",
}
_NAME = {
    DraftKind.ASSESSMENT: "en risikovurdering",
    DraftKind.PLAN: "en intensitetsplan",
    DraftKind.TRAINING_ANSWER: "et træningssvar",
    DraftKind.SELF_ASSESSMENT: "en selvevaluering",
    DraftKind.QUALITY: "en kvalitetsvurdering",
}
KEY_PARTS: dict[DraftKind, tuple[str, ...]] = {
    # The parts of the key each kind has (besides its owner); the others are None.
    DraftKind.ASSESSMENT: ("unit_id",),
    DraftKind.PLAN: ("unit_id",),
    DraftKind.TRAINING_ANSWER: ("session_code", "vignette_id"),
    DraftKind.SELF_ASSESSMENT: ("socialtilsyn",),
    DraftKind.QUALITY: ("unit_id",),
}
_PART_NAME = {
    "unit_id": "en enhed",
    "session_code": "et forløb",
    "vignette_id": "en vignet",
    "socialtilsyn": "et socialtilsyn",
}


@dataclass(frozen=True, slots=True)
class DraftKey:
    """One draft's key. Build it with :meth:`assessment`, :meth:`plan`, :meth:`quality`,
    :meth:`training_answer` or :meth:`self_assessment`; parts a kind does not have are
    ``None``."""

    kind: DraftKind
    owner: str
    """The inspector, the participant (their participant id) or the leader."""
    unit_id: str | None = None
    session_code: str | None = None
    vignette_id: str | None = None
    socialtilsyn: Socialtilsyn | None = None

    def __post_init__(self) -> None:
        kind = DraftKind(self.kind)
        name = _NAME[kind]
        owner = clean_text(self.owner, multiline=False).strip()
        owner = _checked(owner, OWNER_LENGTH, f"Kladden til {name} skal have en {_OWNER[kind]}")
        for part, value in self._parts().items():
            if value is not None and part not in KEY_PARTS[kind]:
                raise ValueError(f"Kladden til {name} kan ikke have {_PART_NAME[part]}.")
            if value is None and part in KEY_PARTS[kind]:
                raise ValueError(f"Kladden til {name} skal have {_PART_NAME[part]}.")
        object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "owner", owner)
        # Ids are kept as given (cleaned of control characters), as the store always has.
        texts = {
            "unit_id": (UNIT_LENGTH, "et enheds-id", False),
            "session_code": (SESSION_LENGTH, "forløbets kode", True),
            "vignette_id": (VIGNETTE_LENGTH, "en vignets id", False),
        }
        for part, (length, what, strip) in texts.items():
            given: str | None = getattr(self, part)
            if given is not None:
                cleaned = clean_text(given, multiline=False)
                cleaned = cleaned.strip() if strip else cleaned
                checked = _checked(cleaned, length, f"Kladden til {name} skal have {what}")
                object.__setattr__(self, part, checked)
        if self.socialtilsyn is not None:
            object.__setattr__(self, "socialtilsyn", _known_socialtilsyn(self.socialtilsyn))

    def _parts(self) -> dict[str, object]:
        return {
            "unit_id": self.unit_id,
            "session_code": self.session_code,
            "vignette_id": self.vignette_id,
            "socialtilsyn": self.socialtilsyn,
        }

    @classmethod
    def assessment(cls, inspector: str, unit_id: str) -> DraftKey:
        """The draft of an inspector's risk assessment of a unit."""
        return cls(DraftKind.ASSESSMENT, inspector, unit_id=unit_id)

    @classmethod
    def plan(cls, inspector: str, unit_id: str) -> DraftKey:
        """The draft of an inspector's intensity plan for a unit."""
        return cls(DraftKind.PLAN, inspector, unit_id=unit_id)

    @classmethod
    def quality(cls, inspector: str, unit_id: str) -> DraftKey:
        """The draft of an inspector's quality assessment (kvalitetsvurdering) of a unit."""
        return cls(DraftKind.QUALITY, inspector, unit_id=unit_id)

    @classmethod
    def training_answer(cls, participant_id: str, session_code: str, vignette_id: str) -> DraftKey:
        """The draft of a participant's answer to a vignette of a training session."""
        return cls(
            DraftKind.TRAINING_ANSWER,
            participant_id,
            session_code=session_code,
            vignette_id=vignette_id,
        )

    @classmethod
    def self_assessment(cls, leader: str, socialtilsyn: Socialtilsyn | str) -> DraftKey:
        """The draft of a leader's self-assessment of a socialtilsyn."""
        return cls(
            DraftKind.SELF_ASSESSMENT, leader, socialtilsyn=_known_socialtilsyn(socialtilsyn)
        )


def _checked(value: str, length: int, requirement: str) -> str:
    """``value`` when it is 1 to ``length`` characters; else the Danish ``requirement``."""
    if not value or len(value) > length:
        raise ValueError(f"{requirement} (højst {length} tegn).")
    return value


def _known_socialtilsyn(value: Socialtilsyn | str) -> Socialtilsyn:
    try:
        return Socialtilsyn(value)
    except ValueError:
        raise ValueError(
            f"Kladden til en selvevaluering skal have et kendt socialtilsyn, ikke '{value}'."
        ) from None
