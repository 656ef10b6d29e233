"""The form "Registrér ny oplysning": kind, dates, origin, description and exactly the values
the kind has; it also corrects a listed record (filled in with it, saved as a new record that
``replaces`` it) and withdraws one (with a reason).

One :class:`~tilsynwidgets.forms.ModelForm` per kind of unit (tilbud and plejefamilie offer
different kinds), built when first needed and kept; choosing a kind shows its note and its
value fields, marked "skal udfyldes" or "kan udelades", and hides the others. Saving checks
again in the kernel what the browser could have sent (the kind registrable for this unit's
kind, the unit, the record replaced) before :meth:`Store.append_information`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import ipywidgets as widgets

from tilsynwidgets.domain.core.kinds import UnitKind
from tilsynwidgets.domain.core.local_time import format_stamp, in_danish_time
from tilsynwidgets.domain.core.units import Unit
from tilsynwidgets.domain.information.kinds import (
    InformationKind,
    InformationKinds,
    Need,
    ValueType,
    information_kinds,
)
from tilsynwidgets.domain.information.records import Information, InformationRecord
from tilsynwidgets.forms import FormInvalid, ModelForm, error_html
from tilsynwidgets.presentation.html import escape
from tilsynwidgets.store.errors import StoreError
from tilsynwidgets.store.store import Store
from tilsynwidgets.widgets.common.status import StatusLine
from tilsynwidgets.widgets.unit.form_parts import field_box
from tilsynwidgets.widgets.unit.information_entry import (
    InformationEntry,
    Withdrawal,
    entry_labeller,
    entry_model,
    form_values,
    not_registrable,
    record_problems,
    registrable_values,
    to_information,
    withdrawal_of,
)

__all__ = ["NEW_TITLE", "InformationForm", "field_box"]

NEW_TITLE = "Registrér ny oplysning"
_SHARED = ("kind", "concerns_on", "received_on", "origin", "description")
_MUTED = "color:#5f6368"


class InformationForm(widgets.VBox):
    """``on_saved(record_id, information)`` runs after a record is stored."""

    def __init__(
        self,
        store: Store,
        registered_by: str,
        on_saved: Callable[[int, Information], None],
        clock: Callable[[], datetime] | None = None,
        working_day: Callable[[], date] | None = None,
        kinds: InformationKinds | None = None,
    ) -> None:
        self.store = store
        self.registered_by = registered_by
        self.on_saved = on_saved
        self.clock = clock or (lambda: datetime.now(UTC))
        self.working_day = working_day or (lambda: in_danish_time(self.clock()).date())
        self.kinds = kinds or information_kinds()
        self.unit: Unit | None = None
        self.replacing: InformationRecord | None = None
        """The record being corrected or withdrawn (None: a new registration)."""
        self.withdrawing = False
        self._forms: dict[UnitKind, ModelForm[InformationEntry]] = {}
        self._notes: dict[UnitKind, widgets.HTML] = {}
        self.heading = widgets.HTML(f"<h4>{NEW_TITLE}</h4>")
        self.intro = widgets.HTML(
            f"<p style='{_MUTED}'>Alle felter skal udfyldes; af værdierne kun dem, der er "
            "mærket «skal udfyldes».</p>"
        )
        self.holder = widgets.VBox([])
        self.reason: ModelForm[Withdrawal] = ModelForm(
            Withdrawal,
            overrides={"reason": "textarea"},
            submit_text="Træk oplysningen tilbage",
        )
        self.reason.on_submit(self._withdrawal_submitted)
        if self.reason.submit_button is not None:  # its whole label, never "Træk oplysningen ti…"
            self.reason.submit_button.layout.width = "auto"
        self.reason.layout.display = "none"
        self.cancel = widgets.Button(
            description="Fortryd – registrér en ny i stedet",
            layout=widgets.Layout(width="auto", display="none", align_self="flex-start"),
        )
        self.status = StatusLine()
        self.cancel.on_click(self.status.guard(self.start_new))
        super().__init__(
            [self.heading, self.intro, self.holder, self.reason, self.cancel, self.status]
        )

    # -- the form for the unit's kind -------------------------------------------------------

    @property
    def form(self) -> ModelForm[InformationEntry]:
        """The form for the chosen unit's kind (a unit must be shown first)."""
        if self.unit is None:
            raise RuntimeError("vælg en enhed først")
        return self._form_for(self.unit.kind)

    def _form_for(self, unit_kind: UnitKind) -> ModelForm[InformationEntry]:
        if unit_kind not in self._forms:
            offered = registrable_values(unit_kind, self.kinds)
            form: ModelForm[InformationEntry] = ModelForm(
                entry_model(unit_kind, self.kinds),
                fields=[*_SHARED, *offered],
                overrides={"description": "textarea", **_dropdowns(offered, self.kinds)},
                choices={"kind": [k.key for k in self.kinds.registrable_for(unit_kind)]},
                labeller=entry_labeller(self.kinds),
                extra_checks=self._checks,
                submit_text="Gem oplysning",
            )
            note = widgets.HTML()
            kind_box = field_box(form, "kind")
            if kind_box is not None:  # the kind's note right under the choice
                kind_box.children = (*kind_box.children, note)
            if form.submit_button is not None:
                form.submit_button.layout.width = "auto"
            form.on_change(lambda _draft: self._refresh())
            form.on_submit(self._entry_submitted)
            self._forms[unit_kind] = form
            self._notes[unit_kind] = note
        return self._forms[unit_kind]

    def show(self, unit: Unit) -> None:
        """A new registration for ``unit`` (what was half typed for another unit goes)."""
        self.unit = unit
        form = self._form_for(unit.kind)
        self.holder.children = [form]
        self.start_new()

    def start_new(self) -> None:
        """An empty form: received today, the rest for the inspector to fill in."""
        self.replacing = None
        self.withdrawing = False
        self.form.set_draft(self._blank(), fresh=True)
        self.heading.value = f"<h4>{NEW_TITLE}</h4>"
        self.status.clear()
        self._refresh()

    def _blank(self) -> dict[str, Any]:
        blank: dict[str, Any] = {
            "kind": None,
            "concerns_on": None,
            "received_on": self.working_day().isoformat(),
            "origin": None,
            "description": "",
        }
        return blank | dict.fromkeys(registrable_values(self.form_kind, self.kinds))

    @property
    def form_kind(self) -> UnitKind:
        assert self.unit is not None
        return self.unit.kind

    def correct(self, record: InformationRecord) -> None:
        """The form filled in with ``record``, to save a correction of it; received today
        (the day the socialtilsyn learned the correction)."""
        self._check_own(record)
        self.replacing = record
        self.withdrawing = False
        draft = form_values(record.information, self.kinds)
        draft["received_on"] = max(self.working_day(), record.information.received_on).isoformat()
        blank = dict.fromkeys(registrable_values(self.form_kind, self.kinds))
        self.form.set_draft(blank | draft, fresh=True)
        label = self._kind_label(record.information.kind)
        self.heading.value = f"<h4>Ret oplysning nr. {record.id} ({escape(label)})</h4>"
        self.status.info(
            "Rettelsen gemmes som en ny post, der erstatter den gamle; den gamle bliver "
            "stående, overstreget."
        )
        self._refresh()

    def start_withdrawal(self, record: InformationRecord) -> None:
        """Ask why ``record`` no longer holds, to withdraw it."""
        self._check_own(record)
        self.replacing = record
        self.withdrawing = True
        self.reason.set_draft({"reason": ""}, fresh=True)
        label = self._kind_label(record.information.kind)
        self.heading.value = f"<h4>Træk oplysning nr. {record.id} tilbage ({escape(label)})</h4>"
        self.status.clear()
        self._refresh()

    def _check_own(self, record: InformationRecord) -> None:
        if self.unit is None or record.information.unit_id != self.unit.id:
            raise ValueError("Oplysningen hører ikke til den valgte enhed.")

    def _kind_label(self, key: str) -> str:
        return self.kinds.get(key).label if key in self.kinds else key

    # -- the derived view ------------------------------------------------------------------

    def _refresh(self) -> None:
        """Show the chosen kind's note and value fields, marked required or optional; the
        reason instead of the form while withdrawing (idempotent)."""
        if self.unit is None:
            return
        form = self.form
        withdrawing = self.withdrawing
        self.holder.layout.display = "none" if withdrawing else None
        self.intro.layout.display = "none" if withdrawing else None
        self.reason.layout.display = None if withdrawing else "none"
        self.cancel.layout.display = None if self.replacing is not None else "none"
        chosen = form.draft.get("kind")
        kind = self.kinds.get(str(chosen)) if chosen in self.kinds else None
        self._notes[self.unit.kind].value = _note_html(kind)
        for key in registrable_values(self.unit.kind, self.kinds):
            box = field_box(form, key)
            if box is None:
                continue
            need = kind.values.get(key) if kind is not None else None
            box.layout.display = None if need is not None else "none"
            title = box.children[0]
            if isinstance(title, widgets.HTML) and need is not None:
                title.value = _title_html(self.kinds.values[key].label, need)

    def _checks(self, entry: InformationEntry) -> list[tuple[str, str]]:
        """Rules beyond the model: the kind fits the unit, nothing is received in the future."""
        found: list[tuple[str, str]] = []
        if self.unit is not None:
            problem = not_registrable(entry.kind.value, self.unit.kind, self.kinds)
            if problem is not None:
                found.append(("kind", problem))
        today = in_danish_time(self.clock()).date()
        if entry.received_on > today:
            found.append(("received_on", f"kan ikke ligge efter i dag ({format_stamp(today)})"))
            return found
        unit_id = self.unit.id if self.unit is not None else "ingen"
        found += record_problems(
            entry, unit_id=unit_id, registered_by=self.registered_by, registered_at=self.clock()
        )
        return found

    # -- saving ------------------------------------------------------------------------------

    def _entry_submitted(self, entry: InformationEntry) -> None:
        self.save_entry(entry)

    def _withdrawal_submitted(self, reason: Withdrawal) -> None:
        self.withdraw(reason)

    def save_entry(self, entry: InformationEntry | None = None) -> int | None:
        """Store what the form holds (a correction when one is being corrected)."""
        if self.unit is None:
            self.status.error("Vælg en enhed først.")
            return None
        try:
            built = entry or self.form.submit()
        except FormInvalid:
            self.status.error("Ret de markerede felter, før oplysningen kan gemmes.")
            return None
        try:
            information = to_information(
                built,
                unit_id=self.unit.id,
                registered_by=self.registered_by,
                registered_at=self.clock(),
                replaces=self.replacing.id if self.replacing is not None else None,
            )
        except ValueError as exc:
            self.status.fail(exc, "oplysningen")
            return None
        return self.save(information)

    def withdraw(self, reason: Withdrawal | None = None) -> int | None:
        """Store the withdrawal of the record being withdrawn, with the reason given."""
        record = self.replacing
        if self.unit is None or record is None or not self.withdrawing:
            self.status.error("Vælg den oplysning, der skal trækkes tilbage.")
            return None
        try:
            given = reason or self.reason.submit()
        except FormInvalid:
            self.status.error("Skriv hvorfor oplysningen trækkes tilbage.")
            return None
        information = withdrawal_of(
            record.information,
            record.id,
            given,
            registered_by=self.registered_by,
            registered_at=self.clock(),
            received_on=self.working_day(),
            kinds=self.kinds,
        )
        return self.save(information)

    def save(self, information: Information) -> int | None:
        """Append ``information`` to the unit's records after checking, in the kernel, what
        the browser could have changed; errors are shown at the field and in the status."""
        unit = self.unit
        if unit is None or information.unit_id != unit.id:
            self.status.error("Oplysningen er ikke gemt: den hører ikke til den valgte enhed.")
            return None
        problem = not_registrable(information.kind, unit.kind, self.kinds)
        if problem is not None and not information.withdrawn:
            self.form.error_line("kind").value = error_html([problem])
            self.form.error_line("kind").layout.display = None
            self.status.error(f"Oplysningen er ikke gemt: {problem}.")
            return None
        replacing = self.replacing
        if information.replaces is not None and (
            replacing is None or replacing.id != information.replaces
        ):
            self.status.error("Oplysningen er ikke gemt: den retter en anden post end den valgte.")
            return None
        try:
            record_id = self.store.append_information(information)
        except StoreError as exc:
            self.status.error(f"Oplysningen blev ikke gemt: {exc}")
            return None
        label = self._kind_label(information.kind)
        if information.withdrawn:
            done = f"Oplysning nr. {information.replaces} ({label}) er trukket tilbage"
        elif information.replaces is not None:
            done = f"Rettelsen af nr. {information.replaces} ({label}) er gemt som nr. {record_id}"
        else:
            done = f"Oplysningen ({label}) er gemt som nr. {record_id}"
        self.on_saved(record_id, information)  # the unit is shown again, the form emptied
        self.status.success(f"{done} af {self.registered_by}.")
        return record_id


def _dropdowns(offered: tuple[str, ...], kinds: InformationKinds) -> dict[str, Any]:
    """Ja/Nej values as a dropdown with "— vælg —" (buttons would offer "— vælg —" too)."""
    return {key: "dropdown" for key in offered if kinds.values[key].type is ValueType.FLAG}


def _note_html(kind: InformationKind | None) -> str:
    """Under the chosen kind: its legal reference, whether it requires a decision, its note
    (the whistleblower's: no identity is ever registered)."""
    if kind is None:
        return ""
    parts = []
    if kind.legal_reference:
        parts.append(f"<small style='{_MUTED}'>{escape(kind.legal_reference)}</small>")
    if kind.requires_decision:
        parts.append(
            "<small style='color:#8a4b00'>Kræver stillingtagen til risikokategorien.</small>"
        )
    if kind.note:
        parts.append(f"<div style='color:#8a4b00'>ℹ {escape(kind.note)}</div>")
    return "<br>".join(parts)


def _title_html(label: str, need: Need) -> str:
    word = "skal udfyldes" if need is Need.REQUIRED else "kan udelades"
    return f"<b>{escape(label)}</b> <span style='{_MUTED};font-weight:normal'>({word})</span>"
