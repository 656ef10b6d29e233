"""Helpers for the kernel browser tests: a Voilà server with its own kernel limits, and the
kernels it runs, counted as the server knows them and as processes.

Voilà serves no list of kernels, so the ones a server knows are those it logged starting whose
REST model (``GET /api/kernels/<id>``, as the page asks) still answers. Processes are the
server's ``ipykernel`` children (Linux ``/proc``, as conftest.py's clean-up reads).
"""

from __future__ import annotations

import re
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page
from tests.browser.conftest import NOTEBOOKS, PAGE_TIMEOUT_MS, ensure_sample, running_voila

if TYPE_CHECKING:
    from tests.browser.conftest import VoilaServer

IDLE_MINUTES_ENV = "TILSYNWIDGETS_KERNEL_IDLE_MINUTES"
CULL_INTERVAL_ENV = "TILSYNWIDGETS_KERNEL_CULL_INTERVAL_SECONDS"
MAX_KERNELS_ENV = "TILSYNWIDGETS_MAX_KERNELS"


def serve(
    tmp_path_factory: pytest.TempPathFactory,
    name: str,
    environment: dict[str, str],
    extra_args: Sequence[str] = (),
) -> Iterator[VoilaServer]:
    """A module's own server, run as the session's is, with ``environment`` added (the kernel
    limits voila.py reads); for a fixture to ``yield from``."""
    ensure_sample()
    log_path = tmp_path_factory.mktemp(name) / "voila.log"
    with ExitStack() as stack:
        # Only the server's start sees the limits; the session's own server keeps its defaults.
        with pytest.MonkeyPatch.context() as patch:
            for key, value in environment.items():
                patch.setenv(key, value)
            server = stack.enter_context(running_voila(NOTEBOOKS, log_path, extra_args=extra_args))
        yield server


def kernel_processes(server: VoilaServer) -> dict[int, int]:
    """The server's kernel processes: pid -> resident memory in kB."""
    found: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
            cmdline = (stat.parent / "cmdline").read_bytes()
            status = (stat.parent / "status").read_text()
        except OSError:
            continue
        parent = int(text[text.rfind(")") + 2 :].split()[1])
        if parent != server.process.pid or b"ipykernel" not in cmdline:
            continue
        rss = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
        found[int(stat.parent.name)] = int(rss.group(1)) if rss else 0
    return found


def kernel_exists(server: VoilaServer, kernel: str) -> bool:
    """Whether the server still knows the kernel (its REST model, as the page asks)."""
    try:
        with urllib.request.urlopen(f"{server.base_url}api/kernels/{kernel}", timeout=10):
            return True
    except urllib.error.HTTPError as error:
        if error.code == 404:
            return False
        raise


def live_kernels(server: VoilaServer) -> list[str]:
    """The kernels the server still knows: Voilà serves no list, so those it logged starting."""
    started = re.findall(r"Kernel started: ([0-9a-f-]+)", server.log())
    return [kernel for kernel in started if kernel_exists(server, kernel)]


def wait_for_kernels(server: VoilaServer, count: int, timeout_s: float) -> float:
    """Wait until the server knows ``count`` kernels and runs as many kernel processes (a
    kernel's process ends a moment before the server forgets it); the seconds it took."""
    start = time.monotonic()
    while True:
        known, running = len(live_kernels(server)), len(kernel_processes(server))
        if known == running == count:
            return time.monotonic() - start
        if time.monotonic() - start > timeout_s:
            raise AssertionError(
                f"Serveren kender {known} kerner og kører {running} kerneprocesser, ikke "
                f"{count}, efter {timeout_s:.0f} s. Sidste linjer i loggen:\n"
                f"{server.log_tail()}"
            )
        time.sleep(0.2)


def culled(kernel: str, connections: int) -> str:
    """jupyter_server's log line when its culler shuts ``kernel`` down for inactivity."""
    return f"Culling 'idle' kernel 'python3' ({kernel}) with {connections} connections"


def new_context(browser: Browser) -> BrowserContext:
    """A browser context: one person on one machine."""
    context = browser.new_context(locale="da-DK")
    context.set_default_timeout(PAGE_TIMEOUT_MS)
    return context


def open_app(context: BrowserContext, server: VoilaServer, app: str) -> Page:
    page = context.new_page()
    page.goto(server.url(app), wait_until="commit")
    return page


def ready_marker(page: Page, app: str) -> Locator:
    """Something each app shows once its notebook has run."""
    if app == "Portefoelje.ipynb":
        return page.get_by_role("heading", name="Valgte risikokategorier")
    if app == "Ledelse.ipynb":
        return page.get_by_text(re.compile(r"\d+ enheder i udvalget"))
    return page.get_by_role("link", name="Porteføljeoverblik", exact=True)
