"""Links between the apps: a unit in a drill-down opens in the inspector's app with that
unit chosen (``Tilsynsfoerende.ipynb?enhed=<id>``).

Voilà gives a page's kernel the query string of its address in the environment variable
``QUERY_STRING`` (voila/handler.py: ``request_info[QUERY_STRING]``). The id read from it is
only a wish: the app checks it against the units the signed-in person sees, as any other.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from urllib.parse import parse_qs, quote

__all__ = ["INSPECTOR_NOTEBOOK", "UNIT_PARAMETER", "inspector_url", "linked_unit"]

INSPECTOR_NOTEBOOK = "Tilsynsfoerende.ipynb"
UNIT_PARAMETER = "enhed"
_MAX_ID = 200  # longer than any unit id


def inspector_url(unit_id: str) -> str:
    """The inspector's app with ``unit_id`` chosen, relative to the page of another app (the
    apps are siblings, locally and behind the hub)."""
    return f"{INSPECTOR_NOTEBOOK}?{UNIT_PARAMETER}={quote(unit_id, safe='')}"


def linked_unit(environ: Mapping[str, str] | None = None) -> str | None:
    """The unit id the page's address names (``?enhed=<id>``), or ``None`` when it names none.

    Read from ``QUERY_STRING`` of ``environ`` (default: the kernel's environment); the first
    value counts, surrounding spaces are dropped, an empty value is none, and an overlong one
    is cut (no unit has such an id, so the app says it does not exist).
    """
    query = (os.environ if environ is None else environ).get("QUERY_STRING", "")
    values = parse_qs(query, keep_blank_values=True).get(UNIT_PARAMETER, [])
    found = values[0].strip() if values else ""
    return found[:_MAX_ID] or None
