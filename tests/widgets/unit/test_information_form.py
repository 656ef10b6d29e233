"""The form "Registrér ny oplysning": the kinds of the unit's kind, the kind's note and values,
Danish errors at the fields, saving, correcting and withdrawing, and the kernel's own checks."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from tests.widgets.unit._information_store import FAMILY, TILBUD, information, small_store

from tilsynwidgets.domain.information.records import Information
from tilsynwidgets.store.store import Store
from tilsynwidgets.widgets.unit.information_form import NEW_TITLE, InformationForm, field_box

NOW = datetime(2026, 11, 3, 10, 0, tzinfo=UTC)
DAY = date(2026, 11, 1)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with small_store(tmp_path) as found:
        yield found


@pytest.fixture
def saved() -> list[tuple[int, Information]]:
    return []


@pytest.fixture
def form(store: Store, saved: list[tuple[int, Information]]) -> InformationForm:
    shown = InformationForm(
        store,
        "tk-test",
        lambda ident, info: saved.append((ident, info)),
        clock=lambda: NOW,
        working_day=lambda: DAY,
    )
    shown.show(TILBUD)
    return shown


def _kinds_offered(form: InformationForm) -> list[str]:
    return [label for label, _value in form.form.control("kind").options]


def _fill(form: InformationForm, **values: object) -> None:
    base: dict[str, object] = {
        "concerns_on": "2026-10-28",
        "origin": "anonym",
        "description": "Henvendelse om manglende nattevagt i weekenden.",
    }
    form.form.set_draft(base | values)


def _shown(form: InformationForm, path: str) -> bool:
    box = field_box(form.form, path)
    assert box is not None
    return box.layout.display != "none"


def test_the_kinds_offered_are_those_registrable_for_the_unit_kind(
    form: InformationForm,
) -> None:
    offered = _kinds_offered(form)
    assert offered[0] == "Whistleblowerhenvendelse"
    assert "Magtanvendelse" in offered
    assert "Kvalitetsvurdering" not in offered  # registered with the quality assessment
    assert "Overført risikosignal" not in offered
    form.show(FAMILY)
    family = _kinds_offered(form)
    assert "Magtanvendelse" not in family
    assert "Sammenbrud i anbringelsen" in family
    assert form.holder.children == (form.form,)


def test_a_new_form_is_received_today_and_asks_for_the_rest(form: InformationForm) -> None:
    assert form.heading.value == f"<h4>{NEW_TITLE}</h4>"
    draft = form.form.draft
    assert draft["received_on"] == DAY.isoformat()
    assert draft["kind"] is None
    assert form.save_entry() is None
    assert form.form.errors_at("kind")
    assert form.form.errors_at("concerns_on")
    assert form.form.errors_at("origin")
    assert "Ret de markerede felter" in form.status.value


def test_the_kind_shows_its_note_and_exactly_its_values(form: InformationForm) -> None:
    _fill(form, kind="whistleblower")
    note = form._notes[TILBUD.kind].value
    assert "Indberetterens identitet registreres aldrig" in note
    assert "Lov om socialtilsyn § 11" in note
    assert _shown(form, "antal")
    assert not _shown(form, "frist")
    assert not _shown(form, "personaleomsaetning_pct")
    title = field_box(form.form, "antal").children[0].value  # type: ignore[union-attr]
    assert "(kan udelades)" in title
    _fill(form, kind="paabud")
    assert _shown(form, "frist")
    assert _shown(form, "efterkommet")
    assert not _shown(form, "antal")
    frist = field_box(form.form, "frist").children[0].value  # type: ignore[union-attr]
    assert "Frist" in frist
    assert "(skal udfyldes)" in frist
    assert "(kan udelades)" in field_box(form.form, "efterkommet").children[0].value  # type: ignore[union-attr]
    assert form.save_entry() is None
    assert form.form.errors_at("frist") == ("skal udfyldes",)


def test_saving_appends_the_record_and_tells_the_app(
    form: InformationForm, store: Store, saved: list[tuple[int, Information]]
) -> None:
    _fill(form, kind="whistleblower", antal="2")
    before = len(store.information(TILBUD.id))
    ident = form.save_entry()
    assert ident is not None
    records = store.information(TILBUD.id)
    assert len(records) == before + 1
    stored = next(r for r in records if r.id == ident).information
    assert (stored.kind, stored.values.antal) == ("whistleblower", 2)
    assert stored.concerns_on == date(2026, 10, 28)
    assert stored.received_on == DAY
    assert (stored.registered_by, stored.registered_at) == ("tk-test", NOW)
    assert saved == [(ident, stored)]
    assert f"er gemt som nr. {ident} af tk-test" in form.status.value


def test_nothing_received_in_the_future_or_before_it_happened(form: InformationForm) -> None:
    _fill(form, kind="klage", received_on="2026-11-04")
    assert form.save_entry() is None
    assert form.form.errors_at("received_on") == ("kan ikke ligge efter i dag (3. november 2026)",)
    _fill(form, kind="klage", received_on="2026-10-27")  # the day before it concerns
    assert form.form.errors_at("received_on") == (
        "datoen, oplysningen vedrører, kan ikke ligge efter modtagelsesdatoen",
    )
    _fill(form, kind="klage", received_on="2026-10-28", description=" ")
    assert form.form.errors_at("description") == ("skriv en kort beskrivelse",)


def test_the_kernel_refuses_a_kind_the_unit_cannot_have(
    form: InformationForm, store: Store
) -> None:
    form.show(FAMILY)
    before = len(store.information(FAMILY.id))
    force = information(FAMILY.id, "magtanvendelse", date(2026, 10, 1))
    assert form.save(force) is None
    assert "«Magtanvendelse» kan ikke registreres for en plejefamilie" in form.status.value
    assert "kan ikke registreres for en plejefamilie" in form.form.error_line("kind").value
    quality = information(FAMILY.id, "kvalitetsvurdering", date(2026, 10, 1), laveste_temascore=3)
    assert form.save(quality) is None
    assert "registreres ikke her" in form.status.value
    other = information(TILBUD.id, "klage", date(2026, 10, 1))
    assert form.save(other) is None
    assert "hører ikke til den valgte enhed" in form.status.value
    assert len(store.information(FAMILY.id)) == before


def test_a_correction_opens_filled_in_and_replaces_the_record(
    form: InformationForm, store: Store
) -> None:
    first = store.append_information(information(TILBUD.id, "klage", date(2026, 10, 1), antal=1))
    record = next(r for r in store.information(TILBUD.id) if r.id == first)
    form.correct(record)
    assert f"Ret oplysning nr. {first} (Klage)" in form.heading.value
    draft = form.form.draft
    assert (draft["kind"], draft["antal"], draft["concerns_on"]) == ("klage", "1", "2026-10-01")
    assert draft["received_on"] == DAY.isoformat()  # the day the correction came
    assert form.cancel.layout.display is None
    form.form.set_draft({"antal": "3"})
    ident = form.save_entry()
    assert ident is not None
    fixed = next(r for r in store.information(TILBUD.id) if r.id == ident).information
    assert (fixed.replaces, fixed.values.antal, fixed.withdrawn) == (first, 3, False)
    assert f"Rettelsen af nr. {first} (Klage) er gemt som nr. {ident}" in form.status.value


def test_a_withdrawal_needs_a_reason(form: InformationForm, store: Store) -> None:
    first = store.append_information(information(TILBUD.id, "whistleblower", date(2026, 10, 1)))
    record = next(r for r in store.information(TILBUD.id) if r.id == first)
    form.start_withdrawal(record)
    assert form.holder.layout.display == "none"
    assert form.reason.layout.display is None
    assert f"Træk oplysning nr. {first} tilbage" in form.heading.value
    form.reason.set_draft({"reason": "Fejl"})
    assert form.withdraw() is None
    assert "mindst 20 tegn" in " ".join(form.reason.errors_at("reason"))
    form.reason.set_draft({"reason": "Registreret på det forkerte tilbud ved en fejl."})
    ident = form.withdraw()
    assert ident is not None
    withdrawal = next(r for r in store.information(TILBUD.id) if r.id == ident).information
    assert (withdrawal.withdrawn, withdrawal.replaces) == (True, first)
    assert withdrawal.description == "Registreret på det forkerte tilbud ved en fejl."
    assert f"Oplysning nr. {first} (Whistleblowerhenvendelse) er trukket tilbage" in (
        form.status.value
    )


def test_another_unit_s_record_cannot_be_corrected(form: InformationForm, store: Store) -> None:
    ident = store.append_information(information(FAMILY.id, "klage", date(2026, 10, 1)))
    record = next(r for r in store.information(FAMILY.id) if r.id == ident)
    with pytest.raises(ValueError, match="hører ikke til den valgte enhed"):
        form.correct(record)
