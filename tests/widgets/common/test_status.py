"""The status line: messages escaped, and a failing handler shown in Danish, never
swallowed."""

from __future__ import annotations

import logging

import pytest

from tilsynwidgets.store.errors import StoreError
from tilsynwidgets.widgets.common.status import StatusLine


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
    assert "Uventet fejl (KeyError); handlingen blev afbrudt." in status.value
    assert "010203" not in status.value
    assert "uventet fejl i broken: KeyError" in caplog.text
    assert "010203" not in caplog.text


def test_a_handler_that_succeeds_leaves_the_line_alone() -> None:
    status = StatusLine()
    status.info("Arbejder …")
    status.guard(lambda: None)()
    assert "Arbejder …" in status.value
