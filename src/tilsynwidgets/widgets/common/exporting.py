"""What every export of units shares: the checkbox that asks for plejefamiliers real names,
the kernel's check that the person may have them, the log of exports and the download link.

Plejefamilier are pseudonymised unless the user asks otherwise, and only a person whose roles
allow it in every socialtilsyn of the export may ask (checked in the kernel on every export;
the checkbox is not shown to anyone else). An export is logged before it is handed over: a
failure to log stops it."""

from __future__ import annotations

import base64
from collections.abc import Iterable
from datetime import UTC, datetime

import ipywidgets as widgets

from tilsynwidgets.assessor import Assessor
from tilsynwidgets.domain.access.refusals import AccessRefusedError
from tilsynwidgets.domain.access.roles import Permission
from tilsynwidgets.domain.core.export_record import ExportRecord
from tilsynwidgets.domain.core.local_time import DANISH_TIME, format_stamp
from tilsynwidgets.domain.core.units import Socialtilsyn
from tilsynwidgets.domain.labels import label_of
from tilsynwidgets.presentation.html import escape
from tilsynwidgets.store.store import Store

__all__ = ["XLSX", "ExportGate", "download_html"]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ExportGate:
    """The names checkbox (``reveal``), the check behind it and the log, for one app."""

    def __init__(self, store: Store, author: Assessor | None = None) -> None:
        self.store = store
        self.author = author
        self.reveal = widgets.Checkbox(
            description="Vis plejefamiliers navne (ellers pseudonymiseres de)",
            value=False,
            indent=False,
            layout=widgets.Layout(
                width="auto",
                display=None if store.allows_anywhere(Permission.EKSPORTERE_NAVNE) else "none",
            ),
        )

    def revealed(self, socialtilsyn: Iterable[str]) -> bool:
        """Whether an export of units of ``socialtilsyn`` (codes) shows names: asked for, and
        allowed for every one of them; asked for but not allowed is refused (nothing is
        made)."""
        if not self.reveal.value:
            return False
        places = {Socialtilsyn(code) for code in socialtilsyn}
        barred = sorted(
            label_of(p) for p in places if not self.store.allows(Permission.EKSPORTERE_NAVNE, p)
        )
        if barred:
            raise AccessRefusedError(
                "Du kan ikke eksportere plejefamiliers navne for "
                f"{' og '.join(barred)}. Vælg dit eget socialtilsyn i filteret, eller fjern "
                "fluebenet ved «Vis plejefamiliers navne». Intet er lavet."
            )
        return True

    def log(self, what: str, filters: str, reveal: bool, rows: int) -> None:
        """Log an export before it is handed over: a failure to log stops the export."""
        self.store.log_export(
            ExportRecord(
                made_at=datetime.now(UTC),
                made_by=self.author.name if self.author else "ukendt",
                what=what,
                filters=filters,
                real_names=reveal,
                rows=rows,
            )
        )


def download_html(data: bytes, mime: str, filename: str, text: str) -> str:
    """A link that hands ``data`` over as ``filename``, with the name and when it was made."""
    encoded = base64.b64encode(data).decode("ascii")
    stamp = format_stamp(datetime.now(DANISH_TIME))
    return (
        f'<a download="{escape(filename)}" href="data:{mime};base64,{encoded}" '
        f'class="tw-download">{escape(text)}</a> '
        f"<small>{escape(filename)} (lavet {stamp})</small>"
    )
