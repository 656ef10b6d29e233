"""What an edited catalogue would do: on the units as they stand on the working day,
suggested colours per socialtilsyn and type, the units whose suggestion changes against the
saved version (with drill-down), how often each criterion fires and alone decides, and a
threshold sweep for one criterion; and, between them, the backtest of the suggestions against
the colours supervisors chose, each from what was known on the day it was chosen
(:mod:`tilsynwidgets.widgets.workshop.backtest`). Units the catalogue gives no suggestion
(too little known) are counted as "intet forslag", never as grøn."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import ipywidgets as widgets
import pandas as pd

from tilsynwidgets.domain.core.categories import RiskCategory
from tilsynwidgets.domain.core.danish_numbers import counted, danish_count
from tilsynwidgets.domain.core.local_time import format_stamp
from tilsynwidgets.domain.labels import code_labels, labels
from tilsynwidgets.domain.risk.criteria import Operator
from tilsynwidgets.domain.workshop.backtest import Backtest, BacktestData
from tilsynwidgets.domain.workshop.effect import CatalogueEffect, WorkshopData
from tilsynwidgets.domain.workshop.sweep import threshold_sweep
from tilsynwidgets.presentation.html import colour_bars, colour_names, escape
from tilsynwidgets.presentation.line_chart import Series, line_chart_svg
from tilsynwidgets.presentation.tables import table_html
from tilsynwidgets.presentation.workshop_tables import (
    NO_SUGGESTION,
    changes_table,
    criteria_table,
    sweep_table,
)
from tilsynwidgets.widgets.workshop.backtest import BacktestPanel
from tilsynwidgets.widgets.workshop.criteria_editor import criterion_label

__all__ = [
    "EffectPanel",
    "changes_caption",
    "changes_html",
    "criteria_caption",
    "criteria_html",
    "sweep_caption",
    "sweep_html",
]

_ORDER = (RiskCategory.ROED, RiskCategory.GUL, RiskCategory.GROEN)
_NAMES = colour_names()
_SHOWN_CHANGES = 500


def changes_caption(as_of: date) -> str:
    return (
        "Rækker: forslaget med den gemte version; kolonner: med arbejdskopien "
        f"(enhederne pr. {format_stamp(as_of)})"
    )


def criteria_caption(as_of: date) -> str:
    return (
        "«Afgør alene»: enheder, hvis forslag ville være et andet uden kriteriet "
        f"(enhederne pr. {format_stamp(as_of)})"
    )


def sweep_caption(as_of: date) -> str:
    return (
        "Tærskelanalyse: enheder pr. foreslået farve ved hver tærskel "
        f"(enhederne pr. {format_stamp(as_of)})"
    )


def criteria_html(result: CatalogueEffect, as_of: date) -> str:
    """How often each criterion fires and how often it alone decides the suggestion."""
    return table_html(criteria_table(result), criteria_caption(as_of))


def changes_html(result: CatalogueEffect, as_of: date) -> str:
    """How many units get another suggestion than with the saved version, and the matrix."""
    if result.changes is None or result.change_matrix is None:
        return "<p>Ingen gemt version at sammenligne med.</p>"
    moved = counted(len(result.changes), "enhed", "enheder")
    version = result.baseline.version if result.baseline else ""
    return (
        f"<p><b>{moved}</b> får et andet forslag end med «{escape(version)}» "
        f"pr. {format_stamp(as_of)}.</p>"
        + table_html(changes_table(result.change_matrix), changes_caption(as_of))
    )


def sweep_html(sweep: pd.DataFrame, condition: str, as_of: date) -> str:
    """The sweep as a chart (units per suggested colour against the threshold) and a table
    with the same figures."""
    series = [
        Series(
            labels().category(c).label,
            sweep[c.value].astype(float).tolist(),
            labels().category(c).colour,
        )
        for c in _ORDER
    ]
    current = sweep.loc[sweep["current"], "threshold"]
    chart = line_chart_svg(
        sweep["threshold"].astype(float).tolist(),
        series,
        x_label=f"Tærskel: {condition}",
        y_label="Enheder pr. foreslået farve",
        marker=float(current.iloc[0]) if len(current) else None,
        marker_label="nu",
    )
    return chart + table_html(sweep_table(sweep), sweep_caption(as_of))


def _named(suggestion: object) -> str:
    """A suggested colour's name, or "Intet forslag" (NaN) where there is none."""
    return _NAMES.get(str(suggestion), NO_SUGGESTION)


class EffectPanel(widgets.VBox):
    """Draws a :class:`CatalogueEffect` of the units as of ``as_of`` and, when there are
    assessments (``backtest``), the backtest beside it; ``history`` gives a unit's history
    as HTML."""

    def __init__(
        self,
        data: WorkshopData,
        history: Callable[[str], str],
        as_of: date,
        backtest: BacktestData | None = None,
    ) -> None:
        self.data = data
        self.history = history
        self.as_of = as_of
        self.result: CatalogueEffect | None = None
        self.backtest = BacktestPanel(backtest) if backtest is not None else None
        self.split = widgets.ToggleButtons(
            description="Fordel på",
            options=[("Socialtilsyn", "socialtilsyn"), ("Type", "unit_type")],
            value="socialtilsyn",
        )
        self.distribution = widgets.HTML()
        self.changes = widgets.HTML()
        self.changed_units = widgets.Select(
            description="Enheder", rows=8, layout=widgets.Layout(width="48em")
        )
        self.unit = widgets.HTML()
        self.criteria = widgets.HTML()
        self.sweep_choice = widgets.Dropdown(
            description="Kriterium", layout=widgets.Layout(width="40em")
        )
        self.sweep = widgets.HTML()
        self.split.observe(lambda _change: self._draw_distribution(), names=["value"])
        self.changed_units.observe(self._unit_chosen, names=["value"])
        self._choosing = False  # set while show() refills the sweep's choices
        self.sweep_choice.observe(self._sweep_chosen, names=["value"])
        day = format_stamp(as_of)
        backtest_part: list[widgets.Widget] = (
            [self.backtest]
            if self.backtest is not None
            else [widgets.HTML("<p>Der er ingen vurderinger at sammenligne forslagene med.</p>")]
        )
        super().__init__(
            [
                widgets.HTML(f"<h3>Foreslåede farver pr. {day}</h3>"),
                self.split,
                self.distribution,
                widgets.HTML("<h3>Forslag mod valgte farver</h3>"),
                *backtest_part,
                widgets.HTML(f"<h3>Ændrede forslag mod den gemte version pr. {day}</h3>"),
                self.changes,
                self.changed_units,
                self.unit,
                widgets.HTML(f"<h3>Kriterierne pr. {day}</h3>"),
                self.criteria,
                widgets.HTML(f"<h3>Tærskelanalyse pr. {day}</h3>"),
                self.sweep_choice,
                self.sweep,
            ]
        )

    def show(self, result: CatalogueEffect, backtest: Backtest | None = None) -> None:
        """Redraw every figure for ``result`` and its ``backtest`` (one edit)."""
        self.result = result
        self._draw_distribution()
        if self.backtest is not None and backtest is not None:
            self.backtest.show(backtest)
        self._draw_changes()
        self.criteria.value = criteria_html(result, self.as_of)
        comparisons = [
            (criterion_label(c), c.id)
            for c in result.catalogue.criteria
            if c.operator is not Operator.FLAG
        ]
        chosen = self.sweep_choice.value
        ids = [value for _label, value in comparisons]
        # A new label (the threshold is part of it) refills the list, which resets and sets
        # the value: draw the sweep once, after, not for each step.
        self._choosing = True
        try:
            if list(self.sweep_choice.options) != comparisons:
                self.sweep_choice.options = comparisons
            self.sweep_choice.value = chosen if chosen in ids else (ids[0] if ids else None)
        finally:
            self._choosing = False
        self._draw_sweep()

    def _sweep_chosen(self, _change: object) -> None:
        if not self._choosing:
            self._draw_sweep()

    def _draw_distribution(self) -> None:
        if self.result is None:
            return
        by = self.split.value
        table = self.result.by_socialtilsyn if by == "socialtilsyn" else self.result.by_unit_type
        totals = " · ".join(
            [
                f"{labels().category(c).label}: {danish_count(int(self.result.totals[c.value]))}"
                for c in _ORDER
            ]
            + [f"{NO_SUGGESTION}: {danish_count(self.result.no_suggestion)}"]
        )
        whole = counted(self.result.n_units, "enhed", "enheder")
        self.distribution.value = (
            f"<p>Hele porteføljen ({whole}) pr. {format_stamp(self.as_of)} – {escape(totals)}</p>"
            + colour_bars(table.rename(index=code_labels(by)))
        )

    def _draw_changes(self) -> None:
        result = self.result
        self.changes.value = changes_html(result, self.as_of) if result is not None else ""
        if result is None or result.changes is None:
            self.changed_units.options = []
            return
        changes = result.changes
        shown = changes.head(_SHOWN_CHANGES)
        self.changed_units.options = [
            (
                f"{row.id} – {row.name}: {_named(row.before)} → {_named(row.after)}",
                str(row.id),
            )
            for row in shown.itertuples()
        ]
        self.changed_units.value = None
        self.unit.value = (
            f"<p><small>Viser de første {danish_count(_SHOWN_CHANGES)} af "
            f"{danish_count(len(changes))}.</small></p>"
            if len(changes) > _SHOWN_CHANGES
            else ""
        )

    def _unit_chosen(self, change: dict[str, object]) -> None:
        unit_id = change["new"]
        if isinstance(unit_id, str) and unit_id:
            self.unit.value = self.history(unit_id)

    def _draw_sweep(self) -> None:
        result, criterion_id = self.result, self.sweep_choice.value
        if result is None or not criterion_id:
            self.sweep.value = "<p>Kataloget har intet kriterium med en tærskel.</p>"
            return
        criterion = next(c for c in result.catalogue.criteria if c.id == criterion_id)
        sweep = threshold_sweep(self.data, result.catalogue, criterion_id)
        self.sweep.value = sweep_html(sweep, criterion.describe(), self.as_of)
