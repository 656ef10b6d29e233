from __future__ import annotations

from tilsynwidgets.domain.core.kinds import UnitKind
from tilsynwidgets.domain.core.units import UnitType


def test_every_unit_type_has_its_kind() -> None:
    pleje = {t for t in UnitType if t.kind is UnitKind.PLEJEFAMILIE}
    assert pleje == {
        UnitType.PLEJEFAMILIE_ALMEN,
        UnitType.PLEJEFAMILIE_FORSTAERKET,
        UnitType.PLEJEFAMILIE_SPECIALISERET,
    }
    assert UnitType.BOERN_DOEGN.kind is UnitKind.TILBUD
    assert len([t for t in UnitType if t.kind is UnitKind.TILBUD]) == 5
