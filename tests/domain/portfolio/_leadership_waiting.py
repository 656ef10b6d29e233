"""A small portfolio in memory with information waiting for a decision, for the tests of
the leadership review's «Venter på stillingtagen» (the view, the drill-down, the app and the
exports). Every figure below is worked out by hand in :data:`EXPECTED`.

On 1 November 2026 (alert after 30 days, skærpet tilsyn ending within 30 days):

* T-1 (Syd, Team A): assessed 1 June; a whistleblower report on 2 September (60 days) and a
  complaint on 20 October → waits 60 days, requires a decision.
* T-2 (Syd, Team A): assessed 1 June with suggestion grøn; a complaint on 22 October
  (10 days) and today's suggestion gul → waits 10 days for the moved suggestion only.
* T-3 (Syd, Team B): a whistleblower report on 1 October, decided on 25 October → not
  waiting; a påbud due 1 October not met (31 days over) and one met in time.
* P-1 (Nord, Team P): skærpet tilsyn 1 June – 20 November (19 days left), assessed 15 June;
  illness in the family reported 30 October (2 days).
* P-2 (Nord, Team P): påbud given 1 December 2025, due 1 September and 1 October 2026,
  neither met (61 and 31 days over); assessed 1 January; a municipality's concern on 1 July
  (123 days).
* P-3 (Nord, Team Q): never assessed; a report of violence on 31 October, withdrawn the same
  day → not waiting.
* T-4 (Midt, Team C): nothing.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pandas as pd

from tilsynwidgets.domain.information.as_of import records_frame
from tilsynwidgets.domain.information.kinds import Origin
from tilsynwidgets.domain.information.records import (
    Information,
    InformationRecord,
    InformationValues,
)
from tilsynwidgets.domain.intensity.rulesets import default_ruleset
from tilsynwidgets.domain.portfolio.leadership_view import LeadershipData
from tilsynwidgets.store.frames import history_frame, plan_visits_frame
from tilsynwidgets.store.history import CHECKLIST_CHANGES, PLANS

AS_OF = date(2026, 11, 1)

UNITS = [  # id, name, type, socialtilsyn, team
    ("T-1", "Bostedet Lærkereden", "voksen_doegn", "syd", "Team A"),
    ("T-2", "Opholdsstedet Egely", "boern_doegn", "syd", "Team A"),
    ("T-3", "Botilbuddet Havgården", "voksen_doegn", "syd", "Team B"),
    ("P-1", "Plejefamilien Holm, Aalborg", "plejefamilie_almen", "nord", "Team P"),
    ("P-2", "Plejefamilien Vang, Hjørring", "plejefamilie_forstaerket", "nord", "Team P"),
    ("P-3", "Plejefamilien Kjær, Thisted", "plejefamilie_almen", "nord", "Team Q"),
    ("T-4", "Bofællesskabet Åen", "voksen_doegn", "midt", "Team C"),
]
ASSESSMENTS = [  # unit, day, suggested, chosen
    ("T-1", date(2026, 6, 1), "groen", "groen"),
    ("T-2", date(2026, 6, 1), "groen", "groen"),
    ("T-3", date(2026, 10, 25), "gul", "gul"),
    ("P-1", date(2026, 6, 15), "gul", "roed"),
    ("P-2", date(2026, 1, 1), "gul", "gul"),
    ("T-4", date(2026, 2, 1), "groen", "groen"),
]
SUGGESTED_NOW = {"T-1": "groen", "T-2": "gul", "T-3": "gul", "P-1": "gul", "P-2": "gul"}

EXPECTED = {  # (socialtilsyn, team) → the summary's row (median NaN where nothing waits)
    ("nord", "Team P"): (2, 2, 62.5, 123.0, 1, 2, 1),
    ("syd", "Team A"): (2, 1, 35.0, 60.0, 1, 0, 0),
    ("syd", "Team B"): (0, 0, float("nan"), float("nan"), 0, 1, 0),
}
EXPECTED_TOTAL = (4, 3, 35.0, 123.0, 2, 3, 1)
WAITING_DAYS = {"P-2": 123, "T-1": 60, "T-2": 10, "P-1": 2}  # longest first


def _record(
    number: int,
    unit: str,
    kind: str,
    received: date,
    *,
    concerns: date | None = None,
    replaces: int | None = None,
    withdrawn: bool = False,
    **values: object,
) -> InformationRecord:
    return InformationRecord(
        number,
        Information(
            unit_id=unit,
            kind=kind,
            concerns_on=concerns or received,
            received_on=received,
            origin=Origin.KOMMUNE,
            description="Syntetisk oplysning til en test.",
            values=InformationValues.model_validate(values),
            registered_by="Tilsynsførende A",
            registered_at=datetime(received.year, received.month, received.day, 10, tzinfo=UTC),
            replaces=replaces,
            withdrawn=withdrawn,
        ),
    )


def records() -> list[InformationRecord]:
    return [
        _record(1, "T-1", "whistleblower", date(2026, 9, 2)),
        _record(2, "T-1", "klage", date(2026, 10, 20), antal=1),
        _record(3, "T-2", "klage", date(2026, 10, 22), antal=1),
        _record(4, "T-3", "whistleblower", date(2026, 10, 1)),
        _record(5, "T-3", "paabud", date(2026, 8, 1), frist=date(2026, 10, 1)),
        _record(
            6,
            "T-3",
            "paabud",
            date(2026, 8, 1),
            frist=date(2026, 10, 15),
            efterkommet=date(2026, 10, 10),
        ),
        _record(7, "P-1", "sygdom", date(2026, 10, 30)),
        _record(8, "P-1", "skaerpet_tilsyn", date(2026, 6, 1), slut=date(2026, 11, 20)),
        _record(9, "P-2", "bekymring_kommune", date(2026, 7, 1)),
        _record(10, "P-2", "paabud", date(2025, 12, 1), frist=date(2026, 9, 1)),
        _record(11, "P-2", "paabud", date(2025, 12, 1), frist=date(2026, 10, 1)),
        _record(12, "P-3", "vold_overgreb", date(2026, 10, 31)),
        _record(13, "P-3", "vold_overgreb", date(2026, 10, 31), replaces=12, withdrawn=True),
    ]


def _units() -> pd.DataFrame:
    kinds = {"T": "tilbud", "P": "plejefamilie"}
    return pd.DataFrame(
        {
            "id": pd.Series([u[0] for u in UNITS], dtype="str"),
            "name": pd.Series([u[1] for u in UNITS], dtype="str"),
            "unit_type": pd.Series([u[2] for u in UNITS], dtype="str"),
            "kind": pd.Series([kinds[u[0][0]] for u in UNITS], dtype="str"),
            "socialtilsyn": pd.Series([u[3] for u in UNITS], dtype="str"),
            "team": pd.Series([u[4] for u in UNITS], dtype="str"),
            "capacity": pd.Series([4] * len(UNITS), dtype="int64"),
            "last_announced_visit": pd.Series([pd.Timestamp("2026-03-01")] * len(UNITS)),
            "last_unannounced_visit": pd.Series([pd.NaT] * len(UNITS), dtype="datetime64[ns]"),
        }
    )


def _assessments() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "unit_id": [a[0] for a in ASSESSMENTS],
            "phase": ["post"] * len(ASSESSMENTS),
            "suggested": [a[2] for a in ASSESSMENTS],
            "chosen": [a[3] for a in ASSESSMENTS],
            "assessor": ["Tilsynsførende A"] * len(ASSESSMENTS),
            "assessed_at": pd.to_datetime(
                [datetime(a[1].year, a[1].month, a[1].day, 12, tzinfo=UTC) for a in ASSESSMENTS],
                utc=True,
            ),
            "deviation": [False] * len(ASSESSMENTS),
        }
    )


def waiting_data(*, suggestions: bool = True) -> LeadershipData:
    """The portfolio above; without ``suggestions`` today's suggestions are not given."""
    return LeadershipData(
        units=_units(),
        assessments=_assessments(),
        plans=history_frame([], PLANS.frame),
        plan_visits=plan_visits_frame([]),
        changes=history_frame([], CHECKLIST_CHANGES.frame),
        rules=default_ruleset(),
        as_of=AS_OF,
        information=records_frame(records()),
        suggested_now=pd.Series(SUGGESTED_NOW, dtype=object) if suggestions else None,
    )
