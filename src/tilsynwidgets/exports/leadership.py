"""The leadership review's exports: its figures as workbook sheets and as a printable
report. Unit-level sheets pseudonymise plejefamilier unless the user asks otherwise."""

from __future__ import annotations

import pandas as pd

from tilsynwidgets.domain.core.categories import Phase
from tilsynwidgets.domain.labels import code_labels
from tilsynwidgets.domain.portfolio.leadership_view import LeadershipView
from tilsynwidgets.domain.support.self_assessment import SelfAssessment
from tilsynwidgets.exports.pseudonyms import pseudonymise, pseudonymise_history, unit_kinds
from tilsynwidgets.exports.report import ReportSection, SafeHtml, report_html
from tilsynwidgets.exports.workbook import workbook_bytes
from tilsynwidgets.presentation.html import colour_bars
from tilsynwidgets.presentation.self_assessment import overview_frame, overview_html

__all__ = ["TITLE", "export_sheets", "leadership_report", "leadership_workbook"]

TITLE = "Ledelsens overblik over det risikobaserede socialtilsyn"


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


def leadership_workbook(
    view: LeadershipView, *, key: bytes, reveal: bool, self_assessments: list[SelfAssessment]
) -> bytes:
    """The Excel workbook of the view (a first sheet says what it holds and whence)."""
    return workbook_bytes(
        export_sheets(view, key=key, reveal=reveal, self_assessments=self_assessments),
        title=TITLE,
        data_as_of=view.data.as_of,
        source=_source(view),
        pseudonymised=not reveal,
    )


def leadership_report(
    view: LeadershipView, *, key: bytes, reveal: bool, self_assessments: list[SelfAssessment]
) -> str:
    """The printable HTML report of the view."""
    sheets = export_sheets(view, key=key, reveal=reveal, self_assessments=self_assessments)
    sections = [
        ReportSection("Risikokategorier, præ", SafeHtml(colour_bars(sheets["Præ"])), sheets["Præ"]),
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
    return report_html(
        title=TITLE,
        data_as_of=view.data.as_of,
        source=_source(view),
        sections=sections,
        pseudonymised=not reveal,
    )


def _source(view: LeadershipView) -> str:
    provenance = view.data.provenance
    return provenance.source if provenance else "ukendt kilde"
