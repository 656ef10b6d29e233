"""A visible status line: callback failures are shown to the user, never swallowed.

ipywidgets only logs exceptions raised in ``on_click`` handlers; :meth:`StatusLine.guard`
wraps a handler so a failure appears here, in Danish.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from tilsynwidgets.domain.core.errors import DataFileError
from tilsynwidgets.domain.core.failures import log_failure
from tilsynwidgets.presentation.html import escape
from tilsynwidgets.store.errors import StoreError

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

    def guard(self, handler: Callable[[], object]) -> Callable[[Any], None]:
        """A button callback that runs ``handler`` and shows any failure here."""

        def run(_button: Any = None) -> None:
            try:
                handler()
            except (StoreError, DataFileError, ValueError) as exc:
                self.error(f"Kunne ikke udføres: {exc}")
            except Exception as exc:  # a bug: shown, and logged without user data
                log_failure(_log, f"uventet fejl i {getattr(handler, '__name__', 'handler')}", exc)
                self.error(f"Uventet fejl ({type(exc).__name__}); handlingen blev afbrudt.")

        return run
