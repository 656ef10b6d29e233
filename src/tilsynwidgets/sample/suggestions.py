"""The catalogue's suggestion for a sample unit as of a day, from the information received by
the end of that day — what the supervisor could have seen when assessing it.

All the (unit, day) pairs the history needs are computed at once: the signals with
:class:`InformationFrame` and the criteria with :func:`evaluate_portfolio`, the same
functions the apps and the workshop's backtest use.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from tilsynwidgets.domain.core.signals import SignalCatalogue
from tilsynwidgets.domain.information.as_of import RECORD_COLUMNS, InformationFrame
from tilsynwidgets.domain.risk.assessment import Suggestion
from tilsynwidgets.domain.risk.criteria import CriteriaCatalogue
from tilsynwidgets.domain.risk.evaluation import evaluate_portfolio
from tilsynwidgets.sample.calendar import day_of
from tilsynwidgets.sample.information import SampleInformation

__all__ = ["SuggestionsAsOf"]

_SHIFT = 1_000_000
"""Pairs are keyed unit position × _SHIFT + day number (day numbers stay below it)."""


class SuggestionsAsOf:
    """Suggestions for the given (unit position, day number) pairs of a sample."""

    def __init__(
        self,
        units: pd.DataFrame,
        information: SampleInformation,
        positions: np.ndarray,
        days: np.ndarray,
        catalogue: CriteriaCatalogue,
        signals: SignalCatalogue | None = None,
    ) -> None:
        self._keys = np.unique(np.asarray(positions, np.int64) * _SHIFT + np.asarray(days))
        at_unit, at_day = np.divmod(self._keys, _SHIFT)
        ids = units["id"].to_numpy()
        kinds = units["kind"].to_numpy()
        prepared = InformationFrame(
            information.table.loc[:, list(RECORD_COLUMNS)], pd.Index(ids), list(kinds), signals
        )
        # One pass over the whole portfolio per day: with pairs on most days of the span this
        # is faster than ``InformationFrame.at`` (which gives the same values).
        values = np.full((len(self._keys), len(prepared.signals.keys)), np.nan)
        by_day = np.argsort(at_day, kind="stable")
        bounds = np.flatnonzero(np.diff(at_day[by_day])) + 1
        for rows in np.split(by_day, bounds):
            if len(rows):
                everyone = prepared.as_of(day_of(int(at_day[rows[0]]))).to_numpy()
                values[rows] = everyone[at_unit[rows]]
        self._columns = pd.Index(prepared.signals.keys)
        self._values = values
        frame = pd.DataFrame(values, columns=self._columns)
        frame["kind"] = kinds[at_unit]
        self.evaluation = evaluate_portfolio(frame, catalogue, signals)
        self._criterion_columns = self._columns.get_indexer(
            pd.Index([c.signal for c in catalogue.criteria])
        )
        self._made: dict[tuple[object, ...], Suggestion] = {}

    def __len__(self) -> int:
        return len(self._keys)

    def _row(self, unit: int, day: int) -> int:
        key = unit * _SHIFT + day
        row = int(np.searchsorted(self._keys, key))
        if row >= len(self._keys) or self._keys[row] != key:
            raise KeyError(f"intet forslag beregnet for enhed {unit} pr. dag {day}")
        return row

    def rank(self, unit: int, day: int) -> int:
        """The suggested colour's rank (0 grøn … 2 rød), -1 where too little is known."""
        return int(self.evaluation.ranks[self._row(unit, day)])

    def signals(self, unit: int, day: int) -> pd.Series:
        """The unit's signals as of the day: a float per signal key, NaN where unknown."""
        return pd.Series(self._values[self._row(unit, day)], index=self._columns, copy=False)

    def suggestion(self, unit: int, day: int) -> Suggestion:
        """The full suggestion, reasons included. Suggestions are immutable, so pairs with
        the same criteria fired on the same values and the same unknown signals share one."""
        row = self._row(unit, day)
        evaluation = self.evaluation
        fired = evaluation.fired[row]
        key = (
            fired.tobytes(),
            evaluation.unknown[row].tobytes(),
            int(evaluation.applicable[row]),
            self._values[row, self._criterion_columns[fired]].tobytes(),
        )
        made = self._made.get(key)
        if made is None:
            made = self._made[key] = evaluation.suggestion(row, self.signals(unit, day))
        return made
