from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

import pytest
from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

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
    with pytest.raises(DataFileError, match="linje 1, «count»: højst 10"):
        load_model(Limited, path)
    with pytest.raises(DataFileError, match="linje 1, «count»: højst 5"):
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
    assert error.problems == (Problem("linje 6, «items» nr. 2, «count»", "skal være et helt tal"),)
    assert str(error).startswith("kasse.yaml er ugyldig (1 fejl)")


def test_every_problem_is_reported() -> None:
    with pytest.raises(DataFileError) as caught:
        parse_model(Box, "items:\n  - {name: a}\n", source="k.yaml")
    wheres = sorted(p.where for p in caught.value.problems)
    assert wheres == ["linje 1, «version»", "linje 2, «items» nr. 1, «count»"]
    assert all(p.message == "skal udfyldes" for p in caught.value.problems)


def test_broken_yaml_names_line_and_column_without_the_parser_s_english() -> None:
    with pytest.raises(DataFileError) as caught:
        parse_model(Box, "version: 1\nitems: [a, b\n", source="k.yaml")
    (problem,) = caught.value.problems
    assert problem == Problem(
        "linje 3, kolonne 1", "er ikke gyldig YAML (se efter indrykning, kolon og anførselstegn)"
    )


def test_empty_unreadable_and_non_utf8_files(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="er tom"):
        parse_model(Box, "", source="tom.yaml")
    with pytest.raises(DataFileError, match="kan ikke læses"):
        load_model(Box, tmp_path / "findes-ikke.yaml")
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("navn: Ærø".encode("latin-1"))
    with pytest.raises(DataFileError, match="UTF-8"):
        load_model(Box, latin)


# --- fields named by their Danish titles, never by path -------------------------------------


class Part(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z][a-z0-9_]{0,63}$", title="Id")
    hours: float = Field(ge=0, title="Timer")
    note: str = Field(default="", title="Note")


class Wrapper(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: Literal["a"] = Field(title="Slags")


class Plan(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str = Field(title="Titel")
    parts: list[Part] = Field(title="Dele")
    extra: Part | Wrapper | None = Field(default=None, title="Ekstra")
    hours_by_colour: dict[str, float] = Field(default_factory=dict, title="Timer pr. farve")


PLAN = """\
title: Plan
parts:
  - id: foer
    hours: 2
  - id: efter
    hours: 3
"""


def _where(text: str) -> list[Problem]:
    with pytest.raises(DataFileError) as caught:
        parse_model(Plan, text, source="plan.yaml")
    assert str(caught.value).startswith("plan.yaml er ugyldig")
    for problem in caught.value.problems:
        for technical in ("[", "]", "^", "felt ", "Error", "parts", "hours:"):
            assert technical not in problem.where, problem
        assert not re.search(r"\w\.\w", problem.where), problem  # no path like parts.id
        assert "^" not in problem.message
    return list(caught.value.problems)


def test_a_wrong_type_names_the_item_and_the_field_by_title() -> None:
    assert parse_model(Plan, PLAN, source="plan.yaml").parts[1].hours == 3
    text = PLAN.replace("hours: 3", "hours: tre")
    assert _where(text) == [Problem("linje 6, Dele nr. 2, Timer", "skal være et tal")]


def test_a_missing_field_is_named_by_title_on_its_item_s_line() -> None:
    text = PLAN.replace("    hours: 2\n", "")
    assert _where(text) == [Problem("linje 3, Dele nr. 1, Timer", "skal udfyldes")]
    assert _where("parts: []\n") == [Problem("linje 1, Titel", "skal udfyldes")]


def test_an_unknown_key_is_quoted_as_written() -> None:
    text = PLAN.replace("hours: 3", "hours: 3\n    hourz: 4")
    assert _where(text) == [Problem("linje 7, Dele nr. 2, «hourz»", "er ikke et kendt felt")]


def test_a_bad_pattern_is_described_in_words() -> None:
    text = PLAN.replace("id: efter", "id: Efter-1")
    (problem,) = _where(text)
    assert problem.where == "linje 5, Dele nr. 2, Id"
    assert problem.message.startswith("har et ugyldigt format: skal begynde med et lille bogstav")


def test_a_mapping_s_key_and_a_union_member_are_named_as_in_the_file() -> None:
    text = PLAN + "hours_by_colour:\n  roed: mange\n"
    assert _where(text) == [Problem("linje 8, Timer pr. farve, «roed»", "skal være et tal")]
    text = PLAN + "extra:\n  id: x\n  hours: -1\n"
    wheres = [problem.where for problem in _where(text)]
    assert "linje 9, Ekstra, Timer" in wheres  # not "Ekstra, «Part», Timer"


def test_an_error_about_the_whole_file_says_so() -> None:
    assert _where("- a\n- b\n") == [
        Problem("linje 1, hele filen", "skal være en opslagstabel (nøgle: værdi)")
    ]
