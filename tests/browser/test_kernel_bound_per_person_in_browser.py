"""Behind JupyterHub one person has at most a few pages with a kernel at once.

The server here is started as the hub's service starts it as far as the bound is concerned:
it holds a signing key and hands the identity header to the kernels. The pages send a header
signed with that key, as the hub's identity provider writes it (tests/hub proves that the
provider writes it and drops a browser's own).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Browser, BrowserContext, expect
from tests.browser._kernels import IDLE_MINUTES_ENV, MAX_KERNELS_ENV, ready_marker, serve
from tests.browser.conftest import PAGE_TIMEOUT_MS

from tilsynwidgets.domain.access.identity import IDENTITY_HEADER, KEY_ENV, new_key, sign_identity

if TYPE_CHECKING:
    from tests.browser.conftest import VoilaServer

pytestmark = pytest.mark.browser

KEY = new_key()
PER_PERSON_ENV = "TILSYNWIDGETS_MAX_KERNELS_PER_PERSON"
TOO_MANY_FOR_ONE = "Du har for mange sider åbne"


@pytest.fixture(scope="module")
def per_person_server(
    chromium: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[VoilaServer]:
    yield from serve(
        tmp_path_factory,
        "per_person",
        {IDLE_MINUTES_ENV: "0", MAX_KERNELS_ENV: "5", PER_PERSON_ENV: "1", KEY_ENV: KEY},
        extra_args=[f"--VoilaConfiguration.http_header_envs={IDENTITY_HEADER}"],
    )


def signed_in_as(browser: Browser, name: str) -> BrowserContext:
    context = browser.new_context(
        locale="da-DK",
        extra_http_headers={IDENTITY_HEADER: sign_identity(name, ["tilsynsfoerende-syd"], KEY)},
    )
    context.set_default_timeout(PAGE_TIMEOUT_MS)
    return context


def test_a_second_page_of_the_same_person_is_refused_and_another_person_gets_one(
    browser: Browser, per_person_server: VoilaServer
) -> None:
    anne, bo = signed_in_as(browser, "anne"), signed_in_as(browser, "bo")
    try:
        first = anne.new_page()
        first.goto(per_person_server.url("Forside.ipynb"))
        expect(ready_marker(first, "Forside.ipynb")).to_be_visible()
        expect(first.get_by_text("Logget ind som anne")).to_be_visible()

        second = anne.new_page()
        response = second.goto(per_person_server.url("Forside.ipynb"))
        assert response is not None
        assert response.status == 429
        expect(second).to_have_title(TOO_MANY_FOR_ONE)
        expect(second.get_by_text("Du har allerede 1 side med apps'ene åbne")).to_be_visible()

        other = bo.new_page()
        other.goto(per_person_server.url("Forside.ipynb"))
        expect(ready_marker(other, "Forside.ipynb")).to_be_visible()
        expect(other.get_by_text("Logget ind som bo")).to_be_visible()
    finally:
        anne.close()
        bo.close()
    assert per_person_server.log().count("): Du har allerede 1 side med") == 1
