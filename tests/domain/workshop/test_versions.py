"""Named versions of the criteria catalogue."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
import yaml
from pydantic import ValidationError

from tilsynwidgets.domain.core.messages import danish_error
from tilsynwidgets.domain.risk.criteria import CriteriaCatalogue
from tilsynwidgets.domain.workshop.versions import CatalogueVersion, new_version

T0 = datetime(2026, 3, 2, 10, 30, tzinfo=UTC)


def _messages(caught: pytest.ExceptionInfo[ValidationError]) -> list[str]:
    return [danish_error(error) for error in caught.value.errors()]


def _version(small_catalogue: Callable[..., CriteriaCatalogue], **changes: Any) -> CatalogueVersion:
    fields: dict[str, Any] = {
        "name": "t1",
        "catalogue": small_catalogue(),
        "author": "  Metodekonsulent M ",
        "comment": "Tærsklen for whistleblowerhenvendelser er hævet efter afprøvning.",
        "saved_at": T0,
        "based_on": None,
    }
    fields.update(changes)
    return CatalogueVersion.model_validate(fields)


def test_a_valid_version_keeps_its_fields(
    small_catalogue: Callable[..., CriteriaCatalogue],
) -> None:
    version = _version(small_catalogue, based_on="2026.1")
    assert version.name == version.catalogue.version == "t1"
    assert version.author == "Metodekonsulent M"
    assert version.based_on == "2026.1"
    assert CatalogueVersion.model_validate(version.model_dump(mode="json")) == version


@pytest.mark.parametrize("name", ["2026.2-whistleblower", "v2", "2026.1", "a", "a_b.c-d", "x" * 40])
def test_good_names(name: str, small_catalogue: Callable[..., CriteriaCatalogue]) -> None:
    renamed = new_version(
        small_catalogue(), name=name, author="M", comment="Ny version.", saved_at=T0
    )
    assert renamed.name == renamed.catalogue.version == name


@pytest.mark.parametrize(
    "name",
    ["", "   ", "Version 2", "2026.2 whistleblower", "æblegrød", ".skjult", "v2-", "x" * 41,
     "../../etc", "v2;drop"],
)  # fmt: skip
def test_bad_names_are_refused_in_danish(
    name: str, small_catalogue: Callable[..., CriteriaCatalogue]
) -> None:
    with pytest.raises(ValidationError) as caught:
        new_version(small_catalogue(), name=name, author="M", comment="Ny version.", saved_at=T0)
    messages = _messages(caught)
    assert any("versionens navn skal have 1-40 tegn" in m for m in messages), messages
    assert any("fx 2026.2-whistleblower" in m for m in messages)


def test_the_catalogue_must_carry_the_versions_name(
    small_catalogue: Callable[..., CriteriaCatalogue],
) -> None:
    with pytest.raises(ValidationError) as caught:
        _version(small_catalogue, name="t2")
    assert _messages(caught) == [
        "kataloget har versionen 't1', men versionen hedder 't2'; de skal være ens"
    ]


def test_new_version_renames_the_catalogue_and_strips_the_name(
    small_catalogue: Callable[..., CriteriaCatalogue],
) -> None:
    version = new_version(
        small_catalogue(),
        name=" 2026.2-whistleblower ",
        author="M",
        comment="Ny version.",
        saved_at=T0,
        based_on="t1",
    )
    assert version.catalogue.version == "2026.2-whistleblower"
    assert version.catalogue.criteria == small_catalogue().criteria


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("author", "  ", "skal udfyldes"),
        ("author", "x" * 121, "må højst have 120 tegn"),
        ("comment", "\n\t ", "skal udfyldes"),
        ("comment", "x" * 2001, "må højst have 2.000 tegn"),
        ("saved_at", datetime(2026, 3, 2, 10, 30), "tidspunktet skal have en tidszone"),
        ("based_on", "Ikke Et Navn", "versionens navn skal have 1-40 tegn"),
    ],
)
def test_invalid_fields_are_refused_in_danish(
    field: str, value: object, message: str, small_catalogue: Callable[..., CriteriaCatalogue]
) -> None:
    with pytest.raises(ValidationError) as caught:
        _version(small_catalogue, **{field: value})
    assert [error["loc"] for error in caught.value.errors()] == [(field,)]
    assert message in _messages(caught)[0]


def test_invisible_characters_anywhere_in_the_text_are_cleaned_away(
    small_yaml: str, small_catalogue: Callable[..., CriteriaCatalogue]
) -> None:
    # PostgreSQL cannot store a NUL; pasted soft breaks become line breaks (fields.clean_text).
    data = yaml.safe_load(small_yaml)
    data["criteria"][2]["explanation"] = "Skjult\x00tegn\x0bher."
    version = _version(
        small_catalogue, comment="Ny\x00 version\x0bfra\u2028PowerPoint.", catalogue=data
    )
    assert version.comment == "Ny version\nfra\nPowerPoint."
    assert version.catalogue.criteria[2].explanation == "Skjulttegn\nher."
    assert _version(
        small_catalogue, comment="Teksten \\x00 og \\u0000 er bare tegn."
    ).comment.startswith("Teksten")


def test_a_version_is_frozen(small_catalogue: Callable[..., CriteriaCatalogue]) -> None:
    with pytest.raises(ValidationError):
        _version(small_catalogue).name = "t2"  # type: ignore[misc]
