"""Where a problem is shown: under the nearest shown field, or in the form-level area.

Pydantic reports a location (``("visits", "announced_per_year")``); extra checks report a
path (``"visits.announced_per_year"``). Both go to the deepest shown node that contains
them; what no shown node contains (model-level rules, fixed fields) goes to the form.
"""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import BaseModel

from tilsynwidgets.domain.core.messages import field_name
from tilsynwidgets.forms._draft import Loc, parent_path, path_of
from tilsynwidgets.forms._errors import Problem
from tilsynwidgets.forms._fields import Node

__all__ = ["line_text", "place_loc", "place_path", "related"]


def place_loc(loc: Loc, message: str, nodes: Mapping[str, Node], model: type[BaseModel]) -> Problem:
    """A pydantic error at the nearest shown node containing ``loc``."""
    for end in range(len(loc), 0, -1):
        path = path_of(loc[:end])
        if path in nodes:
            return Problem(path, message, nodes[path].spec.title)
    return Problem("", message, _title_of(loc, model))


def place_path(
    path: str, message: str, nodes: Mapping[str, Node], model: type[BaseModel]
) -> Problem:
    """An extra check's problem at ``path`` or its nearest shown parent."""
    where = path
    while where and where not in nodes:
        where = parent_path(where)
    if where:
        return Problem(where, message, nodes[where].spec.title)
    return Problem("", message, _title_of((path.split(".")[0],), model) if path else "")


def line_text(problem: Problem) -> str:
    """A field's own line needs no title; the form-level area does."""
    return problem.message if problem.path else str(problem)


def related(path: str, touched: str) -> bool:
    """True when one path is the other or lies inside it (``""`` holds everything).

    A field's errors show once it, or a section around it, was touched; a section's
    errors show once anything inside it was.
    """
    if path == touched or not path or not touched:
        return True
    inner, outer = (path, touched) if len(path) > len(touched) else (touched, path)
    return inner.startswith((f"{outer}.", f"{outer}["))


def _title_of(loc: Loc, model: type[BaseModel]) -> str:
    """Name a field that is not shown (e.g. a fixed one) by its Danish title, so the message
    is not orphaned: ``Begrundelse 1, Forklaring``."""
    return field_name(loc, model)
