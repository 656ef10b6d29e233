"""A training session's tables as the facilitator reads them, on the screen and in the
workbook: Danish headers, vignettes by their title, colours with symbol and word,
socialtilsyn by name, Danish numbers on the screen and real numbers in the workbook.

Each ``*_frame`` function turns a part of :class:`SessionFigures` into a frame whose codes
that no :data:`~tilsynwidgets.presentation.tables.Kind` knows (statistics, directions, a tie)
are already words; its :class:`Table` specs say how the screen (``*_table``) and the
workbook (``*_SHEET``) show it, through :func:`for_people` and :func:`for_workbook`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from tilsynwidgets.domain.core.categories import RiskCategory
from tilsynwidgets.domain.core.danish_numbers import danish_count
from tilsynwidgets.domain.training.agreement import STATISTICS, Statistic
from tilsynwidgets.domain.training.agreement_tables import NO_ANSWERS, ONE_PARTICIPANT
from tilsynwidgets.domain.training.discussion import Direction, SessionFigures
from tilsynwidgets.domain.training.own_answers import OwnAnswers
from tilsynwidgets.presentation.html import danish_interval
from tilsynwidgets.presentation.tables import Column, Table, category_heading, for_workbook

__all__ = [
    "ANSWERS_SHEET",
    "DIRECTIONS",
    "GROUPS_NOTE",
    "GROUPS_SHEET",
    "GROUPS_TABLE",
    "LONE_PARTICIPANT",
    "NO_ANSWER",
    "OVERALL_SHEET",
    "OVERALL_TABLE",
    "OWN_ANSWERS_TABLE",
    "STATISTIC_LABELS",
    "VIGNETTES_SHEET",
    "VIGNETTES_TABLE",
    "answers_frame",
    "groups_frame",
    "groups_note",
    "overall_frame",
    "own_answers_frame",
    "participants_frame",
    "participants_sheet",
    "participants_table",
    "progress_frame",
    "progress_table",
    "steps_text",
    "training_sheet",
    "vignettes_frame",
]

STATISTIC_LABELS: Mapping[Statistic, str] = {
    "fleiss_kappa": "Fleiss' kappa",
    "alpha_nominal": "Krippendorffs alfa (nominal)",
    "alpha_ordinal": "Krippendorffs alfa (ordinal)",
}
DIRECTIONS: Mapping[Direction, str] = {
    "stricter": "Strengere",
    "milder": "Mildere",
    "same": "Som referencen",
    "balanced": "Begge veje",
}
TIE = "Stemmelighed"
NOT_REVEALED = "Ikke vist"
ANSWERED, NOT_ANSWERED = "✓", "–"
ANSWERED_ROW = "Har svaret"
_COLOURS = (RiskCategory.ROED, RiskCategory.GUL, RiskCategory.GROEN)
_STATISTIC_FORMAT = "0.00"  # kappa and alpha are read to two decimals

_PARTICIPANT = {"participant": Column("Deltager", "text")}
_VIGNETTE = {"vignette": Column("Vignet", "text")}
_SOCIALTILSYN = {"socialtilsyn": Column("Socialtilsyn", "socialtilsyn")}
_COUNTS = {c.value: Column(category_heading(c.value)) for c in _COLOURS}
_REMARK = {"reason": Column("Bemærkning", "text")}


def _remark(reason: object) -> str | None:
    """A domain reason ("ingen vignet har …") as a sentence; None when there is none."""
    if not isinstance(reason, str) or not reason:
        return None
    return reason[:1].upper() + reason[1:]


def _colour(code: object, otherwise: str | None = None) -> str | None:
    return category_heading(code) if isinstance(code, str) else otherwise


def _bounds(statistic: str) -> dict[str, Column]:
    label = STATISTIC_LABELS[statistic]  # type: ignore[index]
    return {
        statistic: Column(label, "decimal"),
        f"{statistic}_low": Column(f"{label}, nedre grænse (95 %)", "decimal"),
        f"{statistic}_high": Column(f"{label}, øvre grænse (95 %)", "decimal"),
    }


# --- overall agreement ------------------------------------------------------------------------


def overall_frame(figures: SessionFigures) -> pd.DataFrame:
    """One row per statistic (by its Danish name): estimate, bounds, the interval as text,
    the vignettes and answers it rests on, and why it is missing."""
    rows = [figures.overall[s] for s in STATISTICS]
    return pd.DataFrame(
        {
            "estimate": [r.estimate for r in rows],
            "low": [r.low for r in rows],
            "high": [r.high for r in rows],
            "interval": [danish_interval(r.estimate, r.low, r.high) for r in rows],
            "n_units": [r.n_units for r in rows],
            "n_ratings": [r.n_ratings for r in rows],
            "reason": [_remark(r.reason) for r in rows],
        },
        index=pd.Index([STATISTIC_LABELS[s] for s in STATISTICS], name="statistic"),
    )


_OVERALL_ROWS = {"statistic": Column("Mål", "text")}
_OVERALL_COUNTS = {"n_units": Column("Vignetter"), "n_ratings": Column("Svar")}
OVERALL_TABLE = Table(
    _OVERALL_ROWS,
    {"interval": Column("Estimat (95 %-interval)", "text"), **_OVERALL_COUNTS, **_REMARK},
)
OVERALL_SHEET = Table(
    _OVERALL_ROWS,
    {
        "estimate": Column("Estimat", "decimal"),
        "low": Column("Nedre grænse (95 %)", "decimal"),
        "high": Column("Øvre grænse (95 %)", "decimal"),
        **_OVERALL_COUNTS,
        **_REMARK,
    },
)

# --- per vignette -----------------------------------------------------------------------------


def vignettes_frame(figures: SessionFigures) -> pd.DataFrame:
    """:attr:`SessionFigures.vignettes` indexed by title, the most chosen colour and the
    reference as words ("Stemmelighed", "Ikke vist")."""
    table = figures.vignettes
    frame = table.drop(columns=["title", "modal", "reference"]).copy()
    frame.insert(0, "vignette_id", list(table.index))
    frame["modal"] = [
        _colour(c, TIE if n else None)
        for c, n in zip(table["modal"], table["n_ratings"], strict=True)
    ]
    frame["reference"] = [
        _colour(c) if shown else NOT_REVEALED
        for c, shown in zip(table["reference"], table["revealed"], strict=True)
    ]
    frame.index = pd.Index(table["title"].astype(str), name="vignette")
    return frame


_VIGNETTE_AGREEMENT = {
    "n_ratings": Column("Svar"),
    "modal": Column("Flest valgte", "text"),
    "modal_share": Column("Andel enige", "share"),
}
_VIGNETTE_REFERENCE = {
    "reference_share": Column("Som reference", "share"),
    "reference_steps": Column("Afstand (trin)", "decimal"),
}
VIGNETTES_TABLE = Table(
    _VIGNETTE,
    {
        **_COUNTS,
        **_VIGNETTE_AGREEMENT,
        "reference": Column("Reference", "text"),
        **_VIGNETTE_REFERENCE,
    },
)
VIGNETTES_SHEET = Table(
    _VIGNETTE,
    {
        "vignette_id": Column("Vignet (id)", "text"),
        **_COUNTS,
        **_VIGNETTE_AGREEMENT,
        "pair_agreement": Column("Par af svar med samme farve", "share"),
        "reference": Column("Reference", "text"),
        "revealed": Column("Referencen vist", "flag"),
        **_VIGNETTE_REFERENCE,
        "n_stricter": Column("Strengere end referencen"),
        "n_milder": Column("Mildere end referencen"),
        "rationale": Column("Referencens begrundelse", "text"),
    },
)

# --- per socialtilsyn -------------------------------------------------------------------------


LONE_PARTICIPANT = "Kun én deltager"
NO_ANSWER = "Ingen svar"
_WHY_MISSING = {ONE_PARTICIPANT: LONE_PARTICIPANT, NO_ANSWERS: NO_ANSWER}
GROUPS_NOTE = (
    "Enighed kræver svar fra mindst to deltagere fra samme socialtilsyn på samme vignet. "
    f"»{LONE_PARTICIPANT}«: kun én af socialtilsynets deltagere har svaret, så enigheden kan "
    "ikke beregnes (–); svarene tæller med i den samlede enighed og pr. vignet."
)
"""The note under the screen's table when a socialtilsyn has only one participant answering."""


def groups_frame(figures: SessionFigures) -> pd.DataFrame:
    """:attr:`SessionFigures.groups` with each statistic's interval as text and the reason
    as a sentence. Where a socialtilsyn has fewer than two participants answering, the
    screen's cells (``*_interval``, ``units_text``) are empty (shown as «–») and its remark
    says why in a few words (:data:`LONE_PARTICIPANT`, :data:`NO_ANSWER`), so the table
    fits a 1024 px screen; the answers given still count."""
    groups = figures.groups.copy()
    reasons = list(groups.get("reason", pd.Series(dtype=object)))
    missing = [_WHY_MISSING.get(r) if isinstance(r, str) else None for r in reasons]
    for statistic in STATISTICS:
        groups[f"{statistic}_interval"] = [
            None if why else danish_interval(float(e), float(lo), float(hi))
            for e, lo, hi, why in zip(
                groups[statistic],
                groups[f"{statistic}_low"],
                groups[f"{statistic}_high"],
                missing,
                strict=True,
            )
        ]
    groups["units_text"] = [
        None if why else danish_count(int(n))
        for n, why in zip(groups["n_units"], missing, strict=True)
    ]
    groups["reason"] = [_remark(r) for r in reasons]
    groups["screen_reason"] = [
        why or remark for remark, why in zip(groups["reason"], missing, strict=True)
    ]
    groups.index.name = "socialtilsyn"
    return groups


def groups_note(figures: SessionFigures) -> str | None:
    """The note under the screen's table (:data:`GROUPS_NOTE`) when a socialtilsyn has only
    one participant answering; None otherwise."""
    reasons = figures.groups.get("reason", pd.Series(dtype=object))
    return GROUPS_NOTE if (reasons == ONE_PARTICIPANT).any() else None


_GROUP_COUNTS = {
    "n_participants": Column("Deltagere"),
    "n_answers": Column("Svar"),
    "n_units": Column("Vignetter i beregningen"),
}
GROUPS_TABLE = Table(
    _SOCIALTILSYN,
    {
        "n_participants": Column("Deltagere"),
        "n_answers": Column("Svar givet"),
        "units_text": Column("Vignetter i beregningen", "text"),
        **{f"{s}_interval": Column(STATISTIC_LABELS[s], "text") for s in STATISTICS},
        "screen_reason": Column("Bemærkning", "text"),
    },
)
GROUPS_SHEET = Table(
    _SOCIALTILSYN,
    {
        **_GROUP_COUNTS,
        "n_ratings": Column("Svar i beregningen"),
        **{k: c for s in STATISTICS for k, c in _bounds(s).items()},
        **_REMARK,
    },
)

# --- per participant --------------------------------------------------------------------------


def participants_frame(figures: SessionFigures, hide_names: bool) -> pd.DataFrame:
    """:attr:`SessionFigures.participants` indexed by the name shown (pseudonyms when
    ``hide_names``), the direction as a word."""
    people = figures.participants.drop(columns=["display_name"]).copy()
    names = figures.names(hide_names)
    people["direction"] = [DIRECTIONS.get(d) for d in people["direction"]]
    people.index = pd.Index([names.get(str(p), "") for p in people.index], name="participant")
    return people


_COMPARED = {
    "n_compared": Column("Sammenlignet"),
    "exact_share": Column("Som reference", "share"),
    "mean_steps": Column("Gns. afstand (trin)", "decimal"),
    "n_stricter": Column("Strengere"),
    "n_milder": Column("Mildere"),
    "direction": Column("Retning", "text"),
}
_NAMED = {"socialtilsyn": Column("Socialtilsyn", "socialtilsyn")}


def participants_table(hide_names: bool) -> Table:
    """The screen's table; a participant's socialtilsyn only beside a real name (a lone
    socialtilsyn would give a pseudonym away)."""
    return Table(_PARTICIPANT, {**({} if hide_names else _NAMED), **_COMPARED})


def participants_sheet(hide_names: bool) -> Table:
    """The workbook's table: the screen's, with the answers given and, beside real names,
    when each joined."""
    named = {} if hide_names else {**_NAMED, "joined_at": Column("Tilmeldt", "time")}
    return Table(
        _PARTICIPANT,
        {
            **named,
            "n_answers": Column("Svar"),
            **_COMPARED,
            "mean_signed_steps": Column("Gns. afstand med fortegn (trin)", "decimal"),
        },
    )


# --- every answer -----------------------------------------------------------------------------


def answers_frame(figures: SessionFigures, hide_names: bool) -> pd.DataFrame:
    """Every answer to the discussed vignettes: who (pseudonyms when ``hide_names``), the
    vignette by title and id, the colour and its distance from the reference."""
    answers = figures.answers.copy()
    names = figures.names(hide_names)
    titles = figures.titles
    answers["participant"] = [names.get(str(p), "") for p in answers["participant_id"]]
    answers["vignette"] = [titles.get(v, v) for v in answers["vignette_id"]]
    return answers.drop(columns=["participant_id"]).reset_index(drop=True)


ANSWERS_SHEET = Table(
    {},
    {
        "participant": Column("Deltager", "text"),
        "round_no": Column("Runde"),
        "vignette": Column("Vignet", "text"),
        "vignette_id": Column("Vignet (id)", "text"),
        "category": Column("Farve", "category"),
        "steps": Column("Trin fra referencen"),
        "has_plan": Column("Med plan", "flag"),
        "justification": Column("Begrundelse", "text"),
        "submitted_at": Column("Afgivet", "time"),
    },
)

# --- progress of the open round ---------------------------------------------------------------


def progress_frame(figures: SessionFigures, hide_names: bool) -> pd.DataFrame:
    """Participants × the open round's vignettes: "✓" where answered, "–" where not, and a
    last row "Har svaret" with "2 af 3" per vignette."""
    grid = figures.submissions
    names = figures.names(hide_names)
    total = len(grid)
    marks = pd.DataFrame(
        np.where(grid.to_numpy(dtype=bool), ANSWERED, NOT_ANSWERED),
        index=pd.Index([names.get(str(p), "") for p in grid.index], name="participant"),
        columns=list(grid.columns),
        dtype=object,
    )
    counts = grid.sum(axis=0)
    answered = [f"{danish_count(int(counts[v]))} af {danish_count(total)}" for v in grid.columns]
    row = pd.DataFrame([answered], index=pd.Index([ANSWERED_ROW]), columns=marks.columns)
    return pd.concat([marks, row]).rename_axis("participant")


def progress_table(figures: SessionFigures) -> Table:
    """The open round's vignettes as columns, headed by their titles."""
    titles = figures.titles
    return Table(
        _PARTICIPANT,
        {v: Column(titles.get(v, v), "text") for v in figures.submissions.columns},
    )


# --- a participant's own answers ----------------------------------------------------------------


def steps_text(steps: float) -> str:
    """A distance from the reference in words: "som referencen", "1 trin strengere"."""
    if steps == 0:
        return "som referencen"
    side = "strengere" if steps > 0 else "mildere"
    return f"{danish_count(round(abs(steps)))} trin {side}"


NOT_ANSWERED_TEXT = "Ikke besvaret"


def own_answers_frame(mine: OwnAnswers) -> pd.DataFrame:
    """One row per revealed vignette (by title, in round order): the round, the
    participant's colour ("Ikke besvaret" without an answer), the reference's, whether they
    match and the distance in words."""
    items = mine.items
    return pd.DataFrame(
        {
            "round_no": [item.round_no for item in items],
            "category": [
                category_heading(item.category.value) if item.category else NOT_ANSWERED_TEXT
                for item in items
            ],
            "reference": [item.reference.value for item in items],
            "matched": np.array([item.matched for item in items], dtype=object),
            "distance": [
                steps_text(item.steps) if item.steps is not None else None for item in items
            ],
        },
        index=pd.Index([item.title for item in items], name="vignette"),
    )


OWN_ANSWERS_TABLE = Table(
    _VIGNETTE,
    {
        "round_no": Column("Runde"),
        "category": Column("Dit svar", "text"),
        "reference": Column("Referencesvar", "category"),
        "matched": Column("Som referencen", "flag"),
        "distance": Column("Afstand", "text"),
    },
)

# --- the workbook -----------------------------------------------------------------------------


def training_sheet(frame: pd.DataFrame, table: Table) -> pd.DataFrame:
    """:func:`for_workbook`, with kappa and alpha formatted to two decimals."""
    book = for_workbook(frame, table)
    formats: dict[str, Any] = dict(book.attrs["number_formats"])
    for header in formats:
        if header.startswith(tuple(STATISTIC_LABELS.values())) or header.startswith(
            ("Estimat", "Nedre", "Øvre")
        ):
            formats[header] = _STATISTIC_FORMAT
    book.attrs["number_formats"] = formats
    return book
