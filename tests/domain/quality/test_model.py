from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from tilsynwidgets.domain.core.datafiles import parse_model
from tilsynwidgets.domain.core.errors import DataFileError
from tilsynwidgets.domain.core.kinds import UnitKind
from tilsynwidgets.domain.quality.model import (
    AggregationMethod,
    QualityAssessment,
    QualityModel,
    check_scores,
    criterion_scores,
    quality_model,
    theme_scores,
)

SMALL = """\
version: test
kind: tilbud
aggregation: {aggregation}
scale:
  - {{score: 5, label: i meget høj grad opfyldt}}
  - {{score: 4, label: i høj grad opfyldt}}
  - {{score: 3, label: i middel grad opfyldt}}
  - {{score: 2, label: i lav grad opfyldt}}
  - {{score: 1, label: i meget lav grad opfyldt}}
themes:
  - id: t1
    number: 1
    title: Første tema
    criteria:
      - id: k1
        text: Første kriterium
        indicators:
          - {{id: k1a, text: a}}
          - {{id: k1b, text: b}}
          - {{id: k1c, text: c}}
      - id: k2
        text: Andet kriterium
        indicators:
          - {{id: k2a, text: a}}
  - id: t2
    number: 2
    title: Andet tema
    criteria:
      - id: k3
        text: Tredje kriterium
        indicators:
          - {{id: k3a, text: a}}
"""


def _small(aggregation: str = "criterion_mean_then_theme_mean") -> QualityModel:
    return parse_model(QualityModel, SMALL.format(aggregation=aggregation), source="lille.yaml")


SCORES = {"k1a": 5, "k1b": 4, "k1c": 3, "k2a": 1}


def test_criterion_scores_by_hand() -> None:
    assert criterion_scores(_small(), SCORES) == {"k1": pytest.approx(4.0), "k2": 1.0}


def test_theme_score_criterion_mean_then_theme_mean_by_hand() -> None:
    # k1 = (5 + 4 + 3) / 3 = 4; k2 = 1; theme = (4 + 1) / 2 = 2.5; t2 unscored
    assert theme_scores(_small(), SCORES) == {"t1": pytest.approx(2.5)}


def test_theme_score_indicator_mean_by_hand() -> None:
    # (5 + 4 + 3 + 1) / 4 = 3.25
    model = _small("indicator_mean")
    assert model.aggregation is AggregationMethod.INDICATOR_MEAN
    assert theme_scores(model, SCORES) == {"t1": pytest.approx(3.25)}
    assert theme_scores(_small(), SCORES, AggregationMethod.INDICATOR_MEAN) == {
        "t1": pytest.approx(3.25)
    }


def test_partial_scores_use_what_is_present() -> None:
    scores = {"k1a": 2, "k3a": 5}
    assert criterion_scores(_small(), scores) == {"k1": 2.0, "k3": 5.0}
    assert theme_scores(_small(), scores) == {"t1": 2.0, "t2": 5.0}
    assert theme_scores(_small(), {}) == {}


def test_unknown_indicator_and_out_of_scale_scores_are_refused() -> None:
    with pytest.raises(ValueError, match="ukendt indikator 'k9z'"):
        criterion_scores(_small(), {"k9z": 3})
    with pytest.raises(
        ValueError, match=r"indikator 'k1a' skal have en score fra 1 til 5 \(fik 7\)"
    ):
        theme_scores(_small(), {"k1a": 7})
    with pytest.raises(ValueError, match="fik True"):
        check_scores(_small(), {"k1a": True})
    with pytest.raises(ValueError, match="fik 0"):
        check_scores(_small(), {"k1a": 0})


@pytest.mark.parametrize("kind", list(UnitKind))
def test_packaged_models_have_seven_themes(kind: UnitKind) -> None:
    model = quality_model(kind)
    assert model.kind is kind
    assert [t.number for t in model.themes] == [1, 2, 3, 4, 5, 6, 7]
    assert model.themes[0].title == "Uddannelse og beskæftigelse"
    assert model.themes[6].title == "Fysiske rammer"
    for theme in model.themes:
        assert len(theme.criteria) >= 1
        for criterion in theme.criteria:
            assert 1 <= len(criterion.indicators) <= 3
    assert model.scale_label(5) == "i meget høj grad opfyldt"
    assert model.scale_label(1) == "i meget lav grad opfyldt"
    every_four = dict.fromkeys(model.indicator_ids, 4)
    assert set(theme_scores(model, every_four).values()) == {4.0}


def test_theme_five_differs_between_kinds() -> None:
    assert quality_model(UnitKind.TILBUD).themes[4].title == "Organisation og ledelse"
    assert (
        quality_model(UnitKind.PLEJEFAMILIE).themes[4].title == "Familiestruktur og familiedynamik"
    )


def test_duplicate_indicator_id_names_line_and_field() -> None:
    text = SMALL.format(aggregation="indicator_mean").replace("{id: k3a,", "{id: k1b,")
    with pytest.raises(DataFileError) as info:
        parse_model(QualityModel, text, source="x.yaml")
    line = text.splitlines().index("themes:") + 1
    assert f"linje {line}, «themes»: id findes flere gange: k1b" in str(info.value)


def test_incomplete_scale_and_unknown_aggregation_are_reported() -> None:
    text = SMALL.format(aggregation="median").replace(
        "  - {score: 3, label: i middel grad opfyldt}\n", ""
    )
    with pytest.raises(DataFileError) as info:
        parse_model(QualityModel, text, source="x.yaml")
    message = str(info.value)
    assert "linje 3, «aggregation»: skal være en af:" in message
    assert "linje 4, «scale»: skalaen skal have netop ét trin" in message


ASSESSMENT = """\
unit_id: T-0001
model_version: "2026.1-illustrativ"
assessor: Tilsynsførende A
assessed_at: 2026-02-01T10:00:00+01:00
scores:
  k1a: 4
  k1b: 7
"""


def test_a_score_of_seven_names_line_and_field() -> None:
    with pytest.raises(DataFileError) as info:
        parse_model(QualityAssessment, ASSESSMENT, source="x.yaml")
    assert "linje 7, Scorer, «k1b»: må højst være 5" in str(info.value)


def test_quality_assessment_record() -> None:
    record = parse_model(QualityAssessment, ASSESSMENT.replace("k1b: 7", "k1b: 5"), source="x")
    assert record.scores == {"k1a": 4, "k1b": 5}
    assert record.assessed_at.tzinfo is not None
    with pytest.raises(ValidationError, match="tidszone"):
        QualityAssessment(
            unit_id="T-0001",
            model_version="v",
            scores={},
            assessor="A",
            assessed_at=datetime(2026, 2, 1, 10, 0),
        )
    with pytest.raises(ValidationError, match="skal udfyldes"):
        QualityAssessment(
            unit_id="T-0001",
            model_version="v",
            scores={},
            assessor="  ",
            assessed_at=datetime(2026, 2, 1, 10, 0, tzinfo=UTC),
        )
