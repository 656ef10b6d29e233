"""Read versioned YAML data files into validated pydantic models.

Every error names the file, the line and the field, in Danish. YAML is read with
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
from tilsynwidgets.domain.core.messages import danish_error, format_location

__all__ = ["load_model", "load_packaged", "parse_model", "read_packaged_text"]

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
        raise DataFileError(
            source, [Problem(where, f"er ikke gyldig YAML ({exc.problem})")]
        ) from exc
    except yaml.YAMLError as exc:
        raise DataFileError(source, [Problem("", f"er ikke gyldig YAML ({exc})")]) from exc
    if data is None:
        raise DataFileError(source, [Problem("", "er tom")])
    try:
        return model.model_validate(data, context=context)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            loc = error["loc"]
            line = _line_of(root, loc)
            field = format_location(loc) or "filen"
            where = f"linje {line}, felt {field}" if line else f"felt {field}"
            problems.append(Problem(where, danish_error(error)))
        raise DataFileError(source, problems) from exc


def _line_of(node: yaml.Node | None, loc: tuple[int | str, ...]) -> int | None:
    """1-based line of the deepest YAML node that ``loc`` reaches."""
    best = node.start_mark.line + 1 if node is not None else None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            found = None
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.value == str(part):
                    found = value
                    best = key.start_mark.line + 1
                    break
            if found is None:
                return best
            node = found
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if not 0 <= part < len(node.value):
                return best
            node = node.value[part]
            best = node.start_mark.line + 1
        else:
            return best
    return best
