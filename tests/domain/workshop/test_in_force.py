"""An entry that puts a catalogue version in force: which version, who, when and why, each
checked and cleaned, with Danish messages at the field."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from pydantic import ValidationError

from tilsynwidgets.domain.core.messages import danish_error
from tilsynwidgets.domain.risk.assessment import MIN_JUSTIFICATION
from tilsynwidgets.domain.workshop.in_force import (
    PACKAGED_PREFIX,
    CatalogueInForce,
    new_entry,
    packaged_reference,
    reference_label,
)

AT = datetime(2026, 11, 30, 13, 5, tzinfo=UTC)  # 14.05 in Copenhagen
REASON = "Klagetærsklen er afprøvet på porteføljen og giver færre røde forslag."


def _entry(**changes: Any) -> CatalogueInForce:
    fields: dict[str, Any] = {
        "version": "2026.2-klager",
        "put_by": "Metodekonsulent M",
        "reason": REASON,
        "put_at": AT,
    }
    fields.update(changes)
    version = fields.pop("version")
    return new_entry(version, **fields)


def _problems(caught: pytest.ExceptionInfo[ValidationError]) -> dict[str, str]:
    return {str(error["loc"][0]): danish_error(error) for error in caught.value.errors()}


def test_a_saved_version_is_put_in_force_by_someone_with_a_reason() -> None:
    entry = _entry(version=" 2026.2-klager ", put_by="  Metodekonsulent M ")
    assert (entry.version, entry.name, entry.packaged) == ("2026.2-klager", "2026.2-klager", False)
    assert entry.put_by == "Metodekonsulent M"
    assert entry.label() == "2026.2-klager"
    assert entry.describe() == (
        "I brug siden 30. november 2026 kl. 14.05, taget i brug af Metodekonsulent M: " + REASON
    )


def test_the_packaged_catalogue_is_named_by_its_version() -> None:
    assert packaged_reference("2026.1") == "pakket:2026.1" == PACKAGED_PREFIX + "2026.1"
    entry = _entry(version=packaged_reference("2026.1"))
    assert (entry.packaged, entry.name) == (True, "2026.1")
    assert entry.label() == reference_label("pakket:2026.1") == "2026.1 (pakket katalog)"
    assert _entry(version="pakket: 2026.1 ").version == "pakket:2026.1"


def test_the_reason_is_cleaned_of_invisible_characters() -> None:
    entry = _entry(reason="Første linje\x00 om klager\r\nAnden linje om whistleblowere")
    assert entry.reason == "Første linje om klager\nAnden linje om whistleblowere"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"reason": "   "}, "reason", f"mindst {MIN_JUSTIFICATION} tegn"),
        ({"reason": "For kort begrundelse"[:19]}, "reason", "faglig begrundelse"),
        ({"reason": "x" * 2001}, "reason", "2.000"),
        ({"put_by": "  "}, "put_by", "skal udfyldes"),
        ({"version": "Ikke Et Navn"}, "version", "små bogstaver"),
        ({"version": "pakket:"}, "version", "1-40 tegn"),
        ({"version": ""}, "version", "1-40 tegn"),
    ],
)
def test_an_invalid_field_is_refused_in_danish_at_that_field(
    changes: dict[str, Any], field: str, message: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        _entry(**changes)
    problems = _problems(caught)
    assert list(problems) == [field]
    assert message in problems[field]


def test_a_time_without_a_time_zone_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        _entry(put_at=datetime(2026, 11, 30, 14, 5))
    assert list(_problems(caught)) == ["put_at"]


def test_an_entry_is_frozen_and_reads_back_from_its_json() -> None:
    entry = _entry()
    with pytest.raises(ValidationError):
        entry.reason = "Noget andet, som er langt nok til en begrundelse"  # type: ignore[misc]
    assert CatalogueInForce.model_validate(entry.model_dump(mode="json")) == entry
