from __future__ import annotations

from datetime import UTC, date, datetime

from tilsynwidgets.domain.core.units import Unit
from tilsynwidgets.domain.intensity.plans import PlanDecision, estimate_hours, template_for
from tilsynwidgets.domain.risk.assessment import RiskAssessment
from tilsynwidgets.domain.risk.criteria import default_catalogue, suggest_category
from tilsynwidgets.domain.support.measures import ChecklistChange
from tilsynwidgets.widgets.unit.card import history_html, suggestion_html, unit_html

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
    assert "<th>Klager</th><td>4</td>" in html
    assert "<th>Lederskifte</th><td>Ja</td>" in html
    assert "<th>Magtanvendelser</th><td>ukendt</td>" in html
    assert "Seneste anmeldte besøg: 3. februar 2026 · seneste uanmeldte besøg: aldrig" in html
    assert "kapacitet 1.000" in unit_html(unit(capacity=1000))


def test_suggestion_lists_reasons_and_says_who_decides() -> None:
    suggestion = suggest_category(unit().signals, default_catalogue())
    html = suggestion_html(suggestion)
    assert "Tre eller flere klager det seneste år." in html
    assert "du vælger" in html
    assert "Ingen kriterier slår til" in suggestion_html(suggest_category({}, default_catalogue()))


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
