"""The profile's ``information:`` section is checked against the information kinds."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from tilsynwidgets.domain.core.kinds import UnitKind
from tilsynwidgets.sample.information_profile import GENERATED_KINDS, InformationProfile
from tilsynwidgets.sample.profile import sample_profile


def section() -> dict[str, Any]:
    return sample_profile().information.model_dump(mode="json")


def test_the_event_kinds_per_unit_kind() -> None:
    profile = sample_profile().information
    assert "magtanvendelse" in profile.event_kinds(UnitKind.TILBUD)
    assert "magtanvendelse" not in profile.event_kinds(UnitKind.PLEJEFAMILIE)
    assert "sammenbrud" in profile.event_kinds(UnitKind.PLEJEFAMILIE)
    assert "sammenbrud" not in profile.event_kinds(UnitKind.TILBUD)
    assert set(GENERATED_KINDS) <= set(profile.descriptions)


@pytest.mark.parametrize(
    ("part", "key", "value", "message"),
    [
        (
            "events",
            "ukendt",
            {"rates": {"tilbud": [1, 2, 3]}, "origins": {"andet": 1}},
            "ukendt slags oplysning: ukendt",
        ),
        (
            "events",
            "lederskifte",
            {"rates": {"plejefamilie": [1, 2, 3]}, "origins": {"enheden": 1}},
            "lederskifte gælder ikke for plejefamilie",
        ),
        (
            "events",
            "klage",
            {"rates": {"tilbud": [1, 2, 3]}, "origins": {"borger": 0.4}},
            "andelene i origins skal summere til 1",
        ),
        ("heightened", "duration_days", [90, 200], "højst 183 dage ad gangen"),
        ("orders", "deadline_days", [0, 30], "mindst én dag efter"),
        ("decisions", "moved_delay_days", [0, 5], "tidligst dagen efter"),
        ("staff", "received_after_days", [10, 5], r"\[mindst, højst\]"),
        ("descriptions", "ukendt", ["En tekst."], "beskrivelse af ukendt slags: ukendt"),
    ],
)
def test_an_incoherent_section_is_refused(part: str, key: str, value: object, message: str) -> None:
    data = section()
    data[part][key] = value
    with pytest.raises(ValidationError, match=message):
        InformationProfile.model_validate(data)
