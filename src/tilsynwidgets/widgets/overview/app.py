"""Porteføljeoverblik: colours per socialtilsyn or type, the catalogue's suggestions,
præ→post movements and overdue visits. The figures come from
:class:`~tilsynwidgets.domain.portfolio.overview.OverviewData`; labels are applied here."""

from __future__ import annotations

import ipywidgets as widgets
import pandas as pd

from tilsynwidgets.domain.core.categories import Phase, RiskCategory
from tilsynwidgets.domain.core.danish_numbers import counted, danish_count
from tilsynwidgets.domain.core.local_time import format_stamp
from tilsynwidgets.domain.labels import code_labels, labels
from tilsynwidgets.domain.portfolio.overview import GROUPINGS, OverviewData
from tilsynwidgets.presentation.html import colour_bars, escape
from tilsynwidgets.presentation.tables import labelled_html
from tilsynwidgets.widgets.unit.card import ILLUSTRATIVE_NOTE

__all__ = ["PortfolioOverview", "summary_text", "units_by_kind"]

GROUPING_LABELS = {"socialtilsyn": "Socialtilsyn", "unit_type": "Type", "team": "Team"}


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
    """Choose a grouping and a phase; the bars and tables follow."""

    def __init__(self, data: OverviewData) -> None:
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
        self.headline = widgets.HTML()
        self.chosen = widgets.HTML()
        self.suggested = widgets.HTML()
        self.transitions = widgets.HTML()
        super().__init__(
            [
                self.headline,
                widgets.HBox([self.grouping, self.phase]),
                widgets.HTML("<h3>Valgte risikokategorier</h3>"),
                self.chosen,
                widgets.HTML("<h3>Kriteriekatalogets forslag</h3>"),
                self.suggested,
                widgets.HTML("<h3>Præ → post (seneste cyklus pr. enhed)</h3>"),
                self.transitions,
            ]
        )
        self.grouping.observe(self._refresh, names=["value"])
        self.phase.observe(self._refresh, names=["value"])
        self.headline.value = self._headline()
        self.transitions.value = self._transitions()
        self._refresh()

    def summary(self) -> str:
        """One Danish sentence on what the portfolio holds (as the other apps' summaries)."""
        return summary_text(self.data)

    def _headline(self) -> str:
        data = self.data
        illustrative = f" <i>{ILLUSTRATIVE_NOTE}.</i>" if data.catalogue.illustrative else ""
        stamp = (
            data.provenance.describe()
            if data.provenance
            else "Datakilden er ikke registreret for dette lager."
        )
        return (
            f"<p><small>{escape(stamp)}</small><br>"
            f"Tilsynsbesøg overskredet pr. {format_stamp(data.as_of)} efter regelsættet "
            f"«{escape(data.rules.title)}»: <b>{danish_count(data.overdue_count())}</b>. "
            f"Kriteriekatalog: {escape(data.catalogue.title)} (version "
            f"{escape(data.catalogue.version)}).{illustrative}</p>"
        )

    def _transitions(self) -> str:
        return labelled_html(
            self.data.transitions(), "transitions", "Antal enheder; rækker: præ, kolonner: post"
        )

    def _refresh(self, _change: object = None) -> None:
        by = str(self.grouping.value)
        phase = None if self.phase.value == "seneste" else Phase(self.phase.value)
        chosen = self.data.distribution(by, phase)
        self.chosen.value = colour_bars(chosen.rename(index=code_labels(by))) + labelled_html(
            chosen, f"distribution_{by}", "Antal enheder"
        )
        suggested = self.data.suggested(by).rename(index=code_labels(by))
        self.suggested.value = colour_bars(suggested) + self._without_suggestion()

    def _without_suggestion(self) -> str:
        count = self.data.no_suggestion_count()
        if not count:
            return ""
        rule = escape(self.data.catalogue.aggregation.unknown_rule_text())
        return (
            f"<p><small>{counted(count, 'enhed', 'enheder')} får intet forslag, fordi for "
            f"mange oplysninger om dem er ukendte. {rule}</small></p>"
        )
