"""The figures of the leadership review for one set of filters: pure pandas over the store's
frames, so the app only draws them and the exports write the same numbers."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, wraps
from typing import TypeVar, cast

import pandas as pd

from tilsynwidgets.domain.categories import Phase
from tilsynwidgets.domain.labels import label_of
from tilsynwidgets.domain.leadership import (
    Filters,
    _measure_status,
    _support_table,
    apply_filters,
    colour_distribution_by_quarter,
    restrict_history,
    template_share,
    units_overdue,
)
from tilsynwidgets.domain.leadership_visits import (
    resource_balance,
    unannounced_share,
    upcoming_visits,
)
from tilsynwidgets.domain.portfolio import (
    _latest_pairs,
    _movements_of,
    _paired,
    _transition_table,
    colour_distribution,
    current_categories,
)
from tilsynwidgets.domain.rulesets import LegalRuleSet
from tilsynwidgets.domain.units import Socialtilsyn, UnitType
from tilsynwidgets.store.provenance import Provenance

__all__ = ["LeadershipData", "LeadershipView"]

T = TypeVar("T")


@dataclass(frozen=True)
class LeadershipData:
    """Everything the review reads from the store, once."""

    units: pd.DataFrame
    assessments: pd.DataFrame
    plans: pd.DataFrame
    plan_visits: pd.DataFrame
    changes: pd.DataFrame
    rules: LegalRuleSet
    as_of: date
    provenance: Provenance | None = None

    def view(self, filters: Filters, capacity: dict[str, float] | None = None) -> LeadershipView:
        return LeadershipView(self, filters, dict(capacity or {}))


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
    def units(self) -> pd.DataFrame:
        return apply_filters(self.data.units, self.filters)

    @cached_property
    def assessments(self) -> pd.DataFrame:
        return restrict_history(self.data.assessments, self.units, self.filters.period)

    @cached_property
    def plans(self) -> pd.DataFrame:
        return restrict_history(self.data.plans, self.units)

    @cached_property
    def plan_visits(self) -> pd.DataFrame:
        return restrict_history(self.data.plan_visits, self.units)

    @cached_property
    def changes(self) -> pd.DataFrame:
        return restrict_history(self.data.changes, self.units)

    @_memo
    def categories(self, phase: Phase | None = None) -> pd.Series:
        return current_categories(self.assessments, phase)

    @_memo
    def distribution(self, phase: Phase | None, by: str = "socialtilsyn") -> pd.DataFrame:
        table = colour_distribution(self.units, self.categories(phase), (by,))
        return table.rename(index=readable(by))

    @_memo
    def by_quarter(self) -> pd.DataFrame:
        period = self.filters.period or _default_period(self.data.as_of)
        return colour_distribution_by_quarter(self.units, self.assessments, period)

    @cached_property
    def _latest_pairs(self) -> pd.DataFrame:
        """Each unit's latest præ → post pair, shared by :meth:`transitions` and :meth:`moved`
        (as :func:`transition_matrix` and :func:`movements` compute it)."""
        return _latest_pairs(_paired(self.assessments))

    @_memo
    def transitions(self) -> pd.DataFrame:
        return _transition_table(self._latest_pairs)

    @_memo
    def moved(self) -> pd.DataFrame:
        return _movements_of(self._latest_pairs)

    @_memo
    def overdue(self) -> list[str]:
        return units_overdue(self.units, self.data.rules, self.data.as_of)

    @_memo
    def unannounced(self) -> pd.DataFrame:
        return unannounced_share(self.units, self.plan_visits).rename(
            index=readable("socialtilsyn")
        )

    @_memo
    def upcoming(self) -> pd.DataFrame:
        return upcoming_visits(self.units, self.plan_visits, self.data.as_of).rename(
            index=readable("socialtilsyn")
        )

    @_memo
    def support(self) -> pd.DataFrame:
        # support_gaps, with the view's current categories instead of computing them again
        status = _measure_status(
            self.units, self.assessments, self.changes, None, self.categories(None)
        )
        return _support_table(status)

    @_memo
    def resources(self) -> pd.DataFrame:
        return resource_balance(self.units, self.plans, self.capacity, self.data.as_of)

    @_memo
    def automatism(self) -> pd.DataFrame:
        return template_share(self.units, self.plans)


def readable(by: str) -> dict[str, str]:
    """Codes → Danish labels for an index of socialtilsyn or unit types."""
    if by == "socialtilsyn":
        return {s.value: label_of(s) for s in Socialtilsyn}
    if by == "unit_type":
        return {t.value: label_of(t) for t in UnitType}
    return {}


def _default_period(as_of: date) -> tuple[date, date]:
    return date(as_of.year - 1, 1, 1), as_of
