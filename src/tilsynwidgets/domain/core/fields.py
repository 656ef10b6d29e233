"""Field types shared by the domain models, with Danish validation messages.

Free text follows one rule, :func:`clean_text`, wherever a person types or imports it. Text
pasted from PowerPoint, Word or a PDF carries characters nobody sees: a vertical tab for a
soft line break (PowerPoint), a form feed for a page break, U+2028/U+2029 as line and
paragraph separators, a BEL ending a Word table cell, and now and then a NUL. A user cannot
find them to delete them, so refusing them would only stop the work; keeping them breaks
things far away (PostgreSQL stores no NUL, and an Excel export refuses the others). The rule
therefore keeps what the user sees: a line-breaking character becomes a line break in
multi-line text and a space in one-line text (names, titles); every other invisible control
character is removed. Letters, emoji and direction marks are kept as they are.

Values that are not free text (ids, codes, numbers) are not guessed at: there an invisible
character is refused with :func:`control_character_problem`'s Danish reason.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Annotated, Any

from pydantic import AfterValidator, GetCoreSchemaHandler
from pydantic_core import CoreSchema, core_schema

__all__ = [
    "AwareDatetime",
    "MultiLineText",
    "NonBlank",
    "NonBlankMultiLine",
    "SingleLineText",
    "TextShape",
    "clean_text",
    "control_character_problem",
    "duplicated",
    "has_control_character",
    "text_shape",
]

# Invisible characters no text keeps: C0 and C1 controls other than tab, line feed, carriage
# return and the breaks below, DEL, lone surrogates (not text: no database can encode them)
# and U+FFFE/U+FFFF (not characters). Together with the breaks, more than XML (and so an
# .xlsx) refuses: cleaned text can always be exported.
_UNSEEN = r"\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff"
# Line breaks beyond line feed and carriage return: PowerPoint's soft break (VT), a page break
# (FF), NEL and the Unicode line and paragraph separators.
_BREAKS = r"\x0b\x0c\x85\u2028\u2029"

_REMOVED = re.compile(rf"[{_UNSEEN}]")
_LINE_BREAK = re.compile(rf"\r\n|[\n\r{_BREAKS}]")
_LINE_BREAK_OR_TAB = re.compile(rf"\r\n|[\t\n\r{_BREAKS}]")
# What the rule changes, so the common case is left untouched after one search.
_CHANGED_IN_TEXT = re.compile(rf"[{_UNSEEN}{_BREAKS}\r]")
_CHANGED_IN_LINE = re.compile(rf"[{_UNSEEN}{_BREAKS}\t\n\r]")
# Invisible control characters in the narrow sense: all of the above but the ordinary white
# space a cell or a text box may hold (tab, line feed, carriage return).
_CONTROL = re.compile(rf"[{_UNSEEN}{_BREAKS}]")


def clean_text(value: str, *, multiline: bool) -> str:
    """``value`` as the user sees it: line-breaking characters become ``"\\n"`` (or ``" "``
    when not ``multiline``), other invisible control characters are removed."""
    changed = _CHANGED_IN_TEXT if multiline else _CHANGED_IN_LINE
    if changed.search(value) is None:
        return value
    visible = _REMOVED.sub("", value)
    if multiline:
        return _LINE_BREAK.sub("\n", visible)
    return _LINE_BREAK_OR_TAB.sub(" ", visible)


def has_control_character(value: str) -> bool:
    """Whether ``value`` holds an invisible control character (tab and line breaks aside)."""
    return _CONTROL.search(value) is not None


def control_character_problem(value: str) -> str | None:
    """Why ``value`` cannot be an id, code or number (Danish), or None when it can."""
    found = _CONTROL.search(value)
    if found is None:
        return None
    return f"indeholder et usynligt styretegn (U+{ord(found.group()):04X}); fjern det"


@dataclass(frozen=True, slots=True)
class TextShape:
    """Free text on one line (names, titles) or over several (justifications, notes).

    Used as ``Annotated`` metadata, it cleans the text with :func:`clean_text` before any
    other check, so a length limit counts what the user sees; forms read it to clean a field
    as it is typed (:func:`text_shape`).
    """

    multiline: bool

    def __get_pydantic_core_schema__(
        self, source: type[Any], handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        return core_schema.no_info_before_validator_function(
            partial(_clean_input, multiline=self.multiline), handler(source)
        )


def _clean_input(value: object, *, multiline: bool) -> object:
    return clean_text(value, multiline=multiline) if isinstance(value, str) else value


def text_shape(metadata: Iterable[object]) -> TextShape | None:
    """The shape a field's metadata gives its text, or None for a field without one."""
    return next((item for item in metadata if isinstance(item, TextShape)), None)


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("skal udfyldes")
    return value.strip()


def _aware(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("tidspunktet skal have en tidszone")
    return value


SingleLineText = Annotated[str, TextShape(multiline=False)]
"""One line of free text: line breaks and tabs become spaces, invisible controls go."""

MultiLineText = Annotated[str, TextShape(multiline=True)]
"""Free text over several lines: line breaks are kept as ``\\n``, invisible controls go."""

NonBlank = Annotated[SingleLineText, AfterValidator(_not_blank)]
"""A name or title: one line holding more than whitespace, stored without surrounding
whitespace."""

NonBlankMultiLine = Annotated[MultiLineText, AfterValidator(_not_blank)]
"""Multi-line text that must hold more than whitespace; stored without surrounding
whitespace."""

AwareDatetime = Annotated[datetime, AfterValidator(_aware)]
"""A point in time with a time zone, so records from anywhere compare correctly."""


def duplicated(values: Iterable[str]) -> list[str]:
    """The values that occur more than once, sorted (for 'findes flere gange' messages)."""
    counts = Counter(values)
    return sorted(value for value, count in counts.items() if count > 1)
