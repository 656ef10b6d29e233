"""An honest backtest: each chosen colour against the suggestion the catalogue would have
given on the day the colour was chosen, from the information received by then.

A backtest against today's signals would credit a catalogue with information nobody had when
the colour was chosen. So every stored assessment (præ, post or nye oplysninger) is a row
with its unit's signals *as of the assessment's Danish date*: computed once
(:func:`assessment_signals`, through
:meth:`~tilsynwidgets.domain.information.as_of.InformationFrame.at`) and prepared once
(:class:`BacktestData`, whose rows are a :class:`~tilsynwidgets.domain.workshop.effect.
WorkshopData` of assessments). Each catalogue edit then costs what an edit of the effect
costs: :func:`~tilsynwidgets.domain.workshop.effect.count_fired` over the prepared arrays,
and one ``bincount`` for the tables of every phase.

Per phase and overall, :func:`backtest` gives the number of assessments, the share where the
suggestion is the chosen colour (*enighed*; an assessment the catalogue gives no suggestion
counts as not agreeing, so a catalogue cannot gain agreement by knowing too little), Cohen's
kappa over the assessments with a suggestion
(:func:`~tilsynwidgets.domain.workshop.cohen_kappa.cohen_agreement`), and the table of
suggested × chosen colours with "intet forslag" as a row of its own, never as grøn. Against a
baseline catalogue (the version opened in the workshop) it gives the change in agreement and
kappa per phase.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt
import pandas as pd

from tilsynwidgets.domain.core.categories import Phase
from tilsynwidgets.domain.core.local_time import DANISH_TIME
from tilsynwidgets.domain.information.as_of import InformationFrame
from tilsynwidgets.domain.portfolio.figures import COLOURS
from tilsynwidgets.domain.risk.criteria import CriteriaCatalogue
from tilsynwidgets.domain.workshop.cohen_kappa import Agreement, cohen_agreement
from tilsynwidgets.domain.workshop.effect import (
    SHOWN_ORDER,
    SUGGESTIONS,
    WorkshopData,
    colour_ranks,
    count_fired,
    suggestion_slots,
)

__all__ = [
    "ASSESSMENT_COLUMNS",
    "BACKTEST_ROWS",
    "NO_ASSESSMENTS",
    "NO_SUGGESTIONS",
    "PHASES",
    "SUMMARY_COLUMNS",
    "TOTAL",
    "Backtest",
    "BacktestData",
    "assessment_days",
    "assessment_signals",
    "assessments_in_force",
    "backtest",
]

Int8Array = npt.NDArray[np.int8]
IntArray = npt.NDArray[np.int64]

ASSESSMENT_COLUMNS = ("unit_id", "phase", "chosen", "assessed_at")
"""The columns a backtest needs of the assessments (``Store.assessments_frame()`` has them).
With ``id`` and ``corrects`` as well, an assessment a later row corrects is left out
(:func:`assessments_in_force`): each decision counts once, as corrected."""
PHASES: tuple[Phase, ...] = (Phase.PRAE, Phase.POST, Phase.NY)
"""The phases, in the order the backtest shows them."""
TOTAL = "i_alt"
"""The row of all assessments together."""
BACKTEST_ROWS: tuple[str, ...] = (*(p.value for p in PHASES), TOTAL)
"""The rows of :attr:`Backtest.summary` and the keys of :attr:`Backtest.confusion`."""
SUMMARY_COLUMNS = (
    "assessments",
    "without_suggestion",
    "agreement",
    "kappa",
    "weighted_kappa",
    "agreement_change",
    "kappa_change",
)
"""Columns of :attr:`Backtest.summary`."""

NO_ASSESSMENTS = "der er ingen vurderinger, så enighed med forslaget kan ikke beregnes"
NO_SUGGESTIONS = (
    "kataloget giver ingen af vurderingerne et forslag (for lidt kendt på vurderingsdagen), "
    "så kappa kan ikke beregnes"
)

_PHASE_OF = {phase.value: n for n, phase in enumerate(PHASES)}
_SLOTS = 4  # grøn, gul, rød, no suggestion
_CHOSEN = 3  # grøn, gul, rød
_CELLS = _SLOTS * _CHOSEN


def assessments_in_force(assessments: pd.DataFrame) -> pd.DataFrame:
    """The assessments without those a later row corrects (when the frame has ``id`` and
    ``corrects``; otherwise as given). The caller backtests what this returns, and computes
    the signals for it."""
    if "id" not in assessments.columns or "corrects" not in assessments.columns:
        return assessments
    corrected = assessments["corrects"].dropna()
    return assessments[~assessments["id"].isin(corrected)]


def assessment_days(assessed_at: pd.Series) -> npt.NDArray[np.datetime64]:
    """The Danish date of each assessment time (``datetime64[D]``, position by position).

    Aware times (the store's are UTC) are turned into Danish time first, so an assessment
    made at 00:30 Danish time is dated that day, not the day before; naive times are taken
    to be Danish time already.
    """
    stamps = pd.to_datetime(assessed_at)
    if stamps.dt.tz is not None:
        stamps = stamps.dt.tz_convert(DANISH_TIME).dt.tz_localize(None)
    days: npt.NDArray[np.datetime64] = stamps.to_numpy(dtype="datetime64[ns]").astype(
        "datetime64[D]"
    )
    return days


def _require(frame: pd.DataFrame, columns: tuple[str, ...], what: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{what} mangler kolonnerne {', '.join(missing)}")


def assessment_signals(frame: InformationFrame, assessments: pd.DataFrame) -> pd.DataFrame:
    """Each assessment's unit's signals as of the assessment's Danish date.

    One row per assessment, indexed like ``assessments``, one float64 column per signal
    (NaN unknown or not applicable, flags 0/1): the input of :meth:`BacktestData.prepare`.
    Only information received by the end of that day counts (see
    :meth:`~tilsynwidgets.domain.information.as_of.InformationFrame.at`). Raises a Danish
    ``ValueError`` for an assessment of a unit the frame does not know.
    """
    _require(assessments, ("unit_id", "assessed_at"), "vurderingerne")
    unit_ids = assessments["unit_id"].astype(str)
    unknown = unit_ids[~unit_ids.isin(frame.units)]
    if len(unknown):
        named = ", ".join(sorted(unknown.unique())[:5])
        raise ValueError(f"vurderinger af enheder, der ikke er i porteføljen: {named}")
    days = assessment_days(assessments["assessed_at"]).astype(object)
    found = frame.at(unit_ids.tolist(), list(days))
    found.index = assessments.index
    return found


@dataclass(frozen=True, slots=True, eq=False)
class BacktestData:
    """The assessments prepared once: each a row with its signals as of its day."""

    rows: WorkshopData
    """One row per assessment, in the order given: its unit's labels and kind, the signals
    as of its day, and the colour chosen."""
    phases: Int8Array
    """Per assessment: 0 præ, 1 post, 2 nye oplysninger (the order of :data:`PHASES`)."""
    days: npt.NDArray[np.datetime64]
    """Per assessment: its Danish date."""
    _keys: IntArray
    """Per assessment with a chosen colour: its cell in a phase × suggestion × chosen
    table, suggestion grøn (add ``3 × slot`` for the suggestion's slot)."""

    @classmethod
    def prepare(
        cls, assessments: pd.DataFrame, signals_at: pd.DataFrame, units: pd.DataFrame
    ) -> BacktestData:
        """Prepare the stored ``assessments`` (:data:`ASSESSMENT_COLUMNS`) with
        ``signals_at`` (:func:`assessment_signals`, one row per assessment in the same order)
        and the ``units`` frame they are about (id, name, socialtilsyn, unit_type, kind).

        Raises a Danish ``ValueError`` for a missing column, an unknown unit, phase or
        colour, or signals that do not match the assessments row for row.
        """
        _require(assessments, ASSESSMENT_COLUMNS, "vurderingerne")
        if len(signals_at) != len(assessments):
            raise ValueError(
                "signalerne skal have én række pr. vurdering "
                f"({len(signals_at)} rækker for {len(assessments)} vurderinger)"
            )
        unit_ids = assessments["unit_id"].astype(str)
        positions = pd.Index(units["id"].astype(str)).get_indexer(pd.Index(unit_ids))
        if (positions < 0).any():
            named = ", ".join(sorted(unit_ids[positions < 0].unique())[:5])
            raise ValueError(f"vurderinger af enheder, der ikke er i porteføljen: {named}")
        phase_codes = assessments["phase"].astype(object).map(_PHASE_OF)
        if phase_codes.isna().any():
            named = ", ".join(sorted({str(v) for v in assessments["phase"][phase_codes.isna()]}))
            raise ValueError(f"ukendt tidspunkt for vurderingen: {named} (brug prae, post, ny)")
        phases = np.asarray(phase_codes.to_numpy(dtype=np.int64), dtype=np.int8)

        labels = [c for c in ("id", "name", "socialtilsyn", "unit_type", "kind") if c in units]
        signals = signals_at.reset_index(drop=True)
        frame = pd.concat([units[labels].take(positions).reset_index(drop=True), signals], axis=1)
        rows = WorkshopData.from_rows(frame, colour_ranks(assessments["chosen"]))
        assessed = rows.assessed
        keys = phases[assessed].astype(np.int64) * _CELLS + rows.chosen_ranks[assessed]
        days = assessment_days(assessments["assessed_at"])
        for array in (phases, days, keys):
            array.setflags(write=False)
        return cls(rows=rows, phases=phases, days=days, _keys=keys)

    @property
    def n_assessments(self) -> int:
        return self.rows.n_units

    @property
    def first_day(self) -> date | None:
        """The earliest assessment's Danish date (None without assessments)."""
        return _as_date(self.days.min()) if len(self.days) else None

    @property
    def last_day(self) -> date | None:
        """The latest assessment's Danish date (None without assessments)."""
        return _as_date(self.days.max()) if len(self.days) else None


def _as_date(day: np.datetime64) -> date:
    found = day.astype("datetime64[D]").astype(object)
    assert isinstance(found, date)
    return found


@dataclass(frozen=True, slots=True, eq=False)
class Backtest:
    """The backtest of one catalogue (see :func:`backtest`)."""

    catalogue: CriteriaCatalogue
    baseline: CriteriaCatalogue | None
    ranks: Int8Array
    """The suggestion per assessment as of its day: 0 grøn, 1 gul, 2 rød, -1 none."""
    summary: pd.DataFrame
    """Index :data:`BACKTEST_ROWS` (name "phase"), columns :data:`SUMMARY_COLUMNS`:
    ``assessments`` and ``without_suggestion`` (counts), ``agreement`` (share of the
    assessments where suggestion = chosen colour), ``kappa`` and ``weighted_kappa`` (over
    the assessments with a suggestion), ``agreement_change`` (a difference of shares) and
    ``kappa_change`` against the baseline (NaN without one, or where either is NaN)."""
    confusion: Mapping[str, pd.DataFrame]
    """Per row of :data:`BACKTEST_ROWS`: suggestion (rows, "suggested",
    :data:`~tilsynwidgets.domain.workshop.effect.SUGGESTIONS`) × chosen colour (columns,
    "chosen", :data:`~tilsynwidgets.domain.portfolio.figures.COLOURS`), counts."""
    agreements: Mapping[str, Agreement]
    """Per row of :data:`BACKTEST_ROWS`: Cohen's kappa with its reason when NaN."""

    @property
    def overall(self) -> pd.Series:
        """The summary's row of all assessments."""
        return self.summary.iloc[len(PHASES)]


def _tables(data: BacktestData, ranks: Int8Array) -> npt.NDArray[np.int64]:
    """Counts per phase (præ, post, ny, i alt) × suggestion slot × chosen rank."""
    slots = suggestion_slots(ranks[data.rows.assessed])
    keys = data._keys + slots * _CHOSEN
    counts = np.bincount(keys, minlength=len(PHASES) * _CELLS)
    per_phase = counts.reshape(len(PHASES), _SLOTS, _CHOSEN).astype(np.int64)
    return np.concatenate([per_phase, per_phase.sum(axis=0, keepdims=True)])


def _agreement(table: npt.NDArray[np.int64]) -> Agreement:
    """Cohen's kappa over the assessments with a suggestion, with the backtest's own reason
    when there are none."""
    found = cohen_agreement(table[:_CHOSEN])
    if found.n_units == 0:
        reason = NO_SUGGESTIONS if table.sum() else NO_ASSESSMENTS
        return Agreement(0, np.nan, np.nan, reason)
    return found


def _figures(tables: npt.NDArray[np.int64]) -> tuple[pd.DataFrame, dict[str, Agreement]]:
    agreements = {row: _agreement(table) for row, table in zip(BACKTEST_ROWS, tables, strict=True)}
    n = tables.sum(axis=(1, 2))
    matches = np.trace(tables[:, :_CHOSEN, :], axis1=1, axis2=2)
    with np.errstate(invalid="ignore", divide="ignore"):
        agreement = np.where(n > 0, matches / np.maximum(n, 1), np.nan)
    frame = pd.DataFrame(
        {
            "assessments": n.astype(np.int64),
            "without_suggestion": tables[:, _SLOTS - 1, :].sum(axis=1).astype(np.int64),
            "agreement": agreement,
            "kappa": [agreements[row].kappa for row in BACKTEST_ROWS],
            "weighted_kappa": [agreements[row].weighted_kappa for row in BACKTEST_ROWS],
        },
        index=pd.Index(BACKTEST_ROWS, name="phase"),
    )
    return frame, agreements


def backtest(
    data: BacktestData,
    catalogue: CriteriaCatalogue,
    baseline: CriteriaCatalogue | None = None,
) -> Backtest:
    """The suggestions ``catalogue`` would have given at each assessment, against the
    colours chosen: per phase and overall, and against ``baseline`` when given."""
    ranks = count_fired(data.rows, catalogue).ranks
    tables = _tables(data, ranks)
    summary, agreements = _figures(tables)
    if baseline is None:
        summary["agreement_change"] = np.nan
        summary["kappa_change"] = np.nan
    else:
        before, _ = _figures(_tables(data, count_fired(data.rows, baseline).ranks))
        summary["agreement_change"] = summary["agreement"] - before["agreement"]
        summary["kappa_change"] = summary["kappa"] - before["kappa"]
    suggested = pd.Index(SUGGESTIONS, name="suggested")
    chosen = pd.Index(COLOURS, name="chosen")
    confusion = {
        row: pd.DataFrame(table[SHOWN_ORDER][:, ::-1], index=suggested, columns=chosen)
        for row, table in zip(BACKTEST_ROWS, tables, strict=True)
    }
    return Backtest(
        catalogue=catalogue,
        baseline=baseline,
        ranks=ranks,
        summary=summary[list(SUMMARY_COLUMNS)],
        confusion=confusion,
        agreements=agreements,
    )
