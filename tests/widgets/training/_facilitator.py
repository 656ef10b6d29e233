"""Helpers for the facilitator app's headless tests: a page of the app on a store, a session
created through it, and an answer given as a participant's page would give it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tilsynwidgets.domain.core.categories import RiskCategory
from tilsynwidgets.domain.training.sessions import Answer
from tilsynwidgets.domain.training.vignettes import vignettes
from tilsynwidgets.store.training import TrainingStore
from tilsynwidgets.widgets.training.facilitator import FacilitatorApp

T0 = datetime(2026, 11, 20, 9, tzinfo=UTC)
IDS = vignettes().ids[:3]
WHY = "Begrundet i sagens oplysninger om ledelse og henvendelser."


def facilitator_page(training: TrainingStore, minutes: int = 0) -> FacilitatorApp:
    """The app as a page opens it, ``minutes`` after T0 (a reload is a new page)."""
    now = T0 + timedelta(minutes=minutes)
    return FacilitatorApp(training, "Facilitator F", clock=lambda: now, n_resamples=200)


def created(training: TrainingStore, ids: tuple[str, ...] = IDS) -> FacilitatorApp:
    """A page on which a session with ``ids`` has just been created."""
    app = facilitator_page(training)
    app.title.value = "Kalibrering"
    app.pick.value = ids
    app.create_button.click()
    assert app.session is not None, app.status.value
    return app


def answered(
    training: TrainingStore,
    code: str,
    name: str,
    vignette_id: str,
    colour: RiskCategory | str,
    justification: str = WHY,
) -> None:
    """``name`` joins (or rejoins) and answers ``vignette_id`` in round 1."""
    who, _ = training.join(code, name, None, T0)
    training.submit(
        Answer(
            session_code=code,
            round_no=1,
            participant_id=who.participant_id,
            vignette_id=vignette_id,
            category=RiskCategory(colour),
            justification=justification,
            submitted_at=T0,
        )
    )
