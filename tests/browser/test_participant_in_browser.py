"""The participant's page after the reveal, and the facilitator's per-socialtilsyn table with
a lone participant, in Chromium on a real Voilà server. The session's course is driven
through the store the server uses (as the facilitator's page would), so the test reads only
what the participant and the facilitator see: the own answer beside the reference, the
summary at the end, a corrected name and a removal reaching the page without a reload, and
«Kun én deltager» with its note under the table, which fits a 1024 px screen."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import pytest
from playwright.sync_api import Page, expect
from tests.browser._training import opened_facilitator

from tilsynwidgets.domain.core.categories import RiskCategory
from tilsynwidgets.domain.core.units import Socialtilsyn
from tilsynwidgets.domain.training.roster import ChangeKind, ParticipantChange
from tilsynwidgets.domain.training.sessions import (
    Answer,
    EventKind,
    SessionEvent,
    TrainingSession,
    new_session_code,
)
from tilsynwidgets.domain.training.vignettes import vignette, vignettes
from tilsynwidgets.presentation.tables import category_heading
from tilsynwidgets.store import Store
from tilsynwidgets.store.training import TrainingStore

pytestmark = pytest.mark.browser

WHY = "Ny leder, flere bekymrende henvendelser og høj personaleomsætning."
VIGNETTE = vignettes().ids[0]
NOW = datetime(2026, 11, 20, 9, tzinfo=UTC)


@pytest.fixture
def training(voila_server: object) -> Iterator[TrainingStore]:
    """The store the Voilà server uses (the same TILSYNWIDGETS_DATA_DIR)."""
    with Store.open() as store:
        yield TrainingStore(store)


def _session(training: TrainingStore) -> str:
    code = new_session_code()
    training.create_session(
        TrainingSession(
            code=code,
            title="Browserforløb efter reveal",
            vignette_ids=(VIGNETTE,),
            vignette_version=vignettes().version,
            created_by="Facilitator F",
            created_at=NOW,
        )
    )
    return code


def _step(training: TrainingStore, code: str, kind: EventKind) -> None:
    ids = (VIGNETTE,) if kind is EventKind.ROUND_OPENED else ()
    training.record_event(
        SessionEvent(session_code=code, kind=kind, round_no=1, vignette_ids=ids, by="F", at=NOW)
    )


def _join(page: Page, url: str, code: str, name: str) -> None:
    page.goto(url)
    page.get_by_label("Kode", exact=True).fill(code)
    page.get_by_label("Navn", exact=True).fill(name)
    page.get_by_label("Socialtilsyn", exact=True).select_option(label="Socialtilsyn Syd")
    page.get_by_role("button", name="Deltag").click()


def _other(category: RiskCategory) -> RiskCategory:
    return RiskCategory.GUL if category is not RiskCategory.GUL else RiskCategory.ROED


def test_after_the_reveal_the_participant_sees_their_answer_beside_the_reference(
    pages: Callable[[], Page], voila_server: object, training: TrainingStore
) -> None:
    server = voila_server
    code = _session(training)
    _step(training, code, EventKind.ROUND_OPENED)
    page = pages()
    _join(page, server.url("Deltager.ipynb"), code, "Solveig")  # type: ignore[attr-defined]
    expect(page.get_by_text("Runde 1 (åben)")).to_be_visible()
    reference = vignette(VIGNETTE).reference_category
    answered = _other(reference)
    page.get_by_role("button", name=category_heading(answered.value), exact=True).click()
    page.get_by_placeholder(re.compile("Mindst 20 tegn")).fill(WHY)
    page.get_by_role("button", name="Afgiv svar").click()
    expect(page.get_by_text(re.compile(r"Gemt kl\. \d\d\.\d\d"))).to_be_visible()
    expect(page.get_by_role("heading", name="Dit svar")).to_have_count(0)

    _step(training, code, EventKind.ROUND_CLOSED)
    _step(training, code, EventKind.REVEALED)
    # No reload: the page's next tick shows the answer beside the reference.
    expect(page.get_by_text("Runde 1 (lukket, referencesvar vist)")).to_be_visible()
    steps = answered.rank - reference.rank
    side = "strengere" if steps > 0 else "mildere"
    verdict = f"Du svarede {abs(steps)} trin {side} end referencen."
    expect(page.get_by_text(verdict)).to_be_visible()
    own = page.locator(".tw-own")
    expect(own.get_by_role("heading", name="Dit svar")).to_be_visible()
    expect(own.get_by_text(WHY)).to_be_visible()
    expect(own.locator(".tw-badge")).to_have_text(category_heading(answered.value))
    beside = page.locator(".tw-reference-side")
    expect(beside.get_by_role("heading", name="Referencesvar")).to_be_visible()
    expect(beside.locator(".tw-badge").first).to_have_text(category_heading(reference.value))
    own_box, reference_box = own.bounding_box(), beside.bounding_box()
    assert own_box is not None
    assert reference_box is not None
    assert reference_box["x"] > own_box["x"] + own_box["width"] - 1  # side by side
    # The session's only round is revealed: the summary at the end.
    summary = page.locator(".tw-own-summary")
    expect(summary.get_by_role("heading", name="Dine svar i forløbet")).to_be_visible()
    headline = (
        "Du svarede på 1 af 1 vignet, hvis referencesvar er vist; 0 af dine svar var som "
        "referencen."
    )
    expect(summary.get_by_text(headline)).to_be_visible()
    row = summary.locator("tbody tr")
    expect(row).to_have_count(1)
    expect(row.locator("td").nth(3)).to_have_text("Nej")

    # The facilitator corrects the name, then removes the participant: the page follows.
    (me,) = training.participants(code)
    for kind, name in ((ChangeKind.RENAMED, "Solveig Holm"), (ChangeKind.REMOVED, None)):
        training.change_participant(
            ParticipantChange(
                session_code=code,
                participant_id=me.participant_id,
                kind=kind,
                display_name=name,
                by="F",
                at=NOW,
            )
        )
        if kind is ChangeKind.RENAMED:
            expect(
                page.get_by_text("Facilitator har rettet dit navn til Solveig Holm.")
            ).to_be_visible()
            expect(page.locator("b", has_text="Solveig Holm")).to_be_visible()
    expect(page.get_by_text(re.compile("Facilitator har fjernet dig fra forløbet"))).to_be_visible()
    expect(page.get_by_role("heading", name="Dit svar")).to_have_count(0)


def test_a_socialtilsyn_with_one_participant_reads_right(
    pages: Callable[[], Page], voila_server: object, training: TrainingStore
) -> None:
    server = voila_server
    code = _session(training)
    _step(training, code, EventKind.ROUND_OPENED)
    for name, tilsyn, colour in (
        ("Anna", Socialtilsyn.SYD, RiskCategory.ROED),
        ("Bo", Socialtilsyn.NORD, RiskCategory.GUL),
        ("Cecilie", Socialtilsyn.NORD, RiskCategory.GUL),
    ):
        person, _ = training.join(code, name, tilsyn, NOW)
        training.submit(
            Answer(
                session_code=code,
                round_no=1,
                participant_id=person.participant_id,
                vignette_id=VIGNETTE,
                category=colour,
                justification=WHY,
                submitted_at=NOW,
            )
        )
    _step(training, code, EventKind.ROUND_CLOSED)
    page = pages()
    opened_facilitator(page, server.url("Facilitator.ipynb"))  # type: ignore[attr-defined]
    page.get_by_role("tab", name="Eksisterende forløb").click()
    sessions = page.get_by_label("Forløb", exact=True)
    ours = sessions.locator("option", has_text=code).get_attribute("value")
    assert ours is not None
    sessions.select_option(value=ours)
    page.get_by_role("button", name="Åbn forløb").click()
    table = page.locator("table", has=page.locator("caption", has_text="Pr. socialtilsyn"))
    expect(table).to_be_visible()
    headers = table.locator("thead th")
    expect(headers.nth(2)).to_have_text("Svar givet")
    lone = table.locator("tbody tr", has=page.locator("th", has_text="Socialtilsyn Syd"))
    cells = lone.locator("td")
    expect(cells.nth(0)).to_have_text("1")  # one participant
    expect(cells.nth(1)).to_have_text("1")  # and the answer they gave
    for position in (2, 3, 4, 5):
        expect(cells.nth(position)).to_have_text("–")
    expect(cells.nth(6)).to_have_text("Kun én deltager")
    page.set_viewport_size({"width": 1024, "height": 900})
    assert table.evaluate("t => t.getBoundingClientRect().right <= window.innerWidth")
    expect(
        page.get_by_text(re.compile("Enighed kræver svar fra mindst to deltagere"))
    ).to_be_visible()
    pair = table.locator("tbody tr", has=page.locator("th", has_text="Socialtilsyn Nord")).locator(
        "td"
    )
    expect(pair.nth(0)).to_have_text("2")
    expect(pair.nth(2)).to_have_text("1")  # one vignette with two of Nord's answers
