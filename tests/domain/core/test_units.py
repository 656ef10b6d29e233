from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from pydantic import ValidationError

from tilsynwidgets.domain.core.kinds import UnitKind
from tilsynwidgets.domain.core.units import Unit


def unit(**overrides: Any) -> Unit:
    fields: dict[str, Any] = {
        "id": "T-00001",
        "name": "Bostedet Egebakken",
        "unit_type": "voksne_botilbud",
        "socialtilsyn": "midt",
        "team": "Team Tilbud 1",
        "capacity": 12,
    }
    fields.update(overrides)
    return Unit.model_validate(fields)


def test_a_unit_knows_its_kind_and_last_visit() -> None:
    u = unit(last_announced_visit=date(2026, 3, 1), last_unannounced_visit=date(2026, 5, 2))
    assert u.kind is UnitKind.TILBUD
    assert u.last_visit == date(2026, 5, 2)
    assert unit().last_visit is None
    assert unit(unit_type="plejefamilie_almen").kind is UnitKind.PLEJEFAMILIE


def test_signals_are_checked_against_the_catalogue() -> None:
    assert unit(signals={"complaints": 2, "leader_changed": True}).signals == {
        "complaints": 2.0,
        "leader_changed": True,
    }
    with pytest.raises(ValidationError, match="gælder ikke for en plejefamilie"):
        unit(unit_type="plejefamilie_almen", signals={"force_uses": 3})


@pytest.mark.parametrize(
    ("field", "value"),
    [("id", "T 1"), ("id", ""), ("name", "   "), ("capacity", 0), ("socialtilsyn", "fyn")],
)
def test_invalid_fields_are_refused(field: str, value: object) -> None:
    with pytest.raises(ValidationError) as caught:
        unit(**{field: value})
    assert caught.value.errors()[0]["loc"][0] == field


def test_hostile_text_is_kept_as_typed() -> None:
    hostile = "<img src=x onerror=alert(1)>"
    assert unit(name=hostile).name == hostile
