"""The socialtilsyn's self-assessment of the general leadership measures (seed 001)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from pydantic import ValidationError

from tilsynwidgets.domain.core.units import Socialtilsyn
from tilsynwidgets.domain.labels import label_of
from tilsynwidgets.domain.support.measures import MEASURES, general_measures, measure_catalogue
from tilsynwidgets.domain.support.self_assessment import (
    NOT_ASSESSED,
    MeasureLevel,
    SelfAssessment,
    latest_self_assessments,
    self_assessment_overview,
    self_assessment_table,
)

WHEN = datetime(2026, 10, 1, 12, tzinfo=UTC)


def _ratings(level: MeasureLevel = MeasureLevel.DELVIST) -> list[dict[str, Any]]:
    return [{"measure_id": m.id, "level": level} for m in general_measures()]


def _make(socialtilsyn: str = "syd", when: datetime = WHEN, **changes: Any) -> SelfAssessment:
    fields: dict[str, Any] = {
        "socialtilsyn": socialtilsyn,
        "ratings": _ratings(),
        "assessor": "Leder A",
        "assessed_at": when,
        "catalogue_version": SelfAssessment.current_version(),
    }
    fields.update(changes)
    return SelfAssessment.model_validate(fields)


def test_every_general_measure_of_the_seed_is_rated_once() -> None:
    item = _make()
    assert [r.measure_id for r in item.ratings] == [m.id for m in general_measures()]
    assert len(item.ratings) == 11
    assert item.level_of("supervision_sparring") is MeasureLevel.DELVIST


def test_a_missing_measure_is_named_in_danish() -> None:
    ratings = _ratings()[1:]
    with pytest.raises(ValidationError, match="mangler: Ledelsesmæssig understøttelse"):
        _make(ratings=ratings)


def test_a_measure_rated_twice_or_unknown_is_refused() -> None:
    ratings = _ratings()
    with pytest.raises(ValidationError, match="flere gange: supervision_sparring"):
        _make(ratings=[*ratings, {"measure_id": "supervision_sparring", "level": "etableret"}])
    with pytest.raises(ValidationError, match=r"ukendt tiltag.*roed_ledelsesopbakning"):
        _make(ratings=[*ratings, {"measure_id": "roed_ledelsesopbakning", "level": "delvist"}])


def test_blank_assessor_and_naive_time_are_refused() -> None:
    with pytest.raises(ValidationError, match="skal udfyldes"):
        _make(assessor="   ")
    with pytest.raises(ValidationError, match="tidszone"):
        _make(when=datetime(2026, 10, 1))  # naive on purpose: the point of the test


def test_levels_have_danish_labels() -> None:
    assert [label_of(level) for level in MeasureLevel] == [
        "Etableret",
        "Delvist etableret",
        "Ikke etableret",
    ]


def test_latest_per_socialtilsyn_by_time_and_later_row_on_ties() -> None:
    old = _make("syd", datetime(2025, 1, 1, tzinfo=UTC))
    new = _make("syd", WHEN, ratings=_ratings(MeasureLevel.ETABLERET))
    tie = _make("syd", WHEN, ratings=_ratings(MeasureLevel.IKKE_ETABLERET))
    nord = _make("nord")
    latest = latest_self_assessments([new, nord, old])
    assert latest == {Socialtilsyn.SYD: new, Socialtilsyn.NORD: nord}
    assert latest_self_assessments([new, tie])[Socialtilsyn.SYD] is tie


def test_table_holds_the_latest_level_per_measure_and_none_where_not_assessed() -> None:
    ratings = _ratings(MeasureLevel.IKKE_ETABLERET)
    ratings[0] = {"measure_id": ratings[0]["measure_id"], "level": "etableret"}
    syd = _make("syd", ratings=ratings)
    table = self_assessment_table([_make("syd", datetime(2024, 1, 1, tzinfo=UTC)), syd])
    assert list(table.columns) == [s.value for s in Socialtilsyn]
    assert list(table.index) == [m.id for m in general_measures()]
    assert table.loc["ledelsesmaessig_understoettelse", "syd"] == "etableret"
    assert table.loc["supervision_sparring", "syd"] == "ikke_etableret"
    assert table["nord"].isna().all()
    assert self_assessment_table([]).isna().all().all()


def test_the_overview_names_measures_socialtilsyn_and_levels_with_the_labels_given() -> None:
    ratings = _ratings(MeasureLevel.IKKE_ETABLERET)
    ratings[0] = {"measure_id": ratings[0]["measure_id"], "level": "etableret"}
    older = _make("syd", datetime(2024, 1, 1, tzinfo=UTC), ratings=_ratings())
    frame = self_assessment_overview([older, _make("syd", ratings=ratings)], label_of)
    assert frame.index.name == "Tiltag"
    assert list(frame.index) == [m.title for m in general_measures()]
    assert list(frame.columns) == [label_of(s) for s in Socialtilsyn]
    syd = label_of(Socialtilsyn.SYD)
    assert list(frame[syd]) == ["Etableret"] + ["Ikke etableret"] * (len(ratings) - 1)
    assert set(frame[label_of(Socialtilsyn.NORD)]) == {NOT_ASSESSED}
    codes = self_assessment_overview([_make("oest")], lambda member: f"<{member.value}>")
    assert set(codes["<oest>"]) == {"<delvist>"}
    assert set(codes["<nord>"]) == {NOT_ASSESSED}
    assert self_assessment_overview([], label_of).eq(NOT_ASSESSED).all().all()


def test_the_measure_catalogue_reaches_the_self_assessment_explicitly() -> None:
    packaged = measure_catalogue()
    fewer = packaged.model_copy(update={"general": packaged.general[:2]})
    fields: dict[str, Any] = {
        "socialtilsyn": "syd",
        "ratings": _ratings()[:2],
        "assessor": "Leder A",
        "assessed_at": WHEN,
        "catalogue_version": "test",
    }
    accepted = SelfAssessment.model_validate(fields, context={MEASURES: fewer})
    assert [r.measure_id for r in accepted.ratings] == [m.id for m in fewer.general]
    with pytest.raises(ValidationError, match="alle tiltag skal vurderes"):
        SelfAssessment.model_validate(fields)  # the packaged catalogue has more
    with pytest.raises(ValidationError, match="ukendt tiltag"):
        SelfAssessment.model_validate({**fields, "ratings": _ratings()}, context={MEASURES: fewer})
