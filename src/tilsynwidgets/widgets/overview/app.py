"""Porteføljeoverblik: colours per socialtilsyn, type or team, the catalogue's suggestions,
præ→post movements and overdue visits, for a period of history like the leadership review's.
Every count opens the units behind it («Enhederne bag tallene», with a workbook of them and
each unit's way into the inspector's app). The figures come from
:class:`~tilsynwidgets.domain.portfolio.overview.OverviewData`; labels are applied here."""

from __future__ import annotations

from datetime import date

import ipywidgets as widgets
import pandas as pd

from tilsynwidgets.assessor import Assessor
from tilsynwidgets.domain.core.categories import Phase, RiskCategory
from tilsynwidgets.domain.core.danish_numbers import counted, danish_count
from tilsynwidgets.domain.core.local_time import format_stamp
from tilsynwidgets.domain.labels import code_labels, labels
from tilsynwidgets.domain.portfolio.drilldown import FigureKind, Section
from tilsynwidgets.domain.portfolio.leadership_view import LeadershipView, default_period
from tilsynwidgets.domain.portfolio.overview import GROUPINGS, OverviewData
from tilsynwidgets.presentation.html import colour_bars, escape
from tilsynwidgets.presentation.tables import labelled_html
from tilsynwidgets.store.store import Store
from tilsynwidgets.widgets.common.drilldown import OVERVIEW_SECTIONS, DrillDown, Export
from tilsynwidgets.widgets.common.status import StatusLine
from tilsynwidgets.widgets.unit.card import ILLUSTRATIVE_NOTE

__all__ = ["TITLE", "PortfolioOverview", "summary_text", "units_by_kind"]

TITLE = "Porteføljeoverblik"
GROUPING_LABELS = {"socialtilsyn": "Socialtilsyn", "unit_type": "Type", "team": "Team"}
PERIOD_NOTE = (
    "Perioden gælder de valgte risikokategorier og præ → post. Kriteriekatalogets forslag "
    "og de overskredne tilsynsbesøg gælder datadatoen."
)


def summary_text(data: OverviewData) -> str:
    """One Danish sentence on what the portfolio holds."""
    kinds = data.kind_counts()
    current = data.current_counts()
    colours = ", ".join(
        f"{danish_count(int(current.get(c.value, 0)))} {labels().category(c).label.lower()}"
        for c in (RiskCategory.ROED, RiskCategory.GUL, RiskCategory.GROEN)
    )
    return f"{units_by_kind(kinds)}. Aktuel risikokategori: {colours}."


def units_by_kind(kinds: pd.Series) -> str:
    """The count per kind code (``tilbud``, ``plejefamilie``) in words:
    "7.300 enheder: 2.000 tilbud og 5.300 plejefamilier"."""
    tilbud, families = int(kinds.get("tilbud", 0)), int(kinds.get("plejefamilie", 0))
    return (
        f"{counted(tilbud + families, 'enhed', 'enheder')}: "
        f"{counted(tilbud, 'tilbud', 'tilbud')} og "
        f"{counted(families, 'plejefamilie', 'plejefamilier')}"
    )


class PortfolioOverview(widgets.VBox):
    """Choose a grouping, a phase and a period; the bars, the tables and the units behind
    every count follow."""

    def __init__(self, data: OverviewData, store: Store, author: Assessor | None = None) -> None:
        self.data = data
        self.grouping = widgets.ToggleButtons(
            options=[(GROUPING_LABELS[key], key) for key in GROUPINGS],
            value="socialtilsyn",
            description="Opdel efter",
        )
        self.phase = widgets.ToggleButtons(
            options=[("Seneste", "seneste"), ("Præ", Phase.PRAE.value), ("Post", Phase.POST.value)],
            value="seneste",
            description="Tidspunkt",
        )
        first, last = default_period(data.as_of)
        self.start = widgets.DatePicker(description="Fra", value=first)
        self.end = widgets.DatePicker(description="Til", value=last)
        self.status = StatusLine()
        self.headline = widgets.HTML()
        self.show_overdue = widgets.Button(
            description="Vis enhederne", icon="list", layout=widgets.Layout(width="auto")
        )
        self.chosen = widgets.HTML()
        self.suggested = widgets.HTML()
        self.transitions = widgets.HTML()
        self.drilldown = DrillDown(
            store, OVERVIEW_SECTIONS, Export(title=TITLE, stem="portefoeljeoverblik", author=author)
        )
        self.view: LeadershipView = data.view(self.period())
        super().__init__(
            [
                self.headline,
                widgets.HBox([self.show_overdue]),  # as wide as its words, not the page
                widgets.HBox([self.grouping, self.phase]),
                widgets.HBox([self.start, self.end]),
                widgets.HTML(f"<p><small>{escape(PERIOD_NOTE)}</small></p>"),
                self.status,
                widgets.HTML("<h3>Valgte risikokategorier</h3>"),
                self.chosen,
                widgets.HTML("<h3>Kriteriekatalogets forslag</h3>"),
                self.suggested,
                widgets.HTML("<h3>Præ → post (seneste cyklus pr. enhed i perioden)</h3>"),
                self.transitions,
                widgets.HTML("<h3>Enhederne bag tallene</h3>"),
                self.drilldown,
            ]
        )
        self.show_overdue.on_click(lambda _button: self.open_overdue())
        for control in (self.grouping, self.phase, self.start, self.end):
            control.observe(self._refresh, names=["value"])
        self.headline.value = self._headline()
        self._refresh()

    def summary(self) -> str:
        """One Danish sentence on what the portfolio holds (as the other apps' summaries)."""
        return summary_text(self.data)

    def period(self) -> tuple[date, date] | None:
        """The period chosen (None when a date is missing: all history)."""
        first, last = self.start.value, self.end.value
        return (first, last) if first and last else None

    def open_overdue(self) -> None:
        """Open the units behind the overdue count in «Enhederne bag tallene»."""
        self.drilldown.open_figure(Section.OVERDUE, FigureKind.OVERDUE)

    def _headline(self) -> str:
        data = self.data
        illustrative = f" <i>{ILLUSTRATIVE_NOTE}.</i>" if data.catalogue.illustrative else ""
        stamp = (
            data.provenance.describe()
            if data.provenance
            else "Datakilden er ikke registreret for dette lager."
        )
        overdue = len(self.view.overdue())
        self.show_overdue.description = (
            "Vis enheden" if overdue == 1 else f"Vis de {danish_count(overdue)} enheder"
        )
        self.show_overdue.layout.display = None if overdue else "none"
        return (
            f"<p><small>{escape(stamp)}</small><br>"
            f"Tilsynsbesøg overskredet pr. {format_stamp(data.as_of)} efter regelsættet "
            f"«{escape(data.rules.title)}»: <b>{danish_count(overdue)}</b>. "
            f"Kriteriekatalog: {escape(data.catalogue.title)} (version "
            f"{escape(data.catalogue.version)}).{illustrative}</p>"
        )

    def _refresh(self, _change: object = None) -> None:
        period = self.period()
        if period and period[0] > period[1]:
            self.status.error("Perioden er ugyldig: 'Fra' ligger efter 'Til'.")
            return
        self.status.clear()
        self.view = self.data.view(period)
        by = str(self.grouping.value)
        phase = None if self.phase.value == "seneste" else Phase(self.phase.value)
        chosen = self.view.distribution(phase, by)
        self.chosen.value = colour_bars(chosen.rename(index=code_labels(by))) + labelled_html(
            chosen, f"distribution_{by}", "Antal enheder"
        )
        suggested = self.view.suggested(by).rename(index=code_labels(by))
        self.suggested.value = colour_bars(suggested) + self._without_suggestion()
        self.transitions.value = labelled_html(
            self.view.transitions(), "transitions", "Antal enheder; rækker: præ, kolonner: post"
        )
        self.drilldown.show(self.view, by)

    def _without_suggestion(self) -> str:
        count = self.data.no_suggestion_count()
        if not count:
            return ""
        rule = escape(self.data.catalogue.aggregation.unknown_rule_text())
        return (
            f"<p><small>{counted(count, 'enhed', 'enheder')} får intet forslag, fordi for "
            f"mange oplysninger om dem er ukendte. {rule}</small></p>"
        )
