"""The facilitator's view of a training session, made for a projector: who has answered the
open round, one vignette's colours and justifications side by side, and how consistently
the group judged.

The HTML functions draw a :class:`SessionFigures` and compute nothing; every name and
justification is user text and is escaped. :class:`DiscussionView` recomputes the figures
in :meth:`DiscussionView.update` (called every few seconds by the facilitator app) and
redraws; choosing a vignette or hiding names only redraws.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import ipywidgets as widgets
import numpy as np
import pandas as pd

from tilsynwidgets.domain.core.categories import RiskCategory
from tilsynwidgets.domain.core.danish_numbers import (
    counted,
    danish_count,
    danish_decimal,
    danish_percent,
)
from tilsynwidgets.domain.training.discussion import SessionFigures, figures_for_state
from tilsynwidgets.domain.training.sessions import SessionState
from tilsynwidgets.presentation.html import category_badge, colour_bars, escape
from tilsynwidgets.presentation.tables import for_people, table_html
from tilsynwidgets.presentation.training_tables import (
    GROUPS_TABLE,
    OVERALL_TABLE,
    STATISTIC_LABELS,
    VIGNETTES_TABLE,
    groups_frame,
    groups_note,
    overall_frame,
    participants_frame,
    participants_table,
    progress_frame,
    progress_table,
    steps_text,
    vignettes_frame,
)

__all__ = [
    "READING_GUIDE",
    "STATISTIC_LABELS",
    "DiscussionView",
    "agreement_html",
    "progress_html",
    "vignette_discussion_html",
]

READING_GUIDE = (
    "<p><b>Sådan læses tallene.</b> 1 = fuld enighed, 0 = som tilfældigt (som hvis alle "
    "havde trukket farverne i samme forhold); under 0 er gruppen mindre enig end "
    "tilfældigt. Tallet i parentes er et 95 %-interval (bootstrap over vignetterne): jo "
    "færre vignetter, jo bredere. Fleiss' kappa og Krippendorffs alfa (nominal) tæller al "
    "uenighed ens. Krippendorffs alfa (ordinal) tager hensyn til rækkefølgen grøn &lt; gul "
    "&lt; rød og tæller rød mod grøn som en større uenighed end rød mod gul.</p>"
    "<p>Vi sætter ikke ord som »moderat« eller »god« på tallene: faste grænser (fx Landis "
    "&amp; Koch) er omdiskuterede og afhænger af antallet af kategorier og af, hvordan "
    "svarene fordeler sig. Og enighed er ikke det samme som rigtighed: en gruppe kan være "
    "enig om en anden farve end referencen.</p>"
)
"""A short Danish guide shown under the overall agreement."""

_ORDER = (RiskCategory.ROED, RiskCategory.GUL, RiskCategory.GROEN)
_UNKNOWN = "Ukendt deltager"
_CARD = "border:1px solid #ccc;border-radius:6px;padding:4px 8px;margin:4px 0"
_FIT = (
    "<style>.tw-training .tw-labelled th,.tw-training .tw-labelled td{padding:2px 6px}"
    ".tw-training .tw-labelled tbody th{white-space:normal;min-width:9em}"
    ".tw-unbroken td{white-space:nowrap}"
    ".tw-unbroken td:last-child{white-space:normal;min-width:12em}</style>"
)


def _category(code: object) -> RiskCategory | None:
    return RiskCategory(code) if isinstance(code, str) else None


def _name(names: Mapping[str, str], participant_id: object) -> str:
    return names.get(str(participant_id), _UNKNOWN)


def _fitted(table: str, unbroken: bool = False) -> str:
    """A table that fits a 1024 px screen: narrow padding, and row names (vignette titles)
    that wrap. ``unbroken``: no figure wraps (an interval stays on one line) but the last
    column (the remark) does."""
    kind = "tw-training tw-unbroken" if unbroken else "tw-training"
    return f'{_FIT}<div class="{kind}">{table}</div>'


# --- progress ---------------------------------------------------------------------------------


def progress_html(figures: SessionFigures, hide_names: bool = False) -> str:
    """Who has answered the open round: participants × vignettes, with counts."""
    grid = figures.submissions
    if not figures.open_vignette_ids:
        return "<p>Ingen runde er åben lige nu.</p>"
    total = len(grid)
    if not total:
        return "<p>Ingen deltagere har tilmeldt sig endnu.</p>"
    done = int(grid.all(axis=1).sum())
    size = len(grid.columns)
    which = (
        "rundens vignet" if size == 1 else f"alle rundens {counted(size, 'vignet', 'vignetter')}"
    )
    headline = f"<p><b>{danish_count(done)} af {danish_count(total)} har svaret</b> på {which}.</p>"
    people = for_people(progress_frame(figures, hide_names), progress_table(figures))
    caption = "Svar afgivet i den åbne runde (✓ = har svaret)"
    return headline + _fitted(table_html(people, caption))


# --- one vignette -----------------------------------------------------------------------------


def _order(figures: SessionFigures, frame: pd.DataFrame) -> pd.DataFrame:
    """Answers in the participants' order (join order)."""
    position = pd.Series(np.arange(len(figures.participants)), index=figures.participants.index)
    ranks = frame["participant_id"].astype(str).map(position).fillna(len(position))
    return frame.assign(_rank=ranks.to_numpy()).sort_values("_rank", kind="stable")


def _card(names: Mapping[str, str], answer: Any, revealed: bool) -> str:
    notes = []
    if bool(answer.has_plan):
        notes.append("med plan for tilsynsintensitet")
    if revealed and np.isfinite(answer.steps) and answer.steps != 0:
        notes.append(f"{steps_text(float(answer.steps))} end referencen")
    note = f" <small>({escape('; '.join(notes))})</small>" if notes else ""
    return (
        f'<div class="tw-card" style="{_CARD}"><b>{escape(_name(names, answer.participant_id))}'
        f'</b>{note}<div style="white-space:pre-wrap">{escape(str(answer.justification))}'
        "</div></div>"
    )


def _reference_html(row: Mapping[str, Any], answers: pd.DataFrame, names: Mapping[str, str]) -> str:
    category = _category(row["reference"])
    if category is None:
        return ""
    n = int(row["n_ratings"])
    same = int((answers["steps"] == 0).sum())  # NaN is never 0
    parts = [f"<p><b>Referencesvar:</b> {category_badge(category)}"]
    if n:
        parts.append(
            f" – {danish_count(same)} af {danish_count(n)} "
            f"({danish_percent(float(row['reference_share']), 1)}) svarede som referencen; "
            f"i gennemsnit {danish_decimal(float(row['reference_steps']), 1)} trin fra."
        )
    parts.append("</p>")
    off = answers.loc[answers["steps"].notna() & (answers["steps"] != 0)]
    if len(off):
        off = off.assign(_size=-off["steps"].abs()).sort_values("_size", kind="stable")
        items = "".join(
            f"<li>{escape(_name(names, pid))}: {steps_text(float(steps))}</li>"
            for pid, steps in zip(off["participant_id"], off["steps"], strict=True)
        )
        parts.append(f"<p>Afveg fra referencen:</p><ul>{items}</ul>")
    elif n:
        parts.append("<p>Alle svarede som referencen.</p>")
    rationale = row["rationale"]
    if isinstance(rationale, str) and rationale:
        parts.append(
            "<details><summary>Referencens begrundelse</summary>"
            f'<p style="white-space:pre-wrap">{escape(rationale)}</p></details>'
        )
    return '<div class="tw-reference">' + "".join(parts) + "</div>"


def vignette_discussion_html(
    figures: SessionFigures, vignette_id: str, hide_names: bool = False
) -> str:
    """One vignette: the colours as bars, justifications side by side grouped by colour,
    and (only once revealed) the reference colour and who deviated from it."""
    if vignette_id not in figures.vignettes.index:
        if vignette_id in figures.open_vignette_ids:
            return "<p>Runden er åben: svarene vises her, når runden er lukket.</p>"
        return "<p>Vælg en vignet fra en lukket runde.</p>"
    names = figures.names(hide_names)
    row = {str(k): v for k, v in figures.vignettes.loc[[vignette_id]].iloc[0].items()}
    answers = _order(figures, figures.answers.loc[figures.answers["vignette_id"] == vignette_id])
    revealed = bool(row["revealed"])
    n = int(row["n_ratings"])
    head = f"<h3>{escape(str(row['title']))}</h3>"
    reference = _reference_html(row, answers, names) if revealed else ""
    if not n:
        return head + "<p>Ingen har svaret på vignetten.</p>" + reference
    counts = pd.DataFrame([[int(row[c.value]) for c in _ORDER]], columns=[c.value for c in _ORDER])
    counts.index = pd.Index(["Alle svar"])
    modal = _category(row["modal"])
    if modal is not None:
        top = int(row[modal.value])
        summary = f"Flest valgte {category_badge(modal)}: {danish_count(top)} af {danish_count(n)}"
    else:
        summary = "Ingen farve blev valgt af flest (stemmelighed)"
    summary += (
        f" ({danish_percent(float(row['modal_share']), 1)}). Par af svar med samme farve: "
        f"{danish_percent(float(row['pair_agreement']), 1)}."
    )
    columns = []
    for category in _ORDER:
        chosen = answers.loc[answers["category"] == category.value]
        cards = "".join(_card(names, a, revealed) for a in chosen.itertuples())
        columns.append(
            f'<div style="flex:1;min-width:14em"><div>{category_badge(category)} '
            f"{danish_count(len(chosen))}</div>{cards}</div>"
        )
    side_by_side = (
        f'<div style="display:flex;gap:12px;align-items:flex-start">{"".join(columns)}</div>'
    )
    return head + colour_bars(counts) + f"<p>{summary}</p>" + reference + side_by_side


# --- agreement --------------------------------------------------------------------------------


def _overall_table(figures: SessionFigures) -> str:
    people = for_people(overall_frame(figures), OVERALL_TABLE)
    return _fitted(table_html(people, "Samlet enighed"), unbroken=True)


def _vignette_table(figures: SessionFigures) -> str:
    people = for_people(vignettes_frame(figures), VIGNETTES_TABLE)
    caption = "Pr. vignet (andel enige: andel af svarene med den hyppigste farve)"
    return _fitted(table_html(people, caption))


def _group_table(figures: SessionFigures) -> str:
    if figures.groups.empty:
        return "<p>Ingen deltagere at fordele på socialtilsyn.</p>"
    people = for_people(groups_frame(figures), GROUPS_TABLE)
    caption = "Pr. socialtilsyn (enighed blandt deltagerne fra samme tilsyn)"
    note = groups_note(figures)
    below = f'<p class="tw-note"><small>{escape(note)}</small></p>' if note else ""
    return _fitted(table_html(people, caption), unbroken=True) + below


def _participant_table(figures: SessionFigures, hide_names: bool) -> str:
    if not figures.revealed:
        return "<p>Når referencesvarene er vist, ses her hver deltagers svar mod referencen.</p>"
    people = for_people(participants_frame(figures, hide_names), participants_table(hide_names))
    caption = "Pr. deltager mod referencen (de vignetter, hvis referencesvar er vist)"
    return _fitted(table_html(people, caption))


def agreement_html(figures: SessionFigures, hide_names: bool = False) -> str:
    """Overall agreement with intervals and a reading guide, then per vignette, per
    socialtilsyn and per participant."""
    intro = ""
    if not figures.vignette_ids:
        intro = "<p>Ingen runde er lukket endnu: enigheden vises, når en runde er lukket.</p>"
    return (
        intro
        + _overall_table(figures)
        + READING_GUIDE
        + _vignette_table(figures)
        + _group_table(figures)
        + _participant_table(figures, hide_names)
    )


# --- the widget -------------------------------------------------------------------------------


def _option_label(figures: SessionFigures, vignette_id: str) -> str:
    title = str(figures.vignettes.at[vignette_id, "title"])
    shown = " – reference vist" if vignette_id in figures.revealed else ""
    return f"{title}{shown}"


class DiscussionView(widgets.VBox):
    """The facilitator's view: progress, one vignette's discussion, and the agreement.

    Names are hidden by default (the view is meant for a projector).
    """

    def __init__(self, n_resamples: int = 1000, seed: int = 0) -> None:
        self.n_resamples = n_resamples
        self.seed = seed
        self.figures: SessionFigures | None = None
        self.vignette = widgets.Dropdown(
            description="Vignet", options=[], layout=widgets.Layout(width="40em")
        )
        self.hide_names = widgets.Checkbox(
            description="Skjul navne (til projektor)", value=True, indent=False
        )
        self.progress = widgets.HTML()
        self.discussion = widgets.HTML()
        self.agreement = widgets.HTML()
        self._holding = False
        self.vignette.observe(self._redraw, names=["value"])
        self.hide_names.observe(self._redraw, names=["value"])
        super().__init__(
            [
                widgets.HBox([self.vignette, self.hide_names]),
                widgets.HTML("<h2>Svar i den åbne runde</h2>"),
                self.progress,
                widgets.HTML("<h2>Drøftelse af vignetten</h2>"),
                self.discussion,
                widgets.HTML("<h2>Enighed</h2>"),
                self.agreement,
            ]
        )
        self._redraw()

    def update(
        self,
        answers: pd.DataFrame,
        participants: pd.DataFrame,
        state: SessionState,
        revealed: frozenset[str] | None = None,
    ) -> None:
        """Recompute the figures from the store's frames and redraw (keeps the chosen
        vignette; otherwise picks the first of the latest closed round). ``revealed``
        defaults to the state's revealed rounds. Frames breaking the contract raise
        ValueError (Danish) and leave the view as it was."""
        figures = figures_for_state(
            answers, participants, state, revealed, n_resamples=self.n_resamples, seed=self.seed
        )
        self.figures = figures
        options = [(_option_label(figures, v), v) for v in figures.vignette_ids]
        chosen = self.vignette.value
        if chosen not in figures.vignette_ids:
            closed = [r for r in state.rounds if not r.open and r.vignette_ids]
            chosen = closed[-1].vignette_ids[0] if closed else None
        self._holding = True
        try:
            if tuple(self.vignette.options) != tuple(options):
                self.vignette.options = options
            self.vignette.value = chosen
        finally:
            self._holding = False
        self._redraw()

    def _redraw(self, _change: object = None) -> None:
        if self._holding:
            return
        figures = self.figures
        if figures is None:
            self.progress.value = "<p>Venter på forløbets svar.</p>"
            return
        hide = bool(self.hide_names.value)
        chosen = self.vignette.value
        self.progress.value = progress_html(figures, hide)
        self.discussion.value = (
            vignette_discussion_html(figures, chosen, hide)
            if chosen is not None
            else "<p>Ingen runde er lukket endnu.</p>"
        )
        self.agreement.value = agreement_html(figures, hide)
