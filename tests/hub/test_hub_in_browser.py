"""The apps behind the real hub: sign-in, the viewer's name in the kernel, forged identities,
and who may start a JupyterLab server."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from playwright.sync_api import APIResponse, Page, expect
from tests.hub._hub import TrialHub

from tilsynwidgets.domain.access.identity import IDENTITY_HEADER, new_key, sign_identity

pytestmark = [pytest.mark.postgres, pytest.mark.browser]

FORSIDE_HEADING = "Risikobaseret socialtilsyn"
SPAWN_TIMEOUT_S = 90.0


def _working_as(page: Page) -> str:
    """The inspector's line that says who works in it."""
    line = page.locator("p", has_text="Tilsynsførende:")
    expect(line).to_be_visible()
    return line.inner_text()


def _sign_in_to_forside(hub: TrialHub, page: Page, user: str) -> None:
    """Sign in and wait until the Forside the hub sends one to is shown."""
    hub.login(page, user)
    expect(page).to_have_url(hub.service_url("Forside.ipynb"))
    expect(page.locator("h1", has_text=FORSIDE_HEADING)).to_be_visible()


def test_a_user_signs_in_at_the_hub_and_works_under_their_hub_name(
    hub: TrialHub, hub_pages: Callable[..., Page]
) -> None:
    page = hub_pages()
    user = hub.user_in("tilsynsfoerende-syd")
    _sign_in_to_forside(hub, page, user)
    page.goto(hub.service_url("Tilsynsfoerende.ipynb"))
    assert _working_as(page) == f"Tilsynsførende: {user} (logget ind via JupyterHub)"
    expect(page.get_by_text("lokal-bruger")).to_have_count(0)


def _forgeries(hub: TrialHub) -> dict[str, str]:
    """Header values a browser might send to pass for the national leader."""
    victim = hub.user_in("leder-national")
    groups = hub.users[victim]
    genuine_shape = sign_identity(victim, groups, new_key())
    payload, _, mac = genuine_shape.partition(".")
    return {
        "forkert signatur": f"{payload}.{mac[::-1]}",
        "fremmed nøgle": sign_identity(victim, groups, new_key()),
        # Even a value signed with the service's own key (were it ever to leak) is replaced.
        "tjenestens nøgle": sign_identity(victim, groups, hub.identity_key, datetime.now(UTC)),
    }


@pytest.mark.parametrize("forgery", ["forkert signatur", "fremmed nøgle", "tjenestens nøgle"])
def test_an_identity_header_from_the_browser_is_ignored(
    hub: TrialHub, hub_pages: Callable[..., Page], forgery: str
) -> None:
    page = hub_pages(headers={IDENTITY_HEADER: _forgeries(hub)[forgery]})
    user = hub.user_in("tilsynsfoerende-syd")
    _sign_in_to_forside(hub, page, user)
    page.goto(hub.service_url("Tilsynsfoerende.ipynb"))
    assert _working_as(page) == f"Tilsynsførende: {user} (logget ind via JupyterHub)"
    expect(page.get_by_text(hub.user_in("leder-national"))).to_have_count(0)


def test_without_sign_in_the_apps_send_to_the_hub_login(
    hub: TrialHub, hub_pages: Callable[..., Page]
) -> None:
    page = hub_pages()
    page.goto(hub.service_url("Tilsynsfoerende.ipynb"))
    expect(page).to_have_url(re.compile(r"/hub/login\?next="))
    expect(page.locator("h1")).to_have_text("Log ind")  # the hub's login, in Danish
    expect(page.locator("label[for=username_input]")).to_have_text("Brugernavn:")
    expect(page.get_by_text("Tilsynsførende:")).to_have_count(0)
    # Nor does the service answer its API without sign-in.
    kernels = page.request.get(f"{hub.url}services/tilsyn/api/kernels", max_redirects=0)
    assert kernels.status in (302, 403, 404)
    assert "kernel" not in kernels.text().lower()


def _xsrf(page: Page) -> str:
    cookies = page.context.cookies()
    return next(c["value"] for c in cookies if c["name"] == "_xsrf" and c["path"] == "/hub/")


def _server_request(page: Page, hub: TrialHub, user: str, method: str) -> APIResponse:
    """Ask the hub's REST API, as the signed-in browser, to start or stop ``user``'s server."""
    return page.request.fetch(
        f"{hub.url}hub/api/users/{user}/server",
        method=method,
        headers={"X-XSRFToken": _xsrf(page)},
    )


def test_an_inspector_cannot_start_jupyterlab(
    hub: TrialHub, hub_pages: Callable[..., Page]
) -> None:
    page = hub_pages(expect_errors=True)  # the refusals are HTTP errors
    user = hub.user_in("tilsynsfoerende-syd")
    hub.login(page, user)

    spawn = page.goto(f"{hub.url}hub/spawn")
    assert spawn is not None
    assert spawn.status == 403
    lab = page.goto(f"{hub.url}user/{user}/lab")
    assert lab is not None
    assert lab.status >= 400
    assert "JupyterLab" not in page.title()
    assert _server_request(page, hub, user, "POST").status == 403
    me = page.request.get(f"{hub.url}hub/api/user").json()
    assert me["name"] == user
    assert not me.get("servers")


def test_a_methods_consultant_can_start_jupyterlab(
    hub: TrialHub, hub_pages: Callable[..., Page]
) -> None:
    page = hub_pages(expect_errors=True)  # JupyterLab's own console messages are not ours
    user = hub.user_in("metodekonsulent")
    hub.login(page, user)
    expect(page).to_have_url(f"{hub.url}hub/home")

    started = _server_request(page, hub, user, "POST")
    assert started.status in (201, 202), started.text()
    try:
        deadline = time.monotonic() + SPAWN_TIMEOUT_S
        while not page.request.get(f"{hub.url}hub/api/user").json()["servers"][""]["ready"]:
            assert time.monotonic() < deadline, f"Serveren startede ikke:\n{hub.log_tail()}"
            time.sleep(0.5)
        page.goto(f"{hub.url}user/{user}/lab")
        expect(page).to_have_title(re.compile("JupyterLab"))
    finally:
        page.goto("about:blank")
        _server_request(page, hub, user, "DELETE")
