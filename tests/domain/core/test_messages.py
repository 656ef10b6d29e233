from __future__ import annotations

from typing import Annotated

import pytest
from pydantic import BaseModel, Field, ValidationError, field_validator

from tilsynwidgets.domain.core.messages import danish_error, format_location


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
