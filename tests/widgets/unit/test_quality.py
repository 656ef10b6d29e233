from __future__ import annotations

from datetime import UTC, datetime

from tests.presentation._shown import number, table_captioned, tables_in

from tilsynwidgets.domain.core.kinds import UnitKind
from tilsynwidgets.domain.quality.model import (
    QualityAssessment,
    QualityModel,
    quality_model,
    theme_scores,
)
from tilsynwidgets.widgets.unit.quality import assessments_html, model_of, quality_html


def test_theme_scores_as_chart_and_table() -> None:
    model = quality_model(UnitKind.TILBUD)
    scores = dict.fromkeys(model.indicator_ids, 4)
    first_theme = model.themes[0]
    for indicator in first_theme.indicator_ids:
        scores[indicator] = 2
    assessment = QualityAssessment(
        unit_id="T-1",
        model_version=model.version,
        scores=scores,
        assessor="<i>tk</i>",
        assessed_at=datetime(2026, 3, 31, 22, 30, tzinfo=UTC),  # 1 April in Denmark
    )
    html = quality_html(model, assessment)
    assert "<svg" in html
    (table,) = tables_in(html)
    assert table.header == ["Tema", "Score", "Skala"]
    expected = theme_scores(model, scores)
    assert [row[0] for row in table.rows] == [f"{t.number}. {t.title}" for t in model.themes]
    for theme, (_name, score, scale) in zip(model.themes, table.rows, strict=True):
        assert number(score) == round(expected[theme.id], 1)
        assert scale == model.scale_label(round(expected[theme.id]))
    assert table.rows[0][1:] == ["2,0", model.scale_label(2)]
    assert "<i>tk</i>" not in html
    assert "ingen automatik" in html
    assert "<b>Seneste kvalitetsvurdering</b> 1. april 2026 af" in html


def test_no_assessment_yet() -> None:
    model = quality_model(UnitKind.PLEJEFAMILIE)
    assert "ingen kvalitetsvurdering" in quality_html(model, None)


HOSTILE = "<img src=x onerror=alert(1)>"
WHEN = datetime(2026, 3, 31, 22, 30, tzinfo=UTC)


def _assessment(model: QualityModel, **changes: object) -> QualityAssessment:
    fields: dict[str, object] = {
        "unit_id": "T-1",
        "model_version": model.version,
        "scores": dict.fromkeys(model.themes[-1].indicator_ids, 3),
        "assessor": "tk",
        "assessed_at": WHEN,
    }
    return QualityAssessment.model_validate({**fields, **changes})


def test_notes_are_shown_per_criterion_in_the_models_order_and_escaped() -> None:
    model = quality_model(UnitKind.TILBUD)
    last, first = model.themes[-1].criteria[-1], model.themes[0].criteria[0]
    notes = {last.id: HOSTILE, first.id: "Skolegangen følges tæt."}
    html = quality_html(model, _assessment(model, notes=notes))
    assert "<img" not in html
    table = table_captioned(html, "Noter til kriterierne")
    assert table.header == ["Kriterium", "Tema", "Note"]
    assert table.rows == [
        [first.text, "1. Uddannelse og beskæftigelse", "Skolegangen følges tæt."],
        [last.text, "7. Fysiske rammer", HOSTILE],
    ]
    assert "Noter til kriterierne" not in quality_html(model, _assessment(model))


def test_an_assessment_is_shown_under_the_version_it_was_made_with() -> None:
    default = quality_model(UnitKind.PLEJEFAMILIE)
    l200 = quality_model(UnitKind.PLEJEFAMILIE, "2025-l200-illustrativ")
    assert model_of(default, _assessment(l200)) is l200
    html = quality_html(default, _assessment(l200))
    assert "(kvalitetsmodel 2025-l200-illustrativ)" in html
    unknown = _assessment(default, model_version=HOSTILE)
    assert model_of(default, unknown) is None
    html = quality_html(default, unknown)
    assert "som denne udgave ikke kender; dens scorer kan ikke vises" in html
    assert "<img" not in html


def test_the_latest_in_full_and_the_earlier_ones_newest_first() -> None:
    model = quality_model(UnitKind.TILBUD)
    l200 = quality_model(UnitKind.TILBUD, "2025-l200-illustrativ")
    older = _assessment(model, scores=dict.fromkeys(model.indicator_ids, 4), assessor=HOSTILE)
    middle = _assessment(
        l200,
        scores=dict.fromkeys(l200.themes[0].indicator_ids, 2),
        assessed_at=datetime(2026, 6, 1, 8, 0, tzinfo=UTC),
    )
    latest = _assessment(model, assessed_at=datetime(2026, 10, 1, 8, 0, tzinfo=UTC))
    html = assessments_html(model, [older, middle, latest])
    assert "<img" not in html
    assert html.startswith(quality_html(model, latest))
    earlier = table_captioned(html, "Tidligere kvalitetsvurderinger")
    assert earlier.header == ["Vurderet", "Tilsynsførende", "Kvalitetsmodel", "Scorede temaer"]
    assert earlier.rows == [
        ["1. juni 2026 kl. 10.00", "tk", "2025-l200-illustrativ", "1"],
        ["1. april 2026 kl. 00.30", HOSTILE, "2026.1-illustrativ", "7"],
    ]
    assert "Tidligere" not in assessments_html(model, [latest])
    assert "ingen kvalitetsvurdering" in assessments_html(model, [])
