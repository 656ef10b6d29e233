"""What an edited catalogue would do to the portfolio: suggested colours per socialtilsyn
and type, suggested against chosen colours with Cohen's kappa, the units whose suggestion
changes against the saved version (with drill-down), how often each criterion fires and
alone decides, and a threshold sweep for one criterion. Units the catalogue gives no
suggestion (too little known) are counted as "intet forslag", never as grøn."""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets
import pandas as pd

from tilsynwidgets.domain.core.categories import RiskCategory
from tilsynwidgets.domain.core.danish_numbers import counted, danish_count, danish_decimal
from tilsynwidgets.domain.labels import code_labels, labels
from tilsynwidgets.domain.risk.criteria import Operator
from tilsynwidgets.domain.workshop.effect import CatalogueEffect, WorkshopData
from tilsynwidgets.domain.workshop.sweep import threshold_sweep
from tilsynwidgets.presentation.html import colour_bars, colour_names, escape
from tilsynwidgets.presentation.line_chart import Series, line_chart_svg
from tilsynwidgets.presentation.tables import table_html
from tilsynwidgets.presentation.workshop_tables import (
    NO_SUGGESTION,
    agreement_table,
    changes_table,
    criteria_table,
    sweep_table,
)
from tilsynwidgets.widgets.workshop.criteria_editor import criterion_label

__all__ = ["EffectPanel", "agreement_html", "changes_html", "criteria_html", "sweep_html"]

_ORDER = (RiskCategory.ROED, RiskCategory.GUL, RiskCategory.GROEN)
_NAMES = colour_names()
_SHOWN_CHANGES = 500
AGREEMENT_CAPTION = "Rækker: katalogets forslag; kolonner: den farve, tilsynet har valgt"
CHANGES_CAPTION = "Rækker: forslaget med den gemte version; kolonner: med arbejdskopien"
CRITERIA_CAPTION = "«Afgør alene»: enheder, hvis forslag ville være et andet uden kriteriet"
SWEEP_CAPTION = "Tærskelanalyse: enheder pr. foreslået farve ved hver tærskel"


def agreement_html(result: CatalogueEffect) -> str:
    """Suggested against chosen colours, with Cohen's kappa (plain and ordinal)."""
    agreement = result.agreement
    kappa, weighted = danish_decimal(agreement.kappa), danish_decimal(agreement.weighted_kappa)
    assessed = counted(agreement.n_units, "enhed", "enheder")
    line = (
        f"<p>Cohens kappa <b>{kappa}</b>; vægtet (ordinal, rød–grøn tæller dobbelt) "
        f"<b>{weighted}</b>; {assessed} med en valgt farve. "
        "1 = forslag og valg er ens, 0 = som tilfældigt.</p>"
    )
    left_out = result.chosen_without_suggestion
    if left_out:
        line += (
            f"<p>{counted(left_out, 'enhed', 'enheder')} med en valgt farve har intet forslag "
            "(for lidt kendt) og indgår ikke i kappa.</p>"
        )
    if agreement.reason:
        line += f"<p><i>{escape(agreement.reason)}</i></p>"
    return line + table_html(agreement_table(result), AGREEMENT_CAPTION)


def criteria_html(result: CatalogueEffect) -> str:
    """How often each criterion fires and how often it alone decides the suggestion."""
    return table_html(criteria_table(result), CRITERIA_CAPTION)


def changes_html(result: CatalogueEffect) -> str:
    """How many units get another suggestion than with the saved version, and the matrix."""
    if result.changes is None or result.change_matrix is None:
        return "<p>Ingen gemt version at sammenligne med.</p>"
    moved = counted(len(result.changes), "enhed", "enheder")
    version = result.baseline.version if result.baseline else ""
    return f"<p><b>{moved}</b> får et andet forslag end med «{escape(version)}».</p>" + table_html(
        changes_table(result.change_matrix), CHANGES_CAPTION
    )


def sweep_html(sweep: pd.DataFrame, condition: str) -> str:
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
    return chart + table_html(sweep_table(sweep), SWEEP_CAPTION)


def _named(suggestion: object) -> str:
    """A suggested colour's name, or "Intet forslag" (NaN) where there is none."""
    return _NAMES.get(str(suggestion), NO_SUGGESTION)


class EffectPanel(widgets.VBox):
    """Draws a :class:`CatalogueEffect`; ``history`` gives a unit's history as HTML."""

    def __init__(self, data: WorkshopData, history: Callable[[str], str]) -> None:
        self.data = data
        self.history = history
        self.result: CatalogueEffect | None = None
        self.split = widgets.ToggleButtons(
            description="Fordel på",
            options=[("Socialtilsyn", "socialtilsyn"), ("Type", "unit_type")],
            value="socialtilsyn",
        )
        self.distribution = widgets.HTML()
        self.agreement = widgets.HTML()
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
        super().__init__(
            [
                widgets.HTML("<h3>Foreslåede farver</h3>"),
                self.split,
                self.distribution,
                widgets.HTML("<h3>Forslag mod de farver, tilsynet har valgt</h3>"),
                self.agreement,
                widgets.HTML("<h3>Ændrede forslag mod den gemte version</h3>"),
                self.changes,
                self.changed_units,
                self.unit,
                widgets.HTML("<h3>Kriterierne</h3>"),
                self.criteria,
                widgets.HTML("<h3>Tærskelanalyse</h3>"),
                self.sweep_choice,
                self.sweep,
            ]
        )

    def show(self, result: CatalogueEffect) -> None:
        """Redraw every figure for ``result`` (one edit)."""
        self.result = result
        self._draw_distribution()
        self.agreement.value = agreement_html(result)
        self._draw_changes()
        self.criteria.value = criteria_html(result)
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
            f"<p>Hele porteføljen ({whole}) – {escape(totals)}</p>"
            + colour_bars(table.rename(index=code_labels(by)))
        )

    def _draw_changes(self) -> None:
        result = self.result
        self.changes.value = changes_html(result) if result is not None else ""
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
        self.sweep.value = sweep_html(sweep, criterion.describe())
