from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from pydantic import ValidationError
from tests.domain.information._records import record

from tilsynwidgets.domain.core.messages import danish_error
from tilsynwidgets.domain.information.records import Information, effective_records

_BASE: dict[str, Any] = {
    "unit_id": "T-1",
    "kind": "whistleblower",
    "concerns_on": date(2026, 10, 1),
    "received_on": date(2026, 10, 3),
    "origin": "anonym",
    "description": "Henvendelse om manglende nattevagt",
    "registered_by": "tk-syd-1",
    "registered_at": datetime(2026, 10, 3, 9, tzinfo=UTC),
}


def _problems(**changes: Any) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        Information.model_validate({**_BASE, **changes})
    return {".".join(map(str, e["loc"])): danish_error(e) for e in caught.value.errors()}


def test_a_whistleblower_report_needs_no_values_and_keeps_no_identity() -> None:
    report = Information.model_validate(_BASE)
    assert report.values.given() == {}
    assert "navn" not in Information.model_fields  # no field could hold the reporter


def test_an_unknown_kind_is_named_at_its_field() -> None:
    assert "ukendt slags oplysning 'rygte'" in _problems(kind="rygte")["kind"]


def test_information_cannot_concern_a_day_after_it_was_received() -> None:
    found = _problems(concerns_on=date(2026, 10, 5))
    assert "kan ikke ligge efter modtagelsesdatoen" in found["received_on"]


def test_information_cannot_be_received_after_it_was_registered() -> None:
    found = _problems(registered_at=datetime(2026, 10, 2, 9, tzinfo=UTC))
    assert "modtaget efter, den blev registreret" in found["registered_at"]


def test_values_must_be_those_of_the_kind() -> None:
    assert "«Frist» hører ikke til" in _problems(values={"frist": date(2026, 12, 1)})["values"]
    order = {**_BASE, "kind": "paabud"}
    with pytest.raises(ValidationError, match="«Frist» skal udfyldes"):
        Information.model_validate(order)


def test_a_deadline_before_the_order_is_refused() -> None:
    found = _problems(kind="paabud", values={"frist": date(2026, 9, 1)})
    assert "«Frist» kan ikke ligge før datoen" in found["values"]


def test_skaerpet_tilsyn_lasts_at_most_six_months_at_a_time() -> None:
    found = _problems(kind="skaerpet_tilsyn", values={"slut": date(2027, 6, 1)})
    assert "højst 6 måneder" in found["values"]
    ok = Information.model_validate(
        {**_BASE, "kind": "skaerpet_tilsyn", "values": {"slut": date(2027, 3, 1)}}
    )
    assert ok.values.slut == date(2027, 3, 1)


def test_a_percentage_outside_its_range_is_refused() -> None:
    found = _problems(
        kind="personaleforhold",
        values={"periode_start": date(2025, 10, 1), "personaleomsaetning_pct": 140},
    )
    assert "mellem 0 og 100" in found["values"]


def test_a_carried_signal_must_name_a_known_signal() -> None:
    found = _problems(kind="overfoert_signal", values={"signal": "stemning", "vaerdi": 1})
    assert "ukendt risikosignal 'stemning'" in found["values"]


def test_a_withdrawal_must_point_at_what_it_withdraws() -> None:
    assert "skal pege på den post" in _problems(withdrawn=True)["withdrawn"]


def test_hostile_text_is_kept_as_text() -> None:
    text = "<script>alert('x')</script>\x07 og mere"
    report = Information.model_validate({**_BASE, "description": text})
    assert report.description == "<script>alert('x')</script> og mere"


def test_corrections_and_withdrawals_hold_from_the_day_they_were_received() -> None:
    first = record(1, "T-1", "whistleblower", date(2026, 1, 5), antal=2)
    corrected = record(
        2, "T-1", "whistleblower", date(2026, 1, 5), date(2026, 3, 1), replaces=1, antal=1
    )
    withdrawn = record(3, "T-1", "klage", date(2026, 2, 1))
    withdrawal = record(
        4, "T-1", "klage", date(2026, 2, 1), date(2026, 4, 1), replaces=3, withdrawn=True
    )
    records = [first, corrected, withdrawn, withdrawal]
    assert [r.id for r in effective_records(records, date(2026, 2, 15))] == [1, 3]
    assert [r.id for r in effective_records(records, date(2026, 3, 1))] == [2, 3]
    assert [r.id for r in effective_records(records, date(2026, 4, 1))] == [2]
