"""Memory and start time of the apps behind JupyterHub, against a JupyterLab server per user.

Starts the hub deployment as the hub tests do (tests/hub/_hub.py: the real hub, proxy and
Voilà service on a fresh PostgreSQL database, here with the national sample unless told
otherwise), signs trial users in with Chromium and prints:

* the resident memory (RSS, and USS: what the process alone holds) of the hub, the proxy
  and the Voilà service while idle;
* one app kernel per app, each opened by a user whose role opens it, once the app is shown
  and its kernel has gone quiet;
* one idle JupyterLab server (``jupyterhub-singleuser``), the cost per user of the
  alternative where every user has a server of their own;
* the time from the login form's button to the Forside shown, and to the Forside for a
  user already signed in.

    TILSYNWIDGETS_TEST_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test \\
        .venv/bin/python benchmarks/hub_memory.py [--lille]
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import psutil
from playwright.sync_api import Browser, Page, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
# The tests' server and browser helpers are loaded from their files; they import tests._processes.
sys.path.insert(0, str(ROOT))
MB = 1024 * 1024
READY_TIMEOUT_MS = 180_000
QUIET_S = 2.0
ROUNDS = 3

APPS = (  # notebook, the trial user who opens it (their role allows it)
    ("Forside.ipynb", "tf-syd-1"),
    ("Tilsynsfoerende.ipynb", "tf-syd-1"),
    ("Ledelse.ipynb", "leder-national-1"),
    ("Portefoelje.ipynb", "metode-1"),
    ("Kriterier.ipynb", "metode-1"),
    ("Facilitator.ipynb", "underviser-1"),
    ("Deltager.ipynb", "kursus-1"),
)


def _module(relative: str, name: str) -> ModuleType:
    """A test helper module as a plain module (the benchmark runs outside pytest)."""
    path = ROOT / relative
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"{path} kunne ikke indlæses")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@dataclass(frozen=True)
class Memory:
    rss: float
    uss: float

    def __str__(self) -> str:
        return f"RSS {self.rss:6.0f} MB   USS {self.uss:6.0f} MB"


def memory(pid: int) -> Memory:
    info = psutil.Process(pid).memory_full_info()
    return Memory(info.rss / MB, info.uss / MB)


def _find(hub: Any, word: str) -> int:
    processes: dict[int, str] = hub.processes()
    return next(pid for pid, command in processes.items() if word in command)


def _kernels(hub: Any) -> set[int]:
    processes: dict[int, str] = hub.processes()
    return {pid for pid, command in processes.items() if "ipykernel_launcher" in command}


def _wait_quiet(pid: int, timeout_s: float = 120.0) -> None:
    """Until the process has used no CPU for QUIET_S (its cells have run)."""
    process = psutil.Process(pid)
    deadline = time.monotonic() + timeout_s
    last, since = sum(process.cpu_times()[:2]), time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.25)
        now = sum(process.cpu_times()[:2])
        if now - last > 0.02:
            last, since = now, time.monotonic()
        elif time.monotonic() - since >= QUIET_S:
            return


def _shown(page: Page) -> None:
    """Until the page shows its widgets (Voilà's spinner gone, a widget rendered)."""
    page.wait_for_selector(".jupyter-widgets", state="visible", timeout=READY_TIMEOUT_MS)


@contextmanager
def _signed_in(browser: Browser, hub: Any, user: str) -> Iterator[Page]:
    context = browser.new_context(locale="da-DK")
    context.set_default_timeout(READY_TIMEOUT_MS)
    page = context.new_page()
    try:
        hub.login(page, user)
        yield page
    finally:
        page.goto("about:blank")
        context.close()


def time_to_forside(browser: Browser, hub: Any, heading: str) -> tuple[float, float]:
    """Seconds from the login button to the Forside shown; and for a signed-in user."""
    via_login: list[float] = []
    signed_in: list[float] = []
    for _ in range(ROUNDS):
        context = browser.new_context(locale="da-DK")
        context.set_default_timeout(READY_TIMEOUT_MS)
        page = context.new_page()
        page.goto(f"{hub.url}hub/login")
        page.fill("#username_input", "tf-syd-2")
        page.fill("#password_input", hub.password)
        started = time.perf_counter()
        page.click("#login_submit")
        page.locator("h1", has_text=heading).wait_for()
        via_login.append(time.perf_counter() - started)
        again = context.new_page()
        started = time.perf_counter()
        again.goto(hub.service_url("Forside.ipynb"))
        again.locator("h1", has_text=heading).wait_for()
        signed_in.append(time.perf_counter() - started)
        for each in (page, again):
            each.goto("about:blank")
        context.close()
    return statistics.median(via_login), statistics.median(signed_in)


def app_kernels(browser: Browser, hub: Any) -> list[tuple[str, str, Memory]]:
    found = []
    for notebook, user in APPS:
        with _signed_in(browser, hub, user) as page:
            before = _kernels(hub)
            page.goto(hub.service_url(notebook))
            _shown(page)
            new = _kernels(hub) - before
            if len(new) != 1:
                raise RuntimeError(f"{notebook}: ventede én ny kerne, fandt {len(new)}")
            pid = new.pop()
            _wait_quiet(pid)
            found.append((notebook, user, memory(pid)))
    return found


def lab_server(browser: Browser, hub: Any) -> tuple[Memory, float]:
    """An idle JupyterLab server of a methods consultant, and seconds until it was ready."""
    user = "metode-1"
    with _signed_in(browser, hub, user) as page:
        xsrf = next(
            c["value"]
            for c in page.context.cookies()
            if c["name"] == "_xsrf" and c["path"] == "/hub/"
        )
        api = f"{hub.url}hub/api/users/{user}/server"
        started = time.perf_counter()
        answer = page.request.post(api, headers={"X-XSRFToken": xsrf})
        if answer.status not in (201, 202):
            raise RuntimeError(f"JupyterLab-serveren startede ikke: {answer.status}")
        me = f"{hub.url}hub/api/user"
        while not page.request.get(me).json()["servers"][""]["ready"]:
            time.sleep(0.2)
        ready = time.perf_counter() - started
        pid = _find(hub, "jupyterhub-singleuser")
        page.goto(f"{hub.url}user/{user}/lab")
        page.wait_for_selector("#jp-main-dock-panel", timeout=READY_TIMEOUT_MS)
        _wait_quiet(pid)
        used = memory(pid)
        page.goto("about:blank")
        page.request.delete(api, headers={"X-XSRFToken": xsrf})
    return used, ready


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--lille", action="store_true", help="lille eksempel (60 tilbud, 120 plejefamilier)"
    )
    args = parser.parse_args()
    server = os.environ.get("TILSYNWIDGETS_TEST_DATABASE_URL", "").strip()
    if not server:
        raise SystemExit("Sæt TILSYNWIDGETS_TEST_DATABASE_URL til en PostgreSQL-server.")
    hubs = _module("tests/hub/_hub.py", "tilsyn_hub_helpers")
    browser_helpers = _module("tests/browser/conftest.py", "tilsyn_browser_helpers")
    from tilsynwidgets.widgets.landing.page import app_index

    heading = app_index().title
    sample = hubs.SMALL_SAMPLE if args.lille else ()
    with tempfile.TemporaryDirectory(prefix="tilsyn-hub-bench-") as work:
        print("Starter hubben og indlæser eksemplet ...", flush=True)
        with hubs.running_hub(Path(work), server, sample=sample) as hub, sync_playwright() as pw:
            browser = browser_helpers.launch_chromium(pw)
            try:
                _report(hub, browser, heading, args.lille)
            finally:
                browser.close()


def _report(hub: Any, browser: Browser, heading: str, small: bool) -> None:
    line: Callable[[str, Memory], None] = lambda name, m: print(f"  {name:<34} {m}")  # noqa: E731
    sample = "lille eksempel" if small else "nationalt eksempel (2.000 tilbud, 5.300 plejefamilier)"
    print(f"\nHubben med apps'ene, {sample}; {os.cpu_count()} kerner\n")
    print("Uvirksom:")
    for name, word in (
        ("JupyterHub", "bin/jupyterhub -f"),
        ("proxy (configurable-http-proxy)", "configurable-http-proxy"),
        ("Voilà-tjenesten", "-m voila"),
    ):
        line(name, memory(_find(hub, word)))
    via_login, signed_in = time_to_forside(browser, hub, heading)
    print("\nEn kerne pr. app (efter appen er vist og kernen er faldet til ro):")
    kernels = app_kernels(browser, hub)
    for notebook, user, used in kernels:
        line(f"{notebook} ({user})", used)
    lab, ready = lab_server(browser, hub)
    print("\nAlternativet, en server pr. bruger:")
    line("JupyterLab (jupyterhub-singleuser)", lab)
    print(f"  start til klar: {ready:.1f} s (uden kerne; en app-kerne kommer oveni)")
    print(f"\nTid til Forsiden (median af {ROUNDS}):")
    print(f"  fra login-knappen:           {via_login:.1f} s")
    print(f"  allerede logget ind:         {signed_in:.1f} s")


if __name__ == "__main__":
    main()
