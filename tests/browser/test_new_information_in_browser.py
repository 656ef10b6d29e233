"""New information in Chromium (issue 14): an inspector registers a whistleblower report for
a grøn tilbud in the tab «Oplysninger», finds the unit in «Venter på stillingtagen» after a
reload (a new kernel reads the queue from the store), opens it from there, decides on the
moment «Nye oplysninger» with the colour in force («ingen ændring») and a reason, and sees
the unit leave the queue and the history show the new moment with the report it decided on.

What the page shows is checked against what the app saved, read back from the store the
Voilà server uses.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Page, expect
from tests.browser._inspector import (
    ACTIVE,
    Inspector,
    assessments,
    assessor_name,
    choice_box,
    colour_label,
    form_field,
    information_of,
    inspector_in,
    toggle,
)

from tilsynwidgets.config import load_settings
from tilsynwidgets.domain.core.categories import Phase, RiskCategory
from tilsynwidgets.domain.core.local_time import format_stamp
from tilsynwidgets.domain.core.units import Unit
from tilsynwidgets.domain.information.kinds import Origin
from tilsynwidgets.domain.labels import label_of
from tilsynwidgets.store.store import Store
from tilsynwidgets.widgets.unit.assessment_form import NO_CHANGE
from tilsynwidgets.widgets.unit.information_list import NO_NEWS

if TYPE_CHECKING:
    from tests.browser.conftest import VoilaServer

pytestmark = pytest.mark.browser

FIRST_TILBUD = 20
"""The tilbud are searched from this index (sorted by id) on: the inspector's other browser
tests use the first sixteen."""
REPORT = "Anonym henvendelse om manglende nattevagt i weekenderne."
REASON = "Henvendelsen er undersøgt ved et uanmeldt besøg; den ændrer ikke risikobilledet."


def green_tilbud_with_nothing_waiting() -> Unit:
    """A tilbud whose category in force is grøn and with no information registered after its
    latest assessment, so it waits for nothing before the test."""
    with Store.open() as store:
        ids = sorted(str(i) for i in store.units_frame()["id"] if str(i).startswith("T-"))
        for unit_id in ids[FIRST_TILBUD:]:
            history = store.assessments(unit_id)
            if not history:
                continue
            latest = max(history, key=lambda a: a.assessed_at)
            if latest.chosen is not RiskCategory.GROEN:
                continue
            records = store.information(unit_id)
            if all(r.information.registered_at <= latest.assessed_at for r in records):
                return store.unit(unit_id)
    raise AssertionError("porteføljen har ingen grøn tilbud, der ikke venter på noget")


@pytest.fixture
def app(page: Page, voila_server: VoilaServer) -> Iterator[Inspector]:
    with inspector_in(page, voila_server) as inspector:
        yield inspector


def test_a_whistleblower_report_waits_in_the_queue_until_the_inspector_decides(
    app: Inspector,
) -> None:
    unit = green_tilbud_with_nothing_waiting()
    known = {record.id for record in information_of(unit.id)}
    day = load_settings().working_day()
    concerns = day - timedelta(days=3)

    # Register the report in the tab «Oplysninger».
    app.choose(unit)
    panel = app.tab("Oplysninger")
    expect(panel.get_by_text(NO_NEWS, exact=True)).to_be_visible()
    choice_box(panel, "Slags oplysning").select_option(label="Whistleblowerhenvendelse")
    expect(
        panel.get_by_text("Indberetterens identitet registreres aldrig", exact=False)
    ).to_be_visible()
    expect(form_field(panel, "Antal (kan udelades)")).to_be_visible()
    expect(form_field(panel, "Frist")).to_be_hidden()  # a påbud's value, not this kind's
    form_field(panel, "Vedrører dato").locator("input").fill(concerns.isoformat())
    choice_box(panel, "Kilde").select_option(label=label_of(Origin.ANONYM))
    form_field(panel, "Beskrivelse").locator("textarea").fill(REPORT)
    save = panel.get_by_role("button", name="Gem oplysning", exact=True)
    expect(save).to_be_enabled()
    save.click()
    expect(panel.get_by_role("status").first).to_contain_text("er gemt som nr.")
    added = [r for r in information_of(unit.id) if r.id not in known]
    assert len(added) == 1
    report = added[0]
    stored = report.information
    assert (stored.kind, stored.origin, stored.description) == (
        "whistleblower",
        Origin.ANONYM,
        REPORT,
    )
    assert stored.concerns_on == concerns
    assert stored.registered_by == assessor_name()
    listed = panel.locator(".tw-information").first
    expect(listed).to_contain_text("Whistleblowerhenvendelse")
    expect(listed).to_contain_text("⚠ kræver stillingtagen")
    expect(listed).to_contain_text(f"nr. {report.id}")
    expect(listed).to_contain_text(f"Vedrører {format_stamp(concerns)}")

    # A new kernel: the queue is read from the store; a search for the unit narrows it.
    app.reload()
    app.search(unit.id)
    row = app.queue_row(unit)
    expect(row).to_contain_text("Whistleblowerhenvendelse kræver stillingtagen")
    expect(row).to_contain_text("1 ny oplysning")
    row.get_by_role("button", name="Åbn").click()
    expect(app.page.get_by_role("heading", name=unit.name)).to_contain_text(unit.id)
    expect(app.page.get_by_role("tab", name="Oplysninger", exact=True)).to_have_attribute(
        "aria-selected", "true"
    )

    # Decide: the moment «Nye oplysninger», the colour in force, and why.
    panel = app.tab("Risikokategorisering")
    expect(panel.get_by_text("1 ny oplysning siden seneste vurdering", exact=False)).to_be_visible()
    expect(panel.get_by_text("1 kræver stillingtagen", exact=False)).to_be_visible()
    expect(toggle(panel, "Tidspunkt", label_of(Phase.NY))).to_have_class(ACTIVE)
    suggested = app.suggestion_line().inner_text()  # shown with the unit, before any choice
    green = colour_label(RiskCategory.GROEN)
    toggle(panel, "Valgt risikokategori", green).click()
    expect(panel.get_by_text(NO_CHANGE, exact=True)).to_be_visible()
    form_field(panel, "Faglig begrundelse").locator("textarea").fill(REASON)
    if "ingen farve" not in suggested and green not in suggested:
        deviation = form_field(panel, "Begrundelse for afvigelse")
        expect(deviation).to_be_visible()
        deviation.locator("textarea").fill("Forslaget vejer henvendelsen tungere end besøget.")
    decide = panel.get_by_role("button", name="Gem risikovurdering", exact=True)
    expect(decide).to_be_enabled()
    decide.click()
    expect(panel.get_by_text("Risikovurderingen er gemt")).to_be_visible()
    latest = assessments(unit.id)[-1]
    assert (latest.phase, latest.chosen, latest.justification) == (
        Phase.NY,
        RiskCategory.GROEN,
        REASON,
    )
    assert latest.information == (report.id,)

    # The unit has left the queue; the history shows the new moment and what it decided on.
    expect(app.queue_row(unit)).to_be_hidden()
    expect(app.queue()).to_contain_text("Ingen enheder venter på stillingtagen")
    history = app.tab("Historik")
    entry = history.locator("tr", has_text=REASON)
    expect(entry).to_contain_text("Nye oplysninger")
    expect(entry).to_contain_text(colour_label(RiskCategory.GROEN))
    expect(entry).to_contain_text(
        f"Tog stilling til 1 oplysning: Whistleblowerhenvendelse (nr. {report.id}, modtaget "
        f"{format_stamp(stored.received_on)})"
    )
