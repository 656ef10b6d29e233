"""The aggregation rule, written once: from the criteria that fired to the suggested colour.

The highest colour among the criteria that fired wins; with ``escalate_after_gul`` set, that
many gul criteria together (and no rød) suggest rød. The rule depends on two counts per unit
only: how many rød and how many gul criteria fired — and, before any colour is suggested,
on whether enough of the unit's risk signals are known (:func:`known_needed`): a unit with
too little known information gets no colour at all (:data:`NO_SUGGESTION`), never a grøn
that only says nothing was seen. Every path that suggests a colour — one unit
(:func:`tilsynwidgets.domain.risk.criteria.aggregate`), the portfolio
(:mod:`tilsynwidgets.domain.risk.evaluation`), the criteria workshop and its threshold sweep —
calls :func:`aggregate_counts`, and "this criterion alone decides" is derived from it
(:func:`decided_alone`) rather than written out as its inverse.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = ["NO_SUGGESTION", "aggregate_counts", "decided_alone", "enough_known", "known_needed"]

Int8Array = npt.NDArray[np.int8]
BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.integer]

NO_SUGGESTION = -1
"""The rank of a unit that gets no colour suggestion: too little of it is known."""


def known_needed(applicable: int, min_known_percent: int) -> int:
    """How many of a unit's ``applicable`` risk signals must be known before the catalogue
    suggests a colour: ``min_known_percent`` of them rounded up, and never fewer than one
    (a unit of which nothing is known gets no suggestion under any rule)."""
    return int(_needed(np.array([applicable]), min_known_percent)[0])


def enough_known(known: IntArray, applicable: IntArray, min_known_percent: int) -> BoolArray:
    """Per unit: whether enough of its applicable signals are known (:func:`known_needed`)."""
    enough: BoolArray = np.asarray(known) >= _needed(applicable, min_known_percent)
    return enough


def _needed(applicable: IntArray, min_known_percent: int) -> npt.NDArray[np.int64]:
    share = np.asarray(applicable, dtype=np.int64) * min_known_percent
    needed: npt.NDArray[np.int64] = np.maximum(1, -(-share // 100))  # rounded up
    return needed


def aggregate_counts(
    roed: IntArray,
    gul: IntArray,
    escalate: int | None,
    enough: BoolArray | None = None,
) -> tuple[Int8Array, BoolArray]:
    """The colour rank per unit (0 grøn, 1 gul, 2 rød; :data:`NO_SUGGESTION` where
    ``enough`` is False) and where gul escalated to rød."""
    high = np.asarray(roed) > 0
    gul = np.asarray(gul)
    if escalate is None:
        escalated = np.zeros(len(high), dtype=np.bool_)
    else:
        escalated = gul >= escalate
        escalated &= ~high
        high |= escalated
    # max(1 if any gul, 2 if rød or escalated), on the 0/1 bytes of the masks.
    some_gul = (gul > 0).view(np.int8)
    ranks: Int8Array = np.maximum(some_gul, high.view(np.int8) << np.int8(1))
    if enough is not None:
        ranks[~enough] = NO_SUGGESTION
        escalated &= enough
    return ranks, escalated


def decided_alone(
    roed: IntArray,
    gul: IntArray,
    escalate: int | None,
    fired: BoolArray,
    points_roed: bool,
    enough: BoolArray | None = None,
) -> tuple[BoolArray, BoolArray]:
    """Where one criterion alone decides the suggestion, and where it does so by completing
    a gul escalation.

    A criterion that fired alone decides when the rule without it (one fewer of its colour)
    suggests another colour; the escalation case is a gul criterion whose unit escalated. A
    unit without a suggestion (``enough`` False) has none with or without the criterion.
    """
    ranks, escalated = aggregate_counts(roed, gul, escalate, enough)
    hit = fired.view(np.int8)
    if points_roed:
        without, _ = aggregate_counts(roed - hit, gul, escalate, enough)
    else:
        without, _ = aggregate_counts(roed, gul - hit, escalate, enough)
    decides: BoolArray = fired & (without != ranks)
    by_escalation: BoolArray = decides & escalated if not points_roed else np.zeros_like(decides)
    return decides, by_escalation
