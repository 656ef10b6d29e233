"""Choose a unit: search by name or id, filter by socialtilsyn, type and current colour, and
(where the inspector's team is known) by their own team."""

from __future__ import annotations

import ipywidgets as widgets
import pandas as pd
from traitlets import Unicode

from tilsynwidgets.domain.core.categories import RiskCategory
from tilsynwidgets.domain.core.danish_numbers import counted, danish_count
from tilsynwidgets.domain.core.unit_search import UnitQuery, find_units
from tilsynwidgets.domain.labels import labels
from tilsynwidgets.presentation.html import escape
from tilsynwidgets.widgets.common.choices import choice, socialtilsyn_choice, unit_type_choice

__all__ = ["UnitPicker"]


class UnitPicker(widgets.VBox):
    """The chosen unit id is the ``unit_id`` trait ("" when none)."""

    unit_id = Unicode("")

    def __init__(
        self,
        units: pd.DataFrame,
        categories: pd.Series,
        limit: int = 200,
        team: str | None = None,
    ) -> None:
        self.units = units
        self.categories = categories
        self.limit = limit
        self.team = team
        known = team is not None and bool((units["team"] == team).any())
        # On by default where the team is known: an inspector works on their own units first.
        self.my_team = widgets.Checkbox(
            value=known,
            description=f"Kun mit team ({team})" if known else "Kun mit team",
            indent=False,
            layout=widgets.Layout(width="auto", display=None if known else "none"),
        )
        self.search = widgets.Text(
            description="Søg", placeholder="Navn eller id", continuous_update=True
        )
        # The socialtilsyn of the units given: those the person may see.
        self.socialtilsyn = socialtilsyn_choice(units["socialtilsyn"].astype(str).unique())
        self.unit_type = unit_type_choice()
        colours = [
            (f"{labels().category(c).symbol} {labels().category(c).label}", c.value)
            for c in sorted(RiskCategory, reverse=True)
        ]
        self.category = choice("Farve", [*colours, ("Ikke vurderet", "ingen")])
        self.results = widgets.Select(
            options=[], rows=10, layout=widgets.Layout(width="auto"), description="Enheder"
        )
        self.count = widgets.HTML()
        self.clear = widgets.Button(
            description="Ryd søgning og filtre",
            icon="times",
            layout=widgets.Layout(width="auto", display="none"),
        )
        self.clear.on_click(lambda _button: self.clear_query())
        self._found = (0, 0)  # (units found, units listed) by the latest search
        for control in (
            self.search,
            self.socialtilsyn,
            self.unit_type,
            self.category,
            self.my_team,
        ):
            control.observe(self._refresh, names=["value"])
        self.results.observe(self._chosen, names=["value"])
        super().__init__(
            [
                widgets.HBox([self.search, self.socialtilsyn]),
                widgets.HBox([self.unit_type, self.category, self.my_team]),
                widgets.HBox([self.count, self.clear]),
                self.results,
            ]
        )
        self._refresh()

    def query(self) -> UnitQuery:
        return UnitQuery(
            text=self.search.value,
            socialtilsyn=self.socialtilsyn.value or None,
            unit_type=self.unit_type.value or None,
            category=self.category.value or None,
            team=self.team if self.my_team.value else None,
        )

    def clear_query(self) -> None:
        """Empty the search and every filter: all units are listed again."""
        self.search.value = ""
        self.my_team.value = False
        for control in (self.socialtilsyn, self.unit_type, self.category):
            control.value = control.options[0][1]

    def choose(self, unit_id: str) -> None:
        """Choose ``unit_id`` from outside the list (the queue's «Åbn»): selected in the list
        when the filters show it, else named in the count line as chosen but not listed."""
        if unit_id not in set(self.units["id"]):
            raise ValueError(f"Enheden '{unit_id}' findes ikke.")
        listed = any(value == unit_id for _label, value in self.results.options)
        self.unit_id = unit_id
        if listed:
            self.results.value = unit_id
        self._show_count(hidden=not listed)

    def update_category(self, unit_id: str, category: RiskCategory) -> None:
        """After a new assessment: the unit's current colour changed."""
        self.categories = self.categories.copy()
        self.categories.loc[unit_id] = category.value
        self._refresh()

    def _refresh(self, _change: object = None) -> None:
        found = find_units(self.units, self.categories, self.query(), self.limit)
        symbols = {c.value: labels().category(c).symbol for c in RiskCategory}
        options = [
            (f"{symbols.get(str(category), '○')} {unit_id} – {name}", str(unit_id))
            for unit_id, name, category in zip(
                found["id"], found["name"], found["category"], strict=True
            )
        ]
        keep = self.unit_id if self.unit_id in set(found["id"]) else None
        with self.results.hold_sync():
            # A Select picks its first option when its options change, unless nothing is
            # selected (ipywidgets 8): clear the selection first, so no unit is chosen on
            # the way, then select the chosen unit if the filters show it.
            self.results.index = None
            self.results.options = options
            if keep is not None:
                self.results.value = keep
        self._found = (int(found.attrs["total"]), len(found))
        self._show_count(hidden=bool(self.unit_id) and keep is None)
        self.clear.layout.display = None if self.query() != UnitQuery() else "none"

    def _show_count(self, *, hidden: bool) -> None:
        """How many units the search found; ``hidden``: the chosen unit is not among them."""
        total, listed = self._found
        shown = f" (viser de første {danish_count(listed)})" if total > listed else ""
        line = (
            f"{counted(total, 'enhed', 'enheder')} fundet{shown}."
            if total
            else "Ingen enheder passer til søgningen og filtrene."
        )
        if hidden:
            line += (
                f" Den valgte enhed ({escape(self.unit_id)}) er ikke blandt dem, men står "
                "stadig nedenfor."
            )
        self.count.value = f"<small>{line}</small>"

    def _chosen(self, change: dict[str, object]) -> None:
        # The user can only select a unit. No selection comes from _refresh (a filter that
        # hides the chosen unit clears the list's selection, not the unit the inspector is
        # working on), and so does the chosen unit itself, which changes nothing.
        value = change["new"]
        if isinstance(value, str) and value and value != self.unit_id:
            self.unit_id = value
            self._show_count(hidden=False)  # chosen in the list, so among those found
