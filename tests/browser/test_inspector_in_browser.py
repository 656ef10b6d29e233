"""Tilsynsførendes app in Chromium: pick a unit, categorise it, plan the intensity, find an
unsaved draft again after a reload, and see hostile input shown as text, never as markup.

Every test uses its own unit, so they do not depend on each other or on their order. The
store is the one the Voilà server uses (the repo-root conftest.py points
``TILSYNWIDGETS_DATA_DIR`` at it), so the tests read what the app saved straight from it.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Dialog, Locator, Page, expect

from tilsynwidgets.assessor import current_assessor
from tilsynwidgets.config import load_settings
from tilsynwidgets.domain.core.categories import Phase, RiskCategory
from tilsynwidgets.domain.core.drafts import DraftKey
from tilsynwidgets.domain.core.units import Unit
from tilsynwidgets.domain.intensity.plans import PlanDecision, estimate_hours, template_for
from tilsynwidgets.domain.intensity.rulesets import check_plan, ruleset
from tilsynwidgets.domain.labels import label_of, labels
from tilsynwidgets.domain.risk.assessment import RiskAssessment
from tilsynwidgets.domain.risk.criteria import default_catalogue, suggest_category
from tilsynwidgets.store.store import Store
from tilsynwidgets.widgets.inspector.app import TABS

if TYPE_CHECKING:
    from tests.browser.conftest import VoilaServer

pytestmark = pytest.mark.browser

APP = "Tilsynsfoerende.ipynb"
KERNEL_ID = "JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"
HOSTILE = "<img src=x onerror=alert(1)>"
# How long the test waits for the kernel to autosave a draft it was sent.
DRAFT_TIMEOUT_S = 15.0

# One unit per test (an index into the portfolio's tilbud, sorted by id).
UNIT_HOSTILE, UNIT_PLAN, UNIT_DRAFT, UNIT_DEVIATION = range(4)


# --- Data from the store the server uses -----------------------------------------------


def tilbud_unit(index: int) -> Unit:
    with Store.open() as store:
        ids = sorted(i for i in store.units_frame()["id"] if str(i).startswith("T-"))
        return store.unit(ids[index])


def suggested(unit: Unit) -> RiskCategory:
    return suggest_category(unit.signals, default_catalogue()).category


def other_colour(category: RiskCategory) -> RiskCategory:
    """A colour that deviates from ``category``."""
    return RiskCategory.ROED if category is not RiskCategory.ROED else RiskCategory.GROEN


def assessments(unit_id: str) -> list[RiskAssessment]:
    with Store.open() as store:
        return store.assessments(unit_id)


def plans(unit_id: str) -> list[PlanDecision]:
    with Store.open() as store:
        return store.plans(unit_id)


def assessor_name() -> str:
    return current_assessor(configured=load_settings().assessor).name


def colour_label(category: RiskCategory) -> str:
    """How the colour reads on its button and badge: symbol and text, e.g. "▲ Rød"."""
    style = labels().category(category)
    return f"{style.symbol} {style.label}"


def hours_text(hours: float) -> str:
    """Hours as the app writes them: ``19,5``."""
    return f"{hours:g}".replace(".", ",")


# --- The page --------------------------------------------------------------------------


@dataclass
class Inspector:
    """The app in one page, with locators by what the user reads."""

    page: Page
    server: VoilaServer
    dialogs: list[str] = field(default_factory=list)

    def open(self) -> None:
        self.page.goto(self.server.url(APP))
        self.wait_until_ready()

    def wait_until_ready(self) -> None:
        expect(self.page.get_by_text("Tilsynsførende:")).to_be_visible()
        expect(self.page.get_by_text(re.compile(r"\d+ enheder fundet"))).to_be_visible()

    def choose(self, unit: Unit) -> None:
        """Search the unit by id, pick it in the list and wait for its card."""
        self.page.get_by_label("Søg", exact=True).fill(unit.id)
        listed = self.page.get_by_label("Enheder", exact=True)
        first = listed.locator("option").first
        expect(first).to_have_attribute("value", re.compile(rf"^\S+ {re.escape(unit.id)} – "))
        value = first.get_attribute("value")
        assert value is not None
        listed.select_option(value=value)
        expect(self.page.get_by_role("heading", name=unit.name)).to_be_visible()
        expect(self.page.get_by_role("heading", name=unit.name)).to_contain_text(unit.id)

    def tab(self, name: str) -> Locator:
        """Open the tab ``name`` and return its panel."""
        self.page.get_by_role("tab", name=name, exact=True).click()
        expect(self.page.get_by_role("tab", name=name, exact=True)).to_have_attribute(
            "aria-selected", "true"
        )
        panel = self.page.locator(".widget-tab-contents > .lm-Widget").nth(TABS.index(name))
        expect(panel).to_be_visible()
        return panel

    def suggestion_line(self) -> Locator:
        return self.page.locator("p", has_text="Foreslået kategori:")

    def assert_no_dialogs(self) -> None:
        assert self.dialogs == [], f"siden åbnede dialoger: {self.dialogs}"


def form_field(scope: Locator, title: str) -> Locator:
    """The box of the form field or section titled ``title``: its title, control(s), help
    and error line (ModelForm titles a box with an HTML widget as its first child)."""
    return scope.locator(
        "xpath=.//div[contains(concat(' ', normalize-space(@class), ' '), ' widget-vbox ')]"
        "[div[contains(concat(' ', normalize-space(@class), ' '), ' widget-html ')][1]"
        f"[normalize-space() = '{title}']]"
    )


def toggle(scope: Locator, title: str, option: str) -> Locator:
    return form_field(scope, title).get_by_role("button", name=option, exact=True)


@pytest.fixture
def app(page: Page, voila_server: VoilaServer) -> Iterator[Inspector]:
    """The inspector's app, opened; every dialog (e.g. an injected ``alert``) is noted."""
    inspector = Inspector(page, voila_server)

    def dismiss(dialog: Dialog) -> None:
        inspector.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", dismiss)
    inspector.open()
    yield inspector
    inspector.assert_no_dialogs()


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
    expect(toggle(panel, "Valgt risikokategori", colour_label(chosen))).to_have_class(
        re.compile(r"\bmod-active\b")
    )
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
    app.page.reload()
    app.wait_until_ready()
    app.choose(unit)
    history = app.tab("Historik")
    expect(history).to_contain_text(justification)
    expect(history).to_contain_text(f"Afvigelse fra forslaget: {deviation}")
    expect(app.page.locator('img[src="x"]')).to_have_count(0)


def test_plan_hours_follow_the_fields_rule_set_blocks_saving_and_saved_plan_is_in_history(
    app: Inspector,
) -> None:
    unit = tilbud_unit(UNIT_PLAN)
    with Store.open() as store:
        history = store.assessments(unit.id)
    category = history[-1].chosen if history else suggested(unit)
    template = template_for(category)
    announced = template.visits.announced_per_year
    unannounced = template.visits.unannounced_per_year
    rules = ruleset(load_settings().ruleset)
    before = len(plans(unit.id))

    def plan_hours(announced: int, unannounced: int) -> float:
        visits = template.visits.model_copy(
            update={"announced_per_year": announced, "unannounced_per_year": unannounced}
        )
        return estimate_hours(template.model_copy(update={"visits": visits}))

    app.choose(unit)
    panel = app.tab("Tilsynsintensitet")
    hours = panel.locator("p", has_text="Anslåede timer om året:")
    expect(hours).to_have_text(f"Anslåede timer om året: {hours_text(estimate_hours(template))}")
    announced_box = form_field(panel, "Anmeldte tilsynsbesøg om året").locator("input")
    unannounced_box = form_field(panel, "Uanmeldte tilsynsbesøg om året").locator("input")
    expect(announced_box).to_have_value(str(announced))
    expect(unannounced_box).to_have_value(str(unannounced))

    unannounced_box.fill(str(unannounced + 1))
    more = plan_hours(announced, unannounced + 1)
    assert more != estimate_hours(template)
    expect(hours).to_have_text(f"Anslåede timer om året: {hours_text(more)}")

    # No visits at all breaks the rule set: shown at the visits, and saving is refused.
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
    expect(hours).to_have_text(f"Anslåede timer om året: {hours_text(plan_hours(0, 0))}")
    panel.get_by_role("button", name="Gem intensitetsplan", exact=True).click()
    refused = panel.get_by_role("status").filter(has_text="Planen kan ikke gemmes")
    expect(refused).to_be_visible()
    expect(refused).to_contain_text(violations[0].message)
    assert len(plans(unit.id)) == before

    announced_box.fill(str(announced))
    unannounced_box.fill(str(unannounced + 1))
    expect(hours).to_have_text(f"Anslåede timer om året: {hours_text(more)}")
    expect(visits_section.get_by_role("alert")).to_have_count(0)
    panel.get_by_role("button", name="Gem intensitetsplan", exact=True).click()
    expect(panel.get_by_role("status")).to_have_text(
        f"Intensitetsplanen ({hours_text(more)} timer om året) er gemt af {assessor_name()}."
    )

    stored = plans(unit.id)
    assert len(stored) == before + 1
    latest = stored[-1]
    assert latest.plan.visits.announced_per_year == announced
    assert latest.plan.visits.unannounced_per_year == unannounced + 1
    assert latest.estimated_hours == more
    assert latest.ruleset_id == rules.id

    history_panel = app.tab("Historik")
    expect(
        history_panel.locator("tr", has_text="Intensitetsplan").filter(
            has_text=f"{hours_text(more)} timer om året, af {assessor_name()}"
        )
    ).to_have_count(1)


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

    # Autosave is synchronous in the kernel; wait (bounded) until the store holds the text.
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

    first_kernel = app.page.evaluate(KERNEL_ID)
    app.page.reload()
    app.wait_until_ready()
    assert app.page.evaluate(KERNEL_ID) != first_kernel
    app.choose(unit)
    panel = app.tab("Risikokategorisering")
    expect(panel.get_by_role("status")).to_have_text(
        "Din ikke-gemte kladde til denne enhed er gendannet."
    )
    expect(form_field(panel, "Faglig begrundelse").locator("textarea")).to_have_value(text)
    expect(toggle(panel, "Tidspunkt", label_of(Phase.POST))).to_have_class(
        re.compile(r"\bmod-active\b")
    )
    expect(toggle(panel, "Valgt risikokategori", colour_label(chosen))).to_have_class(
        re.compile(r"\bmod-active\b")
    )
    assert len(assessments(unit.id)) == before  # a draft is not an assessment


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
