"""Text to parse tree: reading source files, the cached Lark parser, and error recovery.

This module and :mod:`sladsl.syntax.builder` are the only ones that touch Lark. A file is
parsed whole; if that fails, every statement is parsed again on its own with the entry point
of the block it sits in, so that one run reports every broken statement rather than the first.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from importlib import resources

from lark import Lark, Token, Tree
from lark.exceptions import LarkError, UnexpectedCharacters, UnexpectedEOF, UnexpectedInput

from ..errors import Diagnostic, Span
from . import messages
from .layout import CURRENT_LAYOUT, IndentationPostLexer, Layout, LayoutError, RawComment

#: Entry points: the whole file, and one per kind of block for statement-level recovery.
LINE_STARTS = {
    "top": "top_line",
    "header": "header_line",
    "definitions": "definition_line",
    "service": "service_line",
    "objective": "objective_line",
    "responsibilities": "responsibility_line",
    "exclusions": "exclusion_line",
    "credits": "credit_line",
    "tier": "tier_line",
    "reporting": "reporting_line",
    "examples": "examples_line",
    "example": "example_line",
}

MAX_BYTES = 16 * 1024 * 1024


@functools.cache
def grammar_text() -> str:
    """The grammar shipped as ``sladsl.grammar/sla.lark`` (``grammar/`` in the source tree)."""
    return resources.files("sladsl.grammar").joinpath("sla.lark").read_text(encoding="utf-8")


@functools.cache
def lark_parser() -> Lark:
    """The one Lark instance of this process (building it takes longer than a parse)."""
    return Lark(
        grammar_text(),
        parser="lalr",
        lexer="contextual",
        postlex=IndentationPostLexer(),
        propagate_positions=True,
        maybe_placeholders=True,
        start=["start", *LINE_STARTS.values()],
    )


@dataclass
class ParseResult:
    """A parse tree (``None`` when the text did not parse) and what was found on the way."""

    tree: Tree[Token] | None
    comments: list[RawComment] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def decode(data: bytes, file: str) -> tuple[str | None, list[Diagnostic]]:
    """Bytes to text: UTF-8 (a BOM is allowed), line endings normalised to ``\\n``."""
    if len(data) > MAX_BYTES:
        return None, [Diagnostic("E005", "error", f"the file is larger than {MAX_BYTES} bytes",
                                 Span.point(file, 1, 1), "split the agreement into smaller files")]
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [Diagnostic(
            "E004", "error", f"the file is not valid UTF-8 (byte 0x{data[exc.start]:02x})",
            Span.point(file, line, col), "save the file as UTF-8 text")]
    return normalise(text, file)


def normalise(text: str, file: str) -> tuple[str | None, list[Diagnostic]]:
    """Checks text for NUL bytes and normalises line endings; returns the text to parse."""
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    nul = text.find("\0")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        col = nul - (text.rfind("\n", 0, nul) + 1) + 1
        return None, [Diagnostic("E004", "error", "the file contains a NUL byte; it looks binary",
                                 Span.point(file, line, col), "a .sla file is plain UTF-8 text")]
    return text, []


def parse(text: str, file: str = "<string>") -> ParseResult:
    """Parses normalised text; on failure returns every syntax error found, sorted."""
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.split("\n")
    ):
        return ParseResult(None, [], [Diagnostic(
            "E001", "error", "the file holds no agreement", Span.point(file, 1, 1),
            'a spec starts with a line such as `agreement "Acme Cloud SLA"`')])
    first = _first_statement(text)
    if first is not None and first[1] > 1:
        return ParseResult(None, [], [Diagnostic(
            "E003", "error", "the first line of an agreement must start at the left margin",
            Span.point(file, first[0], first[1]),
            'remove the spaces before `agreement "..."`')])
    layout = Layout()
    token = CURRENT_LAYOUT.set(layout)
    try:
        tree = lark_parser().parse(text + "\n", start="start")
        return ParseResult(tree, layout.comments, [])
    except (LarkError, LayoutError, RecursionError) as exc:
        first_error = _explain(exc, text + "\n", "top", file, 1, 1)
    finally:
        CURRENT_LAYOUT.reset(token)
    diags = _recover(text, file)
    seen = {d.span.line for d in diags}
    if first_error.span.line not in seen:
        diags.append(first_error)
    return ParseResult(None, layout.comments, sorted(diags, key=lambda d: d.sort_key))


def parse_tokens(text: str) -> list[Token]:
    """Lexes a well-formed file into its tokens (for tools such as highlighters and tests)."""
    tokens: list[Token] = []
    parser = lark_parser()
    interactive = parser.parse_interactive(text + "\n", start="start")
    layout = Layout()
    token = CURRENT_LAYOUT.set(layout)
    try:
        for tok in interactive.iter_parse():
            tokens.append(tok)
    finally:
        CURRENT_LAYOUT.reset(token)
    return tokens


# ------------------------------------------------------------------ recovery

_PROSE_MARK = '"""'
_HEAD_KINDS = [
    (re.compile(r"agreement\b"), "header"),
    (re.compile(r"definitions\s*:"), "definitions"),
    (re.compile(r"service\s+credits\s*:"), "credits"),
    (re.compile(r"service\b"), "service"),
    (re.compile(r"responsibilities\s*:"), "responsibilities"),
    (re.compile(r"exclusions\s*:"), "exclusions"),
    (re.compile(r"reporting\s*:"), "reporting"),
    (re.compile(r"examples\s*:"), "examples"),
    (re.compile(r"objective\b"), "objective"),
    (re.compile(r"example\b"), "example"),
    (re.compile(r"for\b.*:\s*(#.*)?$"), "tier"),
]


@dataclass
class _Statement:
    line: int  # 1-based line of the first character
    column: int  # 1-based column of the first character
    indent: int
    text: str
    opens_block: bool


def _first_statement(text: str) -> tuple[int, int] | None:
    for i, ln in enumerate(text.split("\n"), start=1):
        stripped = ln.lstrip(" \t")
        if stripped and not stripped.startswith("#"):
            return i, len(ln) - len(stripped) + 1
    return None


def _statements(text: str) -> list[_Statement]:
    """Splits text into logical statements the way the layout postlexer does."""
    lines = text.split("\n")
    out: list[_Statement] = []
    i = 0
    while i < len(lines):
        raw = lines[i]
        stripped = raw.lstrip(" \t")
        if not stripped or stripped.startswith("#"):
            i += 1
            continue
        indent = len(raw) - len(stripped)
        start = i
        body = [stripped]
        # A prose block runs to its closing quotes, whatever its indentation.
        if stripped.startswith(_PROSE_MARK) and stripped.count(_PROSE_MARK) < 2:
            i += 1
            while i < len(lines) and _PROSE_MARK not in lines[i]:
                body.append(lines[i])
                i += 1
            if i < len(lines):
                body.append(lines[i])
            i += 1
            out.append(_Statement(start + 1, indent + 1, indent, "\n".join(body), False))
            continue
        head = _strip_comment(stripped)
        opens = head.endswith(":") or head.startswith("agreement")
        i += 1
        while not opens and i < len(lines):
            nxt = lines[i]
            nstripped = nxt.lstrip(" \t")
            if nstripped and len(nxt) - len(nstripped) <= indent:
                break
            body.append(nxt)
            i += 1
        out.append(_Statement(start + 1, indent + 1, indent, "\n".join(body).rstrip(), opens))
    return out


def _strip_comment(line: str) -> str:
    """The statement part of a line: text before a ``#`` that is outside quotes."""
    in_string = False
    for idx, ch in enumerate(line):
        if ch == '"':
            in_string = not in_string
        elif ch == "#" and not in_string:
            return line[:idx].rstrip()
    return line.rstrip()


def _block_kind(stmt: _Statement) -> str | None:
    for pattern, kind in _HEAD_KINDS:
        if pattern.match(stmt.text):
            return kind
    return None


def _recover(text: str, file: str) -> list[Diagnostic]:
    diags: list[Diagnostic] = []
    stack: list[tuple[int, str | None]] = [(-1, "top")]
    for stmt in _statements(text):
        while len(stack) > 1 and stack[-1][0] >= stmt.indent:
            stack.pop()
        context = stack[-1][1]
        if context is not None:
            diag = _parse_statement(stmt, context, file)
            if diag is not None:
                diags.append(diag)
        if stmt.opens_block:
            kind = _block_kind(stmt) if context is not None else None
            stack.append((stmt.indent, kind))
        elif stmt.indent > stack[-1][0] and context == "top" and stmt.indent > 0:
            stack.append((stmt.indent, None))
    return diags


def _parse_statement(stmt: _Statement, context: str, file: str) -> Diagnostic | None:
    layout = Layout()
    token = CURRENT_LAYOUT.set(layout)
    try:
        lark_parser().parse(stmt.text + "\n", start=LINE_STARTS[context])
        return None
    except (LarkError, LayoutError, RecursionError) as exc:
        return _explain(exc, stmt.text + "\n", context, file, stmt.line, stmt.column)
    finally:
        CURRENT_LAYOUT.reset(token)


def _explain(exc: BaseException, text: str, context: str, file: str,
             line0: int, col0: int) -> Diagnostic:
    """Turns any parse failure into one curated diagnostic in file coordinates."""

    def place(line: int, column: int) -> tuple[int, int]:
        return (line0 + line - 1, column + col0 - 1 if line == 1 else column)

    if isinstance(exc, LayoutError):
        line, col = place(exc.line, exc.column)
        return Diagnostic(exc.code, "error", exc.message, Span.point(file, line, col), exc.hint)
    if isinstance(exc, RecursionError):
        return Diagnostic("E006", "error", "the file nests too deeply to read",
                          Span.point(file, line0, col0), "use at most a few levels of indentation")
    if isinstance(exc, UnexpectedInput) and not isinstance(exc, UnexpectedEOF):
        problem = messages.explain(exc, text, context, lark_parser())
        line, col = place(problem.line, problem.column)
        end_col = col + max(1, problem.width)
        return Diagnostic(problem.code, "error", problem.message,
                          Span(file, line, col, line, end_col), problem.hint)
    return Diagnostic("E000", "error", f"cannot read this statement ({type(exc).__name__})",
                      Span.point(file, line0, col0), "compare it with an example in the docs")


__all__ = ["ParseResult", "decode", "normalise", "parse", "parse_tokens", "lark_parser",
           "UnexpectedCharacters"]
