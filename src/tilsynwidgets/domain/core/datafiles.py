"""Read versioned YAML data files into validated pydantic models.

Every error names the file, the line and the field, in Danish: a field by its title where
the model gives one (``linje 6, Kriterium 1, Id``), else by its key as written in the file
(``«count»``); never by a path such as ``criteria[0].id``. YAML is read with
``yaml.safe_load`` only: a data file can never run code. ``context`` is handed to pydantic's
validation unchanged: a model whose validators need other data (e.g. the signal catalogue,
:func:`tilsynwidgets.domain.core.signals.signals_context`) gets it there.
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from tilsynwidgets.domain.core.errors import DataFileError, Problem
from tilsynwidgets.domain.core.messages import danish_error, field_at, field_name

__all__ = ["field_place", "load_model", "load_packaged", "parse_model", "read_packaged_text"]

M = TypeVar("M", bound=BaseModel)

_PACKAGE = "tilsynwidgets"


def read_packaged_text(name: str) -> str:
    """Text of a data file shipped inside the package (``data/<name>``)."""
    return resources.files(_PACKAGE).joinpath("data", name).read_text(encoding="utf-8")


def load_packaged(model: type[M], name: str, *, context: Mapping[str, Any] | None = None) -> M:
    """Load and validate a data file shipped inside the package."""
    return parse_model(model, read_packaged_text(name), source=name, context=context)


def load_model(model: type[M], path: Path, *, context: Mapping[str, Any] | None = None) -> M:
    """Load and validate a data file from disk."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DataFileError(str(path), [Problem("", f"kan ikke læses ({exc.strerror})")]) from exc
    except UnicodeDecodeError as exc:
        raise DataFileError(str(path), [Problem("", "er ikke gemt som UTF-8-tekst")]) from exc
    return parse_model(model, text, source=path.name, context=context)


def parse_model(
    model: type[M], text: str, *, source: str, context: Mapping[str, Any] | None = None
) -> M:
    """Validate YAML ``text`` against ``model``; errors name ``source``, line and field."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"linje {mark.line + 1}, kolonne {mark.column + 1}" if mark else ""
        raise DataFileError(source, [Problem(where, _NOT_YAML)]) from exc
    except yaml.YAMLError as exc:
        raise DataFileError(source, [Problem("", _NOT_YAML)]) from exc
    if data is None:
        raise DataFileError(source, [Problem("", "er tom")])
    try:
        return model.model_validate(data, context=context)
    except ValidationError as exc:
        problems = [
            Problem(
                field_place(model, error["loc"], root),
                danish_error(error, field=field_at(error["loc"], model)),
            )
            for error in exc.errors()
        ]
        raise DataFileError(source, problems) from exc


_NOT_YAML = "er ikke gyldig YAML (se efter indrykning, kolon og anførselstegn)"
"""The parser's own explanation is English; the line and column say where."""


def field_place(
    model: type[BaseModel],
    loc: tuple[int | str, ...],
    root: yaml.Node | None,
    *,
    line: int | None = None,
) -> str:
    """Where ``loc`` is in a file read as ``model``: ``linje 6, Kriterium 1, Id``.

    A field is named by its title, a list item by its number (``Kriterium 1``), a key the
    model has no title for (or does not know) as written in the file (``«threshhold»``).
    The line is that of the deepest YAML node ``loc`` reaches in ``root``, unless ``line``
    is given. A step pydantic adds for a member of a union is not a key in the file and is
    left out.
    """
    node = root
    found = node.start_mark.line + 1 if node is not None else None
    names: list[str] = []
    titled = False  # whether the last name is a field's title
    for index, part in enumerate(loc):
        if isinstance(part, int):
            node = _item(node, part)
            found = node.start_mark.line + 1 if node is not None else found
            if titled:  # "Kriterier" → "Kriterium 1", as the messages name list items
                names[-1] = field_name(loc[: index + 1], model).rsplit(", ", 1)[-1]
            elif names:
                names[-1] += f" nr. {part + 1}"
            else:
                names.append(f"Nr. {part + 1}")
            titled = False
            continue
        if part == "[key]":  # the key itself is wrong (a mapping's key: the last name)
            names[-1:] = [f"nøglen {names[-1]}" if names else "nøglen"]
            break
        key, value = _entry(node, part)
        info = field_at(loc[: index + 1], model)
        titled = info is not None and bool(info.title)
        if key is None and not titled and index < len(loc) - 1:
            continue  # a union member's step, not a key in the file
        found = key.start_mark.line + 1 if key is not None else found
        node = value
        names.append(info.title if info is not None and info.title else f"«{part}»")
    line = line or found
    parts = ([f"linje {line}"] if line else []) + [", ".join(names) if names else "hele filen"]
    return ", ".join(parts)


def _item(node: yaml.Node | None, position: int) -> yaml.Node | None:
    if isinstance(node, yaml.SequenceNode) and 0 <= position < len(node.value):
        item: yaml.Node = node.value[position]
        return item
    return None


def _entry(node: yaml.Node | None, key: str) -> tuple[yaml.Node | None, yaml.Node | None]:
    """The key's node and its value's node in a mapping node (``None`` when absent)."""
    if isinstance(node, yaml.MappingNode):
        for name, value in node.value:
            if isinstance(name, yaml.ScalarNode) and name.value == key:
                return name, value
    return None, None
