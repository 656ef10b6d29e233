from __future__ import annotations

from tilsynwidgets.domain.core.kinds import UnitKind
from tilsynwidgets.domain.quality.completeness import NOTHING_SCORED, ScoringGap, scoring_gaps
from tilsynwidgets.domain.quality.model import quality_model

MODEL = quality_model(UnitKind.TILBUD)
THEME_3 = MODEL.themes[2]  # Målgrupper, metoder og resultater: k5 (3 indicators), k6 (2)


def test_nothing_scored_is_refused_for_the_whole_form() -> None:
    assert scoring_gaps(MODEL, {}) == [ScoringGap(None, NOTHING_SCORED)]


def test_one_whole_theme_is_enough() -> None:
    assert scoring_gaps(MODEL, dict.fromkeys(THEME_3.indicator_ids, 4)) == []
    assert scoring_gaps(MODEL, dict.fromkeys(MODEL.indicator_ids, 3)) == []


def test_a_theme_begun_must_be_scored_in_full_and_the_message_names_what_is_missing() -> None:
    scores = dict.fromkeys(MODEL.themes[3].indicator_ids, 5)  # theme 4 whole
    scores["k5a"] = 2  # theme 3 begun
    (gap,) = scoring_gaps(MODEL, scores)
    assert gap.theme_id == "t3"
    assert gap.message == (
        "Tema 3 (Målgrupper, metoder og resultater) er kun delvist scoret: kriteriet "
        f"«{THEME_3.criteria[0].text}» mangler 2 af 3 indikatorer; kriteriet "
        f"«{THEME_3.criteria[1].text}» mangler 2 af 2 indikatorer. Scor resten af temaet, "
        "eller sæt dets indikatorer tilbage til «Ikke scoret»."
    )


def test_every_theme_begun_is_named() -> None:
    scores = {"k1a": 3, "k13a": 4}
    assert [gap.theme_id for gap in scoring_gaps(MODEL, scores)] == ["t1", "t7"]
    assert "mangler 1 af 1 indikator." in scoring_gaps(MODEL, {"k1a": 3, "k1b": 3})[0].message
