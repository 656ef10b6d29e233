"""Screenshots of the signed-in screens, through the hub, at the widths people use.

    .venv/bin/python scripts/hub_screenshots.py [--out FOLDER] [--server URL]

Starts the hub deployment (deploy/hub) as the hub tests do, with a fresh PostgreSQL database
on ``--server`` (default: ``TILSYNWIDGETS_TEST_DATABASE_URL``) holding the small sample, signs
the trial users in through the hub's login form in Debian's Chromium (in Danish), and saves
the whole page at 1440 and 1024 px as:

* ``hub-login-<width>.png``: the hub's login page;
* ``hub-forside-kursusdeltager-<width>.png``: the Forside of a course participant (only the
  participant app listed, the «Logget ind som» line);
* ``hub-afvist-<width>.png``: the same participant refused the inspector's app;
* ``hub-tilsynsfoerende-<width>.png``: the inspector's app of an inspector of Syd;
* ``hub-ledelse-leder-syd-<width>.png``: the leadership review of Syd's leader, its export
  panel with the checkbox for plejefamiliers navne in view;
* ``hub-ledelse-national-<width>.png``: the same for the national leader, without it;
* ``hub-spawn-afvist-<width>.png``: the hub's answer when an inspector asks for /hub/spawn.

Every app is shot when the marks the hub tests wait for are shown. The hub is stopped and its
database dropped at the end. Look at them before a change to a signed-in screen is called done.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from playwright.sync_api import Browser, Page, expect, sync_playwright  # noqa: E402
from screenshots import WIDTHS, whole_page  # noqa: E402
from tests.browser.conftest import launch_chromium  # noqa: E402
from tests.hub._hub import TrialHub, proxy_missing_reason, running_hub  # noqa: E402

SERVER_ENV = "TILSYNWIDGETS_TEST_DATABASE_URL"
DEFAULT_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
TIMEOUT_MS = 180_000  # a kernel's start on a busy two-core machine
SETTLE_MS = 1_500  # the last widgets' layout after the readiness marks show

FORSIDE_HEADING = "Risikobaseret socialtilsyn"
NAMES_CHECKBOX = "Vis plejefamiliers navne"

Shot = Callable[[Page, TrialHub, int, Path], None]


def login_page(page: Page, hub: TrialHub, width: int, out: Path) -> None:
    page.goto(f"{hub.url}hub/login")
    page.locator("#username_input").wait_for()
    whole_page(page, out / f"hub-login-{width}.png")


def _forside(page: Page, hub: TrialHub, user: str) -> None:
    """The Forside as ``user`` sees it, once its heading and sign-in line show."""
    page.goto(hub.service_url("Forside.ipynb"))
    expect(page.locator("h1", has_text=FORSIDE_HEADING)).to_be_visible()
    expect(page.locator("p", has_text=f"Logget ind som {user}")).to_be_visible()
    page.wait_for_timeout(SETTLE_MS)


def participant_forside(page: Page, hub: TrialHub, width: int, out: Path) -> None:
    _forside(page, hub, "kursus-1")
    whole_page(page, out / f"hub-forside-kursusdeltager-{width}.png")


def participant_refused(page: Page, hub: TrialHub, width: int, out: Path) -> None:
    page.goto(hub.service_url("Tilsynsfoerende.ipynb"))
    page.get_by_role("alert").filter(has_text="Appen kan ikke åbnes").wait_for()
    page.wait_for_timeout(SETTLE_MS)
    whole_page(page, out / f"hub-afvist-{width}.png")


def inspector(page: Page, hub: TrialHub, width: int, out: Path) -> None:
    page.goto(hub.service_url("Tilsynsfoerende.ipynb"))
    expect(page.get_by_text("Tilsynsførende:")).to_be_visible()
    expect(page.get_by_text(re.compile(r"\d+ enheder? fundet"))).to_be_visible()
    page.wait_for_timeout(SETTLE_MS)
    whole_page(page, out / f"hub-tilsynsfoerende-{width}.png")


def _leadership(page: Page, hub: TrialHub) -> None:
    page.goto(hub.service_url("Ledelse.ipynb"))
    expect(page.get_by_text(re.compile(r"\d+ enheder i udvalget"))).to_be_visible()
    page.wait_for_timeout(SETTLE_MS)


def leadership_syd(page: Page, hub: TrialHub, width: int, out: Path) -> None:
    _leadership(page, hub)
    names = page.get_by_text(NAMES_CHECKBOX)
    expect(names).to_be_visible()
    names.scroll_into_view_if_needed()
    whole_page(page, out / f"hub-ledelse-leder-syd-{width}.png")


def leadership_national(page: Page, hub: TrialHub, width: int, out: Path) -> None:
    _leadership(page, hub)
    expect(page.get_by_text(NAMES_CHECKBOX)).to_be_hidden()
    page.get_by_role("button", name="Lav rapport til udskrift").scroll_into_view_if_needed()
    whole_page(page, out / f"hub-ledelse-national-{width}.png")


def spawn_refused(page: Page, hub: TrialHub, width: int, out: Path) -> None:
    answer = page.goto(f"{hub.url}hub/spawn")
    if answer is None or answer.status != 403:
        raise RuntimeError(f"/hub/spawn svarede {answer.status if answer else 'intet'}, ikke 403")
    whole_page(page, out / f"hub-spawn-afvist-{width}.png")


SCENES: tuple[tuple[str | None, tuple[Shot, ...]], ...] = (
    (None, (login_page,)),
    ("kursus-1", (participant_forside, participant_refused)),
    ("tf-syd-1", (inspector, spawn_refused)),
    ("leder-syd-1", (leadership_syd,)),
    ("leder-national-1", (leadership_national,)),
)


def shoot(browser: Browser, hub: TrialHub, out: Path) -> None:
    """Each user in a browser context of their own, signed in once, every width in turn."""
    for user, shots in SCENES:
        context = browser.new_context(locale="da-DK", viewport={"width": WIDTHS[0], "height": 900})
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        if user is not None:
            hub.login(page, user)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            for shot in shots:
                shot(page, hub, width, out)
                print(f"{shot.__name__} {width} px")
        page.goto("about:blank")  # the pages' kernels shut down as a person leaving
        context.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("skærmbilleder-hub"))
    parser.add_argument(
        "--server",
        default=os.environ.get(SERVER_ENV, "").strip() or DEFAULT_SERVER,
        help="PostgreSQL-serveren, hubbens database oprettes og slettes på",
    )
    args = parser.parse_args()
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)

    missing = proxy_missing_reason()
    if missing:
        sys.exit(missing)
    with (
        tempfile.TemporaryDirectory(prefix="tilsynwidgets-hubshots-") as work,
        running_hub(Path(work), args.server) as hub,
        sync_playwright() as pw,
    ):
        browser = launch_chromium(pw)
        try:
            shoot(browser, hub, out)
        except Exception:
            print(hub.log_tail(), file=sys.stderr)
            raise
        finally:
            browser.close()
    print(f"Skærmbilleder gemt i {out}/")


if __name__ == "__main__":
    main()
