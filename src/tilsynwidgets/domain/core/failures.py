"""Logging an unexpected failure without the data it carried.

An exception's message may quote what a user typed or what a unit is called (pydantic's
validation errors repeat the input; a database error may repeat a row). Logs must hold no
personal data, so a failure is logged by its type and the code lines it passed through,
never by its message or arguments.
"""

from __future__ import annotations

import logging
import traceback

__all__ = ["log_failure"]


def log_failure(logger: logging.Logger, what: str, exc: BaseException) -> None:
    """Log ``exc`` at error level as ``what``: its type and its traceback's code lines."""
    frames = "".join(traceback.format_tb(exc.__traceback__))
    chain: list[str] = []
    cause = exc.__cause__ or exc.__context__
    while cause is not None and len(chain) < 5:
        chain.append(type(cause).__name__)
        cause = cause.__cause__ or cause.__context__
    caused_by = f" (udløst af {', '.join(chain)})" if chain else ""
    logger.error("%s: %s%s\n%s", what, type(exc).__name__, caused_by, frames.rstrip())
