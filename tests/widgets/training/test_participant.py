"""The participant's app, headless: join, wait, answer, reload and find the answers, a
closed round locks, a revealed round shows the reference."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from tests._training import CODE, T0, sqlite_with_session

from tilsynwidgets.domain.core.drafts import DraftKey
from tilsynwidgets.domain.training.sessions import EventKind, SessionEvent
from tilsynwidgets.domain.training.vignettes import vignettes
from tilsynwidgets.store.training import TrainingStore
from tilsynwidgets.widgets.training.participant import ParticipantApp

IDS = vignettes().ids[:3]
WHY = "Ny leder, flere henvendelser fra kommunen og høj personaleomsætning."


@pytest.fixture
def training(tmp_path: Path) -> Iterator[TrainingStore]:
    with sqlite_with_session(tmp_path, IDS, "Kalibrering <b>efterår</b>") as found:
        yield found


def _event(training: TrainingStore, kind: EventKind, ids: tuple[str, ...] = ()) -> None:
    training.record_event(
        SessionEvent(session_code=CODE, kind=kind, round_no=1, vignette_ids=ids, by="F", at=T0)
    )


def _joined(training: TrainingStore, name: str = "Anna B") -> ParticipantApp:
    app = ParticipantApp(training, clock=lambda: T0)
    app.code.value, app.name.value, app.socialtilsyn.value = "k7m2qx", name, "syd"
    app.join_button.click()
    return app


def test_a_wrong_code_or_missing_name_is_a_danish_error(training: TrainingStore) -> None:
    app = ParticipantApp(training)
    app.code.value, app.name.value = "AAAAAA", "Anna"
    app.join_button.click()
    assert "intet forløb med koden AAAAAA" in app.status.value
    app.code.value, app.name.value = CODE, "  "
    app.join_button.click()
    assert "Skriv dit navn" in app.status.value
    assert app.me is None


def test_a_name_too_long_is_refused_in_danish_naming_the_field(training: TrainingStore) -> None:
    app = ParticipantApp(training)
    app.code.value, app.name.value = CODE, "Anna " + "B" * 60
    app.join_button.click()
    assert "Du er ikke med endnu. Navn: må højst have 60 tegn." in app.status.value
    for technical in ("validation", "should", "display_name", "string_too_long", "http"):
        assert technical not in app.status.value
    assert app.me is None
    assert app.join_box.layout.display != "none"


def test_joining_waits_for_a_round_and_the_tick_shows_it(training: TrainingStore) -> None:
    app = _joined(training)
    assert app.me is not None
    assert "&lt;b&gt;efterår&lt;/b&gt;" in app.heading.value
    assert "Venter på, at facilitator åbner" in app.rounds.children[0].value
    _event(training, EventKind.ROUND_OPENED, IDS[:2])
    app.poll.value += 1  # the browser's timer ticks
    assert set(app.forms) == set(IDS[:2])
    assert all(not form.locked for form in app.forms.values())


def test_an_answer_is_saved_and_found_again_after_a_reload(training: TrainingStore) -> None:
    _event(training, EventKind.ROUND_OPENED, IDS[:2])
    app = _joined(training)
    form = app.forms[IDS[0]]
    form.submit_button.click()  # nothing chosen yet
    assert form.status.kind == "error"
    assert training.answers(CODE) == []
    form.form.control("category").value = "roed"
    form.form.control("justification").value = WHY
    form.submit_button.click()
    assert form.status.kind == "success", form.status.value
    assert "Gemt kl." in form.status.value
    (saved,) = training.answers(CODE)
    assert (saved.vignette_id, saved.category.value, saved.justification) == (IDS[0], "roed", WHY)
    again = _joined(training, "  anna b ")
    assert "Velkommen tilbage" in again.status.value
    restored = again.forms[IDS[0]]
    assert restored.category is not None
    assert restored.category.value == "roed"
    assert restored.form.control("justification").value == WHY
    assert again.forms[IDS[1]].category is None


def test_a_closed_round_locks_and_a_revealed_one_shows_the_reference(
    training: TrainingStore,
) -> None:
    _event(training, EventKind.ROUND_OPENED, IDS[:1])
    app = _joined(training)
    _event(training, EventKind.ROUND_CLOSED)
    form = app.forms[IDS[0]]
    form.form.control("category").value = "gul"
    form.form.control("justification").value = WHY
    form.submit_button.click()  # the page has not noticed the close yet
    assert form.status.kind == "error"
    assert "ikke åben" in form.status.value
    assert training.answers(CODE) == []
    assert app.forms[IDS[0]].locked
    assert not app.cards[IDS[0]].revealed
    assert app.comparisons[IDS[0]].value == ""  # the reference is not in the browser yet
    _event(training, EventKind.REVEALED)
    app.refresh_button.click()
    shown = app.comparisons[IDS[0]].value
    assert "Referencesvar" in shown
    assert "Du svarede ikke på vignetten." in shown


def test_an_unsubmitted_answer_survives_a_reload_as_a_draft(training: TrainingStore) -> None:
    _event(training, EventKind.ROUND_OPENED, IDS[:1])
    app = _joined(training)
    form = app.forms[IDS[0]]
    form.form.control("category").value = "gul"
    form.form.control("justification").value = "Halvt skrevet begrundelse"
    assert training.answers(CODE) == []  # typed, not submitted
    again = _joined(training)
    restored = again.forms[IDS[0]]
    assert restored.category is not None
    assert restored.category.value == "gul"
    assert restored.form.control("justification").value == "Halvt skrevet begrundelse"
    assert "kladden er hentet frem" in restored.status.value
    restored.form.control("justification").value = WHY
    restored.submit_button.click()
    assert restored.status.kind == "success", restored.status.value
    assert again.me is not None
    key = DraftKey.training_answer(again.me.participant_id, CODE, IDS[0])
    assert training.store.load_draft(key) is None


def test_an_unsubmitted_plan_survives_a_reload_too(training: TrainingStore) -> None:
    _event(training, EventKind.ROUND_OPENED, IDS[:1])
    app = _joined(training)
    form = app.forms[IDS[0]]
    form.form.control("category").value = "roed"
    form.plan_toggle.value = True
    visits = form.plan_form.control("visits.unannounced_per_year")
    visits.value = visits.value + 2
    wanted = visits.value
    again = _joined(training)
    restored = again.forms[IDS[0]]
    assert restored.plans
    assert restored.plan_form.control("visits.unannounced_per_year").value == wanted
    restored.form.control("justification").value = WHY
    restored.submit_button.click()
    (saved,) = training.answers(CODE)
    assert saved.plan is not None
    assert saved.plan.visits.unannounced_per_year == wanted


def test_a_draft_that_cannot_be_kept_is_said_on_the_status_line(training: TrainingStore) -> None:
    _event(training, EventKind.ROUND_OPENED, IDS[:1])
    app = _joined(training)
    with training.store.engine.begin() as conn:
        conn.execute(text("DROP TABLE drafts"))
    form = app.forms[IDS[0]]
    form.form.control("category").value = "gul"
    assert app.status.kind == "error"
    assert "Kladden kunne ikke gemmes" in app.status.value
    again = _joined(training)
    assert again.status.kind == "error"
    assert "Kladden kunne ikke hentes" in again.status.value
    assert "Velkommen tilbage" not in again.status.value


def test_the_summary_counts_in_danish(training: TrainingStore) -> None:
    cases = vignettes().vignettes
    pleje = sum(case.unit.unit_type.value.startswith("plejefamilie") for case in cases)
    line = ParticipantApp(training).summary()
    assert f"har {len(cases)} vignetter: {len(cases) - pleje} tilbud og {pleje} plejefamilier;" in (
        line
    )
