"""Filter dropdowns shared by the apps: "Alle" first, then each code's Danish label."""

from __future__ import annotations

from collections.abc import Iterable

import ipywidgets as widgets

from tilsynwidgets.domain.core.units import Socialtilsyn, UnitType
from tilsynwidgets.domain.labels import label_of

__all__ = ["ALL", "choice", "socialtilsyn_choice", "unit_type_choice"]

ALL = ("Alle", "")


def choice(description: str, options: Iterable[tuple[str, str]]) -> widgets.Dropdown:
    """A dropdown whose value "" means no filter."""
    return widgets.Dropdown(description=description, options=[ALL, *options], value="")


def socialtilsyn_choice(places: Iterable[str] | None = None) -> widgets.Dropdown:
    """The socialtilsyn in ``places`` (codes; default: all five), in the usual order."""
    shown = set(Socialtilsyn) if places is None else {Socialtilsyn(p) for p in places}
    return choice("Socialtilsyn", ((label_of(s), s.value) for s in Socialtilsyn if s in shown))


def unit_type_choice() -> widgets.Dropdown:
    return choice("Type", ((label_of(t), t.value) for t in UnitType))
