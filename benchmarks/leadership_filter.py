"""Benchmark: a filter change in the leadership review until every figure is redrawn.

Runs the app headless on the national sample (SQLite, 7,300 units with history) and times
``app.socialtilsyn.value = ...`` through a cycle of every socialtilsyn and "" (Alle), until
the colours, quarters, movements, visits, support, resources, automatism and drill-down
are redrawn (with the drill-down's colour section chosen, so its figures are recomputed
too). Prints the median and 95th percentile (overall and for "Alle"), and, measured in the
same run, the baseline of setting a single widget's value. Issue 4: ≤ 200 ms.

    python benchmarks/leadership_filter.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

from _common import one_widget_value_median, sample_store_configured
from tilsynwidgets import apps
from tilsynwidgets.sample.load import REFERENCE_DATE


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5, help="gennemløb af alle værdier")
    args = parser.parse_args()
    with sample_store_configured():
        app = apps.leadership(as_of=REFERENCE_DATE)
        app.drilldown.section.label = "Risikokategorier præ og post"
        values = [value for _, value in app.socialtilsyn.options if value] + [""]
        app.socialtilsyn.value = values[0]  # warm-up
        times: list[float] = []
        everything: list[float] = []
        for _ in range(args.rounds):
            for value in values:
                if app.socialtilsyn.value == value:
                    continue
                start = time.perf_counter()
                app.socialtilsyn.value = value
                elapsed = time.perf_counter() - start
                times.append(elapsed)
                if not value:
                    everything.append(elapsed)
                assert app.view.filters.socialtilsyn == ({value} if value else None)
                assert "enheder i udvalget" in app.stamp.value
                assert app.drilldown.figure_names
        one = one_widget_value_median()
        app.store.close()
    median = statistics.median(times)
    p95 = float(np.percentile(times, 95))
    print(f"filterskift (median af {len(times)}):    {median * 1000:7.1f} ms   (mål ≤ 200 ms)")
    print(f"filterskift (95. percentil):       {p95 * 1000:7.1f} ms")
    print(
        f"filterskift til Alle (median af {len(everything)}): "
        f"{statistics.median(everything) * 1000:7.1f} ms"
    )
    print(f"én widgetværdi sat (median):       {one * 1000:7.3f} ms")
    print(f"forhold:                           {median / one:7.0f}x")


if __name__ == "__main__":
    main()
