"""Problems found in knowledge files, each pinned to a file, line and column."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]

# Control characters (and the Unicode line and paragraph separators) in a file name, a key or a
# value are shown escaped, so a diagnostic is always exactly one line.
_ESCAPES = {c: repr(chr(c))[1:-1] for c in (*range(0x20), *range(0x7F, 0xA0), 0x2028, 0x2029)}


@dataclass(frozen=True, slots=True, order=True)
class Diagnostic:
    """One problem in a knowledge file. Lines and columns are 1-based, as editors show them."""

    path: str
    line: int
    column: int
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        prefix = "warning: " if self.severity == "warning" else ""
        text = f"{self.path}:{self.line}:{self.column}: {prefix}{self.message}"
        return text.translate(_ESCAPES)


class HasDiagnostics:
    """Splits a ``diagnostics`` list into what blocks loading and what only warns."""

    diagnostics: list[Diagnostic]

    @property
    def errors(self) -> list[Diagnostic]:
        """The diagnostics that block loading."""
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        """The diagnostics that do not block loading."""
        return [d for d in self.diagnostics if d.severity == "warning"]


class KnowledgeError(Exception):
    """Raised when a knowledge folder has errors; carries every diagnostic found."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        errors = [d for d in diagnostics if d.severity == "error"]
        summary = "\n".join(str(d) for d in errors[:20])
        more = f"\n... and {len(errors) - 20} more" if len(errors) > 20 else ""
        super().__init__(f"{len(errors)} error(s) in the knowledge base:\n{summary}{more}")
