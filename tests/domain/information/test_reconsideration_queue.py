from __future__ import annotations

from datetime import UTC, date, datetime

import pandas as pd
from tests.domain.information._records import record

from tilsynwidgets.domain.information.as_of import records_frame
from tilsynwidgets.domain.information.queue import (
    QUEUE_COLUMNS,
    SUMMARY_COLUMNS,
    ending_heightened,
    overdue_orders,
    queue_summary,
    reconsideration_queue,
)

TODAY = date(2026, 11, 1)


def _assessments(*rows: tuple[str, datetime, str | None]) -> pd.DataFrame:
    return pd.DataFrame(
        [{"unit_id": u, "assessed_at": at, "suggested": s} for u, at, s in rows],
        columns=["unit_id", "assessed_at", "suggested"],
    )


ASSESSED = datetime(2026, 9, 1, 12, tzinfo=UTC)


def test_information_requiring_a_decision_queues_the_unit_with_its_wait() -> None:
    records = records_frame(
        [
            record(1, "A", "whistleblower", date(2026, 10, 1), date(2026, 10, 2)),
            record(2, "A", "klage", date(2026, 10, 20)),
            record(3, "B", "klage", date(2026, 10, 5)),  # no decision needed, suggestion unmoved
            record(4, "C", "whistleblower", date(2026, 8, 1)),  # before the latest assessment
        ]
    )
    assessments = _assessments(
        ("A", ASSESSED, "groen"), ("B", ASSESSED, "groen"), ("C", ASSESSED, "groen")
    )
    now = pd.Series({"A": "groen", "B": "groen", "C": "groen"})
    queue = reconsideration_queue(records, assessments, now, TODAY)
    assert list(queue.columns) == list(QUEUE_COLUMNS)
    assert list(queue["unit_id"]) == ["A"]
    row = queue.iloc[0]
    assert row["pending"] == 2
    assert row["kinds"] == ("klage", "whistleblower")  # newest first
    assert row["requires_decision"]
    assert row["waiting_since"] == date(2026, 10, 2)
    assert row["days_waiting"] == 30


def test_information_that_moves_the_suggestion_queues_the_unit() -> None:
    records = records_frame([record(1, "B", "klage", date(2026, 10, 5))])
    queue = reconsideration_queue(
        records, _assessments(("B", ASSESSED, "groen")), pd.Series({"B": "gul"}), TODAY
    )
    assert list(queue["unit_id"]) == ["B"]
    assert queue.iloc[0]["moves_suggestion"]
    assert (queue.iloc[0]["suggested_then"], queue.iloc[0]["suggested_now"]) == ("groen", "gul")
    assert not queue.iloc[0]["requires_decision"]


def test_a_decision_after_the_information_takes_the_unit_off_the_queue() -> None:
    records = records_frame([record(1, "A", "whistleblower", date(2026, 10, 1))])
    decided = _assessments(
        ("A", ASSESSED, "groen"), ("A", datetime(2026, 10, 3, 9, tzinfo=UTC), "groen")
    )
    queue = reconsideration_queue(records, decided, pd.Series({"A": "groen"}), TODAY)
    assert queue.empty


def test_carried_values_and_withdrawn_reports_never_queue_a_unit() -> None:
    records = records_frame(
        [
            record(1, "A", "overfoert_signal", date(2026, 10, 1), signal="paabud", vaerdi=1),
            record(2, "B", "whistleblower", date(2026, 10, 1)),
            record(
                3,
                "B",
                "whistleblower",
                date(2026, 10, 1),
                date(2026, 10, 4),
                replaces=2,
                withdrawn=True,
            ),
        ]
    )
    assessments = _assessments(("A", ASSESSED, "groen"), ("B", ASSESSED, "groen"))
    queue = reconsideration_queue(
        records, assessments, pd.Series({"A": "groen", "B": "groen"}), TODAY
    )
    assert queue.empty


def test_information_received_after_today_does_not_count_yet() -> None:
    records = records_frame(
        [record(1, "A", "whistleblower", date(2026, 10, 30), date(2026, 11, 5))]
    )
    queue = reconsideration_queue(
        records, _assessments(("A", ASSESSED, "groen")), pd.Series({"A": "groen"}), TODAY
    )
    assert queue.empty


def test_overdue_orders_and_skaerpet_tilsyn_ending_soon() -> None:
    records = records_frame(
        [
            record(1, "A", "paabud", date(2026, 6, 1), frist=date(2026, 9, 1)),
            record(2, "B", "paabud", date(2026, 6, 1), frist=date(2026, 12, 1)),
            record(
                3,
                "C",
                "paabud",
                date(2026, 6, 1),
                frist=date(2026, 8, 1),
                efterkommet=date(2026, 7, 20),
            ),
            record(4, "D", "skaerpet_tilsyn", date(2026, 6, 1), slut=date(2026, 11, 20)),
            record(5, "E", "skaerpet_tilsyn", date(2026, 10, 1), slut=date(2027, 3, 1)),
        ]
    )
    overdue = overdue_orders(records, TODAY)
    assert list(overdue["unit_id"]) == ["A"]
    assert overdue.iloc[0]["days_overdue"] == 61
    ending = ending_heightened(records, TODAY)
    assert list(ending["unit_id"]) == ["D"]
    assert ending.iloc[0]["days_left"] == 19


def test_the_summary_counts_per_socialtilsyn_and_team() -> None:
    units = pd.DataFrame(
        {
            "id": ["A", "B", "C", "D"],
            "socialtilsyn": ["syd", "syd", "nord", "nord"],
            "team": ["S1", "S1", "N1", "N1"],
        }
    )
    queue = pd.DataFrame(
        {
            "unit_id": ["A", "B", "C"],
            "requires_decision": [True, False, True],
            "days_waiting": [40, 10, 5],
        }
    )
    overdue = pd.DataFrame({"unit_id": ["D"]})
    ending = pd.DataFrame({"unit_id": pd.Series([], dtype=object)})
    summary = queue_summary(queue, units, overdue, ending)
    assert list(summary.columns) == list(SUMMARY_COLUMNS)
    syd = summary.loc[("syd", "S1")]
    assert (
        syd["units"],
        syd["requires_decision"],
        syd["median_days"],
        syd["longest_days"],
        syd["over_alert"],
    ) == (2, 1, 25.0, 40, 1)
    nord = summary.loc[("nord", "N1")]
    assert (nord["units"], nord["overdue_orders"], nord["heightened_ending"]) == (1, 1, 0)


def test_the_portfolio_queue_uses_todays_suggestion_from_the_information() -> None:
    from tilsynwidgets.domain.information.as_of import InformationFrame
    from tilsynwidgets.domain.information.queue import current_suggestions, portfolio_queue
    from tilsynwidgets.domain.risk.criteria import default_catalogue

    visit = [
        record(n, unit, "tilsynsbesoeg", date(2026, 8, 1))
        for n, unit in enumerate(["A", "B"], start=1)
    ]
    figures = [
        record(n, unit, kind, date(2026, 8, 1), **values)
        for n, (unit, kind, values) in enumerate(
            [
                (
                    u,
                    "personaleforhold",
                    {
                        "periode_start": date(2025, 8, 1),
                        "personaleomsaetning_pct": 10.0,
                        "sygefravaer_pct": 4.0,
                    },
                )
                for u in ("A", "B")
            ]
            + [(u, "oekonomi", {"afviger": False}) for u in ("A", "B")]
            + [(u, "kvalitetsvurdering", {"laveste_temascore": 4.0}) for u in ("A", "B")],
            start=3,
        )
    ]
    three = [record(20 + n, "A", "vold_overgreb", date(2026, 10, 1 + n)) for n in range(3)]
    records = records_frame([*visit, *figures, *three])
    frame = InformationFrame(records, pd.Index(["A", "B"]), ["tilbud", "tilbud"])
    catalogue = default_catalogue()
    before = current_suggestions(frame, catalogue, date(2026, 9, 1))
    assert before.to_dict() == {"A": "groen", "B": "groen"}
    today = current_suggestions(frame, catalogue, TODAY)
    assert today.to_dict() == {"A": "roed", "B": "groen"}
    assessments = _assessments(("A", ASSESSED, "groen"), ("B", ASSESSED, "groen"))
    queue = portfolio_queue(frame, records, assessments, catalogue, TODAY)
    assert list(queue["unit_id"]) == ["A"]
    assert (queue.iloc[0]["suggested_then"], queue.iloc[0]["suggested_now"]) == ("groen", "roed")


def test_the_wait_counts_from_the_first_record_that_requires_a_decision() -> None:
    records = records_frame(
        [
            record(1, "A", "klage", date(2026, 9, 10)),
            record(2, "A", "whistleblower", date(2026, 10, 20)),
            record(3, "A", "vold_overgreb", date(2026, 10, 25)),
            record(4, "B", "klage", date(2026, 9, 15)),
            record(5, "B", "tilsynsbesoeg", date(2026, 10, 1)),
        ]
    )
    assessments = _assessments(("A", ASSESSED, "groen"), ("B", ASSESSED, "groen"))
    now = pd.Series({"A": "groen", "B": "gul"})
    queue = reconsideration_queue(records, assessments, now, TODAY).set_index("unit_id")
    assert queue.at["A", "waiting_since"] == date(2026, 10, 20)  # not the klage's 10 Sept
    assert queue.at["A", "days_waiting"] == 12
    assert queue.at["B", "waiting_since"] == date(2026, 9, 15)  # nothing to decide: the first
