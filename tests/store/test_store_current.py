"""The store's SQL shortcut for the category in force agrees with the domain's rule, on
both engines, also when two assessments of a unit carry the same time."""

from __future__ import annotations

from types import SimpleNamespace

from tilsynwidgets.domain.risk.current import current_categories, in_force
from tilsynwidgets.store.store import Store


def test_sql_frame_and_list_agree_on_the_category_in_force(
    store: Store, build: SimpleNamespace
) -> None:
    store.upsert_units([build.unit("T-001"), build.unit("T-002"), build.unit("T-003")])
    recorded = [
        build.assessment("T-001", minutes=5, suggested="gul", chosen="gul"),
        build.assessment(
            "T-001", minutes=5, suggested="roed", chosen="roed"
        ),  # same moment, recorded later
        build.assessment("T-002", minutes=9, suggested="roed", chosen="roed"),
        build.assessment(
            "T-002", minutes=1, suggested="groen", chosen="groen"
        ),  # recorded later, but earlier
        build.assessment("T-003", minutes=0, suggested="groen", chosen="groen"),
    ]
    for assessment in recorded:
        store.append_assessment(assessment)
    expected = {"T-001": "roed", "T-002": "roed", "T-003": "groen"}
    assert store.current_choices().to_dict() == expected
    assert current_categories(store.assessments_frame()).astype(str).to_dict() == expected
    for unit_id, chosen in expected.items():
        latest = in_force(store.assessments(unit_id))
        assert latest is not None
        assert latest.chosen.value == chosen
