"""The facilitator's page in Chromium: vignettes chosen with checkboxes by their titles and
facts; a disabled button that looks disabled; a reloaded page that reopens the running
session and follows it; the projector view in large type without names."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Page, expect
from tests.browser._training import (
    answer,
    check_vignettes,
    create_session,
    finish_running_sessions,
    join,
    opened_facilitator,
)

from tilsynwidgets.domain.labels import label_of
from tilsynwidgets.domain.training.vignettes import vignette, vignettes
from tilsynwidgets.widgets.training.vignette_picker import narrative_preview

if TYPE_CHECKING:
    from tests.browser.conftest import VoilaServer

pytestmark = pytest.mark.browser

TITLES = [vignette(v).title for v in vignettes().ids[:2]]
_STYLE = (
    "e => { const s = getComputedStyle(e); return {background: s.backgroundColor, "
    "cursor: s.cursor, opacity: s.opacity, size: s.fontSize}; }"
)


@pytest.fixture(autouse=True)
def _no_session_left_running() -> Iterator[None]:
    finish_running_sessions()
    yield
    finish_running_sessions()


def _open_round(page: Page, number: int, titles: list[str]) -> None:
    check_vignettes(page, titles)
    page.get_by_role("button", name=f"Åbn runde {number}").click()
    expect(page.get_by_text(f"Runde {number} er åben.")).to_be_visible()


def test_the_picker_offers_every_vignette_by_title_with_its_facts(
    page: Page, voila_server: VoilaServer
) -> None:
    page.set_viewport_size({"width": 1024, "height": 900})
    opened_facilitator(page, voila_server.url("Facilitator.ipynb"))
    boxes = page.get_by_role("checkbox").filter(has_not_text="Skjul navne")
    expect(boxes).to_have_count(len(vignettes().ids))
    for box in boxes.all():
        expect(box).not_to_be_checked()
    expect(page.get_by_text("0 af 15 vignetter valgt")).to_be_visible()
    case = vignette("v14-roennebaerhaven")
    row = page.locator(
        ".tw-pick-row", has=page.get_by_role("checkbox", name=case.title, exact=True)
    )
    expect(row).to_contain_text(label_of(case.unit.unit_type))
    expect(row).to_contain_text(label_of(case.phase))
    expect(row.locator(".tw-badge")).to_have_text(re.compile(label_of(case.reference_category)))
    title = row.locator(".widget-label-basic span")
    expect(title).to_have_text(case.title)
    assert title.evaluate("e => e.scrollWidth <= e.clientWidth")  # not cut off at 1024 px
    short, hide = row.locator(".tw-pick-short"), row.get_by_text("Skjul sagsfremstillingen")
    expect(short).to_have_text(narrative_preview(case.narrative))
    expect(short).to_be_visible()
    expect(hide).to_be_hidden()
    short.click()
    expect(row.get_by_text(case.narrative.split("\n\n")[1].strip()[:60])).to_be_visible()
    expect(short).to_be_hidden()
    expect(hide).to_be_visible()
    expect(page.get_by_text(case.id)).to_have_count(0)  # never the slug
    page.get_by_role("button", name="Vælg alle").first.click()
    expect(page.get_by_text("15 af 15 vignetter valgt")).to_be_visible()
    for box in boxes.all():
        expect(box).to_be_checked()
    page.get_by_role("button", name="Fravælg alle").first.click()
    expect(page.get_by_text("0 af 15 vignetter valgt")).to_be_visible()


def test_a_disabled_button_looks_disabled(page: Page, voila_server: VoilaServer) -> None:
    create_session(page, voila_server.url("Facilitator.ipynb"), "Knapperne", TITLES)
    close = page.get_by_role("button", name="Luk runde", exact=True)
    expect(close).to_be_disabled()
    disabled = close.evaluate(_STYLE)
    assert disabled["cursor"] == "not-allowed"
    assert float(disabled["opacity"]) <= 0.5
    _open_round(page, 1, TITLES[:1])
    enabled_close = page.get_by_role("button", name="Luk runde 1")
    expect(enabled_close).to_be_enabled()
    enabled = enabled_close.evaluate(_STYLE)
    assert enabled["cursor"] != "not-allowed"
    assert float(enabled["opacity"]) == 1
    assert enabled["background"] != disabled["background"]  # orange only when it can be used
    red, green, blue = map(int, re.findall(r"\d+", disabled["background"])[:3])
    assert max(red, green, blue) - min(red, green, blue) < 16  # grey, not orange


def test_reloading_the_facilitator_page_reopens_the_running_session(
    pages: Callable[[], Page], voila_server: VoilaServer
) -> None:
    facilitator, anna = pages(), pages()
    code = create_session(
        facilitator, voila_server.url("Facilitator.ipynb"), "Omlastet forløb", TITLES
    )
    _open_round(facilitator, 1, TITLES[:1])
    facilitator.reload()
    expect(
        facilitator.get_by_text(re.compile("som du er i gang med, er åbnet igen"))
    ).to_be_visible()
    expect(facilitator.get_by_text(code, exact=True)).to_be_visible()
    expect(facilitator.get_by_text("runde 1: 1 vignet, åben")).to_be_visible()
    expect(facilitator.get_by_role("button", name="Luk runde 1")).to_be_enabled()
    expect(facilitator.get_by_role("checkbox", name=TITLES[1], exact=True)).to_be_visible()
    expect(facilitator.get_by_role("button", name="Opret forløb")).to_be_hidden()
    # The reloaded page follows the session by itself: an answer arrives without a click.
    join(anna, voila_server.url("Deltager.ipynb"), code, "Anna")
    answer(anna, "▲ Rød")
    expect(facilitator.get_by_text(re.compile(r"^1 af 1 har svaret"))).to_be_visible()
    # And a new session is still one click away.
    facilitator.get_by_role("button", name="Skift forløb").click()
    expect(facilitator.get_by_role("button", name="Opret forløb")).to_be_visible()


def test_the_projector_view_shows_code_progress_and_discussion_without_names(
    pages: Callable[[], Page], voila_server: VoilaServer
) -> None:
    facilitator, anna = pages(), pages()
    code = create_session(facilitator, voila_server.url("Facilitator.ipynb"), "Projektor", TITLES)
    _open_round(facilitator, 1, TITLES[:1])
    facilitator.get_by_label("Skjul navne (til projektor)").uncheck()
    join(anna, voila_server.url("Deltager.ipynb"), code, "Anna Projektor")
    answer(anna, "● Grøn")
    visible_name = facilitator.get_by_text("Anna Projektor").filter(visible=True)
    expect(visible_name.first).to_be_visible()  # the facilitator's own screen shows names

    facilitator.get_by_role("button", name="Projektorvisning").click()
    projector = facilitator.locator(".tw-projector")
    expect(projector.get_by_text(code, exact=True)).to_be_visible()
    assert float(projector.locator(".tw-code").evaluate(_STYLE)["size"].removesuffix("px")) >= 80
    progress = projector.get_by_text(re.compile(r"^1 af 1 har svaret"))
    expect(progress).to_be_visible()
    assert float(progress.evaluate(_STYLE)["size"].removesuffix("px")) >= 22  # large type
    expect(projector.get_by_text("Deltager 1").first).to_be_visible()
    expect(visible_name).to_have_count(0)
    expect(facilitator.get_by_role("button", name="Luk runde 1")).to_be_hidden()

    facilitator.get_by_role("button", name="Luk projektorvisning").click()
    facilitator.get_by_role("button", name="Luk runde 1").click()
    facilitator.get_by_role("button", name="Vis referencesvar for runde 1").click()
    expect(facilitator.get_by_text("Referencesvarene for runde 1 er vist.")).to_be_visible()
    facilitator.get_by_role("button", name="Projektorvisning").click()
    expect(projector.get_by_role("heading", name=TITLES[0])).to_be_visible()
    expect(projector.locator(".tw-card").first).to_contain_text("Deltager 1")
    expect(visible_name).to_have_count(0)
    facilitator.set_viewport_size({"width": 1024, "height": 800})
    expect(projector.locator(".tw-card").first).to_be_visible()
    assert projector.evaluate("e => e.scrollWidth <= e.clientWidth")  # nothing runs past it


def test_the_facilitator_renames_and_removes_a_participant(
    pages: Callable[[], Page], voila_server: VoilaServer
) -> None:
    facilitator, anan, twice = pages(), pages(), pages()
    code = create_session(facilitator, voila_server.url("Facilitator.ipynb"), "Navne", TITLES)
    _open_round(facilitator, 1, TITLES[:1])
    facilitator.get_by_label("Skjul navne (til projektor)").uncheck()
    join(anan, voila_server.url("Deltager.ipynb"), code, "Anan Roster")
    answer(anan, "● Grøn")
    join(twice, voila_server.url("Deltager.ipynb"), code, "Anan Roster igen")
    expect(facilitator.get_by_text(re.compile(r"^1 af 2 har svaret"))).to_be_visible()

    facilitator.get_by_text("Deltagere (omdøb eller fjern)").click()
    roster = facilitator.get_by_role("table", name=re.compile("Deltagere i forløbet"))
    expect(roster).to_contain_text("Anan Roster igen")
    chosen = facilitator.get_by_label("Deltager", exact=True)
    chosen.select_option(label="Anan Roster")
    facilitator.get_by_label("Nyt navn", exact=True).fill("Anna <b>Roster</b>")
    facilitator.get_by_role("button", name="Omdøb").click()
    expect(facilitator.get_by_text("Anan Roster hedder nu Anna <b>Roster</b>.")).to_be_visible()
    grid = facilitator.get_by_role("table", name=re.compile("Svar afgivet i den åbne runde"))
    expect(grid).to_contain_text("Anna <b>Roster</b>")  # escaped: the tags show as typed
    expect(grid.locator("b")).to_have_count(0)

    chosen.select_option(label="Anan Roster igen")
    facilitator.get_by_role("button", name="Fjern").click()
    expect(facilitator.get_by_text("Fjern Anan Roster igen fra forløbet?")).to_be_visible()
    facilitator.get_by_role("button", name="Ja, fjern").click()
    expect(facilitator.get_by_text("Anan Roster igen er fjernet fra forløbet.")).to_be_visible()
    expect(facilitator.get_by_text(re.compile(r"^1 af 1 har svaret"))).to_be_visible()
    expect(grid).not_to_contain_text("Anan Roster igen")
    expect(facilitator.get_by_text("Fjernet af facilitator: Anan Roster igen")).to_be_visible()
