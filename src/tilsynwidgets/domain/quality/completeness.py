"""What must be scored before a quality assessment can be saved.

The rule: **at least one theme, and every theme that is begun, scored in full** (every
indicator of each of its criteria).

Why: a theme score is an average over its criteria (and a criterion's over its indicators).
A theme scored in part would show a score resting on some of its criteria only, and the
radar and table would read as if the whole theme had been assessed. Requiring every theme
would stop the common case of a visit that looks closely at some themes and leaves the
others to a later visit; the saved assessment then names the themes it holds, and the
others are shown as not scored. An assessment with no score says nothing and is refused.
(The rule is this tool's judgement of what an inspector expects, not a rule found in the
quality model's text.)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from tilsynwidgets.domain.core.danish_numbers import counted
from tilsynwidgets.domain.quality.model import QualityModel, Theme

__all__ = ["ScoringGap", "scoring_gaps"]

NOTHING_SCORED = "Scor alle indikatorer i mindst ét tema, før vurderingen kan gemmes."


@dataclass(frozen=True, slots=True)
class ScoringGap:
    """Why the scores cannot be saved yet: the theme concerned (None: the whole form) and a
    Danish sentence naming the theme and its criteria that lack scores."""

    theme_id: str | None
    message: str


def _theme_gap(theme: Theme, scores: Mapping[str, int]) -> ScoringGap | None:
    scored = [i for i in theme.indicator_ids if i in scores]
    if not scored or len(scored) == len(theme.indicator_ids):
        return None
    lacking = []
    for criterion in theme.criteria:
        missing = sum(1 for i in criterion.indicators if i.id not in scores)
        if missing:
            of = len(criterion.indicators)
            lacking.append(
                f"«{criterion.text}» mangler {missing} af {counted(of, 'indikator', 'indikatorer')}"
            )
    return ScoringGap(
        theme.id,
        f"Tema {theme.number} ({theme.title}) er kun delvist scoret: kriteriet "
        f"{'; kriteriet '.join(lacking)}. Scor resten af temaet, eller sæt dets indikatorer "
        "tilbage til «Ikke scoret».",
    )


def scoring_gaps(model: QualityModel, scores: Mapping[str, int]) -> list[ScoringGap]:
    """Everything that stops ``scores`` from being saved under ``model`` (empty: it may be)."""
    gaps = [gap for theme in model.themes if (gap := _theme_gap(theme, scores)) is not None]
    if not gaps and not any(i in scores for i in model.indicator_ids):
        gaps.append(ScoringGap(None, NOTHING_SCORED))
    return gaps
