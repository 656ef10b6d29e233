"""The sample's quality assessments: one at each quality day of the calendar, scored from the
unit's latent colour, by the unit's inspector, under the model for its kind."""

from __future__ import annotations

from datetime import date
from statistics import fmean

from tilsynwidgets.domain.core.kinds import UnitKind
from tilsynwidgets.domain.core.local_time import in_danish_time
from tilsynwidgets.domain.quality.model import check_assessment, quality_model
from tilsynwidgets.sample.calendar import NO_DAY, day_of, draw_calendar
from tilsynwidgets.sample.profile import sample_profile
from tilsynwidgets.sample.quality import generate_quality
from tilsynwidgets.sample.units import draw_units_frame

AS_OF = date(2026, 11, 1)


def test_one_assessment_per_quality_day_scored_from_the_latent_colour() -> None:
    units = draw_units_frame(17, AS_OF, n_tilbud=120, n_plejefamilier=180)
    calendar = draw_calendar(units, 17, AS_OF, sample_profile())
    quality = generate_quality(units, calendar, 17, sample_profile())
    held = calendar.cycles[calendar.cycles["quality"] != NO_DAY]
    unit_of, day_of_row = calendar.cycles["unit"].to_numpy(), calendar.cycles["quality"].to_numpy()
    assert list(quality.cycle_rows) == list(held.index)
    means: dict[str, list[float]] = {"groen": [], "gul": [], "roed": []}
    for assessment, row in zip(quality.assessments, quality.cycle_rows, strict=True):
        position = int(unit_of[row])
        unit = units.iloc[position]
        kind = UnitKind(unit["kind"])
        check_assessment(quality_model(kind), assessment)
        assert assessment.unit_id == unit["id"]
        assert assessment.assessor == calendar.inspectors[position]
        assert in_danish_time(assessment.assessed_at).date() == day_of(int(day_of_row[row]))
        assert set(assessment.scores) == set(quality_model(kind).indicator_ids)
        means[str(unit["latent"])].append(fmean(assessment.scores.values()))
    found = [fmean(means[c]) for c in ("groen", "gul", "roed")]
    assert found == sorted(found, reverse=True)
    assert found[0] > 4.0  # national theme averages sit at 4 or above (DOMAIN.md)
    again = generate_quality(units, calendar, 17, sample_profile())
    assert again.assessments == quality.assessments
