"""A training session in Chromium: the facilitator's page and two participants' pages open
at once. The facilitator creates a session and opens a round; both participants answer;
the facilitator sees the answers arrive without reloading, closes the round and reveals the
reference; the participants' pages follow; a participant who reloads finds the answer."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

WHY = "Ny leder, flere bekymrende henvendelser & høj personaleomsætning <b>nu</b>."


def _join(page: Page, url: str, code: str, name: str) -> None:
    page.goto(url)
    page.get_by_label("Kode", exact=True).fill(code)
    page.get_by_label("Navn", exact=True).fill(name)
    page.get_by_role("button", name="Deltag").click()


def _answer(page: Page, colour: str) -> None:
    page.get_by_role("button", name=colour, exact=True).first.click()
    page.get_by_placeholder(re.compile("Mindst 20 tegn")).first.fill(WHY)
    page.get_by_role("button", name="Afgiv svar").first.click()
    expect(page.get_by_text(re.compile(r"Gemt kl\. \d\d\.\d\d"))).to_be_visible()


def test_facilitator_and_two_participants_at_once(
    pages: Callable[[], Page], voila_server: object
) -> None:
    server = voila_server
    facilitator, anna, bo = pages(), pages(), pages()
    facilitator.goto(server.url("Facilitator.ipynb"))  # type: ignore[attr-defined]
    facilitator.get_by_label("Titel", exact=True).fill("Browserforløb")
    facilitator.get_by_role("button", name="Opret forløb").click()
    created = facilitator.get_by_text(re.compile(r"Deltagerne bruger koden [A-Z0-9]{6}"))
    expect(created).to_be_visible()
    code = re.search(r"koden ([A-Z0-9]{6})", created.inner_text())
    assert code is not None

    participant_url = server.url("Deltager.ipynb")  # type: ignore[attr-defined]
    _join(anna, participant_url, code.group(1).lower(), "Anna")
    _join(bo, participant_url, code.group(1), "Bo <i>B</i>")
    for page in (anna, bo):
        expect(page.get_by_text("Venter på, at facilitator åbner")).to_be_visible()
    expect(bo.locator("i", has_text=re.compile(r"^B$"))).to_have_count(0)  # shown as text

    facilitator.get_by_label("Næste runde", exact=True).select_option(index=[0, 1])
    facilitator.get_by_role("button", name="Åbn runde 1").click()
    expect(facilitator.get_by_text("Runde 1 er åben.")).to_be_visible()
    for page in (anna, bo):  # no reload: the page notices by itself
        expect(page.get_by_text("Runde 1 (åben)")).to_be_visible()
    _answer(anna, "▲ Rød")
    _answer(bo, "● Grøn")
    # The first vignette has both answers (the grid counts per vignette), no reload needed.
    expect(facilitator.get_by_text("2 af 2", exact=True).first).to_be_visible()

    facilitator.get_by_role("button", name="Luk runde 1").click()
    facilitator.get_by_role("button", name="Vis referencesvar for runde 1").click()
    expect(facilitator.get_by_text("Referencesvarene for runde 1 er vist.")).to_be_visible()
    expect(facilitator.get_by_text("Fleiss", exact=False).first).to_be_visible()
    for page in (anna, bo):
        expect(page.get_by_text("Runde 1 (lukket)")).to_be_visible()
        expect(page.get_by_role("heading", name="Referencesvar").first).to_be_visible()
        expect(page.get_by_placeholder(re.compile("Mindst 20 tegn")).first).to_be_disabled()

    _join(anna, participant_url, code.group(1), " anna ")  # a fresh page: a new kernel
    expect(anna.get_by_text("Velkommen tilbage")).to_be_visible()
    expect(anna.get_by_placeholder(re.compile("Mindst 20 tegn")).first).to_have_value(WHY)
    expect(anna.locator("b", has_text=re.compile(r"^nu$"))).to_have_count(0)  # never HTML
