"""The category in force, stated once: for one unit's list and for the portfolio's frame."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from tilsynwidgets.domain.risk.assessment import RiskAssessment
from tilsynwidgets.domain.risk.current import current_categories, in_force

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def _assessment(unit_id: str, minutes: int, chosen: str) -> RiskAssessment:
    return RiskAssessment.model_validate(
        {
            "unit_id": unit_id,
            "phase": "prae",
            "chosen": chosen,
            "justification": "Begrundet i tilsynets oplysninger om enheden.",
            "based_on": ["risikosignaler"],
            "assessor": "Tilsynsførende A",
            "assessed_at": T0 + timedelta(minutes=minutes),
        }
    )


def _frame(recorded: list[RiskAssessment]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "unit_id": [a.unit_id for a in recorded],
            "phase": [a.phase.value for a in recorded],
            "chosen": [a.chosen.value for a in recorded],
            "assessed_at": pd.to_datetime([a.assessed_at for a in recorded], utc=True),
        }
    )


def test_nothing_is_in_force_without_assessments() -> None:
    assert in_force([]) is None


def test_the_latest_in_time_is_in_force_whatever_the_recorded_order() -> None:
    later, earlier = _assessment("T-1", 10, "roed"), _assessment("T-1", 0, "groen")
    assert in_force([later, earlier]) == later
    assert in_force([earlier, later]) == later


def test_of_two_at_the_same_moment_the_one_recorded_last_is_in_force() -> None:
    first, second = _assessment("T-1", 5, "gul"), _assessment("T-1", 5, "roed")
    assert in_force([first, second]) == second
    assert in_force([second, first]) == first
    assert current_categories(_frame([first, second])).astype(str).to_dict() == {"T-1": "roed"}
    assert current_categories(_frame([second, first])).astype(str).to_dict() == {"T-1": "gul"}


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["T-1", "T-2", "P-1"]),
            st.integers(0, 3),  # few distinct times: many ties
            st.sampled_from(["roed", "gul", "groen"]),
        ),
        min_size=1,
        max_size=25,
    )
)
def test_the_list_rule_and_the_frame_rule_agree(rows: list[tuple[str, int, str]]) -> None:
    recorded = [_assessment(unit, minutes, chosen) for unit, minutes, chosen in rows]
    by_frame = current_categories(_frame(recorded)).astype(str).to_dict()
    by_list = {}
    for unit in {a.unit_id for a in recorded}:
        latest = in_force([a for a in recorded if a.unit_id == unit])
        assert latest is not None
        by_list[unit] = latest.chosen.value
    assert by_frame == by_list
