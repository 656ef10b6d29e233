"""The criteria workshop's page in the browser tests: save the catalogue as it stands as a
new version, and put a version in force."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect

COMPUTED = re.compile(r"Beregnet for [\d.]+ enheder")


def put_in_force_said(version: str) -> str:
    """What the in-force panel says once ``version`` is put in force."""
    return (
        f"Versionen {version} er taget i brug. Apps'ene foreslår med den, når de åbnes næste gang."
    )


def save_as_version(page: Page, version: str, note: str) -> None:
    """Save the catalogue as it stands as ``version`` and wait for the page to say so."""
    expect(page.get_by_text(COMPUTED)).to_be_visible()
    page.get_by_label("Nyt navn", exact=True).fill(version)
    page.get_by_placeholder("Hvad er ændret, og hvorfor?").fill(note)
    page.get_by_role("button", name="Gem som ny version").click()
    expect(page.get_by_text(f"Gemt som version '{version}'")).to_be_visible()


def choose_in_force(page: Page, version: str, reason: str) -> tuple[Locator, Locator]:
    """«Tag i brug» filled in for ``version`` with ``reason``, not yet clicked: the button
    and the panel around it."""
    put = page.get_by_role("button", name="Tag i brug", exact=True)
    in_force = put.locator("xpath=..")
    in_force.get_by_label("Version", exact=True).select_option(version)
    in_force.get_by_label("Begrundelse", exact=True).fill(reason)
    return put, in_force
