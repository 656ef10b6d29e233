"""The self-assessment panel: choose a socialtilsyn, rate every general measure, save;
drafts survive a new panel; the overview shows the latest levels and escapes what it shows."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from tilsynwidgets.assessor import Assessor
from tilsynwidgets.domain.core.drafts import DraftKey
from tilsynwidgets.domain.support.measures import general_measures
from tilsynwidgets.domain.support.self_assessment import MeasureLevel
from tilsynwidgets.presentation.self_assessment import overview_frame
from tilsynwidgets.store.store import Store
from tilsynwidgets.widgets.leadership.self_assessment import SelfAssessmentPanel

HOSTILE = "<img src=x onerror=alert(1)>"
LEADER = Assessor("Leder A", "test")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(f"sqlite:///{tmp_path / 'self.sqlite'}") as opened:
        opened.upgrade()
        yield opened


def _panel(store: Store, who: Assessor = LEADER) -> SelfAssessmentPanel:
    return SelfAssessmentPanel(store, who, clock=lambda: datetime(2026, 11, 2, 9, tzinfo=UTC))


def _rate_all(panel: SelfAssessmentPanel, level: MeasureLevel) -> None:
    for toggle in panel.levels.values():
        toggle.value = level.value


def test_nothing_assessed_shows_every_cell_as_not_assessed(store: Store) -> None:
    panel = _panel(store)
    cells = len(general_measures()) * 5
    assert panel.overview.value.count("Ikke vurderet") == cells
    assert panel.form.layout.display == "none"
    assert panel.save.disabled


def test_saving_needs_every_measure_and_names_the_missing(store: Store) -> None:
    panel = _panel(store)
    panel.socialtilsyn.value = "syd"
    _rate_all(panel, MeasureLevel.DELVIST)
    first = general_measures()[0]
    panel.levels[first.id].value = None
    panel.save.click()
    assert panel.status.kind == "error"
    assert first.title in panel.status.value
    assert store.self_assessments() == []


def test_a_value_too_long_is_refused_in_danish_naming_the_measure_and_field(
    store: Store,
) -> None:
    panel = _panel(store)
    panel.socialtilsyn.value = "syd"
    _rate_all(panel, MeasureLevel.DELVIST)
    third = general_measures()[2]
    panel.notes[third.id].value = "x" * 2001
    panel.comment.value = "y" * 4001
    panel.save.click()
    assert panel.status.kind == "error"
    message = panel.status.value.split(">", 1)[1].removesuffix("</p>")
    assert message.startswith("Selvevalueringen kan ikke gemmes: ")
    first, second = message.removeprefix("Selvevalueringen kan ikke gemmes: ").split("; ")
    assert first.startswith(f"{third.title}, Bemærkning: må højst have ")
    assert second.startswith("Samlet bemærkning: må højst have ")
    for technical in ("ratings", "note", "comment", "string_too_long", "should", "http", "["):
        assert technical not in message
    assert store.self_assessments() == []


def test_a_saved_self_assessment_is_stored_as_typed_and_shown_escaped(store: Store) -> None:
    panel = _panel(store, Assessor(f"Leder {HOSTILE}", "test"))
    panel.socialtilsyn.value = "syd"
    _rate_all(panel, MeasureLevel.ETABLERET)
    measure = general_measures()[3]
    panel.levels[measure.id].value = MeasureLevel.IKKE_ETABLERET.value
    panel.notes[measure.id].value = HOSTILE
    panel.comment.value = HOSTILE
    panel.save.click()
    assert panel.status.kind == "success", panel.status.value
    (saved,) = store.self_assessments()
    assert saved.socialtilsyn.value == "syd"
    assert saved.level_of(measure.id) is MeasureLevel.IKKE_ETABLERET
    assert saved.ratings[3].note == HOSTILE
    assert saved.comment == HOSTILE
    assert saved.assessor == f"Leder {HOSTILE}"
    overview = panel.overview.value
    assert HOSTILE not in overview
    assert "&lt;img src=x onerror=alert(1)&gt;" in overview
    assert overview.count("Etableret") >= len(general_measures()) - 1
    assert overview.count("Ikke vurderet") == len(general_measures()) * 4


def test_a_draft_survives_a_new_panel_and_is_discarded_on_save(store: Store) -> None:
    panel = _panel(store)
    panel.socialtilsyn.value = "nord"
    first = general_measures()[0]
    panel.levels[first.id].value = MeasureLevel.DELVIST.value
    panel.notes[first.id].value = "Halvt skrevet"
    again = _panel(store)
    again.socialtilsyn.value = "nord"
    assert again.levels[first.id].value == MeasureLevel.DELVIST.value
    assert again.notes[first.id].value == "Halvt skrevet"
    assert "kladde" in again.status.value
    _rate_all(again, MeasureLevel.DELVIST)
    again.save.click()
    assert store.load_draft(DraftKey.self_assessment(LEADER.name, "nord")) is None


def test_the_form_starts_from_the_latest_self_assessment(store: Store) -> None:
    panel = _panel(store)
    panel.socialtilsyn.value = "midt"
    _rate_all(panel, MeasureLevel.IKKE_ETABLERET)
    panel.save.click()
    fresh = _panel(store)
    fresh.socialtilsyn.value = "midt"
    assert {t.value for t in fresh.levels.values()} == {MeasureLevel.IKKE_ETABLERET.value}
    # named by its Danish time: 09.00 UTC is 10.00 in Denmark in November
    assert "seneste selvevaluering (2. november 2026 kl. 10.00, Leder A)" in fresh.status.value
    fresh.socialtilsyn.value = "hovedstaden"
    assert {t.value for t in fresh.levels.values()} == {None}


def test_the_overview_frame_names_measures_socialtilsyn_and_levels_in_danish(
    store: Store,
) -> None:
    panel = _panel(store)
    panel.socialtilsyn.value = "oest"
    _rate_all(panel, MeasureLevel.DELVIST)
    panel.save.click()
    frame = overview_frame(store.self_assessments())
    assert frame.index.name == "Tiltag"
    assert list(frame.index) == [m.title for m in general_measures()]
    assert set(frame["Socialtilsyn Øst"]) == {"Delvist etableret"}
    assert set(frame["Socialtilsyn Syd"]) == {"Ikke vurderet"}


def test_showing_the_latest_self_assessment_makes_no_draft(store: Store) -> None:
    panel = _panel(store)
    panel.socialtilsyn.value = "midt"
    _rate_all(panel, MeasureLevel.ETABLERET)
    panel.save.click()
    assert store.load_draft(DraftKey.self_assessment(LEADER.name, "midt")) is None
    fresh = _panel(store)
    fresh.socialtilsyn.value = "midt"  # filled from the latest: not a draft of its own
    fresh.socialtilsyn.value = "syd"
    assert store.load_draft(DraftKey.self_assessment(LEADER.name, "midt")) is None
    assert store.load_draft(DraftKey.self_assessment(LEADER.name, "syd")) is None
    first = general_measures()[0]
    fresh.levels[first.id].value = MeasureLevel.DELVIST.value
    draft = store.load_draft(DraftKey.self_assessment(LEADER.name, "syd"))
    assert draft is not None
    assert draft["ratings"][0]["level"] == MeasureLevel.DELVIST.value


def test_a_draft_that_cannot_be_kept_is_said_on_the_status_line(store: Store) -> None:
    panel = _panel(store)
    panel.socialtilsyn.value = "nord"
    with store.engine.begin() as conn:
        conn.execute(text("DROP TABLE drafts"))
    panel.levels[general_measures()[0].id].value = MeasureLevel.DELVIST.value
    assert panel.status.kind == "error"
    assert "Kladden kunne ikke gemmes" in panel.status.value
