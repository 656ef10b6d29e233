"""What a person is told when an action fails, in Danish and nothing else.

A known refusal keeps its own Danish message: a validation error, named field by field
(:func:`~tilsynwidgets.domain.core.messages.validation_messages`), the store's and the data
files' errors, and a domain rule's ``ValueError``. Anything else is a bug: the person reads
:data:`UNEXPECTED_FAILURE`, never the exception's class or text (English, and it may quote
what someone typed), and the failure is logged on the server by
:func:`~tilsynwidgets.domain.core.failures.log_failure`.
"""

from __future__ import annotations

import logging

from pydantic import BaseModel, ValidationError

from tilsynwidgets.domain.core.failures import log_failure
from tilsynwidgets.domain.core.messages import in_own_words, validation_messages

__all__ = ["UNEXPECTED_FAILURE", "failure_text", "refusal_text"]

UNEXPECTED_FAILURE = (
    "Der skete en uventet fejl; handlingen blev afbrudt, og intet er gemt. "
    "Fejlen er skrevet i serverens log."
)


def refusal_text(exc: BaseException, model: type[BaseModel] | None = None) -> str | None:
    """The Danish message of a known refusal, or ``None`` when ``exc`` is unexpected.

    ``model`` names the fields of a validation error (see :func:`validation_messages`).
    """
    if isinstance(exc, ValidationError):
        return "; ".join(validation_messages(exc, model))
    if in_own_words(exc):
        text = str(exc).strip()
        return text or None
    return None


def failure_text(
    exc: BaseException,
    logger: logging.Logger,
    what: str,
    *,
    model: type[BaseModel] | None = None,
) -> str:
    """What to show for ``exc``: its refusal text, or :data:`UNEXPECTED_FAILURE` after
    logging it as ``what`` (its type and code lines only)."""
    text = refusal_text(exc, model)
    if text is None:
        log_failure(logger, what, exc)
        return UNEXPECTED_FAILURE
    return text
