"""The leadership review's export panel: the workbook and the printable report
(:mod:`tilsynwidgets.exports.leadership`), offered as downloads side by side: making one
keeps the other's link. The file names say what they hold (filters and data date), and the
files say who made them. Plejefamilier are pseudonymised unless the user asks otherwise."""

from __future__ import annotations

import base64
from collections.abc import Callable
from datetime import datetime

import ipywidgets as widgets

from tilsynwidgets.assessor import Assessor
from tilsynwidgets.config import load_settings
from tilsynwidgets.domain.core.local_time import DANISH_TIME, format_stamp
from tilsynwidgets.domain.portfolio.leadership_view import LeadershipView
from tilsynwidgets.exports import load_or_create_key
from tilsynwidgets.exports.leadership import (
    export_filename,
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
            layout=widgets.Layout(width="auto"),
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

    def make_workbook(self) -> bytes:
        view = self.current()
        data = leadership_workbook(
            view,
            key=self._key(),
            reveal=self.reveal.value,
            self_assessments=self.store.self_assessments(),
            author=self.author,
        )
        name = export_filename(view.filters, view.data.as_of, "xlsx")
        self._offer(self.workbook_link, data, _XLSX, name, "Hent Excel-projektmappen")
        return data

    def make_report(self) -> str:
        view = self.current()
        document = leadership_report(
            view,
            key=self._key(),
            reveal=self.reveal.value,
            self_assessments=self.store.self_assessments(),
            author=self.author,
        )
        name = export_filename(view.filters, view.data.as_of, "html")
        self._offer(self.report_link, document.encode("utf-8"), "text/html", name, "Hent rapporten")
        return document

    def _offer(self, link: widgets.HTML, data: bytes, mime: str, filename: str, text: str) -> None:
        encoded = base64.b64encode(data).decode("ascii")
        stamp = format_stamp(datetime.now(DANISH_TIME))
        link.value = (
            f'<a download="{escape(filename)}" href="data:{mime};base64,{encoded}" '
            f'class="tw-download">{escape(text)}</a> '
            f"<small>{escape(filename)} (lavet {stamp})</small>"
        )
        self.status.success(f"{text.removeprefix('Hent ').capitalize()} er klar.")
