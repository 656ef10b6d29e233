"""Field → widget: the right control per type, Danish labels, JSON ⇄ widget conversions."""

from __future__ import annotations

from datetime import date
from enum import Enum, StrEnum
from typing import Any

import ipywidgets as widgets
import pytest
from ipywidgets.widgets.widget import _instances
from pydantic import BaseModel, Field

from tilsynwidgets.domain.core.categories import RiskCategory
from tilsynwidgets.domain.labels import label_of
from tilsynwidgets.domain.risk.assessment import RiskAssessment
from tilsynwidgets.forms import EMPTY_CHOICE, CleanText, CleanTextarea, describe_fields
from tilsynwidgets.forms._fields import (
    BuildOptions,
    ChecksLeaf,
    Leaf,
    Node,
    ValueLeaf,
    build_leaf,
    close_tree,
)


class Recorder:
    """A sink that records what the leaves report."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, Any, Any]] = []

    def changed(self, node: Node, value: Any) -> None:
        self.calls.append(("changed", node.spec.path, value))

    def toggled(self, node: Node, member: Any, checked: bool) -> None:
        self.calls.append(("toggled", member, checked))

    def add_row(self, node: Any) -> None:
        raise AssertionError

    def remove_row(self, node: Any, row: Any) -> None:
        raise AssertionError


class Odd(StrEnum):
    X = "x"


class Sample(BaseModel):
    count: int = Field(default=1, ge=0, le=5, title="Antal")
    ratio: float = Field(default=0.5, ge=0, le=1)
    note: str = Field(default="", max_length=50, title="Note", description="Kort.")
    flag: bool = Field(default=False, title="Aktiv")
    day: date | None = None
    maybe: RiskCategory | None = None
    odd: Odd = Odd.X


SPECS = {spec.name: spec for spec in describe_fields(Sample)}
ASSESSMENT = {
    spec.name: spec
    for spec in describe_fields(
        RiskAssessment,
        exclude=("reasons", "assessed_at", "unknown_signals", "quality", "information"),
    )
}


def _leaf(spec: Any, value: Any, labeller: Any = label_of) -> tuple[Leaf, Recorder]:
    sink = Recorder()
    return build_leaf(spec, value, BuildOptions(sink, labeller)), sink


@pytest.mark.parametrize(
    ("name", "value", "kind"),
    [
        ("count", 1, widgets.IntText),
        ("ratio", 0.5, CleanText),  # a number as a Dane writes it: "0,5"
        ("note", "", CleanText),  # a widgets.Text that cleans what is pasted
        ("flag", False, widgets.Checkbox),
        ("day", None, widgets.DatePicker),
    ],
)
def test_scalar_controls_are_unbounded_plain_widgets(name: str, value: Any, kind: type) -> None:
    leaf, _ = _leaf(SPECS[name], value)
    assert type(leaf.control) is kind  # not BoundedIntText etc.: the model reports ranges


def test_text_controls_report_text_as_the_model_shapes_it() -> None:
    line, line_sink = _leaf(SPECS["note"], "")  # plain str in a text box: one line
    line.control.value = "Anna\x0bHansen\x00"
    assert line.control.value == "Anna Hansen"
    assert line_sink.calls == [("changed", "note", "Anna Hansen")]
    text, text_sink = _leaf(ASSESSMENT["justification"], "")  # MultiLineText in a text area
    assert type(text.control) is CleanTextarea
    text.control.value = "Første linje\x0banden\u2029tredje\x07"
    assert text_sink.calls == [("changed", "justification", "Første linje\nanden\ntredje")]


def test_numbers_out_of_range_are_not_clamped() -> None:
    leaf, sink = _leaf(SPECS["count"], 1)
    leaf.control.value = 99
    assert leaf.control.value == 99
    assert sink.calls == [("changed", "count", 99)]


def test_title_help_and_hidden_error_line() -> None:
    leaf, _ = _leaf(SPECS["note"], "")
    title, control, help_line, error = leaf.box.children
    assert title.value == "<b>Note</b>"
    assert control is leaf.control
    assert "Kort." in help_line.value
    assert "color:" in help_line.value
    assert error is leaf.error
    assert error.layout.display == "none"
    leaf.set_errors(["skal udfyldes"])
    assert "skal udfyldes" in error.value
    assert error.layout.display is None


def test_checkbox_carries_its_title() -> None:
    leaf, _ = _leaf(SPECS["flag"], False)
    assert leaf.control.description == "Aktiv"
    assert len(leaf.box.children) == 2  # control and error line


def test_long_text_is_a_textarea() -> None:
    leaf, sink = _leaf(ASSESSMENT["justification"], "")
    assert isinstance(leaf.control, widgets.Textarea)
    leaf.control.value = "abc"
    assert sink.calls == [("changed", "justification", "abc")]


def test_risk_category_toggle_buttons_show_danish_labels() -> None:
    leaf, sink = _leaf(ASSESSMENT["chosen"], None)
    assert isinstance(leaf.control, widgets.ToggleButtons)
    assert {label for label, _ in leaf.control.options} == {"Rød", "Gul", "Grøn"}
    assert leaf.control.value is None  # required and unanswered: nothing chosen
    leaf.control.value = "roed"
    assert sink.calls == [("changed", "chosen", "roed")]


def test_optional_enum_has_an_empty_choice_mapped_to_none() -> None:
    leaf, sink = _leaf(SPECS["maybe"], None)
    assert leaf.control.options[0] == (EMPTY_CHOICE, "")
    assert leaf.control.value == ""
    leaf.control.value = "gul"
    leaf.control.value = ""
    assert sink.calls == [("changed", "maybe", "gul"), ("changed", "maybe", None)]


def test_many_options_make_a_dropdown() -> None:
    class Many(BaseModel):
        source: RiskCategory = Field(json_schema_extra={"widget": "dropdown"})

    leaf, _ = _leaf(describe_fields(Many)[0], "gul")
    assert isinstance(leaf.control, widgets.Dropdown)
    assert leaf.control.label == "Gul"


def test_multi_choice_as_checkboxes_reports_toggles() -> None:
    leaf, sink = _leaf(ASSESSMENT["based_on"], ["oekonomi"])
    assert isinstance(leaf, ChecksLeaf)
    labels = [box.description for box in leaf.boxes]
    assert labels[:2] == ["Risikosignaler", "Kvalitetsvurdering"]
    assert [box.value for box in leaf.boxes].count(True) == 1
    leaf.boxes[0].value = True
    assert sink.calls == [("toggled", "risikosignaler", True)]
    leaf.show(["risikosignaler", "andet"])
    assert [b.description for b in leaf.boxes if b.value] == ["Risikosignaler", "Andet"]


def test_multi_choice_as_select_multiple() -> None:
    spec = describe_fields(
        RiskAssessment, names=["based_on"], overrides={"based_on": "select_multiple"}
    )[0]
    leaf, sink = _leaf(spec, ["andet", "oekonomi"])
    assert isinstance(leaf, ValueLeaf)
    assert isinstance(leaf.control, widgets.SelectMultiple)
    leaf.control.value = ("andet", "risikosignaler")
    assert sink.calls == [("changed", "based_on", ["risikosignaler", "andet"])]


def test_dates_are_iso_strings_in_the_draft() -> None:
    leaf, sink = _leaf(SPECS["day"], "2026-02-03")
    assert leaf.control.value == date(2026, 2, 3)
    leaf.control.value = date(2026, 3, 4)
    leaf.control.value = None
    assert sink.calls == [("changed", "day", "2026-03-04"), ("changed", "day", None)]


def test_each_control_has_exactly_one_value_observer() -> None:
    leaf, _ = _leaf(SPECS["count"], 1)
    assert len(leaf.control._trait_notifiers["value"]["change"]) == 1


def test_enum_without_a_label_fails_clearly() -> None:
    def labeller(member: Enum) -> str:
        raise KeyError(member)

    with pytest.raises(LookupError, match=r"Ingen dansk tekst for Odd\.X \(felt 'odd'\)"):
        _leaf(SPECS["odd"], "x", labeller)


def test_close_tree_closes_layouts_and_styles_too() -> None:
    before = set(_instances)  # ids, not counts: gc may close other tests' widgets meanwhile
    leaf, _ = _leaf(ASSESSMENT["based_on"], [])
    assert set(_instances) - before
    close_tree(leaf.box)
    assert not set(_instances) - before


def test_a_decimal_is_shown_and_read_the_danish_way() -> None:
    leaf, sink = _leaf(SPECS["ratio"], 0.5)
    assert leaf.control.value == "0,5"
    leaf.control.value = "2,25"
    leaf.control.value = "3.5"  # a point is understood too
    leaf.control.value = "fire"  # not a number: kept as typed, for the model to name
    assert [call[2] for call in sink.calls] == [2.25, 3.5, "fire"]
    leaf.show(7.0)
    assert leaf.control.value == "7"
    leaf.show(-1.5)
    assert leaf.control.value == "−1,5"
