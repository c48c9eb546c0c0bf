"""Check parsed YAML against the declarative specs in ``schema``."""

from __future__ import annotations

import datetime
import math
import re
from dataclasses import dataclass
from typing import Any

from bot.knowledge.diagnostics import Diagnostic
from bot.knowledge.schema import ID_PATTERN, MAX_ID_LENGTH, Key, Spec
from bot.knowledge.yaml_reader import PathKey, YamlDocument

_ID_RE = re.compile(ID_PATTERN)
# Every number in the knowledge is a dollar amount, a percentage, a percentile or a rank: none is
# negative, and none is anywhere near this.
MAX_NUMBER = 1_000_000_000
_TYPE_NAMES = {
    "str": "text",
    "id": "an id",
    "int": "a whole number",
    "bool": "true or false",
    "number": "a number",
    "list": "a list",
    "map": "a mapping of keys",
}


@dataclass(frozen=True, slots=True)
class Reference:
    """A value that must name an existing entry of a table; checked once every file is read."""

    table: str
    target: str
    document: YamlDocument
    at: PathKey


def check_mapping(
    value: Any, spec: Spec, doc: YamlDocument, at: PathKey, refs: list[Reference]
) -> list[Diagnostic]:
    """Check one mapping and everything inside it; collect references for a later pass."""
    if not isinstance(value, dict):
        return [doc.diagnostic(at, f"{spec.name} must be {_TYPE_NAMES['map']}, not {_kind(value)}")]
    problems: list[Diagnostic] = []
    for name in value:
        if name not in spec.keys:
            allowed = ", ".join(spec.keys)
            message = spec.retired.get(name, f"unknown key '{name}' in {spec.name}")
            problems.append(
                doc.diagnostic((*at, name), f"{message} (allowed: {allowed})", key=True)
            )
    for name, key in spec.keys.items():
        if name not in value or value[name] is None:
            if key.required:
                problems.append(doc.diagnostic(at, f"{spec.name} is missing required key '{name}'"))
            continue
        problems.extend(_check_value(value[name], key, name, doc, (*at, name), refs))
    return problems


def _check_value(
    value: Any, key: Key, name: str, doc: YamlDocument, at: PathKey, refs: list[Reference]
) -> list[Diagnostic]:
    if key.type == "list":
        if not isinstance(value, list):
            return [doc.diagnostic(at, f"'{name}' must be a list, not {_kind(value)}")]
        problems: list[Diagnostic] = []
        item_key = Key(key.item or "str", ref=key.ref, spec=key.spec, max_length=key.max_length)
        if key.item == "map" and key.spec is not None:
            for i, item in enumerate(value):
                problems.extend(check_mapping(item, key.spec, doc, (*at, i), refs))
        elif key.item == "fact" and key.spec is not None:
            text = Key("str", max_length=key.max_length)
            for i, item in enumerate(value):
                if isinstance(item, dict):
                    problems.extend(check_mapping(item, key.spec, doc, (*at, i), refs))
                elif isinstance(item, str):
                    problems.extend(
                        _check_value(item, text, f"{name}[{i + 1}]", doc, (*at, i), refs)
                    )
                else:
                    problems.append(
                        doc.diagnostic(
                            (*at, i),
                            f"'{name}[{i + 1}]' must be text, or a mapping with 'text' and "
                            f"'asks', not {_kind(item)}",
                        )
                    )
        else:
            for i, item in enumerate(value):
                problems.extend(
                    _check_value(item, item_key, f"{name}[{i + 1}]", doc, (*at, i), refs)
                )
        return problems
    if key.type == "map":
        assert key.spec is not None
        return check_mapping(value, key.spec, doc, at, refs)
    return _check_scalar(value, key, name, doc, at, refs)


def _check_scalar(
    value: Any, key: Key, name: str, doc: YamlDocument, at: PathKey, refs: list[Reference]
) -> list[Diagnostic]:
    expected = _TYPE_NAMES[key.type]
    if not _is_type(value, key.type):
        hint = ""
        if key.type in ("str", "id") and isinstance(value, (int, float, datetime.date)):
            # YAML reads 2021, 2021-12-01, yes and no as a number, a date, true and false
            hint = " (put it in quotes to keep it as text)"
        return [doc.diagnostic(at, f"'{name}' must be {expected}, not {_kind(value)}{hint}")]
    if isinstance(value, str) and not value.strip():
        return [doc.diagnostic(at, f"'{name}' must not be empty")]
    if key.type == "id" and (len(value) > MAX_ID_LENGTH or not _ID_RE.fullmatch(value)):
        return [
            doc.diagnostic(
                at,
                f"id {_quoted(value)} must be lowercase words joined by hyphens, "
                f"at most {MAX_ID_LENGTH} characters",
            )
        ]
    if key.type in ("int", "number"):
        problem = _number_problem(value)
        if problem:
            return [doc.diagnostic(at, f"'{name}' {problem}")]
    if key.enum and value not in key.enum:
        return [doc.diagnostic(at, f"'{name}' must be one of {', '.join(key.enum)}; got '{value}'")]
    if key.max_length is not None and isinstance(value, str) and len(value) > key.max_length:
        return [
            doc.diagnostic(
                at,
                f"'{name}' is {len(value)} characters; at most {key.max_length} fit in a "
                "Discord embed once rendered",
            )
        ]
    if key.ref is not None:
        refs.append(Reference(key.ref, value, doc, at))
    return []


def _number_problem(value: float) -> str | None:
    """Why a number cannot be shown as an amount or a percentage (NaN, infinite, negative)."""
    if math.isnan(value):
        return "must be a number, not .nan (not a number)"
    if math.isinf(value):
        return "must be a finite number, not infinity"
    if value < 0:
        return f"must not be negative (got {value:g})"
    if value > MAX_NUMBER:
        return f"is {value:,}; no figure is over {MAX_NUMBER:,}"
    return None


def _quoted(text: str) -> str:
    """``'text'``, with a newline or other control character shown as an escape (``\\n``)."""
    return "'" + repr(text)[1:-1] + "'" if not text.isprintable() else f"'{text}'"


def _is_type(value: Any, type_name: str) -> bool:
    if type_name in ("str", "id"):
        return isinstance(value, str)
    if type_name == "bool" or isinstance(value, bool):
        return type_name == "bool" and isinstance(value, bool)
    if type_name == "int":
        return isinstance(value, int)
    return isinstance(value, (int, float))


def _kind(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, datetime.date):
        return "a date"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__
