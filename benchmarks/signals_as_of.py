"""Benchmark: every risk signal as of a date for 75,000 units over 1,000,000 information
records (10× the national portfolio), vectorised, against the one-unit definition.

Prints the median time of :meth:`InformationFrame.as_of` over repeated dates, the one-off
time to prepare the frame, and the time to compute the same signals unit by unit through
:func:`unit_signals_as_of` (the definition the property tests hold the frame to), with the
ratio, in one run; and checks that both give the same values for every unit.

    .venv/bin/python benchmarks/signals_as_of.py [--units 75000] [--records 1000000]
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import date, timedelta

import numpy as np
import pandas as pd

from _information import as_records, synthetic_portfolio
from tilsynwidgets.domain.core.kinds import UnitKind
from tilsynwidgets.domain.core.signals import signal_catalogue
from tilsynwidgets.domain.information.as_of import InformationFrame, unit_signals_as_of

AS_OF = date(2026, 11, 1)
_COUNTED = (
    "whistleblower",
    "underretning",
    "magtanvendelse",
    "vold_overgreb",
    "klage",
    "bekymring_kommune",
    "lederskifte",
)


def _pandas_counts(records: pd.DataFrame, day: date) -> dict[str, pd.Series]:
    """The nearby pandas way, for comparison: the seven event counts alone, by filtering and
    ``groupby().sum()`` per signal."""
    on = pd.Timestamp(day)
    held = records[records["received_on"] <= on]
    held = held[~held["id"].isin(held["replaces"].dropna()) & ~held["withdrawn"]]
    window = (held["concerns_on"] > on - pd.Timedelta(days=365)) & (held["concerns_on"] <= on)
    return {
        kind: held[window & (held["kind"] == kind)].groupby("unit_id")["antal"].sum()
        for kind in _COUNTED
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=75_000)
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    units, records = synthetic_portfolio(args.units, args.records, AS_OF)
    start = time.perf_counter()
    frame = InformationFrame(records, pd.Index(units["id"]), units["kind"])
    prepared = time.perf_counter() - start

    days = [AS_OF - timedelta(days=30 * n) for n in range(args.repeat)]
    frame.as_of(AS_OF)  # warm-up
    times = []
    for day in days:
        start = time.perf_counter()
        frame.as_of(day)
        times.append(time.perf_counter() - start)
    vectorised = statistics.median(times)
    pandas_times = []
    for day in days[:5]:
        start = time.perf_counter()
        _pandas_counts(records, day)
        pandas_times.append(time.perf_counter() - start)
    pandas_way = statistics.median(pandas_times)

    by_unit = as_records(records)
    kinds = dict(zip(units["id"], units["kind"], strict=True))
    start = time.perf_counter()
    one_by_one = {
        unit: unit_signals_as_of(by_unit.get(unit, []), AS_OF, UnitKind(kinds[unit]))
        for unit in units["id"]
    }
    sequential = time.perf_counter() - start

    found = frame.as_of(AS_OF)
    keys = signal_catalogue().keys
    expected = np.array(
        [
            [float(one_by_one[u][k]) if k in one_by_one[u] else np.nan for k in keys]
            for u in units["id"]
        ]
    )
    same = np.isclose(found.to_numpy(), expected, equal_nan=True).all(axis=1).sum()

    print(f"enheder:                          {len(units):>12,}")
    print(f"oplysninger:                      {len(records):>12,}")
    print(f"forberedelse (én gang):           {prepared * 1000:>9.0f} ms")
    print(f"vektoriseret pr. dato (median af {args.repeat}): {vectorised * 1000:>6.1f} ms")
    print(f"pandas, de 7 tællesignaler alene:  {pandas_way * 1000:>8.0f} ms")
    print(f"én enhed ad gangen (definitionen): {sequential * 1000:>8.0f} ms")
    print(f"forhold:                          {sequential / vectorised:>9.0f}x")
    print(f"samme signaler:                   {same:>12,} af {len(units):,}")
    if same != len(units):
        raise SystemExit("vektoriseret og én ad gangen giver forskellige signaler")


if __name__ == "__main__":
    main()
