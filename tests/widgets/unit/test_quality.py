from __future__ import annotations

from datetime import UTC, datetime

from tests.presentation._shown import number, tables_in

from tilsynwidgets.domain.core.kinds import UnitKind
from tilsynwidgets.domain.quality.model import QualityAssessment, quality_model, theme_scores
from tilsynwidgets.widgets.unit.quality import quality_html


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
