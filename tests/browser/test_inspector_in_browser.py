"""Tilsynsførendes app in Chromium: pick a unit, categorise it, plan the intensity, find an
unsaved draft again after a reload, and see hostile input shown as text, never as markup.

Every test uses its own unit, so they do not depend on each other or on their order. The
store is the one the Voilà server uses (the repo-root conftest.py points
``TILSYNWIDGETS_DATA_DIR`` at it), so the tests read what the app saved straight from it.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Locator, Page, expect
from tests.browser._inspector import (
    ACTIVE,
    Inspector,
    assessments,
    assessor_name,
    colour_label,
    form_field,
    inspector_in,
    number_box,
    other_colour,
    plans,
    standing,
    suggested,
    tilbud_unit,
    toggle,
)

from tilsynwidgets.config import load_settings
from tilsynwidgets.domain.core.categories import Phase
from tilsynwidgets.domain.core.danish_numbers import danish_number
from tilsynwidgets.domain.core.drafts import DraftKey
from tilsynwidgets.domain.core.units import Unit
from tilsynwidgets.domain.intensity.plans import estimate_hours, hours_model, template_for
from tilsynwidgets.domain.intensity.rulesets import check_plan, ruleset
from tilsynwidgets.domain.labels import label_of
from tilsynwidgets.store.store import Store
from tilsynwidgets.widgets.common.drafts import PAUSE_S

if TYPE_CHECKING:
    from tests.browser.conftest import VoilaServer

pytestmark = pytest.mark.browser

HOSTILE = "<img src=x onerror=alert(1)>"
# How long the test waits for the kernel to autosave a draft it was sent.
DRAFT_TIMEOUT_S = 15.0

# One unit per test (an index into the portfolio's tilbud, sorted by id).
UNIT_HOSTILE, UNIT_PLAN, UNIT_DRAFT, UNIT_DEVIATION, UNIT_TYPED = range(5)


@pytest.fixture
def app(page: Page, voila_server: VoilaServer) -> Iterator[Inspector]:
    """The inspector's app, opened; a dialog (e.g. an injected ``alert``) fails the test."""
    with inspector_in(page, voila_server) as inspector:
        yield inspector


# --- Tests -----------------------------------------------------------------------------


def test_assessment_with_hostile_justification_is_saved_as_typed_and_shown_as_text(
    app: Inspector,
) -> None:
    unit = tilbud_unit(UNIT_HOSTILE)
    suggestion = suggested(unit)
    chosen = other_colour(suggestion)
    before = len(assessments(unit.id))
    justification = (
        f'Tilsynet så "mangler" & {HOSTILE} i dokumentationen; ledelsen er ny og ustabil.'
    )
    deviation = f"Forslaget overser {HOSTILE} – whistleblowerens oplysninger vejer tungt."

    app.choose(unit)
    expect(app.suggestion_line()).to_contain_text(colour_label(suggestion))

    panel = app.tab("Risikokategorisering")
    toggle(panel, "Tidspunkt", label_of(Phase.POST)).click()
    toggle(panel, "Valgt risikokategori", colour_label(chosen)).click()
    expect(toggle(panel, "Valgt risikokategori", colour_label(chosen))).to_have_class(ACTIVE)
    form_field(panel, "Faglig begrundelse").locator("textarea").fill(justification)
    form_field(panel, "Begrundelse for afvigelse").locator("textarea").fill(deviation)
    save = panel.get_by_role("button", name="Gem risikovurdering", exact=True)
    expect(save).to_be_enabled()
    save.click()
    expect(panel.get_by_text("Risikovurderingen er gemt")).to_be_visible()

    stored = assessments(unit.id)
    assert len(stored) == before + 1
    latest = stored[-1]
    assert latest.justification == justification
    assert latest.deviation_justification == deviation
    assert (latest.phase, latest.chosen, latest.suggested) == (Phase.POST, chosen, suggestion)
    assert latest.assessor == assessor_name()
    with Store.open() as store:  # saved, so nothing is left to restore
        assert store.load_draft(DraftKey.assessment(assessor_name(), unit.id)) is None

    history = app.tab("Historik")
    expect(history).to_contain_text(justification)
    expect(history).to_contain_text(f"Afvigelse fra forslaget: {deviation}")
    expect(app.page.locator('img[src="x"]')).to_have_count(0)
    app.assert_no_dialogs()

    # A new page and kernel render the stored text from the store: still text.
    app.reload()
    app.choose(unit)
    history = app.tab("Historik")
    expect(history).to_contain_text(justification)
    expect(history).to_contain_text(f"Afvigelse fra forslaget: {deviation}")
    expect(app.page.locator('img[src="x"]')).to_have_count(0)


def test_plan_opens_in_force_restarts_from_the_template_and_saves_only_without_errors(
    app: Inspector,
) -> None:
    unit = tilbud_unit(UNIT_PLAN)
    rules = ruleset(load_settings().ruleset)
    model = hours_model(rules)
    now = standing(unit, rules, date.today())
    assert now.category is not None, "testen kræver en kategori i kraft"
    assert now.plan is not None, "testen kræver en plan i kraft"
    in_force = now.plan
    category = now.category.chosen
    template = template_for(category, unit.kind, unit.capacity, rules)
    announced = template.visits.announced_per_year
    unannounced = template.visits.unannounced_per_year
    before = len(plans(unit.id))

    def plan_hours(announced: int, unannounced: int) -> float:
        visits = template.visits.model_copy(
            update={"announced_per_year": announced, "unannounced_per_year": unannounced}
        )
        return estimate_hours(template.model_copy(update={"visits": visits}), model)

    def hours_line(hours: float) -> str:
        return f"Anslåede timer om året: {danish_number(hours)}"

    app.choose(unit)
    panel = app.tab("Tilsynsintensitet")
    hours = panel.locator("p", has_text="Anslåede timer om året:")
    announced_box = number_box(panel, "Anmeldte tilsynsbesøg om året")
    unannounced_box = number_box(panel, "Uanmeldte tilsynsbesøg om året")
    save = panel.get_by_role("button", name="Gem intensitetsplan", exact=True)

    # The tab opens the plan in force, not the colour's template.
    expect(panel.get_by_text("Planen i kraft, gemt", exact=False)).to_be_visible()
    expect(announced_box).to_have_value(str(in_force.plan.visits.announced_per_year))
    expect(unannounced_box).to_have_value(str(in_force.plan.visits.unannounced_per_year))
    expect(hours).to_have_text(hours_line(estimate_hours(in_force.plan, model)))

    # Starting again from the template is an explicit action; the template unchanged needs
    # a reason, so saving waits for one.
    panel.get_by_role("button", name="Start forfra fra skabelonen", exact=True).click()
    expect(panel.get_by_text("Udgangspunkt: skabelonen for", exact=False)).to_be_visible()
    expect(announced_box).to_have_value(str(announced))
    expect(unannounced_box).to_have_value(str(unannounced))
    expect(hours).to_have_text(hours_line(estimate_hours(template, model)))
    unchanged = panel.get_by_role("alert").filter(has_text="Skabelonen bruges uændret")
    expect(unchanged).to_be_visible()
    expect(save).to_be_disabled()

    # A change to the plan changes the hours and removes the template's error at once.
    unannounced_box.fill(str(unannounced + 1))
    more = plan_hours(announced, unannounced + 1)
    assert more != estimate_hours(template, model)
    expect(hours).to_have_text(hours_line(more))
    expect(unchanged).to_have_count(0)
    expect(save).to_be_enabled()

    # No visits at all breaks the rule set: each rule's sentence at the visits, and the
    # save button is disabled (a forced click saves nothing).
    announced_box.fill("0")
    unannounced_box.fill("0")
    zero = template.visits.model_copy(update={"announced_per_year": 0, "unannounced_per_year": 0})
    violations = check_plan(template.model_copy(update={"visits": zero}), rules)
    assert violations, f"regelsættet {rules.id} kræver ingen besøg; testen forudsætter det"
    visits_section = form_field(panel, "Hyppighed af tilsynsbesøg")
    expect(visits_section).to_have_count(1)
    for violation in violations:
        expect(
            visits_section.get_by_role("alert").filter(has_text=violation.message)
        ).to_be_visible()
    expect(hours).to_have_text(hours_line(plan_hours(0, 0)))
    expect(save).to_be_disabled()
    expect(panel.get_by_role("status")).to_have_text(
        f"Kan ikke gemmes endnu: {len(violations)} fejl (Hyppighed af tilsynsbesøg)"
    )
    save.click(force=True)  # a disabled button does nothing, even when clicked
    assert len(plans(unit.id)) == before

    announced_box.fill(str(announced))
    unannounced_box.fill(str(unannounced + 1))
    expect(hours).to_have_text(hours_line(more))
    expect(visits_section.get_by_role("alert")).to_have_count(0)
    expect(save).to_be_enabled()
    save.click()
    expect(panel.get_by_role("status")).to_have_text(
        f"Intensitetsplanen ({danish_number(more)} timer om året) er gemt af {assessor_name()}."
    )
    expect(panel.get_by_text("Kan ikke gemmes endnu", exact=False)).to_have_count(0)

    stored = plans(unit.id)
    assert len(stored) == before + 1
    latest = stored[-1]
    assert latest.plan.visits.announced_per_year == announced
    assert latest.plan.visits.unannounced_per_year == unannounced + 1
    assert latest.estimated_hours == more
    assert (latest.ruleset_id, latest.category) == (rules.id, category)

    history_panel = app.tab("Historik")
    expect(
        history_panel.locator("tr", has_text="Intensitetsplan").filter(
            has_text=f"{danish_number(more)} timer om året, af {assessor_name()}"
        )
    ).to_have_count(1)


def _reloaded_with_draft(app: Inspector, unit: Unit, text: str) -> Locator:
    """A new page and kernel, the unit chosen again: its draft restored with ``text`` as
    the justification. The assessment panel."""
    app.reload()
    app.choose(unit)
    panel = app.tab("Risikokategorisering")
    expect(panel.get_by_role("status")).to_have_text(
        "Din ikke-gemte kladde til denne enhed er gendannet."
    )
    expect(form_field(panel, "Faglig begrundelse").locator("textarea")).to_have_value(text)
    return panel


def test_unsaved_assessment_draft_is_restored_in_a_new_kernel(app: Inspector) -> None:
    unit = tilbud_unit(UNIT_DRAFT)
    chosen = other_colour(suggested(unit))
    text = "Kladde: mangler opfølgning på magtanvendelser, æøå bevaret."
    before = len(assessments(unit.id))
    with Store.open() as store:
        assert store.load_draft(DraftKey.assessment(assessor_name(), unit.id)) is None

    app.choose(unit)
    panel = app.tab("Risikokategorisering")
    expect(panel.get_by_text("gendannet")).to_have_count(0)
    toggle(panel, "Tidspunkt", label_of(Phase.POST)).click()
    toggle(panel, "Valgt risikokategori", colour_label(chosen)).click()
    form_field(panel, "Faglig begrundelse").locator("textarea").fill(text)

    # Autosave writes when typing pauses; wait (bounded) until the store holds the text.
    deadline = time.monotonic() + DRAFT_TIMEOUT_S
    while True:
        with Store.open() as store:
            draft = store.load_draft(DraftKey.assessment(assessor_name(), unit.id))
        if draft is not None and draft.get("justification") == text:
            break
        assert time.monotonic() < deadline, f"kladden blev ikke gemt; lageret har {draft!r}"
        time.sleep(0.2)
    assert draft["phase"] == Phase.POST.value
    assert draft["chosen"] == chosen.value

    panel = _reloaded_with_draft(app, unit, text)
    expect(toggle(panel, "Tidspunkt", label_of(Phase.POST))).to_have_class(ACTIVE)
    expect(toggle(panel, "Valgt risikokategori", colour_label(chosen))).to_have_class(ACTIVE)
    assert len(assessments(unit.id)) == before  # a draft is not an assessment


def test_the_last_keystrokes_survive_a_reload_within_the_pause(app: Inspector) -> None:
    """Typed letter by letter and reloaded before the pause is over: the kernel held the
    draft back (one write per pause, not per keystroke) and wrote it on its way out, before
    the new page read it."""
    unit = tilbud_unit(UNIT_TYPED)
    text = "Tastet og genindlæst straks: intet ord mistes, æøå."
    app.choose(unit)
    panel = app.tab("Risikokategorisering")
    field = form_field(panel, "Faglig begrundelse").locator("textarea")
    field.press_sequentially(text, delay=15)
    # Reloaded before the pause after the last keystroke is over (PAUSE_S), but not at once:
    # the browser holds back a widget's newest value while the kernel works on the one
    # before, and a page that goes drops it (ipywidgets' own, with or without the pause).
    app.page.wait_for_timeout(300)
    assert PAUSE_S * 1000 > 300
    _reloaded_with_draft(app, unit, text)


def test_deviation_without_its_justification_is_refused_at_that_field(app: Inspector) -> None:
    unit = tilbud_unit(UNIT_DEVIATION)
    suggestion = suggested(unit)
    chosen = other_colour(suggestion)
    before = len(assessments(unit.id))

    app.choose(unit)
    expect(app.suggestion_line()).to_contain_text(colour_label(suggestion))
    panel = app.tab("Risikokategorisering")
    toggle(panel, "Valgt risikokategori", colour_label(chosen)).click()
    form_field(panel, "Faglig begrundelse").locator("textarea").fill(
        "Enheden har haft tre lederskift på et år og mange vikarer."
    )

    deviation_field = form_field(panel, "Begrundelse for afvigelse")
    expect(deviation_field.get_by_role("alert")).to_contain_text("afviger fra forslaget")
    expect(form_field(panel, "Faglig begrundelse").get_by_role("alert")).to_have_count(0)
    save = panel.get_by_role("button", name="Gem risikovurdering", exact=True)
    expect(save).to_be_disabled()
    expect(
        panel.get_by_text("Kan ikke gemmes endnu: 1 fejl (Begrundelse for afvigelse)")
    ).to_be_visible()
    save.click(force=True)  # a disabled button does nothing, even when clicked

    # Once the deviation is justified the same form saves; the refused click saved nothing.
    deviation_field.locator("textarea").fill(
        "Risikosignalerne er forældede; besøget viste alvorlige mangler."
    )
    expect(deviation_field.get_by_role("alert")).to_have_count(0)
    expect(save).to_be_enabled()
    assert len(assessments(unit.id)) == before
    save.click()
    expect(panel.get_by_text("Risikovurderingen er gemt")).to_be_visible()
    stored = assessments(unit.id)
    assert len(stored) == before + 1
    assert stored[-1].chosen == chosen
    assert stored[-1].deviation_justification.startswith("Risikosignalerne er forældede")
