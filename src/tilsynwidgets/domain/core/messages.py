"""Danish wording for pydantic validation errors.

Pydantic speaks English; everyone who reads these messages speaks Danish. Every error type
pydantic knows has a Danish sentence here (an unknown one gets a general Danish sentence,
never pydantic's English), and a pattern is described in words, never shown as a regular
expression. Validators in this package raise ``ValueError`` with Danish text, which is
passed through unchanged; a ``ValueError`` raised by a library (English) is not.

:func:`validation_messages` turns a whole :class:`~pydantic.ValidationError` into Danish
lines that name each field by its ``title``: ``Kriterium 1, Id: …``.
"""

from __future__ import annotations

import sys
import sysconfig
import traceback
import types
from collections.abc import Callable, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from tilsynwidgets.domain.core.danish_numbers import danish_number

if TYPE_CHECKING:
    from pydantic.fields import FieldInfo
    from pydantic_core import ErrorDetails

__all__ = [
    "UNKNOWN_ERROR",
    "danish_error",
    "field_at",
    "field_name",
    "format_location",
    "in_own_words",
    "validation_messages",
]

UNKNOWN_ERROR = "er ikke gyldig"
"""The sentence for an error type without a Danish text of its own."""

_SHAPE = "skal være en opslagstabel (nøgle: værdi)"
_LIST = "skal være en liste"
_DATE = "skal være en dato (ÅÅÅÅ-MM-DD)"
_TIME = "skal være et tidspunkt"
_WRONG_KIND = "har en værdi af en slags, der ikke kan bruges her"
_UNREADABLE = "kan ikke læses"

_PATTERNS: dict[str, str] = {
    r"^[a-z][a-z0-9_]*$": (
        "skal begynde med et lille bogstav og må kun indeholde små bogstaver (a–z, uden æ, ø "
        "og å), tal og _"
    ),
    r"^[a-z][a-z0-9_]{0,63}$": (
        "skal begynde med et lille bogstav og må kun indeholde små bogstaver (a–z, uden æ, ø "
        "og å), tal og _; højst 64 tegn"
    ),
    r"^[a-z0-9][a-z0-9-]*$": (
        "må kun indeholde små bogstaver (a–z, uden æ, ø og å), tal og bindestreg og skal "
        "begynde med et bogstav eller et tal"
    ),
    r"^[a-z0-9][a-z0-9-]{0,47}$": (
        "må kun indeholde små bogstaver (a–z, uden æ, ø og å), tal og bindestreg og skal "
        "begynde med et bogstav eller et tal; højst 48 tegn"
    ),
    r"^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$": (
        "må kun indeholde bogstaver (a–z, uden æ, ø og å), tal, bindestreg og _ og skal "
        "begynde med et bogstav eller et tal; højst 32 tegn"
    ),
    r"^[0-9a-f]{32}$": "skal være en kode på 32 tegn (tal og bogstaverne a–f)",
    r"^#[0-9A-Fa-f]{6}$": "skal være en farvekode som #1B5E20",
    r"^[A-Za-z0-9_-]+\.ipynb$": (
        "skal være navnet på en notesbog: bogstaver (a–z), tal, bindestreg og _, og til sidst "
        ".ipynb"
    ),
}
"""Each pattern the package's models use, described in words."""

_PATTERN_UNKNOWN = "har et ugyldigt format"


def _count(noun: str, plural: str, key: str, lead: str) -> Callable[[Mapping[str, Any]], str]:
    def text(context: Mapping[str, Any]) -> str:
        count = context.get(key)
        if count is None:
            return f"{lead} {plural}"
        return f"{lead} {count} {noun if count == 1 else plural}"

    return text


def _pattern(context: Mapping[str, Any]) -> str:
    allowed = _PATTERNS.get(str(context.get("pattern", "")))
    return f"{_PATTERN_UNKNOWN}: {allowed}" if allowed else _PATTERN_UNKNOWN


_Template = str | Callable[[Mapping[str, Any]], str]

_TEMPLATES: dict[str, _Template] = {
    # reading the value at all
    "json_invalid": _UNREADABLE,
    "json_type": _UNREADABLE,
    "needs_python_object": _UNREADABLE,
    "get_attribute_error": _UNREADABLE,
    "iteration_error": _UNREADABLE,
    "recursion_loop": "henviser til sig selv i ring",
    "recursion_depth_exceeded": "er indlejret for mange niveauer",
    "no_such_attribute": "findes ikke",
    # present or not, known or not
    "missing": "skal udfyldes",
    "missing_argument": "skal udfyldes",
    "missing_keyword_only_argument": "skal udfyldes",
    "missing_positional_only_argument": "skal udfyldes",
    "default_factory_not_called": "kan ikke udfyldes af sig selv, før de andre fejl er rettet",
    "frozen_field": "kan ikke ændres",
    "frozen_instance": "kan ikke ændres",
    "extra_forbidden": "er ikke et kendt felt",
    "unexpected_keyword_argument": "er ikke et kendt felt",
    "unexpected_positional_argument": "er ikke et kendt felt",
    "multiple_argument_values": "er angivet mere end én gang",
    "arguments_type": _SHAPE,
    "invalid_key": "skal have tekst som nøgler",
    "none_required": "skal være tom",
    "missing_sentinel_error": "skal være tom",
    "ellipsis_error": _WRONG_KIND,
    "is_instance_of": _WRONG_KIND,
    "is_subclass_of": _WRONG_KIND,
    "callable_type": _WRONG_KIND,
    # tables and lists
    "model_type": _SHAPE,
    "model_attributes_type": _SHAPE,
    "dataclass_type": _SHAPE,
    "dataclass_exact_type": _SHAPE,
    "dict_type": _SHAPE,
    "frozen_dict_type": _SHAPE,
    "ordered_dict_type": _SHAPE,
    "counter_type": _SHAPE,
    "mapping_type": _SHAPE,
    "named_tuple_type": _LIST,
    "list_type": _LIST,
    "tuple_type": _LIST,
    "set_type": _LIST,
    "frozen_set_type": _LIST,
    "deque_type": _LIST,
    "iterable_type": _LIST,
    "set_item_not_hashable": "må kun indeholde enkle værdier (tekst eller tal)",
    "too_short": _count("element", "elementer", "min_length", "skal have mindst"),
    "too_long": _count("element", "elementer", "max_length", "må højst have"),
    "union_tag_invalid": "skal være en af: {expected_tags}",
    "union_tag_not_found": "mangler oplysningen om, hvilken slags det er",
    # text
    "string_type": "skal være tekst",
    "string_unicode": "skal være tekst",
    "string_too_short": "skal have mindst {min_length} tegn",
    "string_too_long": "må højst have {max_length} tegn",
    "string_pattern_mismatch": _pattern,
    "string_not_ascii": "må kun indeholde bogstaverne a–z (uden æ, ø og å), tal og tegn",
    "bytes_type": "skal være indholdet af en fil",
    "bytes_too_short": "skal fylde mindst {min_length} byte",
    "bytes_too_long": "må højst fylde {max_length} byte",
    "bytes_invalid_encoding": "er ikke gemt med den rigtige tegnkodning",
    "literal_error": "skal være en af: {expected}",
    "enum": "skal være en af: {expected}",
    "url_type": "skal være en webadresse",
    "url_parsing": "skal være en webadresse",
    "url_syntax_violation": "skal være en webadresse",
    "url_too_long": "må højst have {max_length} tegn",
    "url_scheme": "er en slags webadresse, der ikke kan bruges her",
    "uuid_type": "skal være et id på 32 tal og bogstaver",
    "uuid_parsing": "skal være et id på 32 tal og bogstaver",
    "uuid_version": "er et id af en slags, der ikke kan bruges her",
    # yes/no and numbers
    "bool_type": "skal være ja eller nej",
    "bool_parsing": "skal være ja eller nej",
    "int_type": "skal være et helt tal",
    "int_parsing": "skal være et helt tal",
    "int_from_float": "skal være et helt tal",
    "int_parsing_size": "er et for stort tal",
    "float_type": "skal være et tal",
    "float_parsing": "skal være et tal",
    "decimal_type": "skal være et tal",
    "decimal_parsing": "skal være et tal",
    "fraction_type": "skal være et tal eller en brøk",
    "fraction_parsing": "skal være et tal eller en brøk",
    "complex_type": "skal være et tal",
    "complex_str_parsing": "skal være et tal",
    "finite_number": "skal være et endeligt tal",
    "greater_than": "skal være større end {gt}",
    "greater_than_equal": "skal være mindst {ge}",
    "less_than": "skal være mindre end {lt}",
    "less_than_equal": "må højst være {le}",
    "multiple_of": "skal kunne deles med {multiple_of} uden rest",
    "decimal_max_digits": _count("ciffer", "cifre", "max_digits", "må højst have"),
    "decimal_max_places": _count("decimal", "decimaler", "decimal_places", "må højst have"),
    "decimal_whole_digits": _count(
        "ciffer før kommaet", "cifre før kommaet", "whole_digits", "må højst have"
    ),
    # dates and times
    "date_type": _DATE,
    "date_parsing": _DATE,
    "date_from_datetime_parsing": _DATE,
    "date_from_datetime_inexact": "skal være en dato uden klokkeslæt",
    "date_past": "skal ligge før i dag",
    "date_future": "skal ligge efter i dag",
    "time_type": "skal være et klokkeslæt (TT:MM)",
    "time_parsing": "skal være et klokkeslæt (TT:MM)",
    "datetime_type": _TIME,
    "datetime_parsing": _TIME,
    "datetime_object_invalid": _TIME,
    "datetime_from_date_parsing": _TIME,
    "datetime_past": "skal ligge før nu",
    "datetime_future": "skal ligge efter nu",
    "timezone_naive": "må ikke have en tidszone",
    "timezone_aware": "skal have en tidszone",
    "timezone_offset": "har en anden tidszone end den, der kræves",
    "time_delta_type": "skal være en varighed",
    "time_delta_parsing": "skal være en varighed",
}


def danish_error(error: ErrorDetails, *, field: FieldInfo | None = None) -> str:
    """Return the Danish message for one pydantic error.

    ``field`` (when known) lends its ``description`` to a pattern the table above does not
    describe.
    """
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind in {"value_error", "assertion_error"}:
        cause = ctx.get("error")
        if isinstance(cause, BaseException) and not in_own_words(cause):
            return UNKNOWN_ERROR
        return str(cause) if cause is not None and str(cause) else UNKNOWN_ERROR
    if (
        kind == "string_pattern_mismatch"
        and ctx.get("pattern") not in _PATTERNS
        and field is not None
        and field.description
    ):
        return f"{_PATTERN_UNKNOWN}. {field.description}"
    template = _TEMPLATES.get(kind)
    if template is None:
        return UNKNOWN_ERROR
    context: dict[str, Any] = {key: _number(value) for key, value in ctx.items()}
    for key in ("expected", "expected_tags"):
        if isinstance(context.get(key), str):
            context[key] = context[key].replace(" or ", " eller ")
    if callable(template):
        return template(context)
    try:
        return template.format(**context)
    except (KeyError, IndexError):
        return UNKNOWN_ERROR


def validation_messages(
    error: ValidationError, model: type[BaseModel] | None = None
) -> tuple[str, ...]:
    """Each error in ``error`` as a Danish line naming its field: ``Navn: må højst have 60
    tegn``, ``Kriterium 1, Id: …``; an error about the whole is its message alone.

    ``model`` is the model that was validated; without it the model is found by the name
    pydantic gives the error (a model of this package).
    """
    model = model or _model_named(error.title)
    lines: list[str] = []
    for item in error.errors():
        loc = tuple(item["loc"])
        name = field_name(loc, model, unknown_key=item["type"] in _UNKNOWN_KEY)
        message = danish_error(item, field=field_at(loc, model))
        lines.append(f"{name}: {message}" if name else message)
    return tuple(dict.fromkeys(lines))


_UNKNOWN_KEY = frozenset({"extra_forbidden", "unexpected_keyword_argument"})

_SINGULAR: dict[str, str] = {
    "Kriterier": "Kriterium",
    "Vignetter": "Vignet",
    "Rundens vignetter": "Vignet",
    "Tiltag": "Tiltag",
    "Begrundelser for forslaget": "Begrundelse",
    "Risikofaktorer": "Risikofaktor",
    "Beskyttende faktorer": "Beskyttende faktor",
}
"""What one element of a titled list is called (``Kriterium 1``)."""


def field_name(
    loc: Sequence[int | str], model: type[BaseModel] | None, *, unknown_key: bool = False
) -> str:
    """The Danish name of the field at ``loc`` in ``model``, by the fields' titles:
    ``("criteria", 0, "id")`` → ``Kriterium 1, Id``. A step without a title is left out.
    With ``unknown_key`` the last step is a key the model does not know (e.g. misspelt in a
    file); it is quoted as written."""
    names: list[str | None] = []
    annotation: Any = model
    for index, part in enumerate(loc):
        if part == "[key]":
            names.append("nøglen")
            break
        if isinstance(part, int):
            title = names.pop() if names else None
            singular = _SINGULAR.get(title or "")
            if singular:
                names.append(f"{singular} {part + 1}")
            else:
                names.extend([title, f"nr. {part + 1}" if title else f"Nr. {part + 1}"])
            annotation = _item_of(annotation)
            continue
        owner = _model_in(annotation, part)
        if owner is not None:
            info = owner.model_fields[part]
            names.append(info.title)
            annotation = info.annotation
        elif _is_mapping(annotation):
            names.append(f"«{part}»")
            annotation = _value_of(annotation)
        elif unknown_key and index == len(loc) - 1:
            names.append(f"«{part}»")
        # else: a step pydantic adds for a member of a union; not a field
    return _joined([name for name in names if name])


def _joined(names: list[str]) -> str:
    """``Kriterier nr. 2`` rather than ``Kriterier, nr. 2``."""
    text = ""
    for name in names:
        if not text:
            text = name
        elif name.startswith("nr. "):
            text += f" {name}"
        else:
            text += f", {name}"
    return text


def format_location(loc: Sequence[int | str]) -> str:
    """Render a pydantic location as ``criteria[3].threshold`` (a path for code and files)."""
    text = ""
    for part in loc:
        if part == "[key]":
            text += " (nøgle)"
        elif isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def in_own_words(exc: BaseException) -> bool:
    """True when ``exc`` carries a message this package wrote (Danish) for a person.

    That is an exception of one of the package's own classes (a store, data file or form
    refusal), or a ``ValueError`` raised by a ``raise`` statement outside the standard
    library and the installed libraries (a domain rule: ``raise ValueError("…")``). A
    ``ValueError`` from a library (``int("x")``, pandas, openpyxl) is in English and is not.
    """
    if type(exc).__module__.split(".")[0] == "tilsynwidgets":
        return True
    if not isinstance(exc, ValueError):
        return False
    tb = exc.__traceback__
    if tb is None:
        return True  # built, not raised, by the code that hands it on
    while tb.tb_next is not None:
        tb = tb.tb_next
    module = str(tb.tb_frame.f_globals.get("__name__", ""))
    if module.split(".")[0] != "tilsynwidgets" and _in_libraries(tb.tb_frame.f_code.co_filename):
        return False
    line = traceback.extract_tb(tb, limit=1)[-1].line or ""
    return line.lstrip().startswith("raise")  # else a built-in function raised it


def _in_libraries(filename: str) -> bool:
    path = Path(filename).resolve()
    return any(path.is_relative_to(root) for root in _library_roots())


@cache
def _library_roots() -> tuple[Path, ...]:
    names = ("stdlib", "platstdlib", "purelib", "platlib")
    roots = {Path(sysconfig.get_paths()[name]).resolve() for name in names}
    roots |= {Path(p).resolve() for p in sys.path if "-packages" in Path(p).name}
    return tuple(roots)


def _model_named(title: str) -> type[BaseModel] | None:
    """The package's one model called ``title`` (``None`` when none or several are)."""
    found: list[type[BaseModel]] = []
    seen: set[type[BaseModel]] = set()
    pending: list[type[BaseModel]] = list(BaseModel.__subclasses__())
    while pending:
        cls = pending.pop()
        if cls in seen:
            continue
        seen.add(cls)
        pending.extend(cls.__subclasses__())
        if cls.__name__ == title and cls.__module__.split(".")[0] == "tilsynwidgets":
            found.append(cls)
    return found[0] if len(found) == 1 else None


def field_at(loc: Sequence[int | str], model: type[BaseModel] | None) -> FieldInfo | None:
    """The field ``loc`` ends in, when it is a field of a model."""
    annotation: Any = model
    info: FieldInfo | None = None
    for part in loc:
        if isinstance(part, int):
            annotation, info = _item_of(annotation), None
            continue
        owner = _model_in(annotation, part)
        if owner is not None:
            info = owner.model_fields[part]
            annotation = info.annotation
        elif _is_mapping(annotation):
            annotation, info = _value_of(annotation), None
        else:
            info = None
    return info


def _members(annotation: Any) -> tuple[Any, ...]:
    """The types ``annotation`` may be: its members for a union, itself otherwise."""
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    if get_origin(annotation) in (Union, types.UnionType):
        return tuple(m for arg in get_args(annotation) for m in _members(arg))
    return (annotation,)


def _model_in(annotation: Any, name: str) -> type[BaseModel] | None:
    for member in _members(annotation):
        if (
            isinstance(member, type)
            and issubclass(member, BaseModel)
            and name in member.model_fields
        ):
            return member
    return None


def _is_mapping(annotation: Any) -> bool:
    return any(
        get_origin(member) in (dict, Mapping) or member in (dict, Mapping)
        for member in _members(annotation)
    )


def _value_of(annotation: Any) -> Any:
    for member in _members(annotation):
        args = get_args(member)
        if get_origin(member) in (dict, Mapping) and len(args) == 2:
            return args[1]
    return None


def _item_of(annotation: Any) -> Any:
    for member in _members(annotation):
        if get_origin(member) in (list, tuple, set, frozenset, Sequence):
            args = [a for a in get_args(member) if a is not Ellipsis]
            return args[0] if args else None
    return None


def _number(value: Any) -> Any:
    """Numbers as a Dane writes them: 24 not 24.0, 2,5 not 2.5, 2.000 not 2000."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return danish_number(value)
    return value
