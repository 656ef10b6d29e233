"""Benchmark: the criteria catalogue over 75,000 units (10× the national portfolio).

Prints the vectorised evaluation time (median of repeated runs), its peak memory, and the
ratio to evaluating the same units one by one through the pydantic models, in one run.

    python benchmarks/catalogue_evaluation.py [--units 75000] [--repeat 30]
"""

from __future__ import annotations

import argparse
import statistics
import time
import tracemalloc
from datetime import date

from tilsynwidgets.domain.risk.criteria import default_catalogue, suggest_category
from tilsynwidgets.domain.risk.evaluation import evaluate_portfolio
from tilsynwidgets.sample.units import generate_units_frame, units_from_frame


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=75_000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()

    catalogue = default_catalogue()
    n_tilbud = round(args.units * 2000 / 7300)
    frame = generate_units_frame(
        2022, date(2026, 11, 1), n_tilbud=n_tilbud, n_plejefamilier=args.units - n_tilbud
    )
    units = units_from_frame(frame, snapshot=True)

    evaluate_portfolio(frame, catalogue)  # warm-up: imports, caches
    times = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        evaluation = evaluate_portfolio(frame, catalogue)
        _ = evaluation.categories
        times.append(time.perf_counter() - start)
    vectorised = statistics.median(times)

    tracemalloc.start()
    evaluate_portfolio(frame, catalogue).categories  # noqa: B018 - measured for memory
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    start = time.perf_counter()
    one_by_one = [suggest_category(unit.signals, catalogue, unit.kind).category for unit in units]
    sequential = time.perf_counter() - start

    vectorised_codes = evaluation.categories.astype(object).where(evaluation.categories.notna())
    agree = sum(
        (a.value if a else None) == (b if isinstance(b, str) else None)
        for a, b in zip(one_by_one, vectorised_codes, strict=True)
    )
    print(f"enheder:                      {len(frame):>10,}")
    print(f"kriterier:                    {len(catalogue.criteria):>10}")
    print(f"vektoriseret (median af {args.repeat}):  {vectorised * 1000:>8.1f} ms")
    print(f"spidsforbrug af hukommelse:   {peak / 2**20:>8.1f} MiB")
    print(f"én ad gangen (pydantic):      {sequential * 1000:>8.1f} ms")
    print(f"forhold:                      {sequential / vectorised:>8.0f}x")
    print(f"samme forslag:                {agree:>10,} af {len(units):,}")
    if agree != len(units):
        raise SystemExit("vektoriseret og én-ad-gangen giver forskellige forslag")


if __name__ == "__main__":
    main()
