"""How long an app takes to become usable in the browser, against a one-widget baseline.

One Voilà server is started as ``make app`` starts it (the ``tilsyn`` template, the sample
portfolio in a temporary data folder, a copy of ``notebooks/`` plus a one-widget baseline
notebook), and one headless Chromium measures, for each app, the time from navigation until
the app's ready selector - an element only its rendered widget has - is visible. Each
measurement is a fresh browser context (cold cache, new kernel); after a warm-up round the
apps are measured in turns, and the medians and their ratio to the baseline are printed.

    .venv/bin/python benchmarks/app_startup.py [--repeat 7]

Needs Chromium (``/usr/bin/chromium`` or ``TILSYNWIDGETS_CHROMIUM``). The server and browser
helpers are shared with the browser tests (``tests/browser/conftest.py``).

To measure another app, add an ``App(notebook, ready_selector)`` to ``APPS``.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Protocol

from playwright.sync_api import Browser, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
# The tests' server and browser helpers are loaded from their files; they import tests._processes.
sys.path.insert(0, str(ROOT))
KERNEL_ID = "JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"
SHUTDOWN_TIMEOUT_S = 30.0


@dataclass(frozen=True)
class App:
    """A notebook and a selector that only matches once its widget is rendered."""

    notebook: str
    ready: str


class Server(Protocol):
    def url(self, notebook: str) -> str: ...

    def wait_for_log(self, text: str, timeout_s: float) -> None: ...


BASELINE = App("Ping.ipynb", ".tilsyn-ping")
APPS = (
    App("Portefoelje.ipynb", '.widget-toggle-button:text-is("Type")'),
    App("Tilsynsfoerende.ipynb", "text=enheder fundet"),
    App("Ledelse.ipynb", "text=enheder i udvalget"),
)

BASELINE_SOURCE = """import ipywidgets as widgets

ping = widgets.Button(description="Ping")
ping.add_class("tilsyn-ping")
ping"""


def browser_helpers() -> ModuleType:
    """tests/browser/conftest.py as a plain module: Voilà and Chromium the tests' way."""
    path = ROOT / "tests" / "browser" / "conftest.py"
    spec = importlib.util.spec_from_file_location("tilsyn_browser_helpers", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"{path} kunne ikke indlæses")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module


def write_baseline(folder: Path) -> None:
    notebook = {
        "cells": [
            {
                "cell_type": "code",
                "execution_count": None,
                "id": "ping",
                "metadata": {},
                "outputs": [],
                "source": BASELINE_SOURCE.splitlines(keepends=True),
            }
        ],
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    (folder / BASELINE.notebook).write_text(json.dumps(notebook, indent=1), encoding="utf-8")


def time_to_interactive(browser: Browser, server: Server, app: App, helpers: ModuleType) -> float:
    """Seconds from navigation until ``app.ready`` is visible, in a fresh context.

    The page is then left, and the kernel's shutdown awaited, so runs do not pile up kernels.
    Raises if the page reported a console error or a failed request.
    """
    context = browser.new_context(locale="da-DK")
    context.set_default_timeout(helpers.PAGE_TIMEOUT_MS)
    try:
        page = context.new_page()
        problems = helpers.PageProblems()
        problems.watch(page)
        start = time.perf_counter()
        page.goto(server.url(app.notebook), wait_until="commit")
        page.locator(app.ready).first.wait_for(state="visible")
        elapsed = time.perf_counter() - start
        kernel = page.evaluate(KERNEL_ID)
        page.goto("about:blank")
        server.wait_for_log(f"Kernel shutdown: {kernel}", SHUTDOWN_TIMEOUT_S)
    finally:
        context.close()
    if problems.items:
        raise RuntimeError(f"{app.notebook}: {problems.report()}")
    return elapsed


def measure(
    browser: Browser, server: Server, apps: tuple[App, ...], repeats: int, helpers: ModuleType
) -> dict[str, list[float]]:
    """One warm-up per app, then ``repeats`` rounds taking the apps in turn."""
    for app in apps:
        time_to_interactive(browser, server, app, helpers)
    times: dict[str, list[float]] = {app.notebook: [] for app in apps}
    for round_ in range(1, repeats + 1):
        for app in apps:
            times[app.notebook].append(time_to_interactive(browser, server, app, helpers))
        print(f"  runde {round_}/{repeats}", file=sys.stderr)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="målinger pr. app (mindst 5)")
    args = parser.parse_args(argv)
    if args.repeat < 5:
        parser.error("--repeat skal være mindst 5")

    helpers = browser_helpers()
    missing = helpers.chromium_missing_reason()
    if missing:
        print(missing, file=sys.stderr)
        return 2

    apps = (BASELINE, *APPS)
    with tempfile.TemporaryDirectory(prefix="tilsynwidgets-bench-") as tmp:
        folder = Path(tmp)
        for name in ("TILSYNWIDGETS_DATABASE_URL", "TILSYNWIDGETS_CONFIG"):
            os.environ.pop(name, None)
        os.environ["TILSYNWIDGETS_DATA_DIR"] = str(folder / "data")
        print("Indlæser eksempelporteføljen i et midlertidigt lager ...", file=sys.stderr)
        helpers.ensure_sample()
        notebooks = folder / "notebooks"
        shutil.copytree(ROOT / "notebooks", notebooks)
        write_baseline(notebooks)

        with (
            helpers.running_voila(notebooks, folder / "voila.log") as server,
            sync_playwright() as playwright,
        ):
            browser = helpers.launch_chromium(playwright)
            try:
                print(f"Måler {args.repeat} gange pr. app ...", file=sys.stderr)
                times = measure(browser, server, apps, args.repeat, helpers)
                version = browser.version
            finally:
                browser.close()

    baseline = statistics.median(times[BASELINE.notebook])
    print(f"\nTid fra navigation til interaktiv app (Chromium {version}), median af {args.repeat}:")
    for app in apps:
        runs = times[app.notebook]
        median = statistics.median(runs)
        spread = f"{min(runs):.2f}–{max(runs):.2f} s"
        ratio = "" if app is BASELINE else f"  {median / baseline:.1f}× grundlinjen"
        print(f"  {app.notebook:<22} {median:6.2f} s  (spænd {spread}){ratio}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
