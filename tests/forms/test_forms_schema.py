"""Reading a pydantic model into field specs: kinds, titles, widget choices, build-time errors."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

import pytest
from pydantic import BaseModel, Field

from tilsynwidgets.domain.intensity.plans import IntensityPlan
from tilsynwidgets.domain.risk.assessment import RiskAssessment
from tilsynwidgets.forms import ModelForm, UnsupportedFieldError, describe_fields
from tilsynwidgets.forms._schema import blank_row, shown_names


class Five(StrEnum):
    A = "a"
    B = "b"
    C = "c"
    D = "d"
    E = "e"


class Two(StrEnum):
    JA = "ja"
    NEJ = "nej"


class Inner(BaseModel):
    count: int = Field(ge=0, title="Antal")


class Everything(BaseModel):
    text: str = Field(title="Tekst", description="Hjælp til teksten.", max_length=80)
    long_text: str = Field(default="", max_length=5000)
    short_area: str = Field(default="", json_schema_extra={"widget": "textarea"})
    number: int = 3
    ratio: float = Field(default=0.5, title="Andel")
    flag: bool = False
    day: date | None = None
    few: Two = Two.JA
    many: Five = Field(title="Mange")
    maybe: Two | None = None
    several: tuple[Five, ...] = (Five.B,)
    listed: list[Two] = Field(default_factory=list)
    inner: Inner = Field(title="Indre")
    rows: list[Inner] = Field(default_factory=list)


def _by_name(**kwargs: object) -> dict[str, object]:
    return {spec.name: spec for spec in describe_fields(Everything, **kwargs)}  # type: ignore[arg-type]


def test_kinds_titles_and_help() -> None:
    specs = _by_name()
    kinds = {name: spec.kind for name, spec in specs.items()}  # type: ignore[attr-defined]
    assert kinds == {
        "text": "str",
        "long_text": "str",
        "short_area": "str",
        "number": "int",
        "ratio": "float",
        "flag": "bool",
        "day": "date",
        "few": "enum",
        "many": "enum",
        "maybe": "enum",
        "several": "multi_enum",
        "listed": "multi_enum",
        "inner": "model",
        "rows": "model_list",
    }
    text = describe_fields(Everything)[0]
    assert (text.title, text.help) == ("Tekst", "Hjælp til teksten.")
    number = describe_fields(Everything, names=["number"])[0]
    assert (number.title, number.help) == ("number", "")  # falls back to the field name


def test_widget_choices_follow_the_rules_and_overrides() -> None:
    specs = {spec.name: spec for spec in describe_fields(Everything)}
    assert specs["few"].widget == "toggle_buttons"  # ≤ 4 options
    assert specs["many"].widget == "dropdown"
    assert specs["text"].widget == "text"
    assert specs["long_text"].widget == "textarea"  # max_length > 200
    assert specs["short_area"].widget == "textarea"  # the field says so
    assert specs["several"].widget == "checkboxes"
    overridden = {
        spec.name: spec
        for spec in describe_fields(
            Everything, overrides={"few": "dropdown", "several": "select_multiple"}
        )
    }
    assert overridden["few"].widget == "dropdown"
    assert overridden["several"].widget == "select_multiple"


def test_override_that_does_not_fit_the_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="'number' \\(int\\) kan ikke vises som 'textarea'"):
        describe_fields(Everything, overrides={"number": "textarea"})


def test_nested_paths_are_dotted_and_overrides_reach_them() -> None:
    plan = {spec.name: spec for spec in describe_fields(IntensityPlan)}
    visits = plan["visits"]
    assert [child.path for child in visits.children] == [
        "visits.announced_per_year",
        "visits.unannounced_per_year",
        "visits.announced_reason",
    ]
    follow = describe_fields(IntensityPlan, overrides={"follow_up.reporting": "dropdown"})[-1]
    assert follow.children[0].widget == "dropdown"


def test_runtime_choices_narrow_an_enum_field_by_path() -> None:
    sources = ("plejeforaeldre", "plejeboern")
    plan = describe_fields(IntensityPlan, choices={"data_sources.sources": sources})
    data_sources = next(spec for spec in plan if spec.name == "data_sources")
    assert data_sources.children[0].choices == sources
    with pytest.raises(ValueError, match="ukendte værdier i 'choices': blaa"):
        describe_fields(IntensityPlan, choices={"data_sources.sources": ["blaa"]})


def test_initial_values_are_json_and_blank_when_required() -> None:
    specs = {spec.name: spec for spec in describe_fields(Everything)}
    assert specs["several"].initial == ["b"]
    assert specs["few"].initial == "ja"
    assert specs["many"].initial is None  # no choice yet: the widget shows none
    assert specs["inner"].initial == {"count": 0}
    assert specs["rows"].initial == []
    assert blank_row(specs["rows"]) == {"count": 0}


@pytest.mark.parametrize(
    ("annotation", "shown"),
    [(datetime, "datetime"), (int | str, "int | str"), (int | None, "int | None"), (dict, "dict")],
)
def test_unsupported_types_raise_at_build_time(annotation: object, shown: str) -> None:
    model = type(
        "Odd", (BaseModel,), {"__annotations__": {"when": annotation}, "__module__": __name__}
    )
    with pytest.raises(UnsupportedFieldError, match=f"'when' har typen {shown}") as caught:
        describe_fields(model)
    assert "fixed=" in str(caught.value)


def test_unsupported_nested_type_names_the_top_field_to_leave_out() -> None:
    with pytest.raises(UnsupportedFieldError, match=r"'reasons\.observed'.*Giv 'reasons'"):
        describe_fields(RiskAssessment)


def test_unknown_names_and_clashes_are_refused() -> None:
    with pytest.raises(ValueError, match="ingen felter ved navn: nope"):
        describe_fields(Everything, names=["nope"])
    with pytest.raises(ValueError, match="ingen felter ved navn: nope"):
        shown_names(Everything, {"nope": 1}, None, ())
    with pytest.raises(ValueError, match="både vises og være faste: text"):
        shown_names(Everything, {"text": "x"}, ["text"], ())
    assert shown_names(Everything, {"text": "x"}, None, ("rows", "inner"))[:2] == [
        "long_text",
        "short_area",
    ]


class Narrowed(BaseModel):
    pick: Five = Field(default=Five.B, json_schema_extra={"choices": ["b", "d"]})


def test_choices_narrow_the_values_an_enum_field_offers() -> None:
    (spec,) = describe_fields(Narrowed)
    assert spec.choices == ("b", "d")
    form = ModelForm(Narrowed, labeller=lambda member: str(member.value).upper())
    assert form.control("pick").options == (("B", "b"), ("D", "d"))


def test_choices_must_name_values_of_the_enum() -> None:
    class Misspelt(BaseModel):
        pick: Five = Field(default=Five.B, json_schema_extra={"choices": ["b", "x"]})

    with pytest.raises(ValueError, match="ukendte værdier i 'choices': x"):
        describe_fields(Misspelt)

    class NotAnEnum(BaseModel):
        text: str = Field(default="", json_schema_extra={"choices": ["a"]})

    with pytest.raises(ValueError, match="kræver et enum-felt"):
        describe_fields(NotAnEnum)
