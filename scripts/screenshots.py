"""Screenshots of every app at the widths people use, and of the leadership report.

    .venv/bin/python scripts/screenshots.py [--out FOLDER]

Starts Voilà as ``make app`` does, on a temporary store with the synthetic sample, opens each
app in Debian's Chromium (as the browser tests do, in Danish) at 1440 and 1024 px, and saves
the whole page as ``<app>-<width>.png``. Beyond the first screen of each app it saves:

* the inspector's app with a tilbud chosen and a post assessment begun, so the quality
  assessment's radar ("spindelvæv") and theme scores show
  (``tilsynsfoerende-post-<width>.png``);
* the inspector's app on a tilbud whose plan in force was made for another colour than its
  category in force (the card's mark), its plan tab and its quality assessment tab, and a
  plejefamilie's plan tab with the family's data sources
  (``tilsynsfoerende-{kort,oplysninger,plan,kvalitet,plejefamilie-plan}-<width>.png``);
* the leadership review's overdue drill-down, a unit's history and the export panel;
* the facilitator's screen after a round has been closed and its reference answers shown,
  with the participants' list to rename or remove them opened
  (``facilitator-afsloeret-<width>.png``), with synthetic participants and answers;
* the printable report as Chromium prints it: ``rapport.pdf`` (A4) and each printed page
  as ``rapport-side-<n>.png``, and the report on screen as ``rapport-1024.png``.

Look at them before a change to a screen is called done.
"""

from __future__ import annotations

import argparse
import base64
import os
import re
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

APPS = (
    "Forside.ipynb",
    "Tilsynsfoerende.ipynb",
    "Portefoelje.ipynb",
    "Ledelse.ipynb",
    "Kriterier.ipynb",
    "Deltager.ipynb",
    "Facilitator.ipynb",
)
WIDTHS = (1440, 1024)
SETTLE_MS = 12_000  # long enough for the slowest app to run its cells on a busy machine
TALLEST = 20_000  # px: a whole page is captured up to this height
PARTICIPANTS = ("Deltager A", "Deltager B", "Deltager C", "Deltager D", "Deltager E")

# Voilà's lab template scrolls inside a container, not the document: the page's whole
# height is that of the tallest scrolling element as high as the window (a long list box
# inside the page scrolls too, but does not make the page taller).
CONTENT_HEIGHT = """() => Math.max(document.documentElement.scrollHeight,
  ...[...document.querySelectorAll('*')]
    .filter(e => /(auto|scroll)/.test(getComputedStyle(e).overflowY))
    .filter(e => e.clientHeight >= window.innerHeight - 2)
    .map(e => e.scrollHeight + e.getBoundingClientRect().top))"""


def whole_page(page: Page, path: Path) -> None:
    """The whole page, not just the window: the window grows to the content's height."""
    width = page.viewport_size["width"] if page.viewport_size else 1440
    height = min(int(page.evaluate(CONTENT_HEIGHT)), TALLEST)
    page.set_viewport_size({"width": width, "height": max(height, 900)})
    page.wait_for_timeout(500)
    page.screenshot(path=path)
    page.set_viewport_size({"width": width, "height": 900})


def revealed_round(code: str) -> None:
    """Five synthetic participants answer four vignettes; the round is closed and revealed."""
    from tilsynwidgets.domain.core.categories import RiskCategory
    from tilsynwidgets.domain.core.units import Socialtilsyn
    from tilsynwidgets.domain.training.sessions import Answer, EventKind, SessionEvent
    from tilsynwidgets.domain.training.vignettes import vignettes
    from tilsynwidgets.store.store import Store
    from tilsynwidgets.store.training import TrainingStore

    start = datetime.now(UTC)
    chosen = vignettes().ids[:4]
    colours = list(RiskCategory)
    tilsyn = (Socialtilsyn.SYD, Socialtilsyn.SYD, Socialtilsyn.NORD, Socialtilsyn.MIDT, None)
    with Store.open() as store:
        training = TrainingStore(store)
        people = [
            training.join(code, name, where, start + timedelta(seconds=n))[0]
            for n, (name, where) in enumerate(zip(PARTICIPANTS, tilsyn, strict=True))
        ]

        def event(kind: EventKind, vignette_ids: tuple[str, ...] = ()) -> None:
            training.record_event(
                SessionEvent(
                    session_code=code,
                    kind=kind,
                    round_no=1,
                    vignette_ids=vignette_ids,
                    by="Facilitator",
                    at=start,
                )
            )

        event(EventKind.ROUND_OPENED, tuple(chosen))
        for v, vignette_id in enumerate(chosen):
            for p, person in enumerate(people):
                training.submit(
                    Answer(
                        session_code=code,
                        round_no=1,
                        participant_id=person.participant_id,
                        vignette_id=vignette_id,
                        category=colours[(v + p * (v % 2 + 1)) % 3],
                        justification="Begrundet i sagens oplysninger om ledelse og klager.",
                        submitted_at=start + timedelta(minutes=1),
                    )
                )
        event(EventKind.ROUND_CLOSED)
        event(EventKind.REVEALED)


def facilitator_after_reveal(browser: Browser, url: str, out: Path) -> None:
    page = browser.new_page(viewport={"width": WIDTHS[0], "height": 900}, locale="da-DK")
    page.set_default_timeout(180_000)
    page.goto(url)
    page.get_by_label("Titel", exact=True).fill("Kalibrering, efterår")
    page.get_by_role("button", name="Vælg alle").first.click()  # none chosen to begin with
    page.get_by_role("button", name="Opret forløb").click()
    created = page.get_by_text(re.compile(r"Deltagerne bruger koden [A-Z0-9]{6}")).first
    created.wait_for()
    found = re.search(r"koden ([A-Z0-9]{6})", created.inner_text())
    assert found is not None
    revealed_round(found.group(1))
    page.get_by_role("button", name="Opdater").click()
    page.get_by_text("Samlet enighed").first.wait_for()
    page.get_by_text("Deltagere (omdøb eller fjern)").click()  # the roster, opened
    page.get_by_role("button", name="Omdøb").wait_for()
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_timeout(1500)
        whole_page(page, out / f"facilitator-afsloeret-{width}.png")
    page.close()


def inspector_post(page: Page, url: str, width: int, out: Path) -> None:
    """A tilbud chosen, its categorisation tab open at post: the quality assessment shows."""
    page.goto(url)
    page.get_by_text("enheder fundet").first.wait_for()
    page.get_by_label("Søg", exact=True).fill("T-00001")
    listed = page.get_by_label("Enheder", exact=True)
    page.wait_for_timeout(1500)
    value = listed.locator("option").first.get_attribute("value")
    listed.select_option(value=value or "")
    page.get_by_role("tab", name="Risikokategorisering", exact=True).click()
    page.get_by_role("button", name="Post (efter kvalitetsvurdering)", exact=True).click()
    page.get_by_text("Seneste kvalitetsvurdering").first.wait_for()
    whole_page(page, out / f"tilsynsfoerende-post-{width}.png")


def working_picture_units() -> tuple[str, str]:
    """A tilbud whose plan in force is for another colour than its category in force, and a
    plejefamilie with a plan, from the store the server uses."""
    from tilsynwidgets.domain.intensity.rulesets import default_ruleset
    from tilsynwidgets.domain.portfolio.standing import PlanFit, unit_standing
    from tilsynwidgets.store.store import Store

    with Store.open() as store:
        units = store.units_frame()
        mismatch = family = ""
        for unit_id, kind in zip(units["id"], units["kind"], strict=True):
            if (kind == "tilbud" and mismatch) or (kind != "tilbud" and family):
                continue
            unit = store.unit(str(unit_id))
            standing = unit_standing(
                unit,
                store.assessments(unit.id),
                store.plans(unit.id),
                default_ruleset(),
                datetime.now(UTC).date(),
            )
            if kind == "tilbud" and standing.fit is PlanFit.OTHER_COLOUR:
                mismatch = unit.id
            elif kind != "tilbud" and standing.plan is not None:
                family = unit.id
            if mismatch and family:
                return mismatch, family
    raise RuntimeError("the sample has no tilbud with a plan for another colour")


def choose_unit(page: Page, url: str, unit_id: str) -> None:
    page.goto(url)
    page.get_by_text("enheder fundet").first.wait_for()
    page.get_by_label("Søg", exact=True).fill(unit_id)
    page.wait_for_timeout(1500)
    # The list's option values are positions; the search by the whole id lists it first.
    page.get_by_label("Enheder", exact=True).select_option(index=0)
    page.get_by_text("Kategori i kraft").first.wait_for()


def inspector_working_picture(
    page: Page, url: str, width: int, out: Path, units: tuple[str, str]
) -> None:
    """The card with a plan for another colour, its information, plan and quality tabs,
    and a plejefamilie's plan tab."""
    mismatch, family = units
    choose_unit(page, url, mismatch)
    whole_page(page, out / f"tilsynsfoerende-kort-{width}.png")
    page.get_by_role("tab", name="Oplysninger", exact=True).click()
    page.get_by_text("Registrér ny oplysning").first.wait_for()
    whole_page(page, out / f"tilsynsfoerende-oplysninger-{width}.png")
    page.get_by_role("tab", name="Tilsynsintensitet", exact=True).click()
    page.wait_for_timeout(1000)
    whole_page(page, out / f"tilsynsfoerende-plan-{width}.png")
    page.get_by_role("tab", name="Kvalitetsvurdering", exact=True).click()
    page.wait_for_timeout(1000)
    whole_page(page, out / f"tilsynsfoerende-kvalitet-{width}.png")
    choose_unit(page, url, family)
    page.get_by_role("tab", name="Tilsynsintensitet", exact=True).click()
    page.wait_for_timeout(1000)
    whole_page(page, out / f"tilsynsfoerende-plejefamilie-plan-{width}.png")


def leadership_states(page: Page, url: str, width: int, out: Path) -> str:
    """The drill-down, a unit's history and the export panel; returns the report's link."""
    page.goto(url)
    page.get_by_text("enheder i udvalget").first.wait_for()
    page.get_by_label("Afsnit", exact=True).select_option(label="Tilsynsbesøg")
    page.get_by_label("Tal", exact=True).select_option(index=1)
    overdue = page.get_by_text("Overskredne tilsynsbesøg: de mest overskredne først")
    overdue.scroll_into_view_if_needed()  # the first figure: the overdue units
    page.screenshot(path=out / f"ledelse-overskredne-{width}.png")
    page.get_by_label("Enheder", exact=True).scroll_into_view_if_needed()
    page.screenshot(path=out / f"ledelse-enheder-{width}.png")
    report = page.get_by_role("button", name="Lav rapport til udskrift")
    report.click()
    link = page.locator("a[download$='.html']")
    link.wait_for()
    report.scroll_into_view_if_needed()
    page.screenshot(path=out / f"ledelse-eksport-{width}.png")
    return link.get_attribute("href") or ""


def leadership_waiting_unit(page: Page, url: str, width: int, out: Path) -> None:
    """The first unit listed behind «Venter på stillingtagen»: what has come since its
    latest assessment, above its history."""
    page.goto(url)
    page.get_by_text("enheder i udvalget").first.wait_for()
    page.get_by_label("Afsnit", exact=True).select_option(label="Venter på stillingtagen")
    page.get_by_label("Tal", exact=True).select_option(index=1)
    page.get_by_label("Enheder", exact=True).select_option(index=0)
    heading = page.get_by_role("heading", name="Oplysninger", exact=True)
    heading.scroll_into_view_if_needed()
    page.screenshot(path=out / f"ledelse-venter-enhed-{width}.png")


def printed_report(browser: Browser, href: str, out: Path) -> None:
    """The report on screen, and as Chromium prints it, page by page."""
    import pypdfium2 as pdfium

    document = out / "rapport.html"
    document.write_bytes(base64.b64decode(href.split(",", 1)[1]))
    printed = browser.new_page(viewport={"width": 1024, "height": 1300}, locale="da-DK")
    printed.goto(document.resolve().as_uri())
    printed.screenshot(path=out / "rapport-1024.png", full_page=True)
    printed.pdf(path=out / "rapport.pdf", format="A4", print_background=True)
    printed.close()
    pdf = pdfium.PdfDocument(out / "rapport.pdf")
    for number in range(len(pdf)):
        pdf[number].render(scale=1.5).to_pil().save(out / f"rapport-side-{number + 1}.png")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("skærmbilleder"))
    args = parser.parse_args()
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="tilsynwidgets-screens-") as data:
        os.environ["TILSYNWIDGETS_DATA_DIR"] = data
        os.environ.pop("TILSYNWIDGETS_DATABASE_URL", None)
        from playwright.sync_api import sync_playwright
        from tests.browser.conftest import (
            NOTEBOOKS,
            ensure_sample,
            launch_chromium,
            running_voila,
        )

        ensure_sample()
        picture_units = working_picture_units()
        with running_voila(NOTEBOOKS, Path(data) / "voila.log") as server, sync_playwright() as pw:
            browser = launch_chromium(pw)
            href = ""
            for width in WIDTHS:
                page = browser.new_page(viewport={"width": width, "height": 900}, locale="da-DK")
                page.set_default_timeout(180_000)
                for app in APPS:
                    page.goto(server.url(app))
                    page.wait_for_timeout(SETTLE_MS)
                    whole_page(page, out / f"{Path(app).stem.lower()}-{width}.png")
                inspector_post(page, server.url("Tilsynsfoerende.ipynb"), width, out)
                inspector_working_picture(
                    page, server.url("Tilsynsfoerende.ipynb"), width, out, picture_units
                )
                href = leadership_states(page, server.url("Ledelse.ipynb"), width, out)
                leadership_waiting_unit(page, server.url("Ledelse.ipynb"), width, out)
                page.close()
            printed_report(browser, href, out)
            facilitator_after_reveal(browser, server.url("Facilitator.ipynb"), out)
            browser.close()
    print(f"Skærmbilleder gemt i {out}/")


if __name__ == "__main__":
    main()
