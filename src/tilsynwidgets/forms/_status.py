"""The line beside the submit button saying why it cannot be pressed yet."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from tilsynwidgets.forms._errors import HELP_COLOUR, Problem

__all__ = ["blocked_text", "status_html"]

_LISTED = 4


def blocked_text(problems: Sequence[Problem]) -> str:
    """``Kan ikke gemmes endnu: 3 fejl (Faglig begrundelse, …)``, or ``""`` when valid.

    It names every field with a problem, also those whose errors are not shown yet
    because the user has not reached them, so a disabled button is never a riddle.
    """
    if not problems:
        return ""
    titles = list(dict.fromkeys(p.title or "se beskeden ovenfor" for p in problems))
    listed = ", ".join(titles[:_LISTED]) + (", …" if len(titles) > _LISTED else "")
    return f"Kan ikke gemmes endnu: {len(problems)} fejl ({listed})"


def status_html(problems: Sequence[Problem]) -> str:
    """:func:`blocked_text` as a grey line beside the submit button (nothing when valid)."""
    text = blocked_text(problems)
    if not text:
        return ""
    return f'<span style="color:{HELP_COLOUR};margin-left:8px">{escape(text)}</span>'
