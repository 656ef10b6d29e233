from __future__ import annotations

import pytest

from tilsynwidgets.domain.core.datafiles import parse_model, read_packaged_text
from tilsynwidgets.domain.core.errors import DataFileError
from tilsynwidgets.domain.core.kinds import UnitKind
from tilsynwidgets.domain.core.signals import signal_catalogue
from tilsynwidgets.domain.information.as_of import check_sources
from tilsynwidgets.domain.information.kinds import InformationKinds, Origin, information_kinds
from tilsynwidgets.domain.labels import label_of


def test_every_kind_the_issue_names_is_there_with_its_decision_rule() -> None:
    kinds = information_kinds()
    deciding = kinds.requiring_decision()
    assert {"whistleblower", "vold_overgreb", "paabud", "skaerpet_tilsyn", "sammenbrud"} <= deciding
    assert {"underretning", "magtanvendelse", "medieomtale", "lederskifte"}.isdisjoint(deciding)
    assert kinds.get("whistleblower").legal_reference == "Lov om socialtilsyn § 11"
    assert kinds.get("underretning").legal_reference == "Lov om socialtilsyn § 12"
    assert kinds.get("skaerpet_tilsyn").max_days == 183


def test_plejefamilier_and_tilbud_register_different_kinds() -> None:
    kinds = information_kinds()
    tilbud = {kind.key for kind in kinds.registrable_for(UnitKind.TILBUD)}
    familier = {kind.key for kind in kinds.registrable_for(UnitKind.PLEJEFAMILIE)}
    assert "magtanvendelse" in tilbud
    assert "magtanvendelse" not in familier
    assert "sammenbrud" in familier
    assert "sammenbrud" not in tilbud
    # Made by other parts of the tool, never typed by hand:
    assert "kvalitetsvurdering" not in tilbud | familier
    assert "overfoert_signal" not in tilbud | familier


def test_every_signal_is_defined_over_known_kinds_and_fields() -> None:
    check_sources(signal_catalogue(), information_kinds())
    assert all(signal.source is not None for signal in signal_catalogue().signals)


def test_a_signal_over_an_unknown_kind_is_refused() -> None:
    catalogue = signal_catalogue()
    first = catalogue.signals[0]
    broken = catalogue.model_copy(
        update={
            "signals": (
                first.model_copy(
                    update={"source": first.source.model_copy(update={"kinds": ("ukendt",)})}  # type: ignore[union-attr]
                ),
            )
        }
    )
    with pytest.raises(ValueError, match="ukendt slags oplysning 'ukendt'"):
        check_sources(broken)


def test_a_kind_with_a_value_the_file_does_not_define_is_refused_in_danish() -> None:
    text = read_packaged_text("information_kinds.yaml").replace(
        "values: {antal: optional}\n    note: Indberetterens",
        "values: {beloeb: optional}\n    note: Indberetterens",
    )
    with pytest.raises(DataFileError, match="ukendte værdier: beloeb"):
        parse_model(InformationKinds, text, source="information_kinds.yaml")


def test_every_origin_has_a_danish_label() -> None:
    assert label_of(Origin.ENHEDEN) == "Enheden selv (tilbuddet eller plejefamilien)"
    assert label_of(Origin.SOCIALTILSYNET) == "Socialtilsynets eget tilsyn"
    assert all(label_of(origin) for origin in Origin)
