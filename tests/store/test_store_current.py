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
    latest = store.latest_assessments().set_index("unit_id")
    assert latest["suggested"].to_dict() == expected
    for unit_id in expected:
        assert latest.at[unit_id, "assessed_at"] == in_force(store.assessments(unit_id)).assessed_at  # type: ignore[union-attr]


def test_the_latest_assessments_feed_the_queue_as_the_whole_history_does(
    store: Store, build: SimpleNamespace
) -> None:
    from datetime import date

    import pandas as pd

    from tilsynwidgets.domain.information.queue import reconsideration_queue

    store.upsert_units([build.unit("T-001"), build.unit("T-002")])
    for assessment in [
        build.assessment("T-001", minutes=0, suggested="groen", chosen="groen"),
        build.assessment("T-001", minutes=9, suggested="gul", chosen="gul"),
        build.assessment("T-002", minutes=3, suggested="groen", chosen="groen"),
    ]:
        store.append_assessment(assessment)
    from datetime import UTC, datetime

    from tilsynwidgets.domain.information.records import Information

    for unit_id, kind in (("T-001", "klage"), ("T-002", "whistleblower")):
        store.append_information(
            Information(
                unit_id=unit_id,
                kind=kind,
                concerns_on=date(2029, 12, 1),
                received_on=date(2029, 12, 2),
                origin="andet",
                description="Oplysning efter de seneste vurderinger",
                registered_by="tk-test",
                registered_at=datetime(2029, 12, 2, 9, tzinfo=UTC),
            )
        )
    records = store.information_frame()
    now = pd.Series({"T-001": "roed", "T-002": "groen"})
    day = date(2030, 1, 1)
    whole = reconsideration_queue(records, store.assessments_frame(), now, day)
    latest = reconsideration_queue(records, store.latest_assessments(), now, day)
    pd.testing.assert_frame_equal(whole, latest)
    # T-001: a klage needs no decision, but its suggestion moved from the latest's gul;
    # T-002: a whistleblower report needs a decision.
    assert sorted(latest["unit_id"]) == ["T-001", "T-002"]
    assert latest.set_index("unit_id").at["T-001", "suggested_then"] == "gul"
