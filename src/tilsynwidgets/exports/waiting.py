"""What waits for a decision, as people read it: the summary per socialtilsyn and team, the
units behind each count with their reason and wait, and the same as workbook sheets and a
report section.

The figures are the view's (:meth:`LeadershipView.waiting`, :func:`figure_rows`); here they
only get Danish headers, labels and sentences. The leadership app, the workbook and the
report draw them from these tables, so a figure reads the same everywhere.
"""

from __future__ import annotations

import pandas as pd

from tilsynwidgets.domain.core.danish_numbers import counted, danish_count
from tilsynwidgets.domain.core.local_time import format_stamp
from tilsynwidgets.domain.information.kinds import QueueRules
from tilsynwidgets.domain.portfolio.drilldown import QUEUE_KINDS, Figure, FigureKind, figure_rows
from tilsynwidgets.domain.portfolio.leadership_view import LeadershipView
from tilsynwidgets.exports.pseudonyms import pseudonymise
from tilsynwidgets.exports.report import ReportSection
from tilsynwidgets.presentation.information import QUEUE_TABLE, queue_frame, queue_html
from tilsynwidgets.presentation.tables import (
    Column,
    Table,
    category_heading,
    for_people,
    for_workbook,
    table_html,
)

__all__ = [
    "HEIGHTENED_SHEET",
    "ORDERS_SHEET",
    "SUMMARY_SHEET",
    "TOTAL_LABEL",
    "WAITING_SHEET",
    "WAITING_TITLE",
    "pseudonymised_rows",
    "summary_frame",
    "summary_table",
    "unit_rows",
    "unit_table",
    "units_behind_html",
    "waiting_facts",
    "waiting_section",
    "waiting_sheets",
]

WAITING_TITLE = "Venter på stillingtagen"
SUMMARY_SHEET = "Venter pr. team"
WAITING_SHEET = "Venter på stillingtagen"
ORDERS_SHEET = "Påbud over frist"
HEIGHTENED_SHEET = "Skærpet tilsyn slutter"
TOTAL_LABEL = "I alt"
NO_SUGGESTION = "Intet forslag"
NOT_ASSESSED = "Ingen vurdering"

_UNIT = {
    "name": Column("Navn", "text"),
    "socialtilsyn": Column("Socialtilsyn", "socialtilsyn"),
    "team": Column("Team", "text"),
}
_ID = {"id": Column("Id", "text")}  # the id names the row (and is never wrapped)


def summary_table(rules: QueueRules) -> Table:
    """The summary's table (:func:`summary_frame`), its headers naming the rules' days."""
    return Table(
        {
            "socialtilsyn": Column("Socialtilsyn", "socialtilsyn"),
            "team": Column("Team", "text"),
        },
        {
            "units": Column("Enheder der venter"),
            "requires_decision": Column("Heraf med oplysninger der kræver stillingtagen"),
            "median_days": Column("Median ventetid (dage)", "decimal"),
            "longest_days": Column("Længste ventetid (dage)"),
            "over_alert": Column(f"Ventet over {rules.waiting_alert_days} dage"),
            "overdue_orders": Column("Påbud over frist"),
            "heightened_ending": Column(
                f"Skærpet tilsyn slutter inden {rules.heightened_ending_days} dage"
            ),
        },
    )


def summary_frame(view: LeadershipView) -> pd.DataFrame:
    """The view's summary per (socialtilsyn, team) followed by its total row, whose
    socialtilsyn reads «I alt» (no total when nothing waits)."""
    total = view.waiting_total()
    rows = [view.waiting()]
    if len(total):
        index = pd.MultiIndex.from_tuples([(TOTAL_LABEL, "")], names=["socialtilsyn", "team"])
        rows.append(total.set_axis(index))
    return pd.concat(rows) if len(rows) > 1 else rows[0]


_BEHIND_THE_QUEUE = {  # to filter by in a spreadsheet; on a screen the reason says it
    "requires_decision": Column("Kræver stillingtagen", "flag"),
    "latest_assessed_at": Column("Seneste vurdering", "date"),
    "then": Column("Forslag ved seneste vurdering", "text"),
    "now": Column("Forslag i dag", "text"),
}


def unit_table(kind: FigureKind, *, workbook: bool = False) -> Table:
    """The table of the rows behind a figure of ``kind`` (:func:`unit_rows`). The queue's is
    the one the inspector's app and the reports share (``QUEUE_TABLE``); in the workbook it
    also has the reason's parts in columns of their own, to filter by."""
    match kind:
        case FigureKind.ORDER_OVERDUE:
            columns = {
                "issued": Column("Påbud givet", "date"),
                "frist": Column("Frist", "date"),
                "days_overdue": Column("Dage over fristen"),
            }
        case FigureKind.HEIGHTENED_ENDING:
            columns = {
                "started": Column("Skærpet tilsyn fra", "date"),
                "slut": Column("Slutter", "date"),
                "days_left": Column("Dage tilbage"),
            }
        case _:
            extra = _BEHIND_THE_QUEUE if workbook else {}
            return Table(QUEUE_TABLE.rows, {**QUEUE_TABLE.columns, **extra})
    return Table(_ID, {**_UNIT, **columns})


def _suggestion(code: object) -> str:
    return category_heading(str(code)) if isinstance(code, str) and code else NO_SUGGESTION


def unit_rows(view: LeadershipView, figure: Figure) -> pd.DataFrame | None:
    """The rows behind a figure of what waits (:func:`figure_rows`), or None. A queue
    figure's rows are the shared queue frame (``queue_frame``: the reason in words, how many
    records wait, since when, the days) with the unit's ``kind`` and the reason's parts."""
    rows = figure_rows(view, figure)
    if rows is None or figure.kind not in QUEUE_KINDS:
        return rows
    queue = rows.drop(columns=["name", "socialtilsyn", "team", "kind"])
    frame = queue_frame(queue.rename(columns={"id": "unit_id"}), view.units, view.data.kinds)
    assessed = rows["latest_assessed_at"].notna()
    return frame.assign(
        kind=rows["kind"].to_numpy(),
        requires_decision=rows["requires_decision"].astype(bool).to_numpy(),
        latest_assessed_at=rows["latest_assessed_at"].to_numpy(),
        then=rows["suggested_then"].map(_suggestion).where(assessed, NOT_ASSESSED).to_numpy(),
        now=rows["suggested_now"].map(_suggestion).to_numpy(),
    )


def units_behind_html(view: LeadershipView, figure: Figure, caption: str) -> str:
    """The rows behind a figure of what waits as an HTML table (the queue's as the inspector
    sees it, days past the alert marked), or "" for other figures."""
    rows = unit_rows(view, figure)
    if rows is None:
        return ""
    if figure.kind in QUEUE_KINDS:
        return queue_html(rows, caption)
    return table_html(for_people(rows, unit_table(figure.kind)), caption)


def waiting_facts(view: LeadershipView) -> list[str]:
    """The section's sentences: what waits in all on the data's day, that the period does
    not apply, and what the day limits rest on."""
    rules = view.data.kinds.queue
    total = view.waiting_total()
    counts = total.iloc[0] if len(total) else pd.Series(0, index=total.columns)
    day = format_stamp(view.data.as_of)
    waiting = int(counts["units"])
    if waiting:
        late = danish_count(int(counts["over_alert"]))
        waits = (
            f"Pr. {day} venter {counted(waiting, 'enhed', 'enheder')} på stillingtagen; "
            f"{late} har ventet over {rules.waiting_alert_days} dage."
        )
    else:
        waits = f"Pr. {day} venter ingen enheder på stillingtagen."
    orders = counted(int(counts["overdue_orders"]), "påbud", "påbud")
    ending = counted(int(counts["heightened_ending"]), "skærpet tilsyn", "skærpede tilsyn")
    lines = [
        f"{waits} {orders} er over fristen, og {ending} slutter inden "
        f"{rules.heightened_ending_days} dage.",
        "Perioden gælder ikke her: afsnittet viser, hvad der venter i dag, ud fra al "
        "historik. Filtrene for socialtilsyn, type og team gælder.",
        "Dagegrænserne er en faglig vurdering (uverificeret), ikke fastsat i loven.",
    ]
    if not view.data.suggestions_known:
        lines.append(
            "Dagens forslag er ikke beregnet, så kun oplysninger, der kræver stillingtagen, "
            "sætter en enhed i køen."
        )
    return lines


def waiting_sheets(view: LeadershipView, *, key: bytes, reveal: bool) -> dict[str, pd.DataFrame]:
    """The summary and the units behind it as sheets (plejefamilier pseudonymised unless
    ``reveal``): the queue, the overdue påbud and the skærpet tilsyn ending."""
    rules = view.data.kinds.queue
    sheets = {SUMMARY_SHEET: for_workbook(summary_frame(view), summary_table(rules))}
    for name, kind in (
        (WAITING_SHEET, FigureKind.WAITING),
        (ORDERS_SHEET, FigureKind.ORDER_OVERDUE),
        (HEIGHTENED_SHEET, FigureKind.HEIGHTENED_ENDING),
    ):
        rows = unit_rows(view, Figure(kind, (), 0, list))
        assert rows is not None
        sheets[name] = for_workbook(
            pseudonymised_rows(rows, key, reveal), unit_table(kind, workbook=True)
        )
    return sheets


def pseudonymised_rows(rows: pd.DataFrame, key: bytes, reveal: bool) -> pd.DataFrame:
    """``rows`` with plejefamilier's id and name replaced (their id column is ``id`` or, in
    the queue's frame, ``unit_id``)."""
    column = "unit_id" if "unit_id" in rows.columns else "id"
    hidden = pseudonymise(rows.rename(columns={column: "id"}), key=key, reveal=reveal)
    return hidden.rename(columns={"id": column})


def waiting_section(view: LeadershipView) -> ReportSection:
    """The report's section: the day's totals, the summary table, and under its caption what
    the figures rest on."""
    first, *rest = waiting_facts(view)
    table = for_people(summary_frame(view), summary_table(view.data.kinds.queue))
    return ReportSection(
        WAITING_TITLE,
        table=table,
        table_caption=" ".join(["Pr. socialtilsyn og team.", *rest]),
        note=first,
    )
