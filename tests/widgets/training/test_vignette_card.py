"""The vignette card: every packaged case renders; the participant's view hides the reference
and escapes every text; the reference shows once revealed, and only then reaches the widget."""

from __future__ import annotations

from html import escape

import pytest
from tests.presentation._shown import number, tables_in

from tilsynwidgets.domain.core.categories import Phase
from tilsynwidgets.domain.intensity.plans import IntensityPlan
from tilsynwidgets.domain.quality.model import quality_model
from tilsynwidgets.domain.training.vignettes import MIN_PARAGRAPHS, Vignette, vignettes
from tilsynwidgets.presentation.html import category_badge
from tilsynwidgets.widgets.training.vignette_card import (
    VignetteCard,
    plan_summary_html,
    reference_html,
    vignette_html,
)

HOSTILE = "<img src=x onerror=alert(1)>"
ALL = vignettes().vignettes
POST = next(v for v in ALL if v.phase is Phase.POST)
PRAE = next(v for v in ALL if v.phase is Phase.PRAE)


def hostile(vignette: Vignette) -> Vignette:
    """A copy with markup in every text a card shows (not validated: the view must cope)."""
    return vignette.model_copy(
        update={
            "title": HOSTILE,
            "narrative": f"{HOSTILE} & mere\n\nAndet afsnit < tredje > {HOSTILE}",
            "unit": vignette.unit.model_copy(update={"name": HOSTILE, "team": HOSTILE}),
            "rationale": f"Fordi {HOSTILE}",
            "risk_factors": (HOSTILE,),
            "protective_factors": (f"Beskyttende {HOSTILE}",),
            "unknowns": (f"Ukendt {HOSTILE}",),
            "plan_rationale": f"Planen {HOSTILE}",
        }
    )


@pytest.mark.parametrize("case", ALL, ids=[v.id for v in ALL])
def test_every_packaged_vignette_renders(case: Vignette) -> None:
    html = vignette_html(case)
    assert escape(case.title) in html
    assert html.count("<p>") >= MIN_PARAGRAPHS
    assert escape(case.unit.name) in html
    assert "Risikosignaler" in html
    reference = reference_html(case)
    assert category_badge(case.reference_category) in reference
    assert escape(case.rationale.strip()) in reference
    assert escape(case.plan_rationale.strip()) in reference
    hours = f"{case.reference_hours():g}".replace(".", ",")
    assert f"Anslåede timer om året:</b> {hours}" in reference


@pytest.mark.parametrize("case", ALL, ids=[v.id for v in ALL])
def test_the_participant_view_hides_the_reference(case: Vignette) -> None:
    html = vignette_html(case)
    for title in (
        "Referencekategori",
        "Faglig begrundelse",
        "Risikofaktorer",
        "Beskyttende faktorer",
        "Det, vi ikke ved",
        "Referenceplan",
        "Begrundelse for planen",
        "Anslåede timer",
        "Foreslået kategori",  # suggestion_html (a narrative may mention the suggestion)
    ):
        assert title not in html
    assert "tw-badge" not in html  # no colour at all: neither reference nor suggestion
    assert escape(case.rationale.strip()) not in html
    assert escape(case.plan_rationale.strip()) not in html
    for title in ("Referencekategori", "Risikofaktorer", "Beskyttende faktorer"):
        assert title in reference_html(case)


def test_the_case_shows_phase_date_paragraphs_and_unit_facts() -> None:
    html = vignette_html(POST)
    assert "Post (efter kvalitetsvurdering)" in html
    assert "Sagens dato:</b> 10. marts 2026" in html
    assert "<h3>Sagsfremstilling</h3><p>Bostedet Glentebakken er" in html
    assert "Socialtilsyn Midt" in html
    assert "kapacitet 18" in html
    assert "Seneste anmeldte besøg: 24. februar 2026" in html
    assert "<th style='text-align:left;padding-right:16px'>Magtanvendelser</th><td>3</td>" in html
    assert "Præ (tilrettelæggelse)" in vignette_html(PRAE)


def test_post_shows_the_quality_assessment_and_prae_does_not() -> None:
    for case in ALL:
        html = vignette_html(case)
        shown = any(t.header[:2] == ["Tema", "Score"] for t in tables_in(html)) and "<svg" in html
        assert shown is (case.phase is Phase.POST), case.id
    themes = POST.theme_scores()
    model = quality_model(POST.kind)
    (table,) = [t for t in tables_in(vignette_html(POST)) if t.header[:2] == ["Tema", "Score"]]
    shown_scores = {row[0]: number(row[1]) for row in table.rows}
    assert shown_scores == {
        f"{t.number}. {t.title}": round(themes[t.id], 1) for t in model.themes if t.id in themes
    }


@pytest.mark.parametrize("case", [POST, PRAE], ids=["post", "prae"])
def test_hostile_text_is_escaped(case: Vignette) -> None:
    copy = hostile(case)
    for html in (vignette_html(copy), reference_html(copy)):
        assert "<img" not in html
        assert "&lt;img src=x onerror=alert(1)&gt;" in html
    case_html = vignette_html(copy)
    assert "&lt;img src=x onerror=alert(1)&gt; &amp; mere" in case_html
    assert "Andet afsnit &lt; tredje &gt;" in case_html


def test_the_reference_lists_factors_and_marks_changes_from_the_template() -> None:
    case = next(v for v in ALL if v.template_changes())
    html = reference_html(case)
    for item in (*case.risk_factors, *case.protective_factors, *case.unknowns):
        assert f"<li>{escape(item)}</li>" in html
    assert html.count("ændret i forhold til skabelonen") == len(case.template_changes())
    assert "Begrænset" in plan_summary_html(POST.reference_plan)
    unchanged = plan_summary_html(POST.reference_plan)
    assert "ændret" not in unchanged
    assert unchanged.count("<tr>") == len(IntensityPlan.model_fields)


def test_a_grey_zone_says_the_reference_deviates() -> None:
    grey = next(v for v in ALL if v.deviates())
    assert "afviger fra kriteriekatalogets forslag" in reference_html(grey)
    plain = next(v for v in ALL if not v.deviates())
    assert "afviger" not in reference_html(plain)


def test_the_card_sends_the_reference_only_when_revealed() -> None:
    card = VignetteCard()
    card.reveal(True)  # nothing shown yet: nothing to reveal
    assert not card.revealed
    assert card.reference.value == ""
    card.show(POST)
    assert card.case.value == vignette_html(POST)
    assert card.reference.value == ""
    assert card.reference.layout.display == "none"
    card.reveal(True)
    assert card.revealed
    assert reference_html(POST) in card.reference.value
    assert card.reference.layout.display is None
    card.show(PRAE)  # a new case starts hidden again
    assert not card.revealed
    assert card.reference.value == ""
    card.reveal(True)
    card.reveal(False)
    assert card.reference.value == ""
    assert card.reference.layout.display == "none"
