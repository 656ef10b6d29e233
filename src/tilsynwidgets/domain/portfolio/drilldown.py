"""The units behind each figure of the leadership review.

A :class:`Figure` names what it counts by codes (phase, colour, socialtilsyn, measure …)
and carries its count as a number; :func:`section_figures` lists a section's figures for a
view, and each figure finds its units. Labels are applied only where a figure is drawn.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import partial

import pandas as pd

from tilsynwidgets.domain.core.categories import Phase
from tilsynwidgets.domain.core.units import Socialtilsyn
from tilsynwidgets.domain.information.queue import QUEUE_COLUMNS
from tilsynwidgets.domain.portfolio.figures import COLOURS
from tilsynwidgets.domain.portfolio.leadership import (
    units_missing_measure,
    units_with_colour,
    units_with_quarter_colour,
    units_with_template,
    units_with_transition,
)
from tilsynwidgets.domain.portfolio.leadership_view import LeadershipView
from tilsynwidgets.domain.portfolio.visits import (
    units_with_intensified_plans,
    units_with_unannounced_visits,
)
from tilsynwidgets.domain.risk.evaluation import NO_SUGGESTION_CODE

__all__ = [
    "HEIGHTENED_COLUMNS",
    "LATEST",
    "NO_ASSESSMENT",
    "ORDER_COLUMNS",
    "OVERDUE_COLUMNS",
    "QUEUE_KINDS",
    "REVIEW_SECTIONS",
    "WAITING_COLUMNS",
    "WAITING_KINDS",
    "Figure",
    "FigureKind",
    "Section",
    "all_figures",
    "figure_rows",
    "overdue_units",
    "section_figures",
]

Finder = Callable[[], list[str]]
NO_ASSESSMENT = "ingen"  # the colour code of units without an assessment
LATEST = "seneste"  # the phase code of a unit's latest colour, whatever its phase


class Section(StrEnum):
    """The review's sections, in the order they are offered."""

    COLOURS = "colours"
    QUARTERS = "quarters"
    TRANSITIONS = "transitions"
    VISITS = "visits"
    WAITING = "waiting"
    SUPPORT = "support"
    RESOURCES = "resources"
    AUTOMATISM = "automatism"
    # The portfolio overview's own: the latest colours, today's suggestions, the overdue.
    LATEST = "latest"
    SUGGESTED = "suggested"
    OVERDUE = "overdue"


class FigureKind(StrEnum):
    """What a figure counts; its ``codes`` are, per kind:"""

    COLOUR = "colour"  # (phase or LATEST, colour, group code) — that colour in a group
    SUGGESTED = "suggested"  # (colour or NO_SUGGESTION_CODE, group code) — today's suggestion
    QUARTER = "quarter"  # (quarter, colour) — units with that colour at a quarter's end
    TRANSITION = "transition"  # (præ colour, post colour)
    OVERDUE = "overdue"  # () — units whose supervision visit is overdue
    UNANNOUNCED = "unannounced"  # (socialtilsyn,) — plans with unannounced visits
    MISSING_MEASURE = "missing_measure"  # (socialtilsyn, measure id)
    INTENSIFIED = "intensified"  # (socialtilsyn,) — rød and gul plans
    TEMPLATE = "template"  # (team,) — plans equal to their colour's template
    # What waits for a decision, per (socialtilsyn, team) or () for all the selected units:
    WAITING = "waiting"  # units on the reconsideration queue
    WAITING_DECISION = "waiting_decision"  # … with information that requires a decision
    WAITING_LONG = "waiting_long"  # … waiting longer than the alert
    ORDER_OVERDUE = "order_overdue"  # påbud past their deadline (counted per påbud)
    HEIGHTENED_ENDING = "heightened_ending"  # skærpet tilsyn ending soon


QUEUE_KINDS = (FigureKind.WAITING, FigureKind.WAITING_DECISION, FigureKind.WAITING_LONG)
"""The figure kinds whose rows are units on the reconsideration queue."""

WAITING_KINDS: dict[str, FigureKind] = {
    "units": FigureKind.WAITING,
    "requires_decision": FigureKind.WAITING_DECISION,
    "over_alert": FigureKind.WAITING_LONG,
    "overdue_orders": FigureKind.ORDER_OVERDUE,
    "heightened_ending": FigureKind.HEIGHTENED_ENDING,
}
"""The count columns of the summary of what waits (``queue_summary``), each a figure kind."""


@dataclass(frozen=True)
class Figure:
    """One figure: what it counts (by codes), how many, and how to find those units."""

    kind: FigureKind
    codes: tuple[str, ...]
    count: int
    find: Finder = field(compare=False, repr=False)


def _colours(view: LeadershipView, by: str) -> list[Figure]:
    return _phase_colours(view, by, (Phase.PRAE, Phase.POST))


def _latest(view: LeadershipView, by: str) -> list[Figure]:
    return _phase_colours(view, by, (None,))


def _phase_colours(view: LeadershipView, by: str, phases: tuple[Phase | None, ...]) -> list[Figure]:
    found: list[Figure] = []
    for phase in phases:
        categories = view.categories(phase)
        code = phase.value if phase is not None else LATEST

        def figure(
            colour: str, group: str, categories: pd.Series = categories, code: str = code
        ) -> tuple[FigureKind, tuple[str, ...], Finder]:
            find = partial(units_with_colour, view.units, categories, colour, group, by)
            return FigureKind.COLOUR, (code, colour, group), find

        found += _cells(view.distribution(phase, by), (*COLOURS, NO_ASSESSMENT), figure)
    return found


def _suggested(view: LeadershipView, by: str) -> list[Figure]:
    suggestions = view.suggestions()
    return _cells(
        view.suggested(by),
        (*COLOURS, NO_SUGGESTION_CODE),
        lambda colour, group: (
            FigureKind.SUGGESTED,
            (colour, group),
            partial(
                units_with_colour,
                view.units,
                suggestions,
                NO_ASSESSMENT if colour == NO_SUGGESTION_CODE else colour,
                group,
                by,
            ),
        ),
    )


def _cells(
    table: pd.DataFrame,
    colours: tuple[str, ...],
    figure: Callable[[str, str], tuple[FigureKind, tuple[str, ...], Finder]],
) -> list[Figure]:
    """A figure per non-zero cell of a table of colours per group, group by group."""
    found: list[Figure] = []
    for group, row in table.iterrows():
        for colour in colours:
            count = int(row.get(colour, 0))
            if count:
                kind, codes, find = figure(colour, str(group))
                found.append(Figure(kind, codes, count, find))
    return found


def _quarters(view: LeadershipView, _by: str) -> list[Figure]:
    found: list[Figure] = []
    for quarter, row in view.by_quarter().iterrows():
        for colour in (*COLOURS, NO_ASSESSMENT):
            count = int(row[colour])
            if count:
                find = partial(
                    units_with_quarter_colour, view.units, view.facts.quarters, str(quarter), colour
                )
                found.append(Figure(FigureKind.QUARTER, (str(quarter), colour), count, find))
    return found


def _transitions(view: LeadershipView, _by: str) -> list[Figure]:
    found: list[Figure] = []
    matrix = view.transitions()
    for prae in matrix.index:
        for post in matrix.columns:
            count = int(matrix.loc[prae, post])
            if count:
                find = partial(
                    units_with_transition, view.units, view.assessments, str(prae), str(post)
                )
                found.append(Figure(FigureKind.TRANSITION, (str(prae), str(post)), count, find))
    return found


def _overdue(view: LeadershipView, _by: str) -> list[Figure]:
    overdue = view.overdue()
    return [Figure(FigureKind.OVERDUE, (), len(overdue), partial(list, overdue))]


def _visits(view: LeadershipView, by: str) -> list[Figure]:
    return _overdue(view, by) + _per_socialtilsyn(
        view,
        FigureKind.UNANNOUNCED,
        lambda tilsyn: units_with_unannounced_visits(view.units, view.plan_visits, tilsyn),
    )


def _support(view: LeadershipView, _by: str) -> list[Figure]:
    found: list[Figure] = []
    for key, row in view.support().iterrows():
        parts: tuple[str, str, str] = key  # type: ignore[assignment]  # (tilsyn, colour, measure)
        tilsyn, measure = parts[0], parts[2]
        if row["missing"]:
            find = partial(
                units_missing_measure,
                view.units,
                view.assessments,
                view.changes,
                str(measure),
                str(tilsyn),
            )
            codes = (str(tilsyn), str(measure))
            found.append(Figure(FigureKind.MISSING_MEASURE, codes, int(row["missing"]), find))
    return found


def _resources(view: LeadershipView, _by: str) -> list[Figure]:
    return _per_socialtilsyn(
        view,
        FigureKind.INTENSIFIED,
        lambda tilsyn: units_with_intensified_plans(view.units, view.plans, tilsyn),
    )


def _per_socialtilsyn(
    view: LeadershipView, kind: FigureKind, find: Callable[[str], list[str]]
) -> list[Figure]:
    """One figure per socialtilsyn in the view with units found (found now, to count them)."""
    present = set(view.units["socialtilsyn"])
    found: list[Figure] = []
    for tilsyn in (s.value for s in Socialtilsyn if s.value in present):
        ids = find(tilsyn)
        if ids:
            found.append(Figure(kind, (tilsyn,), len(ids), partial(list, ids)))
    return found


def _automatism(view: LeadershipView, _by: str) -> list[Figure]:
    found: list[Figure] = []
    for team, row in view.automatism().iterrows():
        if row["unchanged"]:
            find = partial(units_with_template, view.units, view.plans, str(team))
            found.append(Figure(FigureKind.TEMPLATE, (str(team),), int(row["unchanged"]), find))
    return found


def _waiting(view: LeadershipView, _by: str) -> list[Figure]:
    """A figure per count of the summary of what waits: the total first, then per group."""
    total = view.waiting_total()
    rows: list[tuple[tuple[str, ...], pd.Series]] = [((), total.iloc[0])] if len(total) else []
    for key, counts in view.waiting().iterrows():
        group: tuple[str, str] = key  # type: ignore[assignment]  # (socialtilsyn, team)
        rows.append(((str(group[0]), str(group[1])), counts))
    found: list[Figure] = []
    for codes, counts in rows:
        for column, kind in WAITING_KINDS.items():
            if counts[column]:
                found.append(Figure(kind, codes, int(counts[column]), _finder(view, kind, codes)))
    return found


def _finder(view: LeadershipView, kind: FigureKind, codes: tuple[str, ...]) -> Finder:
    def find() -> list[str]:
        rows = _rows_behind(view, kind, codes)
        return sorted(set(rows["id"])) if rows is not None else []

    return find


OVERDUE_COLUMNS = [
    "id",
    "name",
    "kind",
    "socialtilsyn",
    "team",
    "due",
    "days_overdue",
    "last_visit",
]


def overdue_units(view: LeadershipView) -> pd.DataFrame:
    """The units behind the overdue figure, one row each: ``id``, ``name``, ``kind``,
    ``socialtilsyn``, ``team``, the ``due`` date of the next visit, ``days_overdue`` on the
    data's date and the ``last_visit`` (both NaT/NaN when the unit was never visited).

    The dates come from :func:`visit_status` (the figure's own source); the most overdue
    first, units never visited before all others, then by id.
    """
    ids = view.overdue()
    status = view.data.visits.reindex(ids)
    units = view.units.set_index("id").reindex(ids)
    due = pd.to_datetime(status["due"])
    rows = pd.DataFrame(
        {
            "id": ids,
            "name": units["name"].to_numpy(),
            "kind": units["kind"].astype(str).to_numpy(),
            "socialtilsyn": units["socialtilsyn"].astype(str).to_numpy(),
            "team": units["team"].to_numpy(),
            "due": due.to_numpy(),
            "days_overdue": (pd.Timestamp(view.data.as_of) - due).dt.days.to_numpy(),
            "last_visit": pd.to_datetime(status["last_visit"]).to_numpy(),
        },
        columns=OVERDUE_COLUMNS,
    )
    never = rows["due"].isna()
    order = rows.assign(never=never).sort_values(
        ["never", "days_overdue", "id"], ascending=[False, False, True], kind="stable"
    )
    return order.drop(columns="never").reset_index(drop=True)


_UNIT_COLUMNS = ["id", "name", "kind", "socialtilsyn", "team"]
WAITING_COLUMNS = [*_UNIT_COLUMNS, *QUEUE_COLUMNS[1:]]
"""The rows behind a figure of the queue: the unit and its row of the queue
(``QUEUE_COLUMNS`` after ``unit_id``): how many records wait and their kinds (codes, newest
first), whether one requires a decision, the suggestion at its latest
assessment and today's (codes or None), whether it moved, since when and how many days it
has waited, and when it was last assessed (NaT: never)."""
ORDER_COLUMNS = [*_UNIT_COLUMNS, "issued", "frist", "days_overdue"]
"""The rows behind the overdue påbud: one per påbud, issued on, its deadline, days past it."""
HEIGHTENED_COLUMNS = [*_UNIT_COLUMNS, "started", "slut", "days_left"]
"""The rows behind skærpet tilsyn ending: one per period, its start and end, days left."""


def figure_rows(view: LeadershipView, figure: Figure) -> pd.DataFrame | None:
    """The rows behind a figure of what waits (in the domain's order: longest wait, most
    overdue or soonest ending first), restricted to the figure's (socialtilsyn, team); None
    for the other sections' figures."""
    return _rows_behind(view, figure.kind, figure.codes)


def _rows_behind(
    view: LeadershipView, kind: FigureKind, codes: tuple[str, ...]
) -> pd.DataFrame | None:
    match kind:
        case kind if kind in QUEUE_KINDS:
            queue = view.queue
            if kind is FigureKind.WAITING_DECISION:
                queue = queue[queue["requires_decision"].astype(bool)]
            elif kind is FigureKind.WAITING_LONG:
                alert = view.data.kinds.queue.waiting_alert_days
                queue = queue[queue["days_waiting"].astype(int) > alert]
            return _with_units(view, queue, codes)[WAITING_COLUMNS]
        case FigureKind.ORDER_OVERDUE:
            orders = view.orders_overdue.rename(columns={"concerns_on": "issued"})
            return _with_units(view, orders, codes)[ORDER_COLUMNS]
        case FigureKind.HEIGHTENED_ENDING:
            periods = view.heightened_ending.rename(columns={"concerns_on": "started"})
            return _with_units(view, periods, codes)[HEIGHTENED_COLUMNS]
    return None


def _with_units(view: LeadershipView, frame: pd.DataFrame, codes: tuple[str, ...]) -> pd.DataFrame:
    """``frame``'s rows (by ``unit_id``, order kept) with their unit's columns, of the units of
    the group ``codes`` (socialtilsyn, team) when given."""
    units = view.units[_UNIT_COLUMNS]
    if codes:
        units = units[(units["socialtilsyn"] == codes[0]) & (units["team"] == codes[1])]
    rows = frame.drop(columns=["id"], errors="ignore").merge(
        units, left_on="unit_id", right_on="id", how="inner", sort=False
    )
    return rows.reset_index(drop=True)


_SECTIONS: dict[Section, Callable[[LeadershipView, str], list[Figure]]] = {
    Section.COLOURS: _colours,
    Section.QUARTERS: _quarters,
    Section.TRANSITIONS: _transitions,
    Section.VISITS: _visits,
    Section.WAITING: _waiting,
    Section.SUPPORT: _support,
    Section.RESOURCES: _resources,
    Section.AUTOMATISM: _automatism,
    Section.LATEST: _latest,
    Section.SUGGESTED: _suggested,
    Section.OVERDUE: _overdue,
}


def section_figures(
    view: LeadershipView, section: Section, by: str = "socialtilsyn"
) -> list[Figure]:
    """The figures of one section (``by``: the split of the colour figures)."""
    return _SECTIONS[section](view, by)


REVIEW_SECTIONS = tuple(Section)[: tuple(Section).index(Section.AUTOMATISM) + 1]
"""The leadership review's sections, in its order (the others are the overview's)."""


def all_figures(view: LeadershipView, by: str = "socialtilsyn") -> list[Figure]:
    """Every figure of every section of the review (for tests and exports); the app computes
    one section at a time."""
    return [figure for section in REVIEW_SECTIONS for figure in section_figures(view, section, by)]
