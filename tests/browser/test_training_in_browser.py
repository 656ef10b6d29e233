"""A training session in Chromium: the facilitator's page and two participants' pages open
at once. The facilitator creates a session and opens a round; both participants answer;
the facilitator sees the answers arrive without reloading, closes the round and reveals the
reference; the participants' pages follow; a participant who reloads finds the answer."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Page, expect
from tests.browser._training import (
    WHY,
    answer,
    check_vignettes,
    create_session,
    finish_running_sessions,
    join,
)

from tilsynwidgets.domain.training.vignettes import vignette, vignettes

pytestmark = pytest.mark.browser

TITLES = [vignette(v).title for v in vignettes().ids]


@pytest.fixture(autouse=True)
def _no_session_left_running() -> Iterator[None]:
    finish_running_sessions()
    yield
    finish_running_sessions()


def test_facilitator_and_two_participants_at_once(
    pages: Callable[[], Page], voila_server: object
) -> None:
    server = voila_server
    facilitator, anna, bo = pages(), pages(), pages()
    url = server.url("Facilitator.ipynb")  # type: ignore[attr-defined]
    code = create_session(facilitator, url, "Browserforløb", TITLES[:3])

    participant_url = server.url("Deltager.ipynb")  # type: ignore[attr-defined]
    join(anna, participant_url, code.lower(), "Anna")
    join(bo, participant_url, code, "Bo <i>B</i>")
    for page in (anna, bo):
        expect(page.get_by_text("Venter på, at facilitator åbner")).to_be_visible()
    expect(bo.locator("i", has_text=re.compile(r"^B$"))).to_have_count(0)  # shown as text

    check_vignettes(facilitator, TITLES[:2])
    facilitator.get_by_role("button", name="Åbn runde 1").click()
    expect(facilitator.get_by_text("Runde 1 er åben.")).to_be_visible()
    for page in (anna, bo):  # no reload: the page notices by itself
        expect(page.get_by_text("Runde 1 (åben)")).to_be_visible()
    answer(anna, "▲ Rød")
    answer(bo, "● Grøn")
    # The first vignette has both answers (the grid counts per vignette), no reload needed.
    expect(facilitator.get_by_text("2 af 2", exact=True).first).to_be_visible()

    facilitator.get_by_role("button", name="Luk runde 1").click()
    facilitator.get_by_role("button", name="Vis referencesvar for runde 1").click()
    expect(facilitator.get_by_text("Referencesvarene for runde 1 er vist.")).to_be_visible()
    expect(facilitator.get_by_text("Fleiss", exact=False).first).to_be_visible()
    for page in (anna, bo):
        expect(page.get_by_text(re.compile(r"Runde 1 \(lukket[,)]"))).to_be_visible()
        expect(page.get_by_role("heading", name="Referencesvar").first).to_be_visible()
        expect(page.get_by_placeholder(re.compile("Mindst 20 tegn")).first).to_be_disabled()

    join(anna, participant_url, code, " anna ")  # a fresh page: a new kernel
    expect(anna.get_by_text("Velkommen tilbage")).to_be_visible()
    expect(anna.get_by_placeholder(re.compile("Mindst 20 tegn")).first).to_have_value(WHY)
    expect(anna.locator("b", has_text=re.compile(r"^nu$"))).to_have_count(0)  # never HTML
