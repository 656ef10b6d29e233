"""A criteria catalogue as a YAML file, in the layout of ``data/criteria.yaml``.

An imported file is hostile until proven otherwise: it is read with ``yaml.safe_load`` only
(through :func:`~tilsynwidgets.domain.core.datafiles.parse_model`), and files that are too
large, too deeply nested, use tags or aliases, or repeat a key are refused before anything
is built from them. Every refusal names the file, the line and the field (by its Danish
title: ``linje 17, Kriterium 3, Id``) in Danish.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml

from tilsynwidgets.domain.core.danish_numbers import danish_count, danish_number
from tilsynwidgets.domain.core.datafiles import field_place, parse_model
from tilsynwidgets.domain.core.errors import DataFileError, Problem
from tilsynwidgets.domain.core.signals import SignalKind, signal_catalogue
from tilsynwidgets.domain.risk.criteria import CriteriaCatalogue

__all__ = [
    "MAX_NESTING",
    "MAX_YAML_BYTES",
    "catalogue_from_yaml",
    "catalogue_to_yaml",
]

MAX_YAML_BYTES = 1_000_000
"""The largest catalogue file accepted for import (the packaged one is about 5 kB)."""

MAX_NESTING = 10
"""The deepest nesting of lists and mappings accepted (a catalogue needs three levels)."""

_SAFE_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "seq", "map")
)

_HEADER = """\
# Risikokriterier til tilsynwidgets, i samme opbygning som data/criteria.yaml.
# Hvert kriterium sammenligner et signal med en tærskel (operator gt >, ge ≥, lt <, le ≤, eq =)
# eller tester et ja/nej-signal (operator flag, uden tærskel). points_to er gul eller roed.
# Den højeste farve blandt de kriterier, der slår til, foreslås; aggregation.escalate_after_gul
# gule kriterier samtidig foreslår rød (null: aldrig). Kendes under aggregation.min_known_percent
# procent af de signaler, der gælder for enhedens type, foreslås ingen farve. illustrative: true
# betyder, at tærsklerne ikke er fastsat. Forslaget støtter den faglige vurdering.
# En tærskel skal ligge inden for signalets værdier (nedenfor). Skriv {tærskel} i explanation,
# hvor tærsklen skal stå ("{tærskel} eller flere klager"), så følger forklaringen tærsklen.
#
# Signaler (nøgle: betegnelse, art):
"""


class _Dumper(yaml.SafeDumper):
    """Indents lists under their key, as people (and data/criteria.yaml) write them."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


_ODD_BREAKS = frozenset("\r\x85\u2028\u2029")


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # Long text folds over several lines; text with line breaks keeps them. The emitter
    # falls back to quotes when a block style cannot hold the text exactly.
    if _ODD_BREAKS.intersection(value):
        style: str | None = '"'  # other styles would fold these breaks into spaces
    elif "\n" in value:
        style = "|"
    else:
        style = ">" if len(value) > 90 else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def catalogue_to_yaml(catalogue: CriteriaCatalogue) -> str:
    """``catalogue`` as a YAML file a person can read and edit, in the layout of
    ``data/criteria.yaml``; :func:`catalogue_from_yaml` reads it back as an equal catalogue."""
    data = _plain(catalogue)
    body = yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=96,
    )
    if yaml.safe_load(body) != data:  # a guarantee: double quotes hold any text exactly
        body = yaml.safe_dump(
            data, sort_keys=False, allow_unicode=True, width=96, default_style='"'
        )
    return _HEADER + _signal_lines() + "\n" + body


def _plain(catalogue: CriteriaCatalogue) -> dict[str, Any]:
    """The catalogue as plain data in the file's key order, thresholds as 3 rather than 3.0."""
    criteria = []
    for criterion in catalogue.criteria:
        item: dict[str, Any] = {
            "id": criterion.id,
            "signal": criterion.signal,
            "operator": criterion.operator.value,
        }
        if criterion.threshold is not None:
            item["threshold"] = _number(criterion.threshold)
        item["points_to"] = criterion.points_to.value
        item["explanation"] = criterion.explanation
        criteria.append(item)
    return {
        "version": catalogue.version,
        "title": catalogue.title,
        "illustrative": catalogue.illustrative,
        "description": catalogue.description,
        "aggregation": catalogue.aggregation.model_dump(mode="json"),
        "criteria": criteria,
    }


def _number(value: float) -> int | float:
    return int(value) if value.is_integer() and abs(value) < 1e15 else value


def _signal_lines() -> str:
    lines = []
    for signal in signal_catalogue().signals:
        if signal.kind is SignalKind.FLAG:
            kind = "ja/nej"
        else:
            assert signal.minimum is not None  # guaranteed by Signal._range
            assert signal.maximum is not None
            kind = f"tal fra {danish_number(signal.minimum)} til {danish_number(signal.maximum)}"
        label = " ".join(signal.label.split())
        lines.append(f"#   {signal.key}: {label} ({kind})\n")
    return "".join(lines)


def catalogue_from_yaml(text: str | bytes, source: str = "importeret fil") -> CriteriaCatalogue:
    """Read a catalogue from YAML ``text`` (e.g. an uploaded file's content).

    Raises :class:`DataFileError` naming ``source``, the line and the field, in Danish, when
    the file is too large, is not UTF-8, is not valid YAML, uses YAML tags (such as
    ``!!python/object``), aliases or repeated keys, or holds an invalid catalogue.
    """
    size = len(text) if isinstance(text, bytes) else len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_YAML_BYTES:
        message = (
            f"er for stor ({_bytes(size)} byte); en katalogfil må højst fylde "
            f"{_bytes(MAX_YAML_BYTES)} byte (1 MB)"
        )
        raise DataFileError(source, [Problem("", message)])
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise DataFileError(source, [Problem("", "er ikke gemt som UTF-8-tekst")]) from exc
    problems = list(_structure_problems(text))
    if problems:
        raise DataFileError(source, problems)
    duplicates = _duplicate_ids(text)
    if duplicates:
        raise DataFileError(source, duplicates)
    return parse_model(CriteriaCatalogue, text, source=source)


def _bytes(count: int) -> str:
    return danish_count(count)


@dataclass
class _Open:
    """A collection the parser is inside: a mapping's keys so far, or a list's items."""

    mapping: bool
    expecting_key: bool = True
    keys: list[str] = field(default_factory=list)
    items: int = 0

    def step(self) -> int | str:
        """The key or list position of the value being read."""
        return self.keys[-1] if self.mapping else self.items - 1


def _structure_problems(text: str) -> Iterator[Problem]:
    """Tags, aliases, repeated keys and deep nesting, found from the parser's events.

    The parser is not recursive and builds nothing, so this is safe on any input. Broken
    YAML is left to :func:`parse_model`, which names its line and column.
    """
    stack: list[_Open] = []
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            line = event.start_mark.line + 1 if event.start_mark else 0
            if isinstance(event, yaml.AliasEvent):
                yield Problem(
                    f"linje {line}",
                    "henvisninger (*navn) er ikke tilladt; skriv værdien helt ud",
                )
                return
            if not isinstance(event, yaml.NodeEvent):
                if isinstance(event, yaml.CollectionEndEvent):
                    stack.pop()
                continue
            tag = getattr(event, "tag", None)
            if tag is not None and tag not in _SAFE_TAGS:
                shown = tag.replace("tag:yaml.org,2002:", "!!")
                yield Problem(
                    f"linje {line}",
                    f"YAML-mærket '{shown}' er ikke tilladt; filen må kun indeholde tekst, "
                    "tal, lister og opslag",
                )
                return
            if stack and stack[-1].mapping:
                inside = stack[-1]
                if inside.expecting_key and isinstance(event, yaml.ScalarEvent):
                    if event.value in inside.keys:
                        loc = (*(o.step() for o in stack[:-1]), event.value)
                        yield Problem(
                            field_place(CriteriaCatalogue, loc, None, line=line),
                            "feltet står flere gange i samme afsnit",
                        )
                    inside.keys.append(event.value)
                inside.expecting_key = not inside.expecting_key
            elif stack:
                stack[-1].items += 1
            if isinstance(event, yaml.CollectionStartEvent):
                stack.append(_Open(isinstance(event, yaml.MappingStartEvent)))
                if len(stack) > MAX_NESTING:
                    yield Problem(
                        f"linje {line}",
                        f"er indlejret for dybt (mere end {MAX_NESTING} niveauer)",
                    )
                    return
    except yaml.YAMLError:
        return


def _duplicate_ids(text: str) -> list[Problem]:
    """Criteria that repeat an earlier criterion's id, each with its line and field."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return []  # reported by parse_model
    if not isinstance(root, yaml.MappingNode):
        return []
    criteria = next(
        (value for key, value in root.value if key.value == "criteria"),
        None,
    )
    if not isinstance(criteria, yaml.SequenceNode):
        return []
    first: dict[str, tuple[int, int]] = {}
    problems = []
    for index, item in enumerate(criteria.value):
        if not isinstance(item, yaml.MappingNode):
            continue
        for key, value in item.value:
            if key.value == "id" and isinstance(value, yaml.ScalarNode):
                line = key.start_mark.line + 1
                if value.value in first:
                    other, other_line = first[value.value]
                    problems.append(
                        Problem(
                            field_place(CriteriaCatalogue, ("criteria", index, "id"), root),
                            f"id'et '{value.value}' er allerede brugt af kriterium {other + 1} "
                            f"(linje {other_line}); hvert kriterium skal have sit eget id",
                        )
                    )
                else:
                    first[value.value] = (index, line)
    return problems
