"""Problems a form reports, and the escaped HTML lines that show them.

Every text that reaches HTML here passes through :func:`html.escape`: titles, help and
messages can hold what a user typed (pydantic error messages may quote the input).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape
from typing import NamedTuple

from pydantic import BaseModel, ValidationError

from tilsynwidgets.domain.core.messages import danish_error, field_at
from tilsynwidgets.forms._draft import Loc

__all__ = [
    "FormInvalid",
    "Problem",
    "error_html",
    "heading_html",
    "help_html",
    "located_errors",
    "title_html",
]

ERROR_COLOUR = "#B3261E"
HELP_COLOUR = "#5F6368"


class Problem(NamedTuple):
    """One reason the form cannot be saved, in Danish.

    ``path`` is where it is shown (``""`` for the form-level area); ``title`` names the
    field it concerns when that helps the reader (also for fields that are not shown).
    """

    path: str
    message: str
    title: str = ""

    def __str__(self) -> str:
        return f"{self.title}: {self.message}" if self.title else self.message


class FormInvalid(ValueError):
    """Raised by ``submit()`` while the form has problems; carries them in Danish."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        listed = "; ".join(str(p) for p in self.problems)
        super().__init__(f"Formularen kan ikke gemmes: {listed}")


def located_errors(
    error: ValidationError, model: type[BaseModel] | None = None
) -> list[tuple[Loc, str]]:
    """Each pydantic error as (location, Danish message); ``model`` lends a field's
    description to a pattern the messages do not describe."""
    return [
        (tuple(item["loc"]), danish_error(item, field=field_at(item["loc"], model)))
        for item in error.errors()
    ]


def title_html(title: str) -> str:
    return f"<b>{escape(title)}</b>"


def heading_html(title: str) -> str:
    return f'<div style="font-weight:600;font-size:1.08em;margin-top:4px">{escape(title)}</div>'


def help_html(text: str) -> str:
    return f'<div style="color:{HELP_COLOUR};font-size:0.85em;line-height:1.3">{escape(text)}</div>'


def error_html(messages: Iterable[str]) -> str:
    """Red lines, one per message; ``role="alert"`` so screen readers announce them."""
    return "".join(
        f'<div role="alert" style="color:{ERROR_COLOUR};font-size:0.9em;line-height:1.3">'
        f"{escape(message)}</div>"
        for message in messages
    )
