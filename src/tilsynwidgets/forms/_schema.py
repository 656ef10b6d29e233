"""What a form shows, read once from a pydantic model: one :class:`FieldSpec` per field.

The form layer never looks at annotations again after this: widgets, draft defaults and
validation all follow the specs, so an unsupported type fails here, at build time, with a
message that says what to do, instead of half-way through a user's session.
"""

from __future__ import annotations

import types
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import Enum
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined, to_jsonable_python

from tilsynwidgets.domain.core.fields import text_shape
from tilsynwidgets.forms._draft import copy_json

__all__ = [
    "TEXTAREA_FROM",
    "TOGGLE_UP_TO",
    "FieldSpec",
    "Kind",
    "UnsupportedFieldError",
    "WidgetKind",
    "blank_row",
    "describe_fields",
    "shown_names",
]

Kind = Literal["enum", "multi_enum", "int", "float", "str", "bool", "date", "model", "model_list"]
"""The kinds of field a form can show."""

WidgetKind = Literal[
    "dropdown",
    "toggle_buttons",
    "radio_buttons",
    "checkboxes",
    "select_multiple",
    "text",
    "textarea",
]
"""Per-field widget choices (``overrides`` or ``json_schema_extra={"widget": ...}``)."""

_WIDGETS: dict[Kind, frozenset[str]] = {
    "enum": frozenset({"dropdown", "toggle_buttons", "radio_buttons"}),
    "multi_enum": frozenset({"checkboxes", "select_multiple"}),
    "str": frozenset({"text", "textarea"}),
}

TOGGLE_UP_TO = 4
"""Enums with at most this many options are shown as toggle buttons, others as a dropdown."""

TEXTAREA_FROM = 200
"""Text fields allowing more characters than this get a multi-line text area."""


class UnsupportedFieldError(TypeError):
    """A model field the form layer cannot show; raised when the form is built."""


@dataclass(frozen=True)
class FieldSpec:
    """One shown field: what to call it, how to show it and what it starts as (JSON)."""

    path: str
    """Dotted path without list indices (``visits.announced_per_year``); keys ``overrides``."""
    name: str
    title: str
    help: str
    kind: Kind
    optional: bool
    initial: Any
    widget: WidgetKind | None = None
    enum: type[Enum] | None = None
    choices: tuple[str, ...] | None = None
    """For an enum: the values offered (``json_schema_extra={"choices": [...]}``), else all."""
    model: type[BaseModel] | None = None
    children: tuple[FieldSpec, ...] = ()
    multiline: bool = False
    """For text: whether line breaks typed or pasted are kept (else they become spaces); the
    model's own shape (:class:`~tilsynwidgets.domain.core.fields.TextShape`), else the widget's."""


def describe_fields(
    model: type[BaseModel],
    *,
    names: Sequence[str] | None = None,
    exclude: Collection[str] = (),
    overrides: Mapping[str, WidgetKind] | None = None,
    prefix: str = "",
    choices: Mapping[str, Collection[str]] | None = None,
) -> tuple[FieldSpec, ...]:
    """Specs for the model's fields (``names`` in that order, else all but ``exclude``).

    ``choices`` narrows what an enum field offers, by field path, at run time (e.g. the data
    sources of one kind of unit); it takes the place of ``json_schema_extra`` choices.
    """
    overrides = overrides or {}
    choices = choices or {}
    known = model.model_fields
    chosen = list(names) if names is not None else [n for n in known if n not in exclude]
    unknown = [n for n in [*chosen, *exclude] if n not in known]
    if unknown:
        raise ValueError(f"{model.__name__} har ingen felter ved navn: {', '.join(unknown)}")
    return tuple(_spec(name, known[name], prefix, overrides, choices) for name in chosen)


def shown_names(
    model: type[BaseModel],
    fixed: Mapping[str, Any],
    fields: Sequence[str] | None,
    exclude: Collection[str],
) -> list[str]:
    """The names a form shows: ``fields`` in order, else every field not fixed or excluded."""
    known = model.model_fields
    unknown = [name for name in fixed if name not in known]
    if unknown:
        raise ValueError(f"{model.__name__} har ingen felter ved navn: {', '.join(unknown)}")
    if fields is None:
        return [name for name in known if name not in fixed and name not in exclude]
    clash = [name for name in fields if name in fixed]
    if clash:
        raise ValueError(f"felter kan ikke både vises og være faste: {', '.join(clash)}")
    return [name for name in fields if name not in exclude]


def blank_row(spec: FieldSpec) -> dict[str, Any]:
    """The draft of a new row (or a nested model without a default)."""
    return {child.name: copy_json(child.initial) for child in spec.children}


def _spec(
    name: str,
    field: FieldInfo,
    prefix: str,
    overrides: Mapping[str, WidgetKind],
    choices: Mapping[str, Collection[str]],
) -> FieldSpec:
    path = f"{prefix}.{name}" if prefix else name
    core, optional = _unwrap(field.annotation)
    title = field.title or name
    help_text = field.description or ""
    kind, enum, model = _classify(core, optional, path, field.annotation)
    children: tuple[FieldSpec, ...] = ()
    if model is not None:
        children = describe_fields(model, overrides=overrides, prefix=path, choices=choices)
    widget = _widget(kind, field, path, overrides, enum)
    offered = _offered(field, path, enum, choices.get(path))
    shape = text_shape(field.metadata)
    multiline = shape.multiline if shape is not None else widget == "textarea"
    spec = FieldSpec(
        path=path,
        name=name,
        title=title,
        help=help_text,
        kind=kind,
        optional=optional,
        initial=None,
        widget=widget,
        enum=enum,
        choices=offered,
        model=model,
        children=children,
        multiline=kind == "str" and multiline,
    )
    return _with_initial(spec, field)


def _offered(
    field: FieldInfo, path: str, enum: type[Enum] | None, runtime: Collection[str] | None
) -> tuple[str, ...] | None:
    """The enum values a field offers, when the caller or its metadata narrows them (checked
    here, so a misspelt value fails when the form is built, not when someone picks it)."""
    extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
    given = extra.get("choices") if runtime is None else list(runtime)
    if given is None:
        return None
    if enum is None or not isinstance(given, list | tuple):
        raise ValueError(f"Feltet '{path}': 'choices' kræver et enum-felt og en liste af værdier.")
    values = tuple(str(value) for value in given)
    unknown = sorted(set(values) - {str(member.value) for member in enum})
    if unknown:
        raise ValueError(f"Feltet '{path}': ukendte værdier i 'choices': {', '.join(unknown)}")
    return values


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """The core type and whether ``None`` is allowed (``X | None``, ``Annotated[X, ...]``)."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return _unwrap(get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        args = get_args(annotation)
        rest = [a for a in args if a is not type(None)]
        if len(rest) == 1:
            core, _ = _unwrap(rest[0])
            return core, len(rest) < len(args)
        return annotation, len(rest) < len(args)
    return annotation, False


def _classify(
    core: Any, optional: bool, path: str, annotation: Any
) -> tuple[Kind, type[Enum] | None, type[BaseModel] | None]:
    kind: Kind | None = None
    enum: type[Enum] | None = None
    model: type[BaseModel] | None = None
    origin = get_origin(core)
    if origin in (tuple, list, set, frozenset):
        args = [a for a in get_args(core) if a is not Ellipsis]
        inner, inner_optional = _unwrap(args[0]) if len(args) == 1 else (None, False)
        if _is_class(inner, Enum) and not inner_optional:
            kind, enum = "multi_enum", inner
        elif _is_class(inner, BaseModel) and not inner_optional:
            kind, model = "model_list", inner
    elif _is_class(core, Enum):
        kind, enum = "enum", core
    elif _is_class(core, BaseModel):
        kind, model = "model", core
    elif core is bool:
        kind = "bool"
    elif core is int:
        kind = "int"
    elif core is float:
        kind = "float"
    elif core is str:
        kind = "str"
    elif core is date:  # datetime is a subclass of date: compared exactly on purpose
        kind = "date"
    if kind is None or (optional and kind not in {"enum", "str", "date"}):
        shown = getattr(annotation, "__name__", None) or repr(annotation)
        if core is datetime:
            shown = "datetime"
        top = path.split(".")[0]
        raise UnsupportedFieldError(
            f"Feltet '{path}' har typen {shown}, som formularer ikke kan vise. "
            f"Giv '{top}' en fast værdi (fixed=...) eller udelad det (exclude=...)."
        )
    return kind, enum, model


def _widget(
    kind: Kind,
    field: FieldInfo,
    path: str,
    overrides: Mapping[str, WidgetKind],
    enum: type[Enum] | None,
) -> WidgetKind | None:
    extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
    hint = overrides.get(path, extra.get("widget"))
    if hint is not None:
        if hint not in _WIDGETS.get(kind, frozenset()):
            raise ValueError(f"Feltet '{path}' ({kind}) kan ikke vises som '{hint}'.")
        return hint  # type: ignore[return-value]  # checked against the literal's values
    if kind == "enum":
        assert enum is not None
        return "toggle_buttons" if len(enum) <= TOGGLE_UP_TO else "dropdown"
    if kind == "multi_enum":
        return "checkboxes"
    if kind == "str":
        longest = _max_length(field)
        return "textarea" if longest is not None and longest > TEXTAREA_FROM else "text"
    return None


def _max_length(field: FieldInfo) -> int | None:
    lengths = [
        m.max_length for m in field.metadata if isinstance(getattr(m, "max_length", None), int)
    ]
    return min(lengths) if lengths else None


def _with_initial(spec: FieldSpec, field: FieldInfo) -> FieldSpec:
    """The draft value a field starts with: its default, else a blank the widget can show."""
    if field.default is not PydanticUndefined or field.default_factory is not None:
        value = to_jsonable_python(field.get_default(call_default_factory=True))
    elif spec.kind == "model":
        value = blank_row(spec)
    else:
        value = _BLANK[spec.kind]
        if spec.kind == "str" and spec.optional:
            value = None
    return replace(spec, initial=value)


_BLANK: dict[Kind, Any] = {
    "enum": None,
    "multi_enum": [],
    "int": 0,
    "float": 0.0,
    "str": "",
    "bool": False,
    "date": None,
    "model_list": [],
}


def _is_class(value: Any, base: type) -> bool:
    return isinstance(value, type) and issubclass(value, base)
