"""Drill-down: from a figure of the leadership review to the units behind it, and from a
unit to its history."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import ipywidgets as widgets

from tilsynwidgets.domain.categories import RiskCategory
from tilsynwidgets.domain.labels import label_of, labels
from tilsynwidgets.domain.leadership import (
    units_missing_measure,
    units_with_colour,
    units_with_template,
    units_with_transition,
)
from tilsynwidgets.domain.units import Socialtilsyn
from tilsynwidgets.store.store import Store
from tilsynwidgets.widgets.leadership_view import LeadershipView
from tilsynwidgets.widgets.unit_card import history_html

__all__ = ["DrillDown", "figures"]

Finder = Callable[[], list[str]]


def figures(view: LeadershipView) -> dict[str, Finder]:
    """Danish figure names → how to find the units behind each (computed when chosen)."""
    found: dict[str, Finder] = {}
    categories = view.categories()
    counts = view.distribution(None).rename(index={label_of(s): s.value for s in Socialtilsyn})
    for tilsyn_code, row in counts.iterrows():
        tilsyn = Socialtilsyn(str(tilsyn_code))
        for colour in (RiskCategory.ROED, RiskCategory.GUL):
            count = int(row.get(colour.value, 0))
            if count:
                name = f"{labels().category(colour).label} i {label_of(tilsyn)} ({count})"
                found[name] = partial(
                    units_with_colour, view.units, categories, colour.value, tilsyn.value
                )
    overdue = view.overdue()
    found[f"Overskredne tilsynsbesøg ({len(overdue)})"] = partial(list, overdue)
    matrix = view.transitions()
    for prae in matrix.index:
        for post in matrix.columns:
            count = int(matrix.loc[prae, post])
            if prae != post and count:
                name = (
                    f"Præ {labels().category(RiskCategory(prae)).label.lower()} → post "
                    f"{labels().category(RiskCategory(post)).label.lower()} ({count})"
                )
                found[name] = partial(
                    units_with_transition, view.units, view.assessments, str(prae), str(post)
                )
    support = view.support()
    for key, row in support.iterrows():
        parts: tuple[str, str, str] = key  # type: ignore[assignment]  # (tilsyn, colour, measure)
        tilsyn_code, measure = parts[0], parts[2]
        if row["missing"]:
            tilsyn = Socialtilsyn(str(tilsyn_code))
            name = f"Mangler «{row['title']}» i {label_of(tilsyn)} ({int(row['missing'])})"
            found[name] = partial(
                units_missing_measure,
                view.units,
                view.assessments,
                view.changes,
                str(measure),
                tilsyn.value,
            )
    for team, row in view.automatism().iterrows():
        if row["unchanged"]:
            found[f"Plan lig skabelonen – {team} ({int(row['unchanged'])})"] = partial(
                units_with_template, view.units, view.plans, str(team)
            )
    return found


class DrillDown(widgets.VBox):
    def __init__(self, store: Store) -> None:
        self.store = store
        self.finders: dict[str, Finder] = {}
        self.view: LeadershipView | None = None
        self.figure = widgets.Dropdown(
            description="Tal", options=[], layout=widgets.Layout(width="60%")
        )
        self.units = widgets.Select(
            description="Enheder", options=[], rows=8, layout=widgets.Layout(width="60%")
        )
        self.history = widgets.HTML()
        self.figure.observe(self._figure_chosen, names=["value"])
        self.units.observe(self._unit_chosen, names=["value"])
        super().__init__([self.figure, self.units, self.history])

    def show(self, view: LeadershipView) -> None:
        self.view = view
        self.finders = figures(view)
        self.figure.options = [("— vælg et tal —", ""), *((n, n) for n in self.finders)]
        self.figure.value = ""
        self.units.options = []
        self.history.value = ""

    def _figure_chosen(self, change: dict[str, object]) -> None:
        name = change["new"]
        if not isinstance(name, str) or name not in self.finders or self.view is None:
            self.units.options = []
            return
        ids = self.finders[name]()
        names = self.view.units.set_index("id")["name"]
        self.units.options = [(f"{i} – {names.get(i, '')}", i) for i in ids]
        self.units.index = None
        self.history.value = ""

    def _unit_chosen(self, change: dict[str, object]) -> None:
        unit_id = change["new"]
        if not isinstance(unit_id, str) or not unit_id:
            return
        self.history.value = history_html(
            self.store.assessments(unit_id),
            self.store.plans(unit_id),
            self.store.checklist_changes(unit_id),
        )
