"""The figures a facilitator discusses after a training round: pure pandas, no widgets.

Input is the store's frames (``TrainingStore.answers_frame`` and ``participants_frame``):
one answer row per participant and vignette (the columns in :data:`ANSWER_NEEDS` are read),
and one row per participant who joined (:data:`PARTICIPANT_NEEDS`). The
figures are computed once per refresh by :func:`session_figures` (or
:func:`figures_for_state` from a :class:`SessionState`) and only drawn by the widgets, so
switching names off for the projector or choosing another vignette recomputes nothing.

Two rules protect the discussion:

* A vignette's reference colour ("facit") enters the figures only once it is revealed:
  before that, every reference column is empty and no answer is compared with it.
* Names are the participants' display names or, hidden, "Deltager 1…n" in join order
  (:func:`pseudonyms`); the figures hold both, the caller picks.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from tilsynwidgets.domain.core.categories import RiskCategory
from tilsynwidgets.domain.core.units import Socialtilsyn
from tilsynwidgets.domain.training.agreement import COLUMNS, AgreementResult, Statistic
from tilsynwidgets.domain.training.agreement_tables import facilitator_view
from tilsynwidgets.domain.training.sessions import SessionState
from tilsynwidgets.domain.training.vignettes import VignetteSet, vignettes

__all__ = [
    "ANSWER_NEEDS",
    "NOT_GIVEN",
    "PARTICIPANT_NEEDS",
    "Direction",
    "SessionFigures",
    "figures_for_state",
    "join_order",
    "pseudonyms",
    "session_figures",
]

ANSWER_NEEDS = ("participant_id", "vignette_id", "category", "justification", "has_plan")
"""The columns of the answers frame that the figures read (others are carried along)."""

PARTICIPANT_NEEDS = ("participant_id", "display_name", "socialtilsyn", "joined_at")
"""The columns of the participants frame that the figures read."""

NOT_GIVEN = "Ikke oplyst"
"""The socialtilsyn group of participants who did not give one."""

Direction = Literal["stricter", "milder", "same", "balanced"]
"""How a participant's colours lie against the reference: on average more severe
(``stricter``), less severe (``milder``), always equal (``same``), or off both ways so that
the average is zero (``balanced``)."""

_RANK = {c.value: c.rank for c in RiskCategory}
_GROUP_ORDER = {s.value: n for n, s in enumerate(Socialtilsyn)}


@dataclass(frozen=True, slots=True, eq=False)
class SessionFigures:
    """Everything the facilitator view draws, computed once from the session's frames.

    * ``vignette_ids``: the vignettes discussed, in order; ``revealed`` those among them
      whose reference may be shown; ``open_vignette_ids`` the open round's.
    * ``overall``: Fleiss' kappa, alpha nominal and alpha ordinal with bootstrap intervals.
    * ``vignettes`` (index ``vignette_id``, in order): ``title``, counts ``roed``, ``gul``,
      ``groen``, ``n_ratings``, ``modal`` (None on a tie or without answers),
      ``modal_share``, ``pair_agreement``, then for revealed vignettes only ``reference``,
      ``reference_share``, ``reference_steps`` (mean distance in steps), ``n_stricter``,
      ``n_milder`` and ``rationale`` (None or NaN otherwise); ``revealed`` (bool).
    * ``groups`` (index ``socialtilsyn`` codes, :data:`NOT_GIVEN` last): agreement within
      each socialtilsyn, as :func:`~tilsynwidgets.domain.training.agreement_tables.group_agreement`.
    * ``participants`` (index ``participant_id``, join order, then anyone answering who is
      not listed): ``display_name``, ``socialtilsyn``, ``n_answers``, and over the revealed
      vignettes ``n_compared``, ``exact_share``, ``mean_steps``, ``mean_signed_steps``
      (positive: more severe), ``n_stricter``, ``n_milder``, ``direction``
      (:data:`Direction`, None without compared answers).
    * ``answers``: the answers to the discussed vignettes with ``steps`` (signed distance
      from the reference, NaN unless revealed).
    * ``submissions``: participants × open-round vignettes, True where answered.
    * ``titles``: vignette id → title, for the discussed and the open vignettes (the id
      itself for a vignette missing from the catalogue).
    """

    vignette_ids: tuple[str, ...]
    revealed: frozenset[str]
    open_vignette_ids: tuple[str, ...]
    overall: Mapping[Statistic, AgreementResult]
    vignettes: pd.DataFrame
    groups: pd.DataFrame
    participants: pd.DataFrame
    answers: pd.DataFrame
    submissions: pd.DataFrame
    shown_names: Mapping[str, str]
    hidden_names: Mapping[str, str]
    titles: Mapping[str, str]

    def names(self, hide: bool) -> Mapping[str, str]:
        """Participant id → the name to show: pseudonyms when ``hide``."""
        return self.hidden_names if hide else self.shown_names


def _checked(frame: pd.DataFrame, columns: tuple[str, ...], what: str) -> pd.DataFrame:
    if len(frame.columns) == 0 and len(frame) == 0:
        return pd.DataFrame({column: pd.Series(dtype=object) for column in columns})
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        raise ValueError(f"{what} mangler kolonnen {', '.join(missing)}")
    return frame


def join_order(participants: pd.DataFrame) -> pd.DataFrame:
    """The participants frame sorted by ``joined_at`` (stable: ties keep their order)."""
    listed = _checked(participants, PARTICIPANT_NEEDS, "deltagerlisten")
    return listed.sort_values("joined_at", kind="stable", na_position="last")


def pseudonyms(participants: pd.DataFrame, hide: bool) -> dict[str, str]:
    """Participant id → "Deltager 1…n" in join order when ``hide``, else the display name."""
    ordered = join_order(participants)
    ids = [str(p) for p in ordered["participant_id"]]
    if hide:
        return {pid: f"Deltager {n}" for n, pid in enumerate(ids, start=1)}
    return {pid: str(name) for pid, name in zip(ids, ordered["display_name"], strict=True)}


def _all_names(listed: pd.DataFrame, ids: Iterable[str], hide: bool) -> dict[str, str]:
    """:func:`pseudonyms`, continued for answering participants missing from the list."""
    named = pseudonyms(listed, hide)
    unknown = [pid for pid in ids if pid not in named]
    for n, pid in enumerate(unknown, start=1):
        named[pid] = f"Deltager {len(named) + 1}" if hide else f"Ukendt deltager {n}"
    return named


def _group_key(name: object) -> tuple[int, int, str]:
    text = str(name)
    if text == NOT_GIVEN:
        return (2, 0, text)
    if text in _GROUP_ORDER:
        return (0, _GROUP_ORDER[text], text)
    return (1, 0, text)


def _direction(signed: float, exact: float) -> Direction | None:
    if np.isnan(signed):
        return None
    if signed > 0:
        return "stricter"
    if signed < 0:
        return "milder"
    return "same" if exact == 1.0 else "balanced"


def _count_by(answers: pd.DataFrame, key: str, mask: pd.Series, index: pd.Index) -> pd.Series:
    counted = answers.loc[mask, key].astype(str).value_counts()
    result: pd.Series = counted.reindex(index, fill_value=0).astype(np.int64)
    return result


def session_figures(
    answers: pd.DataFrame,
    participants: pd.DataFrame,
    vignette_ids: Iterable[str],
    revealed: Iterable[str] = frozenset(),
    *,
    open_vignette_ids: Iterable[str] = (),
    n_resamples: int = 1000,
    seed: int = 0,
    catalogue: VignetteSet | None = None,
) -> SessionFigures:
    """The facilitator's figures for the answers to ``vignette_ids`` (in that order).

    References come from ``catalogue`` (the packaged vignettes by default) and only for the
    vignettes in ``revealed``. The submissions grid covers ``open_vignette_ids``. Answers to
    other vignettes are ignored. Raises ValueError (Danish) on frames breaking the contract.
    """
    order = tuple(dict.fromkeys(str(v) for v in vignette_ids))
    open_ids = tuple(dict.fromkeys(str(v) for v in open_vignette_ids))
    shown = frozenset(str(v) for v in revealed) & frozenset(order)
    catalogue = catalogue if catalogue is not None else vignettes()
    known = {v.id: v for v in catalogue.vignettes}
    all_answers = _checked(answers, ANSWER_NEEDS, "svarene")
    listed = join_order(participants).copy()
    given = listed["socialtilsyn"]
    filled = given.notna() & (given.astype(str).str.strip() != "")
    listed["socialtilsyn"] = given.astype(object).where(filled, NOT_GIVEN)

    chosen = all_answers.loc[all_answers["vignette_id"].isin(order)].copy()
    reference = {v: known[v].reference_category.value for v in order if v in shown and v in known}
    view = facilitator_view(
        chosen[list(COLUMNS)],
        reference,
        listed[list(PARTICIPANT_NEEDS)],
        by="socialtilsyn",
        n_resamples=n_resamples,
        seed=seed,
    )

    reference_rank = pd.Series({v: _RANK[c] for v, c in reference.items()}, dtype=np.float64)
    chosen["steps"] = chosen["category"].map(_RANK).astype(np.float64) - chosen["vignette_id"].map(
        reference_rank
    ).astype(np.float64)
    stricter, milder = chosen["steps"] > 0, chosen["steps"] < 0

    index = pd.Index(order, name="vignette_id")
    table = view.vignettes.reindex(index)
    counts = ["roed", "gul", "groen", "n_ratings"]
    table[counts] = table[counts].fillna(0).astype(np.int64)
    for column in ("modal", "reference"):
        values = table[column].astype(object)
        table[column] = values.where(values.notna(), None)
    titles = {v: known[v].title if v in known else v for v in (*order, *open_ids)}
    table.insert(0, "title", [titles[v] for v in order])
    table["n_stricter"] = _count_by(chosen, "vignette_id", stricter, index)
    table["n_milder"] = _count_by(chosen, "vignette_id", milder, index)
    table["rationale"] = pd.Series(
        [known[v].rationale if v in reference else None for v in order], index=index, dtype=object
    )
    table["revealed"] = [v in reference for v in order]

    in_open = all_answers.loc[all_answers["vignette_id"].isin(open_ids)]
    people = view.participants
    ids = list(
        dict.fromkeys(
            str(p) for p in (*listed["participant_id"], *people.index, *in_open["participant_id"])
        )
    )
    person_index = pd.Index(ids, name="participant_id")
    people = people.reindex(person_index)
    people[["n_answers", "n_compared"]] = (
        people[["n_answers", "n_compared"]].fillna(0).astype(np.int64)
    )
    people["n_stricter"] = _count_by(chosen, "participant_id", stricter, person_index)
    people["n_milder"] = _count_by(chosen, "participant_id", milder, person_index)
    people["direction"] = pd.Series(
        [
            _direction(float(s), float(e))
            for s, e in zip(people["mean_signed_steps"], people["exact_share"], strict=True)
        ],
        index=person_index,
        dtype=object,
    )

    groups = view.groups if view.groups is not None else pd.DataFrame()
    groups = groups.iloc[sorted(range(len(groups)), key=lambda n: _group_key(groups.index[n]))]

    answered = set(zip(in_open["participant_id"].astype(str), in_open["vignette_id"], strict=True))
    grid = pd.DataFrame(
        [[(pid, v) in answered for v in open_ids] for pid in ids],
        index=person_index,
        columns=pd.Index(open_ids, name="vignette_id"),
        dtype=bool,
    )

    return SessionFigures(
        vignette_ids=order,
        revealed=frozenset(reference),
        open_vignette_ids=open_ids,
        overall=view.overall,
        vignettes=table,
        groups=groups,
        participants=people,
        answers=chosen,
        submissions=grid,
        shown_names=_all_names(listed, ids, hide=False),
        hidden_names=_all_names(listed, ids, hide=True),
        titles=titles,
    )


def figures_for_state(
    answers: pd.DataFrame,
    participants: pd.DataFrame,
    state: SessionState,
    revealed: Iterable[str] | None = None,
    *,
    n_resamples: int = 1000,
    seed: int = 0,
    catalogue: VignetteSet | None = None,
) -> SessionFigures:
    """:func:`session_figures` for a session as it stands.

    The vignettes discussed are those of the closed rounds, in round order: while a round
    is open its answers show only as progress, so a projected distribution cannot sway
    those still answering. ``revealed`` defaults to ``state.revealed_vignettes()``.
    """
    closed = [v for r in state.rounds if not r.open for v in r.vignette_ids]
    current = state.open_round
    return session_figures(
        answers,
        participants,
        closed,
        state.revealed_vignettes() if revealed is None else revealed,
        open_vignette_ids=current.vignette_ids if current is not None else (),
        n_resamples=n_resamples,
        seed=seed,
        catalogue=catalogue,
    )
