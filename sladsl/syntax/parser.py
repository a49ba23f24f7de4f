"""Text to parse tree: reading source files, the cached Lark parser, and error recovery.

This module and :mod:`sladsl.syntax.builder` are the only ones that touch Lark. A file is
parsed whole; if that fails, every statement is parsed again on its own with the entry point
of the block it sits in, so that one run reports every broken statement rather than the first.
Recovery follows the block structure itself (indentation, headings that lost their colon,
tabs), so one mistake does not turn into a cascade of bogus follow-on errors.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from lark import Lark, Token, Tree
from lark.exceptions import LarkError, UnexpectedCharacters, UnexpectedEOF, UnexpectedInput

from .. import usercache
from ..errors import Diagnostic, Span
from .layout import (
    CURRENT_LAYOUT,
    IndentationPostLexer,
    Layout,
    LayoutError,
    RawComment,
    strip_comment,
)
from .lexer import PATTERNS, LazyContextualLexer

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

#: Where a statement of each kind of block belongs, for "this belongs elsewhere" messages.
WHERE = {
    "top": "at the left margin, as a section heading",
    "header": "in the agreement header, indented under the `agreement` line",
    "definitions": "under `definitions:`",
    "service": 'directly under a `service "...":` heading',
    "objective": 'inside an `objective "...":` block',
    "responsibilities": "under `responsibilities:`",
    "exclusions": "under `exclusions:`",
    "credits": "under `service credits:`",
    "tier": 'inside a credit table that starts `for "...":`',
    "reporting": "under `reporting:`",
    "examples": "under `examples:`",
    "example": 'inside an `example "...":` block',
}

#: Largest spec accepted. A real agreement is tens of kilobytes; the cap keeps a wrong file
#: (a log, a database dump) from tying up the parser for many seconds.
MAX_BYTES = 1024 * 1024
#: Recovery stops after this many errors: beyond it the file is probably not a spec at all.
MAX_ERRORS = 100


@functools.cache
def grammar_text() -> str:
    """The grammar shipped as ``sladsl.grammar/sla.lark`` (``grammar/`` in the source tree).

    Found through the package's import spec rather than :mod:`importlib.resources`, which
    imports ``tempfile`` and the compression modules on every start-up.
    """
    from importlib.util import find_spec

    spec = find_spec("sladsl.grammar")
    folders = list(spec.submodule_search_locations or []) if spec is not None else []
    for folder in folders:
        path = os.path.join(folder, "sla.lark")
        if os.path.isfile(path):
            with open(path, encoding="utf-8") as handle:
                return handle.read()
    raise FileNotFoundError("sladsl.grammar/sla.lark is not installed with sladsl")


def cache_path() -> str | None:
    """Where Lark keeps the parse tables between runs (see :mod:`sladsl.usercache`). Lark
    names its cache by a hash of the grammar and the options, so a new grammar never loads
    stale tables."""
    where = usercache.folder()
    return None if where is None else os.path.join(where, "grammar.lark-cache")


#: Lark's options for sladsl's parser (besides the postlexer and the lexer, which are objects).
OPTIONS: dict[str, object] = {
    "parser": "lalr",
    "lexer": "contextual",
    "propagate_positions": True,
    "maybe_placeholders": True,
    "start": ["start", *LINE_STARTS.values()],
}


@functools.cache
def lark_parser() -> Lark:
    """The one Lark instance of this process. Building the LALR tables takes longer than
    most parses, so the finished parser is kept in the user cache (:mod:`.tables`), and Lark's
    tables too (see :func:`cache_path`), from which it is rebuilt when the first is stale."""
    from .tables import load_parser

    return load_parser(grammar_text(), OPTIONS, _build_parser)


def _build_parser() -> Lark:
    options: dict[str, object] = dict(OPTIONS)
    cached = cache_path()
    if cached is not None:
        options["cache"] = cached
    return Lark(
        grammar_text(),
        postlex=IndentationPostLexer(),
        # Lark's hook for its parts: the contextual lexer, built lazily (see .lexer).
        _plugins={"ContextualLexer": LazyContextualLexer},
        **options,
    )


@dataclass
class ParseResult:
    """A parse tree (``None`` when the text did not parse) and what was found on the way."""

    tree: Tree[Token] | None
    comments: list[RawComment] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def _too_large(file: str) -> Diagnostic:
    return Diagnostic("E005", "error", f"the file is larger than {MAX_BYTES // 1024} KiB, "
                      "far more than any agreement needs", Span.point(file, 1, 1),
                      "check that this is the right file, or split the agreement")


def decode(data: bytes, file: str) -> tuple[str | None, list[Diagnostic]]:
    """Bytes to text: UTF-8 (a BOM is allowed), line endings normalised to ``\\n``."""
    if len(data) > MAX_BYTES:
        return None, [_too_large(file)]
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if b"\0" in data:
        # A binary file is also invalid UTF-8 somewhere; the NUL byte says what it is.
        nul = data.index(b"\0")
        data = data[:nul].decode("utf-8", "replace").encode("utf-8") + data[nul:]
        nul = data.index(b"\0")
        line = data.count(b"\n", 0, nul) + 1
        col = len(data[data.rfind(b"\n", 0, nul) + 1:nul].decode("utf-8")) + 1
        return None, [Diagnostic("E004", "error", "the file contains a NUL byte; it looks binary",
                                 Span.point(file, line, col), "a .sla file is plain UTF-8 text")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = len(data[data.rfind(b"\n", 0, exc.start) + 1:exc.start]
                  .decode("utf-8", "replace")) + 1
        return None, [Diagnostic(
            "E004", "error", f"the file is not valid UTF-8 text (byte 0x{data[exc.start]:02x})",
            Span.point(file, line, col), "save the file as UTF-8 text")]
    return normalise(text, file)


def normalise(text: str, file: str) -> tuple[str | None, list[Diagnostic]]:
    """Checks text for NUL bytes and normalises line endings; returns the text to parse."""
    if len(text) > MAX_BYTES or len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        return None, [_too_large(file)]
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    nul = text.find("\0")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        col = nul - (text.rfind("\n", 0, nul) + 1) + 1
        return None, [Diagnostic("E004", "error", "the file contains a NUL byte; it looks binary",
                                 Span.point(file, line, col), "a .sla file is plain UTF-8 text")]
    bad = re.search(r"[\ud800-\udfff]", text)
    if bad:
        # Lone surrogates come only from a broken decoder upstream; they cannot be printed.
        line = text.count("\n", 0, bad.start()) + 1
        col = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        return None, [Diagnostic("E004", "error", "the text holds an invalid character",
                                 Span.point(file, line, col), "save the file as UTF-8 text")]
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
        line, column, words = first
        if words.startswith("agreement"):
            return ParseResult(None, [], [Diagnostic(
                "E003", "error", "the first line of an agreement must start at the left margin",
                Span.point(file, line, column), 'remove the spaces before `agreement "..."`')])
        return ParseResult(None, [], [Diagnostic(
            "E113", "error", "a spec starts with the agreement's title line",
            Span.point(file, line, column),
            'begin the file with: agreement "Acme Cloud Platform Service Level Agreement"')])
    layout = Layout()
    token = CURRENT_LAYOUT.set(layout)
    try:
        tree = lark_parser().parse(text + "\n", start="start")
        PATTERNS.save()  # the lexer's newly compiled patterns, for the next run
        return ParseResult(tree, layout.comments, [])
    except (LarkError, LayoutError, RecursionError) as exc:
        first_error = _explain(exc, text + "\n", "top", file, 1, 1, "start")
    finally:
        CURRENT_LAYOUT.reset(token)
    diags = _recover(text, file, first_error.span.line)
    PATTERNS.save()
    # The whole-file error is kept only when recovery found nothing at or before it: an error
    # after a recovered one is usually the same mistake seen one token later.
    if not diags or first_error.sort_key < min(d.sort_key for d in diags):
        if all(d.span.line != first_error.span.line for d in diags):
            diags.append(first_error)
    diags.sort(key=lambda d: d.sort_key)
    if len(diags) > MAX_ERRORS:
        last = diags[MAX_ERRORS - 1]
        diags = diags[:MAX_ERRORS]
        diags.append(Diagnostic(
            "E009", "error", f"too many errors; stopped after {MAX_ERRORS}",
            last.span, "check that this is a .sla file, then fix the first errors"))
    return ParseResult(None, layout.comments, diags)


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
_TAB_WIDTH = 4  # how recovery reads a tab, only to keep going after reporting it
#: Heading patterns (compiled by ``re`` when recovery first needs them, not at import).
_HEAD_KINDS = [
    (r"agreement\b", "header"),
    (r"definitions\b", "definitions"),
    (r"service\s+credits\b", "credits"),
    (r"service\b", "service"),
    (r"responsibilities\b", "responsibilities"),
    (r"exclusions\b", "exclusions"),
    (r"reporting\b", "reporting"),
    (r"examples\b", "examples"),
    (r"objective\b", "objective"),
    (r"example\b", "example"),
    (r"for\b", "tier"),
]
#: First words of headings; a heading that lost its colon still opens a block in recovery.
_HEAD_WORDS = {"agreement", "definitions", "service", "responsibilities", "exclusions",
               "reporting", "examples", "objective", "example", "for"}
#: Headings whose block kind is the heading word itself, for reading misspelt headings.
_MISSPELT_HEADS = ("definitions", "responsibilities", "exclusions", "reporting", "examples",
                   "objective", "service", "example")


@dataclass
class _Statement:
    line: int  # 1-based line of the first character
    column: int  # 1-based column of the first character
    indent: int  # width of the indentation, tabs read as _TAB_WIDTH
    text: str
    opens_block: bool
    end_line: int = 0
    tab: tuple[int, int] | None = None  # position of the first tab in an indentation


@dataclass
class _Block:
    opener_indent: int
    kind: str | None  # None: a block recovery cannot read, whose statements are skipped
    head: _Statement | None
    body_indent: int | None = None
    head_failed: bool = False  # the heading itself was reported; spare its block more noise


def _first_statement(text: str) -> tuple[int, int, str] | None:
    for i, ln in enumerate(text.split("\n"), start=1):
        stripped = ln.lstrip(" \t")
        if stripped and not stripped.startswith("#"):
            return i, len(ln) - len(stripped) + 1, stripped
    return None


def _indent_of(raw: str) -> tuple[int, str, int | None]:
    """Width of the indentation, the line without it, and the 0-based column of a tab."""
    stripped = raw.lstrip(" \t")
    lead = raw[: len(raw) - len(stripped)]
    tab = lead.find("\t")
    return len(lead.expandtabs(_TAB_WIDTH)), stripped, (tab if tab >= 0 else None)


def _statements(text: str) -> Iterator[_Statement]:
    """Splits text into logical statements the way the layout postlexer does."""
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        indent, stripped, tab = _indent_of(lines[i])
        if not stripped or stripped.startswith("#"):
            i += 1
            continue
        start = i
        tab_at = (start + 1, tab + 1) if tab is not None else None
        body = [stripped]
        # A prose block runs to its closing quotes, whatever its indentation.
        if stripped.startswith(_PROSE_MARK) and stripped.count(_PROSE_MARK) < 2:
            i += 1
            while i < len(lines) and _PROSE_MARK not in lines[i]:
                body.append(lines[i])
                i += 1
            if i < len(lines):
                body.append(lines[i])
            yield _Statement(start + 1, indent + 1, indent, "\n".join(body), False, i + 1, tab_at)
            i += 1
            continue
        head = strip_comment(stripped)
        i += 1
        opens = head.endswith(":") or head.startswith("agreement") or _lost_colon(head, lines, i,
                                                                                  indent)
        while not opens and i < len(lines):
            nindent, nstripped, ntab = _indent_of(lines[i])
            if nstripped and nindent <= indent:
                break
            if nstripped and ntab is not None and tab_at is None:
                tab_at = (i + 1, ntab + 1)
            # Continuation lines keep their place but lose tabs, which the layout would reject.
            body.append(" " * nindent + nstripped if nstripped else "")
            i += 1
        while len(body) > 1 and not body[-1].strip():
            body.pop()
        yield _Statement(start + 1, indent + 1, indent, "\n".join(body).rstrip(), opens,
                         start + len(body), tab_at)


def _lost_colon(head: str, lines: list[str], nxt: int, indent: int) -> bool:
    """Whether a heading without its colon is followed by an indented block."""
    word = head.split(" ", 1)[0]
    if word not in _HEAD_WORDS or (word == "for" and ":" in head):
        return False
    while nxt < len(lines):
        nindent, nstripped, _ = _indent_of(lines[nxt])
        if nstripped and not nstripped.startswith("#"):
            return nindent > indent
        nxt += 1
    return False


def _block_kind(stmt: _Statement) -> str | None:
    for pattern, kind in _HEAD_KINDS:
        if re.match(pattern, stmt.text):
            return kind
    # A misspelt heading ("defintions:") still tells us what its block holds.
    word = re.match(r"[A-Za-z]*", stmt.text)
    import difflib  # only on this path: it is slow to import
    near = difflib.get_close_matches(word.group(0).lower() if word else "", _MISSPELT_HEADS,
                                     n=1, cutoff=0.75)
    return near[0] if near else None


def _recover(text: str, file: str, error_line: int) -> list[Diagnostic]:
    """Parses each statement on its own, following the block structure; returns the errors."""
    diags: list[Diagnostic] = []
    tab_lines: list[int] = []
    first_tab: tuple[int, int] | None = None
    stack = [_Block(-1, "top", None, 0)]
    stream = _statements(text)
    following = next(stream, None)
    while following is not None and len(diags) <= MAX_ERRORS:
        stmt, following = following, next(stream, None)
        # Statements well before the whole-file error parsed already; only their layout
        # matters. (The one just before it may be the culprit, as in a heading without colon.)
        trusted = following is not None and following.end_line < error_line
        if stmt.tab is not None:
            tab_lines.append(stmt.tab[0])
            first_tab = first_tab or stmt.tab
        while len(stack) > 1 and stack[-1].opener_indent >= stmt.indent:
            _close(stack.pop(), file, diags)
        block = stack[-1]
        misplaced = False
        if block.body_indent is None:
            block.body_indent = stmt.indent
        elif stmt.indent != block.body_indent and stmt.tab is None:
            misplaced = True
            if not block.head_failed:
                levels = sorted({b.body_indent for b in stack if b.body_indent is not None},
                                reverse=True)
                diags.append(Diagnostic(
                    "E003", "error", "this line's indentation matches no enclosing block",
                    Span.point(file, stmt.line, stmt.column),
                    "line it up with the block it belongs to: indent it by "
                    + _spoken(levels) + " spaces"))
        failed = False
        if block.kind is not None and not trusted and not misplaced:
            diag = _parse_statement(stmt, block.kind, file)
            if diag is not None:
                diags.append(diag)
                failed = True
        if stmt.opens_block:
            kind = _block_kind(stmt) if block.kind is not None else None
            stack.append(_Block(stmt.indent, kind, stmt, head_failed=failed or misplaced))
    while len(stack) > 1:
        _close(stack.pop(), file, diags)
    if first_tab is not None:
        # One report is enough: a file indented with tabs usually is so throughout.
        line, col = first_tab
        more = len(tab_lines) - 1
        diags = [d for d in diags if d.span.line not in tab_lines]
        diags.append(Diagnostic(
            "E002", "error", "indentation uses a tab" + (
                f" (and so do {more} more statement{'s' if more > 1 else ''})" if more else ""),
            Span.point(file, line, col),
            'indent with spaces only, two per level, e.g. `  objective "Latency":`'))
    return diags


def _spoken(numbers: list[int]) -> str:
    words = [str(n) for n in numbers]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def _close(block: _Block, file: str, diags: list[Diagnostic]) -> None:
    """Reports a heading whose block turned out to be empty."""
    head = block.head
    if head is None or block.body_indent is not None or block.kind is None:
        return
    if head.text.startswith("agreement"):
        return  # the agreement line may stand alone
    if any(d.span.line == head.line for d in diags):
        return
    from .situation import example_for  # the messages' modules load only when a file fails

    example = example_for(block.kind)
    end = len(head.text.split("\n", 1)[0])
    diags.append(Diagnostic(
        "E110", "error", "this heading needs an indented block of statements below it",
        Span(file, head.line, head.column, head.line, head.column + end),
        f"indent the statements under it by two more spaces, e.g.\n    {example}"))


def _parse_statement(stmt: _Statement, context: str, file: str) -> Diagnostic | None:
    exc = _try_parse(stmt.text + "\n", context)
    if exc is None:
        return None
    # A statement that reads well in another kind of block was put in the wrong place. Prose
    # belongs everywhere, and a statement of pages is no misplaced sentence: skip those.
    if not isinstance(exc, (LayoutError, RecursionError)) and len(stmt.text) < 2000 \
            and not stmt.text.startswith(_PROSE_MARK):
        for other in LINE_STARTS:
            if other != context and _try_parse(stmt.text + "\n", other) is None:
                if other == "top" and stmt.indent == 0:
                    continue
                return Diagnostic(
                    "E112", "error", f"this statement belongs {WHERE[other]}, not here",
                    Span(file, stmt.line, stmt.column, stmt.line,
                         stmt.column + len(stmt.text.split("\n", 1)[0])),
                    f"move it there; here, a statement reads like: "
                    f"{_example_for(context)}")
    return _explain(exc, stmt.text + "\n", context, file, stmt.line, stmt.column)


def _example_for(context: str) -> str:
    from .situation import example_for

    return example_for(context)


def _try_parse(text: str, context: str) -> BaseException | None:
    """Parses one statement with the entry point of ``context``; returns the failure."""
    return _try_start(text, LINE_STARTS[context])


def _try_start(text: str, start: str) -> BaseException | None:
    layout = Layout()
    token = CURRENT_LAYOUT.set(layout)
    try:
        lark_parser().parse(text, start=start)
        return None
    except (LarkError, LayoutError, RecursionError) as exc:
        return exc
    finally:
        CURRENT_LAYOUT.reset(token)


def _explain(exc: BaseException, text: str, context: str, file: str,
             line0: int, col0: int, start: str | None = None) -> Diagnostic:
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
        from .messages import explain  # loaded only when a file fails to parse

        rule = start or LINE_STARTS[context]
        problem = explain(exc, text, context, lark_parser(),
                                   lambda t: _try_start(t, rule))
        line, col = place(problem.line, problem.column)
        end_col = col + max(1, problem.width)
        return Diagnostic(problem.code, "error", problem.message,
                          Span(file, line, col, line, end_col), problem.hint)
    return Diagnostic("E000", "error", f"cannot read this statement ({type(exc).__name__})",
                      Span.point(file, line0, col0), "compare it with an example in the docs")


__all__ = ["ParseResult", "decode", "normalise", "parse", "parse_tokens", "lark_parser",
           "UnexpectedCharacters", "LINE_STARTS", "MAX_BYTES"]
