"""The leadership review's export panel: the workbook and the printable report
(:mod:`tilsynwidgets.exports.leadership`), offered as downloads side by side: making one
keeps the other's link. The file names say what they hold (filters and data date), and the
files say who made them. Plejefamilier are pseudonymised unless the user asks otherwise, and
only a person whose roles allow it in every socialtilsyn of the export may ask (checked in the
kernel on every export; the checkbox is not shown to anyone else)."""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets

from tilsynwidgets.assessor import Assessor
from tilsynwidgets.config import load_settings
from tilsynwidgets.domain.portfolio.leadership_view import LeadershipView
from tilsynwidgets.exports import load_or_create_key
from tilsynwidgets.exports.leadership import (
    export_filename,
    filters_line,
    leadership_report,
    leadership_workbook,
)
from tilsynwidgets.store.store import Store
from tilsynwidgets.widgets.common.exporting import XLSX, ExportGate, download_html
from tilsynwidgets.widgets.common.status import StatusLine

__all__ = ["ExportPanel"]


class ExportPanel(widgets.VBox):
    def __init__(
        self, store: Store, current: Callable[[], LeadershipView], author: Assessor | None = None
    ) -> None:
        self.store = store
        self.current = current
        self.author = author
        self.gate = ExportGate(store, author)
        self.reveal = self.gate.reveal
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
        return self.gate.revealed(view.units["socialtilsyn"].astype(str))

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
        self._offer(self.workbook_link, data, XLSX, name, "Hent Excel-projektmappen")
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
        self.gate.log(what, filters_line(view), reveal, len(view.units))

    def _offer(self, link: widgets.HTML, data: bytes, mime: str, filename: str, text: str) -> None:
        link.value = download_html(data, mime, filename, text)
        self.status.success(f"{text.removeprefix('Hent ').capitalize()} er klar.")
