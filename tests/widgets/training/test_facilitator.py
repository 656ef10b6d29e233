"""The facilitator's app, headless: create a session, run rounds, see answers arrive,
reveal, discuss and export; a second facilitator page follows the same session.
(Reopening on reload, the projector view and the round checks: test_facilitator_session.py.)"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from tests.widgets.training._facilitator import IDS, T0, WHY, answered, created, facilitator_page

from tilsynwidgets.domain.training.vignettes import vignette, vignettes
from tilsynwidgets.store.store import Store
from tilsynwidgets.store.training import TrainingStore
from tilsynwidgets.widgets.training.facilitator import FACILITATOR_POLL_MS, FacilitatorApp

HOSTILE = "<img src=x onerror=alert(1)>"


@pytest.fixture
def training(tmp_path: Path) -> Iterator[TrainingStore]:
    with Store.open(f"sqlite:///{tmp_path / 'training.sqlite'}") as store:
        store.upgrade()
        yield TrainingStore(store)


def _answer(training: TrainingStore, code: str, name: str, vignette_id: str, colour: str) -> None:
    answered(training, code, name, vignette_id, colour, f"{WHY} {HOSTILE}")


def test_creating_needs_a_title_and_vignettes(training: TrainingStore) -> None:
    app = facilitator_page(training)
    app.create_button.click()
    assert "titel" in app.status.value
    app.title.value, app.pick.value = "Kalibrering", ()
    app.create_button.click()
    assert "mindst én vignet" in app.status.value
    assert training.sessions() == []


def test_a_title_too_long_is_refused_in_danish_naming_the_field(
    training: TrainingStore,
) -> None:
    app = facilitator_page(training)
    app.title.value, app.pick.value = "K" * 121, IDS
    app.create_button.click()
    assert "Forløbet er ikke oprettet. Titel: må højst have 120 tegn." in app.status.value
    for technical in ("validation", "should", "string_too_long", "http", "TrainingSession"):
        assert technical not in app.status.value
    assert training.sessions() == []


def test_the_timer_reads_the_session_only_when_it_moved(
    training: TrainingStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = created(training)
    assert app.session is not None
    assert app.poll.interval == FACILITATOR_POLL_MS == 1000
    app.next_round.value = IDS[:1]
    app.open_button.click()
    reads: list[str] = []
    real = training.answers_frame
    monkeypatch.setattr(training, "answers_frame", lambda code: reads.append(code) or real(code))
    app.poll.value += 1  # the first tick after opening reads once: the page has no stamp yet
    app.poll.value += 1
    app.poll.value += 1
    assert len(reads) == 1
    before = app.discussion.progress.value
    _answer(training, app.session.code, "Anna", IDS[0], "gul")
    app.poll.value += 1
    assert len(reads) == 2
    assert app.discussion.progress.value != before  # the answer's ✓ is drawn
    app.poll.value += 1
    assert len(reads) == 2


def test_a_session_runs_from_code_to_export(training: TrainingStore) -> None:
    app = created(training)
    assert app.session is not None
    code = app.session.code
    assert code in app.code.value
    assert app.close_button.disabled
    assert app.reveal_button.disabled
    app.next_round.value = IDS[:2]
    app.open_button.click()
    assert "Runde 1 er åben" in app.status.value
    assert app.open_button.disabled
    assert app.next_round.options == (IDS[2],)
    assert app.next_round.titles() == (vignette(IDS[2]).title,)
    reference = vignette(IDS[0]).reference_category.value
    other = "groen" if reference != "groen" else "roed"
    for name, colour in (("Anna", reference), ("Bo", reference), (HOSTILE, other)):
        _answer(training, code, name, IDS[0], colour)
    app.poll.value += 1  # the page's timer ticks
    assert "3" in app.discussion.progress.value
    app.close_button.click()
    assert not app.reveal_button.disabled
    app.discussion.vignette.value = IDS[0]
    assert "Referencesvar" not in app.discussion.discussion.value
    app.reveal_button.click()
    assert "vist" in app.status.value
    shown = app.discussion.discussion.value + app.discussion.agreement.value
    assert HOSTILE not in shown
    app.discussion.hide_names.value = False
    shown = app.discussion.discussion.value + app.discussion.agreement.value
    assert HOSTILE not in shown
    assert "&lt;img src=x onerror=alert(1)&gt;" in shown

    app.discussion.hide_names.value = True
    book = openpyxl.load_workbook(io.BytesIO(app.make_export()))
    assert book.sheetnames[:2] == ["Om udtrækket", "Enighed"]
    info = {row[0]: row[1] for row in book["Om udtrækket"].iter_rows(values_only=True)}
    assert str(info["Deltagernes navne"]).startswith("Skjult")
    rows = list(book["Svar"].iter_rows(values_only=True))
    assert len(rows) == 1 + 3
    names = {str(row[0]) for row in rows[1:]}
    assert names == {"Deltager 1", "Deltager 2", "Deltager 3"}
    assert 'download="forloeb-' in app.link.value


def test_a_second_facilitator_page_follows_the_same_session(training: TrainingStore) -> None:
    first = created(training)
    first.next_round.value = IDS[:1]
    first.open_button.click()
    second = FacilitatorApp(training, "Facilitator G", clock=lambda: T0, n_resamples=200)
    assert second.session is None  # another facilitator's session does not open by itself
    assert second.existing.options
    second.existing.value = second.existing.options[0][1]
    second.open_existing.click()
    assert second.session == first.session
    assert not second.close_button.disabled
    second.close_button.click()
    first.refresh_button.click()
    assert first.close_button.disabled
    first.close_button.disabled = False  # a stale page clicks anyway
    first.close_button.click()
    assert "Ingen runde er åben" in first.status.value


def test_rounds_and_sessions_are_told_in_danish(training: TrainingStore) -> None:
    app = created(training)
    assert app.session is not None
    app.next_round.value = IDS[:1]
    app.open_button.click()
    assert "runde 1: 1 vignet, åben" in app.course.value
    app.close_button.click()
    app.reveal_button.click()
    app.next_round.value = IDS[1:]
    app.open_button.click()
    assert "runde 1: 1 vignet, lukket, svar vist; runde 2: 2 vignetter, åben" in app.course.value
    assert "vignet(ter)" not in app.course.value
    label = app.existing.options[0][0]
    assert label == f"{app.session.code} – Kalibrering (20. november 2026)"
    assert app.pick.titles() == tuple(vignette(v).title for v in vignettes().ids)
    count = len(vignettes().ids)
    assert f": {count} vignetter med referencesvar i 3 farver; i " in app.summary()
