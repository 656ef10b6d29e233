"""The draft: the form's one source of truth, a JSON-compatible dict.

Enums are stored as their values, dates as ISO strings, nested models as dicts and lists of
models as lists of dicts, so a draft can be autosaved and restored as it is. These helpers
are pure: they know specs and dicts, never widgets.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date
from enum import Enum
from typing import TYPE_CHECKING, Any

from tilsynwidgets.domain.core.fields import clean_text
from tilsynwidgets.domain.core.messages import format_location

if TYPE_CHECKING:
    from tilsynwidgets.forms._schema import FieldSpec

__all__ = [
    "Loc",
    "copy_json",
    "get_in",
    "normalise",
    "parent_path",
    "path_of",
    "payload",
    "set_in",
]

Loc = tuple[str | int, ...]
"""A location in the draft, as pydantic reports it: ``("visits", "announced_per_year")``."""


def path_of(loc: Loc) -> str:
    """The path users and callers see: ``visits.announced_per_year``, ``reasons[0].explanation``."""
    return format_location(loc)


def parent_path(path: str) -> str:
    """The path one step up (``a.b[2]`` → ``a.b`` → ``a`` → ``""``)."""
    cut = max(path.rfind("."), path.rfind("["))
    return path[:cut] if cut > 0 else ""


def copy_json(value: Any) -> Any:
    """A deep copy of a JSON value (lists and dicts), cheaper than ``copy.deepcopy``."""
    if isinstance(value, dict):
        return {key: copy_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [copy_json(item) for item in value]
    return value


def get_in(draft: Any, loc: Loc) -> Any:
    for part in loc:
        draft = draft[part]
    return draft


def set_in(draft: dict[str, Any], loc: Loc, value: Any) -> None:
    get_in(draft, loc[:-1])[loc[-1]] = value


def payload(specs: Sequence[FieldSpec], draft: Mapping[str, Any]) -> dict[str, Any]:
    """What the model validates: the draft, with blanks of required fields left out.

    An unanswered required choice is ``None`` in the draft (the widget shows no choice);
    leaving it out makes pydantic say "skal udfyldes" instead of naming the allowed values.
    """
    out: dict[str, Any] = {}
    for spec in specs:
        value = draft.get(spec.name)
        if spec.kind == "model" and isinstance(value, Mapping):
            value = payload(spec.children, value)
        elif spec.kind == "model_list" and isinstance(value, list):
            value = [payload(spec.children, row) for row in value]
        if value is None and not spec.optional:
            continue
        out[spec.name] = value
    return out


def normalise(spec: FieldSpec, value: Any, current: Any) -> Any:
    """``value`` in the draft's JSON form, merged over ``current`` for nested models.

    Accepts what callers naturally have (enum members, dates, tuples, model instances) and
    raises ``ValueError`` in Danish when a value cannot be shown by the field's widget.
    """
    if hasattr(value, "model_dump"):
        value = value.model_dump(mode="json")
    if spec.kind == "model":
        if not isinstance(value, Mapping):
            raise _unshowable(spec, value)
        merged = dict(current) if isinstance(current, Mapping) else {}
        for child in spec.children:
            if child.name in value:
                merged[child.name] = normalise(child, value[child.name], merged.get(child.name))
        return merged
    if spec.kind == "model_list":
        if not isinstance(value, list | tuple):
            raise _unshowable(spec, value)
        blank = {child.name: child.initial for child in spec.children}
        return [normalise(_as_model(spec), row, copy_json(blank)) for row in value]
    if value is None:
        if spec.kind in {"enum", "date"} or (spec.kind == "str" and spec.optional):
            return None
        raise _unshowable(spec, value)
    return _scalar(spec, value)


def _scalar(spec: FieldSpec, value: Any) -> Any:
    kind = spec.kind
    if kind == "enum":
        return _member_value(spec, value)
    if kind == "multi_enum" and isinstance(value, list | tuple | set | frozenset):
        chosen = {_member_value(spec, item) for item in value}
        assert spec.enum is not None
        return [member.value for member in spec.enum if member.value in chosen]
    if kind == "bool" and isinstance(value, bool):
        return value
    number = isinstance(value, int | float) and not isinstance(value, bool)
    if kind == "int" and number and float(value).is_integer():
        return int(value)
    if kind == "float" and number:
        return float(value)
    if kind == "str" and isinstance(value, str):
        return clean_text(value, multiline=spec.multiline)
    if kind == "date":
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, str):
            try:
                return date.fromisoformat(value).isoformat()
            except ValueError:
                pass
    raise _unshowable(spec, value)


def _member_value(spec: FieldSpec, value: Any) -> Any:
    """The enum value of ``value``; a value the field does not offer cannot be shown (nor
    kept: no widget could take it away again)."""
    assert spec.enum is not None
    raw = value.value if isinstance(value, Enum) else value
    offered = spec.choices
    if any(m.value == raw for m in spec.enum) and (offered is None or str(raw) in offered):
        return raw
    raise _unshowable(spec, value)


def _as_model(spec: FieldSpec) -> FieldSpec:
    """A list's row spec: the same children, shown as one nested model."""
    return replace(spec, kind="model")


def _unshowable(spec: FieldSpec, value: Any) -> ValueError:
    return ValueError(f"'{spec.path}' ({spec.title}) kan ikke vise værdien {value!r}")
