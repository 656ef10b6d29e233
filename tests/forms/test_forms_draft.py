"""The draft's pure helpers: paths, payload pruning and normalising restored values."""

from __future__ import annotations

from datetime import date

import pytest

from tilsynwidgets.domain.core.categories import RiskCategory
from tilsynwidgets.domain.intensity.plans import IntensityPlan, template_for
from tilsynwidgets.domain.risk.assessment import InformationSource, RiskAssessment
from tilsynwidgets.forms import describe_fields
from tilsynwidgets.forms._draft import (
    copy_json,
    get_in,
    normalise,
    parent_path,
    path_of,
    payload,
    set_in,
)

SPECS = {
    s.name: s
    for s in describe_fields(
        RiskAssessment,
        exclude=("reasons", "assessed_at", "unknown_signals", "quality", "information"),
    )
}


def test_paths() -> None:
    assert path_of(("visits", "announced_per_year")) == "visits.announced_per_year"
    assert path_of(("rows", 2, "name")) == "rows[2].name"
    assert parent_path("rows[2].name") == "rows[2]"
    assert parent_path("rows[2]") == "rows"
    assert parent_path("rows") == ""


def test_get_set_and_copy() -> None:
    draft = {"a": {"b": [1, {"c": 2}]}}
    copied = copy_json(draft)
    set_in(copied, ("a", "b", 1, "c"), 3)
    assert get_in(copied, ("a", "b", 1, "c")) == 3
    assert draft["a"]["b"][1] == {"c": 2}  # the copy is deep


def test_payload_leaves_out_unanswered_required_choices_only() -> None:
    specs = describe_fields(RiskAssessment, names=["phase", "suggested", "justification"])
    out = payload(specs, {"phase": None, "suggested": None, "justification": ""})
    assert out == {"suggested": None, "justification": ""}


def test_payload_walks_nested_models() -> None:
    specs = describe_fields(IntensityPlan)
    draft = template_for(RiskCategory.GUL).model_dump(mode="json")
    draft["follow_up"]["dialogue"] = None
    assert "dialogue" not in payload(specs, draft)["follow_up"]


def test_normalise_accepts_what_callers_have() -> None:
    assert normalise(SPECS["chosen"], RiskCategory.ROED, None) == "roed"
    assert normalise(SPECS["chosen"], "gul", None) == "gul"
    sources = (InformationSource.OEKONOMI, "risikosignaler", InformationSource.OEKONOMI)
    assert normalise(SPECS["based_on"], sources, []) == ["risikosignaler", "oekonomi"]
    assert normalise(SPECS["catalogue_version"], None, "x") is None


def test_normalise_merges_nested_models_and_converts_numbers() -> None:
    plan = {s.name: s for s in describe_fields(IntensityPlan)}
    current = {"announced_per_year": 1, "unannounced_per_year": 2}
    merged = normalise(plan["visits"], {"announced_per_year": 4.0}, current)
    assert merged == {"announced_per_year": 4, "unannounced_per_year": 2}
    assert isinstance(merged["announced_per_year"], int)
    scope = normalise(plan["visit_scope"], {"hours_per_visit": 3}, {})
    assert scope == {"hours_per_visit": 3.0}


def test_normalise_dates() -> None:
    from pydantic import BaseModel

    class Dated(BaseModel):
        day: date | None = None

    (spec,) = describe_fields(Dated)
    assert normalise(spec, date(2026, 3, 1), None) == "2026-03-01"
    assert normalise(spec, "2026-03-01", None) == "2026-03-01"
    with pytest.raises(ValueError, match=r"kan ikke vise værdien '1\. marts'"):
        normalise(spec, "1. marts", None)


@pytest.mark.parametrize(
    ("name", "value"),
    [("chosen", "lilla"), ("chosen", 3), ("justification", 12), ("based_on", "oekonomi")],
)
def test_normalise_refuses_values_no_widget_can_show(name: str, value: object) -> None:
    with pytest.raises(ValueError, match=f"'{name}' .* kan ikke vise værdien"):
        normalise(SPECS[name], value, None)


def test_normalise_refuses_fractions_for_whole_numbers() -> None:
    plan = {s.name: s for s in describe_fields(IntensityPlan)}
    with pytest.raises(ValueError, match="announced_per_year"):
        normalise(plan["visits"], {"announced_per_year": 1.5}, {})
