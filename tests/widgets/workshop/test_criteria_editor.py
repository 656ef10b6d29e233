"""The criteria editor: valid edits reach the caller as a catalogue, invalid ones show a
Danish error at the field and reach nothing."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets
import pytest

from tilsynwidgets.domain.core.signals import signal_catalogue
from tilsynwidgets.domain.risk.criteria import (
    AS_SAVED,
    THRESHOLD_PLACEHOLDER,
    AggregationRule,
    CriteriaCatalogue,
    Operator,
    default_catalogue,
    explanation_text,
    threshold_problem,
)
from tilsynwidgets.domain.workshop.explanations import explanation_mismatch
from tilsynwidgets.widgets.workshop.criteria_editor import (
    WORKING_VERSION,
    CriteriaEditor,
    signal_hint,
)


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
    editor.threshold.value = "2"
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
    assert editor.threshold_box.layout.display == "none"


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


def test_changing_the_signal_fits_the_condition_to_it(
    editor: CriteriaEditor, received: list[CriteriaCatalogue]
) -> None:
    index = _choose(editor, "whistleblower")  # a number compared with ≥ 1
    editor.signal.value = "skaerpet_tilsyn"  # a flag: tested, without a threshold
    flagged = received[-1].criteria[index]
    assert (flagged.signal, flagged.operator, flagged.threshold) == (
        "skaerpet_tilsyn",
        Operator.FLAG,
        None,
    )
    assert flagged.id == "whistleblower"  # the opened version has it: it keeps its id
    assert editor.threshold_box.layout.display == "none"
    editor.signal.value = "complaints"  # a number again: compared, from 1
    compared = received[-1].criteria[index]
    assert (compared.operator, compared.threshold) == (Operator.GE, 1.0)
    assert editor.threshold.value == "1"
    assert editor.threshold_box.layout.display is None
    editor.signal.value = "force_uses"  # number to number: the threshold stays
    assert received[-1].criteria[index].threshold == 1.0
    # A comparison on a flag is refused in Danish, with the condition by its symbol.
    editor.signal.value = "paabud"
    editor.form.control("operator").value = Operator.GE.value
    assert "ja/nej-signal skal bruge betingelsen «er sat»" in editor.status.value
    assert "'flag'" not in editor.status.value


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
    assert received[-1].criteria[-1].id == "whistleblower_reports"  # from its signal
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
    editor.threshold.value = "2"  # relabels the list: the chosen criterion stays chosen
    assert editor.list.value == index
    assert reloads == []
    assert editor.form.draft["id"] == "whistleblower"
    (edited,) = received
    for criterion_id in ("skaerpet_tilsyn", "magtanvendelser", "kvalitet_lav", "whistleblower"):
        _choose(editor, criterion_id)  # other signals, thresholds and operators
        assert editor.form.draft["id"] == criterion_id
    assert editor.threshold.value == "2"
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


def _titles(box: widgets.Box) -> list[str]:
    """The titles of the fields in ``box``, in order (a field is a box titled by its first
    child, an HTML ``<b>``)."""
    found: list[str] = []
    for child in box.children:
        if not isinstance(child, widgets.Box):
            continue
        first = child.children[0] if child.children else None
        if isinstance(first, widgets.HTML) and first.value.startswith("<b>"):
            found.append(first.value.removeprefix("<b>").removesuffix("</b>"))
        else:
            found += _titles(child)
    return found


def test_the_fields_read_as_a_rule_is_read(editor: CriteriaEditor) -> None:
    _choose(editor, "whistleblower_flere")
    assert _titles(editor) == ["Signal", "Betingelse", "Tærskel", "Peger på", "Forklaring", "Id"]


@pytest.mark.parametrize(
    ("typed", "shown"),
    [("-5", "-5"), ("−5", "-5"), ("501", "501"), ("", None), ("tre", None)],
)
def test_a_threshold_outside_the_signal_s_range_is_refused_at_the_field(
    editor: CriteriaEditor, received: list[CriteriaCatalogue], typed: str, shown: str | None
) -> None:
    index = _choose(editor, "whistleblower_flere")
    before = editor.catalogue()
    editor.threshold.value = typed
    assert received == []  # nothing reaches the computation
    assert editor.catalogue() == before
    signal = signal_catalogue().get("whistleblower_reports")
    if shown is None:
        message = "skal være et tal, fx 3 eller 2,5"
    else:
        message = threshold_problem(signal, float(shown))
        assert message is not None
        assert "Whistleblowerhenvendelser kan kun være mellem 0 og 500" in message
    assert message in editor.threshold_error.value
    assert 'role="alert"' in editor.threshold_error.value
    assert f"Tærskel: {message}" in editor.status.value
    assert editor.problems() == [f"Tærskel: {message}"]
    editor.threshold.value = "2,5"  # a Danish decimal within the range is taken
    assert received[-1].criteria[index].threshold == 2.5
    assert editor.threshold_error.value == ""
    assert editor.problems() == []


def test_the_chosen_signal_says_what_values_it_can_take(editor: CriteriaEditor) -> None:
    _choose(editor, "personalegennemstroemning")
    turnover = signal_catalogue().get("staff_turnover_pct")
    assert signal_hint(turnover).endswith("Kan være fra 0 til 100.")
    assert "Kan være fra 0 til 100." in editor.signal_hint.value
    _choose(editor, "lederskifte")
    assert "Ja eller nej." in editor.signal_hint.value


def test_a_new_criterion_takes_its_id_from_its_signal_until_given_one(
    editor: CriteriaEditor, received: list[CriteriaCatalogue]
) -> None:
    editor.add_button.click()
    assert editor.form.draft["id"] == "whistleblower_reports"
    editor.signal.value = "complaints"
    assert received[-1].criteria[-1].id == "complaints"
    editor.add_button.click()  # a second one on the same signal is numbered
    editor.signal.value = "complaints"
    assert received[-1].criteria[-1].id == "complaints_2"
    editor.form.control("id").value = "klager_mange"  # given an id of its own: kept
    editor.signal.value = "violence_incidents"
    assert received[-1].criteria[-1].id == "klager_mange"


def test_an_explanation_that_no_longer_matches_its_threshold_is_marked(
    editor: CriteriaEditor, received: list[CriteriaCatalogue]
) -> None:
    index = _choose(editor, "whistleblower_flere")
    assert editor.explanation_note.value == ""  # "Tre eller flere …" and threshold 3
    editor.threshold.value = "4"
    edited = received[-1].criteria[index]
    note = explanation_mismatch(edited)
    assert note is not None
    assert note.startswith("Forklaringen nævner 3, men tærsklen er 4.")
    assert note in editor.explanation_note.value.replace("&#x27;", "'")
    editor.form.control(
        "explanation"
    ).value = f"{THRESHOLD_PLACEHOLDER} eller flere whistleblowerhenvendelser det seneste år."
    followed = received[-1].criteria[index]
    assert explanation_text(followed) == "4 eller flere whistleblowerhenvendelser det seneste år."
    assert "Læses som: «4 eller flere whistleblowerhenvendelser" in editor.explanation_note.value
    editor.threshold.value = "5"
    assert "Læses som: «5 eller flere" in editor.explanation_note.value


def test_an_unknown_placeholder_is_refused_at_the_field(
    editor: CriteriaEditor, received: list[CriteriaCatalogue]
) -> None:
    _choose(editor, "klager")
    editor.form.control("explanation").value = "{taerskel} eller flere klager."
    assert received == []
    (message,) = editor.form.errors_at("explanation")
    assert message == "{taerskel} er ikke en pladsholder; kun {tærskel} kan bruges (for tærsklen)"


def test_a_criterion_saved_out_of_range_says_so_when_chosen(editor: CriteriaEditor) -> None:
    saved = default_catalogue().model_dump(mode="json")
    saved["criteria"][3]["threshold"] = -5  # whistleblower, accepted before ranges were checked
    old = CriteriaCatalogue.model_validate(saved, context={AS_SAVED: True})
    editor.load(old)
    _choose(editor, "whistleblower")
    assert "er gemt med værdier, der ikke godtages i dag" in editor.status.value
    assert "kan kun være mellem 0 og 500" in editor.status.value
