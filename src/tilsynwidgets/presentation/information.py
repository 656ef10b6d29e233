"""The information about a unit and the reconsideration queue as people read them.

Shared by the inspector's screen and the leadership's report and workbook: the list of a
unit's information records (what came since the latest assessment, newest first, then the
earlier ones), one record as a block of Danish text, and the queue of units waiting for a
decision with a reason per unit in words. Every text from data or users is escaped here.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import pandas as pd

from tilsynwidgets.domain.core.categories import RiskCategory
from tilsynwidgets.domain.core.danish_numbers import counted, danish_count, danish_number
from tilsynwidgets.domain.core.local_time import format_stamp
from tilsynwidgets.domain.core.signals import SignalKind, signal_catalogue
from tilsynwidgets.domain.information.as_of import TRANSFERRED
from tilsynwidgets.domain.information.kinds import (
    InformationKinds,
    Origin,
    ValueType,
    information_kinds,
)
from tilsynwidgets.domain.information.records import InformationRecord, effective_records
from tilsynwidgets.domain.labels import label_of, labels
from tilsynwidgets.domain.risk.assessment import RiskAssessment
from tilsynwidgets.presentation.html import escape
from tilsynwidgets.presentation.tables import Column, Table, for_people

__all__ = [
    "DECIDE",
    "QUEUE_TABLE",
    "InformationListing",
    "ListedRecord",
    "information_list_html",
    "listing",
    "pending_line",
    "queue_frame",
    "queue_html",
    "queue_item_html",
    "queue_reason",
    "record_html",
    "unit_listing",
    "value_text",
]

DECIDE = "⚠ kræver stillingtagen"
"""The mark of a record whose kind requires a decision on the risk category."""

_ALARM = "color:#b71c1c"
_MUTED = "color:#5f6368"


# -- one unit's records ----------------------------------------------------------------------


@dataclass(frozen=True)
class ListedRecord:
    """A record as listed: the record, and the newest record that replaced it (a correction or
    a withdrawal), if any."""

    record: InformationRecord
    replaced_by: InformationRecord | None = None

    @property
    def id(self) -> int:
        return self.record.id

    @property
    def is_withdrawal(self) -> bool:
        return self.record.information.withdrawn

    @property
    def in_force(self) -> bool:
        """Neither replaced nor itself a withdrawal: the record can be corrected or withdrawn."""
        return self.replaced_by is None and not self.is_withdrawal


@dataclass(frozen=True)
class InformationListing:
    """A unit's records split at its latest assessment: ``pending`` were registered after it
    (all of them, when there is none), ``earlier`` before; each newest first (by the day
    received, then by registration)."""

    since: datetime | None
    pending: tuple[ListedRecord, ...]
    earlier: tuple[ListedRecord, ...]
    waiting: tuple[InformationRecord, ...]
    """The records a decision takes a position on, the same rule as the reconsideration queue
    (:func:`~tilsynwidgets.domain.information.queue.reconsideration_queue`): in force at the
    end of the working day, registered after the latest assessment, not carried over from a
    snapshot."""
    kinds: InformationKinds

    @property
    def waiting_ids(self) -> tuple[int, ...]:
        return tuple(record.id for record in self.waiting)

    @property
    def deciding(self) -> tuple[InformationRecord, ...]:
        """The waiting records whose kind requires a decision."""
        need = self.kinds.requiring_decision()
        return tuple(r for r in self.waiting if r.information.kind in need)


def listing(
    records: Sequence[InformationRecord],
    since: datetime | None,
    today: date,
    kinds: InformationKinds | None = None,
) -> InformationListing:
    """Split ``records`` (one unit's) at ``since``, the time of its latest assessment, as of
    the end of ``today``."""
    kinds = kinds or information_kinds()
    by_id = {record.id: record for record in records}
    replaced: dict[int, InformationRecord] = {}
    for record in sorted(records, key=lambda r: r.id):
        target = record.information.replaces
        if target is not None and target in by_id:
            replaced[target] = record  # the newest replacement wins
    listed = sorted(
        (ListedRecord(record, replaced.get(record.id)) for record in records),
        key=lambda item: (item.record.information.received_on, item.record.id),
        reverse=True,
    )

    def after(record: InformationRecord) -> bool:
        return since is None or record.information.registered_at > since

    held = effective_records(list(records), today)
    waiting = tuple(
        sorted(
            (r for r in held if r.information.kind != TRANSFERRED and after(r)),
            key=lambda r: (r.information.received_on, r.id),
            reverse=True,
        )
    )
    return InformationListing(
        since=since,
        pending=tuple(item for item in listed if after(item.record)),
        earlier=tuple(item for item in listed if not after(item.record)),
        waiting=waiting,
        kinds=kinds,
    )


def unit_listing(
    records: Sequence[InformationRecord],
    assessments: Sequence[RiskAssessment],
    today: date,
    kinds: InformationKinds | None = None,
) -> InformationListing:
    """One unit's ``records`` split at the latest of its ``assessments`` (all of them
    pending when it has none), as of the end of ``today``."""
    since = max((a.assessed_at for a in assessments), default=None)
    return listing(records, since, today, kinds)


def pending_line(found: InformationListing) -> str:
    """ "3 nye oplysninger siden seneste vurdering den 1. oktober 2026; 1 kræver
    stillingtagen." (plain text; empty when nothing waits)."""
    waiting = len(found.waiting)
    if not waiting:
        return ""
    news = counted(waiting, "ny oplysning", "nye oplysninger")
    when = (
        f"siden seneste vurdering den {format_stamp(found.since)}"
        if found.since is not None
        else "og ingen risikovurdering endnu"
    )
    deciding = len(found.deciding)
    need = f"; {danish_count(deciding)} kræver stillingtagen" if deciding else ""
    return f"{news} {when}{need}."


def value_text(key: str, value: Any, kinds: InformationKinds | None = None) -> str:
    """One value of a record in Danish: "3", "12,5 %", "Ja", "1. december 2026", a signal's
    label; "–" when missing."""
    kinds = kinds or information_kinds()
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    spec = kinds.values[key]
    if spec.type is ValueType.FLAG:
        return "Ja" if value else "Nej"
    if spec.type is ValueType.DATE:
        return format_stamp(value)
    if spec.type is ValueType.SIGNAL:
        catalogue = signal_catalogue()
        return catalogue.get(value).label if value in catalogue else str(value)
    if spec.type is ValueType.PERCENT:
        return f"{danish_number(float(value))} %"
    return danish_number(float(value))


def _values_html(record: InformationRecord, kinds: InformationKinds) -> str:
    info = record.information
    given = info.values.given()
    if info.kind == TRANSFERRED:
        return _transferred_html(given)
    parts = [
        f"{escape(_value_label(key, kinds))}: {escape(value_text(key, given[key], kinds))}"
        for key in (*(k for k in kinds.get(info.kind).values), *given)
        if key in given and key in kinds.values
    ]
    shown = list(dict.fromkeys(parts))
    return f"<div>{' · '.join(shown)}</div>" if shown else ""


def _value_label(key: str, kinds: InformationKinds) -> str:
    """A value's label beside its value: a percentage's "(%)" goes, the value says "%"."""
    spec = kinds.values[key]
    label = spec.label
    return label.removesuffix(" (%)") if spec.type is ValueType.PERCENT else label


def _transferred_html(given: dict[str, Any]) -> str:
    key = str(given.get("signal", ""))
    catalogue = signal_catalogue()
    value = given.get("vaerdi")
    if key in catalogue:
        signal = catalogue.get(key)
        label = signal.label
        if value is None:
            shown = "–"
        elif signal.kind is SignalKind.FLAG:
            shown = "Ja" if value else "Nej"
        elif signal.kind is SignalKind.PERCENT:
            shown = f"{danish_number(float(value))} %"
        else:
            shown = danish_number(float(value))
    else:
        label, shown = key, "–" if value is None else danish_number(float(value))
    return f"<div>{escape(label)}: {escape(shown)}</div>"


def record_html(
    item: ListedRecord | InformationRecord, kinds: InformationKinds | None = None
) -> str:
    """One record as a block: what it is, the dates, where from, the description, its values,
    who registered it when; a replaced record struck through with what replaced it."""
    kinds = kinds or information_kinds()
    listed = item if isinstance(item, ListedRecord) else ListedRecord(item)
    info = listed.record.information
    kind = kinds.get(info.kind) if info.kind in kinds else None
    name = kind.label if kind is not None else info.kind
    if info.kind == TRANSFERRED:
        title = f"Overført risikosignal: {_signal_label(info.values.signal)}"
    elif listed.is_withdrawal:
        title = f"Tilbagetrækning: {name}"
    elif info.replaces is not None:
        title = f"Rettelse: {name}"
    else:
        title = name
    mark = ""
    if listed.in_force and kind is not None and kind.requires_decision:
        mark = f" <b style='{_ALARM}'>{escape(DECIDE)}</b>"
    number = f" <small style='{_MUTED}'>nr. {listed.id}</small>"
    refers = ""
    if info.replaces is not None:
        verb = "Trækker nr." if listed.is_withdrawal else "Retter nr."
        refers = f"<div><i>{verb} {info.replaces}</i></div>"
    dates = (
        f"Vedrører {format_stamp(info.concerns_on)} · modtaget {format_stamp(info.received_on)}"
        f" · kilde: {label_of(Origin(info.origin))}"
    )
    reason = "Begrundelse: " if listed.is_withdrawal else ""
    body = (
        f"<div><b>{escape(title)}</b>{mark}{number}</div>{refers}"
        f"<div>{escape(dates)}</div>"
        f"<div style='white-space:pre-wrap'>{escape(reason)}{escape(info.description)}</div>"
        f"{'' if listed.is_withdrawal else _values_html(listed.record, kinds)}"
        f"<div><small style='{_MUTED}'>Registreret af {escape(info.registered_by)} "
        f"{escape(format_stamp(info.registered_at))}</small></div>"
    )
    replaced = listed.replaced_by
    if replaced is None:
        return f"<div class='tw-information' style='{_BLOCK}'>{body}</div>"
    how = "Trukket tilbage" if replaced.information.withdrawn else "Rettet"
    note = (
        f"<div><b>{how} ved nr. {replaced.id}</b> "
        f"({escape(format_stamp(replaced.information.registered_at))}, "
        f"af {escape(replaced.information.registered_by)})</div>"
    )
    return (
        f"<div class='tw-information tw-replaced' style='{_BLOCK}'>"
        f"<del style='color:#6b6b6b'>{body}</del>{note}</div>"
    )


_BLOCK = "border-left:3px solid #d0d0d0;padding:2px 10px;margin:6px 0;line-height:1.35"


def _signal_label(key: str | None) -> str:
    catalogue = signal_catalogue()
    return catalogue.get(key).label if key and key in catalogue else str(key or "–")


def information_list_html(found: InformationListing) -> str:
    """The whole list for a report or a page without buttons: the news since the latest
    assessment, then the earlier information folded (``<details>``)."""
    line = pending_line(found)
    head = f"<p><b>{escape(line)}</b></p>" if line else ""
    if found.pending:
        news = "".join(record_html(item, found.kinds) for item in found.pending)
    else:
        news = "<p>Ingen nye oplysninger siden seneste vurdering.</p>"
    earlier = ""
    if found.earlier:
        items = "".join(record_html(item, found.kinds) for item in found.earlier)
        earlier = (
            f"<details><summary>Tidligere oplysninger ({danish_count(len(found.earlier))})"
            f"</summary>{items}</details>"
        )
    return f"<div class='tw-information-list'>{head}{news}{earlier}</div>"


# -- the reconsideration queue ------------------------------------------------------------------


def _colour(code: object) -> str:
    if code is None or (isinstance(code, float) and math.isnan(code)):
        return "intet forslag"
    style = labels().category(RiskCategory(str(code)))
    return f"{style.symbol} {style.label}"


def _kind_names(keys: Iterable[str], kinds: InformationKinds) -> str:
    names = [kinds.get(k).label if k in kinds else k for k in keys]
    if not names:
        return ""
    shown = [names[0], *(n[:1].lower() + n[1:] for n in names[1:])]
    if len(shown) == 1:
        return shown[0]
    return f"{', '.join(shown[:-1])} og {shown[-1]}"


def queue_reason(row: Any, kinds: InformationKinds | None = None) -> str:
    """Why a unit is on the queue, in words: "Whistleblowerhenvendelse kræver stillingtagen",
    "Forslaget er nu ▲ Rød (var ● Grøn)", or both. ``row`` is a row of the queue (a mapping or
    a named tuple with its columns)."""
    kinds = kinds or information_kinds()
    get = row.get if hasattr(row, "get") else lambda name: getattr(row, name)
    reasons = []
    if bool(get("requires_decision")):
        need = kinds.requiring_decision()
        deciding = [k for k in get("kinds") if k in need]
        reasons.append(f"{_kind_names(deciding, kinds)} kræver stillingtagen")
    if bool(get("moves_suggestion")):
        now, then = get("suggested_now"), get("suggested_then")
        if now is None or (isinstance(now, float) and math.isnan(now)):
            reasons.append(f"Kataloget har nu intet forslag (var {_colour(then)})")
        else:
            reasons.append(f"Forslaget er nu {_colour(now)} (var {_colour(then)})")
    # One sentence: the parts after the first go on in lower case.
    return "; ".join([*reasons[:1], *(r[:1].lower() + r[1:] for r in reasons[1:])])


QUEUE_TABLE = Table(
    {"unit_id": Column("Id", "text")},
    {
        "name": Column("Navn", "text"),
        "socialtilsyn": Column("Socialtilsyn", "socialtilsyn"),
        "team": Column("Team", "text"),
        "reason": Column("Årsag", "text"),
        "pending": Column("Nye oplysninger"),
        "waiting_since": Column("Venter siden", "date"),
        "days_waiting": Column("Dage"),
        "over_alert": Column("Over grænsen", "flag"),
    },
)
"""How :func:`queue_frame` is shown (``tables.for_people`` / ``for_workbook``)."""


def queue_frame(
    queue: pd.DataFrame, units: pd.DataFrame, kinds: InformationKinds | None = None
) -> pd.DataFrame:
    """The queue with the units' name, socialtilsyn and team, the reason in words and whether
    the wait is past the alert (``information_kinds.yaml``: ``queue.waiting_alert_days``), in
    the queue's order (longest wait first). Columns: unit_id, name, socialtilsyn, team,
    reason, pending, waiting_since, days_waiting, over_alert."""
    kinds = kinds or information_kinds()
    facts = units.set_index("id")[["name", "socialtilsyn", "team"]]
    found = queue.join(facts, on="unit_id")
    reasons = [queue_reason(row, kinds) for row in found.to_dict("records")]
    alert = kinds.queue.waiting_alert_days
    frame = pd.DataFrame(
        {
            "unit_id": found["unit_id"].astype(object),
            "name": found["name"].astype(object),
            "socialtilsyn": found["socialtilsyn"].astype(object),
            "team": found["team"].astype(object),
            "reason": pd.Series(reasons, index=found.index, dtype=object),
            "pending": found["pending"].astype(int),
            "waiting_since": found["waiting_since"],
            "days_waiting": found["days_waiting"].astype(int),
            "over_alert": found["days_waiting"].astype(int) > alert,
        }
    )
    return frame.reset_index(drop=True)


def queue_html(frame: pd.DataFrame, caption: str = "", limit: int | None = None) -> str:
    """A :func:`queue_frame` as an HTML table; days past the alert marked "⚠" in red.
    ``limit`` draws only the first rows and says how many there are in all."""
    shown = frame if limit is None else frame.head(limit)
    people = for_people(shown, QUEUE_TABLE)
    headers = [h for h in people.columns if h != "Over grænsen"]
    numeric = {"Nye oplysninger", "Dage"}
    head = "".join(
        f"<th scope='col'{_NUM if h in numeric else ''}>{escape(h)}</th>" for h in headers
    )
    body = []
    for (_, row), late in zip(people.iterrows(), shown["over_alert"], strict=True):
        cells = []
        for header in headers:
            text = escape(str(row[header]))
            if header == "Id":
                cells.append(f"<th scope='row'>{text}</th>")
            elif header == "Dage" and late:
                cells.append(
                    f"<td class='tw-num' style='{_ALARM};font-weight:bold' "
                    f"title='Over grænsen for ventetid'>⚠ {text}</td>"
                )
            else:
                cells.append(f"<td{_NUM if header in numeric else ''}>{text}</td>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    title = f"<caption>{escape(caption)}</caption>" if caption else ""
    more = ""
    if limit is not None and len(frame) > limit:
        more = (
            f"<p><small>Viser de {danish_count(limit)}, der har ventet længst, af "
            f"{danish_count(len(frame))}.</small></p>"
        )
    return (
        f"{_QUEUE_STYLE}<table class='tw-table tw-labelled tw-queue'>{title}<thead><tr>{head}"
        f"</tr></thead><tbody>{''.join(body)}</tbody></table>{more}"
    )


_NUM = " class='tw-num'"
_QUEUE_STYLE = (
    "<style>.tw-queue{border-collapse:collapse;margin:4px 0 12px}"
    ".tw-queue th,.tw-queue td{padding:2px 10px;border-bottom:1px solid #ddd;"
    "text-align:left;vertical-align:top}.tw-queue tbody th{white-space:nowrap}"
    ".tw-queue thead th{border-bottom:2px solid #999}"
    ".tw-queue .tw-num{text-align:right;white-space:nowrap}"
    ".tw-queue caption{text-align:left;color:#555}</style>"
)


def queue_item_html(row: Any) -> str:
    """One unit of a :func:`queue_frame` as a line for the inspector's list: id and name, the
    reason, how many records wait and since when; days past the alert marked "⚠"."""
    get = row.get if hasattr(row, "get") else lambda name: getattr(row, name)
    days = int(get("days_waiting"))
    waited = counted(days, "dag", "dage")
    if bool(get("over_alert")):
        waited = f"<b style='{_ALARM}' title='Over grænsen for ventetid'>⚠ {escape(waited)}</b>"
    else:
        waited = escape(waited)
    since = format_stamp(pd.Timestamp(get("waiting_since")).date())
    news = counted(int(get("pending")), "ny oplysning", "nye oplysninger")
    return (
        f"<div class='tw-queue-item'><b>{escape(str(get('unit_id')))} – "
        f"{escape(str(get('name')))}</b> · {escape(str(get('reason')))}<br>"
        f"<small>{escape(news)} · venter siden {escape(since)} · {waited}</small></div>"
    )
