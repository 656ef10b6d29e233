"""A store this release cannot use, as a user meets it in Chromium: every app shows a Danish
notice saying what to run instead of half-working or Voilà's English error, the landing page
lists the apps with a line saying the same, and after ``tilsynwidgets opgrader`` the app opens.

Each scenario has its own Voilà server, started as the session's is, on its own data folder:
one holds a copy of the store the release before migrations made
(``tests/upgrade/previous_store.sqlite``), the other nothing yet. The test that upgrades the
old store comes last in this file, as it leaves the store upgraded.

With ``TILSYNWIDGETS_SCREENSHOT_DIR`` set, the inspector's notice and the landing page over
the old store are saved there as screenshots at the widths people use.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Locator, Page, expect
from tests.browser.conftest import NOTEBOOKS, running_voila, voila_environment

from tilsynwidgets.app_index import app_index
from tilsynwidgets.config import DATABASE_FILE_NAME

if TYPE_CHECKING:
    from tests.browser.conftest import VoilaServer

pytestmark = pytest.mark.browser

UPGRADE = Path(__file__).resolve().parents[1] / "upgrade"
PREVIOUS_STORE = UPGRADE / "previous_store.sqlite"
DATA_DIR_ENV = "TILSYNWIDGETS_DATA_DIR"
SCREENSHOT_ENV = "TILSYNWIDGETS_SCREENSHOT_DIR"
# A wide office screen and a small laptop.
SCREENS = ((1440, 900), (1024, 768))

NOTICE = "Appen kan ikke åbnes"
COMMAND = "tilsynwidgets opgrader"
OLD = "Lageret er lavet af en tidligere udgave"
NOT_CREATED = "Lageret er ikke oprettet endnu"
# Voilà's own error, a traceback or an exception's name: never for a user to read.
TECHNICAL = re.compile(
    r"There was an error|Traceback|[A-Za-z]*(?:Error|Exception)\b|\.py\b|File \""
)

# Something each app shows once it has opened: on a refused page it must not be there.
APPS: dict[str, Callable[[Page], Locator]] = {
    "Tilsynsfoerende.ipynb": lambda page: page.get_by_text(re.compile(r"\d+ enheder fundet")),
    "Ledelse.ipynb": lambda page: page.get_by_text(re.compile(r"\d+ enheder i udvalget")),
    "Portefoelje.ipynb": lambda page: page.get_by_text("Valgte risikokategorier"),
    "Kriterier.ipynb": lambda page: page.get_by_text(re.compile(r"Beregnet for \d+ enheder")),
    "Deltager.ipynb": lambda page: page.get_by_role("button", name="Deltag", exact=True),
    "Facilitator.ipynb": lambda page: page.get_by_role("button", name="Opret forløb"),
}
INSPECTOR = "Tilsynsfoerende.ipynb"
LANDING = "Forside.ipynb"


@dataclass
class Served:
    """A Voilà server over its own data folder, and the environment it runs in."""

    server: VoilaServer
    environment: dict[str, str]

    def url(self, notebook: str) -> str:
        return self.server.url(notebook)


def _serve(
    tmp_path_factory: pytest.TempPathFactory, name: str, store: Path | None
) -> Iterator[Served]:
    """A server started as the session's is, over a data folder holding a copy of ``store``
    (or nothing); for a fixture to ``yield from``."""
    scratch = tmp_path_factory.mktemp(name)
    folder = scratch / "data"
    folder.mkdir(mode=0o700)
    if store is not None:
        copy = folder / DATABASE_FILE_NAME
        shutil.copyfile(store, copy)
        copy.chmod(0o600)
    with ExitStack() as stack:
        # Only the server's start sees the folder; the session's own server keeps its store.
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv(DATA_DIR_ENV, str(folder))
            environment = voila_environment()
            server = stack.enter_context(running_voila(NOTEBOOKS, scratch / "voila.log"))
        yield Served(server, environment)


@pytest.fixture(scope="module")
def old_store(chromium: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    yield from _serve(tmp_path_factory, "old-store", PREVIOUS_STORE)


@pytest.fixture(scope="module")
def no_store(chromium: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    yield from _serve(tmp_path_factory, "no-store", None)


def previous_units() -> int:
    """How many units the previous release's store holds."""
    rows = json.loads((UPGRADE / "previous_store.json").read_text(encoding="utf-8"))["rows"]
    return int(rows["units"])


def assert_nothing_technical(page: Page) -> None:
    assert TECHNICAL.findall(page.locator("body").inner_text()) == []


def expect_refused(page: Page, app: str, reason: str) -> None:
    """The Danish notice naming the command, and none of the app below it."""
    notice = page.get_by_role("alert").filter(has_text=NOTICE)
    expect(notice).to_be_visible()
    expect(notice).to_contain_text(reason)
    expect(notice).to_contain_text(f"kommandoen '{COMMAND}'")
    expect(APPS[app](page)).to_have_count(0)
    assert_nothing_technical(page)


def expect_landing(page: Page, status: str) -> Locator:
    """The landing page's apps, and its line on the store (returned)."""
    index = app_index()
    expect(page.get_by_role("heading", name=index.title)).to_be_visible()
    for app in index.apps:
        expect(page.get_by_role("link", name=app.title, exact=True)).to_be_visible()
    line = page.get_by_text(status)
    expect(line).to_be_visible()
    expect(line).to_contain_text(f"'{COMMAND}'")
    assert_nothing_technical(page)
    return line


def screenshots(page: Page, name: str) -> None:
    """Save what the page shows at each width, all of it, when asked to (``SCREENSHOT_ENV``)."""
    folder = os.environ.get(SCREENSHOT_ENV)
    if not folder:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    for width, height in SCREENS:
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=Path(folder) / f"{name}-{width}.png")
        # Voilà scrolls inside the page: make the window as tall as the cells for the rest.
        tall = page.evaluate("document.getElementById('rendered_cells').scrollHeight")
        if tall > height:
            page.set_viewport_size({"width": width, "height": int(tall) + 40})
            page.screenshot(path=Path(folder) / f"{name}-{width}-hele.png")


# --- A store made by the previous release ---------------------------------------------


def test_every_app_refuses_the_old_store_in_danish(page: Page, old_store: Served) -> None:
    for app in APPS:
        page.goto(old_store.url(app))
        expect_refused(page, app, "tidligere udgave")
        if app == INSPECTOR:
            screenshots(page, "tilsynsfoerende-gammelt-lager")


def test_landing_page_lists_the_apps_and_says_to_upgrade(page: Page, old_store: Served) -> None:
    page.goto(old_store.url(LANDING))
    expect_landing(page, OLD)
    screenshots(page, "forside-gammelt-lager")


def test_after_opgrader_the_inspector_opens(page: Page, old_store: Served) -> None:
    page.goto(old_store.url(INSPECTOR))
    expect_refused(page, INSPECTOR, "tidligere udgave")

    command = Path(sys.executable).with_name("tilsynwidgets")
    done = subprocess.run(
        [str(command), "opgrader"],
        env=old_store.environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.startswith("Lageret er opgraderet fra version")

    page.reload()
    units = previous_units()
    expect(page.get_by_text(f"{units} enheder at vælge imellem")).to_be_visible()
    expect(page.get_by_text(f"{units} enheder fundet")).to_be_visible()
    expect(page.get_by_text(NOTICE)).to_have_count(0)
    assert_nothing_technical(page)


# --- No store yet ---------------------------------------------------------------------


def test_a_store_not_created_yet(page: Page, no_store: Served) -> None:
    page.goto(no_store.url(LANDING))
    expect_landing(page, NOT_CREATED)

    page.goto(no_store.url(INSPECTOR))
    expect_refused(page, INSPECTOR, NOT_CREATED)
