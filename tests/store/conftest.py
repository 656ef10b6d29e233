"""Builders of valid, synthetic domain records for the store tests, as the ``build`` fixture.

The tests run with ``--import-mode=importlib``, where a helper module cannot be imported
by name; a fixture handing out the builders works in every import mode.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tilsynwidgets.domain.core.categories import RiskCategory
from tilsynwidgets.domain.core.units import Unit
from tilsynwidgets.domain.information.records import Information
from tilsynwidgets.domain.intensity.plans import PlanDecision, estimate_hours, template_for
from tilsynwidgets.domain.quality.model import QualityAssessment
from tilsynwidgets.domain.risk.assessment import RiskAssessment
from tilsynwidgets.domain.support.measures import ChecklistChange, general_measures
from tilsynwidgets.domain.support.self_assessment import MeasureLevel, SelfAssessment

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
T0 = datetime(2025, 3, 1, 9, 30, 15, 123456, tzinfo=COPENHAGEN)
JUSTIFICATION = "Flere bekymrende henvendelser og et nyligt lederskifte."


def at(minutes: int) -> datetime:
    """``minutes`` after :data:`T0` (Copenhagen time)."""
    return T0 + timedelta(minutes=minutes)


def make_unit(unit_id: str = "T-001", **changes: Any) -> Unit:
    fields: dict[str, Any] = {
        "id": unit_id,
        "name": f"Testtilbud {unit_id}",
        "unit_type": "voksne_botilbud",
        "socialtilsyn": "midt",
        "team": "Team 1",
        "capacity": 12,
        "last_announced_visit": date(2024, 10, 3),
        "last_unannounced_visit": None,
        "signals": {"complaints": 2, "leader_changed": True, "staff_turnover_pct": 31.5},
    }
    fields.update(changes)
    return Unit.model_validate(fields)


def make_foster_family(unit_id: str = "P-001", **changes: Any) -> Unit:
    fields: dict[str, Any] = {
        "unit_type": "plejefamilie_forstaerket",
        "name": f"Plejefamilie {unit_id}",
        "capacity": 2,
        "last_announced_visit": None,
        "signals": {"skaerpet_tilsyn": False},
    }
    fields.update(changes)
    return make_unit(unit_id, **fields)


def make_assessment(unit_id: str = "T-001", minutes: int = 0, **changes: Any) -> RiskAssessment:
    fields: dict[str, Any] = {
        "unit_id": unit_id,
        "phase": "prae",
        "suggested": "gul",
        "reasons": [
            {
                "criterion_id": "lederskifte",
                "points_to": "gul",
                "explanation": "Tilbuddet har skiftet leder.",
                "observed": True,
            },
            {
                "criterion_id": "klager",
                "points_to": "gul",
                "explanation": "Klager over tilbuddet.",
                "observed": 2.0,
            },
        ],
        "catalogue_version": "2026.1",
        "chosen": "gul",
        "justification": JUSTIFICATION,
        "based_on": ["risikosignaler", "tilsynsbesoeg"],
        "assessor": "Tilsynsførende A",
        "assessed_at": at(minutes),
    }
    fields.update(changes)
    return RiskAssessment.model_validate(fields)


def make_deviating_assessment(unit_id: str = "T-001", minutes: int = 0) -> RiskAssessment:
    return make_assessment(
        unit_id,
        minutes,
        chosen="roed",
        deviation_justification="Oplysninger fra kommunen vejer tungere end forslaget.",
    )


def make_plan(unit_id: str = "T-001", minutes: int = 0, **changes: Any) -> PlanDecision:
    plan = template_for(RiskCategory.GUL)
    fields: dict[str, Any] = {
        "unit_id": unit_id,
        "category": "gul",
        "plan": plan,
        "estimated_hours": estimate_hours(plan) + 0.1,
        "template_unchanged": True,
        "reason": "Skabelonen dækker de konkrete forhold i tilbuddet.",
        "author": "Tilsynsførende B",
        "decided_at": at(minutes),
        "ruleset_id": "socialtilsyn-7-4",
    }
    fields.update(changes)
    return PlanDecision.model_validate(fields)


def make_checklist_change(
    unit_id: str = "T-001", minutes: int = 0, **changes: Any
) -> ChecklistChange:
    fields: dict[str, Any] = {
        "unit_id": unit_id,
        "measure_id": "juridisk_oekonomisk_bistand",
        "in_place": True,
        "note": "Aftale med jurist på plads.",
        "author": "Leder C",
        "changed_at": at(minutes),
    }
    fields.update(changes)
    return ChecklistChange.model_validate(fields)


def make_quality_assessment(
    unit_id: str = "T-001", minutes: int = 0, **changes: Any
) -> QualityAssessment:
    fields: dict[str, Any] = {
        "unit_id": unit_id,
        "model_version": "tilbud-2024",
        "scores": {"1.1.a": 4, "1.1.b": 5, "4.2.a": 2},
        "assessor": "Tilsynsførende D",
        "assessed_at": at(minutes),
    }
    fields.update(changes)
    return QualityAssessment.model_validate(fields)


def make_information(
    unit_id: str = "T-001", kind: str = "whistleblower", minutes: int = 0, **changes: Any
) -> Information:
    """A piece of information about a unit, received the day before :data:`T0`."""
    fields: dict[str, Any] = {
        "unit_id": unit_id,
        "kind": kind,
        "concerns_on": date(2025, 2, 27),
        "received_on": date(2025, 2, 28),
        "origin": "anonym",
        "description": "Henvendelse om manglende opsyn om natten.",
        "registered_by": "Tilsynsførende E",
        "registered_at": at(minutes),
    }
    fields.update(changes)
    return Information.model_validate(fields)


def make_self_assessment(
    socialtilsyn: str = "midt", minutes: int = 0, **changes: Any
) -> SelfAssessment:
    levels = list(MeasureLevel)
    fields: dict[str, Any] = {
        "socialtilsyn": socialtilsyn,
        "ratings": [
            {"measure_id": m.id, "level": levels[i % 3], "note": f"Bemærkning {i}"}
            for i, m in enumerate(general_measures())
        ],
        "comment": "Drøftet på ledermøde.",
        "assessor": "Leder E",
        "assessed_at": at(minutes),
        "catalogue_version": SelfAssessment.current_version(),
    }
    fields.update(changes)
    return SelfAssessment.model_validate(fields)


def open_session(
    store: Any, code: str, vignette_count: int = 1, participant: str = "Deltager"
) -> str:
    """A training session with its first round open and one participant; their id."""
    from tilsynwidgets.domain.training.sessions import EventKind, SessionEvent, TrainingSession
    from tilsynwidgets.domain.training.vignettes import vignettes
    from tilsynwidgets.store.training import TrainingStore

    training = TrainingStore(store)
    ids = vignettes().ids[:vignette_count]
    common = {"by": "Underviser", "at": T0}
    training.create_session(
        TrainingSession(
            code=code,
            title="Kursus",
            vignette_ids=ids,
            vignette_version=vignettes().version,
            created_by=common["by"],
            created_at=T0,
        )
    )
    training.record_event(
        SessionEvent(
            session_code=code, kind=EventKind.ROUND_OPENED, round_no=1, vignette_ids=ids, **common
        )
    )
    person, _ = training.join(code, participant, None, T0)
    return person.participant_id


@pytest.fixture
def build() -> SimpleNamespace:
    """The builders: ``build.unit()``, ``build.assessment(minutes=5)``, …"""
    return SimpleNamespace(
        at=at,
        unit=make_unit,
        foster_family=make_foster_family,
        assessment=make_assessment,
        deviating_assessment=make_deviating_assessment,
        plan=make_plan,
        checklist_change=make_checklist_change,
        quality_assessment=make_quality_assessment,
        information=make_information,
        self_assessment=make_self_assessment,
        open_session=open_session,
    )
