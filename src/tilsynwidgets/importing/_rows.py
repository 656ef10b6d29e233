"""Turn the rows of a table into validated units, counting every problem on the way.

The Unit model is the judge: cells are only parsed into the shapes it expects, and its
validation errors are mapped back to the user's row and column. A signal error from its
model validator names no field and stops at the first bad signal, so a failing row is
also checked signal by signal with the catalogue check the validator itself uses: every
bad signal is then reported at its own column.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from tilsynwidgets.domain.core.errors import Problem
from tilsynwidgets.domain.core.messages import danish_error
from tilsynwidgets.domain.core.signals import SignalCatalogue, signals_context
from tilsynwidgets.domain.core.units import Unit, UnitType
from tilsynwidgets.importing._cells import Cell, CellError, check_control_characters, is_empty
from tilsynwidgets.importing._columns import Header, column_letter, columns
from tilsynwidgets.importing._tables import Table

__all__ = ["MAX_PROBLEMS_SHOWN", "Problems", "stray_values", "units_from_table"]

_ROW_LEVEL = 1_000_000  # sorts a problem about the whole row after its cell problems

MAX_PROBLEMS_SHOWN = 50
"""Most problems kept to show; the rest of a file's problems are only counted."""


@dataclass(slots=True)
class Problems:
    """The first problems of a file, in file order, and how many there are in all.

    A hostile or badly broken file can hold millions of problems: only the first
    :data:`MAX_PROBLEMS_SHOWN` are kept, so memory does not grow with them.
    """

    first: list[Problem] = field(default_factory=list)
    total: int = 0

    def add(self, problems: Iterable[Problem]) -> None:
        for problem in problems:
            if self.total < MAX_PROBLEMS_SHOWN:
                self.first.append(problem)
            self.total += 1


def units_from_table(table: Table, header: Header) -> tuple[list[Unit], Problems]:
    """Validate every row; return the units and the problems (header problems first).

    Signals are checked against the catalogue the header was matched against.

    Units are only kept while the file has no problems: a file with any is refused as a
    whole, so reading on serves only to count and show its problems.
    """
    rows = _RowReader(header, width=len(table.header))
    first_row_of_id: dict[str, int] = {}
    found = Problems()
    found.add(header.problems)
    units: list[Unit] = []
    for row, cells in table.rows:
        unit, identity, problems = rows.read(row, cells, plain_text=table.plain_text)
        if identity in first_row_of_id:
            message = f"id '{identity}' findes også i række {first_row_of_id[identity]}"
            problems.append((rows.position["id"], Problem(header.where(row, "id"), message)))
            unit = None
        elif identity:
            first_row_of_id[identity] = row
        if problems:
            problems.sort(key=lambda item: item[0])  # stable: a column's reasons keep their order
            found.add(problem for _, problem in problems)
        if found.total:
            units.clear()
        elif unit is not None:
            units.append(unit)
    return units, found


class _RowReader:
    """Reads rows against one header; what depends only on the header is worked out once."""

    def __init__(self, header: Header, *, width: int) -> None:
        self.header = header
        self.width = width
        self.position = {column.name: index for index, column in header.positions}
        self.column_of_field = {c.field: c.name for c in columns(header.signals) if not c.is_signal}
        self.context = signals_context(header.signals)
        self.cells = [(i, c.name, c.field, c.parse, c.is_signal) for i, c in header.positions]

    def read(
        self, row: int, cells: Sequence[Cell], *, plain_text: bool = False
    ) -> tuple[Unit | None, str, list[tuple[int, Problem]]]:
        """The row's unit (or None), its id text and its problems with column positions.

        This runs once per row of files with up to 100,000 rows: keep the loop lean.
        """
        data: dict[str, Any] = {}
        signals: dict[str, Any] = {}
        bad: dict[str, str] = {}  # column name -> Danish reason; the first reason wins
        width = len(cells)
        for index, name, target, parse, is_signal in self.cells:
            cell = cells[index] if index < width else None
            if cell is None:
                continue
            if type(cell) is str:
                if not cell or cell.isspace():
                    continue
                if not plain_text:
                    try:
                        check_control_characters(cell)
                    except CellError as exc:
                        bad[name] = str(exc)
                        continue
            try:
                value = parse(cell)
            except CellError as exc:
                bad[name] = str(exc)
                continue
            if is_signal:
                signals[target] = value
            else:
                data[target] = value
        data["signals"] = signals
        identity = str(data.get("id", ""))
        problems = self._stray_values(row, cells)
        row_level: list[str] = []
        unit: Unit | None = None
        try:
            unit = Unit.model_validate(data, context=self.context)
        except ValidationError as exc:
            for error in exc.errors():
                column = self._column_of(error)
                if column is None:
                    row_level.append(danish_error(error))
                elif column not in bad and column not in self.header.missing:
                    bad[column] = _reason(error)
        if unit is not None and not bad and not problems:
            return unit, identity, []
        signal_reasons = _signal_problems(self.header.signals, data.get("unit_type"), signals)
        for name, reason in signal_reasons.items():
            bad.setdefault(name, reason)
        row_level = [message for message in row_level if message not in signal_reasons.values()]
        problems += [
            (self.position[name], Problem(self.header.where(row, name), reason))
            for name, reason in bad.items()
        ]
        problems += [(_ROW_LEVEL, Problem(f"række {row}", message)) for message in row_level]
        return None, identity, problems

    def _column_of(self, error: ErrorDetails) -> str | None:
        loc = error["loc"]
        if not loc:
            return None  # the model validator: a signal that does not fit (found per column)
        if loc[0] == "signals" and len(loc) > 1:
            return str(loc[1])
        return self.column_of_field.get(str(loc[0]))

    def _stray_values(self, row: int, cells: Sequence[Cell]) -> list[tuple[int, Problem]]:
        return stray_values(self.header, self.width, row, cells)


def stray_values(
    header: Header, width: int, row: int, cells: Sequence[Cell]
) -> list[tuple[int, Problem]]:
    """A value under a column without a header (or past the header's ``width``) is not
    guessed at: each is a problem, with its column's position."""
    stray = [i for i in header.unnamed if i < len(cells) and not is_empty(cells[i])]
    stray += [i for i in range(width, len(cells)) if not is_empty(cells[i])]
    reason = "har en værdi, men kolonnen har ingen overskrift"
    return [(i, Problem(f"række {row}, kolonne {column_letter(i)}", reason)) for i in stray]


def _reason(error: ErrorDetails) -> str:
    """Danish reason; a pattern is explained with the field's own description, not a regex."""
    loc = error["loc"]
    if error["type"] == "string_pattern_mismatch" and loc and str(loc[0]) in Unit.model_fields:
        description = Unit.model_fields[str(loc[0])].description
        if description:
            return f"har et ugyldigt format. {description}"
    return danish_error(error)


def _signal_problems(
    catalogue: SignalCatalogue, unit_type: object, signals: dict[str, Any]
) -> dict[str, str]:
    """Every signal that does not fit the unit's kind or its range, by signal key.

    Without a valid type the kind is unknown: only the range is checked then.
    """
    reasons: dict[str, str] = {}
    for key, value in signals.items():
        if isinstance(unit_type, UnitType):
            kind = unit_type.kind
        else:
            kind = catalogue.get(key).applies_to[0]
        try:
            catalogue.check_value(key, value, kind)
        except ValueError as exc:
            reasons[key] = str(exc)
    return reasons
