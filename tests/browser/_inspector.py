"""The inspector's app in a page, for the browser tests that drive it: the page with locators
by what the user reads, and what the tests read from the store the Voilà server uses.

The store is the one the server uses (the repo-root conftest.py points
``TILSYNWIDGETS_DATA_DIR`` at it), so a test reads what the app saved straight from it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from playwright.sync_api import Dialog, Locator, Page, expect

from tilsynwidgets.assessor import current_assessor
from tilsynwidgets.config import load_settings
from tilsynwidgets.domain.core.categories import Phase, RiskCategory
from tilsynwidgets.domain.core.kinds import UnitKind
from tilsynwidgets.domain.core.units import Unit
from tilsynwidgets.domain.information.records import InformationRecord
from tilsynwidgets.domain.intensity.plans import PlanDecision
from tilsynwidgets.domain.intensity.rulesets import LegalRuleSet
from tilsynwidgets.domain.labels import label_of, labels
from tilsynwidgets.domain.portfolio.standing import UnitStanding, unit_standing
from tilsynwidgets.domain.risk.assessment import RiskAssessment, Suggestion
from tilsynwidgets.domain.risk.criteria import default_catalogue, suggest_for
from tilsynwidgets.store.store import Store
from tilsynwidgets.widgets.inspector.app import TABS

if TYPE_CHECKING:
    from tests.browser.conftest import VoilaServer

APP = "Tilsynsfoerende.ipynb"
KERNEL_ID = "JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"
ACTIVE = re.compile(r"\bmod-active\b")
"""The class ipywidgets gives a pressed toggle button (it sets no aria-pressed)."""


# --- Data from the store the server uses -----------------------------------------------


def units_of(kind: UnitKind) -> list[Unit]:
    """The portfolio's units of ``kind``, sorted by id."""
    with Store.open() as store:
        return sorted((u for u in store.units() if u.kind is kind), key=lambda u: u.id)


def tilbud_unit(index: int) -> Unit:
    """The ``index``-th tilbud by id (one per test, so tests do not depend on each other)."""
    with Store.open() as store:
        ids = sorted(i for i in store.units_frame()["id"] if str(i).startswith("T-"))
        return store.unit(ids[index])


def suggestion(unit: Unit) -> Suggestion:
    """The packaged catalogue's suggestion for ``unit``, as the app computes it."""
    return suggest_for(unit, default_catalogue())


def suggested(unit: Unit) -> RiskCategory:
    """The suggested colour of a unit the catalogue has a colour for."""
    category = suggestion(unit).category
    assert category is not None, f"kataloget har intet farveforslag til {unit.id}"
    return category


def other_colour(category: RiskCategory) -> RiskCategory:
    """A colour that deviates from ``category``."""
    return RiskCategory.ROED if category is not RiskCategory.ROED else RiskCategory.GROEN


def assessments(unit_id: str) -> list[RiskAssessment]:
    with Store.open() as store:
        return store.assessments(unit_id)


def information_of(unit_id: str) -> list[InformationRecord]:
    """The unit's information records in the store, in the order received."""
    with Store.open() as store:
        return store.information(unit_id)


def plans(unit_id: str) -> list[PlanDecision]:
    with Store.open() as store:
        return store.plans(unit_id)


def standing(unit: Unit, rules: LegalRuleSet, today: date) -> UnitStanding:
    """The unit as it stands in the store: category and plan in force, and their fit."""
    with Store.open() as store:
        return unit_standing(unit, store.assessments(unit.id), store.plans(unit.id), rules, today)


def assessor_name() -> str:
    return current_assessor(configured=load_settings().assessor).name


def colour_label(category: RiskCategory) -> str:
    """How the colour reads on its button and badge: symbol and text, e.g. "▲ Rød"."""
    style = labels().category(category)
    return f"{style.symbol} {style.label}"


# --- The page --------------------------------------------------------------------------


@dataclass
class Inspector:
    """The app in one page, with locators by what the user reads."""

    page: Page
    server: VoilaServer
    dialogs: list[str] = field(default_factory=list)
    unit: Unit | None = None
    """The unit chosen last."""

    def open(self) -> None:
        self.page.goto(self.server.url(APP))
        self.wait_until_ready()

    def wait_until_ready(self) -> None:
        expect(self.page.get_by_text("Tilsynsførende:")).to_be_visible()
        expect(self.page.get_by_text(re.compile(r"\d+ enheder? fundet"))).to_be_visible()

    def reload(self) -> None:
        """Reload the page: a new kernel, which reads everything from the store again."""
        first_kernel = self.page.evaluate(KERNEL_ID)
        self.page.reload()
        self.wait_until_ready()
        assert self.page.evaluate(KERNEL_ID) != first_kernel

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
        self.unit = unit

    def tab(self, name: str) -> Locator:
        """Open the tab ``name`` and return its panel."""
        self.page.get_by_role("tab", name=name, exact=True).click()
        expect(self.page.get_by_role("tab", name=name, exact=True)).to_have_attribute(
            "aria-selected", "true"
        )
        panel = self.page.locator(".widget-tab-contents > .lm-Widget").nth(TABS.index(name))
        expect(panel).to_be_visible()
        return panel

    def queue(self) -> Locator:
        """The panel «Venter på stillingtagen» above the unit picker."""
        return self.page.locator(".tw-queue-panel")

    def queue_row(self, unit: Unit) -> Locator:
        """The queue's line for ``unit``, with its button «Åbn»."""
        return self.queue().locator(".tw-queue-row", has_text=f"{unit.id} – {unit.name}")

    def search(self, text: str) -> None:
        """Type in the picker's search (it narrows the list of units and the queue alike)."""
        self.page.get_by_label("Søg", exact=True).fill(text)

    def suggestion_line(self) -> Locator:
        """The suggestion's head line, beside the choice in "Risikokategorisering"."""
        return self.page.locator("p", has_text="Katalogets forslag:")

    def standing_row(self, title: str) -> Locator:
        """A row of the card's table of the unit as it stands ("Kategori i kraft", …)."""
        heading = self.page.locator("th", has_text=title)
        return self.page.locator("table.tw-standing tr", has=heading)

    def categorise(
        self,
        phase: Phase,
        chosen: RiskCategory,
        justification: str,
        deviation: str = "Besøget og de nye oplysninger vejer tungere end forslaget.",
    ) -> Locator:
        """Fill in and save a risk assessment; the deviation question is answered when the
        form asks it. Returns the categorisation panel."""
        panel = self.tab("Risikokategorisering")
        toggle(panel, "Tidspunkt", label_of(phase)).click()
        toggle(panel, "Valgt risikokategori", colour_label(chosen)).click()
        expect(toggle(panel, "Valgt risikokategori", colour_label(chosen))).to_have_class(ACTIVE)
        form_field(panel, "Faglig begrundelse").locator("textarea").fill(justification)
        deviation_box = form_field(panel, "Begrundelse for afvigelse")
        # Whether the form asks is the domain's answer, not a glance at the page: the kernel
        # may not have shown the question yet when the page is looked at.
        assert self.unit is not None, "choose a unit first"
        suggested = suggestion(self.unit).category
        if suggested is not None and suggested is not chosen:
            expect(deviation_box).to_be_visible()
            deviation_box.locator("textarea").fill(deviation)
        else:
            expect(deviation_box).to_be_hidden()
        save = panel.get_by_role("button", name="Gem risikovurdering", exact=True)
        expect(save).to_be_enabled()
        save.click()
        expect(panel.get_by_text("Risikovurderingen er gemt")).to_be_visible()
        return panel

    def assert_no_dialogs(self) -> None:
        assert self.dialogs == [], f"siden åbnede dialoger: {self.dialogs}"


@contextmanager
def inspector_in(page: Page, server: VoilaServer) -> Iterator[Inspector]:
    """The inspector's app opened in ``page``; every dialog (e.g. an injected ``alert``) is
    noted, and the test fails if there was one."""
    inspector = Inspector(page, server)

    def dismiss(dialog: Dialog) -> None:
        inspector.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", dismiss)
    inspector.open()
    yield inspector
    inspector.assert_no_dialogs()


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


def choice_box(scope: Locator, title: str) -> Locator:
    """The drop-down of the choice field titled ``title``."""
    return form_field(scope, title).locator("select")


def number_box(scope: Locator, title: str) -> Locator:
    """The input of the number field titled ``title``."""
    return form_field(scope, title).locator("input")
