"""The criteria workshop's tables as methods consultants read them: Danish headers, colours
with symbol and word ("▲ Rød"), criteria by their condition ("Klager ≥ 3") rather than their
id, Danish numbers ("7.300", "36,4 %"), "Ja"/"Nej", dates in Danish and "–" for missing. Units the
catalogue gives no suggestion (too little known) have their own row or column, "Intet forslag".

Each ``*_table`` function turns one of the workshop's domain frames
(:class:`~tilsynwidgets.domain.workshop.effect.CatalogueEffect`,
:class:`~tilsynwidgets.domain.workshop.backtest.Backtest`,
:func:`~tilsynwidgets.domain.workshop.sweep.threshold_sweep`, the saved versions) into a
frame of Danish text through :func:`for_people`; :func:`table_html` draws it. The
backtest's changes against the opened version are signed: "+2,1 procentpoint", "−0,04".
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import cache

import pandas as pd

from tilsynwidgets.domain.core.danish_numbers import UNKNOWN, danish_decimal, danish_number
from tilsynwidgets.domain.labels import label_of
from tilsynwidgets.domain.portfolio.figures import COLOURS
from tilsynwidgets.domain.workshop.backtest import PHASES, TOTAL, Backtest
from tilsynwidgets.domain.workshop.effect import NO_SUGGESTION_CODE, CatalogueEffect
from tilsynwidgets.domain.workshop.versions import CatalogueVersion
from tilsynwidgets.presentation.tables import Column, Table, category_heading, for_people

__all__ = [
    "AGREEMENT",
    "BACKTEST",
    "CHANGES",
    "CRITERIA",
    "IN_ALL",
    "NO_SUGGESTION",
    "VERSIONS",
    "backtest_table",
    "changes_table",
    "confusion_table",
    "criteria_table",
    "kappa_change",
    "phase_label",
    "points_change",
    "suggestion_heading",
    "sweep_spec",
    "sweep_table",
    "versions_frame",
    "versions_table",
]

NO_SUGGESTION = "Intet forslag"
"""How a unit without a suggestion is counted in the tables (never as grøn)."""

IN_ALL = "I alt"
"""The backtest's row of all assessments together."""

AGREEMENT = Table({"suggested": Column("Forslag ↓ · valgt →", "text")}, coded_columns="category")
"""Suggestions (rows, "Intet forslag" last) against chosen colours (columns)."""

BACKTEST = Table(
    {"phase": Column("Vurdering", "text")},
    {
        "assessments": Column("Antal vurderinger"),
        "without_suggestion": Column("Uden forslag"),
        "agreement": Column("Enighed", "share"),
        "agreement_change": Column("Ændring i enighed", "text"),
        "kappa": Column("Cohens kappa", "text"),
        "kappa_change": Column("Ændring i kappa", "text"),
    },
)
"""The backtest per phase and in all: counts, agreement, kappa and their changes against
the opened version (signed text, shown right-aligned)."""
_SIGNED = ("agreement_change", "kappa", "kappa_change")

CHANGES = Table({"before": Column("Før ↓ · efter →", "text")}, coded_columns="text")
"""The saved version's suggestion (rows) against the edited one's (columns), "Intet
forslag" last in both."""

CRITERIA = Table(
    {"condition": Column("Kriterium", "text")},
    {
        "points_to": Column("Peger på", "category"),
        "fires": Column("Slår til"),
        "fires_share": Column("Andel af enhederne", "share"),
        "alone_decides": Column("Afgør alene"),
    },
)
"""Per criterion, named by its condition: how often it fires and alone decides."""

VERSIONS = Table(
    {"name": Column("Version", "text")},
    {
        "saved_at": Column("Gemt", "time"),
        "author": Column("Gemt af", "text"),
        "based_on": Column("Bygger på", "text"),
        "criteria": Column("Kriterier"),
        "comment": Column("Kommentar", "text"),
    },
)
"""The saved versions, newest first."""

_THRESHOLD = "Tærskel"


@cache
def sweep_spec() -> Table:
    """The threshold sweep: one row per threshold (shown as written, "3" or "2,5")."""
    colours = {code: Column(category_heading(code)) for code in COLOURS}
    return Table(
        {"threshold": Column(_THRESHOLD, "text")},
        {
            "fires": Column("Slår til"),
            **colours,
            NO_SUGGESTION_CODE: Column(NO_SUGGESTION),
            "changed": Column("Ændrede forslag"),
            "current": Column("Nuværende tærskel", "flag"),
        },
    )


def suggestion_heading(code: str) -> str:
    """A suggestion as people read it: ``"roed"`` → ``"▲ Rød"``, ``"intet_forslag"`` →
    ``"Intet forslag"``."""
    return NO_SUGGESTION if code == NO_SUGGESTION_CODE else category_heading(code)


def _headed(matrix: pd.DataFrame, *, columns: bool) -> pd.DataFrame:
    """The matrix with its suggestion codes as headings (rows, and columns if asked)."""
    headed = matrix.rename(index=suggestion_heading)
    return headed.rename(columns=suggestion_heading) if columns else headed


def _signed(value: float, digits: int) -> str:
    """``0.0213`` → ``"+0,02"``, ``-0.04`` → ``"−0,04"``; what rounds to zero has no sign;
    NaN → ``"–"``."""
    if not math.isfinite(value):
        return UNKNOWN
    rounded = round(value, digits)
    if rounded == 0:
        return danish_decimal(0.0, digits)
    return ("+" if rounded > 0 else "−") + danish_decimal(abs(rounded), digits)


def points_change(change: float) -> str:
    """A change of a share in percentage points: ``0.021`` → ``"+2,1 procentpoint"``."""
    shown = _signed(100 * change, 1)
    return shown if shown == UNKNOWN else f"{shown} procentpoint"


def kappa_change(change: float) -> str:
    """A change of a kappa, two decimals: ``-0.043`` → ``"−0,04"``."""
    return _signed(change, 2)


def phase_label(row: str) -> str:
    """A backtest row as people read it: the phase's Danish name, or "I alt"."""
    if row == TOTAL:
        return IN_ALL
    return next(label_of(phase) for phase in PHASES if phase.value == row)


def backtest_table(result: Backtest) -> pd.DataFrame:
    """One row per phase and one for all assessments: :data:`BACKTEST`."""
    summary = result.summary
    frame = summary.assign(
        agreement_change=summary["agreement_change"].map(points_change),
        kappa=summary["kappa"].map(lambda value: danish_decimal(value, 2)),
        kappa_change=summary["kappa_change"].map(kappa_change),
    ).rename(index=phase_label)
    people = for_people(frame, BACKTEST)
    people.attrs["numeric"] = [
        *people.attrs["numeric"],
        *(BACKTEST.columns[name].header for name in _SIGNED),
    ]
    return people


def confusion_table(matrix: pd.DataFrame) -> pd.DataFrame:
    """A suggested × chosen table (:attr:`Backtest.confusion`): rows the catalogue's
    suggestion ("Intet forslag" last), columns the chosen colour."""
    return for_people(_headed(matrix, columns=False), AGREEMENT)


def changes_table(matrix: pd.DataFrame) -> pd.DataFrame:
    """:attr:`CatalogueEffect.change_matrix`: rows the saved version's suggestion, columns the
    edited catalogue's."""
    return for_people(_headed(matrix, columns=True), CHANGES)


def criteria_table(result: CatalogueEffect) -> pd.DataFrame:
    """One row per criterion, in the catalogue's order, named by its condition."""
    return for_people(result.criteria.set_index("condition"), CRITERIA)


def sweep_table(sweep: pd.DataFrame) -> pd.DataFrame:
    """One row per threshold of :func:`~tilsynwidgets.domain.workshop.sweep.threshold_sweep`;
    a whole threshold shows as a whole number ("3", not "3,0")."""
    frame = sweep.assign(threshold=sweep["threshold"].astype(float).map(danish_number))
    people = for_people(frame.set_index("threshold"), sweep_spec())
    people.attrs["numeric"] = [_THRESHOLD, *people.attrs["numeric"]]
    return people


def versions_frame(versions: Sequence[CatalogueVersion]) -> pd.DataFrame:
    """The versions as a frame: name, when saved, by whom, based on, criteria, comment."""
    return pd.DataFrame(
        {
            "name": [v.name for v in versions],
            "saved_at": [v.saved_at for v in versions],
            "author": [v.author for v in versions],
            "based_on": [v.based_on for v in versions],
            "criteria": [len(v.catalogue.criteria) for v in versions],
            "comment": [v.comment for v in versions],
        },
        columns=list(VERSIONS.rows) + list(VERSIONS.columns),
    )


def versions_table(versions: Sequence[CatalogueVersion]) -> pd.DataFrame:
    """The versions as people read them ("–" where a version builds on none)."""
    return for_people(versions_frame(versions).set_index("name"), VERSIONS)
