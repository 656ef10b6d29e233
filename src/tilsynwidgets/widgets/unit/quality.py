"""A unit's quality assessments as people read them: the theme scores as the 'spindelvæv'
radar chart and as a table (with the scale's Danish wording), the notes per criterion, and
the earlier assessments (when, by whom, under which version of the quality model)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from tilsynwidgets.domain.core.local_time import format_stamp, in_danish_time
from tilsynwidgets.domain.quality.model import (
    QualityAssessment,
    QualityModel,
    quality_model,
    theme_scores,
)
from tilsynwidgets.presentation.html import escape
from tilsynwidgets.presentation.radar import radar_svg
from tilsynwidgets.presentation.tables import Column, Table, for_people, table_html

__all__ = [
    "EARLIER",
    "NOTES",
    "THEME_SCORES",
    "assessments_html",
    "model_of",
    "notes_html",
    "quality_html",
    "theme_scores_html",
]

THEME_SCORES = Table(
    {"theme": Column("Tema", "text")},
    {"score": Column("Score", "decimal"), "scale": Column("Skala", "text")},
)
NOTES = Table(
    {"criterion": Column("Kriterium", "text")},
    {"theme": Column("Tema", "text"), "note": Column("Note", "text")},
)
EARLIER = Table(
    {},
    {
        "assessed_at": Column("Vurderet", "time"),
        "assessor": Column("Tilsynsførende", "text"),
        "model_version": Column("Kvalitetsmodel", "text"),
        "themes": Column("Scorede temaer", "count"),
    },
)


def model_of(model: QualityModel, assessment: QualityAssessment) -> QualityModel | None:
    """The model ``assessment`` was made under: ``model`` itself, another shipped version of
    the same kind, or ``None`` when this release does not know that version."""
    if assessment.model_version == model.version:
        return model
    try:
        return quality_model(model.kind, assessment.model_version)
    except ValueError:
        return None


def quality_html(
    model: QualityModel,
    assessment: QualityAssessment | None,
    title: str = "Seneste kvalitetsvurdering",
) -> str:
    """An assessment (by default the latest, so titled) under the version it was made with
    (``model`` is the unit kind's model in force, used when the versions agree)."""
    if assessment is None:
        return "<p>Der er ingen kvalitetsvurdering af enheden endnu.</p>"
    when = format_stamp(in_danish_time(assessment.assessed_at).date())
    own = model_of(model, assessment)
    if own is None:
        return (
            f"<p><b>{escape(title)}</b> {when} af {escape(assessment.assessor)} er "
            f"lavet efter kvalitetsmodel {escape(assessment.model_version)}, som denne udgave "
            "ikke kender; dens scorer kan ikke vises.</p>"
        )
    scores = theme_scores_html(
        own,
        theme_scores(own, assessment.scores),
        f"<b>{escape(title)}</b> {when} af {escape(assessment.assessor)}",
    )
    return scores + notes_html(own, assessment.notes)


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


def notes_html(model: QualityModel, notes: Mapping[str, str]) -> str:
    """The notes (criterion id → text) as a table in the model's order; every text escaped."""
    rows = [
        (criterion.text, f"{theme.number}. {theme.title}", notes[criterion.id])
        for theme in model.themes
        for criterion in theme.criteria
        if criterion.id in notes
    ]
    if not rows:
        return ""
    frame = pd.DataFrame(rows, columns=["criterion", "theme", "note"])
    return table_html(for_people(frame, NOTES), "Noter til kriterierne")


def assessments_html(model: QualityModel, assessments: Sequence[QualityAssessment]) -> str:
    """A unit's assessments (in time order): the latest in full, then the earlier ones."""
    if not assessments:
        return quality_html(model, None)
    *earlier, latest = assessments
    html = quality_html(model, latest)
    if not earlier:
        return html
    newest_first = list(reversed(earlier))
    frame = pd.DataFrame(
        {
            "assessed_at": [a.assessed_at for a in newest_first],
            "assessor": [a.assessor for a in newest_first],
            "model_version": [a.model_version for a in newest_first],
            "themes": [_themes_scored(model, a) for a in newest_first],
        }
    )
    return html + table_html(for_people(frame, EARLIER), "Tidligere kvalitetsvurderinger")


def _themes_scored(model: QualityModel, assessment: QualityAssessment) -> int | None:
    own = model_of(model, assessment)
    if own is None:
        return None
    return sum(1 for t in own.themes if any(i in assessment.scores for i in t.indicator_ids))
