"""Read one spreadsheet cell as the value a unit field or a risk signal expects.

Cells arrive as text (CSV) or as typed values (Excel). The parsers accept what Danish
users write (decimal comma, ``DD-MM-ÅÅÅÅ``, ``ja``/``nej``) and raise :class:`CellError`
with a Danish reason that names no place: the caller knows the row and the column.

Invisible control characters follow the domain's one rule (:mod:`tilsynwidgets.domain.core.fields`),
as in a form: in free text (navn, team) they are cleaned away by the Unit model; in an id, a
code, a number, a date or a yes/no they are refused, because removing them would be a guess.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from datetime import date, datetime
from enum import Enum
from typing import Generic, TypeVar

from tilsynwidgets.domain.core.fields import control_character_problem, has_control_character

__all__ = [
    "Cell",
    "CellError",
    "Choices",
    "check_control_characters",
    "code",
    "day",
    "flag",
    "has_control_character",
    "integer_input",
    "is_empty",
    "number",
    "text",
    "whole_number",
]

Cell = str | int | float | bool | date | None
"""A raw cell: text (CSV); text, number, boolean or date (Excel; a ``datetime`` is a ``date``)."""

E = TypeVar("E")

_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_DANISH_DATE = re.compile(r"(\d{1,2})([-.])(\d{1,2})\2(\d{4})")
_TRUE = frozenset({"ja", "1", "sand", "true"})
_FALSE = frozenset({"nej", "0", "falsk", "false"})

NOT_A_NUMBER = "skal være et tal (brug komma eller punktum som decimaltegn)"
NOT_WHOLE = "skal være et helt tal"
NOT_A_FLAG = "skal være ja eller nej (eller 1/0, sand/falsk)"
NOT_A_DATE = "skal være en dato: ÅÅÅÅ-MM-DD, DD-MM-ÅÅÅÅ eller DD.MM.ÅÅÅÅ"


class CellError(ValueError):
    """A cell that cannot be read as the column's kind of value (Danish message)."""


def _shown(value: object) -> str:
    """The cell as quoted in a message, cut short so a message stays one line."""
    shown = " ".join(str(value).split())
    return f"'{shown[:40]}…'" if len(shown) > 40 else f"'{shown}'"


def is_empty(cell: Cell) -> bool:
    """An empty cell means "no value": an unknown signal, no visit, or a missing field."""
    return cell is None or (isinstance(cell, str) and not cell.strip())


def check_control_characters(cell: str) -> None:
    """Nothing is refused for its control characters alone: whether a cell may hold one
    depends on its column, so the column's parser decides (:func:`code`, :func:`number`,
    :func:`day`, :func:`flag`, :class:`Choices`) and free text is cleaned by the model."""


def _structured(written: str) -> str:
    """``written`` (a cell without surrounding white space) when it holds no invisible control
    character; refused otherwise."""
    problem = control_character_problem(written)
    if problem is not None:
        raise CellError(problem)
    return written


def _unreadable(cell: Cell, reason: str) -> CellError:
    """The error for a cell its parser cannot read: an invisible control character, when the
    cell holds one, is the reason to give, since the user cannot see it."""
    problem = control_character_problem(cell) if isinstance(cell, str) else None
    return CellError(problem or reason)


def text(cell: Cell) -> str:
    """Free text (navn, team); numbers typed in Excel read as they are shown. Invisible
    control characters are left to the model, which cleans them as a form does."""
    if isinstance(cell, str):
        return cell.strip()
    if isinstance(cell, bool):
        raise CellError("skal være tekst, ikke ja/nej")
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime):
        return cell.date().isoformat() if cell.time() == datetime.min.time() else cell.isoformat()
    return cell.isoformat() if isinstance(cell, date) else str(cell)


def code(cell: Cell) -> str:
    """An id or code: like :func:`text`, but an invisible control character is refused."""
    return _structured(text(cell))


def integer_input(cell: Cell) -> int | float | str:
    """Hand a whole-number field to the model, which decides (and words) what is wrong."""
    if cell is None or isinstance(cell, bool | date):
        raise CellError(NOT_WHOLE)
    if isinstance(cell, str):
        return _structured(cell.strip()).replace(",", ".")
    return cell


def number(cell: Cell, *, percent: bool = False) -> float:
    """A number; text may use decimal comma or point, and a percentage may end in ``%``."""
    if cell is None or isinstance(cell, bool | date):
        raise CellError(NOT_A_NUMBER)
    if isinstance(cell, str):
        written = cell.strip()
        if written.isascii() and written.isdigit():  # the common case: a plain count
            return float(written)
        if percent:
            written = written.removesuffix("%").rstrip()
        if not _NUMBER.fullmatch(written):
            raise _unreadable(cell, NOT_A_NUMBER)
        value = float(written.replace(",", "."))
    else:
        value = float(cell)
    if not math.isfinite(value):
        raise CellError(NOT_A_NUMBER)
    return value


def whole_number(cell: Cell) -> float:
    """A count: a number without decimals (``1.234`` is refused rather than guessed at)."""
    value = number(cell)
    if not value.is_integer():
        raise CellError(NOT_WHOLE)
    return value


def flag(cell: Cell) -> bool:
    """``ja``/``nej``, ``1``/``0``, ``sand``/``falsk`` (any case), or an Excel boolean."""
    if isinstance(cell, bool):
        return cell
    if isinstance(cell, int | float) and cell in (0, 1):
        return bool(cell)
    if isinstance(cell, str):
        key = cell.strip().casefold()
        if key in _TRUE:
            return True
        if key in _FALSE:
            return False
    raise _unreadable(cell, NOT_A_FLAG)


def day(cell: Cell) -> date:
    """A date written ``ÅÅÅÅ-MM-DD``, ``DD-MM-ÅÅÅÅ`` or ``DD.MM.ÅÅÅÅ``, or an Excel date."""
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    if not isinstance(cell, str):
        raise CellError(NOT_A_DATE)
    written = cell.strip()
    if iso := _ISO_DATE.fullmatch(written):
        year, month, dom = iso.group(1), iso.group(2), iso.group(3)
    elif danish := _DANISH_DATE.fullmatch(written):
        year, month, dom = danish.group(4), danish.group(3), danish.group(1)
    else:
        raise _unreadable(cell, NOT_A_DATE)
    try:
        return date(int(year), int(month), int(dom))
    except ValueError:
        raise CellError(f"{_shown(written)} er ikke en gyldig dato") from None


class Choices(Generic[E]):
    """The members of a code list (an enum's members, or codes), found by code or by Danish
    label, in any case."""

    def __init__(self, members: Iterable[tuple[E, str]]) -> None:
        self._lookup: dict[str, E] = {}
        listed = []
        for member, label in members:
            code = member.value if isinstance(member, Enum) else member
            self._lookup[str(code).casefold()] = member
            self._lookup[" ".join(label.split()).casefold()] = member
            listed.append(f"{label} ({code})")
        self._accepted = ", ".join(listed)

    def __call__(self, cell: Cell) -> E:
        if isinstance(cell, str):
            found = self._lookup.get(" ".join(cell.split()).casefold())
            if found is not None:
                return found
        raise _unreadable(cell, f"{_shown(cell)} er ikke en af: {self._accepted}")
