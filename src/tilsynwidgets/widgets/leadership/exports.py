"""Exports of what the leadership review shows: an Excel workbook and a printable HTML
report, offered as downloads. Plejefamilier are pseudonymised unless the user asks
otherwise."""

from __future__ import annotations

import base64
from collections.abc import Callable
from datetime import datetime

import ipywidgets as widgets
import pandas as pd

from tilsynwidgets.config import load_settings
from tilsynwidgets.domain.core.categories import Phase
from tilsynwidgets.domain.labels import code_labels
from tilsynwidgets.domain.portfolio.leadership_view import LeadershipView
from tilsynwidgets.domain.support.self_assessment import SelfAssessment
from tilsynwidgets.exports import (
    ReportSection,
    SafeHtml,
    load_or_create_key,
    pseudonymise,
    pseudonymise_history,
    report_html,
    unit_kinds,
    workbook_bytes,
)
from tilsynwidgets.presentation.html import colour_bars, escape
from tilsynwidgets.store.store import Store
from tilsynwidgets.widgets.common.status import StatusLine
from tilsynwidgets.widgets.leadership.self_assessment import overview_frame, overview_html

__all__ = ["ExportPanel", "export_sheets"]

TITLE = "Ledelsens overblik over det risikobaserede socialtilsyn"
_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def export_sheets(
    view: LeadershipView,
    *,
    key: bytes,
    reveal: bool,
    self_assessments: list[SelfAssessment] | None = None,
) -> dict[str, pd.DataFrame]:
    """The figures as sheets; unit-level sheets pseudonymise plejefamilier unless ``reveal``.

    ``self_assessments`` (all stored) add a sheet with each socialtilsyn's latest levels.
    """
    categories = view.categories().astype(object)
    columns = ["id", "name", "kind", "unit_type", "socialtilsyn", "team"]
    units = view.units[columns].reset_index(drop=True)
    units["kategori"] = units["id"].map(categories).fillna("ingen")
    kinds = unit_kinds(view.units)
    tilsyn_labels, type_labels = code_labels("socialtilsyn"), code_labels("unit_type")

    def by_tilsyn(table: pd.DataFrame) -> pd.DataFrame:
        return table.rename(index=tilsyn_labels)

    def by_type(table: pd.DataFrame) -> pd.DataFrame:
        return table.rename(index=type_labels)

    moved = view.moved().reset_index()
    return {
        "Enheder": pseudonymise(units, key=key, reveal=reveal),
        "Præ": by_tilsyn(view.distribution(Phase.PRAE)),
        "Post": by_tilsyn(view.distribution(Phase.POST)),
        "Præ pr. type": by_type(view.distribution(Phase.PRAE, "unit_type")),
        "Post pr. type": by_type(view.distribution(Phase.POST, "unit_type")),
        "Pr. kvartal": view.by_quarter(),
        "Præ-post": view.transitions(),
        "Flyttede enheder": pseudonymise_history(moved, kinds, key=key, reveal=reveal),
        "Uanmeldte besøg": by_tilsyn(view.unannounced()),
        "Kommende besøg": by_tilsyn(view.upcoming()),
        "Understøttelse": view.support(),
        "Ressourcer": view.resources(),
        "Automatik": view.automatism(),
    } | (
        {"Selvevaluering": overview_frame(self_assessments)} if self_assessments is not None else {}
    )


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
        view = self.current()
        data = workbook_bytes(
            export_sheets(
                view,
                key=self._key(),
                reveal=self.reveal.value,
                self_assessments=self.store.self_assessments(),
            ),
            title=TITLE,
            data_as_of=view.data.as_of,
            source=_source(view),
            pseudonymised=not self.reveal.value,
        )
        self._offer(data, _XLSX, "ledelsesoverblik.xlsx", "Hent Excel-projektmappen")
        return data

    def make_report(self) -> str:
        view = self.current()
        self_assessments = self.store.self_assessments()
        sheets = export_sheets(
            view, key=self._key(), reveal=self.reveal.value, self_assessments=self_assessments
        )
        sections = [
            ReportSection(
                "Risikokategorier, præ", SafeHtml(colour_bars(sheets["Præ"])), sheets["Præ"]
            ),
            ReportSection(
                "Risikokategorier, post", SafeHtml(colour_bars(sheets["Post"])), sheets["Post"]
            ),
            ReportSection(
                "Pr. kvartal", SafeHtml(colour_bars(sheets["Pr. kvartal"])), sheets["Pr. kvartal"]
            ),
            ReportSection("Præ → post", table=sheets["Præ-post"]),
            ReportSection("Planlagte uanmeldte besøg", table=sheets["Uanmeldte besøg"]),
            ReportSection("Organisatorisk understøttelse", table=sheets["Understøttelse"]),
            ReportSection(
                "Ledelsens generelle tiltag: selvevaluering",
                SafeHtml(overview_html(self_assessments)),
            ),
            ReportSection("Ressourcer", table=sheets["Ressourcer"]),
            ReportSection("Planer lig skabelonen", table=sheets["Automatik"]),
        ]
        document = report_html(
            title=TITLE,
            data_as_of=view.data.as_of,
            source=_source(view),
            sections=sections,
            pseudonymised=not self.reveal.value,
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


def _source(view: LeadershipView) -> str:
    provenance = view.data.provenance
    return provenance.source if provenance else "ukendt kilde"
