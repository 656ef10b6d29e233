"""The portfolio overview's figures: colours per grouping, the catalogue's suggestions,
præ→post movements and overdue visits, for a period of history. Tables are indexed by codes;
the overview applies the Danish labels when it draws them.

The figures are those of the leadership review's view (:class:`LeadershipView`) over the same
frames, so the two apps count alike, the period restricts history the same way
(:func:`~tilsynwidgets.domain.portfolio.leadership.restrict_history`) and every count opens
the units behind it with the same drill-down (:mod:`~tilsynwidgets.domain.portfolio.drilldown`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

import pandas as pd

from tilsynwidgets.domain.core.categories import Phase
from tilsynwidgets.domain.core.provenance import Provenance
from tilsynwidgets.domain.information.queue import suggestions_of
from tilsynwidgets.domain.intensity.rulesets import LegalRuleSet
from tilsynwidgets.domain.portfolio.leadership import Filters
from tilsynwidgets.domain.portfolio.leadership_view import LeadershipData, LeadershipView
from tilsynwidgets.domain.risk.criteria import CriteriaCatalogue
from tilsynwidgets.domain.risk.current import current_categories

__all__ = ["GROUPINGS", "OverviewData", "no_history"]

# The columns the overview can split by.
GROUPINGS = ("socialtilsyn", "unit_type", "team")

_HISTORY_COLUMNS = {
    "plans": (
        "unit_id",
        "category",
        "estimated_hours",
        "template_unchanged",
        "ruleset_id",
        "author",
        "decided_at",
    ),
    "plan_visits": ("unit_id", "decided_at", "announced_per_year", "unannounced_per_year"),
    "changes": ("unit_id", "measure_id", "in_place", "author", "changed_at"),
}


def no_history(kind: str) -> pd.DataFrame:
    """An empty frame of the store's ``plans``, ``plan_visits`` or ``changes`` (the overview
    counts none of them; a hand-made portfolio need not give them)."""
    columns = _HISTORY_COLUMNS[kind]
    return pd.DataFrame(
        {
            name: pd.Series(dtype="datetime64[ns, UTC]" if name.endswith("_at") else object)
            for name in columns
        }
    )


@dataclass(frozen=True)
class OverviewData:
    """What the overview shows, computed from the store's frames."""

    units: pd.DataFrame
    assessments: pd.DataFrame
    catalogue: CriteriaCatalogue
    rules: LegalRuleSet
    as_of: date
    provenance: Provenance | None = None
    plans: pd.DataFrame = field(default_factory=lambda: no_history("plans"))
    plan_visits: pd.DataFrame = field(default_factory=lambda: no_history("plan_visits"))
    changes: pd.DataFrame = field(default_factory=lambda: no_history("changes"))

    @cached_property
    def review(self) -> LeadershipData:
        """The same frames as the leadership review reads them, with today's suggestions."""
        return LeadershipData(
            units=self.units,
            assessments=self.assessments,
            plans=self.plans,
            plan_visits=self.plan_visits,
            changes=self.changes,
            rules=self.rules,
            as_of=self.as_of,
            provenance=self.provenance,
            suggested_now=suggestions_of(self.units.set_index("id"), self.catalogue),
        )

    def view(self, period: tuple[date, date] | None = None) -> LeadershipView:
        """The figures with history restricted to ``period`` (None: all of it)."""
        return self.review.view(Filters(period=period))

    def kind_counts(self) -> pd.Series:
        """Units per kind code (``tilbud``, ``plejefamilie``)."""
        return self.units["kind"].value_counts()

    def current_counts(self) -> pd.Series:
        """Units per current category code; units never assessed are not counted."""
        return current_categories(self.assessments).value_counts()

    def distribution(
        self, by: str, phase: Phase | None, period: tuple[date, date] | None = None
    ) -> pd.DataFrame:
        """Current colours (or those of one phase) per code of ``by``, with ``ingen``."""
        return self.view(period).distribution(phase, by)

    def suggested(self, by: str) -> pd.DataFrame:
        """The catalogue's suggestion per code of ``by``: the colours and, apart, the units
        it gives no suggestion (``intet_forslag``: too little known), never counted as grøn."""
        return self.view().suggested(by)

    def no_suggestion_count(self) -> int:
        """Units the catalogue gives no suggestion: too little is known about them."""
        return len(self.units) - len(self.view().suggestions())

    def transitions(self, period: tuple[date, date] | None = None) -> pd.DataFrame:
        """Units per præ colour (rows) and post colour (columns), latest cycle per unit."""
        return self.view(period).transitions()

    def overdue_count(self) -> int:
        return len(self.view().overdue())
