"""The criteria editor: valid edits reach the caller as a catalogue, invalid ones show a
Danish error at the field and reach nothing."""

from __future__ import annotations

import pytest

from tilsynwidgets.domain.risk.criteria import CriteriaCatalogue, default_catalogue
from tilsynwidgets.widgets.workshop.criteria_editor import WORKING_VERSION, CriteriaEditor


@pytest.fixture
def received() -> list[CriteriaCatalogue]:
    return []


@pytest.fixture
def editor(received: list[CriteriaCatalogue]) -> CriteriaEditor:
    return CriteriaEditor(default_catalogue(), received.append)


def _choose(editor: CriteriaEditor, criterion_id: str) -> int:
    index = next(n for n, c in enumerate(editor.criteria) if c.id == criterion_id)
    editor.list.value = index
    return index


def test_a_threshold_edit_reaches_the_caller(
    editor: CriteriaEditor, received: list[CriteriaCatalogue]
) -> None:
    index = _choose(editor, "whistleblower")
    editor.threshold.value = 2.0
    (catalogue,) = received
    assert catalogue.version == WORKING_VERSION
    assert catalogue.criteria[index].threshold == 2.0
    assert "≥ 2" in editor.list.options[index][0]
    assert editor.catalogue("2026.2").version == "2026.2"


def test_an_invalid_edit_shows_an_error_and_reaches_nothing(
    editor: CriteriaEditor, received: list[CriteriaCatalogue]
) -> None:
    _choose(editor, "whistleblower")
    editor.form.control("explanation").value = "kort"
    assert received == []
    assert editor.form.errors_at("explanation")
    assert "ikke gyldig" in editor.status.value
    _choose(editor, "skaerpet_tilsyn")  # a flag: no threshold to edit
    assert editor.threshold.layout.display == "none"


def test_changing_the_signal_checks_the_condition_against_it(
    editor: CriteriaEditor, received: list[CriteriaCatalogue]
) -> None:
    _choose(editor, "whistleblower")  # a number compared with ≥
    editor.signal.value = "skaerpet_tilsyn"  # a flag
    assert received == []
    assert "ja/nej-signal skal bruge betingelsen" in editor.status.value


def test_an_id_used_twice_is_refused(
    editor: CriteriaEditor, received: list[CriteriaCatalogue]
) -> None:
    _choose(editor, "whistleblower")
    editor.form.control("id").value = "paabud"
    assert received == []
    assert "flere gange: paabud" in editor.status.value


def test_add_remove_and_the_aggregation_rule(
    editor: CriteriaEditor, received: list[CriteriaCatalogue]
) -> None:
    before = len(editor.criteria)
    editor.add_button.click()
    assert len(received[-1].criteria) == before + 1
    assert editor.list.value == before
    assert received[-1].criteria[-1].id == "nyt_kriterium_1"
    editor.remove_button.click()
    assert len(received[-1].criteria) == before
    assert "fjernet" in editor.status.value
    editor.escalate_after.value = 2
    assert received[-1].aggregation.escalate_after_gul == 2
    editor.escalate.value = False
    assert received[-1].aggregation.escalate_after_gul is None
    assert editor.escalate_after.disabled


def test_loading_another_catalogue_replaces_everything(editor: CriteriaEditor) -> None:
    other = default_catalogue().model_copy(
        update={"version": "x", "criteria": default_catalogue().criteria[:2]}
    )
    editor.load(other)
    assert len(editor.list.options) == 2
    assert editor.catalogue().criteria == other.criteria
