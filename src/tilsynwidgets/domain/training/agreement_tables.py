"""The tables a facilitator reads after a training session, built on the agreement statistics.

Input is the long ratings frame of :mod:`tilsynwidgets.domain.training.agreement` (one row per
answer: ``vignette_id``, ``participant_id``, ``category``), checked and coded by that
module, and optionally a reference colour ("facit") per vignette and a participant list (a frame
with ``participant_id`` and attributes such as ``socialtilsyn``). From them:

* :func:`vignette_summary`: per vignette, answers per colour, the most chosen colour, the
  share of agreeing pairs of answers (Fleiss' ``P_i``) and the agreement with the reference.
* :func:`participant_summary`: per participant, how often and how far (in steps, signed:
  more or less severe) the answers differ from the reference.
* :func:`group_agreement`: Fleiss' kappa and Krippendorff's alpha with bootstrap intervals
  among each group's own participants (by ``socialtilsyn`` by default).
* :func:`facilitator_view`: all of these at once (a :class:`FacilitatorView`), with the
  ratings validated once and every resample drawn from one seeded generator.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from tilsynwidgets.domain.training.agreement import (
    DEFAULT_CATEGORIES,
    SHOWN,
    STATISTICS,
    AgreementResult,
    Coded,
    FloatArray,
    IntArray,
    Statistic,
    bootstrap_agreement,
    check_confidence,
    encode,
)

__all__ = [
    "NO_ANSWERS",
    "ONE_PARTICIPANT",
    "FacilitatorView",
    "Reference",
    "facilitator_view",
    "group_agreement",
    "participant_summary",
    "vignette_summary",
]

Reference = pd.Series | Mapping[Any, str]
"""The reference colour ("facit") per vignette id."""

NO_ANSWERS = "ingen deltager har svaret: enighed kan ikke beregnes"
ONE_PARTICIPANT = "kun én deltager har svaret: enighed kan ikke beregnes"


@dataclass(frozen=True, slots=True, eq=False)
class FacilitatorView:
    """Everything the facilitator sees after a session (see :func:`facilitator_view`)."""

    overall: Mapping[Statistic, AgreementResult]
    vignettes: pd.DataFrame
    participants: pd.DataFrame
    groups: pd.DataFrame | None


def _reference_codes(coded: Coded, reference: Reference | None) -> tuple[pd.Index, IntArray]:
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
        bad = [f"vignet {v!r}: {c!r}" for v, c in series[unknown].head(SHOWN).items()]
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
    return _vignette_summary(encode(ratings, categories), reference)


def _vignette_summary(coded: Coded, reference: Reference | None) -> pd.DataFrame:
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
        ids = ", ".join(map(repr, participants["participant_id"][repeated].head(SHOWN)))
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
    coded = encode(ratings, categories)
    return _participant_summary(coded, reference, _participants_frame(participants, None))


def _participant_summary(
    coded: Coded,
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
    ``n_answers`` (every answer its participants gave), ``n_units`` and ``n_ratings`` (the
    vignettes and answers the statistics use), then each statistic with ``_low`` and
    ``_high`` bounds, and ``reason`` (Danish) where the figures are NaN: :data:`NO_ANSWERS`
    or :data:`ONE_PARTICIPANT` when fewer than two of the group's participants answered.
    """
    coded = encode(ratings, categories)
    listed = _participants_frame(participants, by)
    return _group_agreement(coded, listed, by, n_resamples, confidence, np.random.default_rng(seed))


def _group_agreement(
    coded: Coded,
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
        mine = answer_group == name
        results = bootstrap_agreement(coded.counts(mine), STATISTICS, n_resamples, confidence, rng)
        first = results[STATISTICS[0]]
        answering = len(np.unique(coded.participant[mine]))
        reason = first.reason
        if reason is not None and answering < 2:
            reason = ONE_PARTICIPANT if answering else NO_ANSWERS
        row: dict[str, object] = {
            "n_participants": int((groups == name).sum()),
            "n_answers": int(mine.sum()),
            "n_units": first.n_units,
            "n_ratings": first.n_ratings,
        }
        for statistic, result in results.items():
            row[statistic] = result.estimate
            row[f"{statistic}_low"] = result.low
            row[f"{statistic}_high"] = result.high
        row["reason"] = reason
        rows.append(row)
    columns = ["n_participants", "n_answers", "n_units", "n_ratings"]
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
    check_confidence(confidence)
    coded = encode(ratings, categories)
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
