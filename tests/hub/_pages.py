"""What the hub's browser tests do on a page: sign in and land on the Forside, be refused an
app in Danish, and read the units the hub's store holds."""

from __future__ import annotations

from datetime import date

from playwright.sync_api import Page, expect
from tests.hub._hub import TrialHub

from tilsynwidgets.config import load_settings
from tilsynwidgets.domain.core.units import Unit
from tilsynwidgets.store import Store

FORSIDE_HEADING = "Risikobaseret socialtilsyn"
REFUSED = "din rolle giver ikke adgang til"


def signed_in(hub: TrialHub, page: Page, user: str) -> None:
    """``user`` signs in and lands on the Forside (wait for it before going on: a page left
    while it loads aborts its requests)."""
    hub.login(page, user)
    expect(page).to_have_url(hub.service_url("Forside.ipynb"))
    on_forside(page, user)


def on_forside(page: Page, user: str) -> None:
    expect(page.locator("h1", has_text=FORSIDE_HEADING)).to_be_visible()
    expect(page.locator("p", has_text=f"Logget ind som {user}")).to_be_visible()


def refused(page: Page, hub: TrialHub, notebook: str, title: str) -> None:
    """The app ``notebook`` (titled ``title``) refuses the page's person, in Danish."""
    page.goto(hub.service_url(notebook))
    notice = page.get_by_role("alert").filter(has_text="Appen kan ikke åbnes")
    expect(notice).to_contain_text(f"{REFUSED} «{title}»")


def hub_units(hub: TrialHub) -> list[Unit]:
    """The units in the hub's store on the working day."""
    day: date = load_settings().working_day()
    with Store.open(hub.database_url) as store:
        return store.units(day)
