"""Voilà configuration that goes with the tilsyn template.

Loaded by ``--Voila.config_file_paths=<this folder>`` (scripts/app.sh, the browser tests and
benchmarks/app_startup.py).

When a page is left, Voilà's front end asks the server to shut the page's kernel down with a
POST carrying the ``_xsrf`` cookie. A rendered notebook page never sets that cookie, so the
request is refused (403, voila-dashboards/voila#1458), the browser logs an error and the
kernel - with the whole portfolio in memory - keeps running until the server stops. Reading
the handler's ``xsrf_token`` before the page is rendered makes tornado set the cookie, so
the shutdown goes through and XSRF protection stays on.
"""

from __future__ import annotations

from typing import Any


def _set_xsrf_cookie(req: Any, notebook: Any, cwd: str) -> None:
    req.xsrf_token  # noqa: B018 - reading the token sets the _xsrf cookie


c = get_config()  # type: ignore[name-defined]  # noqa: F821
c.VoilaConfiguration.prelaunch_hook = _set_xsrf_cookie
# The JupyterLab-based directory page starts the widget extensions without a kernel and
# logs errors (404 on /api/kernels, "failed to activate"); the jinja page (tree.html in the
# tilsyn template) is plain HTML.
c.VoilaConfiguration.classic_tree = True
