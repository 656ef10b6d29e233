from __future__ import annotations

from enum import Enum

import pytest
import yaml

from tilsynwidgets.domain.core.categories import Phase, RiskCategory
from tilsynwidgets.domain.core.datafiles import parse_model, read_packaged_text
from tilsynwidgets.domain.core.errors import DataFileError
from tilsynwidgets.domain.core.kinds import UnitKind
from tilsynwidgets.domain.core.units import Socialtilsyn, UnitType
from tilsynwidgets.domain.labels import Labels, label_of, labels
from tilsynwidgets.domain.risk.assessment import InformationSource


def test_categories_have_text_colour_and_symbol() -> None:
    texts = labels()
    assert [texts.category(c).label for c in RiskCategory] == ["Grøn", "Gul", "Rød"]
    assert texts.category(RiskCategory.ROED).description == "Høj risikovurdering"
    symbols = {texts.category(c).symbol for c in RiskCategory}
    assert len(symbols) == 3  # colour is never the only carrier


@pytest.mark.parametrize(
    "enum", [RiskCategory, Phase, UnitKind, Socialtilsyn, UnitType, InformationSource]
)
def test_every_code_has_a_danish_label(enum: type[Enum]) -> None:
    for member in enum:
        assert label_of(member).strip()


def test_socialtilsyn_hosts_and_legal_basis() -> None:
    assert labels().socialtilsyn[Socialtilsyn.SYD].host == "Faaborg-Midtfyn Kommune"
    assert "§ 141" in labels().unit_types[UnitType.ALKOHOLBEHANDLING].legal_basis


def test_a_missing_label_is_named() -> None:
    data = yaml.safe_load(read_packaged_text("labels.da.yaml"))
    del data["categories"]["gul"]
    with pytest.raises(DataFileError, match=r"mangler tekster for: categories\.gul"):
        parse_model(Labels, yaml.safe_dump(data, allow_unicode=True), source="labels.da.yaml")


def test_an_unknown_code_is_named_in_danish() -> None:
    text = read_packaged_text("labels.da.yaml").replace(
        "  gul:\n    label: Gul", "  gal:\n    label: Gul"
    )
    with pytest.raises(DataFileError) as caught:
        parse_model(Labels, text, source="labels.da.yaml")
    assert "«categories», nøglen «gal»: skal være en af: 'groen', 'gul' eller 'roed'" in str(
        caught.value
    )
