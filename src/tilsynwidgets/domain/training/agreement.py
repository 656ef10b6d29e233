"""Inter-rater agreement in training sessions: participants colour case vignettes.

Participants (raters) put each case vignette (unit) in rød, gul or grøn. The input is a long
frame with one row per answer, columns ``vignette_id``, ``participant_id`` and ``category``
(the :class:`RiskCategory` values ``"roed"``, ``"gul"``, ``"groen"``); a missing answer is
simply an absent row (or a row whose category is empty).

Statistics, all over vignettes × categories count tables:

* Fleiss' kappa (nominal), generalised to unequal numbers of answers per vignette: the mean
  of the per-vignette agreement ``P_i = sum_j n_ij (n_ij - 1) / (n_i (n_i - 1))`` over the
  vignettes with at least two answers, against chance agreement ``sum_j p_j**2`` with the
  category shares ``p_j`` pooled over those vignettes' answers. With the same number of
  answers on every vignette this is Fleiss (1971). Vignettes with fewer than two answers are
  left out: they hold no pair of answers that could agree.
* Krippendorff's alpha, nominal or ordinal, from the coincidence matrix (Krippendorff 2011,
  "Computing Krippendorff's Alpha-Reliability"): only pairable values count, so vignettes
  with a single answer drop out. The ordinal metric uses the category order given by
  ``categories`` (grøn < gul < rød by default) and the marginal counts ``n_g``.
* Percentile bootstrap intervals, resampling vignettes with replacement. A resample is a
  vector of weights over vignettes (how often each was drawn); both statistics are linear
  in those weights up to their final ratio, so all resamples are computed at once with
  matrix products (:func:`fleiss_kappa_resampled`, :func:`krippendorff_alpha_resampled`).

Undefined values: when every pairable answer has the same colour, expected (chance)
agreement is perfect and both kappa and alpha are 0/0. The literature leaves them undefined
in that case (Krippendorff 2011: alpha needs variation in the data); they are NaN here, with
the reason in :attr:`AgreementResult.reason`, rather than 1.0, because identical answers say
nothing about whether participants would tell rød from gul. The same holds when no vignette
has two answers.

The core functions are generic over an ordered list of category codes (``categories``,
lowest first), so worked examples with other scales can be checked; rød/gul/grøn is the
default.

The tables a facilitator reads (per vignette, per participant, per group, and the whole
view) are built on these in :mod:`tilsynwidgets.domain.training.agreement_tables`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, get_args

import numpy as np
import numpy.typing as npt
import pandas as pd

from tilsynwidgets.domain.core.categories import RiskCategory

__all__ = [
    "COLUMNS",
    "DEFAULT_CATEGORIES",
    "NO_PAIRS",
    "NO_VARIATION",
    "SHOWN",
    "STATISTICS",
    "AgreementResult",
    "Coded",
    "Level",
    "Statistic",
    "agreement_ci",
    "bootstrap_agreement",
    "category_counts",
    "check_confidence",
    "encode",
    "fleiss_kappa",
    "fleiss_kappa_from_counts",
    "fleiss_kappa_resampled",
    "krippendorff_alpha",
    "krippendorff_alpha_from_counts",
    "krippendorff_alpha_resampled",
    "percentile_interval",
    "rating_matrix",
    "resample_weights",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

Level = Literal["nominal", "ordinal"]
Statistic = Literal["fleiss_kappa", "alpha_nominal", "alpha_ordinal"]
STATISTICS: tuple[Statistic, ...] = get_args(Statistic)
"""The three figures the facilitator view shows, in that order."""

COLUMNS = ("vignette_id", "participant_id", "category")
"""The columns of the long ratings frame."""

DEFAULT_CATEGORIES: tuple[str, ...] = tuple(c.value for c in sorted(RiskCategory))
"""Category codes lowest first: grøn, gul, rød (the order the ordinal metric uses)."""

NO_PAIRS = "ingen vignet har svar fra mindst to deltagere, så enighed kan ikke beregnes"
NO_VARIATION = (
    "alle svar har samme farve, så enighed ud over det tilfældige er ikke defineret (0/0)"
)

SHOWN = 5  # rows named in an error message before "og N flere"


@dataclass(frozen=True, slots=True)
class AgreementResult:
    """One agreement figure with its percentile bootstrap interval.

    ``n_units`` and ``n_ratings`` count the vignettes with at least two answers and their
    answers: what the figure rests on. ``n_resamples`` counts the bootstrap resamples where
    the statistic is defined (the interval is taken over those). ``reason`` says in Danish
    why ``estimate`` is NaN, and is None when it is a number.
    """

    estimate: float
    low: float
    high: float
    n_units: int
    n_ratings: int
    confidence: float = 0.95
    n_resamples: int = 0
    reason: str | None = None


# --- count tables: the generic, vectorised core ---------------------------------------------


def _as_counts(counts: npt.ArrayLike) -> FloatArray:
    table = np.asarray(counts, dtype=np.float64)
    if table.ndim != 2:
        raise ValueError(
            "tællingerne skal være en tabel med én række pr. vignet og én kolonne pr. kategori"
        )
    if not np.isfinite(table).all() or (table < 0).any():
        raise ValueError("tællingerne skal være endelige tal, ingen negative")
    return table


def _as_weights(weights: npt.ArrayLike, n_units: int) -> FloatArray:
    array = np.asarray(weights, dtype=np.float64)
    if array.ndim == 1:
        array = array[np.newaxis, :]
    if array.ndim != 2 or array.shape[1] != n_units:
        raise ValueError(
            f"vægtene skal have én kolonne pr. vignet ({n_units}), fik formen {array.shape}"
        )
    if not np.isfinite(array).all() or (array < 0).any():
        raise ValueError("vægtene skal være ikke-negative tal")
    return array


def _pairable(counts: FloatArray) -> npt.NDArray[np.bool_]:
    """Vignettes with at least two answers: the only ones holding a pair that can agree."""
    result: npt.NDArray[np.bool_] = counts.sum(axis=1) >= 2
    return result


def fleiss_kappa_resampled(counts: npt.ArrayLike, weights: npt.ArrayLike) -> FloatArray:
    """Fleiss' kappa for each row of ``weights`` (resamples × vignettes), all at once.

    ``counts`` is vignettes × categories; a weight says how often a vignette is in the
    resample (an integer for a bootstrap draw). Weights of 1 give the point estimate.
    Vignettes with fewer than two answers count for nothing. NaN where undefined.
    """
    table = _as_counts(counts)
    w = _as_weights(weights, table.shape[0])
    keep = _pairable(table)
    table, w = table[keep], w[:, keep]
    answers = table.sum(axis=1)
    per_unit = (table * (table - 1)).sum(axis=1) / (answers * (answers - 1))
    with np.errstate(divide="ignore", invalid="ignore"):
        observed = (w @ per_unit) / w.sum(axis=1)
        shares = (w @ table) / (w @ answers)[:, np.newaxis]
        expected = (shares**2).sum(axis=1)
        kappa = (observed - expected) / (1.0 - expected)
    kappa[(shares > 1e-12).sum(axis=1) < 2] = np.nan  # one colour (or none): 0/0
    result: FloatArray = kappa
    return result


def _coincidences(table: FloatArray) -> FloatArray:
    """Each pairable vignette's contribution to the coincidence matrix (units × c × c)."""
    answers = table.sum(axis=1)
    pairs = table[:, :, np.newaxis] * table[:, np.newaxis, :]
    diagonal = np.arange(table.shape[1])
    pairs[:, diagonal, diagonal] -= table  # a value is not paired with itself
    result: FloatArray = pairs / (answers - 1)[:, np.newaxis, np.newaxis]
    return result


def _ordinal_delta2(marginals: FloatArray) -> FloatArray:
    """Krippendorff's ordinal metric for marginals (..., c): (..., c, c).

    ``δ²_ck = (Σ_{g=c..k} n_g − (n_c + n_k)/2)²``, which is the squared difference of the
    mid-ranks ``M_c = Σ_{g≤c} n_g − n_c/2``.
    """
    mid = np.cumsum(marginals, axis=-1) - marginals / 2
    result: FloatArray = (mid[..., np.newaxis, :] - mid[..., :, np.newaxis]) ** 2
    return result


def krippendorff_alpha_resampled(
    counts: npt.ArrayLike, weights: npt.ArrayLike, level: Level = "nominal"
) -> FloatArray:
    """Krippendorff's alpha for each row of ``weights`` (resamples × vignettes), all at once.

    The coincidence matrix of a resample is the weighted sum of the vignettes' own, so all
    resamples take one matrix product. Only pairable values count (vignettes with one answer
    drop out). The ordinal metric follows the column order of ``counts`` and is recomputed
    from each resample's marginals. NaN where undefined.
    """
    if level not in get_args(Level):
        raise ValueError(f"ukendt måleniveau {level!r} (tilladt: nominal, ordinal)")
    table = _as_counts(counts)
    w = _as_weights(weights, table.shape[0])
    keep = _pairable(table)
    table, w = table[keep], w[:, keep]
    n_categories = table.shape[1]
    per_unit = _coincidences(table).reshape(len(table), n_categories * n_categories)
    coincidences = (w @ per_unit).reshape(len(w), n_categories, n_categories)
    marginals = coincidences.sum(axis=2)
    total = marginals.sum(axis=1)
    nominal = level == "nominal"
    delta2 = 1.0 - np.eye(n_categories) if nominal else _ordinal_delta2(marginals)
    observed = (coincidences * delta2).sum(axis=(1, 2))
    expected = (marginals[:, :, np.newaxis] * marginals[:, np.newaxis, :] * delta2).sum(axis=(1, 2))
    with np.errstate(divide="ignore", invalid="ignore"):
        alpha = 1.0 - (total - 1.0) * observed / expected
    alpha[(marginals > 1e-12).sum(axis=1) < 2] = np.nan  # one colour (or none): 0/0
    result: FloatArray = alpha
    return result


def fleiss_kappa_from_counts(counts: npt.ArrayLike) -> float:
    """Fleiss' kappa of a vignettes × categories count table (NaN where undefined)."""
    table = _as_counts(counts)
    return float(fleiss_kappa_resampled(table, np.ones(table.shape[0]))[0])


def krippendorff_alpha_from_counts(counts: npt.ArrayLike, level: Level = "nominal") -> float:
    """Krippendorff's alpha of a vignettes × categories count table (NaN where undefined)."""
    table = _as_counts(counts)
    return float(krippendorff_alpha_resampled(table, np.ones(table.shape[0]), level)[0])


def _resampled(statistic: Statistic, counts: FloatArray, weights: FloatArray) -> FloatArray:
    if statistic == "fleiss_kappa":
        return fleiss_kappa_resampled(counts, weights)
    if statistic == "alpha_nominal":
        return krippendorff_alpha_resampled(counts, weights, "nominal")
    if statistic == "alpha_ordinal":
        return krippendorff_alpha_resampled(counts, weights, "ordinal")
    raise ValueError(f"ukendt mål {statistic!r} (tilladt: {', '.join(STATISTICS)})")


def resample_weights(
    n_units: int, n_resamples: int = 1000, seed: int | np.random.Generator | None = 0
) -> IntArray:
    """Bootstrap resamples of ``n_units`` vignettes as weights (resamples × vignettes).

    Row ``b`` says how often each vignette was drawn in resample ``b`` (drawing ``n_units``
    with replacement, each equally likely): a multinomial draw. The same seed (or a
    generator in the same state) gives the same resamples.
    """
    if n_units < 0 or n_resamples < 0:
        raise ValueError("antal vignetter og gentagelser må ikke være negative")
    rng = np.random.default_rng(seed)
    if n_units == 0:
        return np.zeros((n_resamples, 0), dtype=np.int64)
    draws = rng.multinomial(n_units, np.full(n_units, 1.0 / n_units), size=n_resamples)
    return draws.astype(np.int64)


def percentile_interval(estimates: npt.ArrayLike, confidence: float = 0.95) -> tuple[float, float]:
    """The percentile interval of the defined (non-NaN) bootstrap estimates; NaN if none."""
    check_confidence(confidence)
    values = np.asarray(estimates, dtype=np.float64)
    values = values[np.isfinite(values)]
    if values.size == 0:
        return float("nan"), float("nan")
    tail = (1.0 - confidence) / 2
    low, high = np.quantile(values, [tail, 1.0 - tail])
    return float(low), float(high)


def check_confidence(confidence: float) -> None:
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"konfidensniveauet skal ligge mellem 0 og 1, fik {confidence}")


def _undefined_reason(table: FloatArray) -> str | None:
    """Why the statistics are NaN on this (pairable) table, in Danish; None if they are not."""
    if table.shape[0] == 0:
        return NO_PAIRS
    if (table.sum(axis=0) > 0).sum() < 2:
        return NO_VARIATION
    return None


def bootstrap_agreement(
    counts: npt.ArrayLike,
    statistics: Sequence[Statistic] = STATISTICS,
    n_resamples: int = 1000,
    confidence: float = 0.95,
    seed: int | np.random.Generator | None = 0,
) -> dict[Statistic, AgreementResult]:
    """Each statistic with a percentile bootstrap interval, from one set of resamples.

    Vignettes (rows of ``counts``) with at least two answers are resampled with
    replacement; the others cannot change any figure and are left out first. All
    statistics share the same resamples, so their intervals are comparable.
    """
    check_confidence(confidence)
    table = _as_counts(counts)
    table = table[_pairable(table)]
    reason = _undefined_reason(table)
    weights = resample_weights(len(table), n_resamples if reason is None else 0, seed)
    n_units, n_ratings = len(table), int(table.sum())
    results: dict[Statistic, AgreementResult] = {}
    for statistic in statistics:
        estimate = float(_resampled(statistic, table, np.ones((1, len(table))))[0])
        resampled = _resampled(statistic, table, weights.astype(np.float64))
        low, high = percentile_interval(resampled, confidence)
        results[statistic] = AgreementResult(
            estimate=estimate,
            low=low,
            high=high,
            n_units=n_units,
            n_ratings=n_ratings,
            confidence=confidence,
            n_resamples=int(np.isfinite(resampled).sum()),
            reason=reason,
        )
    return results


# --- the long ratings frame -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Coded:
    """Validated ratings as integer codes: vignette, participant and category per answer."""

    categories: tuple[str, ...]
    vignettes: pd.Index
    participants: pd.Index
    vignette: IntArray
    participant: IntArray
    category: IntArray

    def counts(self, answers: npt.NDArray[np.bool_] | None = None) -> FloatArray:
        """Vignettes × categories counts (of the answers selected by ``answers``)."""
        n_categories = len(self.categories)
        flat = self.vignette * n_categories + self.category
        if answers is not None:
            flat = flat[answers]
        size = len(self.vignettes) * n_categories
        counted = np.bincount(flat, minlength=size).astype(np.float64)
        return counted.reshape(len(self.vignettes), n_categories)


def _check_categories(categories: Sequence[str]) -> tuple[str, ...]:
    codes = tuple(categories)
    if len(codes) < 2 or len(set(codes)) != len(codes):
        raise ValueError("kategorierne skal være mindst to forskellige koder, laveste først")
    return codes


def _rows_message(frame: pd.DataFrame, problem: str) -> str:
    """Name the first rows of ``frame`` (by index label) with vignette and participant."""
    named = [
        f"række {label}: {problem.format(category=row.category)} "
        f"(vignet {row.vignette_id!r}, deltager {row.participant_id!r})"
        for label, row in zip(frame.index[:SHOWN], frame.head(SHOWN).itertuples(), strict=True)
    ]
    if len(frame) > SHOWN:
        named.append(f"og {len(frame) - SHOWN} rækker mere")
    return "; ".join(named)


def _factorize(values: pd.Series) -> tuple[IntArray, pd.Index]:
    try:
        codes, uniques = pd.factorize(values, sort=True)
    except TypeError:  # ids of mixed types cannot be sorted: keep the order they come in
        codes, uniques = pd.factorize(values, sort=False)
    return np.asarray(codes, dtype=np.int64), pd.Index(uniques)


def encode(ratings: pd.DataFrame, categories: Sequence[str]) -> Coded:
    codes = _check_categories(categories)
    if not isinstance(ratings, pd.DataFrame):
        raise ValueError(
            "bedømmelserne skal være en tabel (DataFrame) med kolonnerne " + ", ".join(COLUMNS)
        )
    missing = [column for column in COLUMNS if column not in ratings.columns]
    if missing:
        raise ValueError(
            f"bedømmelserne mangler kolonnen {', '.join(missing)} (forventet: {', '.join(COLUMNS)})"
        )
    frame = ratings.loc[ratings["category"].notna(), list(COLUMNS)]  # empty = no answer
    for column in ("vignette_id", "participant_id"):
        absent = frame[column].isna().to_numpy()
        if absent.any():
            raise ValueError(
                "bedømmelserne er ugyldige: " + _rows_message(frame[absent], f"mangler {column}")
            )
    category = pd.Index(codes).get_indexer(pd.Index(frame["category"]))
    unknown = np.asarray(category < 0)
    if unknown.any():
        raise ValueError(
            "bedømmelserne er ugyldige: "
            + _rows_message(
                frame[unknown],
                "ukendt farve {category!r} (tilladt: " + ", ".join(codes) + ")",
            )
        )
    repeated = frame.duplicated(["vignette_id", "participant_id"]).to_numpy()
    if repeated.any():
        raise ValueError(
            "bedømmelserne er ugyldige: "
            + _rows_message(frame[repeated], "deltageren har allerede svaret på vignetten")
        )
    vignette, vignettes = _factorize(frame["vignette_id"])
    participant, participants = _factorize(frame["participant_id"])
    return Coded(
        categories=codes,
        vignettes=vignettes.rename("vignette_id"),
        participants=participants.rename("participant_id"),
        vignette=vignette,
        participant=participant,
        category=np.asarray(category, dtype=np.int64),
    )


def rating_matrix(
    ratings: pd.DataFrame, categories: Sequence[str] = DEFAULT_CATEGORIES
) -> pd.DataFrame:
    """The ratings as a vignettes × participants table of category codes (NaN: no answer)."""
    coded = encode(ratings, categories)
    matrix = np.full((len(coded.vignettes), len(coded.participants)), np.nan, dtype=object)
    matrix[coded.vignette, coded.participant] = np.asarray(coded.categories, dtype=object)[
        coded.category
    ]
    return pd.DataFrame(matrix, index=coded.vignettes, columns=coded.participants)


def category_counts(
    ratings: pd.DataFrame, categories: Sequence[str] = DEFAULT_CATEGORIES
) -> pd.DataFrame:
    """Answers per vignette and category (columns in ``categories`` order, lowest first)."""
    coded = encode(ratings, categories)
    return _counts_frame(coded, coded.counts())


def _counts_frame(coded: Coded, counts: FloatArray) -> pd.DataFrame:
    return pd.DataFrame(
        counts.astype(np.int64), index=coded.vignettes, columns=pd.Index(coded.categories)
    )


def fleiss_kappa(ratings: pd.DataFrame, categories: Sequence[str] = DEFAULT_CATEGORIES) -> float:
    """Fleiss' kappa of the long ratings frame (see the module docstring for missing answers)."""
    return fleiss_kappa_from_counts(encode(ratings, categories).counts())


def krippendorff_alpha(
    ratings: pd.DataFrame,
    level: Level = "nominal",
    categories: Sequence[str] = DEFAULT_CATEGORIES,
) -> float:
    """Krippendorff's alpha of the long ratings frame, nominal or ordinal (``categories``
    order, lowest first)."""
    return krippendorff_alpha_from_counts(encode(ratings, categories).counts(), level)


def agreement_ci(
    ratings: pd.DataFrame,
    statistic: Statistic = "alpha_ordinal",
    categories: Sequence[str] = DEFAULT_CATEGORIES,
    n_resamples: int = 1000,
    confidence: float = 0.95,
    seed: int | np.random.Generator | None = 0,
) -> AgreementResult:
    """One statistic of the long ratings frame with its percentile bootstrap interval."""
    counts = encode(ratings, categories).counts()
    return bootstrap_agreement(counts, (statistic,), n_resamples, confidence, seed)[statistic]
