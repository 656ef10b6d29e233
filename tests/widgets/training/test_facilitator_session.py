"""The facilitator's app around a running session, headless: a reloaded page reopens the
session its facilitator is running, with its rounds; «Skift forløb» leads back; the
projector view shows the code, progress and discussion without names, whatever «Skjul
navne» says; the kernel checks the vignettes a page sends."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.widgets.training._facilitator import IDS, answered, created, facilitator_page

from tilsynwidgets.domain.training.vignettes import vignette
from tilsynwidgets.store.store import Store
from tilsynwidgets.store.training import TrainingStore
from tilsynwidgets.widgets.training.discussion import progress_html, vignette_discussion_html
from tilsynwidgets.widgets.training.facilitator import FacilitatorApp
from tilsynwidgets.widgets.training.projector import code_html
from tilsynwidgets.widgets.training.vignette_picker import VignettePicker


@pytest.fixture
def training(tmp_path: Path) -> Iterator[TrainingStore]:
    with Store.open(f"sqlite:///{tmp_path / 'training.sqlite'}") as store:
        store.upgrade()
        yield TrainingStore(store)


def _shown(app: FacilitatorApp) -> dict[str, bool]:
    parts = {
        "header": app.header,
        "setup": app.setup,
        "status": app.status,
        "running": app.running,
        "projector": app.projector,
    }
    return {name: part.layout.display != "none" for name, part in parts.items()}


def _answer(training: TrainingStore, code: str, name: str, vignette_id: str) -> None:
    answered(training, code, name, vignette_id, vignette(vignette_id).reference_category)


def _first_round_open(training: TrainingStore) -> tuple[FacilitatorApp, str]:
    """A page with a new session whose first round (one vignette) is open; its code."""
    app = created(training)
    assert app.session is not None
    app.next_round.value = IDS[:1]
    app.open_button.click()
    return app, app.session.code


def test_a_reloaded_page_reopens_the_running_session_with_its_round(
    training: TrainingStore,
) -> None:
    first = created(training)
    assert first.session is not None
    first.next_round.value = IDS[:2]
    first.open_button.click()
    fresh = facilitator_page(training, minutes=30)  # the page reloaded: a new kernel, a new app
    assert fresh.session == first.session
    assert _shown(fresh) == {
        "header": True,
        "setup": False,
        "status": True,
        "running": True,
        "projector": False,
    }
    assert fresh.status.value.count(first.session.code) == 1
    assert "som du er i gang med, er åbnet igen" in fresh.status.value
    assert "Skift forløb" in fresh.status.value
    assert fresh.code.value == code_html(first.session)
    assert "runde 1: 2 vignetter, åben" in fresh.course.value
    assert not fresh.close_button.disabled
    assert fresh.close_button.description == "Luk runde 1"
    assert fresh.open_button.disabled
    assert fresh.next_round.options == IDS[2:]
    assert fresh.poll.playing  # the page's timer follows the session


def test_a_finished_session_does_not_reopen(training: TrainingStore) -> None:
    app = created(training, IDS[:1])
    app.next_round.value = IDS[:1]
    app.open_button.click()
    app.close_button.click()
    assert facilitator_page(training).session is not None  # closed, answers not shown yet
    app.reveal_button.click()
    fresh = facilitator_page(training)
    assert fresh.session is None
    assert _shown(fresh)["setup"]
    assert not _shown(fresh)["running"]
    assert fresh.status.value == ""


def test_change_session_leads_back_to_creating_or_opening_another(
    training: TrainingStore,
) -> None:
    app = facilitator_page(training)
    assert app.session is None
    app = created(training)
    running = app.session
    app.leave_button.click()
    assert app.session is None
    assert not app.poll.playing
    assert _shown(app)["setup"]
    assert not _shown(app)["running"]
    assert app.existing.options[0][1] == running.code  # type: ignore[union-attr]
    app.existing.value = app.existing.options[0][1]
    app.open_existing.click()
    assert app.session == running
    assert app.poll.playing


def test_the_projector_shows_code_progress_and_discussion_without_names(
    training: TrainingStore,
) -> None:
    app, code = _first_round_open(training)
    _answer(training, code, "Anna Hansen", IDS[0])
    app.discussion.hide_names.value = False  # names on the facilitator's own screen
    app.poll.value += 1
    assert "Anna Hansen" in app.discussion.progress.value
    app.projector_button.click()
    assert app.projecting
    assert _shown(app) == {
        "header": False,
        "setup": False,
        "status": False,
        "running": False,
        "projector": True,
    }
    assert "tw-projector" in app.projector._dom_classes
    figures = app.discussion.figures
    assert figures is not None
    assert app.session is not None
    assert app.projector.code.value == code_html(app.session)
    assert app.projector.progress.value == progress_html(figures, hide_names=True)
    assert "Anna Hansen" not in app.projector.progress.value
    assert "Deltager 1" in app.projector.progress.value
    # A second answer arrives while the projector shows: drawn by the page's timer.
    _answer(training, code, "Bo Berg", IDS[0])
    app.poll.value += 1
    assert "Deltager 2" in app.projector.progress.value
    assert "Bo Berg" not in app.projector.progress.value
    app.projector.close_button.click()
    app.close_button.click()
    app.reveal_button.click()
    app.projector_button.click()
    figures = app.discussion.figures
    assert figures is not None
    chosen = app.discussion.vignette.value
    assert chosen == IDS[0]
    expected = vignette_discussion_html(figures, chosen, hide_names=True)
    assert app.projector.discussion.value == expected
    shown = app.projector.progress.value + app.projector.discussion.value
    for name in ("Anna Hansen", "Bo Berg"):
        assert name not in shown
    assert "Anna Hansen" in app.discussion.discussion.value  # the checkbox still rules there
    app.projector.close_button.click()
    assert not app.projecting
    assert _shown(app)["running"]
    assert not _shown(app)["projector"]


def test_the_kernel_checks_the_rounds_vignettes(training: TrainingStore) -> None:
    app = created(training, IDS[:2])
    other = facilitator_page(training)  # a second page of the same facilitator, on the same session
    assert other.session == app.session
    other.next_round.value = IDS[:1]
    other.open_button.click()
    other.close_button.click()
    app.next_round.value = IDS[:1]  # this page has not seen the round yet
    app.open_button.click()
    title = vignette(IDS[0]).title
    assert f"Runden er ikke åbnet: «{title}» hører ikke til" in app.status.value
    assert app.next_round.options == IDS[1:2]  # and it shows what is left now
    # A page that sends a vignette outside the session (whatever it shows).
    app.next_round.options = (IDS[1], IDS[2])
    app.next_round.value = (IDS[2],)
    app.open_button.click()
    assert f"«{vignette(IDS[2]).title}» hører ikke til" in app.status.value
    assert training.state(app.session.code).next_round_no == 2  # type: ignore[union-attr]


def test_an_unknown_vignette_is_refused_in_danish(
    training: TrainingStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = facilitator_page(training)
    app.title.value = "Kalibrering"
    monkeypatch.setattr(VignettePicker, "value", property(lambda _self: ("v99-findes-ikke",)))
    app.create_button.click()
    assert "Forløbet er ikke oprettet. Ukendt vignet: v99-findes-ikke." in app.status.value
    assert training.sessions() == []


def test_the_roster_in_the_running_session_renames_and_removes(
    training: TrainingStore,
) -> None:
    app, code = _first_round_open(training)
    _answer(training, code, "Anan Hansen", IDS[0])
    _answer(training, code, "Bo Berg", IDS[0])
    _answer(training, code, "Bo Berg igen", IDS[0])
    app.discussion.hide_names.value = False
    app.poll.value += 1  # the page's timer: the roster follows the session with the grid
    assert app.roster_section.get_title(0) == "Deltagere (omdøb eller fjern)"
    assert app.roster.code == code
    assert sorted(name for name, _ in app.roster.chosen.options) == [  # all joined at T0
        "Anan Hansen",
        "Bo Berg",
        "Bo Berg igen",
    ]
    assert "3 af 3 har svaret" in app.discussion.progress.value
    # A typo mended: the facilitator's grid shows the new name at once.
    app.roster.chosen.value = dict(app.roster.chosen.options)["Anan Hansen"]
    app.roster.new_name.value = "Anna Hansen"
    app.roster.rename_button.click()
    assert "Anan Hansen hedder nu Anna Hansen" in app.roster.status.value
    assert "Anna Hansen" in app.discussion.progress.value
    assert "Anan Hansen" not in app.discussion.progress.value
    # A duplicate removed, after the confirmation: the grid counts two.
    app.roster.chosen.value = dict(app.roster.chosen.options)["Bo Berg igen"]
    app.roster.remove_button.click()
    assert "2 af 2" not in app.discussion.progress.value  # nothing happens before «Ja, fjern»
    app.roster.confirm_button.click()
    assert "Bo Berg igen er fjernet fra forløbet" in app.roster.status.value
    assert "2 af 2 har svaret" in app.discussion.progress.value
    assert "Bo Berg igen" not in app.discussion.progress.value
    assert sorted(name for name, _ in app.roster.chosen.options) == ["Anna Hansen", "Bo Berg"]
    # A second facilitator page (a reload) shows the roster as it now stands.
    fresh = facilitator_page(training, minutes=5)
    assert sorted(name for name, _ in fresh.roster.chosen.options) == ["Anna Hansen", "Bo Berg"]
    assert "Fjernet af facilitator: Bo Berg igen" in fresh.roster.listing.value


def test_the_projector_view_holds_no_roster(training: TrainingStore) -> None:
    app = created(training)
    app.projector_button.click()
    assert app.roster_section not in app.projector.children
    assert not _shown(app)["running"]  # the roster is part of the running view only
