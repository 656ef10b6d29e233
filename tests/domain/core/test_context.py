"""Packaged data reaches validators through the validation context, or falls back once."""

from __future__ import annotations

import pytest
from pydantic import BaseModel, ValidationInfo, field_validator

from tilsynwidgets.domain.core.context import given_in

PACKAGED = ("pakket",)


class _Checked(BaseModel):
    word: str

    @field_validator("word")
    @classmethod
    def _known(cls, value: str, info: ValidationInfo) -> str:
        if value not in given_in(info, "words", tuple, lambda: PACKAGED):
            raise ValueError(f"ukendt ord: {value}")
        return value


def test_the_packaged_data_is_the_fallback() -> None:
    assert _Checked.model_validate({"word": "pakket"}).word == "pakket"
    with pytest.raises(ValueError, match="ukendt ord: givet"):
        _Checked.model_validate({"word": "givet"})


def test_data_in_the_context_is_used_instead() -> None:
    assert _Checked.model_validate({"word": "givet"}, context={"words": ("givet",)}).word == "givet"
    with pytest.raises(ValueError, match="ukendt ord: pakket"):
        _Checked.model_validate({"word": "pakket"}, context={"words": ("givet",)})


def test_something_else_under_the_key_is_a_programming_error() -> None:
    with pytest.raises(TypeError, match="'words' must be a tuple"):
        _Checked.model_validate({"word": "pakket"}, context={"words": ["pakket"]})
