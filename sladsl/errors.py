"""Diagnostics: one error family, structured fields, and a renderer for people.

Every problem sladsl finds is a :class:`Diagnostic` with a code, a severity, a message, a
position and a hint. Parse and check stages collect them; only the command line decides the
exit code. :class:`SlaError` carries one or more diagnostics for callers that prefer
exceptions (``sladsl.load``); its subclasses say which stage found the problem.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict
from typing import Literal

from .frozen import frozen_record

Severity = Literal["error", "warning"]


@frozen_record
class Span:
    """A region of a source file; lines and columns are 1-based, ``end_column`` exclusive."""

    file: str
    line: int
    column: int
    end_line: int
    end_column: int

    @classmethod
    def point(cls, file: str, line: int, column: int) -> Span:
        return cls(file, line, column, line, column + 1)


@frozen_record
class Diagnostic:
    """One problem found in a spec or in measurement data."""

    code: str
    severity: Severity
    message: str
    span: Span
    hint: str = ""

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.span.file, self.span.line, self.span.column, self.code)

    def to_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["file"] = data["span"].pop("file")
        return data

    def render(self, source: str | Sequence[str] | None = None) -> str:
        """``file:line:col: error[CODE]: message``, the source line with a caret, the hint.

        ``source`` is the file's text, or its lines already split (faster for many messages).
        """
        s = self.span
        out = [f"{s.file}:{s.line}:{s.column}: {self.severity}[{self.code}]: {self.message}"]
        if source is not None:
            lines = source.splitlines() if isinstance(source, str) else source
            if 1 <= s.line <= len(lines):
                text = _printable(lines[s.line - 1])
                width = max(1, (s.end_column - s.column) if s.end_line == s.line else 1)
                width = min(width, max(1, len(text) - s.column + 1))
                gutter = f"{s.line:>4} | "
                out.append(gutter + text)
                out.append(" " * (len(gutter) + s.column - 1) + "^" * width)
        if self.hint:
            out.append(f"  hint: {self.hint}")
        return "\n".join(out)


def _printable(text: str) -> str:
    """Source line for display: control and bidi characters made visible, long lines cut."""
    shown = "".join(ch if ch.isprintable() or ch == "\t" else "\N{REPLACEMENT CHARACTER}"
                    for ch in text)
    return shown.replace("\t", " ")[:300]


class SlaError(Exception):
    """Base of every error sladsl raises on purpose; carries the diagnostics that caused it."""

    def __init__(self, diagnostics: Sequence[Diagnostic], source: str | None = None) -> None:
        self.diagnostics = sorted(diagnostics, key=lambda d: d.sort_key)
        self.source = source
        super().__init__(self.render())

    def render(self) -> str:
        lines = self.source.splitlines() if self.source is not None else None
        return "\n".join(d.render(lines) for d in self.diagnostics)


class SlaSyntaxError(SlaError):
    """The text is not a well-formed .sla file."""


class SlaSemanticError(SlaError):
    """The file parses, but what it says is inconsistent or out of range."""


class SlaDataError(SlaError):
    """Measurement data or bindings are missing or malformed."""


class SlaUsageError(SlaError):
    """A command was called with arguments that cannot work (a missing file, say)."""


def diagnostics_json(diags: Iterable[Diagnostic]) -> str:
    """Machine-readable diagnostics for editors and CI, stable key order."""
    import json

    return json.dumps([d.to_dict() for d in diags], indent=2, sort_keys=True, ensure_ascii=False)
