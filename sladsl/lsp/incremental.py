"""Analysis as you type: re-parse only the top-level blocks an edit touched.

A spec is a header (the ``agreement`` block) followed by independent top-level blocks
(``definitions:``, each ``service "…":``, ``service credits:`` …): the grammar's ``start`` rule is
``agreement _section*``. :class:`IncrementalAnalyser` splits the text at every statement that
starts at the left margin and parses each block on its own, behind a fixed stand-in header and
blank lines that put it on its own line numbers, so its tokens carry the positions of the
file. Parse trees are cached by the block's text; a block that merely moved (lines inserted
above it) has its positions shifted instead of being parsed again. The trees are then joined
into one, and built and checked exactly as :func:`sladsl.analyse` does.

Diagnostics are those of :func:`sladsl.analyse`, to the letter: a block that does not parse is
recovered statement by statement with the parser's own recovery, and what the whole-file parse
adds (its first error, one report of tabs, the cap on errors) is applied across blocks the same
way. A test compares the two on every shipped spec and on thousands of random edits.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from typing import Any

from lark import Token, Tree
from lark.exceptions import LarkError

from .. import nodes as n
from ..api import analyse
from ..errors import Diagnostic, Span
from ..model import Spec
from ..syntax import parser as p
from ..syntax.layout import CURRENT_LAYOUT, Layout, LayoutError, RawComment

#: What stands before a block parsed on its own; its line is never part of any result.
_STAND_IN = 'agreement "x"'
_PROSE = '"""'
_TABS = re.compile(r"indentation uses a tab(?: \(and so do (\d+) more statements?\))?")
#: Blocks kept in the cache: enough for a large spec and its recent versions.
_CACHE_SIZE = 4096


@dataclass
class _Block:
    """One parsed top-level block, in the coordinates of ``line`` (its first line)."""

    line: int
    tree: Tree[Token] | None
    comments: list[RawComment] = field(default_factory=list)
    first_error: Diagnostic | None = None
    recovered: list[Diagnostic] = field(default_factory=list)
    built: tuple[tuple[Any, ...], tuple[n.Comment, ...]] | None = None  # its AST, if unmoved

    def moved_to(self, line: int) -> None:
        """Shifts every position by the distance to ``line`` (the tree is this block's own)."""
        delta = line - self.line
        if not delta:
            return
        self.line = line
        self.built = None
        if self.tree is not None:
            _shift_tree(self.tree, delta)
        self.comments = [replace(c, line=c.line + delta) for c in self.comments]
        self.recovered = [_shift_diag(d, delta) for d in self.recovered]
        if self.first_error is not None:
            self.first_error = _shift_diag(self.first_error, delta)


def _shift_tree(tree: Tree[Token], delta: int) -> None:
    for sub in tree.iter_subtrees():
        meta = sub.meta
        if not getattr(meta, "empty", True):
            meta.line += delta
            meta.end_line += delta
        for child in sub.children:
            if isinstance(child, Token):
                if child.line is not None:
                    child.line += delta
                if child.end_line is not None:
                    child.end_line += delta


def _shift_diag(d: Diagnostic, delta: int) -> Diagnostic:
    s = d.span
    return replace(d, span=replace(s, line=s.line + delta, end_line=s.end_line + delta))


def split_blocks(text: str) -> list[tuple[int, str]]:
    """The top-level blocks of normalised text: (first line, text) each; they cover every line.

    A block starts at each statement at the left margin, split as the parser's recovery
    splits statements (a prose block runs to its closing quotes whatever its lines'
    indentation; a deeper line after a sentence continues it).
    """
    return _blocks(text.split("\n"), margin_starts(text))


def margin_starts(text: str) -> list[int]:
    """The lines (1-based) of the statements at the left margin."""
    return [s.line for s in p._statements(text) if s.indent == 0]


def _blocks(lines: list[str], starts: list[int]) -> list[tuple[int, str]]:
    if not starts:
        return []
    starts = [1, *starts[1:]]  # comments and blank lines before the first statement belong to it
    ends = [*starts[1:], len(lines) + 1]
    return [(a, "\n".join(lines[a - 1:b - 1])) for a, b in zip(starts, ends, strict=True)]


def restart(old_lines: list[str], old_starts: list[int], lines: list[str]) -> list[int] | None:
    """The margin statements of ``lines``, re-scanning only the blocks that changed since
    ``old_lines``; ``None`` when that is not safe (the caller then scans everything)."""
    n = min(len(old_lines), len(lines))
    i = 0
    while i < n and old_lines[i] == lines[i]:
        i += 1
    if i == len(old_lines) == len(lines):
        return old_starts
    j = 0
    while j < n - i and old_lines[-1 - j] == lines[-1 - j]:
        j += 1
    first, last_old, delta = i + 1, len(old_lines) - j, len(lines) - len(old_lines)
    before = [x for x in old_starts if x < first]
    if not before:
        return None
    after = [x for x in old_starts if x > max(last_old, first)]
    end = after[0] + delta if after else len(lines) + 1
    a = before[-1]
    statements = list(p._statements("\n".join(lines[a - 1:end - 1])))
    last = statements[-1].text if statements else ""
    if after and last.startswith(_PROSE) and last.count(_PROSE) < 2:
        return None  # a prose block opened by the edit runs on into the blocks below
    middle = [a - 1 + x.line for x in statements if x.indent == 0]
    return before[:-1] + middle + [x + delta for x in after]


def _parse_block(text: str, file: str, line: int, header: bool) -> _Block:
    """Parses one block as :func:`sladsl.syntax.parser.parse` parses a file."""
    if header:
        full, offset = text, 0
    else:
        full, offset = _STAND_IN + "\n" * (line - 1) + text, 1
    layout = Layout()
    token = CURRENT_LAYOUT.set(layout)
    try:
        tree = p.lark_parser().parse(full + "\n", start="start")
        first: Diagnostic | None = None
    except (LarkError, LayoutError, RecursionError) as exc:
        tree = None
        first = p._explain(exc, full + "\n", "top", file, 1, 1, "start")
    finally:
        CURRENT_LAYOUT.reset(token)
    comments = [c for c in layout.comments if c.line > offset]
    if tree is not None or first is None:
        return _Block(line, tree, comments)
    recovered = [d for d in p._recover(full, file, first.span.line) if d.span.line > offset]
    if first.span.line <= offset:  # only when the stand-in itself fails, which it does not
        first = None
    return _Block(line, None, comments, first, recovered)


class IncrementalAnalyser:
    """``analyse(text)`` for successive versions of one document, reusing unchanged blocks."""

    def __init__(self, file: str = "<string>") -> None:
        self.file = file
        self._cache: OrderedDict[tuple[bool, str], _Block] = OrderedDict()
        self.parsed = 0  # blocks parsed so far (for tests and the benchmark)
        self._lines: list[str] | None = None
        self._starts: list[int] = []

    def analyse(self, text: str) -> tuple[Spec | None, list[Diagnostic]]:
        """The spec (if it parsed) and every diagnostic, as :func:`sladsl.analyse` gives them."""
        clean, diags = p.normalise(text, self.file)
        if clean is None:
            return None, diags
        pieces = self._split(clean)
        first = p._first_statement(clean)
        if len(pieces) < 2 or first is None or first[1] > 1:
            return analyse(clean, self.file)  # an empty or headless file: parse() says why
        blocks = [self._block(i == 0, line, body) for i, (line, body) in enumerate(pieces)]
        if any(b.tree is None for b in blocks):
            return None, _syntax_diagnostics(blocks)
        from ..check.checker import check

        built = [_built(b, self.file) for b in blocks]
        document = n.Document(_span(self.file, blocks), built[0][0][0],
                              tuple(x for nodes, _ in built[1:] for x in nodes[1:]),
                              tuple(c for _, comments in built for c in comments))
        spec = Spec(document, clean, self.file)
        problems = check(spec)
        spec.diagnostics = [d for d in problems if d.severity == "warning"]
        return spec, problems

    def _split(self, clean: str) -> list[tuple[int, str]]:
        lines = clean.split("\n")
        starts = None
        if self._lines is not None and self._starts:
            starts = restart(self._lines, self._starts, lines)
        if starts is None:
            starts = margin_starts(clean)
        self._lines, self._starts = lines, starts
        return _blocks(lines, starts)

    def _block(self, header: bool, line: int, body: str) -> _Block:
        key = (header, body)
        block = self._cache.get(key)
        if block is None:
            block = _parse_block(body, self.file, line, header)
            self.parsed += 1
            self._cache[key] = block
            if len(self._cache) > _CACHE_SIZE:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(key)
            block.moved_to(line)
        return block


def _built(block: _Block, file: str) -> tuple[tuple[Any, ...], tuple[n.Comment, ...]]:
    """The block's agreement, sections and comments as AST nodes (built once while it stays
    put)."""
    if block.built is None:
        from ..syntax.builder import Builder

        assert block.tree is not None
        doc: n.Document = Builder(file).transform(block.tree)
        block.built = ((doc.agreement, *doc.sections),
                       tuple(_comment(file, c) for c in block.comments))
    return block.built


def _span(file: str, blocks: list[_Block]) -> Span:
    """The span the whole-file parse gives the document: first token to last."""
    first, last = blocks[0].tree, blocks[-1].tree
    assert first is not None and last is not None
    a, b = first.meta, last.meta
    return Span(file, a.line, a.column, b.end_line, b.end_column)


def _comment(file: str, c: RawComment) -> n.Comment:
    return n.Comment(Span(file, c.line, c.column, c.line, c.column + len(c.text)), c.text)


def _syntax_diagnostics(blocks: list[_Block]) -> list[Diagnostic]:
    """The whole-file rules of :func:`sladsl.syntax.parser.parse` applied across blocks."""
    diags = [d for b in blocks for d in b.recovered]
    tabs = [d for d in diags if d.code == "E002" and _TABS.fullmatch(d.message)]
    if len(tabs) > 1:
        count = 0
        for d in tabs:
            m = _TABS.fullmatch(d.message)
            count += 1 + int(m.group(1) or 0) if m else 1
        one = min(tabs, key=lambda d: d.sort_key)
        more = count - 1
        diags = [d for d in diags if d not in tabs]
        diags.append(replace(one, message="indentation uses a tab" + (
            f" (and so do {more} more statement{'s' if more > 1 else ''})")))
    failing = next(b for b in blocks if b.tree is None)
    first_error = failing.first_error
    if first_error is not None and (
            not diags or first_error.sort_key < min(d.sort_key for d in diags)):
        if all(d.span.line != first_error.span.line for d in diags):
            diags.append(first_error)
    diags.sort(key=lambda d: d.sort_key)
    if len(diags) > p.MAX_ERRORS:
        last = diags[p.MAX_ERRORS - 1]
        diags = diags[:p.MAX_ERRORS]
        diags.append(Diagnostic(
            "E009", "error", f"too many errors; stopped after {p.MAX_ERRORS}",
            last.span, "check that this is a .sla file, then fix the first errors"))
    return diags


__all__ = ["IncrementalAnalyser", "split_blocks"]
