"""The portfolio overview's figures: colours per grouping, the catalogue's suggestions,
præ→post movements and overdue visits. Tables are indexed by codes; the overview applies
the Danish labels when it draws them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from tilsynwidgets.domain.core.categories import Phase
from tilsynwidgets.domain.core.provenance import Provenance
from tilsynwidgets.domain.intensity.rulesets import LegalRuleSet
from tilsynwidgets.domain.portfolio.figures import (
    colour_distribution,
    transition_matrix,
    visit_status,
)
from tilsynwidgets.domain.risk.criteria import CriteriaCatalogue
from tilsynwidgets.domain.risk.current import current_categories
from tilsynwidgets.domain.risk.evaluation import NO_SUGGESTION_CODE, evaluate_portfolio

__all__ = ["GROUPINGS", "OverviewData"]

# The columns the overview can split by.
GROUPINGS = ("socialtilsyn", "unit_type", "team")


@dataclass(frozen=True)
class OverviewData:
    """What the overview shows, computed from the store's frames."""

    units: pd.DataFrame
    assessments: pd.DataFrame
    catalogue: CriteriaCatalogue
    rules: LegalRuleSet
    as_of: date
    provenance: Provenance | None = None

    def kind_counts(self) -> pd.Series:
        """Units per kind code (``tilbud``, ``plejefamilie``)."""
        return self.units["kind"].value_counts()

    def current_counts(self) -> pd.Series:
        """Units per current category code; units never assessed are not counted."""
        return current_categories(self.assessments).value_counts()

    def distribution(self, by: str, phase: Phase | None) -> pd.DataFrame:
        """Current colours (or those of one phase) per code of ``by``, with ``ingen``."""
        return colour_distribution(self.units, current_categories(self.assessments, phase), (by,))

    def suggested(self, by: str) -> pd.DataFrame:
        """The catalogue's suggestion per code of ``by``: the colours and, apart, the units
        it gives no suggestion (``intet_forslag``: too little known), never counted as grøn."""
        table = colour_distribution(self.units, self._suggestions(), (by,))
        return table.rename(columns={"ingen": NO_SUGGESTION_CODE})

    def no_suggestion_count(self) -> int:
        """Units the catalogue gives no suggestion: too little is known about them."""
        return int(self._suggestions().isna().sum())

    def _suggestions(self) -> pd.Series:
        return evaluate_portfolio(self.units.set_index("id"), self.catalogue).categories

    def transitions(self) -> pd.DataFrame:
        """Units per præ colour (rows) and post colour (columns), latest cycle per unit."""
        return transition_matrix(self.assessments)

    def overdue_count(self) -> int:
        return int(visit_status(self.units, self.rules, self.as_of)["overdue"].sum())
