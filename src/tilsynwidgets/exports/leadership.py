"""The leadership review's exports: its figures as workbook sheets and as a printable
report, each table with Danish headers and labels (:mod:`tilsynwidgets.presentation.tables`).
Both state the filters, the period, the data and who made them. Unit-level sheets
pseudonymise plejefamilier unless the user asks otherwise."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

import pandas as pd

from tilsynwidgets.assessor import Assessor
from tilsynwidgets.domain.core.categories import Phase
from tilsynwidgets.domain.core.danish_numbers import counted, danish_count
from tilsynwidgets.domain.core.local_time import format_stamp
from tilsynwidgets.domain.core.units import Socialtilsyn
from tilsynwidgets.domain.labels import code_labels
from tilsynwidgets.domain.portfolio.drilldown import overdue_units
from tilsynwidgets.domain.portfolio.leadership import Filters
from tilsynwidgets.domain.portfolio.leadership_view import LeadershipView
from tilsynwidgets.domain.support.self_assessment import SelfAssessment
from tilsynwidgets.exports.pseudonyms import pseudonymise, pseudonymise_history, unit_kinds
from tilsynwidgets.exports.report import ReportSection, SafeHtml, report_html
from tilsynwidgets.exports.waiting import waiting_section, waiting_sheets
from tilsynwidgets.exports.workbook import workbook_bytes
from tilsynwidgets.presentation.html import colour_bars
from tilsynwidgets.presentation.quarter_chart import quarter_chart_svg
from tilsynwidgets.presentation.self_assessment import overview_frame, overview_html
from tilsynwidgets.presentation.tables import (
    NO_CATEGORY,
    TABLES,
    for_people,
    for_workbook,
)

__all__ = [
    "OVERDUE_SHEET",
    "REPORT_OVERDUE_ROWS",
    "TITLE",
    "Figure",
    "export_facts",
    "export_filename",
    "export_sheets",
    "figures",
    "file_slug",
    "filters_line",
    "leadership_report",
    "leadership_workbook",
]

TITLE = "Ledelsens overblik over det risikobaserede socialtilsyn"
OVERDUE_SHEET = "Overskredne besøg"
REPORT_OVERDUE_ROWS = 25  # the report lists the most overdue; the workbook lists them all
FILE_STEM = "ledelsesoverblik"


@dataclass(frozen=True)
class Figure:
    """One table of the review: its sheet name, the domain frame and how it is shown."""

    sheet: str
    frame: pd.DataFrame
    table: str


def figures(view: LeadershipView) -> list[Figure]:
    """The review's tables (not unit-level), in the order of the workbook's sheets."""
    return [
        Figure("Præ", view.distribution(Phase.PRAE), "distribution_socialtilsyn"),
        Figure("Post", view.distribution(Phase.POST), "distribution_socialtilsyn"),
        Figure(
            "Præ pr. type", view.distribution(Phase.PRAE, "unit_type"), "distribution_unit_type"
        ),
        Figure(
            "Post pr. type", view.distribution(Phase.POST, "unit_type"), "distribution_unit_type"
        ),
        Figure("Pr. kvartal", view.by_quarter(), "by_quarter"),
        Figure("Præ-post", view.transitions(), "transitions"),
        Figure("Uanmeldte besøg", view.unannounced(), "unannounced"),
        Figure("Kommende besøg", view.upcoming(), "upcoming"),
        Figure("Understøttelse", view.support(), "support"),
        Figure("Ressourcer", view.resources(), "resources"),
        Figure("Automatik", view.automatism(), "automatism"),
    ]


def _unit_rows(view: LeadershipView, *, key: bytes, reveal: bool) -> pd.DataFrame:
    categories = view.categories().astype(object)
    columns = ["id", "name", "kind", "unit_type", "socialtilsyn", "team"]
    units = view.units[columns].reset_index(drop=True)
    units["category"] = units["id"].map(categories).fillna(NO_CATEGORY)
    return pseudonymise(units, key=key, reveal=reveal)


def _overdue_rows(view: LeadershipView, *, key: bytes, reveal: bool) -> pd.DataFrame:
    """The overdue units (:func:`overdue_units`), plejefamilier pseudonymised unless ``reveal``."""
    return pseudonymise(overdue_units(view), key=key, reveal=reveal)


def _moved_rows(view: LeadershipView, *, key: bytes, reveal: bool) -> pd.DataFrame:
    moved = view.moved().reset_index()
    return pseudonymise_history(moved, unit_kinds(view.units), key=key, reveal=reveal)


def export_sheets(
    view: LeadershipView,
    *,
    key: bytes,
    reveal: bool,
    self_assessments: list[SelfAssessment] | None = None,
) -> dict[str, pd.DataFrame]:
    """The figures as sheets with Danish headers and labels; numbers stay numbers.

    Unit-level sheets (the units, the moved, the overdue and those behind what waits for a
    decision) pseudonymise plejefamilier unless ``reveal``. ``self_assessments``
    (all stored) add a sheet with each socialtilsyn's latest levels.
    """
    by_name = {f.sheet: for_workbook(f.frame, TABLES[f.table]) for f in figures(view)}
    figures_order = list(by_name)
    units = for_workbook(_unit_rows(view, key=key, reveal=reveal), TABLES["units"])
    by_name["Flyttede enheder"] = for_workbook(
        _moved_rows(view, key=key, reveal=reveal), TABLES["moved"]
    )
    by_name[OVERDUE_SHEET] = for_workbook(
        _overdue_rows(view, key=key, reveal=reveal), TABLES["overdue"]
    )
    waiting = waiting_sheets(view, key=key, reveal=reveal)
    by_name |= waiting
    order = [
        *figures_order[:6],
        "Flyttede enheder",
        OVERDUE_SHEET,
        *waiting,
        *figures_order[6:],
    ]
    sheets = {"Enheder": units} | {name: by_name[name] for name in order}
    if self_assessments is not None:
        sheets["Selvevaluering"] = overview_frame(self_assessments, _places(view))
    return sheets


def _chosen(codes: Collection[str] | None, labels: dict[str, str], everything: str) -> str:
    if not codes:
        return everything
    return ", ".join(sorted(labels.get(code, code) for code in codes))


def export_facts(view: LeadershipView, author: Assessor | None) -> list[tuple[str, str]]:
    """What an export holds, in Danish: the filters, the period, the units and its maker."""
    filters = view.filters
    period = (
        f"{format_stamp(filters.period[0])} – {format_stamp(filters.period[1])}"
        if filters.period
        else "Hele historikken"
    )
    facts = [
        ("Socialtilsyn", _chosen(filters.socialtilsyn, code_labels("socialtilsyn"), "Alle")),
        ("Type", _chosen(filters.unit_type, code_labels("unit_type"), "Alle typer")),
        ("Team", _chosen(filters.team, {}, "Alle teams")),
        ("Periode", period),
        ("Enheder i udvalget", danish_count(len(view.units))),
    ]
    if author is not None:
        facts.append(("Lavet af", f"{author.name} ({author.source})"))
    return facts


def _places(view: LeadershipView) -> list[Socialtilsyn]:
    """The socialtilsyn whose units the review holds (the person sees), for the
    self-assessment's columns."""
    held = set(view.data.units["socialtilsyn"].astype(str))
    return [s for s in Socialtilsyn if s.value in held]


def filters_line(view: LeadershipView) -> str:
    """The filters and period of an export on one line, for the log of exports:
    "Socialtilsyn Syd · Alle typer · Alle teams · 1. januar 2025 – 1. november 2026"."""
    return " · ".join(value for _, value in export_facts(view, None)[:4])


def file_slug(text: str) -> str:
    """``text`` as part of a file name: «Præ: Gul i Syd» → ``prae-gul-i-syd``."""
    plain = text.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    plain = unicodedata.normalize("NFKD", plain).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")


def export_filename(filters: Filters, as_of: date, suffix: str) -> str:
    """``ledelsesoverblik-syd-2026-11-01.xlsx``: the chosen socialtilsyn, type and team
    (``alle`` without filters) and the data's date."""
    chosen = [
        file_slug(code)
        for group in (filters.socialtilsyn, filters.unit_type, filters.team)
        for code in sorted(group or ())
    ]
    return f"{FILE_STEM}-{'-'.join(chosen) or 'alle'}-{as_of.isoformat()[:10]}.{suffix}"


def leadership_workbook(
    view: LeadershipView,
    *,
    key: bytes,
    reveal: bool,
    self_assessments: list[SelfAssessment],
    author: Assessor | None = None,
) -> bytes:
    """The Excel workbook of the view (a first sheet says what it holds, whence and by whom)."""
    return workbook_bytes(
        export_sheets(view, key=key, reveal=reveal, self_assessments=self_assessments),
        title=TITLE,
        data_as_of=view.data.as_of,
        source=_source(view),
        pseudonymised=not reveal,
        details=export_facts(view, author),
    )


def leadership_report(
    view: LeadershipView,
    *,
    key: bytes,
    reveal: bool,
    self_assessments: list[SelfAssessment],
    author: Assessor | None = None,
) -> str:
    """The printable HTML report of the view."""
    tilsyn = code_labels("socialtilsyn")
    shown = {f.sheet: for_people(f.frame, TABLES[f.table]) for f in figures(view)}

    def bars(frame: pd.DataFrame, names: dict[str, str]) -> SafeHtml:
        return SafeHtml(colour_bars(frame.rename(index=names)))

    sections = [
        ReportSection(
            "Risikokategorier, præ", bars(view.distribution(Phase.PRAE), tilsyn), shown["Præ"]
        ),
        ReportSection(
            "Risikokategorier, post", bars(view.distribution(Phase.POST), tilsyn), shown["Post"]
        ),
        ReportSection(
            "Bevægelse over tid (pr. kvartal)",
            SafeHtml(quarter_chart_svg(view.by_quarter())),
            shown["Pr. kvartal"],
            table_caption="Antal enheder ved kvartalets udgang",
        ),
        ReportSection(
            "Præ → post",
            table=shown["Præ-post"],
            table_caption="Rækker: kategori præ; kolonner: kategori post",
        ),
        _overdue_section(view, key=key, reveal=reveal),
        waiting_section(view),
        ReportSection("Planlagte uanmeldte besøg", table=shown["Uanmeldte besøg"]),
        ReportSection(
            "Planlagte besøg pr. kvartal",
            table=shown["Kommende besøg"],
            table_caption="Besøg efter de gældende intensitetsplaner",
        ),
        ReportSection("Organisatorisk understøttelse", table=shown["Understøttelse"]),
        ReportSection(
            "Ledelsens generelle tiltag: selvevaluering",
            SafeHtml(overview_html(self_assessments, _places(view))),
        ),
        ReportSection(
            "Ressourcer",
            table=shown["Ressourcer"],
            table_caption="Timer pr. kvartal efter de gældende intensitetsplaner",
        ),
        ReportSection("Planer lig skabelonen", table=shown["Automatik"]),
    ]
    return report_html(
        title=TITLE,
        data_as_of=view.data.as_of,
        source=_source(view),
        sections=sections,
        pseudonymised=not reveal,
        facts=export_facts(view, author),
    )


def _overdue_section(view: LeadershipView, *, key: bytes, reveal: bool) -> ReportSection:
    """The most overdue units (the never visited first); all of them are in the workbook."""
    rows = _overdue_rows(view, key=key, reveal=reveal)
    shown = rows.head(REPORT_OVERDUE_ROWS)
    note = f"{counted(len(rows), 'enhed', 'enheder')} har overskredet fristen for tilsynsbesøg." + (
        f" Her står de {danish_count(len(shown))} mest overskredne; alle står i "
        f"Excel-projektmappen (arket «{OVERDUE_SHEET}»)."
        if len(shown) < len(rows)
        else ""
    )
    return ReportSection(
        "Overskredne tilsynsbesøg",
        table=for_people(shown, TABLES["overdue"]),
        table_caption="De mest overskredne først; enheder uden registreret besøg øverst",
        note=note,
    )


def _source(view: LeadershipView) -> str:
    provenance = view.data.provenance
    return provenance.source if provenance else "ukendt kilde"
