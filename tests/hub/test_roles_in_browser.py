"""Roles behind the real hub, in one browser: a course participant, an inspector of Syd and a
national leader each sign in, do their main job and are refused, in Danish, what their role
does not allow; what the inspector saves names them."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect
from tests.browser._inspector import Inspector
from tests.hub._hub import TrialHub
from tests.hub._pages import FORSIDE_HEADING, hub_units, on_forside, refused, signed_in

from tilsynwidgets.domain.core.categories import Phase, RiskCategory
from tilsynwidgets.store import Store

pytestmark = [pytest.mark.postgres, pytest.mark.browser]


class _Service:
    """The hub's service as the inspector's page helpers address a server."""

    def __init__(self, hub: TrialHub) -> None:
        self.hub = hub

    def url(self, notebook: str) -> str:
        return self.hub.service_url(notebook)


def test_three_roles_in_one_browser(hub: TrialHub, hub_pages: Callable[..., Page]) -> None:
    course, inspector_page, leader = hub_pages(), hub_pages(), hub_pages()

    # A course participant lands in the participant app; the Forside lists it alone, and
    # there is no unit data.
    participant = hub.user_in("kursusdeltager")
    hub.login(course, participant)
    expect(course).to_have_url(hub.service_url("Deltager.ipynb"))
    expect(course.get_by_label("Kode", exact=True)).to_be_visible()
    course.goto(hub.service_url("Forside.ipynb"))
    on_forside(course, participant)
    links = course.locator("li a")
    expect(links).to_have_count(1)
    expect(links).to_have_text("Træningsforløb: deltager")
    expect(course.get_by_text(re.compile(r"Lageret indeholder"))).to_have_count(0)
    refused(course, hub, "Tilsynsfoerende.ipynb", "Risikokategorisering og tilsynsintensitet")
    expect(course.get_by_text(re.compile(r"\d+ enheder? fundet"))).to_have_count(0)
    course.goto(hub.service_url("Deltager.ipynb"))
    expect(course.get_by_label("Kode", exact=True)).to_be_visible()

    # An inspector of Syd: Syd's units, documented under their own name.
    user = hub.user_in("tilsynsfoerende-syd")
    signed_in(hub, inspector_page, user)
    units = hub_units(hub)
    syd = next(u for u in units if u.socialtilsyn.value == "syd" and u.kind.value == "tilbud")
    nord = next(u for u in units if u.socialtilsyn.value == "nord")
    app = Inspector(inspector_page, _Service(hub))  # type: ignore[arg-type]
    app.open()
    options = inspector_page.get_by_label("Socialtilsyn", exact=True).locator("option")
    expect(options).to_have_text(["Alle", "Socialtilsyn Syd"])
    app.search(nord.id)
    expect(
        inspector_page.get_by_text("Ingen enheder passer til søgningen og filtrene.")
    ).to_be_visible()
    app.choose(syd)
    why = "Tilsynsbesøget bekræfter billedet; ingen nye bekymringer."
    app.categorise(Phase.PRAE, RiskCategory.GUL, why)
    with Store.open(hub.database_url) as store:
        saved = store.assessments(syd.id)[-1]
    assert (saved.assessor, saved.justification) == (user, why)
    refused(inspector_page, hub, "Ledelse.ipynb", "Ledelsens overblik")

    # A national leader: every socialtilsyn, no names, no criteria workshop.
    national = hub.user_in("leder-national")
    signed_in(hub, leader, national)
    leader.goto(hub.service_url("Ledelse.ipynb"))
    expect(leader.get_by_text(re.compile(r"\d+ enheder i udvalget"))).to_be_visible()
    # The review's export and the drill-down's export each have the names checkbox: hidden.
    names = leader.get_by_text("Vis plejefamiliers navne")
    expect(names).to_have_count(2)
    for each in names.all():
        expect(each).to_be_hidden()
    family = next(u for u in units if u.kind.value == "plejefamilie")
    expect(leader.get_by_text(family.name)).to_have_count(0)
    refused(leader, hub, "Kriterier.ipynb", "Kriterieværksted")


def test_the_hub_refuses_jupyterlab_in_danish(
    hub: TrialHub, hub_pages: Callable[..., Page]
) -> None:
    page = hub_pages(expect_errors=True)  # the refusal is an HTTP 403, on purpose
    signed_in(hub, page, hub.user_in("tilsynsfoerende-syd"))
    response = page.goto(f"{hub.url}hub/spawn")
    assert response is not None
    assert response.status == 403
    expect(page.locator("h1")).to_have_text("Ingen adgang")
    expect(page.get_by_text("Kun metodekonsulenter kan starte JupyterLab")).to_be_visible()
    expect(page.get_by_text(re.compile(r"scopes|not authorized", re.IGNORECASE))).to_have_count(0)
    page.get_by_role("link", name="Til apps'enes forside").click()
    expect(page.locator("h1", has_text=FORSIDE_HEADING)).to_be_visible()
