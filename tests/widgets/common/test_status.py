"""The status line: messages escaped, and a failing handler shown in Danish, never
swallowed."""

from __future__ import annotations

import logging

import pytest

from tilsynwidgets.domain.core.refusals import UNEXPECTED_FAILURE
from tilsynwidgets.domain.training.sessions import Participant
from tilsynwidgets.store.errors import StoreError
from tilsynwidgets.widgets.common.status import StatusLine

ENGLISH = ("should", "must", "valid", "input", "field", "type", "error", "http", "[")


def test_messages_are_escaped_and_marked_by_kind() -> None:
    status = StatusLine()
    status.error("<b>Navn</b> mangler")
    assert "&lt;b&gt;Navn&lt;/b&gt; mangler" in status.value
    assert "<b>" not in status.value
    assert status.kind == "error"
    status.success("Gemt.")
    assert ("Gemt." in status.value, status.kind) == (True, "success")
    status.clear()
    assert (status.value, status.kind) == ("", "")


def test_a_refusal_is_shown_with_its_danish_reason() -> None:
    status = StatusLine()

    def refuse() -> None:
        raise StoreError("Lageret er låst.")

    status.guard(refuse)()
    assert "Kunne ikke udføres: Lageret er låst." in status.value
    assert status.kind == "error"


def test_a_bug_is_shown_without_its_text_and_logged(caplog: pytest.LogCaptureFixture) -> None:
    status = StatusLine()

    typed = {"navn": "cpr 010203-1234"}

    def broken() -> None:
        raise KeyError(typed["navn"])

    with caplog.at_level(logging.ERROR):
        status.guard(broken)()
    assert UNEXPECTED_FAILURE in status.value
    assert "KeyError" not in status.value
    assert "010203" not in status.value
    assert "uventet fejl i broken: KeyError" in caplog.text
    assert "010203" not in caplog.text


def test_a_handler_that_succeeds_leaves_the_line_alone() -> None:
    status = StatusLine()
    status.info("Arbejder …")
    status.guard(lambda: None)()
    assert "Arbejder …" in status.value


def test_a_validation_error_names_the_field_by_its_danish_title() -> None:
    status = StatusLine()

    def join() -> None:
        Participant.model_validate(
            {
                "session_code": "K7M2QX",
                "participant_id": "0" * 32,
                "display_name": "x" * 61,
                "joined_at": "2026-11-20T09:00:00+00:00",
            }
        )

    status.guard(join)()
    assert "Kunne ikke udføres: Navn: må højst have 60 tegn" in status.value
    assert not any(word in status.value.lower() for word in ENGLISH)


def test_a_domain_value_error_keeps_its_danish_message() -> None:
    status = StatusLine()

    def refuse() -> None:
        raise ValueError("Runden er lukket.")

    status.guard(refuse)()
    assert "Kunne ikke udføres: Runden er lukket." in status.value


def test_a_library_value_error_is_unexpected_not_shown(caplog: pytest.LogCaptureFixture) -> None:
    status = StatusLine()

    def parse() -> None:
        int("tre")

    with caplog.at_level(logging.ERROR):
        status.guard(parse)()
    assert UNEXPECTED_FAILURE in status.value
    assert "invalid literal" not in status.value
    assert "uventet fejl i parse: ValueError" in caplog.text
    assert "Traceback" not in status.value


def test_an_unexpected_failure_in_a_library_is_not_named(caplog: pytest.LogCaptureFixture) -> None:
    """The facilitator once read 'Uventet fejl (IllegalCharacterError)'."""
    status = StatusLine()

    class IllegalCharacterError(Exception):
        pass

    def export() -> None:
        raise IllegalCharacterError("\x01 cannot be used in worksheets.")

    with caplog.at_level(logging.ERROR):
        status.guard(export)()
    assert status.value == (
        '<p role="status" style="color:#b71c1c">Der skete en uventet fejl; handlingen blev '
        "afbrudt, og intet er gemt. Fejlen er skrevet i serverens log.</p>"
    )
    assert "IllegalCharacterError" in caplog.text
