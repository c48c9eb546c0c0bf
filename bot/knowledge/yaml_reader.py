"""Read one YAML file safely, remembering where every value came from.

PyYAML's safe loader already refuses arbitrary objects, but it still expands anchors and aliases
(a "billion laughs" file can exhaust memory) and silently keeps the last of two duplicate keys
(a moderator's typo would lose data). Both are refused here, before anything is built, and every
value's position is kept so problems can be reported as file:line:column.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import yaml

from bot.knowledge.diagnostics import Diagnostic

MAX_FILE_BYTES = 256 * 1024
# libyaml's parser when PyYAML has it (its wheels do): same events, several times faster.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

PathKey = tuple[str | int, ...]


@dataclass
class YamlDocument:
    """The plain data of a file plus the 1-based (line, column) of each value and mapping key."""

    path: str
    data: Any
    positions: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[PathKey, tuple[int, int]] = field(default_factory=dict)

    def where(self, at: PathKey) -> tuple[int, int]:
        """Position of the value at this path, or of its nearest enclosing value."""
        while at not in self.positions and at:
            at = at[:-1]
        return self.positions.get(at, (1, 1))

    def where_key(self, at: PathKey) -> tuple[int, int]:
        """Position of the key naming the value at this path (falls back to the value)."""
        return self.key_positions.get(at) or self.where(at)

    def diagnostic(self, at: PathKey, message: str, *, key: bool = False) -> Diagnostic:
        """A diagnostic pointing at the value (or its key) found at this path."""
        line, column = self.where_key(at) if key else self.where(at)
        return Diagnostic(self.path, line, column, message)


class _Mark(Protocol):
    """What both PyYAML's pure-Python and C parsers give as a position."""

    line: int
    column: int


def _position(mark: _Mark | None) -> tuple[int, int]:
    """1-based (line, column) of a parser mark; the file's start when the parser gave none."""
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def read_yaml(path: Path, display: str) -> tuple[YamlDocument | None, list[Diagnostic]]:
    """Parse one file; on any problem return None and diagnostics that say what and where."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        return None, [Diagnostic(display, 1, 1, f"cannot read file: {exc.strerror}")]
    if size > MAX_FILE_BYTES:
        return None, [
            Diagnostic(
                display,
                1,
                1,
                f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,} bytes per file",
            )
        ]
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return None, [_not_utf8(path.read_bytes(), display)]
    except OSError as exc:
        return None, [Diagnostic(display, 1, 1, f"cannot read file: {exc.strerror}")]
    return parse_yaml(text, display)


def _not_utf8(raw: bytes, display: str) -> Diagnostic:
    """Where the first byte that is not UTF-8 is, so an editor can jump to it."""
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        line = raw.count(b"\n", 0, exc.start) + 1
        column = len(raw[line_start : exc.start].decode("utf-8", "replace")) + 1
        message = f"file is not valid UTF-8 text ({exc.reason}); save it as UTF-8"
        return Diagnostic(display, line, column, message)
    return Diagnostic(display, 1, 1, "file is not valid UTF-8 text; save it as UTF-8")


def parse_yaml(text: str, display: str) -> tuple[YamlDocument | None, list[Diagnostic]]:
    """Parse YAML text (see read_yaml); anchors, aliases and duplicate keys are errors."""
    try:
        problems = _refuse_anchors(text, display)
        if problems:
            return None, problems
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = _position(mark) if mark else (1, 1)
        reason = _syntax_reason(exc, text, line, column)
        return None, [Diagnostic(display, line, column, f"YAML syntax error: {reason}")]
    except yaml.YAMLError as exc:
        return None, [Diagnostic(display, 1, 1, f"YAML syntax error: {exc}")]
    document = YamlDocument(display, None)
    if node is None:
        return None, [Diagnostic(display, 1, 1, "file is empty")]
    diagnostics: list[Diagnostic] = []
    document.data = _to_python(node, (), document, diagnostics)
    return (None if diagnostics else document), diagnostics


def _syntax_reason(exc: yaml.MarkedYAMLError, text: str, line: int, column: int) -> str:
    """PyYAML's problem plus what it was reading and from where ("while scanning a quoted
    scalar at line 3, column 10" points at the quote that was never closed)."""
    lines = text.splitlines()
    if 0 < line <= len(lines) and lines[line - 1][column - 1 : column] == "\t":
        return "a tab cannot be used here; indent with spaces"
    reason = exc.problem or exc.context or "invalid YAML"
    if reason == "mapping values are not allowed in this context":
        return reason + "; put a value that contains ': ' in quotes"
    if exc.problem and exc.context:
        reason = reason.removeprefix("but ")
        where = exc.context_mark
        at = f" at line {where.line + 1}, column {where.column + 1}" if where else ""
        reason += f" ({exc.context}{at})"
    return reason


def _refuse_anchors(text: str, display: str) -> list[Diagnostic]:
    for event in yaml.parse(text, Loader=_LOADER):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            line, column = _position(event.start_mark)
            return [
                Diagnostic(
                    display,
                    line,
                    column,
                    "YAML anchors and aliases (&name / *name) are not allowed; write the value out",
                )
            ]
    return []


_scalar_loader = yaml.SafeLoader("")
_PLAIN_COLLECTIONS = frozenset({"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"})


def _to_python(node: yaml.Node, at: PathKey, doc: YamlDocument, out: list[Diagnostic]) -> Any:
    doc.positions[at] = _position(node.start_mark)
    if not isinstance(node, yaml.ScalarNode) and node.tag not in _PLAIN_COLLECTIONS:
        # (a scalar's tag is checked by constructing it; a collection's would be ignored)
        line, column = _position(node.start_mark)
        out.append(Diagnostic(doc.path, line, column, f"YAML tag '{node.tag}' is not allowed here"))
        return None
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                line, column = _position(key_node.start_mark)
                out.append(Diagnostic(doc.path, line, column, "mapping keys must be plain words"))
                continue
            key = str(key_node.value)
            if key in result:
                line, column = _position(key_node.start_mark)
                out.append(
                    Diagnostic(doc.path, line, column, f"duplicate key '{key}' in the same mapping")
                )
                continue
            doc.key_positions[(*at, key)] = _position(key_node.start_mark)
            result[key] = _to_python(value_node, (*at, key), doc, out)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_to_python(item, (*at, i), doc, out) for i, item in enumerate(node.value)]
    try:
        return _scalar_loader.construct_object(node, deep=True)
    except yaml.constructor.ConstructorError as exc:
        line, column = _position(node.start_mark)
        out.append(Diagnostic(doc.path, line, column, f"cannot read value: {exc.problem}"))
        return None
