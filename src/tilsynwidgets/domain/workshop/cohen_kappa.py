"""Cohen's kappa between two raters' colours: the suggestion and the chosen colour.

The criteria workshop compares the colour the catalogue suggests (rows) with the colour
supervisors chose (columns), over the units that have a chosen colour (Cohen 1960; linear
weights after Cicchetti & Allison 1971):
``kappa = 1 - sum(w * observed) / sum(w * expected)`` with disagreement weights ``w = 1``
off the diagonal (unweighted) or ``w = |i - j|`` over the order grøn < gul < rød (linear).
When no unit has a chosen colour, or the suggestion and the choice are one and the same
colour for every unit, chance agreement is perfect and kappa is 0/0: NaN with a Danish
reason, as in :mod:`tilsynwidgets.domain.training.agreement`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = ["NO_CHOSEN", "NO_VARIATION", "Agreement", "cohen_agreement"]

NO_CHOSEN = "ingen enheder har en valgt farve, så enighed med forslaget kan ikke beregnes"
NO_VARIATION = (
    "forslaget og den valgte farve er den samme ene farve for alle enheder, så enighed ud over "
    "det tilfældige er ikke defineret (0/0)"
)


@dataclass(frozen=True, slots=True)
class Agreement:
    """Cohen's kappa between suggested and chosen colours.

    ``reason`` says in Danish why the kappas are NaN, and is None when they are numbers.
    """

    n_units: int
    kappa: float
    weighted_kappa: float
    """Linearly weighted: a rød/grøn disagreement counts twice a rød/gul one."""
    reason: str | None = None


def cohen_agreement(table: npt.ArrayLike) -> Agreement:
    """Cohen's kappa, unweighted and linearly weighted, of a square contingency table.

    Rows are one rater (the suggestion), columns the other (the choice), both over the same
    categories in their ordinal order (either direction: the weights only use distances).
    """
    counts = np.asarray(table, dtype=np.float64)
    if counts.ndim != 2 or counts.shape[0] != counts.shape[1]:
        raise ValueError("krydstabellen skal være kvadratisk (samme farver i rækker og kolonner)")
    if not np.isfinite(counts).all() or (counts < 0).any():
        raise ValueError("krydstabellen skal indeholde endelige tal, ingen negative")
    n = float(counts.sum())
    if n == 0:
        return Agreement(0, np.nan, np.nan, NO_CHOSEN)
    positions = np.arange(counts.shape[0])
    linear = np.abs(positions[:, None] - positions[None, :]).astype(np.float64)
    nominal = (linear > 0).astype(np.float64)
    expected = np.outer(counts.sum(axis=1), counts.sum(axis=0))  # × n² of the shares
    kappas = []
    for weights in (nominal, linear):
        chance = float((weights * expected).sum())
        if chance == 0:  # both raters used one and the same category throughout
            return Agreement(round(n), np.nan, np.nan, NO_VARIATION)
        kappas.append(1.0 - n * float((weights * counts).sum()) / chance)
    return Agreement(round(n), kappas[0], kappas[1])
