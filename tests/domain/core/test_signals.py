from __future__ import annotations

import pytest

from tilsynwidgets.domain.core.datafiles import parse_model
from tilsynwidgets.domain.core.errors import DataFileError
from tilsynwidgets.domain.core.kinds import UnitKind
from tilsynwidgets.domain.core.signals import SignalCatalogue, SignalKind, signal_catalogue


def test_packaged_catalogue_holds_the_domain_signals() -> None:
    catalogue = signal_catalogue()
    for key in ("whistleblower_reports", "force_uses", "skaerpet_tilsyn", "paabud", "complaints"):
        assert key in catalogue
    assert catalogue.get("leader_changed").kind is SignalKind.FLAG
    assert UnitKind.PLEJEFAMILIE not in catalogue.get("force_uses").applies_to


@pytest.mark.parametrize(
    ("key", "value", "kind", "message"),
    [
        ("nope", 1.0, UnitKind.TILBUD, "ukendt risikosignal 'nope'"),
        ("force_uses", 1.0, UnitKind.PLEJEFAMILIE, "gælder ikke for en plejefamilie"),
        ("leader_changed", 1.0, UnitKind.TILBUD, "skal være ja eller nej"),
        ("complaints", True, UnitKind.TILBUD, "skal være et tal"),
        ("complaints", float("nan"), UnitKind.TILBUD, "skal være et tal"),
        ("lowest_theme_score", 6.0, UnitKind.TILBUD, "mellem 1 og 5 \\(fik 6\\)"),
    ],
)
def test_invalid_values_get_danish_messages(
    key: str, value: float | bool, kind: UnitKind, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        signal_catalogue().check_value(key, value, kind)


def test_valid_values_pass() -> None:
    signal_catalogue().check_value("complaints", 0.0, UnitKind.PLEJEFAMILIE)
    signal_catalogue().check_value("leader_changed", False, UnitKind.TILBUD)


def test_a_number_signal_needs_a_range() -> None:
    text = """\
version: "1"
signals:
  - key: klager
    label: Klager
    description: Antal klager.
    kind: count
    applies_to: [tilbud]
"""
    with pytest.raises(DataFileError, match=r"linje 3, «signals» nr\. 1: et talsignal skal have"):
        parse_model(SignalCatalogue, text, source="signaler.yaml")


def test_duplicate_signal_keys_are_refused() -> None:
    entry = """\
  - key: klager
    label: Klager
    description: Antal klager.
    kind: flag
    applies_to: [tilbud]
"""
    with pytest.raises(DataFileError, match="findes flere gange: klager"):
        parse_model(SignalCatalogue, 'version: "1"\nsignals:\n' + entry * 2, source="s.yaml")
