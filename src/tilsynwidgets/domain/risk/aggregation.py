"""The aggregation rule, written once: from the criteria that fired to the suggested colour.

The highest colour among the criteria that fired wins; with ``escalate_after_gul`` set, that
many gul criteria together (and no rød) suggest rød. The rule depends on two counts per unit
only: how many rød and how many gul criteria fired. Every path that suggests a colour — one
unit (:func:`tilsynwidgets.domain.risk.criteria.aggregate`), the portfolio
(:mod:`tilsynwidgets.domain.risk.evaluation`), the criteria workshop and its threshold sweep —
calls :func:`aggregate_counts`, and "this criterion alone decides" is derived from it
(:func:`decided_alone`) rather than written out as its inverse.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = ["aggregate_counts", "decided_alone"]

Int8Array = npt.NDArray[np.int8]
BoolArray = npt.NDArray[np.bool_]


def aggregate_counts(
    roed: npt.NDArray[np.integer], gul: npt.NDArray[np.integer], escalate: int | None
) -> tuple[Int8Array, BoolArray]:
    """The colour rank per unit (0 grøn, 1 gul, 2 rød) and where gul escalated to rød."""
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
    return ranks, escalated


def decided_alone(
    roed: npt.NDArray[np.integer],
    gul: npt.NDArray[np.integer],
    escalate: int | None,
    fired: BoolArray,
    points_roed: bool,
) -> tuple[BoolArray, BoolArray]:
    """Where one criterion alone decides the suggestion, and where it does so by completing
    a gul escalation.

    A criterion that fired alone decides when the rule without it (one fewer of its colour)
    suggests another colour; the escalation case is a gul criterion whose unit escalated.
    """
    ranks, escalated = aggregate_counts(roed, gul, escalate)
    hit = fired.view(np.int8)
    if points_roed:
        without, _ = aggregate_counts(roed - hit, gul, escalate)
    else:
        without, _ = aggregate_counts(roed, gul - hit, escalate)
    decides: BoolArray = fired & (without != ranks)
    by_escalation: BoolArray = decides & escalated if not points_roed else np.zeros_like(decides)
    return decides, by_escalation
