from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from pydantic import ValidationError

from tilsynwidgets.domain.core.kinds import UnitKind
from tilsynwidgets.domain.core.signals import SignalCatalogue, signal_catalogue, signals_context
from tilsynwidgets.domain.core.units import Unit


def unit(*, context: dict[str, Any] | None = None, **overrides: Any) -> Unit:
    fields: dict[str, Any] = {
        "id": "T-00001",
        "name": "Bostedet Egebakken",
        "unit_type": "voksne_botilbud",
        "socialtilsyn": "midt",
        "team": "Team Tilbud 1",
        "capacity": 12,
    }
    fields.update(overrides)
    return Unit.model_validate(fields, context=context)


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


def test_signals_are_checked_against_the_catalogue_it_is_given(
    made_up_signals: SignalCatalogue,
) -> None:
    signals = {"night_calls": 7, "roof_leak": True}
    given = unit(signals=signals, context=signals_context(made_up_signals))
    assert given.signals == {"night_calls": 7.0, "roof_leak": True}
    with pytest.raises(ValidationError, match="ukendt risikosignal 'night_calls'"):
        unit(signals=signals, context=signals_context(signal_catalogue()))
    with pytest.raises(ValidationError, match="ukendt risikosignal 'night_calls'"):
        unit(signals=signals)  # no catalogue given: the packaged one
    with pytest.raises(ValidationError, match="ukendt risikosignal 'complaints'"):
        unit(signals={"complaints": 2}, context=signals_context(made_up_signals))
    with pytest.raises(ValidationError, match="'Natteopkald' skal ligge mellem 0 og 50"):
        unit(signals={"night_calls": 51}, context=signals_context(made_up_signals))
    with pytest.raises(ValidationError, match=r"mellem 0 og 50 \(fik 50,5\)"):
        unit(signals={"night_calls": 50.5}, context=signals_context(made_up_signals))


def test_a_context_without_a_catalogue_uses_the_packaged_one() -> None:
    assert unit(signals={"complaints": 2}, context={"other": 1}).signals == {"complaints": 2.0}
    with pytest.raises(TypeError, match="must be a SignalCatalogue"):
        unit(signals={"complaints": 2}, context={"signals": {"complaints": 2}})


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
