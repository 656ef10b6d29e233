from __future__ import annotations

from datetime import UTC, datetime

import pytest
import yaml
from pydantic import BaseModel, ValidationError

from tilsynwidgets.domain.core.categories import RiskCategory
from tilsynwidgets.domain.core.datafiles import parse_model, read_packaged_text
from tilsynwidgets.domain.core.errors import DataFileError
from tilsynwidgets.domain.core.kinds import UnitKind
from tilsynwidgets.domain.intensity.plans import (
    MIN_REASON,
    CollectionMethod,
    DataSource,
    DataSources,
    ExternalInformation,
    ExternalSource,
    FollowUp,
    HoursModel,
    IntensityLevel,
    IntensityPlan,
    Methods,
    PlanDecision,
    TemplateSet,
    Visits,
    VisitScope,
    WrittenInformation,
    estimate_hours,
    is_template_unchanged,
    template_for,
    template_set,
)

LEVELS = {
    IntensityLevel.BEGRAENSET: 1.0,
    IntensityLevel.UDVIDET: 2.0,
    IntensityLevel.OMFATTENDE: 4.0,
}
NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
TEMPLATES = "intensity_templates.yaml"


def _hours_model() -> HoursModel:
    return HoursModel(
        written_information=LEVELS,
        financial_information=3,
        per_external_source={k: v / 2 for k, v in LEVELS.items()},
        per_data_source=0.5,
        per_method=0.25,
        per_inspector_hour_on_site=1.0,
        per_inspector_visit_overhead=2.0,
        reporting={k: v * 3 for k, v in LEVELS.items()},
        per_follow_up_meeting=1.5,
        dialogue=LEVELS,
    )


def _plan() -> IntensityPlan:
    return IntensityPlan(
        written_information=WrittenInformation(
            level=IntensityLevel.UDVIDET, include_financial=True
        ),
        external_information=ExternalInformation(
            level=IntensityLevel.OMFATTENDE,
            sources=(ExternalSource.KOMMUNER, ExternalSource.PAAROERENDE),
        ),
        visits=Visits(announced_per_year=1, unannounced_per_year=2),
        data_sources=DataSources(sources=(DataSource.BORGERE, DataSource.LEDELSE)),
        methods=Methods(methods=(CollectionMethod.INTERVIEW,)),
        visit_scope=VisitScope(hours_per_visit=5, inspectors_per_visit=2),
        follow_up=FollowUp(
            reporting=IntensityLevel.BEGRAENSET,
            follow_up_meetings_per_year=2,
            dialogue=IntensityLevel.UDVIDET,
        ),
    )


def test_estimate_hours_by_hand() -> None:
    # written 2 + financial 3 + 2 sources x 2 + 3 visits x 2 inspectors x (5 + 2)
    # + 2 data sources x 0.5 + 1 method x 0.25 + reporting 3 + dialogue 2 + 2 meetings x 1.5
    expected = 2 + 3 + 4 + 42 + 1 + 0.25 + 3 + 2 + 3
    assert estimate_hours(_plan(), _hours_model()) == pytest.approx(expected)


def test_packaged_coefficients_for_groen_template_by_hand() -> None:
    # begrænset 2 + 1 source x 0.5 + 1 visit x 1 x (4 + 3) + 3 sources + 2 methods
    # + reporting 4 + dialogue 1 + 0 meetings
    assert estimate_hours(template_for(RiskCategory.GROEN)) == pytest.approx(19.5)


@pytest.mark.parametrize("kind", list(UnitKind))
def test_templates_cover_every_colour_and_are_ordered_by_hours(kind: UnitKind) -> None:
    templates = template_set().kinds[kind].templates
    assert set(templates) == set(RiskCategory)
    roed, gul, groen = (
        estimate_hours(templates[c])
        for c in (RiskCategory.ROED, RiskCategory.GUL, RiskCategory.GROEN)
    )
    assert roed > gul > groen
    assert roed >= 4 * groen


@pytest.mark.parametrize("kind", list(UnitKind))
def test_templates_are_more_intensive_for_higher_risk(kind: UnitKind) -> None:
    roed, groen = template_for(RiskCategory.ROED, kind), template_for(RiskCategory.GROEN, kind)
    assert roed.visits.total_per_year > groen.visits.total_per_year
    assert roed.visits.unannounced_per_year > 0
    assert len(roed.data_sources.sources) > len(groen.data_sources.sources)
    assert len(roed.methods.methods) > len(groen.methods.methods)


def test_set_like_choices_are_normalised() -> None:
    shuffled = DataSources(
        sources=(DataSource.LEDELSE, DataSource.MEDARBEJDERE, DataSource.LEDELSE)
    )
    assert shuffled.sources == (DataSource.MEDARBEJDERE, DataSource.LEDELSE)
    assert shuffled == DataSources(sources=(DataSource.MEDARBEJDERE, DataSource.LEDELSE))
    methods = Methods.model_validate({"methods": ["interview", "observation", "interview"]})
    assert methods.methods == (CollectionMethod.OBSERVATION, CollectionMethod.INTERVIEW)


def test_template_unchanged_detection_is_semantic() -> None:
    template = template_for(RiskCategory.GUL)
    assert is_template_unchanged(template, template_for(RiskCategory.GUL))
    assert not is_template_unchanged(template, template_for(RiskCategory.ROED))
    reordered = IntensityPlan.model_validate(
        {
            **template.model_dump(),
            "methods": {"methods": list(reversed(template.methods.methods))},
        }
    )
    assert is_template_unchanged(reordered, template)


def test_a_tiny_edit_flips_template_unchanged() -> None:
    template = template_for(RiskCategory.GROEN)
    scope = template.visit_scope
    edited = template.model_copy(
        update={
            "visit_scope": scope.model_copy(update={"hours_per_visit": scope.hours_per_visit + 0.5})
        }
    )
    assert not is_template_unchanged(edited, template)


@pytest.mark.parametrize(
    ("model", "data"),
    [
        (DataSources, {"sources": []}),
        (Methods, {"methods": []}),
        (Visits, {"announced_per_year": 25, "unannounced_per_year": 0}),
        (VisitScope, {"hours_per_visit": 0, "inspectors_per_visit": 1}),
        (VisitScope, {"hours_per_visit": 3, "inspectors_per_visit": 7}),
    ],
)
def test_dimension_bounds(model: type[BaseModel], data: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        model.model_validate(data)


def _decision(**changes: object) -> PlanDecision:
    data: dict[str, object] = {
        "unit_id": "T-0001",
        "category": RiskCategory.GROEN,
        "plan": template_for(RiskCategory.GROEN),
        "estimated_hours": 19.5,
        "template_unchanged": False,
        "author": "Tilsynsførende A",
        "decided_at": NOW,
        "ruleset_id": "socialtilsyn-7-4",
    }
    data.update(changes)
    return PlanDecision.model_validate(data)


def test_plan_decision_requires_reason_when_template_unchanged() -> None:
    assert _decision().reason == ""
    with pytest.raises(ValidationError, match="skabelonen bruges uændret"):
        _decision(template_unchanged=True)
    with pytest.raises(ValidationError, match="mindst 20 tegn"):
        _decision(template_unchanged=True, reason="  kort   " + " " * 30)
    reason = "Velfungerende tilbud; ingen nye risikosignaler siden sidste år."
    assert len(reason) >= MIN_REASON
    assert _decision(template_unchanged=True, reason=reason).reason == reason


def test_plan_decision_needs_aware_time_and_author() -> None:
    with pytest.raises(ValidationError, match="tidszone"):
        _decision(decided_at=datetime(2026, 3, 1, 9, 0))
    with pytest.raises(ValidationError, match="skal udfyldes"):
        _decision(author="   ")
    with pytest.raises(ValidationError):
        _decision(estimated_hours=-1)


def _line_of(text: str, fragment: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if fragment in line)


def test_template_violating_its_type_names_line_and_field() -> None:
    original = "visits: {announced_per_year: 1, unannounced_per_year: 0}"
    text = read_packaged_text(TEMPLATES).replace(
        original, "visits: {announced_per_year: 30, unannounced_per_year: 0}", 1
    )
    with pytest.raises(DataFileError) as info:
        parse_model(TemplateSet, text, source="x.yaml")
    message = str(info.value)
    assert f"linje {_line_of(text, 'announced_per_year: 30')}" in message
    assert (
        "«kinds», «tilbud», «templates», «groen», Hyppighed af tilsynsbesøg, "
        "Anmeldte tilsynsbesøg om året: må højst være 24" in message
    )


def test_missing_or_unknown_template_is_reported() -> None:
    text = read_packaged_text(TEMPLATES)
    data = yaml.safe_load(text)
    del data["kinds"]["plejefamilie"]["templates"]["groen"]
    with pytest.raises(ValidationError, match="mangler skabelon for: groen"):
        TemplateSet.model_validate(data)
    unknown = text.replace("      groen:\n", "      blaa:\n", 1)
    with pytest.raises(DataFileError) as info:
        parse_model(TemplateSet, unknown, source="x.yaml")
    line = _line_of(unknown, "      blaa:")
    assert f"linje {line}, «kinds», «tilbud», «templates», nøglen «blaa»" in str(info.value)


def test_hours_model_must_cover_every_level() -> None:
    text = read_packaged_text(TEMPLATES).replace(
        "reporting: {begraenset: 4, udvidet: 8, omfattende: 16}",
        "reporting: {begraenset: 4, udvidet: 8}",
    )
    with pytest.raises(DataFileError, match="reporting mangler timer for: omfattende"):
        parse_model(TemplateSet, text, source="x.yaml")


def test_a_template_may_use_only_its_kinds_sources() -> None:
    text = read_packaged_text(TEMPLATES).replace(
        "data_sources: {sources: [plejeforaeldre, plejeboern]}",
        "data_sources: {sources: [plejeforaeldre, medarbejdere]}",
    )
    with pytest.raises(DataFileError) as info:
        parse_model(TemplateSet, text, source="x.yaml")
    # The file's editor reads the codes they wrote.
    assert "plejefamilie, groen: Datakilden 'medarbejdere' hører ikke til en plejefamilie" in str(
        info.value
    )


def test_a_decision_for_a_plejefamilie_refuses_a_tilbuds_sources() -> None:
    family = template_for(RiskCategory.GROEN, UnitKind.PLEJEFAMILIE)
    assert _decision(plan=family, unit_kind=UnitKind.PLEJEFAMILIE).unit_kind is not None
    tilbud = template_for(RiskCategory.GROEN, UnitKind.TILBUD)
    foreign = "'medarbejdere', 'borgere', 'ledelse' hører ikke til en plejefamilie"
    with pytest.raises(ValidationError, match=foreign):
        _decision(plan=tilbud, unit_kind=UnitKind.PLEJEFAMILIE)


def test_a_decision_stored_before_kinds_and_versions_stays_readable() -> None:
    stored = _decision().model_dump(mode="json")
    del stored["unit_kind"], stored["template_version"]
    stored["plan"]["visits"].pop("announced_reason")
    old = PlanDecision.model_validate(stored)
    assert (old.unit_kind, old.template_version, old.plan.visits.announced_reason) == (
        None,
        None,
        "",
    )
