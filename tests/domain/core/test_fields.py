from __future__ import annotations

import unicodedata
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, Field, ValidationError

from tilsynwidgets.domain.core.fields import (
    AwareDatetime,
    MultiLineText,
    NonBlank,
    NonBlankMultiLine,
    SingleLineText,
    TextShape,
    clean_text,
    control_character_problem,
    duplicated,
    has_control_character,
    text_shape,
)
from tilsynwidgets.domain.core.messages import danish_error
from tilsynwidgets.domain.core.units import Unit
from tilsynwidgets.domain.intensity.plans import PlanDecision
from tilsynwidgets.domain.quality.model import QualityAssessment
from tilsynwidgets.domain.risk.assessment import Reason, RiskAssessment
from tilsynwidgets.domain.risk.criteria import CriteriaCatalogue, Criterion
from tilsynwidgets.domain.support.measures import ChecklistChange
from tilsynwidgets.domain.support.self_assessment import MeasureRating, SelfAssessment
from tilsynwidgets.domain.training.sessions import (
    Answer,
    Participant,
    SessionEvent,
    TrainingSession,
)
from tilsynwidgets.domain.workshop.versions import CatalogueVersion


class Record(BaseModel):
    who: NonBlank
    when: AwareDatetime


def test_text_is_trimmed_and_time_keeps_its_zone() -> None:
    record = Record(who="  tk-syd-11 ", when=datetime(2026, 1, 2, 3, 4, tzinfo=UTC))
    assert record.who == "tk-syd-11"
    assert record.when.tzinfo is UTC


@pytest.mark.parametrize(
    ("who", "when", "message"),
    [
        ("   ", datetime(2026, 1, 2, tzinfo=UTC), "skal udfyldes"),
        ("tk", datetime(2026, 1, 2), "tidspunktet skal have en tidszone"),
    ],
)
def test_blank_text_and_naive_time_are_refused(who: str, when: datetime, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Record(who=who, when=when)
    assert danish_error(caught.value.errors()[0]) == message


def test_duplicated_lists_each_repeated_value_once() -> None:
    assert duplicated(["b", "a", "b", "c", "a", "b"]) == ["a", "b"]
    assert duplicated([]) == []


# -- invisible characters in free text ------------------------------------------------------

EMOJI_AND_RTL = "😀 👩🏽‍⚕️ \u200fשלום\u200e \u202eomvendt\u202c æøå"


@pytest.mark.parametrize(
    ("typed", "multi_line", "one_line"),
    [
        ("Anna\x0bHansen", "Anna\nHansen", "Anna Hansen"),  # PowerPoint's soft line break
        ("side\x0cto", "side\nto", "side to"),  # Word's page break
        ("linje\u2028to\u2029tre\x85fire", "linje\nto\ntre\nfire", "linje to tre fire"),
        ("win\r\nmac\runix\n", "win\nmac\nunix\n", "win mac unix "),
        ("tab\tstop", "tab\tstop", "tab stop"),
        ("N\x00U\x01L\x7f", "NUL", "NUL"),
        ("celle\x07", "celle", "celle"),  # the end of a Word table cell
        ("\x1b[31mrød\x1b[0m", "[31mrød[0m", "[31mrød[0m"),  # a terminal's escape
        ("C1\x80\x9f og \ud800 \ufffe\uffff", "C1 og  ", "C1 og  "),
        (EMOJI_AND_RTL, EMOJI_AND_RTL, EMOJI_AND_RTL),
        ("", "", ""),
    ],
)
def test_clean_text_keeps_what_the_user_sees(typed: str, multi_line: str, one_line: str) -> None:
    assert clean_text(typed, multiline=True) == multi_line
    assert clean_text(typed, multiline=False) == one_line


@settings(max_examples=300)
@given(st.text())
def test_cleaned_text_holds_no_control_character_and_stays_as_it_is(typed: str) -> None:
    for multiline in (True, False):
        cleaned = clean_text(typed, multiline=multiline)
        assert not has_control_character(cleaned)
        assert clean_text(cleaned, multiline=multiline) == cleaned
        cleaned.encode("utf-8")  # no lone surrogate: every database can store it
    visible = [c for c in typed if unicodedata.category(c) not in {"Cc", "Cs", "Zl", "Zp"}]
    assert [c for c in clean_text(typed, multiline=True) if c not in "\t\n"] == [
        c for c in visible if c not in "\ufffe\uffff"
    ]


class Written(BaseModel):
    name: NonBlank = Field(max_length=11)
    note: MultiLineText = ""
    title: SingleLineText = ""
    comment: NonBlankMultiLine = "-"


def test_the_models_clean_before_they_check() -> None:
    written = Written(
        name="Anna\x0bHansen\x00\x00\x00",  # 11 characters as the user sees it
        note="Første\x0banden\x00",
        title="Kalibrering\u2028efterår",
        comment="\x00 Linje 1\r\nLinje 2 \x07",
    )
    assert written.model_dump() == {
        "name": "Anna Hansen",
        "note": "Første\nanden",
        "title": "Kalibrering efterår",
        "comment": "Linje 1\nLinje 2",
    }
    assert Written.model_validate(written.model_dump()) == written


def test_text_of_invisible_characters_only_is_blank() -> None:
    with pytest.raises(ValidationError) as caught:
        Written(name="\x00\x0b\x1b", comment="\u2028\x07")
    assert [(e["loc"], danish_error(e)) for e in caught.value.errors()] == [
        (("name",), "skal udfyldes"),
        (("comment",), "skal udfyldes"),
    ]


def test_forms_find_the_shape_of_a_field() -> None:
    fields = Written.model_fields
    assert text_shape(fields["name"].metadata) == TextShape(multiline=False)
    assert text_shape(fields["note"].metadata) == TextShape(multiline=True)
    assert text_shape(fields["comment"].metadata) == TextShape(multiline=True)
    assert text_shape(Record.model_fields["when"].metadata) is None


def test_ids_and_numbers_refuse_invisible_characters_in_danish() -> None:
    assert control_character_problem("T-0\x001") == (
        "indeholder et usynligt styretegn (U+0000); fjern det"
    )
    assert control_character_problem("12\u2028") == (
        "indeholder et usynligt styretegn (U+2028); fjern det"
    )
    assert control_character_problem("T-01\t\r\n") is None  # white space a cell may hold
    assert control_character_problem(EMOJI_AND_RTL) is None


# Every str field a person types or imports has a shape; the rest are ids, codes and versions
# that a pattern or a known list checks, or packaged data no user writes.
FREE_TEXT_MODELS: tuple[type[BaseModel], ...] = (
    Unit,
    Reason,
    RiskAssessment,
    PlanDecision,
    ChecklistChange,
    MeasureRating,
    SelfAssessment,
    QualityAssessment,
    TrainingSession,
    SessionEvent,
    Participant,
    Answer,
    Criterion,
    CriteriaCatalogue,
    CatalogueVersion,
)
NOT_FREE_TEXT = {
    "Unit.id",
    "Reason.criterion_id",
    "RiskAssessment.unit_id",
    "RiskAssessment.catalogue_version",
    "PlanDecision.unit_id",
    "PlanDecision.ruleset_id",
    "PlanDecision.template_version",
    "ChecklistChange.unit_id",
    "ChecklistChange.measure_id",
    "MeasureRating.measure_id",
    "SelfAssessment.catalogue_version",
    "QualityAssessment.unit_id",
    "QualityAssessment.model_version",
    "TrainingSession.code",
    "TrainingSession.vignette_version",
    "SessionEvent.session_code",
    "Participant.session_code",
    "Participant.participant_id",
    "Participant.account",  # the hub account's name, as the hub gives it
    "Answer.session_code",
    "Answer.participant_id",
    "Answer.vignette_id",
    "Criterion.id",
    "Criterion.signal",
    "CriteriaCatalogue.version",
    "CatalogueVersion.name",
}


def test_every_free_text_field_of_the_stored_models_has_a_shape() -> None:
    unshaped = {
        f"{model.__name__}.{name}"
        for model in FREE_TEXT_MODELS
        for name, field in model.model_fields.items()
        if field.annotation in (str, str | None) and text_shape(field.metadata) is None
    }
    assert unshaped == NOT_FREE_TEXT
