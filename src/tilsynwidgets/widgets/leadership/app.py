"""Ledelsens overblik: the portfolio, its movements, visits, what waits for a decision,
organisational support, resources and counter automatism, filtered by socialtilsyn, type,
team and period, with drill-down to the units behind a figure and exports. Charts first,
tables behind them."""

from __future__ import annotations

import math

import ipywidgets as widgets

from tilsynwidgets.assessor import Assessor
from tilsynwidgets.domain.core.categories import Phase, RiskCategory
from tilsynwidgets.domain.core.danish_numbers import counted, danish_count
from tilsynwidgets.domain.core.local_time import format_stamp
from tilsynwidgets.domain.core.units import Socialtilsyn
from tilsynwidgets.domain.labels import code_labels, label_of, labels
from tilsynwidgets.domain.portfolio.leadership import Filters
from tilsynwidgets.domain.portfolio.leadership_view import (
    LeadershipData,
    LeadershipView,
    default_period,
)
from tilsynwidgets.domain.risk.current import current_categories
from tilsynwidgets.exports.waiting import summary_frame, summary_table, waiting_facts
from tilsynwidgets.presentation.html import colour_bars, escape
from tilsynwidgets.presentation.quarter_chart import quarter_chart_svg
from tilsynwidgets.presentation.tables import for_people, labelled_html, table_html
from tilsynwidgets.store.store import Store
from tilsynwidgets.widgets.common.choices import ALL, choice, socialtilsyn_choice, unit_type_choice
from tilsynwidgets.widgets.common.drilldown import DrillDown, Export
from tilsynwidgets.widgets.common.status import StatusLine
from tilsynwidgets.widgets.leadership.exports import ExportPanel
from tilsynwidgets.widgets.leadership.self_assessment import SelfAssessmentPanel

__all__ = ["WAITING_CAPTION", "WAITING_SECTION", "LeadershipApp", "waiting_html"]

WAITING_SECTION = "Venter på stillingtagen"
WAITING_CAPTION = "Pr. socialtilsyn og team; tallene åbnes under «Enhederne bag tallene»"


class LeadershipApp(widgets.VBox):
    def __init__(self, store: Store, data: LeadershipData, author: Assessor) -> None:
        self.store = store
        self.data = data
        units = data.units
        # Only the socialtilsyn whose units the person sees (the store checked the roles).
        places = [s for s in Socialtilsyn if s.value in set(units["socialtilsyn"].astype(str))]
        self.socialtilsyn = socialtilsyn_choice(s.value for s in places)
        self.unit_type = unit_type_choice()
        self.team = choice("Team", ((t, t) for t in sorted(units["team"].unique())))
        first, last = default_period(data.as_of)
        self.start = widgets.DatePicker(description="Fra", value=first)
        self.end = widgets.DatePicker(description="Til", value=last)
        self._narrowing = False  # the team's options follow the socialtilsyn chosen
        self.capacity = {
            s.value: widgets.FloatText(
                description=label_of(s),
                value=0.0,
                step=100.0,
                style={"description_width": "13em"},  # the whole name, never "Socialtilsy…"
                layout=widgets.Layout(width="24em"),
            )
            for s in places
        }
        self.split = widgets.ToggleButtons(
            description="Fordel på",
            options=[("Socialtilsyn", "socialtilsyn"), ("Type", "unit_type")],
            value="socialtilsyn",
        )
        self.status = StatusLine()
        self.stamp = widgets.HTML()
        self.colours = widgets.HTML()
        self.quarters = widgets.HTML()
        self.movement = widgets.HTML()
        self.visits = widgets.HTML()
        self.waiting = widgets.HTML()
        self.support = widgets.HTML()
        self.resources = widgets.HTML()
        self.automatism = widgets.HTML()
        self.self_assessment = SelfAssessmentPanel(store, author)
        self.drilldown = DrillDown(store, export=Export(author=author))
        self.exports = ExportPanel(store, self._current_view, author)
        self.view: LeadershipView = data.view(Filters())
        self.socialtilsyn.observe(self._narrow_teams, names=["value"])
        controls = [self.socialtilsyn, self.unit_type, self.team, self.start, self.end]
        for control in controls:
            control.observe(self._refresh, names=["value"])
        for box in self.capacity.values():
            box.observe(self._refresh_resources, names=["value"])
        self.split.observe(self._refresh_colours, names=["value"])
        capacity_box = widgets.VBox(
            [widgets.HTML("<b>Kapacitet (timer pr. kvartal)</b>"), *self.capacity.values()]
        )
        super().__init__(
            [
                self.stamp,
                widgets.HBox([self.socialtilsyn, self.unit_type, self.team]),
                widgets.HBox([self.start, self.end]),
                self.status,
                _section("Risikokategorier præ og post"),
                self.split,
                self.colours,
                _section("Bevægelse over tid (pr. kvartal)"),
                self.quarters,
                _section("Præ → post"),
                self.movement,
                _section("Tilsynsbesøg"),
                self.visits,
                _section(WAITING_SECTION),
                self.waiting,
                _section("Organisatorisk understøttelse (rød og gul)"),
                self.support,
                _section("Ledelsens generelle tiltag: selvevaluering pr. socialtilsyn"),
                self.self_assessment,
                _section("Ressourcer"),
                capacity_box,
                self.resources,
                _section("Modvirk automatik: planer lig skabelonen"),
                self.automatism,
                _section("Enhederne bag tallene"),
                self.drilldown,
                _section("Eksport"),
                self.exports,
            ]
        )
        self._refresh()

    def summary(self) -> str:
        """One Danish line on the whole portfolio (no filters): units and current colours."""
        current = current_categories(self.data.assessments).value_counts()
        colours = ", ".join(
            f"{danish_count(int(current.get(c.value, 0)))} {labels().category(c).label.lower()}"
            for c in (RiskCategory.ROED, RiskCategory.GUL, RiskCategory.GROEN)
        )
        units = counted(len(self.data.units), "enhed", "enheder")
        return f"{units} i porteføljen; aktuel risikokategori: {colours}."

    def filters(self) -> Filters:
        period = (self.start.value, self.end.value) if self.start.value and self.end.value else None
        return Filters(
            socialtilsyn={self.socialtilsyn.value} if self.socialtilsyn.value else None,
            unit_type={self.unit_type.value} if self.unit_type.value else None,
            team={self.team.value} if self.team.value else None,
            period=period,
        )

    def _narrow_teams(self, _change: object = None) -> None:
        """Offer the teams of the socialtilsyn chosen (all the person sees when none is); a
        team of another socialtilsyn is let go. The filters are read once, afterwards."""
        units = self.data.units
        place = self.socialtilsyn.value
        offered = sorted(
            set((units.loc[units["socialtilsyn"] == place] if place else units)["team"])
        )
        self._narrowing = True
        try:
            keep = self.team.value if self.team.value in offered else ""
            self.team.options = [ALL, *((t, t) for t in offered)]
            self.team.value = keep
        finally:
            self._narrowing = False

    def _capacity(self) -> dict[str, float]:
        """The capacities entered: 0 means none; a negative or unreadable one is left out
        (and named by :meth:`_capacity_problems`)."""
        return {
            key: float(box.value)
            for key, box in self.capacity.items()
            if math.isfinite(box.value) and box.value > 0
        }

    def _capacity_problems(self) -> list[str]:
        """The socialtilsyn whose capacity cannot be used (negative or not a number)."""
        return [
            label_of(Socialtilsyn(key))
            for key, box in self.capacity.items()
            if not (math.isfinite(box.value) and box.value >= 0)
        ]

    def _current_view(self) -> LeadershipView:
        return self.view

    def _refresh(self, _change: object = None) -> None:
        if self._narrowing:
            return
        filters = self.filters()
        if filters.period and filters.period[0] > filters.period[1]:
            self.status.error("Perioden er ugyldig: 'Fra' ligger efter 'Til'.")
            return
        self.status.clear()
        view = self.data.view(filters, self._capacity())
        self.view = view
        if view.units.empty:
            self.status.info(
                "Ingen enheder passer til de valgte filtre, så tabellerne nedenfor er tomme. "
                "Vælg færre filtre eller en anden periode."
            )
        provenance = self.data.provenance
        stamp = provenance.describe() if provenance else "Datakilden er ikke registreret."
        self.stamp.value = (
            f"<p><small>{escape(stamp)} · regelsæt «{escape(self.data.rules.title)}» · "
            f"{counted(len(view.units), 'enhed', 'enheder')} i udvalget</small></p>"
        )
        self._refresh_colours()
        quarters = view.by_quarter()
        self.quarters.value = quarter_chart_svg(quarters) + labelled_html(
            quarters, "by_quarter", "Antal enheder ved kvartalets udgang"
        )
        moved = view.moved()
        up = int((moved["direction"] == "op").sum())
        down = len(moved) - up
        self.movement.value = (
            labelled_html(
                view.transitions(),
                "transitions",
                "Rækker: kategori præ; kolonner: kategori post",
            )
            + f"<p>{counted(up, 'enhed', 'enheder')} flyttet op og "
            f"{counted(down, 'enhed', 'enheder')} ned (seneste cyklus).</p>"
        )
        overdue = view.overdue()
        self.visits.value = (
            f"<p>Overskredne tilsynsbesøg pr. {escape(format_stamp(self.data.as_of))}: "
            f"<b>{danish_count(len(overdue))}</b>.</p>"
            + labelled_html(view.unannounced(), "unannounced", "Planlagte uanmeldte besøg")
            + labelled_html(view.upcoming(), "upcoming", "Planlagte besøg pr. kvartal")
        )
        self.waiting.value = waiting_html(view)
        self.support.value = labelled_html(
            view.support(), "support", "Tiltag fra redskabet til organisatorisk understøttelse"
        )
        self.automatism.value = labelled_html(view.automatism(), "automatism", "Pr. team")
        self._refresh_resources()

    def _refresh_colours(self, _change: object = None) -> None:
        by = self.split.value
        table = f"distribution_{by}"
        prae, post = (
            self.view.distribution(phase, by).rename(index=code_labels(by))
            for phase in (Phase.PRAE, Phase.POST)
        )
        self.colours.value = (
            "<h4>Præ</h4>"
            + colour_bars(prae)
            + "<h4>Post</h4>"
            + colour_bars(post)
            + labelled_html(self.view.distribution(Phase.PRAE, by), table, "Præ, antal enheder")
            + labelled_html(self.view.distribution(Phase.POST, by), table, "Post, antal enheder")
        )
        self.drilldown.show(self.view, by)

    def _refresh_resources(self, _change: object = None) -> None:
        if self.view.capacity != self._capacity():
            self.view = self.data.view(self.view.filters, self._capacity())
        table = self.view.resources()
        short = table[table["intensified_short"].fillna(False).astype(bool)]
        refused = self._capacity_problems()
        problem = (
            "<p style='color:#b71c1c'>Kapaciteten kan ikke være negativ, så den er ikke brugt "
            f"for {escape(', '.join(refused))}. Ret tallet, eller skriv 0 for ingen "
            "kapacitet.</p>"
            if refused
            else ""
        )
        warning = problem + (
            "<p style='color:#b71c1c'>Intensiveret tilsyn mangler timer i "
            f"{counted(len(short), 'kvartal', 'kvartaler')}.</p>"
            if len(short)
            else "<p>Angiv kapacitet for at se, om intensiveret tilsyn har timer nok.</p>"
            if not self._capacity()
            else "<p>Der er timer nok til det intensiverede tilsyn, hvor en kapacitet er "
            "angivet.</p>"
        )
        self.resources.value = warning + labelled_html(
            table, "resources", "Timer pr. kvartal efter de gældende intensitetsplaner"
        )


def waiting_html(view: LeadershipView) -> str:
    """What waits for a decision: the day's totals, what the figures rest on, and the
    summary per socialtilsyn and team (none when nothing waits)."""
    first, *rest = waiting_facts(view)
    lines = f"<p>{escape(first)}</p><p><small>{escape(' '.join(rest))}</small></p>"
    summary = summary_frame(view)
    if summary.empty:
        return lines
    table = for_people(summary, summary_table(view.data.kinds.queue))
    return lines + table_html(table, WAITING_CAPTION)


def _section(title: str) -> widgets.HTML:
    return widgets.HTML(f"<h3>{escape(title)}</h3>")
