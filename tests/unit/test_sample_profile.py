from __future__ import annotations

from typing import Any

import pytest
import yaml

from tilsynwidgets.domain.core.categories import RiskCategory
from tilsynwidgets.domain.core.datafiles import parse_model, read_packaged_text
from tilsynwidgets.domain.core.errors import DataFileError
from tilsynwidgets.domain.core.kinds import UnitKind
from tilsynwidgets.domain.core.units import Socialtilsyn
from tilsynwidgets.sample.profile import SampleProfile, sample_profile


def test_packaged_profile_matches_the_national_scale() -> None:
    profile = sample_profile()
    assert (profile.n_tilbud, profile.n_plejefamilier) == (2000, 5300)
    assert len(profile.socialtilsyn_shares) == 5
    assert profile.category_bounds[RiskCategory.ROED] == (0.02, 0.10)


def blocks(lines: list[str], indent: int) -> dict[str, str]:
    """Each key at ``indent`` → its text: the comment lines just above it and its contents."""
    found: dict[str, list[str]] = {}
    comments: list[str] = []
    key = ""
    for line in lines:
        depth = len(line) - len(line.lstrip())
        if depth == indent and line.lstrip().startswith("#"):
            comments.append(line)
        elif depth == indent:
            key = line.split(":")[0].strip()
            found[key] = [*comments, line]
            comments = []
        elif depth > indent and key:
            found[key].append(line)
    return {key: "\n".join(block) for key, block in found.items()}


def test_every_number_has_a_source_or_is_marked_an_assumption() -> None:
    text = read_packaged_text("sample_profile.yaml")
    section = text[text.index("\ninformation:") : text.index("\n  descriptions:")]
    parts = blocks(section.splitlines()[1:], 2)
    events = blocks(parts.pop("events").splitlines()[1:], 4)
    assert set(events) == set(sample_profile().information.events)
    assert set(parts) == {
        "received_after_days",
        "staff",
        "finance",
        "visits",
        "orders",
        "heightened",
        "decisions",
    }
    for key, block in {**events, **parts}.items():
        assert "Kilde: DOMAIN.md" in block or "ANTAGELSE" in block, key


def test_region_factors_scale_gul_and_roed() -> None:
    profile = sample_profile()
    base = profile.latent_shares[UnitKind.TILBUD]
    groen, gul, roed = profile.risk_shares(UnitKind.TILBUD, Socialtilsyn.HOVEDSTADEN)
    factor = profile.region_risk_factor[Socialtilsyn.HOVEDSTADEN]
    assert (gul, roed) == pytest.approx(
        (base[RiskCategory.GUL] * factor, base[RiskCategory.ROED] * factor)
    )
    assert groen + gul + roed == pytest.approx(1.0)


def edited(path: str, value: object) -> str:
    data = yaml.safe_load(read_packaged_text("sample_profile.yaml"))
    *parents, key = path.split(".")
    here: Any = data
    for part in parents:
        here = here[part]
    here[key] = value
    return yaml.safe_dump(data, allow_unicode=True)


@pytest.mark.parametrize(
    ("change", "value", "message"),
    [
        ("latent_shares.tilbud.roed", 0.5, "andelene i latent_shares.tilbud skal summere til 1"),
        ("region_risk_factor.nord", 6.0, "ingen grønne tilbud i nord"),
        ("category_bounds.roed", [0.2, 0.1], r"andele \[mindst, højst\]"),
        ("history.new_information_sources.ukendt", "andet", "ukendte slags oplysninger: ukendt"),
        ("information.heightened.duration_days", [90, 200], "højst 183 dage ad gangen"),
    ],
)
def test_an_incoherent_profile_is_refused(change: str, value: object, message: str) -> None:
    with pytest.raises(DataFileError, match=message):
        parse_model(SampleProfile, edited(change, value), source="sample_profile.yaml")


def test_every_kind_the_sample_writes_is_described() -> None:
    data = yaml.safe_load(read_packaged_text("sample_profile.yaml"))
    del data["information"]["descriptions"]["whistleblower"]
    with pytest.raises(DataFileError, match="ingen beskrivelse af whistleblower"):
        parse_model(SampleProfile, yaml.safe_dump(data, allow_unicode=True), source="p.yaml")
