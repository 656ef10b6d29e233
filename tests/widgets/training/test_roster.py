"""The facilitator's roster panel, headless: the participants as the store reads them, a
rename recorded (a taken or empty name refused in Danish, nothing saved), a removal only
after the Danish confirmation, and what the facilitator's figures then read."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from tests._training import CODE, T0, sqlite_with_session
from tests.presentation._shown import table_captioned

from tilsynwidgets.domain.core.units import Socialtilsyn
from tilsynwidgets.domain.training.roster import ChangeKind
from tilsynwidgets.domain.training.vignettes import vignettes
from tilsynwidgets.store.training import TrainingStore
from tilsynwidgets.widgets.training.roster import RosterPanel


@pytest.fixture
def training(tmp_path: Path) -> Iterator[TrainingStore]:
    with sqlite_with_session(tmp_path, vignettes().ids[:2]) as found:
        found.join(CODE, "Anan", Socialtilsyn.SYD, T0)
        found.join(CODE, "Bo", None, T0 + timedelta(minutes=1))
        found.join(CODE, "Bo (igen)", None, T0 + timedelta(minutes=2))
        yield found


@pytest.fixture
def panel(training: TrainingStore) -> RosterPanel:
    changed: list[int] = []
    shown = RosterPanel(
        training, "Facilitator F", clock=lambda: T0, on_change=lambda: changed.append(1)
    )
    shown.changed = changed  # type: ignore[attr-defined]
    shown.show(CODE)
    return shown


def _choose(panel: RosterPanel, name: str) -> None:
    panel.chosen.value = dict(panel.chosen.options)[name]


def test_the_list_is_the_participants_the_store_reads(
    panel: RosterPanel, training: TrainingStore
) -> None:
    shown = table_captioned(panel.listing.value, "Deltagere i forløbet (3 deltagere)")
    assert shown.header == ["Deltager", "Socialtilsyn", "Tilmeldt"]
    assert [row[0] for row in shown.rows] == [p.display_name for p in training.participants(CODE)]
    assert shown.rows[0][1:] == ["Socialtilsyn Syd", "20. november 2026 kl. 10.00"]
    assert [label for label, _ in panel.chosen.options] == ["Anan", "Bo", "Bo (igen)"]


def test_a_rename_is_recorded_and_shown(panel: RosterPanel, training: TrainingStore) -> None:
    _choose(panel, "Anan")
    panel.new_name.value = "  Anna Berg "
    panel.rename_button.click()
    assert panel.status.kind == "success", panel.status.value
    assert "Anan hedder nu Anna Berg." in panel.status.value
    (change,) = training.changes(CODE)
    assert (change.kind, change.display_name, change.by) == (
        ChangeKind.RENAMED,
        "Anna Berg",
        "Facilitator F",
    )
    assert "Anna Berg" in panel.listing.value
    assert next(label for label, _ in panel.chosen.options) == "Anna Berg"
    assert panel.new_name.value == ""
    assert panel.changed == [1]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("bo", "Navnet bo er allerede taget af en anden deltager i forløbet; vælg et andet."),
        ("   ", "Skriv det nye navn."),
        ("A" * 61, "Omdøbningen er ikke gemt. Nyt navn: må højst have 60 tegn."),
        ("Anan", "Deltageren hedder allerede Anan."),
    ],
)
def test_a_rename_that_cannot_be_made_is_refused_in_danish(
    panel: RosterPanel, training: TrainingStore, name: str, message: str
) -> None:
    _choose(panel, "Anan")
    panel.new_name.value = name
    panel.rename_button.click()
    assert panel.status.kind == "error"
    assert message in panel.status.value
    assert training.changes(CODE) == []
    assert panel.changed == []  # type: ignore[attr-defined]


def test_a_removal_waits_for_the_confirmation(panel: RosterPanel, training: TrainingStore) -> None:
    _choose(panel, "Bo (igen)")
    panel.remove_button.click()
    assert panel.confirmation.layout.display != "none"
    assert "Fjern Bo (igen) fra forløbet?" in panel.question.value
    assert training.changes(CODE) == []
    panel.cancel_button.click()
    assert panel.confirmation.layout.display == "none"
    assert training.changes(CODE) == []
    panel.remove_button.click()
    panel.confirm_button.click()
    assert "Bo (igen) er fjernet fra forløbet." in panel.status.value
    assert [p.display_name for p in training.participants(CODE)] == ["Anan", "Bo"]
    assert "Fjernet af facilitator: Bo (igen)" in panel.listing.value
    assert [label for label, _ in panel.chosen.options] == ["Anan", "Bo"]
    assert training.participants_frame(CODE)["display_name"].tolist() == ["Anan", "Bo"]


def test_a_confirmation_does_not_carry_over_to_another_participant(
    panel: RosterPanel, training: TrainingStore
) -> None:
    _choose(panel, "Bo (igen)")
    panel.remove_button.click()
    _choose(panel, "Anan")  # the question was about Bo (igen): it goes away
    assert panel.confirmation.layout.display == "none"
    panel.confirm_button.click()  # a stale click from the browser
    assert panel.status.kind == "error"
    assert training.changes(CODE) == []


def test_a_participant_removed_from_another_page_is_refused_in_danish(
    panel: RosterPanel, training: TrainingStore
) -> None:
    other = RosterPanel(training, "Facilitator G", clock=lambda: T0)
    other.show(CODE)
    _choose(other, "Bo")
    other.remove_button.click()
    other.confirm_button.click()
    _choose(panel, "Bo")  # this page has not redrawn yet
    panel.new_name.value = "Bo Hansen"
    panel.rename_button.click()
    assert panel.status.kind == "error"
    assert "Bo er allerede fjernet fra forløbet." in panel.status.value
    assert [label for label, _ in panel.chosen.options] == ["Anan", "Bo (igen)"]


def test_a_forged_participant_id_is_refused(panel: RosterPanel, training: TrainingStore) -> None:
    panel.chosen.options = [*panel.chosen.options, ("Fremmed", "f" * 32)]
    panel.chosen.value = "f" * 32
    panel.new_name.value = "Hvem som helst"
    panel.rename_button.click()
    assert "Deltageren er ikke med i forløbet." in panel.status.value
    assert training.changes(CODE) == []
