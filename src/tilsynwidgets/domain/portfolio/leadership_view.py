"""The figures of the leadership review for one set of filters: pure pandas over the store's
frames, so the app only draws them and the exports write the same numbers.

What waits for a decision (the reconsideration queue, overdue påbud, skærpet tilsyn ending)
is a fact of the data's day, not of a period: it is computed once for the whole portfolio on
``as_of`` from all the history, and a view only selects its units' rows (the period filter
does not apply to it)."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, wraps
from typing import TypeVar, cast

import numpy as np
import numpy.typing as npt
import pandas as pd

from tilsynwidgets.domain.core.categories import Phase
from tilsynwidgets.domain.core.provenance import Provenance
from tilsynwidgets.domain.information.as_of import RECORD_COLUMNS
from tilsynwidgets.domain.information.kinds import InformationKinds, information_kinds
from tilsynwidgets.domain.information.queue import (
    ending_heightened,
    overdue_orders,
    queue_summary,
    reconsideration_queue,
)
from tilsynwidgets.domain.intensity.rulesets import LegalRuleSet
from tilsynwidgets.domain.portfolio.figures import (
    colour_distribution,
    latest_pairs,
    latest_plans,
    movements_of,
    paired,
    transition_table,
    visit_status,
)
from tilsynwidgets.domain.portfolio.leadership import (
    Filters,
    count_quarter_codes,
    filter_mask,
    measure_status,
    quarter_codes,
    restrict_history,
    support_table,
    template_share,
)
from tilsynwidgets.domain.portfolio.visits import (
    resource_balance,
    unannounced_share,
    upcoming_visits,
)
from tilsynwidgets.domain.risk.current import current_categories
from tilsynwidgets.domain.risk.evaluation import NO_SUGGESTION_CODE

__all__ = [
    "ALL",
    "WAITING_BY",
    "LeadershipData",
    "LeadershipView",
    "PeriodFacts",
    "default_period",
    "no_records",
]

T = TypeVar("T")

WAITING_BY = ("socialtilsyn", "team")
"""How the summary of what waits is split (:meth:`LeadershipView.waiting`)."""
ALL = "alle"
"""The group code of the summary's total row (:meth:`LeadershipView.waiting_total`)."""


def no_records() -> pd.DataFrame:
    """An empty records frame (:data:`RECORD_COLUMNS`): a portfolio without information."""
    return pd.DataFrame({name: pd.Series(dtype=object) for name in RECORD_COLUMNS})


@dataclass(frozen=True)
class PeriodFacts:
    """Per-unit facts over the whole portfolio for one period, computed once.

    Every figure of the review is a count over units, and each unit's facts (its current
    colour, latest præ → post pair, colour per quarter end, support measures) depend only
    on its own history. So they are computed once for all units, and a filter change
    only selects rows: the same answer as computing them on the filtered frames.
    """

    categories: dict[Phase | None, pd.Series]
    pairs: pd.DataFrame
    quarters: pd.DataFrame
    support: pd.DataFrame


@dataclass(frozen=True)
class LeadershipData:
    """Everything the review reads from the store, once.

    ``information`` is the records frame (``Store.information_frame()``); ``suggested_now``
    maps unit id to the suggestion of the catalogue in force on ``as_of`` (a code, or
    missing where it gives none). Without ``suggested_now`` no suggestion is known to have
    moved, so only information that requires a decision puts a unit on the queue
    (:attr:`suggestions_known` says which).
    """

    units: pd.DataFrame
    assessments: pd.DataFrame
    plans: pd.DataFrame
    plan_visits: pd.DataFrame
    changes: pd.DataFrame
    rules: LegalRuleSet
    as_of: date
    provenance: Provenance | None = None
    information: pd.DataFrame = field(default_factory=no_records)
    suggested_now: pd.Series | None = None
    kinds: InformationKinds = field(default_factory=information_kinds)
    _facts: dict[tuple[date, date] | None, PeriodFacts] = field(
        default_factory=dict, repr=False, compare=False
    )

    def view(self, filters: Filters, capacity: dict[str, float] | None = None) -> LeadershipView:
        return LeadershipView(self, filters, dict(capacity or {}))

    def facts(self, period: tuple[date, date] | None) -> PeriodFacts:
        """The per-unit facts for ``period`` (None: all history), computed on first use."""
        if period not in self._facts:
            history = restrict_history(self.assessments, self.units, period)
            categories = {phase: current_categories(history, phase) for phase in _PHASES}
            self._facts[period] = PeriodFacts(
                categories=categories,
                pairs=latest_pairs(paired(history)),
                quarters=quarter_codes(self.units, history, period or default_period(self.as_of)),
                support=measure_status(self.units, history, self.changes, None, categories[None]),
            )
        return self._facts[period]

    @cached_property
    def current_plans(self) -> pd.DataFrame:
        """Each unit's latest plan (``latest_plans``), as rows with a ``unit_id`` column."""
        return latest_plans(self.plans).reset_index()

    @cached_property
    def current_plan_visits(self) -> pd.DataFrame:
        """Each unit's latest planned visits, as rows with a ``unit_id`` column."""
        return latest_plans(self.plan_visits).reset_index()

    @cached_property
    def visits(self) -> pd.DataFrame:
        """Per unit (indexed by id): last visit, due date and whether it is overdue under the
        rule set on ``as_of`` (:func:`visit_status`)."""
        return visit_status(self.units, self.rules, self.as_of)

    @cached_property
    def overdue_flags(self) -> npt.NDArray[np.bool_]:
        """Per row of ``units``: overdue under the rule set on ``as_of``."""
        return self.visits["overdue"].to_numpy(dtype=bool)

    @property
    def suggestions_known(self) -> bool:
        """Whether today's suggestions were given (else the queue ignores moved suggestions)."""
        return self.suggested_now is not None

    @cached_property
    def queue(self) -> pd.DataFrame:
        """The reconsideration queue of the whole portfolio on ``as_of``
        (:func:`reconsideration_queue`, all history: the period does not apply)."""
        return reconsideration_queue(
            self.information, self.assessments, self._suggestions(), self.as_of, self.kinds
        )

    @cached_property
    def orders_overdue(self) -> pd.DataFrame:
        """Påbud past their deadline on ``as_of`` (:func:`overdue_orders`)."""
        return overdue_orders(self.information, self.as_of)

    @cached_property
    def heightened_ending(self) -> pd.DataFrame:
        """Skærpet tilsyn ending soon after ``as_of`` (:func:`ending_heightened`)."""
        return ending_heightened(self.information, self.as_of, self.kinds)

    def _suggestions(self) -> pd.Series:
        """Today's suggestion per unit; when not given, the one recorded at each unit's latest
        assessment, so that no suggestion counts as moved."""
        if self.suggested_now is not None:
            return self.suggested_now.astype(object)
        ordered = self.assessments.sort_values("assessed_at", kind="stable")
        latest = ordered.drop_duplicates("unit_id", keep="last").set_index("unit_id")
        return latest["suggested"].astype(object)


_PHASES: tuple[Phase | None, ...] = (None, Phase.PRAE, Phase.POST)


def _memo(method: Callable[..., T]) -> Callable[..., T]:
    """Compute a figure once per view: the app, the drill-down and the exports share it."""

    @wraps(method)
    def cached(self: LeadershipView, *args: Hashable) -> T:
        key = (method.__name__, *args)
        if key not in self._cache:
            self._cache[key] = method(self, *args)
        return cast("T", self._cache[key])

    return cached


@dataclass(frozen=True)
class LeadershipView:
    data: LeadershipData
    filters: Filters
    capacity: dict[str, float] = field(default_factory=dict)
    _cache: dict[tuple[Hashable, ...], object] = field(default_factory=dict, repr=False)

    @cached_property
    def rows(self) -> npt.NDArray[np.bool_]:
        """Which rows of the portfolio's units the filters select."""
        return filter_mask(self.data.units, self.filters)

    @cached_property
    def units(self) -> pd.DataFrame:
        return self.data.units[self.rows]

    @cached_property
    def facts(self) -> PeriodFacts:
        return self.data.facts(self.filters.period)

    def _of_units(self, frame: pd.DataFrame, column: str = "unit_id") -> pd.DataFrame:
        return frame[frame[column].isin(self.units["id"])]

    @cached_property
    def assessments(self) -> pd.DataFrame:
        return restrict_history(self.data.assessments, self.units, self.filters.period)

    @cached_property
    def plans(self) -> pd.DataFrame:
        """The current plan of each selected unit (what every plan figure counts)."""
        return self._of_units(self.data.current_plans)

    @cached_property
    def plan_visits(self) -> pd.DataFrame:
        return self._of_units(self.data.current_plan_visits)

    @cached_property
    def changes(self) -> pd.DataFrame:
        return restrict_history(self.data.changes, self.units)

    @_memo
    def categories(self, phase: Phase | None = None) -> pd.Series:
        found = self.facts.categories[phase]
        return found[found.index.isin(self.units["id"])]

    @_memo
    def distribution(self, phase: Phase | None, by: str = "socialtilsyn") -> pd.DataFrame:
        return colour_distribution(self.units, self.categories(phase), (by,))

    @_memo
    def suggested(self, by: str = "socialtilsyn") -> pd.DataFrame:
        """Today's suggestion of the catalogue per code of ``by`` (columns rød, gul, grøn and
        ``intet_forslag``: units it gives none, never counted as grøn); all units without
        one when the suggestions were not given (:attr:`LeadershipData.suggestions_known`)."""
        table = colour_distribution(self.units, self.suggestions(), (by,))
        return table.rename(columns={"ingen": NO_SUGGESTION_CODE})

    def suggestions(self) -> pd.Series:
        """Today's suggestion per unit id (a code; missing where there is none)."""
        given = self.data.suggested_now
        return pd.Series(dtype=object) if given is None else given.dropna()

    @_memo
    def by_quarter(self) -> pd.DataFrame:
        return count_quarter_codes(self.facts.quarters, self.rows)

    @cached_property
    def latest_pairs(self) -> pd.DataFrame:
        """Each unit's latest præ → post pair, shared by :meth:`transitions` and :meth:`moved`
        (as :func:`transition_matrix` and :func:`movements` compute it)."""
        return self._of_units(self.facts.pairs)

    @_memo
    def transitions(self) -> pd.DataFrame:
        return transition_table(self.latest_pairs)

    @_memo
    def moved(self) -> pd.DataFrame:
        return movements_of(self.latest_pairs)

    @_memo
    def overdue(self) -> list[str]:
        return sorted(self.data.units.loc[self.rows & self.data.overdue_flags, "id"].tolist())

    @_memo
    def unannounced(self) -> pd.DataFrame:
        return unannounced_share(self.units, self.plan_visits)

    @_memo
    def upcoming(self) -> pd.DataFrame:
        return upcoming_visits(self.units, self.plan_visits, self.data.as_of)

    @_memo
    def support(self) -> pd.DataFrame:
        return support_table(self._of_units(self.facts.support, "id"))

    @_memo
    def resources(self) -> pd.DataFrame:
        return resource_balance(self.units, self.plans, self.capacity, self.data.as_of)

    @_memo
    def automatism(self) -> pd.DataFrame:
        return template_share(self.units, self.plans)

    @cached_property
    def queue(self) -> pd.DataFrame:
        """The selected units' rows of the reconsideration queue (longest wait first)."""
        return self._of_units(self.data.queue).reset_index(drop=True)

    @cached_property
    def orders_overdue(self) -> pd.DataFrame:
        """The selected units' påbud past their deadline (most overdue first)."""
        return self._of_units(self.data.orders_overdue).reset_index(drop=True)

    @cached_property
    def heightened_ending(self) -> pd.DataFrame:
        """The selected units' skærpet tilsyn ending soon (soonest first)."""
        return self._of_units(self.data.heightened_ending).reset_index(drop=True)

    @_memo
    def waiting(self) -> pd.DataFrame:
        """What waits for a decision per socialtilsyn and team (:func:`queue_summary`)."""
        return self._waiting(self.units, WAITING_BY)

    @_memo
    def waiting_total(self) -> pd.DataFrame:
        """The same for all the selected units together: one row, indexed :data:`ALL` (none
        when nothing waits)."""
        return self._waiting(self.units[["id"]].assign(total=ALL), ("total",))

    def _waiting(self, units: pd.DataFrame, by: tuple[str, ...]) -> pd.DataFrame:
        return queue_summary(
            self.queue,
            units,
            self.orders_overdue,
            self.heightened_ending,
            by=by,
            kinds=self.data.kinds,
        )


def default_period(as_of: date) -> tuple[date, date]:
    """The period the review and the overview open with: 1 January last year to ``as_of``."""
    return date(as_of.year - 1, 1, 1), as_of
