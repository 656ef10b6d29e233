"""The leadership review's export panel: the workbook and the printable report
(:mod:`tilsynwidgets.exports.leadership`), offered as downloads. Plejefamilier are
pseudonymised unless the user asks otherwise."""

from __future__ import annotations

import base64
from collections.abc import Callable
from datetime import datetime

import ipywidgets as widgets

from tilsynwidgets.config import load_settings
from tilsynwidgets.domain.portfolio.leadership_view import LeadershipView
from tilsynwidgets.exports import load_or_create_key
from tilsynwidgets.exports.leadership import leadership_report, leadership_workbook
from tilsynwidgets.presentation.html import escape
from tilsynwidgets.store.store import Store
from tilsynwidgets.widgets.common.status import StatusLine

__all__ = ["ExportPanel"]

_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ExportPanel(widgets.VBox):
    def __init__(self, store: Store, current: Callable[[], LeadershipView]) -> None:
        self.store = store
        self.current = current
        self.reveal = widgets.Checkbox(
            description="Vis plejefamiliers navne (ellers pseudonymiseres de)",
            value=False,
            indent=False,
            layout=widgets.Layout(width="auto"),
        )
        self.workbook = widgets.Button(description="Lav Excel-projektmappe")
        self.report = widgets.Button(description="Lav rapport til udskrift")
        self.link = widgets.HTML()
        self.status = StatusLine()
        self.workbook.on_click(self.status.guard(self.make_workbook))
        self.report.on_click(self.status.guard(self.make_report))
        super().__init__(
            [self.reveal, widgets.HBox([self.workbook, self.report]), self.link, self.status]
        )

    def _key(self) -> bytes:
        return load_or_create_key(load_settings().data_dir)

    def make_workbook(self) -> bytes:
        data = leadership_workbook(
            self.current(),
            key=self._key(),
            reveal=self.reveal.value,
            self_assessments=self.store.self_assessments(),
        )
        self._offer(data, _XLSX, "ledelsesoverblik.xlsx", "Hent Excel-projektmappen")
        return data

    def make_report(self) -> str:
        document = leadership_report(
            self.current(),
            key=self._key(),
            reveal=self.reveal.value,
            self_assessments=self.store.self_assessments(),
        )
        self._offer(
            document.encode("utf-8"), "text/html", "ledelsesoverblik.html", "Hent rapporten"
        )
        return document

    def _offer(self, data: bytes, mime: str, filename: str, text: str) -> None:
        encoded = base64.b64encode(data).decode("ascii")
        stamp = datetime.now().strftime("%H:%M")
        self.link.value = (
            f'<a download="{escape(filename)}" href="data:{mime};base64,{encoded}" '
            f'class="tw-download">{escape(text)}</a> <small>(lavet {stamp})</small>'
        )
        self.status.success(f"{text.removeprefix('Hent ').capitalize()} er klar.")
