"""Finding units: search by words of the name or id, filter by socialtilsyn, type and
current colour."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

__all__ = ["UnitQuery", "find_units", "search_words"]

_WORD = re.compile(r"[^\s,;.]+")  # "Fyrrely, Horsens" and "fyrrely horsens" are the same words


@dataclass(frozen=True, slots=True)
class UnitQuery:
    """What the inspector typed and chose; empty parts do not filter."""

    text: str = ""
    socialtilsyn: str | None = None
    unit_type: str | None = None
    category: str | None = None
    """A category value, or ``"ingen"`` for units never assessed."""
    team: str | None = None
    """Only the units of this team ("Mit team")."""


def find_units(
    units: pd.DataFrame, categories: pd.Series, query: UnitQuery, limit: int = 200
) -> pd.DataFrame:
    """Matching units (id, name, unit_type, socialtilsyn, team, category), best matches first.

    Every word of the text must occur in the id or the name, in any order and
    case-insensitively ("horsens fyrrely" finds "Fyrrely, Horsens"); an exact id match comes
    first. At most ``limit`` rows are returned; the total is in ``attrs["total"]``.
    """
    frame = units[["id", "name", "unit_type", "socialtilsyn", "team"]]
    category = frame["id"].map(categories).astype(object).fillna("ingen")
    mask = pd.Series(True, index=frame.index)
    text = query.text.strip().casefold()
    words = search_words(text)
    if words:
        haystack = (frame["id"] + " " + frame["name"]).str.casefold()
        for word in words:
            mask &= haystack.str.contains(word, regex=False)
    if query.socialtilsyn:
        mask &= frame["socialtilsyn"] == query.socialtilsyn
    if query.unit_type:
        mask &= frame["unit_type"] == query.unit_type
    if query.category:
        mask &= category == query.category
    if query.team:
        mask &= frame["team"] == query.team
    found = frame[mask].assign(category=category[mask])
    if text:
        exact = found["id"].str.casefold() == text
        found = pd.concat([found[exact], found[~exact]])
    result = found.head(limit).reset_index(drop=True)
    result.attrs["total"] = int(mask.sum())
    return result


def search_words(text: str) -> list[str]:
    """The words of a search, case-folded: ``"Fyrrely, Horsens"`` → ``["fyrrely", "horsens"]``."""
    return _WORD.findall(text.casefold())
