"""Risk signals as of a date, computed from the dated information about each unit.

Each signal's ``source`` in ``signals.yaml`` says which information kinds it is computed
from, by which rule and over which window (the file explains the rules). As of a date *d*
only what the socialtilsyn had received by the end of *d* counts, with the corrections and
withdrawals it had received by then: so a backtest of an assessment made on *d* sees what the
assessor could have seen, and nothing later.

Two ways compute the same thing: :func:`unit_signals_as_of` for one unit, plain Python over
its records (the definition), and :class:`InformationFrame` for a whole portfolio, vectorised
over arrays (what the apps and the workshop use). Property tests hold them equal.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
import pandas as pd

from tilsynwidgets.domain.core.kinds import UnitKind
from tilsynwidgets.domain.core.signals import (
    Signal,
    SignalCatalogue,
    SignalKind,
    SignalRule,
    SignalValue,
    given_or_packaged,
)
from tilsynwidgets.domain.information.kinds import InformationKinds, ValueType, information_kinds
from tilsynwidgets.domain.information.records import (
    VALUE_FIELDS,
    InformationRecord,
    effective_records,
)

__all__ = [
    "RECORD_COLUMNS",
    "TRANSFERRED",
    "InformationFrame",
    "check_sources",
    "records_frame",
    "unit_signals_as_of",
]

TRANSFERRED = "overfoert_signal"
"""The kind of a signal value carried over from a snapshot (an older store or a unit import)."""

RECORD_COLUMNS: tuple[str, ...] = (
    "id",
    "unit_id",
    "kind",
    "concerns_on",
    "received_on",
    "registered_at",
    "replaces",
    "withdrawn",
    *VALUE_FIELDS,
)
"""The columns of a records frame (:func:`records_frame`, ``Store.information_frame``)."""

_EPOCH = date(1970, 1, 1)


def check_sources(signals: SignalCatalogue, kinds: InformationKinds | None = None) -> None:
    """Raise ``ValueError`` unless every signal's source names known kinds and fields."""
    kinds = kinds or information_kinds()
    problems: list[str] = []
    for signal in signals.signals:
        source = signal.source
        if source is None:
            continue
        for key in (*source.kinds, *source.known_from):
            if key not in kinds:
                problems.append(f"{signal.key}: ukendt slags oplysning '{key}'")
        for name in (source.field, source.until):
            if name is not None and name not in kinds.values:
                problems.append(f"{signal.key}: ukendt felt '{name}'")
    if problems:
        raise ValueError("; ".join(problems))


# -- one unit: the definition -------------------------------------------------------------


def unit_signals_as_of(
    records: Iterable[InformationRecord],
    on: date,
    unit_kind: UnitKind,
    signals: SignalCatalogue | None = None,
) -> dict[str, SignalValue]:
    """The known signals of one unit as of the end of ``on``, from its records.

    Signals that do not apply to ``unit_kind`` or that nothing stands behind are left out
    (unknown). Flags are ``bool``, everything else ``float``.
    """
    catalogue = given_or_packaged(signals)
    held = effective_records(list(records), on)
    found: dict[str, SignalValue] = {}
    for signal in catalogue.signals:
        if signal.source is None or unit_kind not in signal.applies_to:
            continue
        value = _one_signal(signal, held, on)
        if value is not None:
            found[signal.key] = value
    return found


def _one_signal(signal: Signal, held: list[InformationRecord], on: date) -> SignalValue | None:
    source = signal.source
    assert source is not None
    start = on - timedelta(days=source.window_days)

    def in_window(record: InformationRecord) -> bool:
        return start < record.information.concerns_on <= on

    feeding = [r for r in held if r.information.kind in source.kinds]
    windowed = [r for r in feeding if in_window(r)]
    carried = [
        r
        for r in held
        if r.information.kind == TRANSFERRED
        and r.information.values.signal == signal.key
        and in_window(r)
    ]
    vouched = any(r.information.kind in source.known_from and in_window(r) for r in held)
    carried_values = [float(r.information.values.vaerdi or 0.0) for r in carried]
    rule = source.rule
    if rule is SignalRule.LATEST:
        candidates: list[tuple[date, int, float]] = [
            (r.information.concerns_on, r.id, float(value))
            for r in windowed
            if (value := getattr(r.information.values, source.field or "")) is not None
        ]
        candidates += [
            (r.information.concerns_on, r.id, value)
            for r, value in zip(carried, carried_values, strict=True)
        ]
        if not candidates:
            return None
        return _typed(signal, max(candidates)[2])
    if rule is SignalRule.SUM:
        if not (windowed or carried or vouched):
            return None
        total = sum(_count(r, source.field) for r in windowed) + sum(carried_values)
        return float(total)
    if rule is SignalRule.ANY:
        if not (windowed or carried or vouched):
            return None
        return bool(windowed) or any(value > 0 for value in carried_values)
    active = [r for r in feeding if _active(r, on, source.until or "", source.until_inclusive)]
    if not (windowed or active or carried or vouched):
        return None
    return bool(active) or any(value > 0 for value in carried_values)


def _count(record: InformationRecord, name: str | None) -> float:
    value = getattr(record.information.values, name) if name else None
    return 1.0 if value is None else float(value)


def _active(record: InformationRecord, on: date, until: str, inclusive: bool) -> bool:
    if record.information.concerns_on > on:
        return False
    end = getattr(record.information.values, until)
    if end is None:
        return True
    return bool(end >= on if inclusive else end > on)


def _typed(signal: Signal, value: float) -> SignalValue:
    return bool(value) if signal.kind is SignalKind.FLAG else float(value)


# -- a portfolio: vectorised ----------------------------------------------------------------


def records_frame(records: Sequence[InformationRecord]) -> pd.DataFrame:
    """A records frame (:data:`RECORD_COLUMNS`) from records in memory (tests, the sample)."""
    rows = [
        {
            "id": record.id,
            "unit_id": record.information.unit_id,
            "kind": record.information.kind,
            "concerns_on": record.information.concerns_on,
            "received_on": record.information.received_on,
            "registered_at": record.information.registered_at,
            "replaces": record.information.replaces,
            "withdrawn": record.information.withdrawn,
            **dict(record.information.values),
        }
        for record in records
    ]
    return pd.DataFrame(rows, columns=list(RECORD_COLUMNS))


def _days(values: pd.Series) -> np.ndarray:
    """Dates (or missing) as float day numbers since 1970-01-01 (NaN where missing)."""
    stamps = pd.to_datetime(values, errors="coerce")
    days = (stamps - pd.Timestamp(_EPOCH)).dt.days
    return days.to_numpy(dtype=np.float64, na_value=np.nan)


def _day(on: date) -> int:
    return (on - _EPOCH).days


@dataclass(frozen=True)
class _Rows:
    """Per-signal row positions: the signal's own kinds, what vouches for it, carried values."""

    feeding: np.ndarray
    vouching: np.ndarray
    carried: np.ndarray


@dataclass
class _Arrays:
    unit: np.ndarray  # int64 position in the frame's units (rows of unknown units are dropped)
    ident: np.ndarray  # int64 record id
    concerns: np.ndarray  # int64 day
    received: np.ndarray  # int64 day
    replaced: np.ndarray  # int64 position of the record this one replaces, -1 for none
    withdrawn: np.ndarray  # bool
    kind: np.ndarray  # object: kind key
    values: dict[str, np.ndarray]  # float64 per value field (dates as days, flags 0/1)
    signal: np.ndarray  # object: the signal a carried value is for
    rows: dict[str, _Rows] = field(default_factory=dict)


class InformationFrame:
    """The information about a portfolio, prepared once to compute every signal as of any
    date fast (:meth:`as_of`, :meth:`at`)."""

    def __init__(
        self,
        records: pd.DataFrame,
        units: pd.Index,
        unit_kinds: Sequence[UnitKind | str],
        signals: SignalCatalogue | None = None,
    ) -> None:
        """``records`` has :data:`RECORD_COLUMNS`; ``units`` are the unit ids the signals are
        computed for (records of other units are ignored), ``unit_kinds`` their kinds."""
        self.signals = given_or_packaged(signals)
        self.units = pd.Index(units)
        kinds = np.asarray([UnitKind(kind) for kind in unit_kinds], dtype=object)
        self.kinds = pd.Series([kind.value for kind in kinds], index=self.units, dtype=object)
        """Each unit's kind code (``tilbud``, ``plejefamilie``), in the order of ``units``."""
        self._applies = {
            signal.key: np.isin(kinds, list(signal.applies_to)) for signal in self.signals.signals
        }
        # Per signal, which rows may feed it: its kinds, the kinds that vouch for it, values
        # carried over for it (masks over all rows, so a subset's rows are found at once).
        self._masks: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
        codes = self.units.get_indexer(records["unit_id"])
        keep = codes >= 0
        table = records.loc[keep]
        order = np.lexsort((table["id"].to_numpy(np.int64), codes[keep]))
        table = table.iloc[order]
        unit = codes[keep][order].astype(np.int64)
        ident = table["id"].to_numpy(np.int64)
        self._offsets = np.searchsorted(unit, np.arange(len(self.units) + 1))
        self._arrays = self._prepare(
            unit=unit,
            ident=ident,
            concerns=_days(table["concerns_on"]).astype(np.int64),
            received=_days(table["received_on"]).astype(np.int64),
            replaces=table["replaces"].to_numpy(np.float64, na_value=np.nan),
            withdrawn=table["withdrawn"].to_numpy(bool),
            kind=table["kind"].to_numpy(object),
            values={name: self._value_column(table[name], name) for name in _NUMERIC_FIELDS},
            signal=table["signal"].to_numpy(object),
        )

    @staticmethod
    def _value_column(column: pd.Series, name: str) -> np.ndarray:
        if _FIELD_TYPES[name] is ValueType.DATE:
            return _days(column)
        return pd.to_numeric(column.astype(object), errors="coerce").to_numpy(np.float64)

    def _prepare(self, *, replaces: np.ndarray, **arrays: object) -> _Arrays:
        ident = arrays["ident"]
        assert isinstance(ident, np.ndarray)
        replaced = np.full(len(ident), -1, dtype=np.int64)
        pointing = ~np.isnan(replaces)
        if pointing.any():
            by_id = np.argsort(ident, kind="stable")
            targets = replaces[pointing].astype(np.int64)
            found = np.searchsorted(ident[by_id], targets)
            found = np.clip(found, 0, len(ident) - 1)
            hit = ident[by_id][found] == targets
            positions = np.where(hit, by_id[found], -1)
            replaced[np.flatnonzero(pointing)] = positions
        prepared = _Arrays(replaced=replaced, **arrays)  # type: ignore[arg-type]
        for signal in self.signals.signals:
            source = signal.source
            if source is None:
                continue
            masks = (
                np.isin(prepared.kind, list(source.kinds)),
                np.isin(prepared.kind, list(source.known_from)),
                (prepared.kind == TRANSFERRED) & (prepared.signal == signal.key),
            )
            self._masks[signal.key] = masks
            prepared.rows[signal.key] = _Rows(*(np.flatnonzero(mask) for mask in masks))
        return prepared

    def as_of(self, on: date) -> pd.DataFrame:
        """One row per unit (the frame's units, in order), one float64 column per signal:
        the value as of the end of ``on``; NaN where unknown or not applicable; flags 0/1."""
        values = _compute(self._arrays, self.signals, _day(on), len(self.units))
        frame = pd.DataFrame(values, index=self.units, columns=list(self.signals.keys))
        return self._only_applicable(frame, slice(None))

    def at(self, unit_ids: Sequence[str], days: Sequence[date]) -> pd.DataFrame:
        """The signals of each (unit, date) pair, one row per pair in the given order (for a
        backtest: each assessment's unit as of the day it was made)."""
        positions = self.units.get_indexer(pd.Index(unit_ids))
        if (positions < 0).any():
            raise KeyError("ukendt enhed i forespørgslen")
        on = np.asarray([_day(d) for d in days], dtype=np.int64)
        result = np.full((len(positions), len(self.signals.keys)), np.nan)
        order = np.argsort(on, kind="stable")
        sorted_days = on[order]
        bounds = np.flatnonzero(np.diff(sorted_days)) + 1
        for group in np.split(order, bounds):
            if len(group) == 0:
                continue
            wanted = np.unique(positions[group])
            subset = self._subset(wanted)
            values = _compute(subset, self.signals, int(on[group[0]]), len(wanted))
            result[group] = values[np.searchsorted(wanted, positions[group])]
        frame = pd.DataFrame(result, columns=list(self.signals.keys))
        applies = pd.Index(positions)
        return self._only_applicable(frame, applies)

    def _only_applicable(self, frame: pd.DataFrame, rows: slice | pd.Index) -> pd.DataFrame:
        values = frame.to_numpy(copy=True)
        for column, key in enumerate(frame.columns):
            applies = self._applies[key]
            mask = applies[rows] if isinstance(rows, slice) else applies[rows.to_numpy()]
            values[~mask, column] = np.nan
        return pd.DataFrame(values, index=frame.index, columns=frame.columns)

    def _subset(self, wanted: np.ndarray) -> _Arrays:
        """The arrays of the units at positions ``wanted`` (sorted), renumbered 0…n−1."""
        starts, ends = self._offsets[wanted], self._offsets[wanted + 1]
        lengths = ends - starts
        total = int(lengths.sum())
        first = np.repeat(starts - np.concatenate(([0], np.cumsum(lengths)[:-1])), lengths)
        rows = first + np.arange(total)
        full = self._arrays
        unit = np.repeat(np.arange(len(wanted)), lengths)
        replaced_full = full.replaced[rows]
        # Replacement stays within a unit, so renumber by searching the subset's ids.
        ident = full.ident[rows]
        replaced = np.full(total, -1, dtype=np.int64)
        pointing = replaced_full >= 0
        if pointing.any():
            target_ids = full.ident[replaced_full[pointing]]
            by_id = np.argsort(ident, kind="stable")
            found = np.clip(np.searchsorted(ident[by_id], target_ids), 0, max(total - 1, 0))
            replaced[np.flatnonzero(pointing)] = np.where(
                ident[by_id][found] == target_ids, by_id[found], -1
            )
        subset = _Arrays(
            unit=unit,
            ident=ident,
            concerns=full.concerns[rows],
            received=full.received[rows],
            replaced=replaced,
            withdrawn=full.withdrawn[rows],
            kind=full.kind[rows],
            values={name: column[rows] for name, column in full.values.items()},
            signal=full.signal[rows],
        )
        for key, masks in self._masks.items():
            subset.rows[key] = _Rows(*(np.flatnonzero(mask[rows]) for mask in masks))
        return subset


_FIELD_TYPES = {key: spec.type for key, spec in information_kinds().values.items()}
_NUMERIC_FIELDS = tuple(
    key for key in VALUE_FIELDS if _FIELD_TYPES.get(key) is not ValueType.SIGNAL
)


def _compute(arrays: _Arrays, signals: SignalCatalogue, day: int, n_units: int) -> np.ndarray:
    """Every signal as of ``day`` for units 0…n_units−1: shape (n_units, signals), NaN unknown."""
    held = arrays.received <= day
    replaced = arrays.replaced[held & (arrays.replaced >= 0)]
    held[replaced] = False
    held &= ~arrays.withdrawn
    result = np.full((n_units, len(signals.keys)), np.nan)
    for column, signal in enumerate(signals.signals):
        source = signal.source
        rows = arrays.rows.get(signal.key)
        if source is None or rows is None:
            continue
        start = day - source.window_days

        def windowed(positions: np.ndarray) -> np.ndarray:
            when = arrays.concerns[positions]
            keep = held[positions] & (when > start) & (when <= day)  # noqa: B023
            kept: np.ndarray = positions[keep]
            return kept

        feeding = windowed(rows.feeding)
        carried = windowed(rows.carried)
        vouching = windowed(rows.vouching)
        carried_values = np.nan_to_num(arrays.values["vaerdi"][carried])
        if source.rule is SignalRule.LATEST:
            result[:, column] = _latest(arrays, source.field or "", feeding, carried, n_units)
            continue
        known = _any(arrays.unit[feeding], n_units)
        known |= _any(arrays.unit[carried], n_units)
        known |= _any(arrays.unit[vouching], n_units)
        if source.rule is SignalRule.SUM:
            weights = (
                np.nan_to_num(arrays.values[source.field][feeding], nan=1.0)
                if source.field
                else np.ones(len(feeding))
            )
            own = np.bincount(arrays.unit[feeding], weights=weights, minlength=n_units)
            total = own.astype(np.float64) + np.bincount(
                arrays.unit[carried], weights=carried_values, minlength=n_units
            )
            result[:, column] = np.where(known, total, np.nan)
            continue
        hit = _any(arrays.unit[carried[carried_values > 0]], n_units)
        if source.rule is SignalRule.ANY:
            hit |= _any(arrays.unit[feeding], n_units)
        else:
            started = rows.feeding[held[rows.feeding] & (arrays.concerns[rows.feeding] <= day)]
            end = arrays.values[source.until or ""][started]
            running = np.isnan(end) | (end >= day if source.until_inclusive else end > day)
            active = started[running]
            hit |= _any(arrays.unit[active], n_units)
            known |= _any(arrays.unit[active], n_units)
        result[:, column] = np.where(known, hit.astype(np.float64), np.nan)
    return result


def _any(units: np.ndarray, n_units: int) -> np.ndarray:
    found: np.ndarray = np.bincount(units, minlength=n_units) > 0
    return found


def _latest(
    arrays: _Arrays, name: str, feeding: np.ndarray, carried: np.ndarray, n_units: int
) -> np.ndarray:
    """The value of the latest record per unit (by the date it concerns, then id)."""
    own = arrays.values[name][feeding]
    feeding = feeding[~np.isnan(own)]
    positions = np.concatenate((feeding, carried))
    values = np.concatenate((arrays.values[name][feeding], arrays.values["vaerdi"][carried]))
    result = np.full(n_units, np.nan)
    if len(positions) == 0:
        return result
    order = np.lexsort(
        (arrays.ident[positions], arrays.concerns[positions], arrays.unit[positions])
    )
    units = arrays.unit[positions][order]
    last = np.flatnonzero(np.append(units[1:] != units[:-1], True))
    result[units[last]] = values[order][last]
    return result
