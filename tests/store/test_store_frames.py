"""Frames for vectorised work: the units frame and the history frames, on both engines."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from tilsynwidgets.domain.core.signals import signal_catalogue
from tilsynwidgets.sample.load import load_sample
from tilsynwidgets.store import Store
from tilsynwidgets.store.frames import history_frame, units_frame

FIXED = [
    "id",
    "name",
    "unit_type",
    "kind",
    "socialtilsyn",
    "team",
    "capacity",
    "last_announced_visit",
    "last_unannounced_visit",
]


def check_units_frame_shape(frame: pd.DataFrame) -> None:
    keys = list(signal_catalogue().keys)
    assert list(frame.columns) == FIXED + keys
    for key in keys:
        assert frame[key].dtype == np.float64, key
    assert frame["capacity"].dtype == np.int64
    for column in ("last_announced_visit", "last_unannounced_visit"):
        assert pd.api.types.is_datetime64_dtype(frame[column].dtype), column
    for column in ("id", "name", "unit_type", "kind", "socialtilsyn", "team"):
        assert pd.api.types.is_string_dtype(frame[column].dtype), column


def test_units_frame_has_one_float_column_per_signal(store: Store, build: SimpleNamespace) -> None:
    store.upsert_units(
        [
            build.unit("T-002", signals={"leader_changed": False, "force_uses": 0}),
            build.unit("T-001"),  # complaints 2, leader_changed True, staff_turnover 31.5
            build.foster_family("P-001"),  # skaerpet_tilsyn False
        ]
    )
    frame = store.units_frame()
    check_units_frame_shape(frame)
    assert list(frame["id"]) == ["P-001", "T-001", "T-002"]
    rows = frame.set_index("id")
    assert rows.loc["T-001", "leader_changed"] == 1.0
    assert rows.loc["T-002", "leader_changed"] == 0.0
    assert rows.loc["T-001", "complaints"] == 2.0
    assert rows.loc["T-001", "staff_turnover_pct"] == 31.5
    assert rows.loc["T-002", "force_uses"] == 0.0
    assert rows["complaints"].isna().to_dict() == {"P-001": True, "T-001": False, "T-002": True}
    assert rows["force_uses"].isna().to_dict() == {"P-001": True, "T-001": True, "T-002": False}
    assert rows.loc["P-001", "skaerpet_tilsyn"] == 0.0
    assert rows.loc["P-001", "kind"] == "plejefamilie"
    assert rows.loc["T-001", "kind"] == "tilbud"
    assert rows.loc["T-001", "unit_type"] == "voksne_botilbud"
    assert rows.loc["T-001", "last_announced_visit"] == pd.Timestamp("2024-10-03")
    assert rows["last_unannounced_visit"].isna().all()
    assert rows["last_announced_visit"].isna().to_dict() == {
        "P-001": True,
        "T-001": False,
        "T-002": False,
    }


def test_units_frame_of_an_empty_store_keeps_columns_and_dtypes(store: Store) -> None:
    frame = store.units_frame()
    assert len(frame) == 0
    check_units_frame_shape(frame)


def test_units_frame_accepts_decoded_values_too() -> None:
    """Rows may carry dates instead of text (whatever a driver returns); the signals are
    the columns given, in the rows' order."""
    row = ("T-1", "N", "voksne_botilbud", "syd", "T", 3, pd.Timestamp("2025-01-02").date(), None)
    signals = pd.DataFrame({"paabud": [1.0], "complaints": [np.nan]})
    frame = units_frame([row], signals)
    assert frame.loc[0, "paabud"] == 1.0
    assert frame["complaints"].isna().all()
    assert list(frame.columns)[-2:] == ["paabud", "complaints"]
    assert frame.loc[0, "last_announced_visit"] == pd.Timestamp("2025-01-02")


def test_units_frame_is_as_of_a_day(store: Store, build: SimpleNamespace) -> None:
    """The signals are those of the information as of the day asked for: before a unit's
    snapshot was stored nothing is known, and a later snapshot replaces it from its day."""
    store.import_units([build.unit("T-001")], "a.csv", date(2026, 11, 1))
    later = build.unit("T-001", signals={"complaints": 5, "leader_changed": False})
    store.import_units([later], "b.csv", date(2026, 11, 10))
    rows = {
        day: store.units_frame(as_of=date(2026, 11, day)).set_index("id").loc["T-001"]
        for day in (1, 9, 10)
    }
    assert rows[1]["complaints"] == rows[9]["complaints"] == 2.0
    assert rows[1]["staff_turnover_pct"] == 31.5
    assert rows[10]["complaints"] == 5.0  # replaced: the two counts are not added
    assert rows[10]["leader_changed"] == 0.0
    assert np.isnan(rows[10]["staff_turnover_pct"])  # not in the later snapshot: unknown
    before = store.units_frame(as_of=date(2026, 10, 31)).set_index("id").loc["T-001"]
    assert before[list(signal_catalogue().keys)].isna().all()


def test_assessments_frame_flags_deviations_in_time_order(
    store: Store, build: SimpleNamespace
) -> None:
    store.upsert_units([build.unit("T-001"), build.unit("T-002")])
    store.append_assessments(
        [
            build.deviating_assessment("T-002", 60),
            build.assessment("T-001", 0, suggested=None, reasons=[], catalogue_version=None),
            build.assessment("T-001", 30, phase="post"),
        ]
    )
    frame = store.assessments_frame()
    assert list(frame.columns) == [
        "unit_id",
        "phase",
        "suggested",
        "chosen",
        "assessor",
        "assessed_at",
        "deviation",
    ]
    assert list(frame["unit_id"]) == ["T-001", "T-001", "T-002"]
    assert list(frame["phase"]) == ["prae", "post", "prae"]
    assert list(frame["deviation"]) == [False, False, True]
    assert frame["deviation"].dtype == np.bool_
    assert frame["suggested"].isna().tolist() == [True, False, False]
    assert list(frame["chosen"]) == ["gul", "gul", "roed"]
    assert str(frame["assessed_at"].dtype) == "datetime64[ns, UTC]"
    assert frame.loc[0, "assessed_at"] == pd.Timestamp(build.at(0))


@pytest.mark.parametrize(
    ("noun", "columns"),
    [
        (
            "plan",
            [
                "unit_id",
                "category",
                "estimated_hours",
                "template_unchanged",
                "ruleset_id",
                "author",
                "decided_at",
            ],
        ),
        ("checklist_change", ["unit_id", "measure_id", "in_place", "author", "changed_at"]),
        ("quality_assessment", ["unit_id", "model_version", "assessor", "assessed_at"]),
    ],
)
def test_history_frames_hold_the_query_columns(
    store: Store, build: SimpleNamespace, noun: str, columns: list[str]
) -> None:
    frame_of = getattr(store, f"{noun}s_frame")
    empty = frame_of()
    assert list(empty.columns) == columns
    assert len(empty) == 0
    store.upsert_units([build.unit()])
    make = getattr(build, noun)
    getattr(store, f"append_{noun}s")([make(minutes=10), make(minutes=0)])
    frame = frame_of()
    assert list(frame.columns) == columns
    assert list(frame[columns[-1]]) == [pd.Timestamp(build.at(0)), pd.Timestamp(build.at(10))]
    assert str(frame[columns[-1]].dtype) == "datetime64[ns, UTC]"
    assert list(frame.dtypes) == list(empty.dtypes)


def test_plan_and_checklist_frames_have_numeric_and_boolean_columns(
    store: Store, build: SimpleNamespace
) -> None:
    store.upsert_units([build.unit()])
    store.append_plan(build.plan(estimated_hours=42.5))
    store.append_checklist_change(build.checklist_change(in_place=False))
    plans = store.plans_frame()
    assert plans["estimated_hours"].dtype == np.float64
    assert plans.loc[0, "estimated_hours"] == 42.5
    assert plans["template_unchanged"].dtype == np.bool_
    changes = store.checklist_changes_frame()
    assert changes["in_place"].dtype == np.bool_
    assert not changes.loc[0, "in_place"]


def test_history_frame_builds_from_plain_rows() -> None:
    frame = history_frame([("T-1", 1.5)], {"unit_id": "str", "hours": "float64"})
    assert frame.loc[0, "hours"] == 1.5
    assert frame["hours"].dtype == np.float64


def test_plan_visits_frame_matches_the_stored_plans(store: Store) -> None:
    load_sample(store, date(2026, 11, 1), n_tilbud=6, n_plejefamilier=6)
    visits = store.plan_visits_frame()
    plans = store.plans()
    assert list(visits.columns) == [
        "unit_id",
        "decided_at",
        "announced_per_year",
        "unannounced_per_year",
    ]
    assert len(visits) == len(plans)
    expected = sorted(
        (p.unit_id, p.plan.visits.announced_per_year, p.plan.visits.unannounced_per_year)
        for p in plans
    )
    got = sorted(
        zip(
            visits["unit_id"],
            visits["announced_per_year"],
            visits["unannounced_per_year"],
            strict=True,
        )
    )
    assert got == expected
    assert str(visits["decided_at"].dtype) == "datetime64[ns, UTC]"
