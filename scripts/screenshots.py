"""Screenshots of every app at the widths people use, and of the leadership report.

    .venv/bin/python scripts/screenshots.py [--out FOLDER]

Starts Voilà as ``make app`` does, on a temporary store with the synthetic sample, opens each
app in Debian's Chromium (as the browser tests do) at 1440 and 1024 px, and saves
``<app>-<width>.png``; for the leadership review also the drill-down (the overdue units'
table and the units list) and the export panel,
and the printable report (``rapport-1024.png`` and ``rapport.pdf``). Look at them before a
change to a screen is called done.
"""

from __future__ import annotations

import argparse
import base64
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

APPS = (
    "Forside.ipynb",
    "Tilsynsfoerende.ipynb",
    "Portefoelje.ipynb",
    "Kriterier.ipynb",
    "Deltager.ipynb",
    "Facilitator.ipynb",
)
WIDTHS = (1440, 1024)
SETTLE_MS = 12_000  # long enough for the slowest app to run its cells on a busy machine


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
        with running_voila(NOTEBOOKS, Path(data) / "voila.log") as server, sync_playwright() as pw:
            browser = launch_chromium(pw)
            for width in WIDTHS:
                page = browser.new_page(viewport={"width": width, "height": 900})
                page.set_default_timeout(180_000)
                for app in APPS:
                    page.goto(server.url(app))
                    page.wait_for_timeout(SETTLE_MS)
                    page.screenshot(path=out / f"{Path(app).stem.lower()}-{width}.png")
                page.goto(server.url("Ledelse.ipynb"))
                page.get_by_text("enheder i udvalget").first.wait_for()
                page.screenshot(path=out / f"ledelse-{width}.png")
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
                if width == WIDTHS[-1]:
                    href = link.get_attribute("href") or ""
                    document = out / "rapport.html"
                    document.write_bytes(base64.b64decode(href.split(",", 1)[1]))
                    printed = browser.new_page(viewport={"width": width, "height": 1300})
                    printed.goto(document.resolve().as_uri())
                    printed.screenshot(path=out / "rapport-1024.png", full_page=True)
                    printed.pdf(path=out / "rapport.pdf", format="A4")
                    printed.close()
                page.close()
            browser.close()
    print(f"Skærmbilleder gemt i {out}/")


if __name__ == "__main__":
    main()
