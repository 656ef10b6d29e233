"""Named versions of the criteria catalogue."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import pytest
import yaml
from pydantic import ValidationError

from tilsynwidgets.domain.core.messages import danish_error, validation_messages
from tilsynwidgets.domain.risk.criteria import CriteriaCatalogue, explanation_text
from tilsynwidgets.domain.workshop.versions import (
    WORKING_COPY,
    CatalogueVersion,
    exported_version,
    new_version,
    unchanged,
    version_name,
)

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


# --- history reads as saved; a new version is checked as new ------------------------------


def _saved_out_of_range(small_catalogue: Callable[..., CriteriaCatalogue]) -> dict[str, Any]:
    """A version as stored before thresholds were checked against their signal's range."""
    saved = _version(small_catalogue).model_dump(mode="json")
    saved["catalogue"]["criteria"][0]["threshold"] = -5  # klager
    return saved


def test_a_version_saved_with_a_threshold_out_of_range_still_reads(
    small_catalogue: Callable[..., CriteriaCatalogue],
) -> None:
    read = CatalogueVersion.model_validate(_saved_out_of_range(small_catalogue))
    assert read.catalogue.criteria[0].threshold == -5
    with pytest.raises(ValidationError):  # as a catalogue of its own, it is refused
        CriteriaCatalogue.model_validate(_saved_out_of_range(small_catalogue)["catalogue"])


def test_saving_it_again_is_refused_in_danish_naming_the_criterion(
    small_catalogue: Callable[..., CriteriaCatalogue],
) -> None:
    read = CatalogueVersion.model_validate(_saved_out_of_range(small_catalogue))
    with pytest.raises(ValidationError) as caught:
        new_version(read.catalogue, name="t2", author="M", comment="Igen.", saved_at=T0)
    assert validation_messages(caught.value, CatalogueVersion) == (
        "Katalog, Kriterium 1, Tærskel: Klager kan kun være mellem 0 og 500, så tærsklen skal "
        "ligge der (ikke -5)",
    )


def test_a_placeholder_saved_in_a_version_reads_filled_in(
    small_catalogue: Callable[..., CriteriaCatalogue],
) -> None:
    catalogue = small_catalogue()
    first = catalogue.criteria[0].model_copy(
        update={"explanation": "{tærskel} eller flere klager."}
    )
    edited = catalogue.model_copy(update={"criteria": (first, *catalogue.criteria[1:])})
    saved = new_version(edited, name="t2", author="M", comment="Følger.", saved_at=T0)
    read = CatalogueVersion.model_validate(saved.model_dump(mode="json"))
    assert read == saved
    assert read.catalogue.criteria[0].explanation == "{tærskel} eller flere klager."
    assert explanation_text(read.catalogue.criteria[0]) == "3 eller flere klager."


# --- what an exported file is named -------------------------------------------------------


def test_an_unchanged_version_is_exported_under_its_name(
    small_catalogue: Callable[..., CriteriaCatalogue],
) -> None:
    version = _version(small_catalogue)
    working = version.catalogue.model_copy(update={"version": WORKING_COPY})
    assert unchanged(working, version)
    assert exported_version(working, version, date(2026, 11, 20)) == "t1"


def test_a_changed_or_imported_catalogue_is_exported_as_a_dated_working_copy(
    small_catalogue: Callable[..., CriteriaCatalogue],
) -> None:
    version = _version(small_catalogue)
    changed = version.catalogue.model_copy(update={"criteria": version.catalogue.criteria[:1]})
    day = date(2026, 11, 20)
    assert not unchanged(changed, version)
    assert not unchanged(changed, None)
    assert exported_version(changed, version, day) == "t1-arbejdskopi-2026-11-20"
    assert exported_version(changed, None, day) == "arbejdskopi-2026-11-20"
    name = "x" * 16 + "-" + "y" * 23  # 40 characters, cut after the hyphen
    long = _version(small_catalogue, name=name, catalogue=small_catalogue(version=name))
    shortened = exported_version(changed, long, day)
    assert shortened == "x" * 16 + "-arbejdskopi-2026-11-20"
    assert version_name(shortened) == shortened  # a valid version name
