"""Read one YAML file safely, remembering where every value came from.

PyYAML's safe loader already refuses arbitrary objects, but it still expands anchors and aliases
(a "billion laughs" file can exhaust memory) and silently keeps the last of two duplicate keys
(a moderator's typo would lose data). Both are refused here, before anything is built, and every
value's position is kept so problems can be reported as file:line:column.

Only a regular file inside the knowledge folder is read, and at most MAX_FILE_BYTES of it: a named
pipe would block forever, a link to /dev/zero would never end. Lists and mappings nested deeper
than MAX_DEPTH are refused while the parser's events stream by, before anything recursive runs,
and a value PyYAML recognises but cannot build (``2021-13-45``, ``!!bool maybe``, a number with
thousands of digits) is reported like any other mistake.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import yaml

from bot.knowledge.diagnostics import Diagnostic

MAX_FILE_BYTES = 256 * 1024
# A role file needs five levels (role > salary > figures > one figure > its keys); Python's own
# recursion limit would give way at a few hundred.
MAX_DEPTH = 20
# Longest number written out; no salary or percentage needs more digits than this.
MAX_NUMBER_CHARS = 30
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


def read_yaml(
    path: Path, display: str, inside: Path | None = None
) -> tuple[YamlDocument | None, list[Diagnostic]]:
    """Parse one file; on any problem return None and diagnostics that say what and where.

    With ``inside`` (the knowledge folder), a file that is a link to somewhere outside it is
    refused. Anything that is not a regular file (a pipe, a device, a folder) is refused too.
    """
    if inside is not None and not _is_inside(path, inside):
        message = "file is a link to outside the knowledge folder; copy the file in instead"
        return None, [Diagnostic(display, 1, 1, message)]
    raw = _read_bytes(path, display)
    if isinstance(raw, Diagnostic):
        return None, [raw]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None, [_not_utf8(raw, display)]
    return parse_yaml(text, display)


def _is_inside(path: Path, folder: Path) -> bool:
    """Whether ``path``, with every link followed, is in ``folder`` (a link loop counts as in:
    opening it then fails with a message of its own)."""
    target, root = os.path.realpath(path), os.path.realpath(folder)
    return os.path.commonpath([target, root]) == root


_NOT_REGULAR = {
    stat.S_IFDIR: "a folder",
    stat.S_IFIFO: "a named pipe",
    stat.S_IFCHR: "a device",
    stat.S_IFBLK: "a device",
    stat.S_IFSOCK: "a socket",
}


def _read_bytes(path: Path, display: str) -> bytes | Diagnostic:
    """The bytes of a regular file of at most MAX_FILE_BYTES, or why it cannot be read.

    The file is opened without blocking (a named pipe with no writer would wait forever) and
    checked through the opened descriptor, so it cannot be swapped between check and read.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as exc:
        return Diagnostic(display, 1, 1, f"cannot read file: {_os_reason(exc)}")
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            what = _NOT_REGULAR.get(stat.S_IFMT(info.st_mode), "not a regular file")
            message = f"file is {what}, not a regular file; knowledge files must be plain files"
            return Diagnostic(display, 1, 1, message)
        if info.st_size > MAX_FILE_BYTES:
            return _too_big(display, info.st_size)
        chunks, size = [], 0
        while size <= MAX_FILE_BYTES:
            chunk = os.read(descriptor, MAX_FILE_BYTES + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > MAX_FILE_BYTES:  # it grew after fstat
            return _too_big(display, size)
        return b"".join(chunks)
    except OSError as exc:
        return Diagnostic(display, 1, 1, f"cannot read file: {_os_reason(exc)}")
    finally:
        os.close(descriptor)


def _too_big(display: str, size: int) -> Diagnostic:
    message = f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,} bytes per file"
    return Diagnostic(display, 1, 1, message)


def _os_reason(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "it is a link that leads back to itself (a symlink loop)"
    return (exc.strerror or str(exc)).lower()


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
        problems = _check_events(text, display)
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


def _check_events(text: str, display: str) -> list[Diagnostic]:
    """Refuse anchors, aliases and deep nesting from the parser's events, before any node is
    built (composing is recursive, and expanding aliases could exhaust memory)."""
    depth = 0
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
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                line, column = _position(event.start_mark)
                message = (
                    f"lists and mappings are nested more than {MAX_DEPTH} deep here; "
                    "knowledge files need only a few levels"
                )
                return [Diagnostic(display, line, column, message)]
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
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
    problem = _number_too_long(node)
    if problem is None:
        try:
            return _scalar_loader.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError as exc:
            problem = f"cannot read value: {exc.problem}"
        except (ValueError, KeyError, AttributeError, TypeError, OverflowError) as exc:
            # PyYAML recognised the kind of value (or was told it with a tag) and then failed
            problem = _impossible_value(node, exc)
    line, column = _position(node.start_mark)
    out.append(Diagnostic(doc.path, line, column, problem))
    return None


_INT, _FLOAT = "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"
_BOOL, _TIMESTAMP = "tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp"


def _number_too_long(node: yaml.Node) -> str | None:
    """Refuse a huge number before Python parses it (slow, and refused past 4,300 digits)."""
    if node.tag in (_INT, _FLOAT) and len(node.value) > MAX_NUMBER_CHARS:
        return (
            f"number is {len(node.value):,} characters long; "
            f"no figure needs more than {MAX_NUMBER_CHARS}"
        )
    return None


def _impossible_value(node: yaml.Node, exc: Exception) -> str:
    """Say what a value looked like and why it is not one ("2021-13-45": no such month)."""
    shown = node.value if len(node.value) <= 40 else node.value[:40] + "…"
    quote = "; put it in quotes to keep it as text"
    if node.tag == _TIMESTAMP:
        if isinstance(exc, ValueError):
            return f"'{shown}' is not a real date ({exc}){quote}"
        return f"'{shown}' is not a date (dates are written 2021-12-31)"
    if node.tag == _BOOL:
        return f"'{shown}' is not true or false"
    if node.tag == _INT:
        return f"'{shown}' is not a whole number (write 119416, without commas)"
    if node.tag == _FLOAT:
        return f"'{shown}' is not a number"
    return f"cannot read value '{shown}' as {node.tag.rpartition(':')[2]}"
