from __future__ import annotations

import pytest
import yaml

from tilsynwidgets.domain.core.datafiles import parse_model, read_packaged_text
from tilsynwidgets.domain.core.errors import DataFileError
from tilsynwidgets.domain.core.signals import signal_catalogue, signals_context
from tilsynwidgets.sample.profile import SampleProfile, sample_profile


def test_packaged_profile_matches_the_national_scale() -> None:
    profile = sample_profile()
    assert (profile.n_tilbud, profile.n_plejefamilier) == (2000, 5300)
    assert len(profile.socialtilsyn_shares) == 5


def edited(change: str, value: object) -> str:
    data = yaml.safe_load(read_packaged_text("sample_profile.yaml"))
    section, key = change.split(".")
    data[section][key] = value
    return yaml.safe_dump(data, allow_unicode=True)


@pytest.mark.parametrize(
    ("change", "value", "message"),
    [
        ("latent_shares.roed", 0.5, "andelene i latent_shares skal summere til 1"),
        ("signals.ukendt", {"poisson": [1, 2, 3]}, "ukendte signaler: ukendt"),
        ("signals.complaints", {"poisson": [1, 2, 3], "bernoulli": [0.1, 0.2, 0.3]}, "præcis én"),
    ],
)
def test_an_incoherent_profile_is_refused(change: str, value: object, message: str) -> None:
    with pytest.raises(DataFileError, match=message):
        parse_model(SampleProfile, edited(change, value), source="sample_profile.yaml")


def test_the_profile_signals_are_checked_against_the_catalogue_given() -> None:
    packaged = signal_catalogue()
    night_calls = packaged.get("complaints").model_copy(update={"key": "night_calls"})
    catalogue = packaged.model_copy(update={"signals": (*packaged.signals, night_calls)})
    text = edited("signals.night_calls", {"poisson": [0.5, 1, 2]})

    profile = parse_model(SampleProfile, text, source="p.yaml", context=signals_context(catalogue))

    assert profile.signals["night_calls"].poisson == (0.5, 1.0, 2.0)
    with pytest.raises(DataFileError, match="ukendte signaler: night_calls"):
        parse_model(SampleProfile, text, source="p.yaml")
