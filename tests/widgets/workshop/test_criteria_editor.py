"""The criteria editor: valid edits reach the caller as a catalogue, invalid ones show a
Danish error at the field and reach nothing."""

from __future__ import annotations

from typing import Any

import pytest

from tilsynwidgets.domain.risk.criteria import (
    AggregationRule,
    CriteriaCatalogue,
    default_catalogue,
)
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


def test_an_id_out_of_pattern_is_described_in_words_not_as_a_pattern(
    editor: CriteriaEditor, received: list[CriteriaCatalogue]
) -> None:
    _choose(editor, "whistleblower")
    editor.form.control("id").value = "Ny regel!"
    assert received == []
    (message,) = editor.form.errors_at("id")
    assert message == (
        "har et ugyldigt format: skal begynde med et lille bogstav og må kun indeholde små "
        "bogstaver (a–z, uden æ, ø og å), tal og _; højst 64 tegn"
    )
    assert "Id: har et ugyldigt format" in editor.status.value
    for technical in ("^", "mønster", "[a-z0-9_]", "criteria[", "pattern"):
        assert technical not in editor.status.value
        assert technical not in message


def test_an_id_used_twice_names_the_criteria_by_number(
    editor: CriteriaEditor, received: list[CriteriaCatalogue]
) -> None:
    _choose(editor, "whistleblower")
    editor.form.control("id").value = "skaerpet_tilsyn"
    assert received == []
    assert "Rettelsen er ikke gyldig" in editor.status.value
    assert "criteria[" not in editor.status.value


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
    # The rule for unknown signals and the illustrative mark survive every edit.
    assert received[-1].aggregation.min_known_percent == 75
    assert all(c.illustrative for c in received)


def test_loading_another_catalogue_replaces_everything(editor: CriteriaEditor) -> None:
    other = default_catalogue().model_copy(
        update={"version": "x", "criteria": default_catalogue().criteria[:2]}
    )
    editor.load(other)
    assert len(editor.list.options) == 2
    assert editor.catalogue().criteria == other.criteria


def test_choosing_or_loading_shows_criteria_without_editing_them(
    editor: CriteriaEditor, received: list[CriteriaCatalogue]
) -> None:
    index = _choose(editor, "whistleblower")
    reloads: list[dict[str, Any]] = []
    editor.form.on_change(reloads.append)  # the editor fills the form only to show another
    editor.threshold.value = 2.0  # relabels the list: the chosen criterion stays chosen
    assert editor.list.value == index
    assert reloads == []
    assert editor.form.draft["id"] == "whistleblower"
    (edited,) = received
    for criterion_id in ("skaerpet_tilsyn", "magtanvendelser", "kvalitet_lav", "whistleblower"):
        _choose(editor, criterion_id)  # other signals, thresholds and operators
        assert editor.form.draft["id"] == criterion_id
    assert editor.threshold.value == 2.0
    assert received == [edited]  # no criterion was written back into another
    assert editor.catalogue().criteria == edited.criteria
    for after in (5, None, 4):  # the rule's inputs are shown, not edited
        rule = AggregationRule(escalate_after_gul=after)
        editor.load(default_catalogue().model_copy(update={"aggregation": rule}))
        assert (editor.escalate.value, editor.escalate_after.disabled) == (
            after is not None,
            after is None,
        )
    assert editor.escalate_after.value == 4
    assert received == [edited]
