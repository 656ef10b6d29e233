"""Benchmark: the reconsideration queue for the national portfolio.

The queue as the apps compute it after each decision: every unit's signals as of today
from its information, the catalogue's suggestion for each, and the units whose information
since their latest assessment requires a decision or moves the suggestion
(:func:`portfolio_queue`). Against the same queue computed unit by unit through the domain's
definitions (:func:`unit_signals_as_of`, :func:`suggest_category`), in one run; both must name
the same units.

    .venv/bin/python benchmarks/reconsideration_queue.py [--units 7300] [--records 150000]
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import UTC, date, datetime, timedelta

import numpy as np
import pandas as pd

from _information import as_records, synthetic_portfolio
from tilsynwidgets.domain.core.kinds import UnitKind
from tilsynwidgets.domain.information.as_of import TRANSFERRED, InformationFrame, unit_signals_as_of
from tilsynwidgets.domain.information.kinds import information_kinds
from tilsynwidgets.domain.information.queue import portfolio_queue
from tilsynwidgets.domain.information.records import effective_records
from tilsynwidgets.domain.risk.criteria import default_catalogue, suggest_category

TODAY = date(2026, 11, 1)


def _assessments(ids: pd.Series, rng: np.random.Generator) -> pd.DataFrame:
    """Four assessments per unit over two years, the latest 20–200 days ago."""
    rows = []
    for unit in ids:
        latest = TODAY - timedelta(days=int(rng.integers(20, 200)))
        for n in range(4):
            at = datetime.combine(latest - timedelta(days=180 * n), datetime.min.time(), UTC)
            rows.append((unit, at + timedelta(hours=12), rng.choice(["groen", "groen", "gul"])))
    return pd.DataFrame(rows, columns=["unit_id", "assessed_at", "suggested"])


def _one_by_one(units: pd.DataFrame, records: pd.DataFrame, assessments: pd.DataFrame) -> set[str]:
    catalogue = default_catalogue()
    deciding = information_kinds().requiring_decision()
    latest = assessments.sort_values("assessed_at").groupby("unit_id").tail(1).set_index("unit_id")
    by_unit = as_records(records)
    registered = dict(zip(records["id"], records["registered_at"], strict=True))
    waiting = set()
    for unit, kind in zip(units["id"], units["kind"], strict=True):
        own = by_unit.get(unit, [])
        held = effective_records(own, TODAY)
        since = latest.at[unit, "assessed_at"]
        pending = [
            r for r in held if r.information.kind != TRANSFERRED and registered[r.id] > since
        ]
        if not pending:
            continue
        signals = unit_signals_as_of(own, TODAY, UnitKind(kind))
        now = suggest_category(signals, catalogue, UnitKind(kind)).category
        then = latest.at[unit, "suggested"]
        moved = (now.value if now else None) != then
        if moved or any(r.information.kind in deciding for r in pending):
            waiting.add(unit)
    return waiting


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=7_300)
    parser.add_argument("--records", type=int, default=150_000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    rng = np.random.default_rng(7)
    units, records = synthetic_portfolio(args.units, args.records, TODAY)
    assessments = _assessments(units["id"], rng)
    frame = InformationFrame(records, pd.Index(units["id"]), units["kind"])
    catalogue = default_catalogue()

    portfolio_queue(frame, records, assessments, catalogue, TODAY)  # warm-up
    times = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        queue = portfolio_queue(frame, records, assessments, catalogue, TODAY)
        times.append(time.perf_counter() - start)
    vectorised = statistics.median(times)

    start = time.perf_counter()
    expected = _one_by_one(units, records, assessments)
    sequential = time.perf_counter() - start

    print(f"enheder:                          {len(units):>10,}")
    print(f"oplysninger:                      {len(records):>10,}")
    print(f"vurderinger:                      {len(assessments):>10,}")
    print(f"på køen:                          {len(queue):>10,}")
    print(f"køen (median af {args.repeat}):              {vectorised * 1000:>7.1f} ms")
    print(f"én enhed ad gangen:               {sequential * 1000:>7.0f} ms")
    print(f"forhold:                          {sequential / vectorised:>7.0f}x")
    if set(queue["unit_id"]) != expected:
        raise SystemExit("køen og én ad gangen nævner forskellige enheder")
    print("samme enheder på køen:            ja")


if __name__ == "__main__":
    main()
