"""The workshop's backtest: the catalogue's suggestions against the colours supervisors
chose, each suggestion computed from the information received by the day of the assessment.
A table per phase and in all (assessments, agreement, Cohen's kappa and their change against
the opened version) and the suggested × chosen table for the phase chosen."""

from __future__ import annotations

import ipywidgets as widgets

from tilsynwidgets.domain.core.danish_numbers import counted
from tilsynwidgets.domain.core.local_time import format_stamp
from tilsynwidgets.domain.workshop.backtest import (
    BACKTEST_ROWS,
    TOTAL,
    Backtest,
    BacktestData,
)
from tilsynwidgets.presentation.html import escape
from tilsynwidgets.presentation.tables import table_html
from tilsynwidgets.presentation.workshop_tables import (
    backtest_table,
    confusion_table,
    phase_label,
)

__all__ = [
    "BACKTEST_CAPTION",
    "CONFUSION_CAPTION",
    "BacktestPanel",
    "backtest_html",
    "confusion_html",
]

BACKTEST_CAPTION = "Katalogets forslag på vurderingsdagen mod den valgte farve, pr. tidspunkt"
CONFUSION_CAPTION = (
    "Rækker: katalogets forslag på vurderingsdagen; kolonner: den farve, tilsynet valgte"
)
HONEST = (
    "Hvert forslag er beregnet af de oplysninger, tilsynet havde modtaget til og med dagen "
    "for vurderingen – ikke af dagens oplysninger."
)
DEFINITIONS = (
    "Enighed: andelen af vurderingerne, hvor forslaget er den valgte farve; en vurdering "
    "uden forslag (for lidt kendt) tæller som uenig. Cohens kappa regnes over vurderingerne "
    "med et forslag: 1 = forslag og valg er ens, 0 = som tilfældigt."
)


def backtest_html(result: Backtest, data: BacktestData) -> str:
    """The lines that say what was compared, and the table per phase."""
    if data.first_day is None or data.last_day is None:
        return "<p>Der er ingen gemte vurderinger at sammenligne forslagene med.</p>"
    period = (
        f"{counted(data.n_assessments, 'vurdering', 'vurderinger')} fra "
        f"{format_stamp(data.first_day)} til {format_stamp(data.last_day)}"
    )
    if result.baseline is not None:
        against = f"Ændringerne er arbejdskopien mod «{escape(result.baseline.version)}»."
    else:
        against = "Ingen gemt version at sammenligne ændringerne med."
    reason = result.agreements[TOTAL].reason
    note = f"<p><i>{escape(reason)}</i></p>" if reason else ""
    return (
        f"<p><b>{escape(HONEST)}</b> {escape(period)}.</p>"
        f"<p><small>{escape(DEFINITIONS)} {against}</small></p>{note}"
        + table_html(backtest_table(result), BACKTEST_CAPTION)
    )


def confusion_html(result: Backtest, row: str) -> str:
    """The suggested × chosen table of one phase (or of all, ``"i_alt"``)."""
    caption = f"{CONFUSION_CAPTION} ({phase_label(row)})"
    return table_html(confusion_table(result.confusion[row]), caption)


class BacktestPanel(widgets.VBox):
    """Draws a :class:`Backtest` of ``data``: the table per phase, then the suggested ×
    chosen table of the phase picked (all assessments at first)."""

    def __init__(self, data: BacktestData) -> None:
        self.data = data
        self.result: Backtest | None = None
        self.summary = widgets.HTML()
        self.phase = widgets.Dropdown(
            description="Krydstabel for",
            options=[(phase_label(row), row) for row in BACKTEST_ROWS],
            value=TOTAL,
            style={"description_width": "8em"},
            layout=widgets.Layout(width="30em"),  # "Post (efter kvalitetsvurdering)" whole
        )
        self.confusion = widgets.HTML()
        self.phase.observe(lambda _change: self._draw_confusion(), names=["value"])
        super().__init__([self.summary, self.phase, self.confusion])

    def show(self, result: Backtest) -> None:
        """Redraw for ``result`` (one edit)."""
        self.result = result
        self.summary.value = backtest_html(result, self.data)
        self._draw_confusion()

    def _draw_confusion(self) -> None:
        if self.result is None or self.data.first_day is None:
            self.confusion.value = ""
            return
        self.confusion.value = confusion_html(self.result, str(self.phase.value))
