"""Benchmark: from choosing a unit in the inspector's app until its suggestion is shown.

Runs the app headless on the national sample (SQLite, 7,300 units with history) and times
``picker.results.value = unit`` until the suggestion, forms, checklist and history are
updated, for units picked at random. Prints the median and 95th percentile, and, measured
in the same run, the baseline of setting a single widget's value.

    python benchmarks/unit_change.py [--units 60]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time

import ipywidgets as widgets
import numpy as np

from tilsynwidgets import apps
from tilsynwidgets.sample.load import REFERENCE_DATE, load_sample
from tilsynwidgets.store.store import Store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=60)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tilsynwidgets-bench-") as folder:
        os.environ["TILSYNWIDGETS_DATA_DIR"] = folder
        os.environ.pop("TILSYNWIDGETS_DATABASE_URL", None)
        with Store.open() as store:
            load_sample(store, REFERENCE_DATE)
        app = apps.inspector()
        ids = list(app.picker.units["id"])
        rng = np.random.default_rng(1)
        chosen = [str(i) for i in rng.choice(ids, size=args.units, replace=False)]
        app.picker.results.options = [(i, i) for i in chosen]  # all reachable in the list
        app.picker.results.value = chosen[0]  # warm-up
        times = []
        for unit_id in chosen[1:]:
            start = time.perf_counter()
            app.picker.results.value = unit_id
            times.append(time.perf_counter() - start)
            assert f"({unit_id})" in app.details.value
            assert "Foreslået kategori" in app.suggestion.value
        baseline_widget = widgets.HTML()
        baseline = []
        for n in range(200):
            start = time.perf_counter()
            baseline_widget.value = f"<p>{n}</p>"
            baseline.append(time.perf_counter() - start)
        app.store.close()
    median = statistics.median(times)
    p95 = float(np.percentile(times, 95))
    one = statistics.median(baseline)
    print(f"enhedsskift (median af {len(times)}):  {median * 1000:7.1f} ms   (mål ≤ 100 ms)")
    print(f"enhedsskift (95. percentil):        {p95 * 1000:7.1f} ms")
    print(f"én widgetværdi sat (median):        {one * 1000:7.3f} ms")
    print(f"forhold:                            {median / one:7.0f}x")


if __name__ == "__main__":
    main()
