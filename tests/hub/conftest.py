"""Hub tests: the JupyterHub deployment (deploy/hub) started for real, driven by Chromium.

Fixtures for tests of the apps behind the hub:

* ``hub`` (session): a :class:`tests.hub._hub.TrialHub` - JupyterHub, its proxy and the
  apps' Voilà service on free ports, with a fresh PostgreSQL database holding a small sample
  (dropped at the end). ``hub.url``, ``hub.service_url("Tilsynsfoerende.ipynb")``,
  ``hub.users`` (name → groups), ``hub.user_in("leder-syd")``, ``hub.login(page, name)``,
  ``hub.database_url``.
* ``hub_pages``: ``hub_pages()`` opens a page in a browser context of its own (a person on
  a machine of their own); ``hub_pages(headers={...})`` makes the browser send extra headers
  with every request. A page fails its test on a console error, a failed request or an HTTP
  error, unless opened with ``expect_errors=True`` (for tests of refusals).

Needs ``TILSYNWIDGETS_TEST_DATABASE_URL`` (a PostgreSQL server the tests may create databases
on), Chromium and the proxy (``npm ci --prefix deploy/hub``); without them the tests are
skipped with the reason - in CI they fail instead.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping

import pytest
from playwright.sync_api import Browser, BrowserContext, Page
from tests.browser.conftest import (
    PAGE_TIMEOUT_MS,
    PageProblems,
    in_ci,
)
from tests.hub._hub import TrialHub, proxy_missing_reason, running_hub

POSTGRES_ENV = "TILSYNWIDGETS_TEST_DATABASE_URL"


def _needs(reason: str | None) -> None:
    if reason is None:
        return
    if in_ci():
        pytest.fail(f"{reason} (CI er sat, så testene springes ikke over.)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TrialHub]:
    server = os.environ.get(POSTGRES_ENV, "").strip()
    _needs(
        None
        if server
        else f"Hub-testene kræver en PostgreSQL-server i {POSTGRES_ENV} "
        "(fx postgresql+psycopg://postgres@127.0.0.1:5432/test)"
    )
    _needs(proxy_missing_reason())
    with running_hub(tmp_path_factory.mktemp("hub"), server) as started:
        yield started


class PageOpener:
    """Opens pages for one test, each in a context of its own; see the module docstring."""

    def __init__(self, browser: Browser) -> None:
        self.browser = browser
        self.opened: list[tuple[BrowserContext, Page, PageProblems | None]] = []

    def __call__(
        self, *, headers: Mapping[str, str] | None = None, expect_errors: bool = False
    ) -> Page:
        context = self.browser.new_context(locale="da-DK", extra_http_headers=headers)
        context.set_default_timeout(PAGE_TIMEOUT_MS)
        page = context.new_page()
        problems = None if expect_errors else PageProblems()
        if problems is not None:
            problems.watch(page)
        self.opened.append((context, page, problems))
        return page

    def leave(self, page: Page) -> None:
        """Leave ``page`` as a person does (a request still in flight is cut off then)."""
        for _context, opened, problems in self.opened:
            if opened is page and problems is not None:
                problems.leaving = True
        page.goto("about:blank")

    def close(self) -> list[str]:
        """Leave and close every page; the problems the watched ones reported."""
        for _context, page, problems in self.opened:
            if problems is not None:
                problems.leaving = True
            page.goto("about:blank")
        for context, _page, _problems in self.opened:
            context.close()
        return [item for _c, _p, problems in self.opened if problems for item in problems.items]


@pytest.fixture
def hub_pages(hub: TrialHub, browser: Browser) -> Iterator[Callable[..., Page]]:
    opener = PageOpener(browser)
    try:
        yield opener
    finally:
        found = opener.close()
    if found:
        pytest.fail(PageProblems(found).report(), pytrace=False)
