"""Read information about units (*oplysninger*) from a CSV or Excel file: the case system's
export, one record a row.

The file machinery (limits, CSV and Excel, header matching, the first 50 problems and
their total) is the portfolio import's; the columns are documented in ``docs/import.md``.
The :class:`Information` model is the judge of a row, with the kinds file: cells are only
parsed into the shapes it expects, and its Danish errors are mapped back to the user's row
and column. What the model cannot know is checked here against what the caller says the
store holds: that the unit exists, that the kind applies to it, and that a corrected record
exists and is about the same unit. Only kinds a person registers can be imported (not the
records the tool makes itself: quality assessments, carried-over signals).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path, PurePath, PureWindowsPath
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from tilsynwidgets.domain.core.errors import DataFileError, Problem
from tilsynwidgets.domain.core.kinds import UnitKind
from tilsynwidgets.domain.core.messages import danish_error
from tilsynwidgets.domain.information.kinds import (
    InformationKind,
    InformationKinds,
    Origin,
    ValueType,
    information_kinds,
)
from tilsynwidgets.domain.information.records import (
    VALUE_FIELDS,
    Information,
    kinds_context,
)
from tilsynwidgets.domain.labels import label_of
from tilsynwidgets.importing import _cells
from tilsynwidgets.importing._cells import Cell, CellError
from tilsynwidgets.importing._columns import Column, Header, match_header
from tilsynwidgets.importing._portfolio import PortfolioFileError
from tilsynwidgets.importing._rows import Problems, stray_values
from tilsynwidgets.importing._tables import Table, csv_table, decode_csv, excel_table, read_bytes

__all__ = [
    "InformationContext",
    "information_columns",
    "read_information",
    "read_information_bytes",
]

# The record's own fields and their columns (the value columns come from the kinds file).
_FIELDS = {
    "unit_id": "enhed",
    "kind": "slags",
    "concerns_on": "vedroerer",
    "received_on": "modtaget",
    "origin": "kilde",
    "description": "beskrivelse",
    "replaces": "retter",
    "withdrawn": "trukket_tilbage",
}
_PARSERS: dict[ValueType, Callable[[Cell], object]] = {
    ValueType.COUNT: _cells.whole_number,
    ValueType.PERCENT: partial(_cells.number, percent=True),
    ValueType.SCORE: _cells.number,
    ValueType.NUMBER: _cells.number,
    ValueType.FLAG: _cells.flag,
    ValueType.DATE: _cells.day,
}


@dataclass(frozen=True, slots=True)
class InformationContext:
    """What a row is checked against beyond the file: the store's units and records, who
    registers the records and when, and the kinds of information."""

    units: Mapping[str, UnitKind]
    """Unit id → its kind, for every unit in the store."""
    registered_by: str
    registered_at: datetime
    records: Mapping[int, str] | None = None
    """Record id → its unit, for the records a correction may name (``None``: not checked
    here; the store refuses a bad one when the records are appended)."""
    kinds: InformationKinds | None = None
    """The kinds of information (default: the packaged ones)."""


def _registrable(kinds: InformationKinds) -> list[InformationKind]:
    return [kind for kind in kinds.kinds if kind.registrable]


def information_columns(kinds: InformationKinds | None = None) -> tuple[Column, ...]:
    """The columns of an information file in documented order: the record's fields, then
    one per value a kind a person registers can carry, then the correction."""
    kinds = kinds or information_kinds()
    registrable = _registrable(kinds)
    kind_choices = _cells.Choices((kind.key, kind.label) for kind in registrable)
    origins = _cells.Choices((origin, label_of(origin)) for origin in Origin)
    known = [
        Column("enhed", "unit_id", _cells.code, required=True),
        Column("slags", "kind", kind_choices, required=True),
        Column("vedroerer", "concerns_on", _cells.day, required=True),
        Column("modtaget", "received_on", _cells.day, required=True),
        Column("kilde", "origin", origins, required=True),
        Column("beskrivelse", "description", _cells.text, required=True),
    ]
    used = {key for kind in registrable for key in kind.values}
    for key in VALUE_FIELDS:
        if key in used:
            known.append(Column(key, key, _PARSERS[kinds.values[key].type]))
    known.append(Column("retter", "replaces", _cells.whole_number))
    known.append(Column("trukket_tilbage", "withdrawn", _cells.flag))
    return tuple(known)


class _RowReader:
    """Reads rows against one header and one context."""

    def __init__(self, header: Header, context: InformationContext, width: int) -> None:
        self.header = header
        self.context = context
        self.kinds = context.kinds or information_kinds()
        self.width = width
        self.position = {column.name: index for index, column in header.positions}
        self.cells = [
            (i, c.name, c.field, c.parse, c.field in VALUE_FIELDS) for i, c in header.positions
        ]
        self.label_column = {f"«{spec.label}»": key for key, spec in self.kinds.values.items()}
        self.corrected: dict[int, int] = {}  # record id → the row that corrects it

    def read(
        self, row: int, cells: Sequence[Cell]
    ) -> tuple[Information | None, list[tuple[int, Problem]]]:
        """The row's record (or None) and its problems with their column positions.

        Invisible control characters: the parsers of codes, dates, numbers and choices
        refuse them; the model cleans them out of the description, as a form does."""
        data: dict[str, Any] = {
            "registered_by": self.context.registered_by,
            "registered_at": self.context.registered_at,
        }
        values: dict[str, Any] = {}
        bad: dict[str, str] = {}
        for index, name, target, parse, is_value in self.cells:
            cell = cells[index] if index < len(cells) else None
            if _cells.is_empty(cell):
                continue
            try:
                value = parse(cell)
            except CellError as exc:
                bad[name] = str(exc)
                continue
            if is_value:
                counted = self.kinds.values[target].type is ValueType.COUNT
                values[target] = int(value) if counted and isinstance(value, float) else value
            else:
                data[target] = value
        data["values"] = values
        if isinstance(data.get("replaces"), float):
            data["replaces"] = int(data["replaces"])
        self._check_context(row, data, bad)
        row_level: list[str] = []
        item: Information | None = None
        try:
            item = Information.model_validate(data, context=kinds_context(self.kinds))
        except ValidationError as exc:
            for error in exc.errors():
                for column, reason in self._columns_of(error):
                    if column is None:
                        row_level.append(reason)
                    elif column not in self.header.missing:
                        bad.setdefault(column, reason)
        problems = stray_values(self.header, self.width, row, cells)
        problems += [
            (
                self.position.get(name, len(self.position)),
                Problem(self.header.where(row, name), reason),
            )
            for name, reason in bad.items()
        ]
        problems += [(1_000_000, Problem(f"række {row}", message)) for message in row_level]
        if problems:
            return None, problems
        return item, []

    def _check_context(self, row: int, data: dict[str, Any], bad: dict[str, str]) -> None:
        """The unit is in the store and the kind applies to it; a corrected record exists,
        is about the same unit, and is corrected by no other row of the file."""
        unit_id = data.get("unit_id")
        unit_kind = self.context.units.get(unit_id) if isinstance(unit_id, str) else None
        if isinstance(unit_id, str) and unit_kind is None and "enhed" not in bad:
            bad["enhed"] = f"enheden '{unit_id}' findes ikke i lageret"
        key = data.get("kind")
        if unit_kind is not None and isinstance(key, str) and key in self.kinds:
            kind = self.kinds.get(key)
            if unit_kind not in kind.applies_to:
                only = " og ".join(label_of(k).lower() for k in kind.applies_to)
                bad["slags"] = (
                    f"«{kind.label}» kan ikke registreres for enheden '{unit_id}' "
                    f"(slagsen gælder kun for {only})"
                )
        target = data.get("replaces")
        if not isinstance(target, int) or "retter" in bad:
            return
        if target in self.corrected:
            bad["retter"] = f"post {target} rettes også i række {self.corrected[target]}"
            return
        self.corrected[target] = row
        records = self.context.records
        if records is None:
            return
        if target not in records:
            bad["retter"] = f"post {target} findes ikke blandt oplysningerne"
        elif isinstance(unit_id, str) and records[target] != unit_id:
            bad["retter"] = f"post {target} handler om en anden enhed end '{unit_id}'"

    def _columns_of(self, error: ErrorDetails) -> list[tuple[str | None, str]]:
        """The column (or None: the whole row) and reason of one model error."""
        loc = error["loc"]
        field = str(loc[0]) if loc else ""
        if field == "values":
            return self._value_problems(danish_error(error), len(loc) > 1 and str(loc[1]))
        if field == "registered_at":  # received after today: the record cannot be received yet
            return [("modtaget", "ligger efter i dag")]
        return [(_FIELDS.get(field), danish_error(error))]

    def _value_problems(self, message: str, field: str | bool) -> list[tuple[str | None, str]]:
        """A values error names each value «by its label»: each part at its column."""
        if isinstance(field, str) and field in self.position:
            return [(field, message)]
        found: list[tuple[str | None, str]] = []
        for part in message.removeprefix("Value error, ").split("; "):
            column = next(
                (c for label, c in self.label_column.items() if part.startswith(label)), None
            )
            if column is not None and column not in self.position:
                part, column = f"{part} (filen har ingen kolonne {column})", None
            found.append((column, part))
        return found


def _records(table: Table, source: str, context: InformationContext) -> list[Information]:
    header = match_header(table.header, known_columns=information_columns(context.kinds))
    reader = _RowReader(header, context, width=len(table.header))
    found = Problems()
    found.add(header.problems)
    items: list[Information] = []
    for row, cells in table.rows:
        item, problems = reader.read(row, cells)
        if problems:
            problems.sort(key=lambda entry: entry[0])
            found.add(problem for _, problem in problems)
        if found.total:
            items.clear()
        elif item is not None:
            items.append(item)
    if found.total:
        raise PortfolioFileError(source, found.first, found.total)
    return items


def read_information_bytes(
    content: bytes, filename: str, context: InformationContext
) -> list[Information]:
    """Read the records in an uploaded file's ``content``; ``filename`` picks CSV or Excel.

    Same contract as :func:`read_information`.
    """
    source = PureWindowsPath(filename).name or filename
    suffix = PurePath(source).suffix.casefold()
    if suffix == ".csv":
        return _records(csv_table(decode_csv(content, source), source), source, context)
    if suffix == ".xlsx":
        return _records(excel_table(content, source), source, context)
    shown = f"'{suffix}'" if suffix else "ingen"
    raise DataFileError(
        source, [Problem("", f"har filtypen {shown}; der kan kun indlæses .csv- og .xlsx-filer")]
    )


def read_information(path: Path, context: InformationContext) -> list[Information]:
    """Read the records in a ``.csv`` or ``.xlsx`` file, in file order.

    Pure, like :func:`~tilsynwidgets.importing.read_portfolio`: it returns every record or
    raises :class:`DataFileError` (a :class:`PortfolioFileError` when rows have problems:
    the first 50 with row, column and Danish reason, and how many there are). The caller
    appends the records in one transaction (``Store.append_information_batch``), so a bad
    file leaves nothing written.
    """
    path = Path(path)
    return read_information_bytes(read_bytes(path), path.name, context)
