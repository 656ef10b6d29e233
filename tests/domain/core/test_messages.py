from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, get_args

import pytest
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_core.core_schema import ErrorType

from tilsynwidgets.domain.core.errors import DataFileError
from tilsynwidgets.domain.core.messages import (
    UNKNOWN_ERROR,
    danish_error,
    field_name,
    format_location,
    in_own_words,
    validation_messages,
)
from tilsynwidgets.domain.risk.criteria import CriteriaCatalogue
from tilsynwidgets.domain.training.sessions import Participant

if TYPE_CHECKING:
    from pydantic_core import ErrorDetails


class Form(BaseModel):
    hours: Annotated[float, Field(ge=1, le=24)]
    note: Annotated[str, Field(max_length=3)] = ""

    @field_validator("note")
    @classmethod
    def _no_x(cls, value: str) -> str:
        if "x" in value:
            raise ValueError("må ikke indeholde x")
        return value


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({}, "skal udfyldes"),
        ({"hours": "mange"}, "skal være et tal"),
        ({"hours": 0}, "skal være mindst 1"),
        ({"hours": 30}, "må højst være 24"),
        ({"hours": 2, "note": "abcd"}, "må højst have 3 tegn"),
        ({"hours": 2, "note": "x"}, "må ikke indeholde x"),
    ],
)
def test_errors_are_danish(data: dict[str, object], expected: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Form.model_validate(data)
    assert danish_error(caught.value.errors()[0]) == expected


def test_locations_read_naturally() -> None:
    assert format_location(("criteria", 3, "threshold")) == "criteria[3].threshold"
    assert format_location(()) == ""
    assert format_location(("categories", "gal", "[key]")) == "categories.gal (nøgle)"


# -- every pydantic error type in Danish -------------------------------------------------

ENGLISH = re.compile(
    r"\b(should|must|valid|input|field|type|pattern|error|value|required|allowed|not)\b|http",
    re.IGNORECASE,
)

CONTEXT: dict[str, Any] = {
    # every key pydantic's templates use, with English where pydantic would put English
    "attribute": "foo",
    "error": "Input should be a valid thing, see https://errors.pydantic.dev",
    "method_name": "model_validate_json",
    "class_name": "Participant",
    "gt": 1,
    "ge": 1,
    "lt": 10,
    "le": 10,
    "multiple_of": 5,
    "field_type": "List",
    "min_length": 1,
    "max_length": 3,
    "actual_length": 4,
    "pattern": r"^[a-z][a-z0-9_]{0,63}$",
    "expected": "'gul' or 'roed'",
    "encoding": "base64",
    "encoding_unit": "characters",
    "tz_expected": 3600,
    "class": "Unit",
    "discriminator": "'kind'",
    "tag": "x",
    "expected_tags": "'a', 'b'",
    "expected_schemes": "'http' or 'https'",
    "expected_version": 4,
    "max_digits": 3,
    "decimal_places": 2,
    "whole_digits": 1,
}


def _details(kind: str, ctx: dict[str, Any] | None = None) -> ErrorDetails:
    return {"type": kind, "loc": ("x",), "msg": "English", "input": "x", "ctx": ctx or {}}


def _library_error() -> ValueError:
    try:
        date.fromisoformat("Input should be a valid date")
    except ValueError as exc:
        return exc
    raise AssertionError("unreachable")


@pytest.mark.parametrize("kind", get_args(ErrorType))
def test_every_pydantic_error_type_has_a_danish_sentence(kind: str) -> None:
    ctx = dict(CONTEXT)
    if kind in {"value_error", "assertion_error"}:  # a library's own words: English
        ctx["error"] = _library_error()
    text = danish_error(_details(kind, ctx))
    assert text, kind
    assert not ENGLISH.search(text), (kind, text)
    assert not set("{}^$[]") & set(text), (kind, text)
    if kind not in {"value_error", "assertion_error"}:
        assert text != UNKNOWN_ERROR, f"{kind} has no Danish sentence of its own"


@pytest.mark.parametrize("kind", get_args(ErrorType))
def test_every_error_type_is_danish_without_its_context_too(kind: str) -> None:
    text = danish_error(_details(kind))
    assert text, kind
    assert not ENGLISH.search(text), (kind, text)
    assert "{" not in text, (kind, text)


def test_an_unknown_error_type_is_a_general_danish_sentence() -> None:
    assert danish_error(_details("my_custom_check")) == "er ikke gyldig"


def test_a_pattern_is_described_in_words_never_shown() -> None:
    class Code(BaseModel):
        id: str = Field(pattern=r"^[a-z][a-z0-9_]{0,63}$", title="Id")
        colour: str = Field(default="#000000", pattern=r"^#[0-9A-Fa-f]{6}$", title="Farve")
        odd: str = Field(default="a", pattern=r"^a+$", description="Kun bogstavet a.")

    with pytest.raises(ValidationError) as caught:
        Code.model_validate({"id": "Æble-1", "colour": "rød", "odd": "b"})
    lines = validation_messages(caught.value, Code)
    assert lines == (
        "Id: har et ugyldigt format: skal begynde med et lille bogstav og må kun indeholde "
        "små bogstaver (a–z, uden æ, ø og å), tal og _; højst 64 tegn",
        "Farve: har et ugyldigt format: skal være en farvekode som #1B5E20",
        "har et ugyldigt format. Kun bogstavet a.",
    )
    assert not any("^" in line or "mønster" in line for line in lines)


def test_a_library_value_error_in_a_validator_is_not_passed_on() -> None:
    class Dated(BaseModel):
        when: str

        @field_validator("when")
        @classmethod
        def _iso(cls, value: str) -> str:
            date.fromisoformat(value)  # raises in English
            return value

    with pytest.raises(ValidationError) as caught:
        Dated.model_validate({"when": "i går"})
    assert danish_error(caught.value.errors()[0]) == "er ikke gyldig"


# -- a whole validation error, field by field --------------------------------------------


class Item(BaseModel):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]{0,63}$", title="Id")
    points: int = Field(ge=0, title="Point")


class Catalogue(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str = Field(max_length=10, title="Titel")
    criteria: tuple[Item, ...] = Field(default=(), title="Kriterier")
    extra: list[Item] | None = Field(default=None, title="Andre")
    weights: dict[str, int] = Field(default_factory=dict, title="Vægte")
    untitled: int = 0


def test_validation_messages_name_nested_fields_by_their_titles() -> None:
    with pytest.raises(ValidationError) as caught:
        Catalogue.model_validate(
            {
                "title": "x" * 11,
                "criteria": [{"id": "ok", "points": 1}, {"id": "Nej!", "points": -1}],
                "extra": [{"id": "a", "points": "mange"}],
                "weights": {"gul": "tung"},
                "untitled": "x",
                "titel": "stavet forkert",
            }
        )
    assert validation_messages(caught.value, Catalogue) == (
        "Titel: må højst have 10 tegn",
        "Kriterium 2, Id: har et ugyldigt format: skal begynde med et lille bogstav og må kun "
        "indeholde små bogstaver (a–z, uden æ, ø og å), tal og _; højst 64 tegn",
        "Kriterium 2, Point: skal være mindst 0",
        "Andre nr. 1, Point: skal være et helt tal",
        "Vægte, «gul»: skal være et helt tal",
        "skal være et helt tal",
        "«titel»: er ikke et kendt felt",
    )


def test_the_model_is_found_by_name_when_not_given() -> None:
    with pytest.raises(ValidationError) as caught:
        Participant.model_validate(
            {
                "session_code": "K7M2QX",
                "participant_id": "0" * 32,
                "display_name": "x" * 61,
                "joined_at": "2026-11-20T09:00:00+00:00",
            }
        )
    assert validation_messages(caught.value) == ("Navn: må højst have 60 tegn",)


def test_field_names_for_list_elements() -> None:
    assert field_name(("criteria", 0, "id"), CriteriaCatalogue) == "Kriterium 1, Id"
    assert field_name(("criteria", 2), CriteriaCatalogue) == "Kriterium 3"
    assert field_name((), CriteriaCatalogue) == ""
    assert field_name(("nonsense",), CriteriaCatalogue) == ""
    assert field_name(("nonsense",), CriteriaCatalogue, unknown_key=True) == "«nonsense»"


def test_own_words_are_the_package_s_refusals_not_a_library_s() -> None:
    def domain_rule() -> None:
        raise ValueError("Runden er lukket.")

    with pytest.raises(ValueError, match="lukket") as rule:
        domain_rule()
    with pytest.raises(ValueError, match="invalid literal") as builtin:
        int("x")
    with pytest.raises(ValueError, match="Invalid isoformat") as library:
        date.fromisoformat("i går")
    assert in_own_words(rule.value)
    assert not in_own_words(builtin.value)
    assert not in_own_words(library.value)
    assert not in_own_words(KeyError("x"))
    assert in_own_words(DataFileError("fil.yaml", []))


def test_limits_in_messages_are_danish_numbers() -> None:
    class Note(BaseModel):
        text: str = Field(max_length=2000, title="Notat")
        hours: float = Field(le=1500.5, title="Timer")

    with pytest.raises(ValidationError) as info:
        Note(text="x" * 2001, hours=2000)
    assert validation_messages(info.value, Note) == (
        "Notat: må højst have 2.000 tegn",
        "Timer: må højst være 1.500,5",
    )
