"""The self-assessment table: the latest level per measure and socialtilsyn, in Danish,
coloured by level, with who and when; text escaped."""

from __future__ import annotations

from datetime import UTC, datetime

from tilsynwidgets.domain.labels import label_of
from tilsynwidgets.domain.support.measures import general_measures
from tilsynwidgets.domain.support.self_assessment import MeasureLevel, SelfAssessment
from tilsynwidgets.presentation.self_assessment import overview_frame, overview_html


def _assessment(socialtilsyn: str, level: MeasureLevel, assessor: str) -> SelfAssessment:
    return SelfAssessment.model_validate(
        {
            "socialtilsyn": socialtilsyn,
            "ratings": [{"measure_id": m.id, "level": level} for m in general_measures()],
            "comment": "",
            "assessor": assessor,
            "assessed_at": datetime(2026, 10, 5, 9, tzinfo=UTC),
            "catalogue_version": SelfAssessment.current_version(),
        }
    )


def test_the_frame_has_a_row_per_measure_and_a_column_per_socialtilsyn() -> None:
    frame = overview_frame([_assessment("nord", MeasureLevel.DELVIST, "Leder N")])
    assert list(frame.index) == [m.title for m in general_measures()]
    assert set(frame["Socialtilsyn Nord"]) == {label_of(MeasureLevel.DELVIST)}
    assert set(frame["Socialtilsyn Midt"]) == {"Ikke vurderet"}


def test_the_table_colours_levels_and_escapes_the_assessor() -> None:
    html = overview_html(
        [
            _assessment("nord", MeasureLevel.ETABLERET, "<b>Leder</b>"),
            _assessment("syd", MeasureLevel.IKKE_ETABLERET, "Leder S"),
        ]
    )
    assert html.count("background:#c8e6c9") == len(general_measures())  # etableret (Nord)
    assert html.count("background:#ffcdd2") == len(general_measures())  # ikke etableret (Syd)
    assert "&lt;b&gt;Leder&lt;/b&gt;" in html
    assert "<b>Leder" not in html
    assert "5. oktober 2026" in html
