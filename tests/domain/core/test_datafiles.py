from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import BaseModel, ValidationInfo, field_validator

from tilsynwidgets.domain.core.datafiles import load_model, parse_model
from tilsynwidgets.domain.core.errors import DataFileError, Problem


class Item(BaseModel):
    name: str
    count: int


class Box(BaseModel):
    version: str
    items: list[Item]


class Limited(BaseModel):
    count: int

    @field_validator("count")
    @classmethod
    def _within_limit(cls, value: int, info: ValidationInfo) -> int:
        limit = info.context["limit"] if info.context else 10
        if value > limit:
            raise ValueError(f"højst {limit}")
        return value


def test_the_context_reaches_the_validators(tmp_path: Path) -> None:
    path = tmp_path / "graense.yaml"
    path.write_text("count: 20\n", encoding="utf-8")
    assert load_model(Limited, path, context={"limit": 30}).count == 20
    with pytest.raises(DataFileError, match="linje 1, felt count: højst 10"):
        load_model(Limited, path)
    with pytest.raises(DataFileError, match="felt count: højst 5"):
        parse_model(Limited, "count: 20\n", source="g.yaml", context={"limit": 5})


def test_valid_file_loads(tmp_path: Path) -> None:
    path = tmp_path / "kasse.yaml"
    path.write_text('version: "1"\nitems:\n  - {name: a, count: 2}\n', encoding="utf-8")
    assert load_model(Box, path).items[0].count == 2


def test_error_names_file_line_and_field() -> None:
    text = 'version: "1"\nitems:\n  - name: a\n    count: 2\n  - name: b\n    count: mange\n'
    with pytest.raises(DataFileError) as caught:
        parse_model(Box, text, source="kasse.yaml")
    error = caught.value
    assert error.source == "kasse.yaml"
    assert error.problems == (Problem("linje 6, felt items[1].count", "skal være et helt tal"),)
    assert str(error).startswith("kasse.yaml er ugyldig (1 fejl)")


def test_every_problem_is_reported() -> None:
    with pytest.raises(DataFileError) as caught:
        parse_model(Box, "items:\n  - {name: a}\n", source="k.yaml")
    wheres = sorted(p.where for p in caught.value.problems)
    assert wheres == ["linje 1, felt version", "linje 2, felt items[0].count"]
    assert all(p.message == "skal udfyldes" for p in caught.value.problems)


def test_broken_yaml_names_line_and_column() -> None:
    with pytest.raises(DataFileError, match="linje 3, kolonne 1: er ikke gyldig YAML"):
        parse_model(Box, "version: 1\nitems: [a, b\n", source="k.yaml")


def test_empty_unreadable_and_non_utf8_files(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="er tom"):
        parse_model(Box, "", source="tom.yaml")
    with pytest.raises(DataFileError, match="kan ikke læses"):
        load_model(Box, tmp_path / "findes-ikke.yaml")
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("navn: Ærø".encode("latin-1"))
    with pytest.raises(DataFileError, match="UTF-8"):
        load_model(Box, latin)
