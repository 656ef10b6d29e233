"""Benchmark: from choosing a unit in the inspector's app until its suggestion is shown.

Runs the app headless on the national sample (SQLite, 7,300 units with history) and times
``picker.results.value = unit`` until the suggestion, forms, checklist and history are
updated, for units picked at random. Prints the median and 95th percentile, and, measured
in the same run, the baseline of setting a single widget's value.

    python benchmarks/unit_change.py [--units 60]
    python benchmarks/unit_change.py --browser [--units 20]

With ``--browser`` the same is measured as a user sees it: the app served by Voilà, and in
Chromium the time from selecting the unit in the list until its name and the suggestion are
on the screen (kernel round trip and rendering included).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType

import numpy as np

from _common import one_widget_value_median, sample_store_configured
from tilsynwidgets import apps
from tilsynwidgets.store.store import Store

ROOT = Path(__file__).resolve().parents[1]


# Timed in the page, not by polling from outside: from the list's change event until the
# unit's heading (its id) is on the screen together with the card's standing (category and
# plan in force) and the suggestion.
_WATCH = """(id) => {
  window.__tw = {start: null, end: null};
  document.addEventListener("change", () => { window.__tw.start = performance.now(); },
                            {capture: true, once: true});
  const shown = () => [...document.querySelectorAll("h3")]
      .some((h) => h.textContent.includes("(" + id + ")"))
    && document.body.textContent.includes("Kategori i kraft")
    && document.body.textContent.includes("Katalogets forslag");
  const observer = new MutationObserver(() => {
    if (window.__tw.start !== null && shown()) {
      window.__tw.end = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(document.body, {subtree: true, childList: true, characterData: true});
}"""


def browser_latencies(count: int) -> list[float]:
    """Select ``count`` units in the served app and time each until its suggestion shows."""
    startup = _load("app_startup", Path(__file__).with_name("app_startup.py"))
    helpers = startup.browser_helpers()
    missing = helpers.chromium_missing_reason()
    if missing:
        raise SystemExit(missing)
    from playwright.sync_api import sync_playwright

    times: list[float] = []
    with tempfile.TemporaryDirectory(prefix="tilsynwidgets-bench-") as tmp:
        folder = Path(tmp)
        os.environ["TILSYNWIDGETS_DATA_DIR"] = str(folder / "data")
        os.environ.pop("TILSYNWIDGETS_DATABASE_URL", None)
        helpers.ensure_sample()
        with Store.open() as store:
            ids = list(store.units_frame()["id"])
        chosen = [str(i) for i in np.random.default_rng(1).choice(ids, count + 1, replace=False)]
        with (
            helpers.running_voila(ROOT / "notebooks", folder / "voila.log") as server,
            sync_playwright() as playwright,
        ):
            browser = helpers.launch_chromium(playwright)
            try:
                page = browser.new_page()
                page.set_default_timeout(helpers.PAGE_TIMEOUT_MS)
                page.goto(server.url("Tilsynsfoerende.ipynb"))
                page.get_by_text("enheder fundet").wait_for()
                for n, unit_id in enumerate(chosen):
                    page.get_by_label("Søg", exact=True).fill(unit_id)
                    listing = page.get_by_label("Enheder", exact=True)
                    # An option's value is its label, e.g. "● T-00003 – Boligerne ...".
                    option = listing.locator(f'option[value*=" {unit_id} – "]').first
                    option.wait_for(state="attached")
                    label = option.get_attribute("value") or ""
                    page.evaluate(_WATCH, unit_id)
                    listing.select_option(value=label)
                    page.wait_for_function("() => window.__tw.end !== null")
                    elapsed_ms = page.evaluate("() => window.__tw.end - window.__tw.start")
                    if n:  # the first choice also builds the forms
                        times.append(elapsed_ms / 1000)
            finally:
                browser.close()
    return times


def _load(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"{path} kunne ikke indlæses")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=60)
    parser.add_argument("--browser", action="store_true", help="mål i Chromium via Voilà")
    args = parser.parse_args()
    if args.browser:
        times = browser_latencies(args.units)
        print(
            f"enhedsskift i browseren (median af {len(times)}): "
            f"{statistics.median(times) * 1000:7.1f} ms   (mål ≤ 100 ms)"
        )
        print(
            f"enhedsskift i browseren (95. percentil):  "
            f"{float(np.percentile(times, 95)) * 1000:7.1f} ms"
        )
        return
    with sample_store_configured():
        app = apps.inspector()
        ids = list(app.picker.units["id"])
        rng = np.random.default_rng(1)
        chosen = [str(i) for i in rng.choice(ids, size=args.units, replace=False)]
        times = []
        for position, unit_id in enumerate(chosen):
            app.picker.search.value = unit_id  # the unit is listed (not timed)
            start = time.perf_counter()
            app.picker.results.value = unit_id  # as a click in the list
            if position:  # the first is a warm-up
                times.append(time.perf_counter() - start)
            assert f"({unit_id})" in app.details.value
            assert "Katalogets forslag" in app.assessment.suggestion_box.value
        one = one_widget_value_median()
        app.store.close()
    median = statistics.median(times)
    p95 = float(np.percentile(times, 95))
    print(f"enhedsskift (median af {len(times)}):  {median * 1000:7.1f} ms   (mål ≤ 100 ms)")
    print(f"enhedsskift (95. percentil):        {p95 * 1000:7.1f} ms")
    print(f"én widgetværdi sat (median):        {one * 1000:7.3f} ms")
    print(f"forhold:                            {median / one:7.0f}x")


if __name__ == "__main__":
    main()
