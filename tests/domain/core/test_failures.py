from __future__ import annotations

import logging

import pytest

from tilsynwidgets.domain.core.failures import log_failure

_log = logging.getLogger("tilsynwidgets.test")


PERSON = "Hanne Hansen, Fyrrely 3"


def _fail(name: str) -> None:
    try:
        {}[name]
    except KeyError as exc:
        raise ValueError(f"plejefamilien {name} kunne ikke gemmes") from exc


def test_a_failure_is_logged_by_type_and_code_lines_without_its_data(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.ERROR, logger="tilsynwidgets.test"):
        try:
            _fail(PERSON)
        except ValueError as exc:
            log_failure(_log, "gem fejlede", exc)
    assert "Hanne" not in caplog.text
    assert "Fyrrely" not in caplog.text
    assert "gem fejlede: ValueError (udløst af KeyError)" in caplog.text
    assert "in _fail" in caplog.text  # where it happened is kept
    assert caplog.records[0].levelno == logging.ERROR
