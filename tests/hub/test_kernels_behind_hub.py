"""A page's kernel behind the hub: the page that is left shuts it down, as without the hub
(the shutdown and the kernel watch pass the hub's sign-in with the page's _xsrf token)."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import Page, expect
from tests.hub._hub import TrialHub
from tests.hub.conftest import PageOpener

pytestmark = [pytest.mark.postgres, pytest.mark.browser]

SHUTDOWN_WITHIN_S = 30.0


def _kernel_id(page: Page) -> str:
    found = re.search(r'"kernelId":\s*"([0-9a-f-]{36})"', page.content())
    assert found is not None, "siden nævner ingen kerne"
    return found.group(1)


def test_a_page_left_behind_the_hub_shuts_its_kernel_down(
    hub: TrialHub, hub_pages: PageOpener
) -> None:
    page = hub_pages()
    hub.login(page, hub.user_in("tilsynsfoerende-syd"))
    expect(page.get_by_text("Logget ind som")).to_be_visible()
    kernel = _kernel_id(page)
    assert f"Kernel started: {kernel}" in hub.log()
    status = page.evaluate(
        """async (id) => {
            const token = (document.cookie.match(/(?:^|;\\s*)_xsrf=([^;]*)/) || [])[1] || "";
            const response = await fetch(`api/kernels/${id}`.replace(/^/, "../../"), {
                credentials: "same-origin",
                headers: {Accept: "application/json", "X-XSRFToken": decodeURIComponent(token)},
            });
            return response.status;
        }""",
        kernel,
    )
    assert status == 200  # what the kernel watch asks, as it asks it
    hub_pages.leave(page)
    deadline = time.monotonic() + SHUTDOWN_WITHIN_S
    while f"Kernel shutdown: {kernel}" not in hub.log():
        assert time.monotonic() < deadline, hub.log_tail()
        time.sleep(0.5)
