"""A participant's own answers against the reference, once the facilitator has revealed it.

:func:`own_answers` compares one participant's answers with the reference colour of every
vignette whose round is revealed, in round order: whether they answered, their colour, the
reference's and how many steps apart (positive: more severe than the reference). The
participant's page shows each comparison beside the vignette and, once every round is
revealed, the summary. Pure: no store, no widgets.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from tilsynwidgets.domain.core.categories import RiskCategory
from tilsynwidgets.domain.training.sessions import Answer, SessionState, TrainingSession
from tilsynwidgets.domain.training.vignettes import VignetteSet, vignettes

__all__ = ["OwnAnswer", "OwnAnswers", "own_answers"]


@dataclass(frozen=True, slots=True)
class OwnAnswer:
    """One revealed vignette: the participant's answer (None: not answered) and the
    reference. ``steps``: the signed distance from the reference (None when not answered)."""

    round_no: int
    vignette_id: str
    title: str
    answer: Answer | None
    reference: RiskCategory

    @property
    def category(self) -> RiskCategory | None:
        return self.answer.category if self.answer is not None else None

    @property
    def steps(self) -> int | None:
        if self.answer is None:
            return None
        return self.answer.category.rank - self.reference.rank

    @property
    def matched(self) -> bool | None:
        """As the reference (None when not answered)."""
        return None if self.steps is None else self.steps == 0


@dataclass(frozen=True, slots=True)
class OwnAnswers:
    """The revealed vignettes in round order, and whether the session is over: every round
    is closed and revealed and every vignette of the session has been put to the group
    (``complete``), or every round so far is revealed (``all_revealed``)."""

    items: tuple[OwnAnswer, ...]
    all_revealed: bool
    complete: bool

    @property
    def n_vignettes(self) -> int:
        return len(self.items)

    @property
    def n_answered(self) -> int:
        return sum(item.answer is not None for item in self.items)

    @property
    def n_matched(self) -> int:
        return sum(bool(item.matched) for item in self.items)

    def get(self, vignette_id: str) -> OwnAnswer | None:
        return next((item for item in self.items if item.vignette_id == vignette_id), None)


def own_answers(
    answers: Iterable[Answer],
    state: SessionState,
    session: TrainingSession | None = None,
    catalogue: VignetteSet | None = None,
) -> OwnAnswers:
    """One participant's ``answers`` against the references of the revealed rounds.

    ``session`` (its vignettes) says whether vignettes remain to be asked; without it the
    session counts as complete once every round is revealed. A vignette missing from
    ``catalogue`` (the packaged vignettes by default) has no reference and is left out.
    """
    known = {v.id: v for v in (catalogue if catalogue is not None else vignettes()).vignettes}
    given = {a.vignette_id: a for a in answers}
    items = tuple(
        OwnAnswer(
            round_no=r.number,
            vignette_id=v,
            title=known[v].title,
            answer=given.get(v),
            reference=known[v].reference_category,
        )
        for r in state.rounds
        if r.revealed
        for v in r.vignette_ids
        if v in known
    )
    all_revealed = bool(state.rounds) and all(r.revealed and not r.open for r in state.rounds)
    remaining = set(session.vignette_ids) - set(state.asked()) if session is not None else set()
    return OwnAnswers(items, all_revealed, all_revealed and not remaining)
