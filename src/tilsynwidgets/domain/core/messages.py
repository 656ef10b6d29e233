"""Danish wording for pydantic validation errors.

Pydantic speaks English; everyone who reads these messages speaks Danish. Validators in
this package raise ``ValueError`` with Danish text, which is passed through unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from tilsynwidgets.domain.core.danish_numbers import danish_number

if TYPE_CHECKING:
    from pydantic_core import ErrorDetails

__all__ = ["danish_error", "format_location"]

_TEMPLATES: dict[str, str] = {
    "missing": "skal udfyldes",
    "string_too_short": "skal have mindst {min_length} tegn",
    "string_too_long": "må højst have {max_length} tegn",
    "too_short": "skal have mindst {min_length} element(er)",
    "too_long": "må højst have {max_length} element(er)",
    "string_pattern_mismatch": "har et ugyldigt format (mønster {pattern})",
    "string_type": "skal være tekst",
    "int_type": "skal være et helt tal",
    "int_parsing": "skal være et helt tal",
    "int_from_float": "skal være et helt tal",
    "float_type": "skal være et tal",
    "float_parsing": "skal være et tal",
    "finite_number": "skal være et endeligt tal",
    "bool_type": "skal være ja eller nej",
    "bool_parsing": "skal være ja eller nej",
    "date_type": "skal være en dato (ÅÅÅÅ-MM-DD)",
    "date_parsing": "skal være en dato (ÅÅÅÅ-MM-DD)",
    "date_from_datetime_parsing": "skal være en dato (ÅÅÅÅ-MM-DD)",
    "datetime_type": "skal være et tidspunkt",
    "datetime_parsing": "skal være et tidspunkt",
    "datetime_from_date_parsing": "skal være et tidspunkt",
    "greater_than": "skal være større end {gt}",
    "greater_than_equal": "skal være mindst {ge}",
    "less_than": "skal være mindre end {lt}",
    "less_than_equal": "må højst være {le}",
    "list_type": "skal være en liste",
    "dict_type": "skal være en opslagstabel (nøgle: værdi)",
    "model_type": "skal være en opslagstabel (nøgle: værdi)",
    "model_attributes_type": "skal være en opslagstabel (nøgle: værdi)",
    "extra_forbidden": "er ikke et kendt felt",
    "literal_error": "skal være en af: {expected}",
    "enum": "skal være en af: {expected}",
    "frozen_instance": "kan ikke ændres",
}


def danish_error(error: ErrorDetails) -> str:
    """Return the Danish message for one pydantic error."""
    kind = error["type"]
    if kind in {"value_error", "assertion_error"}:
        ctx = error.get("ctx") or {}
        cause = ctx.get("error")
        return str(cause) if cause is not None else error["msg"]
    template = _TEMPLATES.get(kind)
    if template is None:
        return f"er ugyldig ({error['msg']})"
    context: dict[str, Any] = {
        key: _number(value) for key, value in (error.get("ctx") or {}).items()
    }
    if isinstance(context.get("expected"), str):
        context["expected"] = context["expected"].replace(" or ", " eller ")
    try:
        return template.format(**context)
    except (KeyError, IndexError):
        return template


def format_location(loc: Sequence[int | str]) -> str:
    """Render a pydantic location as ``criteria[3].threshold``."""
    text = ""
    for part in loc:
        if part == "[key]":
            text += " (nøgle)"
        elif isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def _number(value: Any) -> Any:
    """Numbers as a Dane writes them: 24 not 24.0, 2,5 not 2.5."""
    if isinstance(value, float) and not isinstance(value, bool):
        return danish_number(value)
    return value
