"""Voilà configuration that goes with the tilsyn template.

Loaded by ``--Voila.config_file_paths=<this folder>`` (scripts/app.sh, the browser tests and
benchmarks/app_startup.py).

**The _xsrf cookie.** When a page is left, Voilà's front end asks the server to shut the
page's kernel down with a POST carrying the ``_xsrf`` cookie. A rendered notebook page never
sets that cookie, so the request is refused (403, voila-dashboards/voila#1458), the browser
logs an error and the kernel - with the whole portfolio in memory - keeps running until the
server stops. Reading the handler's ``xsrf_token`` before the page is rendered makes tornado
set the cookie, so the shutdown goes through and XSRF protection stays on.

**Kernels that end.** Every page starts a kernel of 140-200 MB, and a page that is closed
without unloading (a killed browser, a laptop put to sleep, a lost network) never asks for
its shutdown. So:

* jupyter_server's culler shuts down kernels that have been idle for
  ``TILSYNWIDGETS_KERNEL_IDLE_MINUTES`` (default 15), also while a page is still connected:
  an open, forgotten tab holds as much memory as a closed one. A busy kernel is never culled.
  The page notices (static/kernel_watch.js) and tells the user how to continue.
* At most ``TILSYNWIDGETS_MAX_KERNELS`` kernels (default 20) run at once; past that a new
  page gets a Danish refusal (error.html) instead of a kernel.
* Behind JupyterHub, one signed-in person has at most
  ``TILSYNWIDGETS_MAX_KERNELS_PER_PERSON`` pages (default 4) with a kernel at once, so no one
  takes the server's memory from the others; the person is the one the server signed in
  (:mod:`tilsynwidgets.domain.access.identity`), read from each kernel's environment.
* Only a page navigation starts a kernel. An ``<img>``, script or fetch pointing at an app
  gets a refusal before any kernel is started.

Errors in this file make traitlets drop the whole file with only a logged traceback, so a bad
setting stops the server (SystemExit) with a Danish message instead.
"""

from __future__ import annotations

import math
import os
from typing import Any

from tornado.web import HTTPError

from tilsynwidgets.domain.access.identity import (
    IDENTITY_ENV,
    IDENTITY_HEADER,
    KEY_ENV,
    read_identity,
)

IDLE_MINUTES_ENV = "TILSYNWIDGETS_KERNEL_IDLE_MINUTES"
CULL_INTERVAL_ENV = "TILSYNWIDGETS_KERNEL_CULL_INTERVAL_SECONDS"
MAX_KERNELS_ENV = "TILSYNWIDGETS_MAX_KERNELS"
MAX_PER_PERSON_ENV = "TILSYNWIDGETS_MAX_KERNELS_PER_PERSON"

DEFAULT_IDLE_MINUTES = 15.0
DEFAULT_MAX_KERNELS = 20
DEFAULT_MAX_PER_PERSON = 4
# The culler looks at most this often by default; a kernel lives at most the idle time plus
# one interval. Shorter idle times get a quarter of the idle time, so a test can use seconds.
LONGEST_DEFAULT_CULL_INTERVAL_S = 60
# The longest a page waits between asking whether its kernel still exists (kernel_watch.js).
LONGEST_PAGE_CHECK_S = 30

# Sec-Fetch-Dest of a request that shows the page to a person. Browsers send the header only
# to trustworthy origins (https, localhost); see _is_page_navigation for the others.
PAGE_DESTINATIONS = frozenset({"document", "iframe", "frame"})


class TilsynHTTPError(HTTPError):
    """An HTTP error with a Danish explanation that error.html shows to the user."""

    def __init__(self, status_code: int, heading: str, explanation: str) -> None:
        super().__init__(status_code, explanation.replace("%", "%%"))
        self.heading = heading
        self.explanation = explanation


def _setting_error(name: str, raw: str, expected: str) -> SystemExit:
    return SystemExit(
        f"Voilà-konfigurationen i {__file__} kan ikke bruges: miljøvariablen {name}={raw!r} "
        f"skal være {expected}."
    )


def _number_from_env(name: str, default: float, *, whole: bool) -> float:
    """A non-negative number from the environment; empty or unset gives the default."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    expected = "et helt tal ≥ 0" if whole else "et tal ≥ 0 (decimaler med punktum, fx 0.5)"
    try:
        value = int(raw) if whole else float(raw)
    except ValueError:
        raise _setting_error(name, raw, expected) from None
    if not math.isfinite(value) or value < 0:
        raise _setting_error(name, raw, expected)
    return value


IDLE_MINUTES = _number_from_env(IDLE_MINUTES_ENV, DEFAULT_IDLE_MINUTES, whole=False)
IDLE_SECONDS = round(60 * IDLE_MINUTES)
if IDLE_MINUTES and not IDLE_SECONDS:
    raise _setting_error(
        IDLE_MINUTES_ENV, os.environ[IDLE_MINUTES_ENV], "0 eller mindst et sekund (0.02)"
    )
CULL_INTERVAL_S = int(
    _number_from_env(
        CULL_INTERVAL_ENV,
        max(1, min(LONGEST_DEFAULT_CULL_INTERVAL_S, IDLE_SECONDS // 4)),
        whole=True,
    )
)
if not CULL_INTERVAL_S:
    raise _setting_error(CULL_INTERVAL_ENV, os.environ[CULL_INTERVAL_ENV], "et helt tal ≥ 1")
MAX_KERNELS = int(_number_from_env(MAX_KERNELS_ENV, DEFAULT_MAX_KERNELS, whole=True))
MAX_PER_PERSON = int(_number_from_env(MAX_PER_PERSON_ENV, DEFAULT_MAX_PER_PERSON, whole=True))


def _duration_in_danish(seconds: int) -> str:
    if seconds < 60:
        return "1 sekund" if seconds == 1 else f"{seconds} sekunder"
    minutes = round(seconds / 60)
    return "1 minut" if minutes == 1 else f"{minutes} minutter"


NOT_A_PAGE = (
    "Appen kan kun åbnes som en side",
    "Adressen er en app og kan ikke hentes som billede, script eller data. "
    "Åbn den i browserens adresselinje.",
)
TOO_MANY_PAGES = (
    "Der er for mange åbne sider lige nu",
    "Serveren har allerede så mange sider åbne, som den har hukommelse til, så denne side "
    "kan ikke åbnes. Luk sider, du ikke bruger, eller vent lidt, og genindlæs så siden."
    + (
        " Sider, der ikke bliver brugt, lukkes af sig selv efter "
        f"{_duration_in_danish(IDLE_SECONDS)}."
        if IDLE_SECONDS
        else ""
    ),
)


def _too_many_for_one(limit: int) -> tuple[str, str]:
    pages = "1 side" if limit == 1 else f"{limit} sider"
    return (
        "Du har for mange sider åbne",
        f"Du har allerede {pages} med apps'ene åbne, og det er det højeste antal for én "
        "person. Luk en side, du ikke bruger, og genindlæs så denne side.",
    )


def _signed_name(value: str | None) -> str | None:
    """The name in a signed identity that holds under this server's key, else ``None``."""
    key = os.environ.get(KEY_ENV, "")
    if not value or not key:
        return None
    try:
        identity = read_identity(value, key)
    except ValueError:
        return None
    return identity.name if identity is not None else None


def _kernels_of(kernel_manager: Any, name: str) -> int:
    """How many running kernels were started for the person ``name``."""
    count = 0
    for kernel_id in kernel_manager.list_kernel_ids():
        launch = getattr(kernel_manager.get_kernel(kernel_id), "_launch_args", None) or {}
        env = launch.get("env") or {}
        if _signed_name(env.get(IDENTITY_ENV)) == name:
            count += 1
    return count


def _is_page_navigation(headers: Any) -> bool:
    """Whether a request would show the app to a person (and so deserves a kernel).

    Without Sec-Fetch-Dest (plain http to another host) an Accept header that asks for an
    image or a stylesheet but not HTML gives an ``<img>``/``<link>`` away; a script or fetch
    cannot be told from a page there.
    """
    destination = headers.get("Sec-Fetch-Dest", "").strip().lower()
    if destination:
        return destination in PAGE_DESTINATIONS
    accept = headers.get("Accept", "").lower()
    wants_asset = "image/" in accept or "text/css" in accept
    return "text/html" in accept or not wants_asset


def _kernels_running_or_starting(kernel_manager: Any) -> int:
    # A kernel joins list_kernel_ids() only once it is ready; until then it is pending.
    # Nothing yields to the event loop between this hook and the start's registration as
    # pending, so simultaneous requests cannot all slip under the bound.
    ids = set(kernel_manager.list_kernel_ids())
    ids.update(getattr(kernel_manager, "_pending_kernels", {}))
    return len(ids)


def _before_kernel_start(req: Any, notebook: Any, cwd: str) -> None:
    """Voilà's prelaunch hook: runs for every page request, before its kernel starts."""
    if not _is_page_navigation(req.request.headers):
        raise TilsynHTTPError(403, *NOT_A_PAGE)
    if MAX_KERNELS and _kernels_running_or_starting(req.kernel_manager) >= MAX_KERNELS:
        raise TilsynHTTPError(503, *TOO_MANY_PAGES)
    name = _signed_name(req.request.headers.get(IDENTITY_HEADER))
    if MAX_PER_PERSON and name and _kernels_of(req.kernel_manager, name) >= MAX_PER_PERSON:
        raise TilsynHTTPError(429, *_too_many_for_one(MAX_PER_PERSON))
    req.xsrf_token  # noqa: B018 - reading the token sets the _xsrf cookie


def _add_kernel_watch(page_config: dict[str, Any], **_: Any) -> dict[str, Any]:
    """Tell the page how often to ask whether its kernel still exists (kernel_watch.js)."""
    check = CULL_INTERVAL_S if IDLE_SECONDS else LONGEST_PAGE_CHECK_S
    page_config["tilsynKernelCheckSeconds"] = max(1, min(LONGEST_PAGE_CHECK_S, check))
    return page_config


c = get_config()  # type: ignore[name-defined]  # noqa: F821
c.VoilaConfiguration.prelaunch_hook = _before_kernel_start
c.VoilaConfiguration.page_config_hook = _add_kernel_watch
# The JupyterLab-based directory page starts the widget extensions without a kernel and
# logs errors (404 on /api/kernels, "failed to activate"); the jinja page (tree.html in the
# tilsyn template) is plain HTML.
c.VoilaConfiguration.classic_tree = True

# 0 turns culling off (jupyter_server's own meaning of 0).
c.MappingKernelManager.cull_idle_timeout = IDLE_SECONDS
c.MappingKernelManager.cull_interval = CULL_INTERVAL_S
c.MappingKernelManager.cull_connected = True
c.MappingKernelManager.cull_busy = False
