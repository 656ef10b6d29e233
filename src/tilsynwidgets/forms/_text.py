"""Text boxes that keep what the domain keeps of typed or pasted text.

The value is cleaned by the domain's rule (:func:`~tilsynwidgets.domain.core.fields.clean_text`)
as it is set, before any observer sees it: a NUL or a soft line break pasted from PowerPoint
never reaches a draft or a handler, and the browser is sent the cleaned value, so the field
shows exactly what will be saved.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets
from traitlets import HasTraits, validate

from tilsynwidgets.domain.core.fields import clean_text

__all__ = ["CleanText", "CleanTextarea"]


class _Cleaned(HasTraits):
    """Cleans ``value`` as it is set; ``multiline`` keeps line breaks, else they are spaces."""

    def __init__(self, *, multiline: bool, **kwargs: Any) -> None:
        self._multiline = multiline
        super().__init__(**kwargs)

    @validate("value")
    def _clean(self, proposal: dict[str, Any]) -> str:
        return clean_text(proposal["value"], multiline=self._multiline)


class CleanText(_Cleaned, widgets.Text):
    """A one-line text box (``multiline=True`` keeps pasted line breaks for multi-line text
    shown in one line)."""

    def __init__(self, *, multiline: bool = False, **kwargs: Any) -> None:
        super().__init__(multiline=multiline, **kwargs)


class CleanTextarea(_Cleaned, widgets.Textarea):
    """A multi-line text box (``multiline=False`` for one-line text shown large)."""

    def __init__(self, *, multiline: bool = True, **kwargs: Any) -> None:
        super().__init__(multiline=multiline, **kwargs)
