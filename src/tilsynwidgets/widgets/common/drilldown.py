"""Drill-down: from a figure of the leadership review or the portfolio overview to the units
behind it (with a workbook of them), and from a unit to what has come since its latest
assessment, its history and, in the inspector's app, its work."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

import ipywidgets as widgets

from tilsynwidgets.app_links import INSPECTOR_NOTEBOOK, inspector_url
from tilsynwidgets.assessor import Assessor
from tilsynwidgets.config import load_settings
from tilsynwidgets.domain.access.refusals import AccessRefusedError
from tilsynwidgets.domain.core.categories import Phase, RiskCategory
from tilsynwidgets.domain.core.danish_numbers import danish_count
from tilsynwidgets.domain.core.units import Socialtilsyn
from tilsynwidgets.domain.information.kinds import QueueRules, information_kinds
from tilsynwidgets.domain.labels import code_labels, label_of, labels
from tilsynwidgets.domain.portfolio.drilldown import (
    LATEST,
    NO_ASSESSMENT,
    QUEUE_KINDS,
    Figure,
    FigureKind,
    Section,
    overdue_units,
    section_figures,
)
from tilsynwidgets.domain.portfolio.leadership_view import LeadershipView
from tilsynwidgets.domain.risk.evaluation import NO_SUGGESTION_CODE
from tilsynwidgets.domain.support.measures import measure_catalogue
from tilsynwidgets.exports import load_or_create_key
from tilsynwidgets.exports.drilldown import figure_filename, figure_workbook
from tilsynwidgets.exports.leadership import TITLE, filters_line
from tilsynwidgets.exports.waiting import units_behind_html
from tilsynwidgets.presentation.html import escape
from tilsynwidgets.presentation.information import information_list_html, unit_listing
from tilsynwidgets.presentation.tables import labelled_html, quarter_label
from tilsynwidgets.store.store import Store
from tilsynwidgets.widgets.common.exporting import XLSX, ExportGate, download_html
from tilsynwidgets.widgets.common.status import StatusLine
from tilsynwidgets.widgets.unit.card import history_html

__all__ = ["OVERVIEW_SECTIONS", "SECTION_TITLES", "DrillDown", "Export", "figure_name"]

SECTION_TITLES: dict[Section, str] = {
    Section.COLOURS: "Risikokategorier præ og post",
    Section.QUARTERS: "Bevægelse over tid (pr. kvartal)",
    Section.TRANSITIONS: "Præ → post",
    Section.VISITS: "Tilsynsbesøg",
    Section.WAITING: "Venter på stillingtagen",
    Section.SUPPORT: "Organisatorisk understøttelse",
    Section.RESOURCES: "Ressourcer",
    Section.AUTOMATISM: "Modvirk automatik",
}
"""The leadership review's sections."""

OVERVIEW_SECTIONS: dict[Section, str] = {
    Section.LATEST: "Valgte risikokategorier, seneste",
    Section.COLOURS: "Valgte risikokategorier, præ og post",
    Section.SUGGESTED: "Kriteriekatalogets forslag",
    Section.TRANSITIONS: "Præ → post",
    Section.OVERDUE: "Overskredne tilsynsbesøg",
}
"""The portfolio overview's sections, in the order its figures stand."""

_SCROLL = (
    "<style>.tw-scroll{max-height:28em;overflow-y:auto;border:1px solid #ccc;margin:0 0 10px}"
    ".tw-scroll thead th{position:sticky;top:0;background:#fff}"
    # The units behind what waits: dates and teams stay on one line. The overdue påbud and
    # skærpet tilsyn: all but the name (2nd); the queue: its team (4th) and «Venter siden» (7th).
    ".tw-behind td{white-space:nowrap}.tw-behind td:nth-child(2){white-space:normal}"
    ".tw-behind-queue td:nth-child(4),.tw-behind-queue td:nth-child(7){white-space:nowrap}"
    ".tw-behind-queue .tw-queue thead th.tw-num{white-space:normal}"  # «Nye oplysninger»: 2 lines
    ".tw-behind-queue .tw-queue th,.tw-behind-queue .tw-queue td{padding:2px 6px}"  # fits 1024 px
    "</style>"
)
_PHASE = {Phase.PRAE.value: "Præ", Phase.POST.value: "Post", LATEST: "Seneste"}
_ORDER = {  # how the rows behind a figure of what waits are ordered
    FigureKind.WAITING: "længst ventet først",
    FigureKind.WAITING_DECISION: "længst ventet først",
    FigureKind.WAITING_LONG: "længst ventet først",
    FigureKind.ORDER_OVERDUE: "mest overskredne først",
    FigureKind.HEIGHTENED_ENDING: "det, der slutter først, øverst",
}


def _box(kind: FigureKind) -> str:
    """The classes of the scrolling box around the rows behind a figure of ``kind``."""
    if kind is FigureKind.OVERDUE:
        return "tw-scroll"
    return "tw-scroll tw-behind-queue" if kind in QUEUE_KINDS else "tw-scroll tw-behind"


def _colour_name(colour: str) -> str:
    if colour == NO_ASSESSMENT:
        return "ingen vurdering"
    return labels().category(RiskCategory(colour)).label


def _tilsyn(code: str) -> str:
    return label_of(Socialtilsyn(code))


@cache
def _measure_titles() -> dict[str, str]:
    return {m.id: m.title for m in measure_catalogue().all_measures()}


def _measure_title(measure_id: str) -> str:
    return _measure_titles().get(measure_id, measure_id)


def _group(codes: tuple[str, ...]) -> str:
    """Where a figure of what waits counts: «i alt» or «Team 2, Socialtilsyn Syd»."""
    return f"{codes[1]}, {_tilsyn(codes[0])}" if codes else "i alt"


def figure_name(figure: Figure, by: str = "socialtilsyn", rules: QueueRules | None = None) -> str:
    """The Danish name of a figure, with its count, as the drill-down lists it (``rules``:
    the queue's day limits, by default the packaged ones)."""
    rules = rules or information_kinds().queue
    c = figure.codes
    match figure.kind:
        case FigureKind.COLOUR:
            group = code_labels(by).get(c[2], c[2])
            text = f"{_PHASE[c[0]]}: {_colour_name(c[1])} i {group}"
        case FigureKind.SUGGESTED:
            group = code_labels(by).get(c[1], c[1])
            if c[0] == NO_SUGGESTION_CODE:
                text = f"Intet forslag i {group}"
            else:
                text = f"Forslag: {_colour_name(c[0])} i {group}"
        case FigureKind.QUARTER:
            text = f"{quarter_label(c[0])}: {_colour_name(c[1])}"
        case FigureKind.TRANSITION:
            text = f"Præ {_colour_name(c[0]).lower()} → post {_colour_name(c[1]).lower()}"
        case FigureKind.OVERDUE:
            text = "Overskredne tilsynsbesøg"
        case FigureKind.UNANNOUNCED:
            text = f"Planer med uanmeldte besøg i {_tilsyn(c[0])}"
        case FigureKind.MISSING_MEASURE:
            text = f"Mangler «{_measure_title(c[1])}» i {_tilsyn(c[0])}"
        case FigureKind.INTENSIFIED:
            text = f"Planer for rød og gul (intensiveret) i {_tilsyn(c[0])}"
        case FigureKind.TEMPLATE:
            text = f"Plan lig skabelonen – {c[0]}"
        case FigureKind.WAITING:
            text = f"Venter på stillingtagen – {_group(c)}"
        case FigureKind.WAITING_DECISION:
            text = f"Med oplysninger der kræver stillingtagen – {_group(c)}"
        case FigureKind.WAITING_LONG:
            text = f"Ventet over {rules.waiting_alert_days} dage – {_group(c)}"
        case FigureKind.ORDER_OVERDUE:
            text = f"Påbud over frist – {_group(c)}"
        case FigureKind.HEIGHTENED_ENDING:
            days = rules.heightened_ending_days
            text = f"Skærpet tilsyn slutter inden {days} dage – {_group(c)}"
    return f"{text} ({danish_count(figure.count)})"


@dataclass(frozen=True)
class Export:
    """Who makes the drill-down's workbooks and how they are named: the app's title (the
    workbook's) and file stem, and the author the export log names."""

    title: str = TITLE
    stem: str = "ledelsesoverblik"
    author: Assessor | None = None


class DrillDown(widgets.VBox):
    """Choose a section and a figure: the units behind it (with their dates and reasons
    where the figure has them), a workbook of them, and a unit's history with a link to it in
    the inspector's app."""

    def __init__(
        self,
        store: Store,
        sections: Mapping[Section, str] = SECTION_TITLES,
        export: Export | None = None,
    ) -> None:
        self.store = store
        self.found: list[Figure] = []
        self.view: LeadershipView | None = None
        self.by = "socialtilsyn"
        self.export = export or Export()
        self.sections = dict(sections)
        self.section = widgets.Dropdown(
            description="Afsnit",
            options=[
                ("— vælg et afsnit —", ""),
                *((t, s.value) for s, t in self.sections.items()),
            ],
            value="",
            layout=widgets.Layout(width="60%"),
        )
        self.figure = widgets.Dropdown(
            description="Tal", options=[("— vælg et tal —", -1)], layout=widgets.Layout(width="60%")
        )
        self.units = widgets.Select(
            description="Enheder", options=[], rows=8, layout=widgets.Layout(width="60%")
        )
        self.table = widgets.HTML()  # the overdue or waiting units with their dates
        self.link = widgets.HTML()  # the chosen unit in the inspector's app
        self.information = widgets.HTML()  # what has come since its latest assessment
        self.history = widgets.HTML()
        self.gate = ExportGate(store, self.export.author)
        self.download = widgets.Button(
            description="Hent enhederne som Excel-projektmappe",
            icon="download",
            layout=widgets.Layout(width="auto"),
        )
        self.download_link = widgets.HTML()
        self.status = StatusLine()
        self.download.on_click(self.status.guard(self.make_workbook))
        self.exporting = widgets.VBox(
            [
                widgets.HBox([self.download, self.gate.reveal]),
                self.download_link,
                self.status,
            ],
            layout=widgets.Layout(display="none"),
        )
        self.section.observe(self._section_chosen, names=["value"])
        self.figure.observe(self._figure_chosen, names=["value"])
        self.units.observe(self._unit_chosen, names=["value"])
        super().__init__(
            [
                self.section,
                self.figure,
                self.exporting,
                self.table,
                self.units,
                self.link,
                self.information,
                self.history,
            ]
        )

    @property
    def figure_names(self) -> list[str]:
        """The names of the chosen section's figures, as listed."""
        return [str(name) for name, _ in self.figure.options[1:]]

    def show(self, view: LeadershipView, by: str = "socialtilsyn") -> None:
        """Follow a new view (filters changed): the chosen section is computed again."""
        self.view, self.by = view, by
        self._section_chosen({"new": self.section.value})

    def open_figure(self, section: Section, kind: FigureKind) -> None:
        """Choose ``section`` and its first figure of ``kind`` (the overview's «Vis
        enhederne» beside a count)."""
        self.section.value = section.value
        index = next((i for i, f in enumerate(self.found) if f.kind is kind), -1)
        self.figure.value = index

    def chosen_figure(self) -> Figure | None:
        index = self.figure.value
        if self.view is None or not isinstance(index, int) or not 0 <= index < len(self.found):
            return None
        return self.found[index]

    def _section_chosen(self, change: dict[str, object]) -> None:
        chosen = change["new"]
        known = {s.value for s in self.sections}
        if self.view is not None and isinstance(chosen, str) and chosen in known:
            self.found = section_figures(self.view, Section(chosen), self.by)
        else:
            self.found = []
        rules = self.view.data.kinds.queue if self.view is not None else None
        names = [(figure_name(f, self.by, rules), i) for i, f in enumerate(self.found)]
        self.figure.options = [("— vælg et tal —", -1), *names]
        self.figure.value = -1
        self._figure_chosen({"new": -1})

    def _figure_chosen(self, change: dict[str, object]) -> None:
        self.table.value = ""
        self.link.value = ""
        self.information.value = ""
        self.history.value = ""
        self.download_link.value = ""
        self.status.clear()
        figure = self.chosen_figure()
        self.exporting.layout.display = None if figure is not None else "none"
        if figure is None or self.view is None:
            self.units.options = []
            return
        table = self._table(figure)
        if table:  # hundreds of rows: they scroll in their own box, under the list's heading
            self.table.value = _SCROLL + f'<div class="{_box(figure.kind)}">{table}</div>'
        ids = figure.find()
        names = self.view.units.set_index("id")["name"]
        self.units.options = [(f"{i} – {names.get(i, '')}", i) for i in ids]
        self.units.index = None

    def _table(self, figure: Figure) -> str:
        """The rows behind a figure with their dates and reasons, where it has them."""
        assert self.view is not None
        if figure.kind is FigureKind.OVERDUE:
            return labelled_html(
                overdue_units(self.view),
                "overdue",
                "Overskredne tilsynsbesøg: de mest overskredne først, aldrig besøgte øverst",
            )
        rules = self.view.data.kinds.queue
        caption = f"{figure_name(figure, self.by, rules)}: {_ORDER.get(figure.kind, '')}"
        return units_behind_html(self.view, figure, caption)

    def make_workbook(self) -> bytes:
        """The workbook of the chosen figure's units, logged; plejefamilier pseudonymised
        unless the names are asked for and allowed (checked here, in the kernel)."""
        figure = self.chosen_figure()
        if figure is None or self.view is None:
            raise AccessRefusedError("Vælg et tal først; så kan enhederne bag det hentes.")
        view = self.view
        name = figure_name(figure, self.by, view.data.kinds.queue)
        units = view.units[view.units["id"].isin(figure.find())]
        reveal = self.gate.revealed(units["socialtilsyn"].astype(str))
        key = load_or_create_key(load_settings().data_dir)
        data = figure_workbook(
            view,
            figure,
            name,
            key=key,
            reveal=reveal,
            title=self.export.title,
            author=self.export.author,
        )
        self.gate.log(f"Enhederne bag tallet «{name}»", filters_line(view), reveal, len(units))
        filename = figure_filename(self.export.stem, name, view)
        self.download_link.value = download_html(data, XLSX, filename, "Hent enhederne")
        self.status.success("Excel-projektmappen med enhederne er klar.")
        return data

    def _unit_chosen(self, change: dict[str, object]) -> None:
        unit_id = change["new"]
        if not isinstance(unit_id, str) or not unit_id or self.view is None:
            return
        data = self.view.data
        assessments = self.store.assessments(unit_id)
        records = self.store.information(unit_id)
        found = unit_listing(records, assessments, data.as_of, data.kinds)
        self.link.value = self._inspector_link(unit_id)
        self.information.value = f"<h4>Oplysninger</h4>{information_list_html(found)}"
        self.history.value = "<h4>Historik</h4>" + history_html(
            assessments,
            self.store.plans(unit_id),
            self.store.checklist_changes(unit_id),
            {record.id: record for record in records},
        )

    def _inspector_link(self, unit_id: str) -> str:
        """The unit in the inspector's app, in a new tab (the drill-down stays as it is), for
        a person whose roles open that app."""
        person = getattr(self.store, "person", None)
        if person is not None and not person.may_open(INSPECTOR_NOTEBOOK):
            return ""
        assert self.view is not None
        name = self.view.units.set_index("id")["name"].get(unit_id, "")
        return (
            f'<p>Åbn <a href="{escape(inspector_url(unit_id))}" target="_blank" rel="noopener" '
            f'class="tw-unit-link" style="color:#0b5cad;text-decoration:underline">'
            f"{escape(unit_id)} – {escape(str(name))}</a> i Tilsynsførendes app "
            "<small>(i en ny fane)</small></p>"
        )
