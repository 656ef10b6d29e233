"""What waits for a decision, as people read it: the summary per socialtilsyn and team, the
units behind each count with their reason and wait, and the same as workbook sheets and a
report section.

The figures are the view's (:meth:`LeadershipView.waiting`, :func:`figure_rows`); here they
only get Danish headers, labels and sentences. The leadership app, the workbook and the
report draw them from these tables, so a figure reads the same everywhere.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from tilsynwidgets.domain.core.danish_numbers import counted, danish_count
from tilsynwidgets.domain.core.local_time import format_stamp
from tilsynwidgets.domain.information.kinds import InformationKinds, QueueRules
from tilsynwidgets.domain.portfolio.drilldown import (
    Figure,
    FigureKind,
    figure_rows,
)
from tilsynwidgets.domain.portfolio.leadership_view import LeadershipView
from tilsynwidgets.exports.pseudonyms import pseudonymise
from tilsynwidgets.exports.report import ReportSection
from tilsynwidgets.presentation.tables import (
    Column,
    Table,
    category_heading,
    for_people,
    for_workbook,
)

__all__ = [
    "HEIGHTENED_SHEET",
    "ORDERS_SHEET",
    "SUMMARY_SHEET",
    "TOTAL_LABEL",
    "WAITING_SHEET",
    "WAITING_TITLE",
    "summary_frame",
    "summary_table",
    "unit_rows",
    "unit_table",
    "waiting_facts",
    "waiting_reason",
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


def unit_table(kind: FigureKind, rules: QueueRules, *, workbook: bool = False) -> Table:
    """The table of the rows behind a figure of ``kind`` (:func:`unit_rows`); the workbook's
    queue sheet also has the reason's parts in columns of their own, to filter by."""
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
            parts = {  # to filter by in a spreadsheet; on a screen the reason says it
                "over_alert": Column(f"Over {rules.waiting_alert_days} dage", "flag"),
                "requires_decision": Column("Kræver stillingtagen", "flag"),
                "latest_assessed_at": Column("Seneste vurdering", "date"),
                "then": Column("Forslag ved seneste vurdering", "text"),
                "now": Column("Forslag i dag", "text"),
            }
            columns = {
                "waiting_since": Column("Venter siden", "date"),
                "days_waiting": Column("Dage ventet"),
                **(parts if workbook else {}),
                "reason": Column("Begrundelse", "text"),  # last: the one long text
            }
    return Table(_ID, {**_UNIT, **columns})


def _suggestion(code: object) -> str:
    return category_heading(str(code)) if isinstance(code, str) and code else NO_SUGGESTION


def waiting_reason(
    kinds: Sequence[str],
    requires_decision: bool,
    suggested_then: str | None,
    suggested_now: str | None,
    information: InformationKinds,
    *,
    assessed: bool = True,
) -> str:
    """Why a unit waits, in Danish: the new information that requires a decision, how the
    suggestion moved (``assessed``: whether the unit has an assessment to move from), and
    the unit's other new information, each newest first. E.g. «Whistleblowerhenvendelse
    kræver stillingtagen. Forslaget er nu ▲ Rød (var ● Grøn). Desuden: klage.»"""
    known = [key for key in kinds if key in information]
    deciding = [key for key in known if information.get(key).requires_decision]
    others = [key for key in known if key not in deciding]
    parts = []
    if requires_decision and deciding:
        parts.append(f"{_listed(deciding, information)} kræver stillingtagen.")
    if suggested_then != suggested_now or not assessed:
        parts.append(_moved(suggested_then, suggested_now, assessed=assessed))
    if others:
        lead = "Desuden: " if parts else "Nye oplysninger: "
        parts.append(f"{lead}{_listed(others, information, lower=bool(parts))}.")
    return " ".join(parts)


def _moved(then: str | None, now: str | None, *, assessed: bool) -> str:
    if not assessed:
        return "Ikke vurderet endnu" + (f"; forslaget er {_suggestion(now)}." if now else ".")
    before = _suggestion(then) if then else NO_SUGGESTION.lower()
    if now is None:
        return f"Kataloget foreslår nu ingen farve (var {before})."
    return f"Forslaget er nu {_suggestion(now)} (var {before})."


def _listed(keys: Sequence[str], information: InformationKinds, *, lower: bool = False) -> str:
    """Kind labels as a Danish list («Påbud og whistleblowerhenvendelse»); commas only where
    a label has an «og» of its own («Personaleomsætning og sygefravær, lederskifte»)."""
    names = [information.get(key).label for key in keys]
    names = [names[0] if not lower else _lowered(names[0]), *map(_lowered, names[1:])]
    if len(names) == 1 or any(" og " in name for name in names):
        return ", ".join(names)
    return f"{', '.join(names[:-1])} og {names[-1]}"


def _lowered(label: str) -> str:
    return label[:1].lower() + label[1:]


def unit_rows(view: LeadershipView, figure: Figure) -> pd.DataFrame | None:
    """:func:`figure_rows` with the reason in Danish (a queue figure), or None."""
    rows = figure_rows(view, figure)
    if rows is None or figure.kind in (FigureKind.ORDER_OVERDUE, FigureKind.HEIGHTENED_ENDING):
        return rows
    return _with_reasons(view, rows)


def _with_reasons(view: LeadershipView, rows: pd.DataFrame) -> pd.DataFrame:
    information = view.data.kinds
    alert = information.queue.waiting_alert_days
    assessed = rows["latest_assessed_at"].notna()
    columns = ["kinds", "requires_decision", "suggested_then", "suggested_now"]
    reasons = [
        waiting_reason(kinds, bool(decide), then, now, information, assessed=known)
        for (kinds, decide, then, now), known in zip(
            rows[columns].itertuples(index=False), assessed, strict=True
        )
    ]
    return rows.assign(
        reason=reasons,
        then=rows["suggested_then"].map(_suggestion).where(assessed, NOT_ASSESSED),
        now=rows["suggested_now"].map(_suggestion),
        over_alert=rows["days_waiting"].astype(int) > alert,
    )


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
        hidden = pseudonymise(rows, key=key, reveal=reveal)
        sheets[name] = for_workbook(hidden, unit_table(kind, rules, workbook=True))
    return sheets


def waiting_section(view: LeadershipView) -> ReportSection:
    """The report's section: the sentences and the summary table."""
    table = for_people(summary_frame(view), summary_table(view.data.kinds.queue))
    return ReportSection(
        WAITING_TITLE,
        table=table,
        table_caption="Pr. socialtilsyn og team",
        note=" ".join(waiting_facts(view)),
    )
