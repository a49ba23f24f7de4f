"""The printer's machinery: comments, blocks, the document and its header.

Comments are not in the tree but in ``document.comments`` with their positions. Each one is
attached to the statement it sits on (written after that statement, as a trailing comment) or
else to the next statement (written above it). Blank lines around comment groups are kept
where the source had them; every other blank line is the canonical layout's.
:meth:`DocumentPrinter.visit` dispatches on the node class to ``visit_<NodeClass>``; the
sentences' methods are in :class:`sladsl.fmt.printer.Printer`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .. import nodes as n
from ..errors import Diagnostic, SlaSyntaxError, Span
from .writer import Writer, quote

#: Header statements the tree keeps without a position; their lines are read from the source.
_HEADER_LINE = re.compile(r"[ \t]*(version|currency|reviewed|time[ \t]+zone|effective)\b")
#: Node classes that write lines themselves (blocks and prose) rather than returning words.
BLOCKS = (n.Document, n.Agreement, n.Definitions, n.Service, n.Objective, n.Responsibilities,
          n.Exclusions, n.Credits, n.TierTable, n.Reporting, n.Examples, n.Example, n.Prose)


class Comments:
    """The comments of a file, handed out in source order to the statements they belong to."""

    def __init__(self, comments: Sequence[n.Comment], lines: Sequence[str]) -> None:
        self.queue = sorted(comments, key=lambda c: (c.span.line, c.span.column))
        self.lines = lines

    def blank_before(self, line: int) -> bool:
        """Whether the source line just above ``line`` is blank."""
        return line >= 2 and not self.lines[line - 2].strip()

    def take(self, first: int, last: int) -> tuple[list[tuple[str, bool]], bool, str | None]:
        """Comments for the statement on source lines ``first``..``last``.

        Returns the comments to write above it (text, blank line before), whether a blank
        line separates them from the statement, and the trailing comment. A statement with
        several comments on its lines keeps the last as trailing and the others above it.
        """
        leading = [c for c in self.queue if c.span.line < first]
        trailing = [c for c in self.queue if first <= c.span.line <= last]
        self.queue = [c for c in self.queue if c.span.line > last]
        above = [(c.text.rstrip(), self.blank_before(c.span.line)) for c in leading]
        gap = bool(leading) and first - 1 > leading[-1].span.line and self.blank_before(first)
        moved = [c.text.rstrip() for c in trailing[:-1]]
        if moved:
            above += [(text, gap and i == 0) for i, text in enumerate(moved)]
            gap = False
        tail = trailing[-1].text.rstrip() if trailing else None
        return above, gap, tail

    def rest(self) -> list[tuple[str, bool]]:
        """Comments after the last statement."""
        out = [(c.text.rstrip(), self.blank_before(c.span.line)) for c in self.queue]
        self.queue = []
        return out


class FormatError(SlaSyntaxError):
    """The file parses, but its tree cannot be printed without losing something."""


class DocumentPrinter:
    """The printer's machinery, the document and its header.

    :class:`~sladsl.fmt.printer.Printer` adds a method for every sentence.
    """

    def __init__(self, document: n.Document, source: str) -> None:
        self.document = document
        self.source = source
        self.lines = source.split("\n")
        self.out = Writer()
        self.comments = Comments(document.comments, self.lines)

    def format(self) -> str:
        self.visit(self.document)
        return self.out.getvalue()

    # ---------------------------------------------------------------- machinery

    def visit(self, node: n.Node) -> list[str]:
        """Dispatches on the node's class to ``visit_<Class>``."""
        method = getattr(self, "visit_" + type(node).__name__, None)
        if method is None:
            raise NotImplementedError(
                f"the formatter has no handler for node type {type(node).__name__}")
        words: list[str] = method(node)
        return words

    def write(self, node: n.Node) -> None:
        """Writes a block, or a sentence with its comments."""
        if isinstance(node, BLOCKS):
            self.visit(node)
        else:
            self.statement(node.span.line, node.span.end_line, self.visit(node))

    def lead(self, first: int, last: int) -> str | None:
        """Writes the comments above a statement; returns its trailing comment."""
        above, gap, tail = self.comments.take(first, last)
        for text, blank in above:
            if blank:
                self.out.blank()
            self.out.writeline(text)
        if gap:
            self.out.blank()
        return tail

    def statement(self, first: int, last: int, words: list[str]) -> None:
        self.out.sentence(words, self.lead(first, last))

    def heading(self, node: n.Node, text: str) -> None:
        tail = self.lead(node.span.line, node.span.line)
        self.out.writeline(text + (f"  {tail}" if tail else ""))

    def block(self, node: n.Node, head: str, items: Sequence[n.Node],
              spaced: bool = False) -> None:
        """A heading ending in ``:`` and its items one level deeper."""
        self.heading(node, head + ":")
        self.out.indent()
        for item in items:
            if spaced:
                self.out.blank()
            self.write(item)
        self.out.outdent()

    def text_of(self, span: Span) -> str:
        """The source text of a span (for words the tree does not keep)."""
        lines = self.lines[span.line - 1:span.end_line]
        if not lines:
            return ""
        lines[-1] = lines[-1][:span.end_column - 1]
        lines[0] = lines[0][span.column - 1:]
        return "\n".join(lines)

    # ---------------------------------------------------------------- document and header

    def visit_Document(self, node: n.Document) -> list[str]:
        self.visit(node.agreement)
        for section in node.sections:
            self.out.blank()
            self.write(section)
        for text, blank in self.comments.rest():
            if blank:
                self.out.blank()
            self.out.writeline(text)
        return []

    def visit_Agreement(self, node: n.Agreement) -> list[str]:
        # The heading never wraps: the layout reads lines under it as the header block.
        self.heading(node, "agreement " + quote(node.title))
        found = self._header_lines(node)
        # (source line, canonical order, node or None, words): the header keeps its order.
        items: list[tuple[int, int, n.Node | None, list[str]]] = []
        if node.version is not None:
            items.append((found.get("version", 0), 0, None, ["version", quote(node.version)]))
        items += [(p.span.line, 1, p, self.visit(p)) for p in node.parties]
        if node.term is not None:
            items.append((node.term.span.line, 2, node.term, self.visit(node.term)))
        if node.time_zone is not None:
            line = node.time_zone_span.line if node.time_zone_span else found.get("time zone", 0)
            items.append((line, 3, None, ["time", "zone", node.time_zone]))
        if node.currency is not None:
            items.append((found.get("currency", 0), 4, None, ["currency", node.currency]))
        if node.review is not None:
            items.append((found.get("reviewed", 0), 5, None, ["reviewed", "every", node.review]))
        items += [(p.span.line, 6, p, []) for p in node.prose]
        items.sort(key=lambda x: (x[0], x[1]))
        self.out.indent()
        for line, _order, item, words in items:
            if isinstance(item, n.Prose):
                self.out.blank()
                self.write(item)
                self.out.blank()
            elif item is not None:
                self.write(item)
            else:
                self.statement(line, line, words)
        self.out.outdent()
        return []

    def _header_lines(self, node: n.Agreement) -> dict[str, int]:
        """Source lines of the header statements that the tree keeps without a span."""
        inside_prose = {ln for p in node.prose for ln in range(p.span.line, p.span.end_line + 1)}
        seen: dict[str, list[int]] = {}
        for ln in range(node.span.line + 1, node.span.end_line + 1):
            m = _HEADER_LINE.match(self.lines[ln - 1]) if ln not in inside_prose else None
            if m:
                seen.setdefault(" ".join(m.group(1).split()), []).append(ln)
        twice = sorted((lines[1], word) for word, lines in seen.items() if len(lines) > 1)
        if twice:
            # The tree keeps one of each; printing it would silently drop the others.
            raise FormatError([Diagnostic(
                "F001", "error", f"the agreement header says `{word}` more than once",
                Span.point(node.span.file, line, 3),
                f"keep one `{word}` line; fmt will not guess which one is meant")
                for line, word in twice], self.source)
        return {word: lines[0] for word, lines in seen.items()}

    def visit_Party(self, node: n.Party) -> list[str]:
        return [node.role, quote(node.name), "called", quote(node.called)]

    def visit_Prose(self, node: n.Prose) -> list[str]:
        tail = self.lead(node.span.line, node.span.end_line)
        self.out.writeline('"""')
        for line in node.text.split("\n") if node.text else []:
            self.out.writeline(line)
        self.out.writeline('"""' + (f"  {tail}" if tail else ""))
        return []

    def visit_Comment(self, node: n.Comment) -> list[str]:
        return [node.text.rstrip()]
