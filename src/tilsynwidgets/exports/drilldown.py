"""The units behind one figure as a workbook: the drill-down's «Hent enhederne» in the
leadership review and the portfolio overview.

The rows are the drill-down's own (the overdue with their dates, what waits with its
reason, every other figure's units with their current colour); plejefamilier are
pseudonymised unless ``reveal`` (:func:`~tilsynwidgets.exports.pseudonyms.pseudonymise`),
and the first sheet says what the figure is, the filters and period, and who made it.
"""

from __future__ import annotations

import pandas as pd

from tilsynwidgets.assessor import Assessor
from tilsynwidgets.domain.portfolio.drilldown import Figure, FigureKind, overdue_units
from tilsynwidgets.domain.portfolio.leadership_view import LeadershipView
from tilsynwidgets.exports.leadership import export_facts, file_slug
from tilsynwidgets.exports.waiting import pseudonymised_rows, unit_rows, unit_table
from tilsynwidgets.exports.workbook import workbook_bytes
from tilsynwidgets.presentation.tables import NO_CATEGORY, TABLES, Table, for_workbook

__all__ = ["SHEET", "figure_filename", "figure_rows_for_export", "figure_workbook"]

SHEET = "Enheder bag tallet"
_UNIT_COLUMNS = ["id", "name", "kind", "unit_type", "socialtilsyn", "team"]


def figure_rows_for_export(view: LeadershipView, figure: Figure) -> tuple[pd.DataFrame, Table]:
    """The rows behind ``figure`` (real ids and names) and the table that shows them."""
    if figure.kind is FigureKind.OVERDUE:
        return overdue_units(view), TABLES["overdue"]
    rows = unit_rows(view, figure)
    if rows is not None:
        return rows, unit_table(figure.kind, workbook=True)
    wanted = pd.Index(figure.find())
    units = view.units.set_index("id").reindex(wanted).reset_index(names="id")
    units = units[_UNIT_COLUMNS]
    units["category"] = units["id"].map(view.categories().astype(object)).fillna(NO_CATEGORY)
    return units, TABLES["units"]


def figure_workbook(
    view: LeadershipView,
    figure: Figure,
    name: str,
    *,
    key: bytes,
    reveal: bool,
    title: str,
    author: Assessor | None = None,
) -> bytes:
    """The workbook of the units behind ``figure`` (``name``: the figure as the drill-down
    lists it, with its count), plejefamilier pseudonymised unless ``reveal``."""
    rows, table = figure_rows_for_export(view, figure)
    sheet = for_workbook(pseudonymised_rows(rows, key, reveal), table)
    source = view.data.provenance.source if view.data.provenance else "ukendt kilde"
    return workbook_bytes(
        {SHEET: sheet},
        title=f"{title}: enhederne bag tallet",
        data_as_of=view.data.as_of,
        source=source,
        pseudonymised=not reveal,
        details=[("Tal", name), *export_facts(view, author)],
    )


def figure_filename(stem: str, name: str, view: LeadershipView) -> str:
    """``portefoeljeoverblik-overskredne-tilsynsbesoeg-344-2026-11-01.xlsx``: the app, the
    figure's name (``name``, as the drill-down lists it) and the data's date."""
    return f"{stem}-{file_slug(name)}-{view.data.as_of.isoformat()}.xlsx"
