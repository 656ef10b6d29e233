"""The inspector's working picture in Chromium (issue 13): the saved plan comes back after a
reload; no colour is chosen until the inspector chooses; unknown signals are reported and
too little known gives no colour; a plejefamilie is planned with the family's sources; the
2025 rule set gives its own templates; a quality assessment entered in the app is the one a
post assessment rests on; a change of category shows the plan's mismatch until a new plan
is saved; and a version put in force in the criteria workshop is the one that suggests.

Every test uses its own unit, so the tests do not depend on each other or on their order.
What the page shows is checked against the domain functions that compute it, and what the
app saved is read back from the store the Voilà server uses.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
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
    suggestion,
    tilbud_unit,
    toggle,
    units_of,
)
from tests.browser._workshop import choose_in_force, put_in_force_said, save_as_version
from tests.browser.conftest import NOTEBOOKS, running_voila, voila_environment

from tilsynwidgets.config import load_settings
from tilsynwidgets.domain.core.categories import Phase, RiskCategory
from tilsynwidgets.domain.core.danish_numbers import (
    counted,
    danish_count,
    danish_decimal,
    danish_number,
)
from tilsynwidgets.domain.core.kinds import UnitKind
from tilsynwidgets.domain.core.local_time import format_stamp
from tilsynwidgets.domain.core.signals import signal_catalogue
from tilsynwidgets.domain.core.units import Unit
from tilsynwidgets.domain.intensity.plans import (
    PlanDecision,
    estimate_hours,
    hours_model,
    template_for,
    template_set,
)
from tilsynwidgets.domain.intensity.rulesets import LegalRuleSet, check_plan, ruleset
from tilsynwidgets.domain.intensity.templates import offered
from tilsynwidgets.domain.labels import label_of
from tilsynwidgets.domain.quality.model import quality_model, theme_scores
from tilsynwidgets.domain.risk.criteria import default_catalogue
from tilsynwidgets.domain.risk.quality_basis import newest_first, reference_to
from tilsynwidgets.domain.workshop.in_force import new_entry, packaged_reference
from tilsynwidgets.store.store import Store
from tilsynwidgets.widgets.unit.assessment_form import NO_CHOICE, quality_label
from tilsynwidgets.widgets.unit.plan_texts import unit_size
from tilsynwidgets.widgets.unit.standing import first_line

if TYPE_CHECKING:
    from tests.browser.conftest import VoilaServer

pytestmark = pytest.mark.browser

RULESET_2025 = "mere-risikobaseret-2025"
WORKSHOP = "Kriterier.ipynb"
VERSION = "2026.1-i-brug"
"""A workshop version identical to the packaged catalogue apart from its name, so putting it
in force changes no suggestion of the other tests."""

# One tilbud per test (an index into the portfolio's tilbud, sorted by id); the inspector's
# other browser tests use the first four.
UNIT_RELOAD, UNIT_NO_COLOUR, UNIT_MISMATCH, UNIT_2025, UNIT_QUALITY, UNIT_IN_FORCE = range(10, 16)
REASON = "Planen er tilpasset enhedens størrelse og de seneste oplysninger."


def rules_in_force() -> LegalRuleSet:
    return ruleset(load_settings().ruleset)


def plan_in_force(unit: Unit, rules: LegalRuleSet) -> PlanDecision:
    """The unit's plan in force; it must have one made for its category in force."""
    now = standing(unit, rules, date.today())
    assert now.category is not None, f"{unit.id} har ingen kategori i kraft"
    assert now.plan is not None, f"{unit.id} har ingen plan i kraft"
    assert now.plan.category is now.category.chosen, f"{unit.id}s plan passer ikke"
    return now.plan


def expect_plan_on_card(row: Locator, decision: PlanDecision) -> None:
    """The card's "Plan i kraft" row names the plan's colour, visits, hours, when and who."""
    visits = decision.plan.visits
    for fact in (
        f"for {colour_label(decision.category)} · ",
        f"{counted(visits.announced_per_year, 'anmeldt', 'anmeldte')} og ",
        f"{counted(visits.unannounced_per_year, 'uanmeldt', 'uanmeldte')} besøg om året",
        f"{danish_number(decision.estimated_hours)} timer om året",
        f"{format_stamp(decision.decided_at)} af {decision.author}",
    ):
        expect(row).to_contain_text(fact)


def unknown_text(unknown: int, applicable: int) -> str:
    """ "3 af 12 risikosignaler er ukendte"."""
    word = "ukendt" if unknown == 1 else "ukendte"
    return f"{danish_count(unknown)} af {danish_count(applicable)} risikosignaler er {word}"


def signal_labels(keys: tuple[str, ...]) -> list[str]:
    catalogue = signal_catalogue()
    return [catalogue.get(key).label for key in keys]


def assert_no_colour_chosen(panel: Locator) -> None:
    """No colour button is pressed, and the form says so."""
    for colour in RiskCategory:
        button = toggle(panel, "Valgt risikokategori", colour_label(colour))
        expect(button).to_be_visible()
        expect(button).not_to_have_class(ACTIVE)
    expect(panel.get_by_text(f"Valgt kategori: {NO_CHOICE}", exact=True)).to_be_visible()


@pytest.fixture
def app(page: Page, voila_server: VoilaServer) -> Iterator[Inspector]:
    """The inspector's app under the rule set in force; a dialog fails the test."""
    with inspector_in(page, voila_server) as inspector:
        yield inspector


@pytest.fixture(scope="module")
def voila_2025(
    voila_server: VoilaServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[VoilaServer]:
    """A second Voilà server on the same store, with the 2025 rule set in force (the
    configuration's ``TILSYNWIDGETS_RULESET``, as an operator would set it)."""
    env = voila_environment()
    env["TILSYNWIDGETS_RULESET"] = RULESET_2025
    log_path = tmp_path_factory.mktemp("voila-2025") / "voila.log"
    with running_voila(NOTEBOOKS, log_path, env=env) as server:
        yield server


# --- Tests -----------------------------------------------------------------------------


def test_a_saved_plan_comes_back_after_a_reload_and_stands_on_the_card(app: Inspector) -> None:
    unit = tilbud_unit(UNIT_RELOAD)
    rules = rules_in_force()
    model = hours_model(rules)
    in_force = plan_in_force(unit, rules)
    visits = in_force.plan.visits
    unannounced = visits.unannounced_per_year + 1
    changed = in_force.plan.model_copy(
        update={"visits": visits.model_copy(update={"unannounced_per_year": unannounced})}
    )
    hours = estimate_hours(changed, model)
    before = len(plans(unit.id))

    app.choose(unit)
    expect_plan_on_card(app.standing_row("Plan i kraft"), in_force)
    panel = app.tab("Tilsynsintensitet")
    unannounced_box = number_box(panel, "Uanmeldte tilsynsbesøg om året")
    expect(unannounced_box).to_have_value(str(visits.unannounced_per_year))
    unannounced_box.fill(str(unannounced))
    expect(panel.locator("p", has_text="Anslåede timer om året:")).to_have_text(
        f"Anslåede timer om året: {danish_number(hours)}"
    )
    panel.get_by_role("button", name="Gem intensitetsplan", exact=True).click()
    expect(panel.get_by_role("status")).to_contain_text("er gemt af")
    stored = plans(unit.id)
    assert len(stored) == before + 1
    saved = stored[-1]
    assert saved.plan == changed
    assert saved.estimated_hours == hours

    # A new page and kernel: the plan tab opens the saved plan, not the template.
    app.reload()
    app.choose(unit)
    expect_plan_on_card(app.standing_row("Plan i kraft"), saved)
    expect(app.standing_row("Plan i kraft")).not_to_contain_text("⚠")
    panel = app.tab("Tilsynsintensitet")
    expect(
        panel.get_by_text(
            f"Planen i kraft, gemt {format_stamp(saved.decided_at)} af {saved.author}.",
            exact=False,
        )
    ).to_be_visible()
    expect(number_box(panel, "Anmeldte tilsynsbesøg om året")).to_have_value(
        str(visits.announced_per_year)
    )
    expect(number_box(panel, "Uanmeldte tilsynsbesøg om året")).to_have_value(str(unannounced))
    expect(panel.locator("p", has_text="Anslåede timer om året:")).to_have_text(
        f"Anslåede timer om året: {danish_number(hours)}"
    )
    expect(panel.get_by_role("alert")).to_have_count(0)
    expect(panel.get_by_text("Din ikke-gemte kladde", exact=False)).to_have_count(0)


def test_no_colour_is_chosen_until_the_inspector_chooses(app: Inspector) -> None:
    unit = tilbud_unit(UNIT_NO_COLOUR)
    shown = suggestion(unit)
    assert shown.category is not None

    app.choose(unit)
    panel = app.tab("Risikokategorisering")
    expect(app.suggestion_line()).to_contain_text(colour_label(shown.category))
    assert_no_colour_chosen(panel)
    save = panel.get_by_role("button", name="Gem risikovurdering", exact=True)
    expect(save).to_be_disabled()
    expect(
        panel.get_by_text(re.compile(r"^Kan ikke gemmes endnu: .*Valgt risikokategori"))
    ).to_be_visible()

    # Choosing the suggested colour is a choice like any other; it asks no deviation.
    toggle(panel, "Valgt risikokategori", colour_label(shown.category)).click()
    expect(toggle(panel, "Valgt risikokategori", colour_label(shown.category))).to_have_class(
        ACTIVE
    )
    expect(panel.get_by_text(f"Valgt kategori: {colour_label(shown.category)}")).to_be_visible()
    expect(form_field(panel, "Begrundelse for afvigelse")).to_be_hidden()


def test_unknown_signals_are_reported_and_too_few_known_give_no_colour(
    app: Inspector,
) -> None:
    # A plejefamilie seen by the socialtilsyn lately has every event count known (a visit
    # vouches for them): a unit with a colour and several unknown signals is a tilbud.
    partly = next(
        u
        for u in units_of(UnitKind.TILBUD)
        if suggestion(u).category is not None and len(suggestion(u).unknown_signals) >= 2
    )
    unknown = next(
        u
        for kind in (UnitKind.PLEJEFAMILIE, UnitKind.TILBUD)
        for u in units_of(kind)
        if suggestion(u).category is None
    )

    known = suggestion(partly)
    assert known.category is not None
    app.choose(partly)
    panel = app.tab("Risikokategorisering")
    expect(app.suggestion_line()).to_contain_text(colour_label(known.category))
    count = unknown_text(len(known.unknown_signals), known.applicable_signals)
    expect(panel.get_by_text(f"{count}, og forslaget bygger ikke på dem:")).to_be_visible()
    listed = panel.locator("ul.tw-unknown-signals li")
    expect(listed).to_have_text(signal_labels(known.unknown_signals))
    signals = app.page.locator("table.tw-signals")
    for label in signal_labels(known.unknown_signals):
        expect(signals.locator("tr", has_text=label).locator("td")).to_have_text("ukendt")

    # Too little known: no colour, but a request for the missing information.
    none = suggestion(unknown)
    app.choose(unknown)
    panel = app.tab("Risikokategorisering")
    expect(app.suggestion_line()).to_contain_text("Katalogets forslag: ingen farve")
    expect(app.suggestion_line().locator(".tw-badge")).to_have_count(0)
    request = panel.locator("p", has_text="Der er for lidt kendt om enheden til et farveforslag.")
    count = unknown_text(len(none.unknown_signals), none.applicable_signals)
    expect(request).to_contain_text(f"{count}. Indhent oplysningerne om:")
    expect(panel.locator("ul.tw-unknown-signals li")).to_have_text(
        signal_labels(none.unknown_signals)
    )
    expect(
        panel.get_by_text(
            f"Kataloget foreslår kun en farve, når mindst {danish_count(none.known_needed)} af "
            f"{danish_count(none.applicable_signals)} risikosignaler for enhedens type er kendte."
        )
    ).to_be_visible()
    expect(panel.get_by_text("Ingen kriterier slår til")).to_have_count(0)
    assert_no_colour_chosen(panel)
    # Without a suggestion any colour is a choice, never a deviation.
    toggle(panel, "Valgt risikokategori", colour_label(RiskCategory.GUL)).click()
    expect(panel.get_by_text(f"Valgt kategori: {colour_label(RiskCategory.GUL)}")).to_be_visible()
    expect(form_field(panel, "Begrundelse for afvigelse")).to_be_hidden()


def test_a_plejefamilie_is_planned_with_the_familys_own_sources(app: Inspector) -> None:
    rules = rules_in_force()
    family = next(
        u
        for u in units_of(UnitKind.PLEJEFAMILIE)
        if not suggestion(u).unknown_signals and plans(u.id)
    )
    now = standing(family, rules, date.today())
    assert now.category is not None
    category = now.category.chosen
    template = template_for(category, family.kind, family.capacity, rules)

    app.choose(family)
    panel = app.tab("Tilsynsintensitet")
    sources = form_field(panel, "Datakilder")
    for source in offered(UnitKind.PLEJEFAMILIE).data_sources:
        expect(sources.get_by_role("checkbox", name=label_of(source), exact=True)).to_be_visible()
    for source in offered(UnitKind.TILBUD).data_sources:
        if source not in offered(UnitKind.PLEJEFAMILIE).data_sources:
            expect(sources.get_by_role("checkbox", name=label_of(source))).to_have_count(0)
    expect(panel.get_by_text("Medarbejdere", exact=True)).to_have_count(0)
    expect(panel.get_by_text("Ledelse", exact=True)).to_have_count(0)

    # The family's template, sized to the family.
    panel.get_by_role("button", name="Start forfra fra skabelonen", exact=True).click()
    expect(
        panel.get_by_text(
            f"Udgangspunkt: skabelonen for {colour_label(category)} til {unit_size(family)}.",
            exact=False,
        )
    ).to_be_visible()
    expect(panel.locator("p", has_text="Anslåede timer om året:")).to_have_text(
        f"Anslåede timer om året: {danish_number(estimate_hours(template, hours_model(rules)))}"
    )
    for source in offered(UnitKind.PLEJEFAMILIE).data_sources:
        box = sources.get_by_role("checkbox", name=label_of(source), exact=True)
        if source in template.data_sources.sources:
            expect(box).to_be_checked()
        else:
            expect(box).not_to_be_checked()


def test_the_2025_rule_set_gives_its_templates_and_asks_why_a_visit_is_announced(
    page: Page, voila_2025: VoilaServer
) -> None:
    rules = ruleset(RULESET_2025)
    unit = tilbud_unit(UNIT_2025)
    now = standing(unit, rules, date.today())
    assert now.category is not None
    category = now.category.chosen
    template = template_for(category, unit.kind, unit.capacity, rules)
    assert template.visits.announced_per_year == 0
    assert template.visits.unannounced_per_year > 0
    announced = template.visits.model_copy(update={"announced_per_year": 1})
    violations = check_plan(template.model_copy(update={"visits": announced}), rules)
    assert [v.field for v in violations] == ["visits.announced_reason"]
    before = len(plans(unit.id))
    why = "Familien skal forberede barnet på besøget af hensyn til barnets tryghed."

    with inspector_in(page, voila_2025) as app:
        app.choose(unit)
        expect(app.standing_row("Næste tilsynsbesøg")).to_contain_text(
            f"regelsættet «{rules.title}» sætter ingen frist for næste besøg"
        )
        panel = app.tab("Tilsynsintensitet")
        expect(panel.get_by_text(f"Regelsæt: «{rules.title}»")).to_be_visible()
        panel.get_by_role("button", name="Start forfra fra skabelonen", exact=True).click()
        announced_box = number_box(panel, "Anmeldte tilsynsbesøg om året")
        expect(announced_box).to_have_value("0")
        expect(number_box(panel, "Uanmeldte tilsynsbesøg om året")).to_have_value(
            str(template.visits.unannounced_per_year)
        )

        save = panel.get_by_role("button", name="Gem intensitetsplan", exact=True)
        reason_field = form_field(panel, "Særlige forhold, der kræver anmeldte besøg")
        announced_box.fill("1")
        expect(reason_field.get_by_role("alert")).to_have_text(violations[0].message)
        expect(save).to_be_disabled()
        reason_field.locator("textarea, input").fill(why)
        expect(reason_field.get_by_role("alert")).to_have_count(0)
        expect(save).to_be_enabled()
        save.click()
        expect(panel.get_by_role("status")).to_contain_text("er gemt af")

        # The rule set's own quality model version: the themes the act removes are gone.
        model = quality_model(unit.kind, rules.quality_model[unit.kind])
        quality = app.tab("Kvalitetsvurdering")
        expect(quality.get_by_text(f"efter kvalitetsmodel {model.version}")).to_be_visible()
        headers = quality.locator(".jupyter-widget-Collapse-header")
        expect(headers).to_have_count(len(model.themes))
        expect(headers.filter(has_text="Uddannelse og beskæftigelse")).to_have_count(0)

    stored = plans(unit.id)
    assert len(stored) == before + 1
    latest = stored[-1]
    assert latest.ruleset_id == RULESET_2025
    assert latest.template_version == template_set(rules).version
    assert latest.plan.visits.announced_per_year == 1
    assert latest.plan.visits.announced_reason == why


def test_a_quality_assessment_saved_in_the_app_is_what_a_post_assessment_rests_on(
    app: Inspector,
) -> None:
    unit = tilbud_unit(UNIT_QUALITY)
    rules = rules_in_force()
    model = quality_model(unit.kind, rules.quality_model[unit.kind])
    theme = model.themes[0]
    scores = {i.id: 4 for c in theme.criteria for i in c.indicators}
    score = danish_decimal(theme_scores(model, scores)[theme.id], 1)
    with Store.open() as store:
        before = len(store.quality_assessments(unit.id))

    app.choose(unit)
    panel = app.tab("Kvalitetsvurdering")
    for criterion in theme.criteria:
        for indicator in criterion.indicators:
            panel.get_by_title(indicator.text, exact=True).first.select_option(
                "4 – i høj grad opfyldt"
            )
    header = panel.locator(".jupyter-widget-Collapse-header").first
    of = len(scores)
    expect(header).to_have_text(
        f"{theme.number}. {theme.title} · score {score} · {of} af {of} scoret"
    )
    panel.get_by_role("button", name="Gem kvalitetsvurdering", exact=True).click()
    expect(panel.get_by_role("status")).to_have_text(
        f"Kvalitetsvurderingen er gemt i enhedens historik af {assessor_name()}."
    )
    with Store.open() as store:
        stored = store.quality_assessments(unit.id)
    assert len(stored) == before + 1
    saved = newest_first(stored)[0]
    assert saved.scores == scores
    assert saved.model_version == model.version

    # The post assessment offers the new quality assessment first, and names it when saved.
    categorisation = app.tab("Risikokategorisering")
    toggle(categorisation, "Tidspunkt", label_of(Phase.POST)).click()
    expect(categorisation.get_by_label("Bygger på", exact=True)).to_have_value(quality_label(saved))
    expect(categorisation.get_by_text("Seneste kvalitetsvurdering", exact=False)).to_be_visible()
    justification = "Kvalitetsvurderingen bekræfter billedet fra risikosignalerne."
    app.categorise(Phase.POST, suggestion(unit).category or RiskCategory.GUL, justification)
    latest = assessments(unit.id)[-1]
    assert (latest.phase, latest.justification) == (Phase.POST, justification)
    assert latest.quality == reference_to(saved)
    expect(app.tab("Historik")).to_contain_text(
        f"bygger på kvalitetsvurderingen {format_stamp(saved.assessed_at)} af {saved.assessor}"
    )


def test_a_change_of_category_shows_the_plans_mismatch_until_a_new_plan_is_saved(
    app: Inspector,
) -> None:
    unit = tilbud_unit(UNIT_MISMATCH)
    rules = rules_in_force()
    old = plan_in_force(unit, rules)
    chosen = other_colour(old.category)
    justification = "Nye oplysninger fra kommunen om magtanvendelser.\nResten står i notatet."

    app.choose(unit)
    expect(app.standing_row("Plan i kraft")).not_to_contain_text("⚠")
    panel = app.categorise(Phase.PRAE, chosen, justification)

    category_row = app.standing_row("Kategori i kraft")
    expect(category_row).to_contain_text(f"{colour_label(chosen)} · {label_of(Phase.PRAE)} · ")
    expect(category_row).to_contain_text(f"af {assessor_name()}")
    expect(category_row).to_contain_text(f"«{first_line(justification)}»")
    mismatch = (
        f"⚠ Planen er lavet til {colour_label(old.category)}, men kategorien i kraft er "
        f"{colour_label(chosen)}: lav en ny plan under «Tilsynsintensitet»."
    )
    plan_row = app.standing_row("Plan i kraft")
    expect(plan_row).to_contain_text(mismatch)
    # The saved choice is in force; the fresh form chooses nothing (never the suggestion).
    assert_no_colour_chosen(panel)

    plan_panel = app.tab("Tilsynsintensitet")
    expect(plan_panel.get_by_role("alert").first).to_have_text(
        f"Planen i kraft er lavet til {colour_label(old.category)}, men enhedens kategori er nu "
        f"{colour_label(chosen)}. Lav en ny plan."
    )
    expect(
        plan_panel.get_by_text(
            f"Udgangspunkt: skabelonen for {colour_label(chosen)} til {unit_size(unit)}.",
            exact=False,
        )
    ).to_be_visible()
    plan_panel.get_by_placeholder("Hvorfor passer planen til netop denne enhed?").fill(REASON)
    save = plan_panel.get_by_role("button", name="Gem intensitetsplan", exact=True)
    expect(save).to_be_enabled()
    save.click()
    expect(plan_panel.get_by_role("status")).to_contain_text("er gemt af")

    new = plans(unit.id)[-1]
    assert new.category is chosen
    assert new.template_unchanged
    expect_plan_on_card(plan_row, new)
    expect(plan_row).not_to_contain_text("⚠")
    expect(plan_panel.get_by_text("Planen i kraft er lavet til", exact=False)).to_have_count(0)


def test_a_version_put_in_force_in_the_workshop_is_the_one_that_suggests(
    pages: Callable[[], Page], voila_server: VoilaServer
) -> None:
    unit = tilbud_unit(UNIT_IN_FORCE)
    reason = "Samme kriterier som det pakkede katalog, under eget navn til afprøvning."
    workshop = pages()
    workshop.goto(voila_server.url(WORKSHOP))
    save_as_version(workshop, VERSION, "Intet ændret; eget navn.")
    put, in_force = choose_in_force(workshop, VERSION, reason)
    try:
        put.click()
        expect(in_force.get_by_role("status")).to_have_text(put_in_force_said(VERSION))
        expect(in_force.get_by_text(f"Apps'ene foreslår med {VERSION}.")).to_be_visible()
        expect(
            in_force.locator("tr", has_text=VERSION).filter(has_text=assessor_name())
        ).to_contain_text(reason)
        with Store.open() as store:
            entry = store.catalogue_in_force_entry()
            catalogue = store.catalogue_in_force()
        assert entry is not None
        assert (entry.version, entry.put_by) == (VERSION, assessor_name())
        assert catalogue.version == VERSION

        # A newly opened inspector suggests with the version in force and says so.
        with inspector_in(pages(), voila_server) as app:
            app.choose(unit)
            expect(app.suggestion_line()).to_contain_text(f"{catalogue.title}, version {VERSION}")
    finally:
        packaged = default_catalogue()
        with Store.open() as store:
            store.put_catalogue_in_force(
                new_entry(
                    packaged_reference(packaged.version),
                    put_by=assessor_name(),
                    reason="Det pakkede katalog tages i brug igen efter afprøvningen.",
                    put_at=datetime.now(UTC),
                )
            )
            assert store.catalogue_in_force() == packaged
