"""The facilitator's view of a training session, made for a projector: who has answered the
open round, one vignette's colours and justifications side by side, and how consistently
the group judged.

The HTML functions draw a :class:`SessionFigures` and compute nothing; every name and
justification is user text and is escaped. :class:`DiscussionView` recomputes the figures
in :meth:`DiscussionView.update` (called every few seconds by the facilitator app) and
redraws; choosing a vignette or hiding names only redraws.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any

import ipywidgets as widgets
import numpy as np
import pandas as pd

from tilsynwidgets.domain.core.categories import RiskCategory
from tilsynwidgets.domain.core.danish_numbers import danish_decimal, danish_percent
from tilsynwidgets.domain.core.units import Socialtilsyn
from tilsynwidgets.domain.labels import label_of, labels
from tilsynwidgets.domain.training.agreement import STATISTICS, AgreementResult, Statistic
from tilsynwidgets.domain.training.discussion import (
    Direction,
    SessionFigures,
    figures_for_state,
)
from tilsynwidgets.domain.training.sessions import SessionState
from tilsynwidgets.presentation.html import (
    category_badge,
    colour_bars,
    danish_interval,
    escape,
    frame_table,
)

__all__ = [
    "READING_GUIDE",
    "STATISTIC_LABELS",
    "DiscussionView",
    "agreement_html",
    "progress_html",
    "vignette_discussion_html",
]

STATISTIC_LABELS: Mapping[Statistic, str] = {
    "fleiss_kappa": "Fleiss' kappa",
    "alpha_nominal": "Krippendorffs alfa (nominal)",
    "alpha_ordinal": "Krippendorffs alfa (ordinal)",
}

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
_DIRECTIONS: Mapping[Direction, str] = {
    "stricter": "strengere",
    "milder": "mildere",
    "same": "som referencen",
    "balanced": "begge veje",
}
_UNKNOWN = "Ukendt deltager"
_SOCIALTILSYN = frozenset(s.value for s in Socialtilsyn)
_CARD = "border:1px solid #ccc;border-radius:6px;padding:4px 8px;margin:4px 0"
_NOWRAP = (
    "<style>.tw-nowrap td{white-space:nowrap}"
    ".tw-nowrap td:last-child{white-space:normal;text-align:left}</style>"
)


def _category(code: object) -> RiskCategory | None:
    return RiskCategory(code) if isinstance(code, str) else None


def _category_text(code: object) -> str:
    """A colour as plain text with its symbol (for tables, which escape their cells)."""
    category = _category(code)
    if category is None:
        return "–"
    style = labels().category(category)
    return f"{style.symbol} {style.label}"


def _steps_text(steps: float) -> str:
    if steps == 0:
        return "som referencen"
    side = "strengere" if steps > 0 else "mildere"
    return f"{abs(steps):.0f} trin {side}"


def _name(names: Mapping[str, str], participant_id: object) -> str:
    return names.get(str(participant_id), _UNKNOWN)


def _group_label(code: Hashable) -> str:
    """A socialtilsyn code as its Danish name; anything else (:data:`NOT_GIVEN`) as is."""
    return label_of(Socialtilsyn(str(code))) if code in _SOCIALTILSYN else str(code)


def _unbroken(table: str) -> str:
    """A table whose figures do not wrap (an interval stays on one line); the last column
    (the remark) does."""
    return f'{_NOWRAP}<div class="tw-nowrap">{table}</div>'


def _count_columns() -> dict[str, str]:
    return {c.value: labels().category(c).label for c in _ORDER}


# --- progress ---------------------------------------------------------------------------------


def progress_html(figures: SessionFigures, hide_names: bool = False) -> str:
    """Who has answered the open round: participants × vignettes, with counts."""
    grid = figures.submissions
    if not figures.open_vignette_ids:
        return "<p>Ingen runde er åben lige nu.</p>"
    total = len(grid)
    if not total:
        return "<p>Ingen deltagere har tilmeldt sig endnu.</p>"
    names = figures.names(hide_names)
    done = int(grid.all(axis=1).sum())
    marks = pd.DataFrame(
        np.where(grid.to_numpy(), "✓", "–"),
        index=pd.Index([_name(names, p) for p in grid.index]),
        columns=grid.columns,
    )
    counts = grid.sum(axis=0)
    marks.loc["Har svaret"] = [f"{int(counts[v])} af {total}" for v in grid.columns]
    headline = (
        f"<p><b>{done} af {total} har svaret</b> på alle rundens {len(grid.columns)} vignetter.</p>"
    )
    return headline + frame_table(marks, "Svar afgivet i den åbne runde (✓ = har svaret)")


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
        notes.append(f"{_steps_text(float(answer.steps))} end referencen")
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
            f" – {same} af {n} ({danish_percent(float(row['reference_share']))}) svarede som "
            f"referencen; i gennemsnit {danish_decimal(float(row['reference_steps']))} trin fra."
        )
    parts.append("</p>")
    off = answers.loc[answers["steps"].notna() & (answers["steps"] != 0)]
    if len(off):
        off = off.assign(_size=-off["steps"].abs()).sort_values("_size", kind="stable")
        items = "".join(
            f"<li>{escape(_name(names, pid))}: {_steps_text(float(steps))}</li>"
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
    head = f"<h3>{escape(str(row['title']))} <small>({escape(vignette_id)})</small></h3>"
    reference = _reference_html(row, answers, names) if revealed else ""
    if not n:
        return head + "<p>Ingen har svaret på vignetten.</p>" + reference
    counts = pd.DataFrame([[int(row[c.value]) for c in _ORDER]], columns=[c.value for c in _ORDER])
    counts.index = pd.Index(["Alle svar"])
    modal = _category(row["modal"])
    if modal is not None:
        top = int(row[modal.value])
        summary = f"Flest valgte {category_badge(modal)}: {top} af {n}"
    else:
        summary = "Ingen farve blev valgt af flest (stemmelighed)"
    summary += (
        f" ({danish_percent(float(row['modal_share']))}). Par af svar med samme farve: "
        f"{danish_percent(float(row['pair_agreement']))}."
    )
    columns = []
    for category in _ORDER:
        chosen = answers.loc[answers["category"] == category.value]
        cards = "".join(_card(names, a, revealed) for a in chosen.itertuples())
        columns.append(
            f'<div style="flex:1;min-width:14em"><div>{category_badge(category)} '
            f"{len(chosen)}</div>{cards}</div>"
        )
    side_by_side = (
        f'<div style="display:flex;gap:12px;align-items:flex-start">{"".join(columns)}</div>'
    )
    return head + colour_bars(counts) + f"<p>{summary}</p>" + reference + side_by_side


# --- agreement --------------------------------------------------------------------------------


def _overall_table(overall: Mapping[Statistic, AgreementResult]) -> str:
    rows = {
        STATISTIC_LABELS[s]: {
            "Estimat (95 %-interval)": danish_interval(r.estimate, r.low, r.high),
            "Vignetter": r.n_units,
            "Svar": r.n_ratings,
            "Bemærkning": r.reason or "",
        }
        for s, r in ((s, overall[s]) for s in STATISTICS)
    }
    table = frame_table(pd.DataFrame.from_dict(rows, orient="index"), "Samlet enighed")
    return _unbroken(table)


def _vignette_table(figures: SessionFigures) -> str:
    table = figures.vignettes
    shown = pd.DataFrame(index=pd.Index(table.index))
    shown["Vignet"] = table["title"]
    for code, label in _count_columns().items():
        shown[label] = table[code]
    shown["Svar"] = table["n_ratings"]
    shown["Flest valgte"] = [
        _category_text(c) if n == 0 or _category(c) else "stemmelighed"
        for c, n in zip(table["modal"], table["n_ratings"], strict=True)
    ]
    shown["Andel enige"] = [danish_percent(float(s)) for s in table["modal_share"]]
    shown["Reference"] = [
        _category_text(c) if r else "ikke vist"
        for c, r in zip(table["reference"], table["revealed"], strict=True)
    ]
    shown["Som reference"] = [danish_percent(float(s)) for s in table["reference_share"]]
    shown["Afstand (trin)"] = [danish_decimal(float(s)) for s in table["reference_steps"]]
    return frame_table(shown, "Pr. vignet (andel enige: andel af svarene med den hyppigste farve)")


def _group_table(groups: pd.DataFrame) -> str:
    if groups.empty:
        return "<p>Ingen deltagere at fordele på socialtilsyn.</p>"
    shown = pd.DataFrame(index=pd.Index([_group_label(g) for g in groups.index]))
    shown["Deltagere"] = groups["n_participants"].to_numpy()
    shown["Vignetter"] = groups["n_units"].to_numpy()
    shown["Svar"] = groups["n_ratings"].to_numpy()
    for statistic in STATISTICS:
        shown[STATISTIC_LABELS[statistic]] = [
            danish_interval(float(e), float(lo), float(hi))
            for e, lo, hi in zip(
                groups[statistic],
                groups[f"{statistic}_low"],
                groups[f"{statistic}_high"],
                strict=True,
            )
        ]
    shown["Bemærkning"] = [r if isinstance(r, str) else "" for r in groups["reason"]]
    table = frame_table(shown, "Pr. socialtilsyn (enighed blandt deltagerne fra samme tilsyn)")
    return _unbroken(table)


def _participant_table(figures: SessionFigures, hide_names: bool) -> str:
    if not figures.revealed:
        return "<p>Når referencesvarene er vist, ses her hver deltagers svar mod referencen.</p>"
    people = figures.participants
    names = figures.names(hide_names)
    shown = pd.DataFrame(index=pd.Index([_name(names, p) for p in people.index]))
    if not hide_names:  # a lone socialtilsyn would give a pseudonym away
        shown["Socialtilsyn"] = [
            _group_label(g) if isinstance(g, str) else "" for g in people["socialtilsyn"]
        ]
    shown["Sammenlignet"] = people["n_compared"].to_numpy()
    shown["Som reference"] = [danish_percent(float(s)) for s in people["exact_share"]]
    shown["Gns. afstand (trin)"] = [danish_decimal(float(s)) for s in people["mean_steps"]]
    shown["Strengere"] = people["n_stricter"].to_numpy()
    shown["Mildere"] = people["n_milder"].to_numpy()
    shown["Retning"] = [_DIRECTIONS.get(d, "–") for d in people["direction"]]
    return frame_table(
        shown, "Pr. deltager mod referencen (de vignetter, hvis referencesvar er vist)"
    )


def agreement_html(figures: SessionFigures, hide_names: bool = False) -> str:
    """Overall agreement with intervals and a reading guide, then per vignette, per
    socialtilsyn and per participant."""
    intro = ""
    if not figures.vignette_ids:
        intro = "<p>Ingen runde er lukket endnu: enigheden vises, når en runde er lukket.</p>"
    return (
        intro
        + _overall_table(figures.overall)
        + READING_GUIDE
        + _vignette_table(figures)
        + _group_table(figures.groups)
        + _participant_table(figures, hide_names)
    )


# --- the widget -------------------------------------------------------------------------------


def _option_label(figures: SessionFigures, vignette_id: str) -> str:
    title = str(figures.vignettes.at[vignette_id, "title"])
    shown = " – reference vist" if vignette_id in figures.revealed else ""
    return f"{vignette_id}: {title}{shown}"


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
