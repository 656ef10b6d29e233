from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from tilsynwidgets.domain.core.datafiles import parse_model, read_packaged_text
from tilsynwidgets.domain.core.errors import DataFileError
from tilsynwidgets.domain.core.kinds import UnitKind
from tilsynwidgets.domain.core.messages import validation_messages
from tilsynwidgets.domain.quality.model import (
    NOTE_LENGTH,
    AggregationMethod,
    QualityAssessment,
    QualityModel,
    QualityModelVariant,
    check_assessment,
    check_scores,
    criterion_scores,
    model_variant,
    note_problem,
    quality_model,
    quality_model_versions,
    theme_scores,
)
from tilsynwidgets.store.shapes import read_model

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


# --- versions ------------------------------------------------------------------------------

L200 = "2025-l200-illustrativ"


@pytest.mark.parametrize("kind", list(UnitKind))
def test_each_kind_ships_the_default_and_the_2025_version(kind: UnitKind) -> None:
    assert quality_model_versions(kind) == ("2026.1-illustrativ", L200)
    assert quality_model(kind).version == "2026.1-illustrativ"
    assert quality_model(kind, None) is quality_model(kind, "2026.1-illustrativ")


@pytest.mark.parametrize("kind", list(UnitKind))
def test_the_2025_version_lacks_themes_one_and_two_and_keeps_the_rest(kind: UnitKind) -> None:
    base = quality_model(kind, "2026.1-illustrativ")
    after = quality_model(kind, L200)
    assert after.version == L200
    assert after.kind is kind
    assert [t.title for t in base.themes[:2]] == [
        "Uddannelse og beskæftigelse",
        "Selvstændighed og relationer",
    ]
    assert after.themes == base.themes[2:]
    assert [t.number for t in after.themes] == [3, 4, 5, 6, 7]
    assert (after.scale, after.aggregation) == (base.scale, base.aggregation)
    assert not set(after.indicator_ids) & set(base.themes[0].indicator_ids)


def test_the_2025_files_say_where_they_come_from_and_what_is_unverified() -> None:
    for name in ("quality_tilbud_2025_l200.yaml", "quality_plejefamilier_2025_l200.yaml"):
        header = read_packaged_text(name).split("\nversion:")[0]
        assert "Kilde:" in header
        assert "L 200" in header
        assert "UVERIFICERET" in header


def test_an_unknown_version_is_refused_in_danish() -> None:
    with pytest.raises(ValueError, match=r"findes ikke i version '1999\.1'") as info:
        quality_model(UnitKind.TILBUD, "1999.1")
    assert "'2026.1-illustrativ', '2025-l200-illustrativ'" in str(info.value)


def _variant_data(based_on: str, without: str) -> dict[str, object]:
    return {
        "version": "v2",
        "kind": "tilbud",
        "based_on": based_on,
        "without_themes": [without],
    }


def test_a_version_built_on_an_unknown_version_or_theme_names_the_field() -> None:
    known = {"test": _small()}
    with pytest.raises(
        DataFileError, match="«based_on»: versionen 'nej' af modellen for tilbud står ikke før"
    ):
        model_variant(
            QualityModelVariant.model_validate(_variant_data("nej", "t1")), known, "v2.yaml"
        )
    with pytest.raises(DataFileError, match="«without_themes»: version 'test' har ikke temaet t9"):
        model_variant(
            QualityModelVariant.model_validate(_variant_data("test", "t9")), known, "v2.yaml"
        )
    other_kind = QualityModelVariant.model_validate(
        {**_variant_data("test", "t1"), "kind": "plejefamilie"}
    )
    with pytest.raises(DataFileError, match="versionen 'test' af modellen for plejefamilie"):
        model_variant(other_kind, known, "v2.yaml")
    built = model_variant(
        QualityModelVariant.model_validate(_variant_data("test", "t1")), known, "v2.yaml"
    )
    assert [t.id for t in built.themes] == ["t2"]
    every = QualityModelVariant.model_validate(
        {**_variant_data("test", "t1"), "without_themes": ["t1", "t2"]}
    )
    with pytest.raises(DataFileError, match="mindst ét tema skal blive tilbage"):
        model_variant(every, known, "v2.yaml")


# --- notes and checks against the model ----------------------------------------------------


def _assessment(**changes: object) -> QualityAssessment:
    fields: dict[str, object] = {
        "unit_id": "T-0001",
        "model_version": "test",
        "scores": {"k1a": 4},
        "assessor": "A",
        "assessed_at": datetime(2026, 2, 1, 10, 0, tzinfo=UTC),
    }
    return QualityAssessment.model_validate({**fields, **changes})


def test_notes_are_cleaned_blank_ones_dropped_and_length_limited() -> None:
    record = _assessment(notes={"k1": "  Første\x0blinje\x00  ", "k2": "   "})
    assert record.notes == {"k1": "Første\nlinje"}
    assert _assessment(notes={"k1": "x" * NOTE_LENGTH}).notes["k1"] == "x" * NOTE_LENGTH
    with pytest.raises(ValidationError) as info:
        _assessment(notes={"k1": "x" * (NOTE_LENGTH + 1)})
    assert validation_messages(info.value, QualityAssessment) == (
        "Noter, «k1»: må højst have 2.000 tegn",
    )
    assert note_problem("x" * (NOTE_LENGTH + 1)) == "Noten må højst have 2.000 tegn"
    assert note_problem("x" * NOTE_LENGTH + "\x00") is None  # counts what is seen


def test_rows_stored_before_notes_read_without_notes() -> None:
    stored = _assessment().model_dump(mode="json")
    del stored["notes"]
    found = read_model(QualityAssessment, "quality_assessments", 7, 1, stored)
    assert isinstance(found, QualityAssessment)
    assert found.notes == {}
    assert found.scores == {"k1a": 4}


def test_check_assessment_holds_scores_and_notes_to_the_named_version() -> None:
    model = _small()
    check_assessment(model, _assessment(notes={"k2": "ok"}))
    with pytest.raises(ValueError, match="lavet efter kvalitetsmodel 'andet', ikke 'test'"):
        check_assessment(model, _assessment(model_version="andet"))
    with pytest.raises(ValueError, match="ukendt indikator 'k9a'"):
        check_assessment(model, _assessment(scores={"k9a": 3}))
    with pytest.raises(ValueError, match="har ikke kriteriet 'k9', så der kan ikke skrives"):
        check_assessment(model, _assessment(notes={"k9": "?"}))
    l200 = quality_model(UnitKind.TILBUD, L200)
    with pytest.raises(ValueError, match="ukendt indikator 'k1a'"):  # theme 1 is gone
        check_assessment(l200, _assessment(model_version=L200))
