"""What the inspector sees about one unit: facts, signals, visits, the suggested colour
with its reasons, and the unit's history. Pure HTML builders; all text is escaped."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from tilsynwidgets.domain.core.danish_numbers import danish_count, danish_number
from tilsynwidgets.domain.core.local_time import format_stamp
from tilsynwidgets.domain.core.signals import SignalKind, signal_catalogue
from tilsynwidgets.domain.core.units import Unit
from tilsynwidgets.domain.intensity.plans import PlanDecision
from tilsynwidgets.domain.labels import label_of, labels
from tilsynwidgets.domain.risk.assessment import RiskAssessment, Suggestion
from tilsynwidgets.domain.support.measures import ChecklistChange, measure_catalogue
from tilsynwidgets.presentation.html import category_badge, escape

__all__ = ["history_html", "suggestion_html", "unit_html"]


def _number(value: float) -> str:
    return danish_number(value)


def unit_html(unit: Unit) -> str:
    """Name, id, type with legal basis, socialtilsyn, team, capacity, visits and signals."""
    type_label = labels().unit_types[unit.unit_type]
    visits = (
        f"Seneste anmeldte besøg: {_date(unit.last_announced_visit)} · "
        f"seneste uanmeldte besøg: {_date(unit.last_unannounced_visit)}"
    )
    rows = []
    for signal in signal_catalogue().signals:
        if signal.key not in unit.signals:
            if unit.kind in signal.applies_to:
                rows.append((signal.label, "ukendt"))
            continue
        value = unit.signals[signal.key]
        shown = ("Ja" if value else "Nej") if signal.kind is SignalKind.FLAG else _number(value)
        rows.append((signal.label, shown))
    table = "".join(f"<tr><th>{escape(a)}</th><td>{escape(b)}</td></tr>" for a, b in rows)
    return (
        f"<h3>{escape(unit.name)} <small>({escape(unit.id)})</small></h3>"
        f"<p>{escape(type_label.label)} ({escape(type_label.legal_basis)}) · "
        f"{escape(label_of(unit.socialtilsyn))} · {escape(unit.team)} · "
        f"kapacitet {danish_count(unit.capacity)}<br>{escape(visits)}</p>"
        f'<table class="tw-signals"><caption>Risikosignaler</caption>{table}</table>'
    )


def suggestion_html(suggestion: Suggestion) -> str:
    """The suggested colour and the criteria that fired, in Danish."""
    if suggestion.reasons:
        items = "".join(
            f"<li>{category_badge(r.points_to)} {escape(r.explanation)}</li>"
            for r in suggestion.reasons
        )
        reasons = f"<ul>{items}</ul>"
    else:
        reasons = "<p>Ingen kriterier slår til.</p>"
    escalated = (
        "<p><em>Flere gule kriterier slår til samtidig; kataloget foreslår derfor rød.</em></p>"
        if suggestion.escalated
        else ""
    )
    return (
        f"<p><b>Foreslået kategori:</b> {category_badge(suggestion.category)} "
        f"<small>(kriteriekatalog {escape(suggestion.catalogue_version)}; forslaget "
        f"understøtter den tilsynsfaglige vurdering – du vælger)</small></p>{reasons}{escalated}"
    )


def history_html(
    assessments: Sequence[RiskAssessment],
    plans: Sequence[PlanDecision],
    changes: Sequence[ChecklistChange],
) -> str:
    """The unit's history, newest first, with who, when, what and why."""
    entries: list[tuple[datetime, str]] = []
    for a in assessments:
        deviation = (
            f"<br><i>Afvigelse fra forslaget:</i> {escape(a.deviation_justification)}"
            if a.is_deviation
            else ""
        )
        entries.append(
            (
                a.assessed_at,
                f"<b>{escape(label_of(a.phase))}</b>: {category_badge(a.chosen)} "
                f"af {escape(a.assessor)}<br>{escape(a.justification)}{deviation}",
            )
        )
    for p in plans:
        unchanged = (
            f"<br><i>Skabelonen uændret:</i> {escape(p.reason)}" if p.template_unchanged else ""
        )
        entries.append(
            (
                p.decided_at,
                f"<b>Intensitetsplan</b> for {category_badge(p.category)}: "
                f"{_number(p.estimated_hours)} timer om året, af {escape(p.author)}{unchanged}",
            )
        )
    titles = {m.id: m.title for m in measure_catalogue().all_measures()}
    for c in changes:
        state = "på plads" if c.in_place else "ikke på plads"
        note = f" – {escape(c.note)}" if c.note else ""
        entries.append(
            (
                c.changed_at,
                f"<b>Tiltag</b> «{escape(titles.get(c.measure_id, c.measure_id))}»: "
                f"{state}, af {escape(c.author)}{note}",
            )
        )
    if not entries:
        return "<p>Ingen historik endnu.</p>"
    entries.sort(key=lambda entry: entry[0], reverse=True)
    cell = "<td style='white-space:nowrap;vertical-align:top'>"
    rows = "".join(
        f"<tr>{cell}{escape(format_stamp(when))}</td><td>{body}</td></tr>" for when, body in entries
    )
    return f'<table class="tw-history">{rows}</table>'


def _date(value: date | None) -> str:
    return format_stamp(value) if value is not None else "aldrig"
