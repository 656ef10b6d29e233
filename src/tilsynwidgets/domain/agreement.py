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
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, get_args

import numpy as np
import numpy.typing as npt
import pandas as pd

from tilsynwidgets.domain.categories import RiskCategory

__all__ = [
    "COLUMNS",
    "DEFAULT_CATEGORIES",
    "NO_PAIRS",
    "NO_VARIATION",
    "STATISTICS",
    "AgreementResult",
    "FacilitatorView",
    "Level",
    "Reference",
    "Statistic",
    "agreement_ci",
    "bootstrap_agreement",
    "category_counts",
    "facilitator_view",
    "fleiss_kappa",
    "fleiss_kappa_from_counts",
    "fleiss_kappa_resampled",
    "group_agreement",
    "krippendorff_alpha",
    "krippendorff_alpha_from_counts",
    "krippendorff_alpha_resampled",
    "participant_summary",
    "percentile_interval",
    "rating_matrix",
    "resample_weights",
    "vignette_summary",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

Level = Literal["nominal", "ordinal"]
Reference = pd.Series | Mapping[Any, str]
"""The reference colour ("facit") per vignette id."""
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

_SHOWN = 5  # rows named in an error message before "og N flere"


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


@dataclass(frozen=True, slots=True, eq=False)
class FacilitatorView:
    """Everything the facilitator sees after a session (see :func:`facilitator_view`)."""

    overall: Mapping[Statistic, AgreementResult]
    vignettes: pd.DataFrame
    participants: pd.DataFrame
    groups: pd.DataFrame | None


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
    _check_confidence(confidence)
    values = np.asarray(estimates, dtype=np.float64)
    values = values[np.isfinite(values)]
    if values.size == 0:
        return float("nan"), float("nan")
    tail = (1.0 - confidence) / 2
    low, high = np.quantile(values, [tail, 1.0 - tail])
    return float(low), float(high)


def _check_confidence(confidence: float) -> None:
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
    _check_confidence(confidence)
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
class _Coded:
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
        for label, row in zip(frame.index[:_SHOWN], frame.head(_SHOWN).itertuples(), strict=True)
    ]
    if len(frame) > _SHOWN:
        named.append(f"og {len(frame) - _SHOWN} rækker mere")
    return "; ".join(named)


def _factorize(values: pd.Series) -> tuple[IntArray, pd.Index]:
    try:
        codes, uniques = pd.factorize(values, sort=True)
    except TypeError:  # ids of mixed types cannot be sorted: keep the order they come in
        codes, uniques = pd.factorize(values, sort=False)
    return np.asarray(codes, dtype=np.int64), pd.Index(uniques)


def _encode(ratings: pd.DataFrame, categories: Sequence[str]) -> _Coded:
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
    return _Coded(
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
    coded = _encode(ratings, categories)
    matrix = np.full((len(coded.vignettes), len(coded.participants)), np.nan, dtype=object)
    matrix[coded.vignette, coded.participant] = np.asarray(coded.categories, dtype=object)[
        coded.category
    ]
    return pd.DataFrame(matrix, index=coded.vignettes, columns=coded.participants)


def category_counts(
    ratings: pd.DataFrame, categories: Sequence[str] = DEFAULT_CATEGORIES
) -> pd.DataFrame:
    """Answers per vignette and category (columns in ``categories`` order, lowest first)."""
    coded = _encode(ratings, categories)
    return _counts_frame(coded, coded.counts())


def _counts_frame(coded: _Coded, counts: FloatArray) -> pd.DataFrame:
    return pd.DataFrame(
        counts.astype(np.int64), index=coded.vignettes, columns=pd.Index(coded.categories)
    )


def fleiss_kappa(ratings: pd.DataFrame, categories: Sequence[str] = DEFAULT_CATEGORIES) -> float:
    """Fleiss' kappa of the long ratings frame (see the module docstring for missing answers)."""
    return fleiss_kappa_from_counts(_encode(ratings, categories).counts())


def krippendorff_alpha(
    ratings: pd.DataFrame,
    level: Level = "nominal",
    categories: Sequence[str] = DEFAULT_CATEGORIES,
) -> float:
    """Krippendorff's alpha of the long ratings frame, nominal or ordinal (``categories``
    order, lowest first)."""
    return krippendorff_alpha_from_counts(_encode(ratings, categories).counts(), level)


def agreement_ci(
    ratings: pd.DataFrame,
    statistic: Statistic = "alpha_ordinal",
    categories: Sequence[str] = DEFAULT_CATEGORIES,
    n_resamples: int = 1000,
    confidence: float = 0.95,
    seed: int | np.random.Generator | None = 0,
) -> AgreementResult:
    """One statistic of the long ratings frame with its percentile bootstrap interval."""
    counts = _encode(ratings, categories).counts()
    return bootstrap_agreement(counts, (statistic,), n_resamples, confidence, seed)[statistic]


# --- per vignette, per participant, per group -----------------------------------------------


def _reference_codes(coded: _Coded, reference: Reference | None) -> tuple[pd.Index, IntArray]:
    """All vignettes (rated, or with a reference) and each one's reference code (-1: none)."""
    if reference is None:
        return coded.vignettes, np.full(len(coded.vignettes), -1, dtype=np.int64)
    series = reference if isinstance(reference, pd.Series) else pd.Series(dict(reference))
    series = series.dropna()
    if series.index.has_duplicates:
        repeated = series.index[series.index.duplicated()].unique()
        raise ValueError(f"facit findes flere gange for vignet {', '.join(map(repr, repeated))}")
    code = pd.Index(coded.categories).get_indexer(pd.Index(series))
    unknown = np.asarray(code < 0)
    if unknown.any():
        bad = [f"vignet {v!r}: {c!r}" for v, c in series[unknown].head(_SHOWN).items()]
        raise ValueError(
            f"ukendt farve i facit ({'; '.join(bad)}); tilladt: {', '.join(coded.categories)}"
        )
    extra = series.index.difference(coded.vignettes, sort=False)
    vignettes = coded.vignettes.append(extra).rename("vignette_id")
    codes = pd.Series(np.asarray(code, dtype=np.int64), index=series.index)
    aligned = np.asarray(codes.reindex(vignettes).fillna(-1), dtype=np.int64)
    return vignettes, aligned


def vignette_summary(
    ratings: pd.DataFrame,
    reference: Reference | None = None,
    categories: Sequence[str] = DEFAULT_CATEGORIES,
) -> pd.DataFrame:
    """Per vignette: answers per colour and how far participants agree.

    Columns: one count per category (highest first, as the apps show rød, gul, grøn),
    ``n_ratings``; ``modal`` (the most chosen colour, None on a tie or without answers) and
    ``modal_share`` (share of answers equal to the most chosen colour, tie or not);
    ``pair_agreement`` (share of pairs of answers that agree, Fleiss' ``P_i``; NaN with
    fewer than two answers); ``reference`` (the reference colour, "facit"),
    ``reference_share`` (share of answers equal to it) and ``reference_steps`` (mean
    distance from it in steps, rød–grøn = 2). A vignette with a reference but no answers is
    listed with zero answers.
    """
    return _vignette_summary(_encode(ratings, categories), reference)


def _vignette_summary(coded: _Coded, reference: Reference | None) -> pd.DataFrame:
    vignettes, ref = _reference_codes(coded, reference)
    counts = np.zeros((len(vignettes), len(coded.categories)))
    counts[: len(coded.vignettes)] = coded.counts()
    answers = counts.sum(axis=1)
    top = counts.max(axis=1)
    tied = (counts == top[:, np.newaxis]).sum(axis=1) > 1
    codes = np.asarray(coded.categories, dtype=object)
    has_ref = ref >= 0
    rows = np.arange(len(vignettes))
    ranks = np.arange(len(coded.categories))
    with np.errstate(divide="ignore", invalid="ignore"):
        pair = (counts * (counts - 1)).sum(axis=1) / (answers * (answers - 1))
        modal_share = top / answers
        reference_share = counts[rows, np.where(has_ref, ref, 0)] / answers
        steps = np.abs(ranks[np.newaxis, :] - ref[:, np.newaxis])
        reference_steps = (counts * steps).sum(axis=1) / answers
    table = pd.DataFrame(
        counts[:, ::-1].astype(np.int64), index=vignettes, columns=pd.Index(codes[::-1])
    )
    table["n_ratings"] = answers.astype(np.int64)
    modal = codes[counts.argmax(axis=1)]
    modal[tied | (answers == 0)] = None
    table["modal"] = modal
    table["modal_share"] = np.where(answers > 0, modal_share, np.nan)
    table["pair_agreement"] = np.where(answers >= 2, pair, np.nan)
    reference_code = codes[np.where(has_ref, ref, 0)]
    reference_code[~has_ref] = None
    table["reference"] = reference_code
    table["reference_share"] = np.where(has_ref & (answers > 0), reference_share, np.nan)
    table["reference_steps"] = np.where(has_ref & (answers > 0), reference_steps, np.nan)
    return table


def _participants_frame(participants: pd.DataFrame | None, by: str | None) -> pd.DataFrame:
    if participants is None:
        if by is not None:
            raise ValueError(f"gruppering efter {by!r} kræver en deltagerliste")
        return pd.DataFrame(index=pd.Index([], name="participant_id"))
    if "participant_id" not in participants.columns:
        raise ValueError("deltagerlisten mangler kolonnen participant_id")
    if by is not None and by not in participants.columns:
        raise ValueError(f"deltagerlisten mangler kolonnen {by!r}")
    repeated = participants["participant_id"].duplicated().to_numpy()
    if repeated.any():
        ids = ", ".join(map(repr, participants["participant_id"][repeated].head(_SHOWN)))
        raise ValueError(f"deltageren står flere gange i deltagerlisten: {ids}")
    return participants.set_index("participant_id")


def participant_summary(
    ratings: pd.DataFrame,
    reference: Reference | None = None,
    participants: pd.DataFrame | None = None,
    categories: Sequence[str] = DEFAULT_CATEGORIES,
) -> pd.DataFrame:
    """Per participant: answers and agreement with the reference colour.

    Columns: ``n_answers``; ``n_compared`` (answers to vignettes with a reference);
    ``exact_share`` (share of those equal to the reference); ``mean_steps`` (mean distance
    from the reference in steps, rød–grøn = 2) and ``mean_signed_steps`` (positive: more
    severe than the reference). NaN without compared answers. ``participants`` (a frame
    with ``participant_id`` and attributes such as ``socialtilsyn``) adds its columns and
    lists participants without answers too, with ``n_answers`` 0.
    """
    coded = _encode(ratings, categories)
    return _participant_summary(coded, reference, _participants_frame(participants, None))


def _participant_summary(
    coded: _Coded,
    reference: Reference | None,
    listed: pd.DataFrame,
) -> pd.DataFrame:
    _, ref = _reference_codes(coded, reference)
    ref_of_answer = ref[coded.vignette]
    compared = (ref_of_answer >= 0).astype(np.float64)
    diff = (coded.category - ref_of_answer) * compared
    size = len(coded.participants)

    def per_participant(values: npt.ArrayLike) -> FloatArray:
        summed = np.bincount(coded.participant, weights=np.asarray(values), minlength=size)
        return np.asarray(summed, dtype=np.float64)

    n_compared = per_participant(compared)
    with np.errstate(divide="ignore", invalid="ignore"):
        exact = per_participant(compared * (diff == 0)) / n_compared
        steps = per_participant(np.abs(diff)) / n_compared
        signed = per_participant(diff) / n_compared
    table = pd.DataFrame(
        {
            "n_answers": np.bincount(coded.participant, minlength=size).astype(np.int64),
            "n_compared": n_compared.astype(np.int64),
            "exact_share": exact,
            "mean_steps": steps,
            "mean_signed_steps": signed,
        },
        index=coded.participants,
    )
    if len(listed.columns) or len(listed.index):
        extra = listed.index.difference(coded.participants, sort=False)
        table = table.reindex(coded.participants.append(extra).rename("participant_id"))
        table[["n_answers", "n_compared"]] = (
            table[["n_answers", "n_compared"]].fillna(0).astype(np.int64)
        )
        table = table.join(listed)
    return table


def group_agreement(
    ratings: pd.DataFrame,
    participants: pd.DataFrame,
    by: str = "socialtilsyn",
    categories: Sequence[str] = DEFAULT_CATEGORIES,
    n_resamples: int = 1000,
    confidence: float = 0.95,
    seed: int | np.random.Generator | None = 0,
) -> pd.DataFrame:
    """Agreement among each group's participants (groups by the ``by`` column).

    Each group's figures use only its own participants' answers, so a vignette counts in a
    group when at least two of its participants answered it. Participants not in the list,
    or without a value in ``by``, are in no group. Columns: ``n_participants`` (listed),
    ``n_units``, ``n_ratings``, then each statistic with ``_low`` and ``_high`` bounds, and
    ``reason`` (Danish) where the figures are NaN.
    """
    coded = _encode(ratings, categories)
    listed = _participants_frame(participants, by)
    return _group_agreement(coded, listed, by, n_resamples, confidence, np.random.default_rng(seed))


def _group_agreement(
    coded: _Coded,
    listed: pd.DataFrame,
    by: str,
    n_resamples: int,
    confidence: float,
    rng: np.random.Generator,
) -> pd.DataFrame:
    groups = listed[by].dropna()
    group_of = groups.reindex(coded.participants)  # NaN: not listed, or no group
    answer_group = group_of.to_numpy(dtype=object)[coded.participant]
    rows: list[dict[str, object]] = []
    names = sorted(groups.unique(), key=str)
    for name in names:
        results = bootstrap_agreement(
            coded.counts(answer_group == name), STATISTICS, n_resamples, confidence, rng
        )
        first = results[STATISTICS[0]]
        row: dict[str, object] = {
            "n_participants": int((groups == name).sum()),
            "n_units": first.n_units,
            "n_ratings": first.n_ratings,
        }
        for statistic, result in results.items():
            row[statistic] = result.estimate
            row[f"{statistic}_low"] = result.low
            row[f"{statistic}_high"] = result.high
        row["reason"] = first.reason
        rows.append(row)
    columns = ["n_participants", "n_units", "n_ratings"]
    columns += [f"{s}{suffix}" for s in STATISTICS for suffix in ("", "_low", "_high")]
    return pd.DataFrame(rows, index=pd.Index(names, name=by), columns=[*columns, "reason"])


def facilitator_view(
    ratings: pd.DataFrame,
    reference: Reference | None = None,
    participants: pd.DataFrame | None = None,
    by: str | None = None,
    categories: Sequence[str] = DEFAULT_CATEGORIES,
    n_resamples: int = 1000,
    confidence: float = 0.95,
    seed: int | np.random.Generator | None = 0,
) -> FacilitatorView:
    """All figures for a session: overall agreement with intervals, per vignette, per
    participant and (with ``participants`` and ``by``) per group.

    The ratings are validated once. Resamples come from one generator seeded with ``seed``:
    first the overall ones (shared by the three statistics), then each group's in order,
    so the same input and seed give the same view.
    """
    _check_confidence(confidence)
    coded = _encode(ratings, categories)
    listed = _participants_frame(participants, by)
    rng = np.random.default_rng(seed)
    overall = bootstrap_agreement(coded.counts(), STATISTICS, n_resamples, confidence, rng)
    groups = None
    if by is not None:
        groups = _group_agreement(coded, listed, by, n_resamples, confidence, rng)
    return FacilitatorView(
        overall=overall,
        vignettes=_vignette_summary(coded, reference),
        participants=_participant_summary(coded, reference, listed),
        groups=groups,
    )
