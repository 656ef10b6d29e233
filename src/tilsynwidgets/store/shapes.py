"""The shapes of the domain models stored as JSON, and how an older shape is read today.

Every row that holds a model records the version of the model's shape (``model_shape``).
When a model changes so that rows stored before no longer validate, its table's shape goes
up by one here and an upgrade function from the old shape is added to :data:`UPGRADES`:
reading an older row runs it through each upgrade in turn, in memory (the stored row,
being history, is never rewritten). A row that still cannot be read is reported as an
:class:`UnreadableRow` naming table and row, and the rest of the list is read.

Shape 1 is the shape of every model in the release before migrations.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from tilsynwidgets.domain.core.messages import danish_error

__all__ = [
    "CURRENT_SHAPES",
    "UPGRADES",
    "RowShapeError",
    "UnreadableRow",
    "current_shape",
    "read_model",
    "read_models",
    "upgraded",
]

M = TypeVar("M", bound=BaseModel)
Upgrade = Callable[[dict[str, Any]], dict[str, Any]]


def _catalogue_marked_illustrative(version: dict[str, Any]) -> dict[str, Any]:
    """Catalogue versions 1 → 2: the catalogue says whether it is illustrative.

    A version stored before it could say so is read as illustrative: it is the packaged
    catalogue, whose thresholds are an illustrative starting point, or was edited from it
    (or imported) when nothing could mark a catalogue as set by anyone. A version that
    already says so keeps what it says.
    """
    catalogue = version.get("catalogue")
    if not isinstance(catalogue, Mapping):
        return version
    return {**version, "catalogue": {"illustrative": True, **catalogue}}


CURRENT_SHAPES: dict[str, int] = {"catalogue_versions": 2}
"""Table → the shape this release writes; tables not named here are at shape 1."""

UPGRADES: dict[tuple[str, int], Upgrade] = {
    ("catalogue_versions", 1): _catalogue_marked_illustrative,
}
"""(table, shape n) → the function that turns a shape-n model into shape n + 1."""

_TABLE_NOUNS = {
    "assessments": "risikovurderinger",
    "plans": "intensitetsplaner",
    "checklist_changes": "tjeklisteændringer",
    "quality_assessments": "kvalitetsvurderinger",
    "self_assessments": "selvevalueringer",
    "information": "oplysninger",
    "training_sessions": "træningsforløb",
    "training_events": "forløbenes hændelser",
    "training_participants": "deltagere",
    "training_answers": "deltagernes svar",
    "training_participant_changes": "facilitators ændringer af deltagerne",
    "catalogue_versions": "kriteriekatalogets versioner",
    "catalogue_in_force": "kriteriekatalogets versioner i brug",
    "export_log": "loggen over eksporter",
}


class RowShapeError(ValueError):
    """A row's shape cannot be brought to this release's (Danish message)."""


def current_shape(table: str) -> int:
    return CURRENT_SHAPES.get(table, 1)


def upgraded(table: str, shape: int, model: Any) -> dict[str, Any]:
    """``model`` of ``shape`` brought to this release's shape through each upgrade."""
    target = current_shape(table)
    if shape > target:
        raise RowShapeError(
            f"rækken er gemt af en nyere udgave af tilsynwidgets (form {shape}; denne udgave "
            f"kender til og med form {target})"
        )
    if not isinstance(model, Mapping):
        raise RowShapeError("rækkens model er ikke et JSON-objekt")
    data = dict(model)
    for step in range(shape, target):
        upgrade = UPGRADES.get((table, step))
        if upgrade is None:
            raise RowShapeError(f"der mangler en opgradering fra form {step} til {step + 1}")
        data = upgrade(data)
    return data


@dataclass(frozen=True, slots=True)
class UnreadableRow:
    """A stored row that could not be read as today's model: which, and why (Danish)."""

    table: str
    key: str
    reason: str

    def describe(self) -> str:
        noun = _TABLE_NOUNS.get(self.table, self.table)
        return f"Tabellen {self.table} ({noun}), række {self.key}: {self.reason}."


def _reason(exc: ValidationError | RowShapeError) -> str:
    if isinstance(exc, ValidationError):
        first = exc.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or "rækken"
        more = len(exc.errors()) - 1
        extra = f" (og {more} fejl mere)" if more > 0 else ""
        return f"feltet '{field}' {danish_error(first)}{extra}"
    return str(exc)


def read_model(kind: type[M], table: str, key: Any, shape: int, model: Any) -> M | UnreadableRow:
    """One row's model (key, shape, JSON) as today's ``kind``, or why it cannot be read."""
    try:
        return kind.model_validate(upgraded(table, int(shape), model))
    except (ValidationError, RowShapeError) as exc:
        return UnreadableRow(table, str(key), _reason(exc))


def read_models(
    kind: type[M], table: str, rows: Iterable[tuple[Any, int, Any]]
) -> tuple[list[M], list[UnreadableRow]]:
    """The models of ``rows`` (key, shape, JSON), and the rows that could not be read."""
    items: list[M] = []
    problems: list[UnreadableRow] = []
    for key, shape, model in rows:
        found = read_model(kind, table, key, shape, model)
        if isinstance(found, UnreadableRow):
            problems.append(found)
        else:
            items.append(found)
    return items, problems
