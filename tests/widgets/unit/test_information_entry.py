"""The model of the form "Registrér ny oplysning" and the record it makes, without widgets."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from pydantic import ValidationError

from tilsynwidgets.domain.core.kinds import UnitKind
from tilsynwidgets.domain.information.kinds import Origin, information_kinds
from tilsynwidgets.domain.information.records import Information
from tilsynwidgets.domain.labels import label_of
from tilsynwidgets.widgets.unit.information_entry import (
    KindChoice,
    Withdrawal,
    YesNo,
    entry_labeller,
    entry_model,
    entry_values,
    form_values,
    not_registrable,
    record_problems,
    registrable_values,
    to_information,
    withdrawal_of,
)

NOW = datetime(2026, 11, 3, 10, tzinfo=UTC)
BASE = {
    "concerns_on": "2026-10-01",
    "received_on": "2026-10-02",
    "origin": "kommune",
    "description": "Kommunen er bekymret for nattevagten.",
}


def _errors(unit_kind: UnitKind, **values: Any) -> dict[str, str]:
    try:
        entry_model(unit_kind).model_validate(BASE | values)
    except ValidationError as exc:
        return {str(e["loc"][0]): str(e["msg"]).removeprefix("Value error, ") for e in exc.errors()}
    return {}


def test_the_values_offered_are_those_of_the_kinds_registrable_for_the_unit_kind() -> None:
    kinds = information_kinds()
    tilbud = registrable_values(UnitKind.TILBUD, kinds)
    assert "personaleomsaetning_pct" in tilbud
    assert "afviger" in tilbud
    assert "laveste_temascore" not in tilbud  # only a quality assessment carries it
    assert "signal" not in tilbud
    family = registrable_values(UnitKind.PLEJEFAMILIE, kinds)
    assert "personaleomsaetning_pct" not in family
    assert "frist" in family


def test_a_value_is_checked_at_its_field_only_for_the_chosen_kind() -> None:
    assert _errors(UnitKind.TILBUD, kind="paabud") == {"frist": "skal udfyldes"}
    assert _errors(UnitKind.TILBUD, kind="paabud", frist="2026-09-01") == {
        "frist": "kan ikke ligge før datoen, oplysningen vedrører"
    }
    # A value the kind does not have is ignored (its field is hidden).
    assert _errors(UnitKind.TILBUD, kind="klage", frist="2026-09-01") == {}
    assert _errors(UnitKind.TILBUD, kind="klage", antal="to") == {"antal": "skriv et tal, fx 12,5"}
    assert _errors(UnitKind.TILBUD, kind="klage", antal="2,5") == {"antal": "skriv et helt tal"}
    assert _errors(UnitKind.TILBUD, kind="personaleforhold", periode_start="2026-01-01") == {}
    assert _errors(
        UnitKind.TILBUD,
        kind="personaleforhold",
        periode_start="2026-01-01",
        sygefravaer_pct="120",
    ) == {"sygefravaer_pct": "skal ligge mellem 0 og 100"}
    assert _errors(UnitKind.TILBUD, kind="skaerpet_tilsyn", slut="2027-06-01") == {
        "slut": "ligger mere end 183 dage efter start (højst 6 måneder)"
    }
    assert _errors(UnitKind.TILBUD, kind="oekonomi") == {"afviger": "skal udfyldes"}


def test_the_domain_s_own_rules_are_placed_at_the_fields() -> None:
    model = entry_model(UnitKind.TILBUD)

    def problems(**values: Any) -> list[tuple[str, str]]:
        entry = model.model_validate(BASE | {"kind": "klage"} | values)
        return record_problems(entry, unit_id="T-00001", registered_by="tk", registered_at=NOW)

    assert problems() == []
    assert problems(received_on="2026-09-30") == [
        ("received_on", "datoen, oplysningen vedrører, kan ikke ligge efter modtagelsesdatoen")
    ]
    assert problems(description="   ") == [("description", "skriv en kort beskrivelse")]
    assert problems(received_on="2026-11-04") == [
        ("received_on", "oplysningen kan ikke være modtaget efter, den blev registreret")
    ]


def test_the_record_carries_exactly_the_kinds_values_the_danish_way() -> None:
    model = entry_model(UnitKind.TILBUD)
    entry = model.model_validate(
        BASE
        | {
            "kind": "personaleforhold",
            "periode_start": "2026-01-01",
            "personaleomsaetning_pct": "12,5",
            "sygefravaer_pct": "7,25",
            "antal": "3",  # not a value of this kind: left out
        }
    )
    information = to_information(entry, unit_id="T-00001", registered_by="tk", registered_at=NOW)
    assert information.kind == "personaleforhold"
    assert information.values.given() == {
        "periode_start": date(2026, 1, 1),
        "personaleomsaetning_pct": 12.5,
        "sygefravaer_pct": 7.25,
    }
    assert information.origin is Origin.KOMMUNE
    assert (information.registered_by, information.registered_at) == ("tk", NOW)
    economy = model.model_validate(BASE | {"kind": "oekonomi", "afviger": "nej"})
    assert entry_values(economy) == {"afviger": False}
    yes = model.model_validate(BASE | {"kind": "oekonomi", "afviger": "ja"})
    assert entry_values(yes) == {"afviger": True}


def test_a_record_fills_the_form_and_comes_back_the_same() -> None:
    original = Information(
        unit_id="T-00001",
        kind="paabud",
        concerns_on=date(2026, 10, 1),
        received_on=date(2026, 10, 2),
        origin=Origin.SOCIALTILSYNET,
        description="Påbud om bemanding om natten.",
        values={"frist": date(2026, 12, 1), "efterkommet": date(2026, 11, 20)},
        registered_by="tk",
        registered_at=NOW,
    )
    draft = form_values(original)
    assert draft["frist"] == "2026-12-01"
    entry = entry_model(UnitKind.TILBUD).model_validate(draft)
    again = to_information(
        entry, unit_id="T-00001", registered_by="tk", registered_at=NOW, replaces=4
    )
    assert again.model_copy(update={"replaces": None}) == original
    assert again.replaces == 4
    numbers = original.model_copy(
        update={
            "kind": "personaleforhold",
            "values": original.values.model_copy(
                update={"frist": None, "efterkommet": None, "personaleomsaetning_pct": 12.5}
            ),
        }
    )
    assert form_values(numbers)["personaleomsaetning_pct"] == "12,5"


def test_kinds_are_named_and_refused_where_they_do_not_belong() -> None:
    kinds = information_kinds()
    label = entry_labeller(kinds)
    choice = entry_model(UnitKind.TILBUD).model_fields["kind"].annotation
    assert isinstance(choice, type)
    assert issubclass(choice, KindChoice)
    assert label(choice("whistleblower")) == "Whistleblowerhenvendelse"
    assert label(choice("andet")) == "Andet"
    assert label(Origin.ANDET) == label_of(Origin.ANDET)
    assert label(YesNo.JA) == "Ja"
    assert not_registrable("whistleblower", UnitKind.PLEJEFAMILIE, kinds) is None
    assert not_registrable("magtanvendelse", UnitKind.PLEJEFAMILIE, kinds) == (
        "«Magtanvendelse» kan ikke registreres for en plejefamilie"
    )
    refused = not_registrable("kvalitetsvurdering", UnitKind.TILBUD, kinds)
    assert refused is not None
    assert refused.startswith("«Kvalitetsvurdering» registreres ikke her.")
    assert (
        not_registrable("hemmelig", UnitKind.TILBUD, kinds) == "ukendt slags oplysning «hemmelig»"
    )


def test_a_withdrawal_needs_a_reason_and_keeps_the_withdrawn_record_s_facts() -> None:
    with pytest.raises(ValidationError, match="mindst 20 tegn"):
        Withdrawal(reason="Fejl")
    original = Information(
        unit_id="P-00001",
        kind="whistleblower",
        concerns_on=date(2026, 10, 1),
        received_on=date(2026, 10, 2),
        origin=Origin.ANONYM,
        description="Henvendelse om en plejefamilie.",
        registered_by="tk",
        registered_at=NOW,
    )
    reason = Withdrawal(reason="Registreret på den forkerte plejefamilie.")
    withdrawal = withdrawal_of(
        original, 9, reason, registered_by="tk-2", registered_at=NOW, received_on=date(2026, 11, 1)
    )
    assert withdrawal.withdrawn
    assert withdrawal.replaces == 9
    assert withdrawal.description == "Registreret på den forkerte plejefamilie."
    assert (withdrawal.kind, withdrawal.concerns_on) == ("whistleblower", date(2026, 10, 1))
    assert withdrawal.received_on == date(2026, 11, 1)
    assert withdrawal.registered_by == "tk-2"
    early = withdrawal_of(
        original, 9, reason, registered_by="tk", registered_at=NOW, received_on=date(2026, 9, 1)
    )
    assert early.received_on == original.received_on  # never before what it withdraws
