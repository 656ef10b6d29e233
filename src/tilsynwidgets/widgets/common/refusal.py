"""A Danish notice in place of an app that cannot open (an old store, a bad configuration).

In a notebook served by Voilà, an exception would be replaced by Voilà's English "There was
an error when executing cell …". The app builders in :mod:`tilsynwidgets.apps` raise the
project's own errors (:class:`StoreError`, :class:`DataFileError`, and
:class:`AccessRefusedError` for an app the signed-in person's roles do not open) with
Danish messages that say what to do; :func:`install` has IPython show those as this notice
instead, and the rest of the notebook does not run, so an app never half-works.
"""

from __future__ import annotations

from types import TracebackType
from typing import Any

from tilsynwidgets.domain.access.refusals import AccessRefusedError
from tilsynwidgets.domain.core.errors import DataFileError
from tilsynwidgets.presentation.html import escape
from tilsynwidgets.store.errors import StoreError

__all__ = ["install", "notice_html", "refusal_html"]

_HANDLED = (StoreError, DataFileError, AccessRefusedError)


def notice_html(title: str, message: str) -> str:
    """A boxed notice: a heading and what is wrong and what to do, escaped."""
    return (
        '<div role="alert" style="border:2px solid #b71c1c;border-radius:6px;padding:1em 1.2em;'
        'max-width:48em;font-size:1.05em;background:#fff5f5;margin:.5em 0 1em 0">'
        f'<p style="margin:0 0 .4em 0;font-weight:bold;color:#b71c1c">{escape(title)}</p>'
        f'<p style="margin:0">{escape(message)}</p></div>'
    )


def refusal_html(message: str) -> str:
    """The notice in place of an app that cannot open."""
    return notice_html("Appen kan ikke åbnes", message)


def _show(
    shell: Any,
    etype: type[BaseException],
    value: BaseException,
    tb: TracebackType | None,
    tb_offset: int | None = None,
) -> list[str]:
    message = str(value)
    shell.display_pub.publish(data={"text/html": refusal_html(message), "text/plain": message})
    return []


def install() -> bool:
    """Show the project's errors as a Danish notice in the running IPython kernel, if any."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with the apps
        return False
    shell = get_ipython()
    if shell is None:
        return False
    shell.set_custom_exc(_HANDLED, _show)
    return True
