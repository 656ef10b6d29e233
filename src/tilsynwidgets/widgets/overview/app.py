"""Porteføljeoverblik: colours per socialtilsyn or type, the catalogue's suggestions,
præ→post movements and overdue visits, drawn from the store."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import ipywidgets as widgets
import pandas as pd

from tilsynwidgets.domain.core.categories import Phase, RiskCategory
from tilsynwidgets.domain.core.provenance import Provenance
from tilsynwidgets.domain.intensity.rulesets import LegalRuleSet
from tilsynwidgets.domain.labels import code_labels, labels
from tilsynwidgets.domain.portfolio.figures import (
    colour_distribution,
    current_categories,
    transition_matrix,
    visit_status,
)
from tilsynwidgets.domain.risk.criteria import CriteriaCatalogue
from tilsynwidgets.domain.risk.evaluation import evaluate_portfolio
from tilsynwidgets.presentation.html import colour_bars, escape, frame_table

__all__ = ["OverviewData", "PortfolioOverview"]

GROUPINGS = {"socialtilsyn": "Socialtilsyn", "unit_type": "Type", "team": "Team"}


@dataclass(frozen=True)
class OverviewData:
    """What the overview shows, computed once from the store's frames."""

    units: pd.DataFrame
    assessments: pd.DataFrame
    catalogue: CriteriaCatalogue
    rules: LegalRuleSet
    as_of: date
    provenance: Provenance | None = None

    def summary(self) -> str:
        kinds = self.units["kind"].value_counts()
        current = current_categories(self.assessments).value_counts()
        colours = ", ".join(
            f"{current.get(c.value, 0)} {labels().category(c).label.lower()}"
            for c in (RiskCategory.ROED, RiskCategory.GUL, RiskCategory.GROEN)
        )
        return (
            f"{len(self.units)} enheder: {kinds.get('tilbud', 0)} tilbud og "
            f"{kinds.get('plejefamilie', 0)} plejefamilier. Aktuel risikokategori: {colours}."
        )

    def distribution(self, by: str, phase: Phase | None) -> pd.DataFrame:
        table = colour_distribution(self.units, current_categories(self.assessments, phase), (by,))
        return table.rename(index=code_labels(by))

    def suggested(self, by: str) -> pd.DataFrame:
        suggested = evaluate_portfolio(self.units.set_index("id"), self.catalogue).categories
        table = colour_distribution(self.units, suggested, (by,))
        return table.drop(columns="ingen").rename(index=code_labels(by))

    def overdue_count(self) -> int:
        return int(visit_status(self.units, self.rules, self.as_of)["overdue"].sum())


class PortfolioOverview(widgets.VBox):
    """Choose a grouping and a phase; the bars and tables follow."""

    def __init__(self, data: OverviewData) -> None:
        self.data = data
        self.grouping = widgets.ToggleButtons(
            options=[(label, key) for key, label in GROUPINGS.items()],
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

    def _headline(self) -> str:
        data = self.data
        stamp = (
            data.provenance.describe()
            if data.provenance
            else "Datakilden er ikke registreret for dette lager."
        )
        return (
            f"<p><small>{escape(stamp)}</small><br>"
            f"Tilsynsbesøg overskredet pr. {data.as_of.isoformat()} efter regelsættet "
            f"«{escape(data.rules.title)}»: <b>{data.overdue_count()}</b>. "
            f"Kriteriekatalog: {escape(data.catalogue.title)} (version "
            f"{escape(data.catalogue.version)}).</p>"
        )

    def _transitions(self) -> str:
        matrix = transition_matrix(self.data.assessments)
        names = {c.value: labels().category(c).label for c in RiskCategory}
        readable = matrix.rename(index=names, columns=names)
        return frame_table(readable, "Antal enheder; rækker: præ, kolonner: post")

    def _refresh(self, _change: object = None) -> None:
        by = str(self.grouping.value)
        phase = None if self.phase.value == "seneste" else Phase(self.phase.value)
        chosen = self.data.distribution(by, phase)
        self.chosen.value = colour_bars(chosen) + frame_table(
            chosen.rename(columns=_column_names()), "Antal enheder"
        )
        self.suggested.value = colour_bars(self.data.suggested(by))


def _column_names() -> dict[str, str]:
    names = {c.value: labels().category(c).label for c in RiskCategory}
    names["ingen"] = "Ingen vurdering"
    return names
