"""A visible status line: callback failures are shown to the user, never swallowed.

ipywidgets only logs exceptions raised in ``on_click`` handlers; :meth:`StatusLine.guard`
wraps a handler so a failure appears here, in Danish: a known refusal with its own message
(a validation error names each field by its title), anything else as one Danish sentence
without the exception's class or text, which is logged on the server.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from tilsynwidgets.domain.core.failures import log_failure
from tilsynwidgets.domain.core.refusals import UNEXPECTED_FAILURE, refusal_text
from tilsynwidgets.presentation.html import escape

__all__ = ["StatusLine"]

_log = logging.getLogger(__name__)
_COLOURS = {"info": "#333", "success": "#1b5e20", "error": "#b71c1c"}


class StatusLine(widgets.HTML):
    def _show(self, kind: str, message: str) -> None:
        self.value = f'<p role="status" style="color:{_COLOURS[kind]}">{escape(message)}</p>'
        self.kind = kind

    def info(self, message: str) -> None:
        self._show("info", message)

    def success(self, message: str) -> None:
        self._show("success", message)

    def error(self, message: str) -> None:
        self._show("error", message)

    def clear(self) -> None:
        self.value = ""
        self.kind = ""

    def fail(self, exc: Exception, where: str = "handler") -> None:
        """Show why an action failed: a known refusal's Danish message, else (a bug) a
        Danish sentence, with the failure logged on the server without user data."""
        text = refusal_text(exc)
        if text is None:
            log_failure(_log, f"uventet fejl i {where}", exc)
            self.error(UNEXPECTED_FAILURE)
        else:
            self.error(f"Kunne ikke udføres: {text}")

    def guard(self, handler: Callable[[], object]) -> Callable[[Any], None]:
        """A button callback that runs ``handler`` and shows any failure here."""

        def run(_button: Any = None) -> None:
            try:
                handler()
            except Exception as exc:
                self.fail(exc, getattr(handler, "__name__", "handler"))

        return run
