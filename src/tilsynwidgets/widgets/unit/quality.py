"""The latest quality assessment beside a post categorisation: theme scores as the
'spindelvæv' radar chart and as a table (with the scale's Danish wording)."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from tilsynwidgets.domain.core.local_time import format_stamp, in_danish_time
from tilsynwidgets.domain.quality.model import QualityAssessment, QualityModel, theme_scores
from tilsynwidgets.presentation.html import escape
from tilsynwidgets.presentation.radar import radar_svg
from tilsynwidgets.presentation.tables import Column, Table, for_people, table_html

__all__ = ["THEME_SCORES", "quality_html", "theme_scores_html"]

THEME_SCORES = Table(
    {"theme": Column("Tema", "text")},
    {"score": Column("Score", "decimal"), "scale": Column("Skala", "text")},
)


def quality_html(model: QualityModel, assessment: QualityAssessment | None) -> str:
    if assessment is None:
        return "<p>Der er ingen kvalitetsvurdering af enheden endnu.</p>"
    when = format_stamp(in_danish_time(assessment.assessed_at).date())
    return theme_scores_html(
        model,
        theme_scores(model, assessment.scores),
        f"<b>Seneste kvalitetsvurdering</b> {when} af {escape(assessment.assessor)}",
    )


def theme_scores_html(model: QualityModel, scores: Mapping[str, float], heading: str) -> str:
    """Theme scores (theme id → score) as the radar chart and a table, under ``heading``.

    ``heading`` is HTML: escape any text it quotes.
    """
    themes = [t for t in model.themes if t.id in scores]
    frame = pd.DataFrame(
        {
            "theme": [f"{t.number}. {t.title}" for t in themes],
            "score": [scores[t.id] for t in themes],
            "scale": [model.scale_label(round(scores[t.id])) for t in themes],
        }
    )
    chart = (
        radar_svg([f"{t.number}. {t.title}" for t in themes], [scores[t.id] for t in themes])
        if len(themes) >= 3
        else ""
    )
    return (
        f"<p>{heading} (kvalitetsmodel {escape(model.version)}). Der er ingen automatik mellem "
        f"scorer og risikokategori.</p><div style='display:flex;flex-wrap:wrap;gap:16px'>"
        f"<div>{chart}</div>{table_html(for_people(frame, THEME_SCORES))}</div>"
    )
