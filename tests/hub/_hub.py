"""The hub deployment (deploy/hub) started for a test or a benchmark, as scripts/hub.sh starts it.

:func:`running_hub` creates a fresh PostgreSQL database, loads a small sample into it with
the command line (as the start script does), starts ``jupyterhub`` with the repository's
configuration on free ports and a state folder of its own, and stops everything and drops
the database afterwards. :class:`TrialHub` is what a test gets: the hub's address, the
service's pages, the trial accounts and their groups, and how to sign one in.

Plain functions, so benchmarks/hub_memory.py uses them outside pytest.
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal
from urllib.parse import quote, urlsplit

from playwright.sync_api import Page
from sqlalchemy import create_engine, make_url, text
from tests._processes import descendants, stop_tree

from tilsynwidgets.domain.access.identity import KEY_ENV, new_key
from tilsynwidgets.hub.accounts import load_accounts
from tilsynwidgets.hub.deployment import HUB_ENV_PREFIX, SERVICE_PREFIX

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy" / "hub"
PROXY = DEPLOY / "node_modules" / ".bin" / "configurable-http-proxy"
BIN = Path(sys.executable).parent

START_TIMEOUT_S = 120.0
STOP_TIMEOUT_S = 60.0
SMALL_SAMPLE = ("--tilbud", "60", "--plejefamilier", "120")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def proxy_missing_reason() -> str | None:
    if os.access(PROXY, os.X_OK):
        return None
    return (
        f"Hub-testene kræver JupyterHubs proxy i {PROXY.parent.parent}. Installér den med "
        "'npm ci --prefix deploy/hub' (scripts/hub.sh gør det)."
    )


Until = Literal["commit", "domcontentloaded", "load", "networkidle"]


@dataclass
class TrialHub:
    """A running hub with the apps' service, trial accounts and a database of its own."""

    process: subprocess.Popen[bytes]
    port: int
    service_port: int
    state_dir: Path
    log_path: Path
    database_url: str
    password: str
    identity_key: str
    """The service's signing key: a test may forge with it, a browser never knows it."""
    users: Mapping[str, tuple[str, ...]]
    """Trial user name → hub groups (deploy/hub/brugere.yaml)."""
    _children: dict[int, int] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def service_url(self, notebook: str = "Forside.ipynb") -> str:
        return f"{self.url.rstrip('/')}{SERVICE_PREFIX}voila/render/{notebook}"

    def user_in(self, group: str) -> str:
        """The first trial user in ``group``."""
        return next(name for name, groups in self.users.items() if group in groups)

    def login(
        self, page: Page, user: str, next_url: str | None = None, wait_until: Until = "load"
    ) -> None:
        """Sign ``user`` in through the hub's login form. Without ``next_url`` the page is
        left where the hub sends them; with it, the login goes on to that page (as a link to
        an app does when one is not signed in), waited for until ``wait_until``."""
        if next_url is None:
            page.goto(f"{self.url}hub/login")
        else:
            page.goto(f"{self.url}hub/login?next={quote(urlsplit(next_url).path)}")
        page.fill("#username_input", user)
        page.fill("#password_input", self.password)
        if next_url is not None:
            page.click("#login_submit", no_wait_after=True)
            page.wait_for_url(next_url, wait_until=wait_until)
            return
        with page.expect_navigation():
            page.click("#login_submit")
        page.wait_for_url(lambda url: "/hub/login" not in url)

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def log_tail(self, lines: int = 60) -> str:
        return "\n".join(self.log().splitlines()[-lines:])

    def processes(self) -> dict[int, str]:
        """pid → command line of the hub and every process below it (proxy, service,
        kernels, JupyterLab servers)."""
        found = {self.process.pid: _cmdline(self.process.pid)}
        for pid in descendants(self.process.pid):
            found[pid] = _cmdline(pid)
        return found

    def remember_children(self) -> None:
        self._children.update(descendants(self.process.pid))


def _cmdline(pid: int) -> str:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return ""
    return raw.replace(b"\0", b" ").decode(errors="replace").strip()


@contextmanager
def fresh_database(server_url: str, prefix: str = "tilsynwidgets_hubtest") -> Iterator[str]:
    """A new, empty PostgreSQL database on the server of ``server_url``, dropped after (its
    connections ended first); ``prefix`` starts its name."""
    server = make_url(server_url).set(drivername="postgresql+psycopg")
    name = f"{prefix}_{secrets.token_hex(6)}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = :name AND pid <> pg_backend_pid()"
                ),
                {"name": name},
            )
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


def _load_sample(env: Mapping[str, str], sample: Sequence[str]) -> None:
    """As scripts/hub.sh: upgrade the store, then load the sample into it (``sample``: the
    command's size options; none for the national portfolio)."""
    cli = str(BIN / "tilsynwidgets")
    as_of = env.get("TILSYNWIDGETS_AS_OF", "")
    dated = ("--dato", as_of) if as_of else ()
    for command in (
        [cli, "opgrader"],
        [cli, "indlaes-eksempel", "--hvis-tom", *sample, *dated],
    ):
        done = subprocess.run(command, env=dict(env), capture_output=True, text=True)
        if done.returncode:
            raise RuntimeError(f"{' '.join(command[1:])} fejlede:\n{done.stderr[-2000:]}")


def _wait_until_running(hub: TrialHub, timeout_s: float) -> None:
    """Until the hub answers and the proxy routes to the service (it answers with a redirect
    to the hub's OAuth for a request without sign-in)."""
    deadline = time.monotonic() + timeout_s
    opener = urllib.request.build_opener(_NoRedirect())
    while True:
        if hub.process.poll() is not None:
            raise RuntimeError(
                f"JupyterHub stoppede under opstarten (kode {hub.process.returncode}). "
                f"Sidste linjer i loggen:\n{hub.log_tail()}"
            )
        with suppress(OSError):
            try:
                opener.open(hub.service_url(), timeout=5)
            except urllib.error.HTTPError as error:
                if error.code == 302 and "oauth2/authorize" in error.headers.get("Location", ""):
                    return
        if time.monotonic() > deadline:
            raise RuntimeError(
                f"Hubben og tjenesten svarede ikke inden for {timeout_s:.0f} s. "
                f"Sidste linjer i loggen:\n{hub.log_tail()}"
            )
        time.sleep(0.25)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def _stop(hub: TrialHub) -> None:
    """SIGTERM lets the hub stop its service, proxy and servers; leftovers are killed."""
    hub.remember_children()
    stop_tree(hub.process, hub._children, STOP_TIMEOUT_S)


@contextmanager
def running_hub(
    work_dir: Path,
    server_url: str,
    env: Mapping[str, str] | None = None,
    sample: Sequence[str] = SMALL_SAMPLE,
) -> Iterator[TrialHub]:
    """The hub deployment on free ports, with a fresh database on ``server_url``'s server
    loaded with the sample (small unless ``sample`` says otherwise), its state in
    ``work_dir``; all stopped and dropped after."""
    base = dict(os.environ if env is None else env)
    for name in list(base):
        if name.startswith(HUB_ENV_PREFIX) or name in (KEY_ENV, "TILSYNWIDGETS_CONFIG"):
            del base[name]
    with fresh_database(server_url) as database_url:
        port, service_port = free_port(), free_port()
        password = secrets.token_urlsafe(12)
        key = new_key()
        hub_env = {
            **base,
            "TILSYNWIDGETS_DATABASE_URL": database_url,
            "TILSYNWIDGETS_DATA_DIR": str(work_dir / "data"),
            f"{HUB_ENV_PREFIX}STATE_DIR": str(work_dir / "tilstand"),
            f"{HUB_ENV_PREFIX}PASSWORD": password,
            f"{HUB_ENV_PREFIX}IP": "127.0.0.1",
            f"{HUB_ENV_PREFIX}PORT": str(port),
            f"{HUB_ENV_PREFIX}API_PORT": str(free_port()),
            f"{HUB_ENV_PREFIX}PROXY_API_PORT": str(free_port()),
            f"{HUB_ENV_PREFIX}SERVICE_PORT": str(service_port),
            KEY_ENV: key,
        }
        _load_sample(hub_env, sample)
        log_path = work_dir / "jupyterhub.log"
        with log_path.open("wb") as log:
            process = subprocess.Popen(
                [str(BIN / "jupyterhub"), "-f", str(DEPLOY / "jupyterhub_config.py")],
                cwd=work_dir,
                env=hub_env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        accounts = load_accounts(DEPLOY / "brugere.yaml")
        hub = TrialHub(
            process=process,
            port=port,
            service_port=service_port,
            state_dir=work_dir / "tilstand",
            log_path=log_path,
            database_url=database_url,
            password=password,
            identity_key=key,
            users=accounts.groups_of(),
        )
        try:
            _wait_until_running(hub, START_TIMEOUT_S)
            yield hub
        finally:
            _stop(hub)
