"""What an edit of the criteria catalogue would do to the whole portfolio, at once.

The criteria workshop lets methods consultants change a threshold, add or remove a
criterion or change the aggregation rule, and shows the consequences for the national
portfolio immediately. Everything here is plain NumPy over arrays prepared once
(:class:`WorkshopData`), so one edit on 75,000 units costs milliseconds.
:func:`effect` evaluates the edited catalogue on the units as they stand (their signals as
of one day): the suggested colour per unit (the same as
:func:`tilsynwidgets.domain.risk.evaluation.evaluate_portfolio`), the distribution of those
colours per socialtilsyn and per unit type, the units whose suggestion moves against a
baseline catalogue, and per criterion how often it fires and how often it alone decides
the suggestion. :mod:`tilsynwidgets.domain.workshop.sweep` varies one criterion's
threshold on the same prepared portfolio and counts. How the suggestions compare with the
colours supervisors chose is a backtest over the assessments, each with the signals as of
its own day (:mod:`tilsynwidgets.domain.workshop.backtest`): the same prepared arrays and
the same :func:`count_fired`, with rows that are assessments rather than units.

Both rest on two counts per row (:func:`count_fired`): how many rød and how many gul
criteria fired. The aggregation rule
(:func:`~tilsynwidgets.domain.risk.aggregation.aggregate_counts`) is a function of those
two counts only: rød when a rød criterion fired, or when at least ``escalate_after_gul``
gul criteria fired; otherwise gul when a gul
criterion fired; otherwise grøn. So a criterion *alone decides* a unit's suggestion, i.e.
removing it from the catalogue would change the suggestion, exactly when it fired and

* it points to rød, it is the only rød criterion that fired, and the gul criteria that fired
  are too few to escalate; or
* it points to gul, no rød criterion fired, and it is either the only gul criterion that
  fired (gul → grøn without it) or one of exactly ``escalate_after_gul`` (rød → gul).

No criterion is ever evaluated twice to find that out: the rule is applied to the counts
without it (:func:`tilsynwidgets.domain.risk.aggregation.decided_alone`).

A unit with too few known signals (the catalogue's ``min_known_percent``, counted over the
signals that apply to its kind) gets no suggestion, whatever fires: it is counted as
:data:`NO_SUGGESTION_CODE` ("intet forslag") in every table, never as grøn.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from tilsynwidgets.domain.core.categories import RiskCategory
from tilsynwidgets.domain.core.signals import SignalKind, signal_catalogue
from tilsynwidgets.domain.portfolio.figures import COLOURS
from tilsynwidgets.domain.risk.aggregation import aggregate_counts, decided_alone, enough_known
from tilsynwidgets.domain.risk.criteria import CriteriaCatalogue, Criterion, Operator
from tilsynwidgets.domain.risk.evaluation import (
    CATEGORY_DTYPE,
    NO_SUGGESTION_CODE,
    unknown_signals,
)

__all__ = [
    "CHANGE_COLUMNS",
    "COMPARISONS",
    "CRITERIA_COLUMNS",
    "NO_SUGGESTION_CODE",
    "SHOWN_ORDER",
    "SUGGESTIONS",
    "CatalogueEffect",
    "FiredCounts",
    "WorkshopData",
    "colour_ranks",
    "count_fired",
    "effect",
    "suggestion_slots",
]

BoolArray = npt.NDArray[np.bool_]
Int8Array = npt.NDArray[np.int8]
IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

CHANGE_COLUMNS = ("id", "name", "socialtilsyn", "unit_type", "before", "after")
"""Columns of :attr:`CatalogueEffect.changes`."""
CRITERIA_COLUMNS = (
    "signal",
    "condition",
    "points_to",
    "fires",
    "fires_share",
    "alone_decides",
    "alone_decides_escalation",
)
"""Columns of :attr:`CatalogueEffect.criteria` (indexed by criterion id)."""

SUGGESTIONS = [*COLOURS, NO_SUGGESTION_CODE]
"""The columns of a table of units per suggestion: rød, gul, grøn, intet forslag."""

_RANK_OF = {c.value: c.rank for c in RiskCategory}
_WIDTH = 4  # per group: grøn, gul, rød (by rank) and no suggestion
SHOWN_ORDER = [2, 1, 0, 3]
"""Slots (:func:`suggestion_slots`) in the order shown: rød, gul, grøn, intet forslag."""
_GROUPS = ("socialtilsyn", "unit_type")
_LABEL_COLUMNS = ("id", "name", "socialtilsyn", "unit_type")

COMPARISONS: Mapping[Operator, Callable[..., BoolArray]] = {
    Operator.GT: np.greater,
    Operator.GE: np.greater_equal,
    Operator.LT: np.less,
    Operator.LE: np.less_equal,
    Operator.EQ: np.equal,
}
"""The NumPy comparison of each comparison operator, as ``ufunc(value, threshold)``."""


def _suggestion_index(name: str) -> pd.Index:
    return pd.Index(SUGGESTIONS, name=name)


def suggestion_slots(ranks: Int8Array) -> IntArray:
    """A suggestion's slot in a table: its rank (0 grøn, 1 gul, 2 rød), or 3 for none."""
    return np.where(ranks < 0, 3, ranks).astype(np.int64)


def _frozen(array: npt.NDArray[np.generic]) -> None:
    array.setflags(write=False)


# --- the prepared portfolio -----------------------------------------------------------------


@dataclass(frozen=True, slots=True, eq=False)
class _Grouping:
    """Integer codes of one grouping column (``-1`` where the unit has no group)."""

    codes4: IntArray
    """Four times the group code, so ``codes4 + slot`` indexes a groups × suggestions table."""
    labels: pd.Index
    complete: BoolArray | None
    """Units with a group, or None when every unit has one."""


@dataclass(frozen=True, slots=True, eq=False)
class WorkshopData:
    """Rows prepared once, so that each catalogue edit only compares numbers.

    A row is a unit as it stands (:meth:`prepare`: the workshop's effect and sweep) or an
    assessment with its unit's signals as of the assessment's day (:meth:`from_rows`, which
    :class:`~tilsynwidgets.domain.workshop.backtest.BacktestData` uses): one code path
    evaluates both. Arrays are read-only; they follow ``units``' row order.
    """

    units: pd.DataFrame
    """The rows as given (see :func:`tilsynwidgets.store.frames.units_frame`)."""
    chosen: pd.Series
    """Each row's chosen colour (ordered categorical, NaN when none)."""
    chosen_ranks: Int8Array
    """The chosen colour's rank per row: 0 grøn, 1 gul, 2 rød, -1 none."""
    assessed: IntArray
    """Positions of the rows that have a chosen colour."""
    signals: Mapping[str, FloatArray]
    """One float64 array per signal column present in ``units`` (flags 1.0/0.0, NaN unknown)."""
    applicable: IntArray
    """Per row: how many risk signals apply to its unit's kind."""
    known: IntArray
    """Per row: how many of those it has a value for."""
    observed: Mapping[str, FloatArray]
    """Per numeric signal: its known (non-NaN) values over all rows, sorted."""
    groups: Mapping[str, _Grouping]
    labels: pd.DataFrame
    """The columns id, name, socialtilsyn, unit_type with a fresh RangeIndex."""

    @classmethod
    def prepare(
        cls,
        units: pd.DataFrame,
        chosen: pd.Series | Mapping[str, object] | None = None,
    ) -> WorkshopData:
        """Prepare ``units`` (one row per unit) and, optionally, a chosen colour per unit.

        ``chosen`` is indexed by unit id (as :func:`~tilsynwidgets.domain.portfolio.figures.
        current_categories` returns it) with the colour codes ``"roed"``, ``"gul"``,
        ``"groen"`` (or :class:`RiskCategory`); None, NaN or an absent id means none.
        """
        _require_labels(units)
        ids = units["id"]
        if ids.duplicated().any():
            twice = ", ".join(map(str, ids[ids.duplicated()].unique()[:5]))
            raise ValueError(f"enheds-id findes flere gange: {twice}")
        return cls.from_rows(units, _chosen_ranks(ids, chosen))

    @classmethod
    def from_rows(cls, rows: pd.DataFrame, chosen_ranks: npt.ArrayLike) -> WorkshopData:
        """Prepare rows that may repeat a unit (e.g. one row per assessment).

        ``rows`` has the columns id, name, socialtilsyn, unit_type, the unit's ``kind`` (or
        a type it follows from) and a float64 column per signal; ``chosen_ranks`` gives each
        row's chosen colour as a rank (0 grøn, 1 gul, 2 rød, -1 none).
        """
        _require_labels(rows)
        chosen_ranks = np.array(chosen_ranks, dtype=np.int8)
        if chosen_ranks.shape != (len(rows),):
            raise ValueError("der skal være én valgt farve (eller ingen) pr. række")
        if ((chosen_ranks < -1) | (chosen_ranks > 2)).any():
            raise ValueError("en valgt farve skal være 0 (grøn), 1 (gul), 2 (rød) eller -1")
        chosen_series = pd.Series(
            pd.Categorical.from_codes(chosen_ranks, dtype=CATEGORY_DTYPE),
            index=rows.index,
            name="chosen",
        )
        assessed = np.flatnonzero(chosen_ranks >= 0).astype(np.int64)

        numeric = {s.key for s in signal_catalogue().signals if s.kind is not SignalKind.FLAG}
        signals: dict[str, FloatArray] = {}
        observed: dict[str, FloatArray] = {}
        for key in signal_catalogue().keys:
            if key not in rows.columns:
                continue
            values = np.ascontiguousarray(
                rows[key].to_numpy(dtype=np.float64, na_value=np.nan, copy=True)
            )
            signals[key] = values
            if key in numeric:
                observed[key] = np.sort(values[~np.isnan(values)])

        groups = {name: _grouping(rows[name]) for name in _GROUPS}
        labels = rows[list(_LABEL_COLUMNS)].reset_index(drop=True)
        _keys, unknown, applicable = unknown_signals(rows)
        known = applicable - unknown.sum(axis=1, dtype=np.int64)

        _frozen(chosen_ranks)
        _frozen(assessed)
        _frozen(applicable)
        _frozen(known)
        for array in (*signals.values(), *observed.values()):
            _frozen(array)
        for grouping in groups.values():
            _frozen(grouping.codes4)
        return cls(
            units=rows,
            chosen=chosen_series,
            chosen_ranks=chosen_ranks,
            assessed=assessed,
            signals=signals,
            applicable=applicable,
            known=known,
            observed=observed,
            groups=groups,
            labels=labels,
        )

    @property
    def n_units(self) -> int:
        """The number of rows (units, or assessments in a backtest)."""
        return len(self.chosen_ranks)

    def values(self, signal: str) -> FloatArray:
        """The signal's values per row; all NaN (unknown) when the frame lacks the column."""
        values = self.signals.get(signal)
        if values is None:
            values = np.full(self.n_units, np.nan)
            _frozen(values)
        return values


def _require_labels(rows: pd.DataFrame) -> None:
    missing = [c for c in _LABEL_COLUMNS if c not in rows.columns]
    if missing:
        raise ValueError(f"enhedstabellen mangler kolonnerne {', '.join(missing)}")


def colour_ranks(colours: pd.Series) -> Int8Array:
    """Colour codes (``"roed"``, ``"gul"``, ``"groen"`` or :class:`RiskCategory`) as ranks,
    position by position: 0 grøn, 1 gul, 2 rød, -1 where missing. Raises a Danish
    ``ValueError`` naming any other value."""
    text = colours.astype(object)
    codes = text.map(_RANK_OF)  # str or RiskCategory (a StrEnum) → rank; unknown → NaN
    wrong = codes.isna() & text.notna()
    if wrong.any():
        named = ", ".join(sorted({str(v) for v in text[wrong]})[:5])
        raise ValueError(f"ukendt farve: {named} (brug roed, gul eller groen)")
    return np.asarray(codes.fillna(-1).to_numpy(dtype=np.int64), dtype=np.int8)


def _chosen_ranks(ids: pd.Series, chosen: pd.Series | Mapping[str, object] | None) -> Int8Array:
    ranks = np.full(len(ids), -1, dtype=np.int8)
    if chosen is None:
        return ranks
    series = chosen if isinstance(chosen, pd.Series) else pd.Series(dict(chosen), dtype=object)
    if series.index.has_duplicates:
        twice = ", ".join(map(str, series.index[series.index.duplicated()].unique()[:5]))
        raise ValueError(f"den valgte farve er angivet flere gange for samme enhed: {twice}")
    codes = pd.Series(colour_ranks(series), index=series.index)
    mapped = ids.map(codes[codes >= 0].astype(np.int64))
    values = mapped.to_numpy(dtype=np.float64, na_value=np.nan)
    has = ~np.isnan(values)
    ranks[has] = values[has].astype(np.int8)
    return ranks


def _grouping(column: pd.Series) -> _Grouping:
    codes, uniques = pd.factorize(column, sort=True, use_na_sentinel=True)
    codes = np.asarray(codes, dtype=np.int64)
    complete = codes >= 0
    labels = pd.Index(uniques, name=column.name)
    return _Grouping(
        codes4=codes * _WIDTH, labels=labels, complete=None if complete.all() else complete
    )


# --- evaluation from per-unit counts ----------------------------------------------------------


@dataclass(frozen=True, slots=True, eq=False)
class FiredCounts:
    """Which criteria fired for which unit, the counts per unit and the suggested colour."""

    fired: BoolArray
    """Criteria × units."""
    roed: npt.NDArray[np.int16]
    """Per unit: how many rød criteria fired."""
    gul: npt.NDArray[np.int16]
    """Per unit: how many gul criteria fired."""
    ranks: Int8Array
    """Suggested colour per unit: 0 grøn, 1 gul, 2 rød; -1 no suggestion."""
    escalated: BoolArray
    """Units suggested rød because enough gul criteria fired."""
    enough: BoolArray
    """Units of which enough is known for a suggestion (the catalogue's rule)."""


def _fire(values: FloatArray, criterion: Criterion, out: BoolArray) -> None:
    """Whether ``criterion`` fires for each value (NaN, i.e. unknown, never fires)."""
    if criterion.operator is Operator.FLAG:
        np.equal(values, 1.0, out=out)
    else:
        COMPARISONS[criterion.operator](values, np.float64(criterion.threshold), out=out)


def count_fired(data: WorkshopData, catalogue: CriteriaCatalogue) -> FiredCounts:
    """Evaluate every criterion of ``catalogue`` once over the prepared portfolio."""
    criteria = catalogue.criteria
    n = data.n_units
    fired = np.zeros((len(criteria), n), dtype=np.bool_)
    roed = np.zeros(n, dtype=np.int16)
    gul = np.zeros(n, dtype=np.int16)
    with np.errstate(invalid="ignore"):
        for j, criterion in enumerate(criteria):
            if criterion.signal not in data.signals:
                continue  # an absent column is unknown for every unit: never fires
            _fire(data.signals[criterion.signal], criterion, fired[j])
            counter = roed if criterion.points_to is RiskCategory.ROED else gul
            np.add(counter, fired[j], out=counter)
    rule = catalogue.aggregation
    enough = enough_known(data.known, data.applicable, rule.min_known_percent)
    ranks, escalated = aggregate_counts(roed, gul, rule.escalate_after_gul, enough)
    return FiredCounts(fired, roed, gul, ranks, escalated, enough)


# --- the effect of one catalogue --------------------------------------------------------------


@dataclass(frozen=True, slots=True, eq=False)
class CatalogueEffect:
    """Everything the workshop shows for one version of the catalogue (see :func:`effect`).

    Tables of suggestions have the columns (or rows) ``roed``, ``gul``, ``groen`` and
    ``intet_forslag`` (:data:`SUGGESTIONS`), counts as int64.
    """

    catalogue: CriteriaCatalogue
    baseline: CriteriaCatalogue | None
    ranks: Int8Array
    """Suggested colour per unit: 0 grøn, 1 gul, 2 rød, -1 none (rows as ``data.units``)."""
    escalated: BoolArray
    """Units suggested rød because enough gul criteria fired."""
    fired: BoolArray
    """Criteria (catalogue order) × units: which criteria fired."""
    suggested: pd.Series
    """Suggested colour per unit as an ordered categorical (NaN: none), indexed like
    ``data.units``."""
    totals: pd.Series
    """Units per suggestion, nationally (index :data:`SUGGESTIONS`)."""
    by_socialtilsyn: pd.DataFrame
    """Units per socialtilsyn (index) and suggestion (columns :data:`SUGGESTIONS`)."""
    by_unit_type: pd.DataFrame
    """Units per unit type (index) and suggestion (columns :data:`SUGGESTIONS`)."""
    criteria: pd.DataFrame
    """Per criterion (index "criterion", catalogue order): :data:`CRITERIA_COLUMNS`."""
    changes: pd.DataFrame | None
    """Units whose suggestion differs from the baseline's: :data:`CHANGE_COLUMNS`, in unit
    order; ``before``/``after`` ordered categoricals. None without a baseline."""
    change_matrix: pd.DataFrame | None
    """All units: baseline suggestion (rows, "before") × edited suggestion (columns,
    "after"), both :data:`SUGGESTIONS`."""

    @property
    def n_units(self) -> int:
        return len(self.ranks)

    @property
    def no_suggestion(self) -> int:
        """Units without a suggestion: too little is known about them."""
        return int(self.totals[NO_SUGGESTION_CODE])


def effect(
    data: WorkshopData,
    catalogue: CriteriaCatalogue,
    baseline: CriteriaCatalogue | None = None,
) -> CatalogueEffect:
    """Evaluate ``catalogue`` over the prepared portfolio and derive the workshop's figures.

    ``baseline`` is the saved version the edit is compared with; without it
    :attr:`CatalogueEffect.changes` and :attr:`CatalogueEffect.change_matrix` are None.
    """
    counts = count_fired(data, catalogue)
    ranks = counts.ranks
    suggested = pd.Series(
        pd.Categorical.from_codes(ranks, dtype=CATEGORY_DTYPE),
        index=data.units.index,
        name="suggested",
    )
    slots = suggestion_slots(ranks)
    totals = pd.Series(
        np.bincount(slots, minlength=_WIDTH)[SHOWN_ORDER].astype(np.int64),
        index=_suggestion_index("category"),
        name="units",
    )

    changes = change_matrix = None
    if baseline is not None:
        before = count_fired(data, baseline).ranks
        moved = _table(suggestion_slots(before), slots, _WIDTH)
        change_matrix = pd.DataFrame(
            moved[SHOWN_ORDER][:, SHOWN_ORDER],
            index=_suggestion_index("before"),
            columns=_suggestion_index("after"),
        )
        changes = _changes(data, before, ranks)

    return CatalogueEffect(
        catalogue=catalogue,
        baseline=baseline,
        ranks=ranks,
        escalated=counts.escalated,
        fired=counts.fired,
        suggested=suggested,
        totals=totals,
        by_socialtilsyn=_distribution(data.groups["socialtilsyn"], ranks),
        by_unit_type=_distribution(data.groups["unit_type"], ranks),
        criteria=_criteria_table(catalogue, counts, data.n_units),
        changes=changes,
        change_matrix=change_matrix,
    )


def _table(rows: IntArray, columns: npt.NDArray[np.integer], width: int) -> IntArray:
    """Counts of (row slot, column slot) pairs: ``_WIDTH`` rows × ``width`` columns, in
    slot order (grøn, gul, rød, none)."""
    keys = rows * width + columns
    return np.bincount(keys, minlength=_WIDTH * width).reshape(_WIDTH, width).astype(np.int64)


def _distribution(grouping: _Grouping, ranks: Int8Array) -> pd.DataFrame:
    keys = grouping.codes4 + suggestion_slots(ranks)
    if grouping.complete is not None:
        keys = keys[grouping.complete]
    counts = np.bincount(keys, minlength=_WIDTH * len(grouping.labels)).reshape(-1, _WIDTH)
    return pd.DataFrame(
        counts[:, SHOWN_ORDER].astype(np.int64),
        index=grouping.labels,
        columns=_suggestion_index("category"),
    )


def _changes(data: WorkshopData, before: Int8Array, after: Int8Array) -> pd.DataFrame:
    moved = np.flatnonzero(before != after)
    frame = data.labels.take(moved).reset_index(drop=True)
    frame["before"] = pd.Categorical.from_codes(before[moved], dtype=CATEGORY_DTYPE)
    frame["after"] = pd.Categorical.from_codes(after[moved], dtype=CATEGORY_DTYPE)
    return frame


def _criteria_table(catalogue: CriteriaCatalogue, counts: FiredCounts, n: int) -> pd.DataFrame:
    criteria = catalogue.criteria
    escalate = catalogue.aggregation.escalate_after_gul
    fired = counts.fired
    decides = np.zeros(len(criteria), dtype=np.int64)
    escalation = np.zeros(len(criteria), dtype=np.int64)
    for j, criterion in enumerate(criteria):
        points_roed = criterion.points_to is RiskCategory.ROED
        alone, by_escalation = decided_alone(
            counts.roed, counts.gul, escalate, fired[j], points_roed, counts.enough
        )
        decides[j] = np.count_nonzero(alone)
        escalation[j] = np.count_nonzero(by_escalation)

    fires = np.count_nonzero(fired, axis=1).astype(np.int64)
    return pd.DataFrame(
        {
            "signal": [c.signal for c in criteria],
            "condition": [c.describe() for c in criteria],
            "points_to": [c.points_to.value for c in criteria],
            "fires": fires,
            "fires_share": fires / n if n else np.full(len(criteria), np.nan),
            "alone_decides": decides,
            "alone_decides_escalation": escalation,
        },
        index=pd.Index([c.id for c in criteria], name="criterion", dtype=object),
        columns=list(CRITERIA_COLUMNS),
    )
