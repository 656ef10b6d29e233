"""The pages of a training day, driven in Chromium: the facilitator's and the participants'.

Every page is opened by :func:`open_app` with a :class:`Target`: where the apps are, and how a
page signs in as a person. Against a plain Voilà server signing in does nothing; through the
hub it fills the hub's login form, so the rest of the load test does not know the difference.

Times are taken in the browser (``Date.now()``, one clock for all pages of one Chromium):
a participant's page notes when a "Afgiv svar" button is clicked, and the facilitator's
page notes, with a MutationObserver, when a ✓ first appears in the grid of the open round
("Svar afgivet i den åbne runde") for a participant and a vignette.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from playwright.sync_api import Browser, BrowserContext, Page, expect
from playwright.sync_api import Error as PlaywrightError

SignIn = Callable[[Page, str, str, bool], None]
"""``sign_in(page, user, url, wait)``: sign this page in as ``user`` on the way to the app at
``url``, and leave it there (with ``wait``, loaded; else only once its navigation began)."""

PAGE_TIMEOUT_MS = 90_000
CODE = re.compile(r"Deltagerne bruger koden ([A-Z0-9]{6})")
SUBMIT = "Afgiv svar"
GRID_CAPTION = "Svar afgivet i den åbne runde"
HIDE_NAMES = "Skjul navne (til projektor)"
COLOURS = ("▲ Rød", "■ Gul", "● Grøn")

_NOTE_SUBMITS = """() => {
  window.__twSubmits = [];
  document.addEventListener('click', (event) => {
    const button = event.target.closest('button');
    if (!button || button.textContent.trim() !== '%s') return;
    const all = [...document.querySelectorAll('button')]
      .filter((b) => b.textContent.trim() === '%s');
    window.__twSubmits.push([all.indexOf(button), Date.now()]);
  }, true);
}""".replace("%s", SUBMIT)

_WATCH_GRID = """() => {
  window.__twSeen = {};
  const scan = () => {
    const now = Date.now();
    for (const table of document.querySelectorAll('table')) {
      const caption = table.querySelector('caption');
      if (!caption || !caption.textContent.startsWith('%s')) continue;
      for (const row of table.querySelectorAll('tbody tr')) {
        const head = row.querySelector('th');
        if (!head) continue;
        row.querySelectorAll('td').forEach((cell, column) => {
          const key = head.textContent + '|' + column;
          if (cell.textContent === '✓' && !(key in window.__twSeen)) window.__twSeen[key] = now;
        });
      }
    }
  };
  new MutationObserver(scan).observe(document.body,
    {childList: true, subtree: true, characterData: true});
  scan();
}""".replace("%s", GRID_CAPTION)


def no_sign_in(page: Page, _user: str, url: str, wait: bool) -> None:
    """A plain Voilà server: everyone is the local user; the page goes straight to ``url``."""
    page.goto(url, wait_until="load" if wait else "commit")


@dataclass(frozen=True)
class Target:
    """Where the apps are (``{base_url}voila/render/<notebook>``) and how a page signs in."""

    base_url: str
    sign_in: SignIn = no_sign_in

    def app_url(self, notebook: str) -> str:
        return f"{self.base_url}voila/render/{notebook}"


@dataclass
class Opened:
    """A page in a context of its own (a person on a machine of their own)."""

    context: BrowserContext
    page: Page
    problems: list[str] = field(default_factory=list)

    def close(self) -> None:
        """Leave the page (Voilà then shuts its kernel down) and close its context."""
        self.page.goto("about:blank")
        self.context.close()


def open_app(
    browser: Browser, target: Target, user: str, notebook: str, *, wait: bool = True
) -> Opened:
    """Sign a fresh context in as ``user`` and navigate to ``notebook``; with ``wait`` the
    navigation's load is awaited, else only its start (to open many pages at once)."""
    context = browser.new_context(locale="da-DK")
    context.set_default_timeout(PAGE_TIMEOUT_MS)
    page = context.new_page()
    opened = Opened(context, page)
    page.on("pageerror", lambda error: opened.problems.append(f"sidefejl: {error}"))
    page.on(
        "console",
        lambda message: (
            opened.problems.append(f"konsolfejl: {message.text}")
            if message.type == "error"
            else None
        ),
    )
    page.on(
        "response",
        lambda response: (
            opened.problems.append(
                f"HTTP {response.status}: {response.request.method} {response.url.split('?')[0]}"
            )
            if response.status >= 400
            else None
        ),
    )
    target.sign_in(page, user, target.app_url(notebook), wait)
    return opened


# --- the facilitator ---------------------------------------------------------------------------


def create_session(page: Page, title: str) -> str:
    """Create a session with every packaged vignette; its code. Names are shown in the grid
    (the benchmark tells the participants apart by name)."""
    leave = page.get_by_role("button", name="Skift forløb")
    title_field = page.get_by_label("Titel", exact=True)
    # The page either offers a new session or reopens the facilitator's running one.
    expect(leave.or_(title_field).locator("visible=true").first).to_be_visible(
        timeout=PAGE_TIMEOUT_MS
    )
    if leave.is_visible():
        leave.click()
    title_field.fill(title)
    page.get_by_role("button", name="Vælg alle").first.click()  # none chosen to begin with
    page.get_by_role("button", name="Opret forløb").click()
    created = page.get_by_text(CODE)
    expect(created).to_be_visible(timeout=PAGE_TIMEOUT_MS)
    found = CODE.search(created.inner_text())
    assert found is not None
    page.get_by_label(HIDE_NAMES).uncheck()
    page.evaluate(_WATCH_GRID)
    return found.group(1)


def open_round(page: Page, number: int, size: int) -> None:
    """Open round ``number`` with the first ``size`` remaining vignettes; the grid's record
    of ✓ starts afresh."""
    boxes = page.locator(".tw-vignette-picker").filter(visible=True).get_by_role("checkbox")
    for position in range(size):
        boxes.nth(position).check()
    page.get_by_role("button", name=f"Åbn runde {number}").click()
    expect(page.get_by_text(f"Runde {number} er åben.")).to_be_visible(timeout=PAGE_TIMEOUT_MS)
    page.evaluate("() => { window.__twSeen = {}; }")


def close_round(page: Page, number: int) -> None:
    page.get_by_role("button", name=f"Luk runde {number}").click()
    expect(page.get_by_text(f"Runde {number} er lukket.")).to_be_visible(timeout=PAGE_TIMEOUT_MS)


def close_and_reveal(page: Page, number: int) -> None:
    close_round(page, number)
    page.get_by_role("button", name=f"Vis referencesvar for runde {number}").click()
    expect(page.get_by_text(f"Referencesvarene for runde {number} er vist.")).to_be_visible(
        timeout=PAGE_TIMEOUT_MS
    )


def seen(page: Page) -> dict[tuple[str, int], float]:
    """(participant's name, column of the open round) → when its ✓ first showed (s)."""
    raw: dict[str, Any] = page.evaluate("() => window.__twSeen")
    found: dict[tuple[str, int], float] = {}
    for key, at in raw.items():
        name, _, column = key.rpartition("|")
        found[(name, int(column))] = float(at) / 1000
    return found


# --- a participant -----------------------------------------------------------------------------


def join(page: Page, code: str, name: str) -> None:
    """Fill in the code and name on an opened participant page and join; then note the
    submit clicks from here on."""
    try:
        page.get_by_label("Kode", exact=True).fill(code)
    except PlaywrightError as exc:
        shown = page.locator("body").inner_text(timeout=5_000)[:400]
        raise RuntimeError(f"{name}: deltagersiden kom ikke frem; siden viser: {shown}") from exc
    page.get_by_label("Navn", exact=True).fill(name)
    page.get_by_role("button", name="Deltag").click()
    expect(page.get_by_text("Du er med.")).to_be_visible(timeout=PAGE_TIMEOUT_MS)
    page.evaluate(_NOTE_SUBMITS)


def wait_for_round(page: Page, number: int, state: str = "åben") -> None:
    """Wait until the participant's page heads round ``number`` as ``state`` (a closed round
    may add that the reference answers are shown)."""
    heading = re.compile(rf"Runde {number} \({re.escape(state)}[,)]")
    expect(page.get_by_text(heading)).to_be_visible(timeout=PAGE_TIMEOUT_MS)


def answer(page: Page, position: int, colour: str, justification: str) -> None:
    """Colour, justify and submit the ``position``-th vignette of the open round."""
    page.get_by_role("button", name=colour, exact=True).nth(position).click()
    page.get_by_placeholder(re.compile("Mindst 20 tegn")).nth(position).fill(justification)
    page.get_by_role("button", name=SUBMIT).nth(position).click()


def submits(page: Page) -> dict[int, float]:
    """Position of the vignette → when its "Afgiv svar" was last clicked (s)."""
    raw: list[list[float]] = page.evaluate("() => window.__twSubmits")
    page.evaluate("() => { window.__twSubmits = []; }")
    return {int(position): float(at) / 1000 for position, at in raw}


def saved_count(page: Page) -> int:
    """How many answers the page says are saved ("Gemt kl. …")."""
    return page.get_by_text(re.compile(r"Gemt kl\. \d\d\.\d\d")).count()
