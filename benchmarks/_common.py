"""Shared by the in-kernel benchmarks: the reference sample in a temporary store, and the
baseline of setting one widget value."""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager

import ipywidgets as widgets

from tilsynwidgets.sample.load import REFERENCE_DATE, load_sample
from tilsynwidgets.store.store import Store


@contextmanager
def sample_store_configured() -> Iterator[str]:
    """Point the configuration at a temporary folder holding the reference sample."""
    with tempfile.TemporaryDirectory(prefix="tilsynwidgets-bench-") as folder:
        os.environ["TILSYNWIDGETS_DATA_DIR"] = folder
        os.environ.pop("TILSYNWIDGETS_DATABASE_URL", None)
        with Store.open() as store:
            store.upgrade()
            load_sample(store, REFERENCE_DATE)
        yield folder


def one_widget_value_median(repeat: int = 200) -> float:
    """Median seconds to set one HTML widget's value: the floor any redraw stands on."""
    widget = widgets.HTML()
    times = []
    for n in range(repeat):
        start = time.perf_counter()
        widget.value = f"<p>{n}</p>"
        times.append(time.perf_counter() - start)
    return statistics.median(times)
