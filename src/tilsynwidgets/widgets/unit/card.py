"""What the inspector sees about one unit: facts, signals, visits, the suggested colour
with its reasons, and the unit's history. Pure HTML builders; all text is escaped."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime

from tilsynwidgets.domain.core.danish_numbers import counted, danish_count, danish_number
from tilsynwidgets.domain.core.local_time import format_stamp
from tilsynwidgets.domain.core.signals import SignalKind, signal_catalogue
from tilsynwidgets.domain.core.units import Unit
from tilsynwidgets.domain.information.kinds import information_kinds
from tilsynwidgets.domain.information.records import InformationRecord
from tilsynwidgets.domain.intensity.plans import PlanDecision
from tilsynwidgets.domain.labels import label_of, labels
from tilsynwidgets.domain.risk.assessment import RiskAssessment, Suggestion
from tilsynwidgets.domain.support.measures import ChecklistChange, measure_catalogue
from tilsynwidgets.presentation.html import category_badge, escape

__all__ = [
    "ILLUSTRATIVE_NOTE",
    "history_html",
    "signals_html",
    "suggestion_html",
    "unit_facts_html",
    "unit_html",
]


def _number(value: float) -> str:
    return danish_number(value)


def unit_html(unit: Unit) -> str:
    """Name, id, type with legal basis, socialtilsyn, team, capacity, visits and signals."""
    return unit_facts_html(unit) + signals_html(unit)


def unit_facts_html(unit: Unit) -> str:
    """Name, id, type with legal basis, socialtilsyn, team, capacity and the last visits."""
    type_label = labels().unit_types[unit.unit_type]
    visits = (
        f"Seneste anmeldte besøg: {_date(unit.last_announced_visit)} · "
        f"seneste uanmeldte besøg: {_date(unit.last_unannounced_visit)}"
    )
    return (
        f"<h3>{escape(unit.name)} <small>({escape(unit.id)})</small></h3>"
        f"<p>{escape(type_label.label)} ({escape(type_label.legal_basis)}) · "
        f"{escape(label_of(unit.socialtilsyn))} · {escape(unit.team)} · "
        f"kapacitet {danish_count(unit.capacity)}<br>{escape(visits)}</p>"
    )


def signals_html(unit: Unit) -> str:
    """The unit's risk signals; a signal of its kind with no value reads "ukendt"."""
    rows = []
    for signal in signal_catalogue().signals:
        if signal.key not in unit.signals:
            if unit.kind in signal.applies_to:
                rows.append((signal.label, "ukendt"))
            continue
        value = unit.signals[signal.key]
        shown = ("Ja" if value else "Nej") if signal.kind is SignalKind.FLAG else _number(value)
        rows.append((signal.label, shown))
    left = "text-align:left;padding-right:16px"
    table = "".join(
        f"<tr><th style='{left}'>{escape(a)}</th><td>{escape(b)}</td></tr>" for a, b in rows
    )
    return (
        f"<table class='tw-signals'><caption style='text-align:left;font-weight:bold'>"
        f"Risikosignaler</caption>{table}</table>"
    )


ILLUSTRATIVE_NOTE = "Illustrativt katalog – tærsklerne er ikke fastsat af Social- og Boligstyrelsen"


def suggestion_html(suggestion: Suggestion) -> str:
    """The catalogue's suggested colour (or, with too little known, none and a request for
    the missing information), the criteria that fired, the unknown signals and the rule for
    them, and which catalogue suggests — in Danish."""
    source = escape(f"{suggestion.catalogue_title or 'Kriteriekatalog'}, version ")
    source += escape(suggestion.catalogue_version)
    shown = (
        category_badge(suggestion.category)
        if suggestion.category is not None
        else "<b>ingen farve</b>"
    )
    head = (
        f"<p><b>Katalogets forslag:</b> {shown} <small>({source}; forslaget understøtter den "
        "tilsynsfaglige vurdering – du vælger)</small></p>"
    )
    illustrative = f"<p><i>{escape(ILLUSTRATIVE_NOTE)}.</i></p>" if suggestion.illustrative else ""
    items = "".join(
        f"<li>{category_badge(r.points_to)} {escape(r.explanation)}</li>"
        for r in suggestion.reasons
    )
    if suggestion.category is None:
        body = (
            "<p><b>Der er for lidt kendt om enheden til et farveforslag.</b> "
            f"{escape(_unknown_count(suggestion))}. Indhent oplysningerne om:</p>"
            f"{_unknown_list(suggestion)}"
        )
        if items:
            body += f"<p>Af det kendte slår disse kriterier til:</p><ul>{items}</ul>"
    else:
        body = f"<ul>{items}</ul>" if items else "<p>Ingen kriterier slår til.</p>"
        if suggestion.escalated:
            body += (
                "<p><em>Flere gule kriterier slår til samtidig; kataloget foreslår derfor "
                "rød.</em></p>"
            )
        if suggestion.unknown_signals:
            body += (
                f"<p>{escape(_unknown_count(suggestion))}, og forslaget bygger ikke på dem:</p>"
                f"{_unknown_list(suggestion)}"
            )
    rule = (
        ""
        if not suggestion.applicable_signals
        else f"<p><small>Kataloget foreslår kun en farve, når mindst "
        f"{danish_count(suggestion.known_needed)} af "
        f"{danish_count(suggestion.applicable_signals)} risikosignaler for enhedens type er "
        "kendte.</small></p>"
    )
    return f'<div class="tw-suggestion">{head}{illustrative}{body}{rule}</div>'


def _unknown_count(suggestion: Suggestion) -> str:
    """ "3 af 12 risikosignaler er ukendte"."""
    unknown = len(suggestion.unknown_signals)
    word = "ukendt" if unknown == 1 else "ukendte"
    of = danish_count(suggestion.applicable_signals)
    return f"{danish_count(unknown)} af {of} risikosignaler er {word}"


def _unknown_list(suggestion: Suggestion) -> str:
    catalogue = signal_catalogue()
    names = [
        catalogue.get(key).label if key in catalogue else key for key in suggestion.unknown_signals
    ]
    items = "".join(f"<li>{escape(name)}</li>" for name in names)
    return f'<ul class="tw-unknown-signals">{items}</ul>'


def history_html(
    assessments: Sequence[RiskAssessment],
    plans: Sequence[PlanDecision],
    changes: Sequence[ChecklistChange],
    information: Mapping[int, InformationRecord] | None = None,
) -> str:
    """The unit's history, newest first, with who, when, what and why; an assessment names
    the information it took a position on (``information``: the unit's records by id)."""
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
                f"af {escape(a.assessor)}<br>{escape(a.justification)}{deviation}"
                f"{_what_it_rested_on(a)}{_information_decided(a, information or {})}",
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


def _what_it_rested_on(assessment: RiskAssessment) -> str:
    """The suggestion's catalogue and unknown signals, and the quality assessment of a post."""
    parts = []
    if assessment.catalogue_version:
        suggested = (
            f"forslaget var {category_badge(assessment.suggested)}"
            if assessment.suggested is not None
            else "intet forslag"
        )
        parts.append(f"kriteriekatalog version {escape(assessment.catalogue_version)}: {suggested}")
    if assessment.unknown_signals:
        unknown = len(assessment.unknown_signals)
        parts.append(counted(unknown, "ukendt risikosignal", "ukendte risikosignaler"))
    if assessment.quality is not None:
        quality = assessment.quality
        parts.append(
            f"bygger på kvalitetsvurderingen {escape(format_stamp(quality.assessed_at))} "
            f"af {escape(quality.assessor)}"
        )
    return f"<br><small>{' · '.join(parts)}</small>" if parts else ""


def _information_decided(
    assessment: RiskAssessment, information: Mapping[int, InformationRecord]
) -> str:
    """ "Tog stilling til 2 oplysninger: Whistleblowerhenvendelse (nr. 12, modtaget …); …"."""
    if not assessment.information:
        return ""
    kinds = information_kinds()
    named = []
    for ident in assessment.information:
        record = information.get(ident)
        if record is None:
            named.append(f"nr. {ident}")
            continue
        kind = record.information.kind
        label = kinds.get(kind).label if kind in kinds else kind
        received = format_stamp(record.information.received_on)
        named.append(f"{escape(label)} (nr. {ident}, modtaget {escape(received)})")
    count = counted(len(assessment.information), "oplysning", "oplysninger")
    return f"<br><small>Tog stilling til {count}: {'; '.join(named)}</small>"


def _date(value: date | None) -> str:
    return format_stamp(value) if value is not None else "aldrig"
