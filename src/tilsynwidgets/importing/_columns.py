"""The columns of an import file and how a header row is matched to them."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache, partial

from tilsynwidgets.domain.core.errors import Problem
from tilsynwidgets.domain.core.signals import SignalCatalogue, SignalKind, given_or_packaged
from tilsynwidgets.domain.core.units import Socialtilsyn, UnitType
from tilsynwidgets.domain.labels import labels
from tilsynwidgets.importing import _cells
from tilsynwidgets.importing._cells import Cell

__all__ = ["Column", "Header", "column_letter", "columns", "match_header"]

_SEPARATORS = re.compile(r"[\s\-]+")
_TRANSLITERATION = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"})


@dataclass(frozen=True, slots=True)
class Column:
    """One known column: its header, the Unit field (or signal key) and the cell parser."""

    name: str
    field: str
    parse: Callable[[Cell], object]
    required: bool = False
    is_signal: bool = False


def columns(signals: SignalCatalogue | None = None) -> tuple[Column, ...]:
    """The known columns in documented order: unit fields, then one per signal of
    ``signals`` (by default the packaged catalogue)."""
    return _columns(given_or_packaged(signals))


@cache
def _columns(signals: SignalCatalogue) -> tuple[Column, ...]:
    texts = labels()
    unit_types = _cells.Choices((t, texts.unit_types[t].label) for t in UnitType)
    regions = _cells.Choices((s, texts.socialtilsyn[s].label) for s in Socialtilsyn)
    known = [
        Column("id", "id", _cells.code, required=True),
        Column("navn", "name", _cells.text, required=True),
        Column("type", "unit_type", unit_types, required=True),
        Column("socialtilsyn", "socialtilsyn", regions, required=True),
        Column("team", "team", _cells.text, required=True),
        Column("kapacitet", "capacity", _cells.integer_input, required=True),
        Column("seneste_anmeldte_besoeg", "last_announced_visit", _cells.day),
        Column("seneste_uanmeldte_besoeg", "last_unannounced_visit", _cells.day),
    ]
    parsers: dict[SignalKind, Callable[[Cell], object]] = {
        SignalKind.FLAG: _cells.flag,
        SignalKind.COUNT: _cells.whole_number,
        SignalKind.PERCENT: partial(_cells.number, percent=True),
        SignalKind.SCORE: _cells.number,
    }
    for signal in signals.signals:
        known.append(Column(signal.key, signal.key, parsers[signal.kind], is_signal=True))
    return tuple(known)


def normalise(header: str) -> str:
    """Match headers regardless of case, surrounding space, spaces/hyphens and æ/ø/å."""
    folded = header.strip().casefold().translate(_TRANSLITERATION)
    return _SEPARATORS.sub("_", folded)


def column_letter(index: int) -> str:
    """The spreadsheet letter of a 0-based column index (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


@dataclass(slots=True)
class Header:
    """Where each known column sits in the file and what its header says there, and the
    signal catalogue its columns were matched against (the rows are checked against it)."""

    signals: SignalCatalogue
    positions: list[tuple[int, Column]] = field(default_factory=list)
    written: dict[str, str] = field(default_factory=dict)
    missing: set[str] = field(default_factory=set)
    unnamed: list[int] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def where(self, row: int, column: str) -> str:
        """``række 7, kolonne Kapacitet`` with the header as the user wrote it."""
        return f"række {row}, kolonne {self.written.get(column, column)}"


def match_header(
    cells: Sequence[Cell],
    signals: SignalCatalogue | None = None,
    *,
    known_columns: Sequence[Column] | None = None,
) -> Header:
    """Map a header row to the known columns; list unknown, repeated and missing ones.

    The known columns are a portfolio's, with the signal columns of ``signals`` (by default
    the packaged catalogue), unless ``known_columns`` names others (another kind of file).
    """
    catalogue = given_or_packaged(signals)
    listed = columns(catalogue) if known_columns is None else known_columns
    known = {column.name: column for column in listed}
    header = Header(catalogue)
    seen: dict[str, int] = {}
    for index, cell in enumerate(cells):
        written = " ".join(str(cell).split()) if cell is not None else ""
        if not written:
            header.unnamed.append(index)
            continue
        name = normalise(written)
        column = known.get(name)
        if column is None:
            header.problems.append(Problem(f"række 1, kolonne {written}", _unknown(name, known)))
        elif name in seen:
            first = column_letter(seen[name])
            header.problems.append(
                Problem(
                    f"række 1, kolonne {written}",
                    f"findes flere gange (kolonne {first} og {column_letter(index)})",
                )
            )
        else:
            seen[name] = index
            header.positions.append((index, column))
            header.written[name] = written
    for column in known.values():
        if column.required and column.name not in seen:
            header.missing.add(column.name)
            header.problems.append(
                Problem("række 1", f"mangler den påkrævede kolonne '{column.name}'")
            )
    return header


def _unknown(name: str, known: dict[str, Column]) -> str:
    guesses = difflib.get_close_matches(name, list(known), n=1)
    hint = f"; mente du '{guesses[0]}'?" if guesses else ""
    return f"er ikke en kendt kolonne{hint}"
