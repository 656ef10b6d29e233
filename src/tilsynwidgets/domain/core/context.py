"""Packaged data reaching a validator explicitly, through pydantic's validation context.

A model that checks its values against packaged data (the signal catalogue, the vignette
set, the legal rule set, the measure catalogue) reads that data from the validation context,
under a key its owning module names (``SIGNALS``, ``VIGNETTES``, ``RULESET``, ``MEASURES``):
``Model.model_validate(data, context={VIGNETTES: my_set})``. Given none, the validator uses
the packaged data; :func:`given_in` is the one place that falls back.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TypeVar

from pydantic import ValidationInfo

__all__ = ["given_in"]

T = TypeVar("T")


def given_in(info: ValidationInfo, key: str, kind: type[T], packaged: Callable[[], T]) -> T:
    """The ``kind`` under ``key`` in the validation context, else ``packaged()``; something
    else under the key is a programming error (``TypeError``), never silently ignored."""
    context = info.context
    given = context.get(key) if isinstance(context, Mapping) else None
    if given is None:
        return packaged()
    if not isinstance(given, kind):
        raise TypeError(f"the validation context's '{key}' must be a {kind.__name__}")
    return given
