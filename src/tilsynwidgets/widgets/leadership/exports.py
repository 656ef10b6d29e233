"""The leadership review's export panel: the workbook and the printable report
(:mod:`tilsynwidgets.exports.leadership`), offered as downloads side by side: making one
keeps the other's link. The file names say what they hold (filters and data date), and the
files say who made them. Plejefamilier are pseudonymised unless the user asks otherwise, and
only a person whose roles allow it in every socialtilsyn of the export may ask (checked in the
kernel on every export; the checkbox is not shown to anyone else)."""

from __future__ import annotations

import base64
from collections.abc import Callable
from datetime import UTC, datetime

import ipywidgets as widgets

from tilsynwidgets.assessor import Assessor
from tilsynwidgets.config import load_settings
from tilsynwidgets.domain.access.refusals import AccessRefusedError
from tilsynwidgets.domain.access.roles import Permission
from tilsynwidgets.domain.core.export_record import ExportRecord
from tilsynwidgets.domain.core.local_time import DANISH_TIME, format_stamp
from tilsynwidgets.domain.core.units import Socialtilsyn
from tilsynwidgets.domain.labels import label_of
from tilsynwidgets.domain.portfolio.leadership_view import LeadershipView
from tilsynwidgets.exports import load_or_create_key
from tilsynwidgets.exports.leadership import (
    export_filename,
    filters_line,
    leadership_report,
    leadership_workbook,
)
from tilsynwidgets.presentation.html import escape
from tilsynwidgets.store.store import Store
from tilsynwidgets.widgets.common.status import StatusLine

__all__ = ["ExportPanel"]

_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ExportPanel(widgets.VBox):
    def __init__(
        self, store: Store, current: Callable[[], LeadershipView], author: Assessor | None = None
    ) -> None:
        self.store = store
        self.current = current
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
        fitting = widgets.Layout(width="auto")
        self.workbook = widgets.Button(description="Lav Excel-projektmappe", layout=fitting)
        self.report = widgets.Button(description="Lav rapport til udskrift", layout=fitting)
        self.workbook_link = widgets.HTML()
        self.report_link = widgets.HTML()
        self.status = StatusLine()
        self.workbook.on_click(self.status.guard(self.make_workbook))
        self.report.on_click(self.status.guard(self.make_report))
        super().__init__(
            [
                self.reveal,
                widgets.HBox([self.workbook, self.report]),
                self.workbook_link,
                self.report_link,
                self.status,
            ]
        )

    def _key(self) -> bytes:
        return load_or_create_key(load_settings().data_dir)

    def _reveal(self, view: LeadershipView) -> bool:
        """Whether this export shows names: asked for, and allowed for every socialtilsyn
        in it; asked for but not allowed is refused (nothing is made)."""
        if not self.reveal.value:
            return False
        places = {Socialtilsyn(code) for code in view.units["socialtilsyn"].astype(str)}
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

    def make_workbook(self) -> bytes:
        view = self.current()
        reveal = self._reveal(view)
        data = leadership_workbook(
            view,
            key=self._key(),
            reveal=reveal,
            self_assessments=self.store.self_assessments(),
            author=self.author,
        )
        self._log(view, "Excel-projektmappe", reveal)
        name = export_filename(view.filters, view.data.as_of, "xlsx")
        self._offer(self.workbook_link, data, _XLSX, name, "Hent Excel-projektmappen")
        return data

    def make_report(self) -> str:
        view = self.current()
        reveal = self._reveal(view)
        document = leadership_report(
            view,
            key=self._key(),
            reveal=reveal,
            self_assessments=self.store.self_assessments(),
            author=self.author,
        )
        self._log(view, "Rapport til udskrift", reveal)
        name = export_filename(view.filters, view.data.as_of, "html")
        self._offer(self.report_link, document.encode("utf-8"), "text/html", name, "Hent rapporten")
        return document

    def _log(self, view: LeadershipView, what: str, reveal: bool) -> None:
        """Log the export before it is handed over: a failure to log stops the export."""
        self.store.log_export(
            ExportRecord(
                made_at=datetime.now(UTC),
                made_by=self.author.name if self.author else "ukendt",
                what=what,
                filters=filters_line(view),
                real_names=reveal,
                rows=len(view.units),
            )
        )

    def _offer(self, link: widgets.HTML, data: bytes, mime: str, filename: str, text: str) -> None:
        encoded = base64.b64encode(data).decode("ascii")
        stamp = format_stamp(datetime.now(DANISH_TIME))
        link.value = (
            f'<a download="{escape(filename)}" href="data:{mime};base64,{encoded}" '
            f'class="tw-download">{escape(text)}</a> '
            f"<small>{escape(filename)} (lavet {stamp})</small>"
        )
        self.status.success(f"{text.removeprefix('Hent ').capitalize()} er klar.")
