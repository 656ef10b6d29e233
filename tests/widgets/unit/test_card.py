from __future__ import annotations

from datetime import UTC, date, datetime

from tests.domain.information._records import record

from tilsynwidgets.domain.core.categories import RiskCategory
from tilsynwidgets.domain.core.kinds import UnitKind
from tilsynwidgets.domain.core.signals import SignalKind, signal_catalogue
from tilsynwidgets.domain.core.units import Unit
from tilsynwidgets.domain.intensity.plans import PlanDecision, estimate_hours, template_for
from tilsynwidgets.domain.risk.assessment import QualityReference, RiskAssessment
from tilsynwidgets.domain.risk.criteria import applicable_signals, default_catalogue, suggest_for
from tilsynwidgets.domain.support.measures import ChecklistChange
from tilsynwidgets.presentation.html import category_badge
from tilsynwidgets.widgets.unit.card import (
    ILLUSTRATIVE_NOTE,
    history_html,
    suggestion_html,
    unit_html,
)

HOSTILE = "<img src=x onerror=alert(1)>"
WHEN = datetime(2026, 5, 1, 10, 0, tzinfo=UTC)


def unit(**changes: object) -> Unit:
    fields: dict[str, object] = {
        "id": "T-1",
        "name": HOSTILE,
        "unit_type": "boern_doegn",
        "socialtilsyn": "syd",
        "team": "Team 1",
        "capacity": 8,
        "last_announced_visit": date(2026, 2, 3),
        "signals": {"complaints": 4, "leader_changed": True},
    }
    fields.update(changes)
    return Unit.model_validate(fields)


def test_unit_html_shows_facts_signals_and_escapes() -> None:
    html = unit_html(unit())
    assert "<img" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "barnets lov § 43, stk. 1, nr. 6–7" in html
    assert "Socialtilsyn Syd" in html
    assert "<th style='text-align:left;padding-right:16px'>Klager</th><td>4</td>" in html
    assert "<th style='text-align:left;padding-right:16px'>Lederskifte</th><td>Ja</td>" in html
    assert (
        "<th style='text-align:left;padding-right:16px'>Magtanvendelser</th><td>ukendt</td>" in html
    )
    assert "Seneste anmeldte besøg: 3. februar 2026 · seneste uanmeldte besøg: aldrig" in html
    assert "kapacitet 1.000" in unit_html(unit(capacity=1000))


def test_suggestion_lists_reasons_and_says_who_decides() -> None:
    suggestion = suggest_for(unit(), default_catalogue())
    html = suggestion_html(suggestion)
    assert "Tre eller flere klager det seneste år." in html
    assert "du vælger" in html


def known_tilbud(**values: float | bool) -> Unit:
    """A tilbud with every signal known (nothing of concern) except ``values``' changes."""
    signals: dict[str, float | bool] = {
        key: (False if signal_catalogue().get(key).kind is SignalKind.FLAG else 0.0)
        for key in applicable_signals(UnitKind.TILBUD)
    }
    signals["lowest_theme_score"] = 4.0
    signals.update(values)
    return unit(signals=signals)


def test_no_criteria_firing_is_said_only_when_enough_is_known() -> None:
    calm = suggestion_html(suggest_for(known_tilbud(), default_catalogue()))
    assert "Ingen kriterier slår til" in calm
    assert category_badge(RiskCategory.GROEN) in calm
    blank = suggest_for(unit(signals={}), default_catalogue())
    html = suggestion_html(blank)
    assert blank.category is None
    assert "Ingen kriterier slår til" not in html
    assert "tw-badge" not in html  # no colour at all
    assert "Katalogets forslag:</b> <b>ingen farve</b>" in html
    assert "13 af 13 risikosignaler er ukendte" in html
    assert "Indhent oplysningerne om" in html


def test_unknown_signals_are_counted_listed_and_the_rule_is_shown() -> None:
    signals = known_tilbud().signals
    for key in ("force_uses", "complaints", "paabud"):
        del signals[key]
    suggestion = suggest_for(unit(signals=signals), default_catalogue())
    html = suggestion_html(suggestion)
    count = f"{len(suggestion.unknown_signals)} af {suggestion.applicable_signals}"
    assert f"{count} risikosignaler er ukendte" in html
    assert count == "3 af 13"
    listed = html.split('class="tw-unknown-signals">')[1].split("</ul>")[0]
    assert listed == "<li>Magtanvendelser</li><li>Klager</li><li>Påbud</li>"
    needed = suggestion.known_needed
    assert f"mindst {needed} af 13 risikosignaler for enhedens type er kendte" in html
    assert needed == 10
    one = dict(signals, complaints=0.0, paabud=False)
    assert "1 af 13 risikosignaler er ukendt," in suggestion_html(
        suggest_for(unit(signals=one), default_catalogue())
    )


def test_too_little_known_shows_what_fired_on_what_is_known() -> None:
    html = suggestion_html(suggest_for(unit(), default_catalogue()))  # 2 of 13 known
    assert "ingen farve" in html
    assert "11 af 13 risikosignaler er ukendte" in html
    assert "Af det kendte slår disse kriterier til" in html
    assert "Tre eller flere klager det seneste år." in html


def test_the_catalogue_is_named_and_an_illustrative_one_says_so() -> None:
    html = suggestion_html(suggest_for(known_tilbud(), default_catalogue()))
    assert "Illustrativt risikokatalog, version 2026.1" in html
    assert f"{ILLUSTRATIVE_NOTE}." in html
    assert ILLUSTRATIVE_NOTE == (
        "Illustrativt katalog – tærsklerne er ikke fastsat af Social- og Boligstyrelsen"
    )
    assert "kriteriekatalog 2026.1" not in html
    fixed = default_catalogue().model_copy(update={"illustrative": False, "title": HOSTILE})
    plain = suggestion_html(suggest_for(known_tilbud(), fixed))
    assert ILLUSTRATIVE_NOTE not in plain
    assert "<img" not in plain
    assert "&lt;img src=x onerror=alert(1)&gt;, version 2026.1" in plain


def test_history_is_newest_first_and_escaped() -> None:
    assessment = RiskAssessment(
        unit_id="T-1",
        phase="prae",
        suggested="gul",
        chosen="roed",
        justification=HOSTILE + " og mere tekst her",
        deviation_justification="Afviger fordi " + HOSTILE,
        based_on=("risikosignaler",),
        assessor=HOSTILE,
        assessed_at=WHEN,
    )
    plan = template_for(assessment.chosen)
    decision = PlanDecision(
        unit_id="T-1",
        category="roed",
        plan=plan,
        estimated_hours=estimate_hours(plan),
        template_unchanged=True,
        reason="Skabelonen passer til de konkrete forhold.",
        author="tk",
        decided_at=WHEN.replace(month=6),
        ruleset_id="socialtilsyn-7-4",
    )
    change = ChecklistChange(
        unit_id="T-1",
        measure_id="roed_ledelsesopbakning",
        in_place=False,
        note=HOSTILE,
        author="tk",
        changed_at=WHEN.replace(month=7),
    )
    html = history_html([assessment], [decision], [change])
    assert "<img" not in html
    assert html.index("Tiltag") < html.index("Intensitetsplan") < html.index("Præ")
    assert "Tæt ledelsesopbakning" in html
    assert "Afvigelse fra forslaget" in html
    assert "Skabelonen uændret" in html
    # when, in Danish time (UTC+2 in summer), newest first: the first cell of each row
    assert [row.split("</td>")[0].rsplit(">", 1)[1] for row in html.split("<tr>")[1:]] == [
        "1. juli 2026 kl. 12.00",
        "1. juni 2026 kl. 12.00",
        "1. maj 2026 kl. 12.00",
    ]
    assert history_html([], [], []) == "<p>Ingen historik endnu.</p>"


def test_history_says_what_an_assessment_rested_on() -> None:
    post = RiskAssessment(
        unit_id="T-1",
        phase="post",
        suggested=None,
        catalogue_version="2026.1",
        unknown_signals=("complaints", "force_uses", "leader_changed", "paabud"),
        chosen="gul",
        justification="En faglig begrundelse på mere end tyve tegn.",
        based_on=("kvalitetsvurdering",),
        quality=QualityReference(
            assessed_at=WHEN, assessor=HOSTILE, model_version="2026.1-illustrativ"
        ),
        assessor="tk",
        assessed_at=WHEN.replace(month=6),
    )
    html = history_html([post], [], [])
    assert "kriteriekatalog version 2026.1: intet forslag · 4 ukendte risikosignaler" in html
    assert "bygger på kvalitetsvurderingen 1. maj 2026 kl. 12.00 af &lt;img" in html
    assert "<img" not in html
    one = post.model_copy(
        update={"unknown_signals": ("paabud",), "suggested": "gul", "quality": None}
    )
    shown = history_html([one], [], [])
    assert "forslaget var" in shown
    assert "1 ukendt risikosignal" in shown
    assert "bygger på" not in shown


def test_history_shows_a_decision_on_new_information_with_what_it_decided_on() -> None:
    report = record(12, "T-1", "whistleblower", date(2026, 5, 20), date(2026, 5, 22))
    complaint = record(13, "T-1", "klage", date(2026, 5, 25))
    decision = RiskAssessment(
        unit_id="T-1",
        phase="ny",
        suggested="groen",
        chosen="groen",
        justification="Henvendelsen er undersøgt; ingen grund til at ændre kategorien.",
        based_on=("whistleblower",),
        assessor="tk",
        assessed_at=WHEN.replace(month=6),
        information=(12, 13, 99),
    )
    html = history_html([decision], [], [], {12: report, 13: complaint})
    assert "<b>Nye oplysninger</b>" in html
    assert (
        "Tog stilling til 3 oplysninger: Whistleblowerhenvendelse (nr. 12, modtaget 22. maj "
        "2026); Klage (nr. 13, modtaget 25. maj 2026); nr. 99"
    ) in html
    assert "Tog stilling til" not in history_html(
        [decision.model_copy(update={"information": ()})], [], []
    )
