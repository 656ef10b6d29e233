"""Helpers for the training browser tests: the facilitator's page and the participants'.

The browser tests share one server and one store, and without sign-in every facilitator
page is the same local person's, whose running session the page reopens. So a test starts
a new session through «Skift forløb» when a running one is shown, and finishes the local
facilitator's sessions when it is done (:func:`finish_running_sessions`), leaving none to
reopen on another test's page.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime

from playwright.sync_api import Page, expect

from tilsynwidgets.assessor import current_assessor
from tilsynwidgets.config import load_settings
from tilsynwidgets.domain.training.sessions import EventKind, SessionEvent
from tilsynwidgets.store.store import Store
from tilsynwidgets.store.training import TrainingStore

WHY = "Ny leder, flere bekymrende henvendelser & høj personaleomsætning <b>nu</b>."
CODE_SHOWN = re.compile(r"Deltagerne bruger koden ([A-Z0-9]{6})")


def local_facilitator() -> str:
    """Who the facilitator's page runs as without sign-in (as apps.training_facilitator)."""
    return current_assessor(configured=load_settings().assessor).name


def opened_facilitator(page: Page, url: str) -> None:
    """The facilitator's page, drawn, at «Nyt forløb» (leaving a reopened session)."""
    page.goto(url)
    expect(page.get_by_text("Facilitator:", exact=False)).to_be_visible()
    leave = page.get_by_role("button", name="Skift forløb")
    if leave.is_visible():
        leave.click()
    expect(page.get_by_role("button", name="Opret forløb")).to_be_visible()


def check_vignettes(page: Page, titles: Sequence[str]) -> None:
    for title in titles:
        page.get_by_role("checkbox", name=title, exact=True).check()


def create_session(page: Page, url: str, title: str, vignette_titles: Sequence[str]) -> str:
    """A new session with these vignettes (by title); its code."""
    opened_facilitator(page, url)
    page.get_by_label("Titel", exact=True).fill(title)
    check_vignettes(page, vignette_titles)
    page.get_by_role("button", name="Opret forløb").click()
    created = page.get_by_text(CODE_SHOWN)
    expect(created).to_be_visible()
    found = CODE_SHOWN.search(created.inner_text())
    assert found is not None
    return found.group(1)


def join(page: Page, url: str, code: str, name: str) -> None:
    page.goto(url)
    page.get_by_label("Kode", exact=True).fill(code)
    page.get_by_label("Navn", exact=True).fill(name)
    page.get_by_role("button", name="Deltag").click()


def answer(page: Page, colour: str) -> None:
    page.get_by_role("button", name=colour, exact=True).first.click()
    page.get_by_placeholder(re.compile("Mindst 20 tegn")).first.fill(WHY)
    page.get_by_role("button", name="Afgiv svar").first.click()
    expect(page.get_by_text(re.compile(r"Gemt kl\. \d\d\.\d\d"))).to_be_visible()


def finish_running_sessions() -> None:
    """Finish every session the local facilitator is running: an open round closed, every
    round revealed, the remaining vignettes in a last round (in the test server's store)."""
    by = local_facilitator()
    with Store.open() as store:
        training = TrainingStore(store)
        while (session := training.running_session(by, datetime.now(UTC))) is not None:

            def step(kind: EventKind, number: int, ids: tuple[str, ...] = ()) -> None:
                event = SessionEvent(
                    session_code=session.code,
                    kind=kind,
                    round_no=number,
                    vignette_ids=ids,
                    by=by,
                    at=datetime.now(UTC),
                )
                training.record_event(event)

            state = training.state(session.code)
            left = tuple(v for v in session.vignette_ids if v not in state.asked())
            if left and state.open_round is None:
                step(EventKind.ROUND_OPENED, state.next_round_no, left)
                state = training.state(session.code)
            if state.open_round is not None:
                step(EventKind.ROUND_CLOSED, state.open_round.number)
            for unrevealed in [r for r in state.rounds if not r.revealed]:
                step(EventKind.REVEALED, unrevealed.number)
