"""Browser tests: the apps served by a real Voilà server, driven by headless Chromium.

The server runs as ``make app`` runs it (the ``tilsyn`` template from ``share/jupyter``, its
Voilà configuration, ``notebooks/`` as root), on a free port, against the temporary data
folder the repo-root conftest.py points ``TILSYNWIDGETS_DATA_DIR`` at; the sample portfolio
is loaded there once if the store is empty.

Chromium is Debian's (``/usr/bin/chromium``, or ``TILSYNWIDGETS_CHROMIUM``), driven through
Playwright. Without it the tests are skipped with the reason - except in CI (``CI`` set),
where they fail, so they can never be skipped silently there. ``scripts/test.sh`` installs
Chromium when it is missing.

Every ``page`` fails its test on a console error, an uncaught page error, a failed request or
an HTTP response >= 400, listing them all.

The helpers above the fixtures (``running_voila``, ``launch_chromium``, ``ensure_sample``)
are plain functions so benchmarks/app_startup.py can use them outside pytest.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Playwright,
    Request,
    Response,
)
from tests._processes import descendants, stop_tree

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
JUPYTER_SHARE = ROOT / "share" / "jupyter"
TEMPLATE = "tilsyn"
TEMPLATE_DIR = JUPYTER_SHARE / "voila" / "templates" / TEMPLATE

CHROMIUM_ENV = "TILSYNWIDGETS_CHROMIUM"
DEFAULT_CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags Chromium calls Google and logs the refusals;
# --no-sandbox because CI runs as root; /dev/shm is small in containers.
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-dev-shm-usage",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)

# The date the repo-root conftest.py loads the sample at, so notebook outputs agree.
SAMPLE_AS_OF = date(2026, 11, 1)

SERVER_START_TIMEOUT_S = 120.0
SERVER_STOP_TIMEOUT_S = 30.0
BROWSER_LAUNCH_TIMEOUT_MS = 60_000
# One action or assertion in a page; an app's first render (kernel start, cells run) included.
PAGE_TIMEOUT_MS = 90_000

# Voilà's front end posts a kernel shutdown as a beacon when a page is left; the browser
# reports the beacon as aborted because the page is gone. Only this one is expected.
SHUTDOWN_BEACON = "/voila/api/shutdown/"
LEFT_KERNEL = "Could not send widget sync message"
"""What the browser's widget library logs when a widget changes after its page's kernel has
been shut down (the page is being left)."""


# --- Chromium --------------------------------------------------------------------------


def chromium_path() -> Path:
    return Path(os.environ.get(CHROMIUM_ENV) or DEFAULT_CHROMIUM)


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def chromium_missing_reason() -> str | None:
    path = chromium_path()
    if os.access(path, os.X_OK):
        return None
    return (
        f"Browsertestene kræver Chromium, men {path} findes ikke eller kan ikke køres. "
        f"Installér det med 'apt-get install chromium' (scripts/test.sh gør det som root), "
        f"eller peg {CHROMIUM_ENV} på en Chromium."
    )


def launch_chromium(playwright: Playwright) -> Browser:
    return playwright.chromium.launch(
        executable_path=str(chromium_path()),
        args=list(CHROMIUM_ARGS),
        headless=True,
        timeout=BROWSER_LAUNCH_TIMEOUT_MS,
    )


# --- Data and the Voilà server ---------------------------------------------------------


def ensure_sample(as_of: date = SAMPLE_AS_OF) -> None:
    """Load the sample portfolio into the configured store unless it already holds units."""
    from tilsynwidgets.sample.load import load_sample
    from tilsynwidgets.store.store import Store

    with Store.open() as store:
        store.upgrade()
        if store.is_empty():
            load_sample(store, as_of)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def voila_command(root_dir: Path, port: int, *, template: bool = True) -> list[str]:
    """Voilà as scripts/app.sh starts it (keep the two in step); ``template=False`` for a
    plain Voilà, as someone would start it without the project's template."""
    project = [f"--template={TEMPLATE}", f"--Voila.config_file_paths={TEMPLATE_DIR}"]
    return [
        sys.executable,
        "-m",
        "voila",
        str(root_dir),
        f"--port={port}",
        "--no-browser",
        *(project if template else []),
        "--Voila.ip=127.0.0.1",
        "--Voila.port_retries=0",
    ]


def voila_environment() -> dict[str, str]:
    env = dict(os.environ)
    env["JUPYTER_PATH"] = os.pathsep.join(
        p for p in (str(JUPYTER_SHARE), env.get("JUPYTER_PATH", "")) if p
    )
    return env


@dataclass
class VoilaServer:
    process: subprocess.Popen[bytes]
    port: int
    log_path: Path
    _children: dict[int, int] = field(default_factory=dict)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def url(self, notebook: str) -> str:
        return f"{self.base_url}voila/render/{notebook}"

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log().splitlines()[-lines:])

    def wait_for_log(self, text: str, timeout_s: float) -> None:
        """Wait until the server has logged ``text`` (e.g. ``Kernel shutdown: <id>``)."""
        deadline = time.monotonic() + timeout_s
        while text not in self.log():
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"Voilà skrev ikke {text!r} inden for {timeout_s:.0f} s. "
                    f"Sidste linjer i loggen:\n{self.log_tail()}"
                )
            time.sleep(0.1)

    def remember_children(self) -> None:
        """Note the kernels: they run in sessions of their own, outside the server's group."""
        self._children.update(descendants(self.process.pid))


def _wait_until_answering(server: VoilaServer, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while True:
        if server.process.poll() is not None:
            raise RuntimeError(
                f"Voilà stoppede under opstarten (kode {server.process.returncode}). "
                f"Sidste linjer i loggen:\n{server.log_tail()}"
            )
        try:
            with urllib.request.urlopen(server.base_url, timeout=5) as response:
                if response.status < 500:
                    return
        except urllib.error.HTTPError as error:
            if error.code < 500:
                return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(
                f"Voilà svarede ikke på {server.base_url} inden for {timeout_s:.0f} s. "
                f"Sidste linjer i loggen:\n{server.log_tail()}"
            )
        time.sleep(0.25)


def _stop(server: VoilaServer) -> None:
    """SIGTERM lets Voilà shut its kernels down; whatever is left after the wait is killed."""
    server.remember_children()
    stop_tree(server.process, server._children, SERVER_STOP_TIMEOUT_S)


@contextmanager
def running_voila(
    root_dir: Path,
    log_path: Path,
    *,
    cwd: Path = ROOT,
    env: dict[str, str] | None = None,
    template: bool = True,
    extra_args: Sequence[str] = (),
) -> Iterator[VoilaServer]:
    """A Voilà server on a free port serving ``root_dir``, stopped (with its kernels) after.

    The store is the configured one: set ``TILSYNWIDGETS_DATA_DIR`` before calling (or pass
    the whole environment as ``env``).
    """
    port = free_port()
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [*voila_command(root_dir, port, template=template), *extra_args],
            cwd=cwd,
            env=voila_environment() if env is None else env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = VoilaServer(process, port, log_path)
    try:
        _wait_until_answering(server, SERVER_START_TIMEOUT_S)
        yield server
    finally:
        _stop(server)


# --- Problems a page reports -----------------------------------------------------------


@dataclass
class PageProblems:
    """Console errors, page errors, failed requests and HTTP errors seen by one page."""

    items: list[str] = field(default_factory=list)
    leaving: bool = False
    """Set when the test is over and the page is being left: a request still in flight
    then (the kernel watch's poll, say) is cut off by the browser, which is no error."""
    navigating: bool = False
    """Between a new address asked for (a reload, a link) and the new page loaded: the old
    page's kernel is shut down meanwhile, and a timer widget that ticks then cannot send its
    tick (:data:`LEFT_KERNEL`) – the page is going, which is no error."""

    def watch(self, page: Page) -> None:
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.items.append(f"sidefejl: {error}"))
        page.on("requestfailed", self._request_failed)
        page.on("response", self._response)
        page.on("request", lambda request: self._request(page, request))
        page.on("load", lambda _page: setattr(self, "navigating", False))

    def _request(self, page: Page, request: Request) -> None:
        if request.is_navigation_request() and request.frame == page.main_frame:
            self.navigating = True

    def _console(self, message: ConsoleMessage) -> None:
        if (self.leaving or self.navigating) and message.text.startswith(LEFT_KERNEL):
            return
        if message.type == "error":
            location = message.location
            where = f" ({location.get('url', '')}:{location.get('lineNumber', '')})"
            self.items.append(f"konsolfejl: {message.text}{where}")

    def _request_failed(self, request: Request) -> None:
        failure = request.failure or "ukendt fejl"
        if failure == "net::ERR_ABORTED" and (self.leaving or SHUTDOWN_BEACON in request.url):
            return
        self.items.append(f"mislykket forespørgsel: {request.method} {request.url}: {failure}")

    def _response(self, response: Response) -> None:
        if response.status >= 400:
            request = response.request
            self.items.append(f"HTTP {response.status}: {request.method} {response.url}")

    def report(self) -> str:
        return "Browseren meldte fejl:\n" + "\n".join(f"  - {item}" for item in self.items)


# --- Fixtures --------------------------------------------------------------------------


@pytest.fixture(scope="session")
def voila_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VoilaServer]:
    if not os.environ.get("TILSYNWIDGETS_DATA_DIR"):
        pytest.fail("TILSYNWIDGETS_DATA_DIR er ikke sat (det gør conftest.py i roden).")
    ensure_sample()
    log_path = tmp_path_factory.mktemp("voila") / "voila.log"
    with running_voila(NOTEBOOKS, log_path) as server:
        yield server


@pytest.fixture
def pages(browser: Browser) -> Iterator[Callable[[], Page]]:
    """Open any number of pages, each in its own browser context (as separate people on
    separate machines), each failing the test on a console error or failed request."""
    opened: list[tuple[BrowserContext, Page, PageProblems]] = []

    def new_page() -> Page:
        context = browser.new_context(locale="da-DK")
        context.set_default_timeout(PAGE_TIMEOUT_MS)
        fresh = context.new_page()
        problems = PageProblems()
        problems.watch(fresh)
        opened.append((context, fresh, problems))
        return fresh

    try:
        yield new_page
        for _context, each, problems in opened:
            problems.leaving = True
            each.goto("about:blank")
    finally:
        for context, _page, _problems in opened:
            context.close()
    found = [item for _c, _p, problems in opened for item in problems.items]
    if found:
        pytest.fail(PageProblems(found).report(), pytrace=False)


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh page that fails its test on any console error or failed request."""
    context = browser.new_context(locale="da-DK")
    context.set_default_timeout(PAGE_TIMEOUT_MS)
    opened = context.new_page()
    problems = PageProblems()
    problems.watch(opened)
    try:
        yield opened
        # Leave the page so Voilà's front end asks for its kernel to be shut down.
        problems.leaving = True
        opened.goto("about:blank")
    finally:
        context.close()
    if problems.items:
        pytest.fail(problems.report(), pytrace=False)
