"""Drill-down: from a figure of the leadership review to the units behind it, and from a
unit to its history."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import ipywidgets as widgets

from tilsynwidgets.domain.core.categories import Phase, RiskCategory
from tilsynwidgets.domain.core.units import Socialtilsyn
from tilsynwidgets.domain.labels import code_labels, label_of, labels
from tilsynwidgets.domain.portfolio.figures import COLOURS
from tilsynwidgets.domain.portfolio.leadership import (
    units_missing_measure,
    units_with_colour,
    units_with_quarter_colour,
    units_with_template,
    units_with_transition,
)
from tilsynwidgets.domain.portfolio.leadership_view import LeadershipView
from tilsynwidgets.domain.portfolio.visits import (
    units_with_intensified_plans,
    units_with_unannounced_visits,
)
from tilsynwidgets.store.store import Store
from tilsynwidgets.widgets.unit.card import history_html

__all__ = ["SECTIONS", "DrillDown", "figures"]

Finder = Callable[[], list[str]]
Figures = dict[str, Finder]


_PHASE = {Phase.PRAE: "Præ", Phase.POST: "Post"}


def _colour_name(colour: str) -> str:
    return "ingen vurdering" if colour == "ingen" else labels().category(RiskCategory(colour)).label


def _colours(view: LeadershipView, by: str) -> Figures:
    found: Figures = {}
    codes = {label: code for code, label in code_labels(by).items()}
    for phase in (Phase.PRAE, Phase.POST):
        categories = view.categories(phase)
        table = view.distribution(phase, by)
        for group, row in table.iterrows():
            code = codes.get(str(group), str(group))
            for colour in (*COLOURS, "ingen"):
                count = int(row.get(colour, 0))
                if count:
                    name = f"{_PHASE[phase]}: {_colour_name(colour)} i {group} ({count})"
                    found[name] = partial(
                        units_with_colour, view.units, categories, colour, code, by
                    )
    return found


def _quarters(view: LeadershipView, _by: str) -> Figures:
    found: Figures = {}
    for quarter, row in view.by_quarter().iterrows():
        for colour in (*COLOURS, "ingen"):
            count = int(row[colour])
            if count:
                found[f"{quarter}: {_colour_name(colour)} ({count})"] = partial(
                    units_with_quarter_colour, view.units, view.facts.quarters, str(quarter), colour
                )
    return found


def _transitions(view: LeadershipView, _by: str) -> Figures:
    found: Figures = {}
    matrix = view.transitions()
    for prae in matrix.index:
        for post in matrix.columns:
            count = int(matrix.loc[prae, post])
            if count:
                name = (
                    f"Præ {_colour_name(str(prae)).lower()} → post "
                    f"{_colour_name(str(post)).lower()} ({count})"
                )
                found[name] = partial(
                    units_with_transition, view.units, view.assessments, str(prae), str(post)
                )
    return found


def _visits(view: LeadershipView, _by: str) -> Figures:
    overdue = view.overdue()
    found: Figures = {f"Overskredne tilsynsbesøg ({len(overdue)})": partial(list, overdue)}
    found |= _per_socialtilsyn(
        view,
        "Planer med uanmeldte besøg",
        lambda tilsyn: units_with_unannounced_visits(view.units, view.plan_visits, tilsyn),
    )
    return found


def _support(view: LeadershipView, _by: str) -> Figures:
    found: Figures = {}
    for key, row in view.support().iterrows():
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
    return found


def _resources(view: LeadershipView, _by: str) -> Figures:
    return _per_socialtilsyn(
        view,
        "Planer for rød og gul (intensiveret)",
        lambda tilsyn: units_with_intensified_plans(view.units, view.plans, tilsyn),
    )


def _per_socialtilsyn(view: LeadershipView, what: str, find: Callable[[str], list[str]]) -> Figures:
    """One figure per socialtilsyn in the view with units found (computed now: the count
    is in the name)."""
    found: Figures = {}
    for tilsyn in _socialtilsyn_of(view):
        ids = find(tilsyn.value)
        if ids:
            found[f"{what} i {label_of(tilsyn)} ({len(ids)})"] = partial(list, ids)
    return found


def _automatism(view: LeadershipView, _by: str) -> Figures:
    found: Figures = {}
    for team, row in view.automatism().iterrows():
        if row["unchanged"]:
            found[f"Plan lig skabelonen – {team} ({int(row['unchanged'])})"] = partial(
                units_with_template, view.units, view.plans, str(team)
            )
    return found


def _socialtilsyn_of(view: LeadershipView) -> list[Socialtilsyn]:
    present = set(view.units["socialtilsyn"])
    return [s for s in Socialtilsyn if s.value in present]


SECTIONS: dict[str, Callable[[LeadershipView, str], Figures]] = {
    "Risikokategorier præ og post": _colours,
    "Bevægelse over tid (pr. kvartal)": _quarters,
    "Præ → post": _transitions,
    "Tilsynsbesøg": _visits,
    "Organisatorisk understøttelse": _support,
    "Ressourcer": _resources,
    "Modvirk automatik": _automatism,
}
"""Sections of the review → their figures (Danish names with counts) and how to find the
units behind each; a section's figures are computed when it is chosen."""


def figures(view: LeadershipView, by: str = "socialtilsyn") -> Figures:
    """Every figure of every section (for tests and exports); the app computes one section
    at a time."""
    return {name: find for section in SECTIONS.values() for name, find in section(view, by).items()}


class DrillDown(widgets.VBox):
    def __init__(self, store: Store) -> None:
        self.store = store
        self.finders: Figures = {}
        self.view: LeadershipView | None = None
        self.by = "socialtilsyn"
        self.section = widgets.Dropdown(
            description="Afsnit",
            options=[("— vælg et afsnit —", ""), *((name, name) for name in SECTIONS)],
            value="",
            layout=widgets.Layout(width="60%"),
        )
        self.figure = widgets.Dropdown(
            description="Tal", options=[], layout=widgets.Layout(width="60%")
        )
        self.units = widgets.Select(
            description="Enheder", options=[], rows=8, layout=widgets.Layout(width="60%")
        )
        self.history = widgets.HTML()
        self.section.observe(self._section_chosen, names=["value"])
        self.figure.observe(self._figure_chosen, names=["value"])
        self.units.observe(self._unit_chosen, names=["value"])
        super().__init__([self.section, self.figure, self.units, self.history])

    def show(self, view: LeadershipView, by: str = "socialtilsyn") -> None:
        """Follow a new view (filters changed): the chosen section is computed again."""
        self.view, self.by = view, by
        self._section_chosen({"new": self.section.value})

    def _section_chosen(self, change: dict[str, object]) -> None:
        name = change["new"]
        if self.view is not None and isinstance(name, str) and name in SECTIONS:
            self.finders = SECTIONS[name](self.view, self.by)
        else:
            self.finders = {}
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
