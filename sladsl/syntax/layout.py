"""Indentation layout: turns newline tokens into block structure, and keeps comments.

The lexer hands us ``_NL`` tokens that hold a line break, any blank or comment lines after it,
and the indentation of the next statement. From them this postlexer makes ``_INDENT`` and
``_DEDENT`` tokens the way Python's tokenizer does, with one addition for prose-like
sentences: a line indented deeper than the one before it continues that sentence unless the
line before opened a block (it ended with ``:`` or was the ``agreement`` line). Comments found
inside ``_NL`` tokens are handed to a :class:`Layout` collector with their exact positions.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field

from lark import Token

from ..frozen import frozen_record
from .lexer import PATTERNS

#: A comment (compiled through the lexer's pattern store on first use, see :mod:`.lexer`).
_COMMENT = r"#[^\r\n]*"


@frozen_record
class RawComment:
    """A comment as it appears in the source: its text (with ``#``) and position (1-based)."""

    text: str
    line: int
    column: int


class LayoutError(Exception):
    """A problem with indentation, raised with the position of the offending line."""

    def __init__(self, code: str, message: str, line: int, column: int, hint: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.line = line
        self.column = column
        self.hint = hint


@dataclass
class Layout:
    """Per-parse state of the postlexer: the collected comments."""

    comments: list[RawComment] = field(default_factory=list)


#: The collector of the parse under way; the parser sets it around each parse, so one cached
#: Lark instance can serve many parses (and threads) at once.
CURRENT_LAYOUT: ContextVar[Layout] = ContextVar("CURRENT_LAYOUT")


class IndentationPostLexer:
    """Lark postlexer producing ``_INDENT``/``_DEDENT`` and sentence continuation."""

    always_accept = ("_NL",)

    def process(self, stream: Iterator[Token]) -> Iterator[Token]:
        layout = CURRENT_LAYOUT.get(None) or Layout()
        indents = [0]
        line_first: Token | None = None  # first token of the current logical line
        last: Token | None = None  # last significant token of the current logical line
        for tok in stream:
            if tok.type != "_NL":
                if line_first is None:
                    line_first = tok
                last = tok
                yield tok
                continue
            self._collect_comments(tok, layout)
            text = str(tok)
            tail = text.rsplit("\n", 1)[1]
            indent_str = tail.split("#", 1)[0]
            next_line = (tok.end_line or tok.line or 1)
            if "\t" in indent_str:
                raise LayoutError(
                    "E002",
                    "indentation uses a tab",
                    next_line,
                    indent_str.index("\t") + 1,
                    "indent with spaces only, two per level, e.g. `  objective \"Latency\":`",
                )
            indent = len(indent_str)
            opens_block = last is not None and (
                last.type == "COLON" or (line_first is not None and line_first.type == "AGREEMENT")
            )
            if last is None:
                # Blank lines and comments before the first statement.
                continue
            if indent > indents[-1] and not opens_block:
                # A deeper line that does not follow a block opener continues the sentence.
                continue
            # A newline ends the statement before it: give it no width, so that the spans of
            # statements stop where their text does instead of on the next line.
            tok.end_line, tok.end_column = tok.line, tok.column
            yield tok
            line_first = None
            last = None
            if indent > indents[-1]:
                indents.append(indent)
                yield Token.new_borrow_pos("_INDENT", indent_str, tok)
            else:
                while indent < indents[-1]:
                    indents.pop()
                    yield Token.new_borrow_pos("_DEDENT", indent_str, tok)
                if indent != indents[-1]:
                    raise LayoutError(
                        "E003",
                        "this line's indentation matches no enclosing block",
                        next_line,
                        indent + 1,
                        "line it up with the block it belongs to: indent it by "
                        + " or ".join(str(n) for n in reversed(indents)) + " spaces",
                    )
        while len(indents) > 1:
            indents.pop()
            yield Token("_DEDENT", "")

    @staticmethod
    def _collect_comments(tok: Token, layout: Layout) -> None:
        text = str(tok)
        line = tok.line or 1
        col = tok.column or 1
        for i, piece in enumerate(text.split("\n")):
            m = PATTERNS.compile(_COMMENT).search(piece)
            if m:
                column = col + m.start() if i == 0 else m.start() + 1
                layout.comments.append(RawComment(m.group(0).rstrip("\r"), line + i, column))


def end_of_words(text: str, pos: int) -> int:
    """The offset just after the last word on or before ``pos``, skipping comments."""
    line_start = text.rfind("\n", 0, pos) + 1
    head = strip_comment(text[line_start:pos])
    while not head.strip() and line_start > 0:
        prev_start = text.rfind("\n", 0, line_start - 1) + 1
        head = strip_comment(text[prev_start:line_start - 1])
        line_start = prev_start
    return line_start + len(head)


def strip_comment(line: str) -> str:
    """A line without its trailing comment (a ``#`` outside quotes) and spaces."""
    in_string = False
    for idx, ch in enumerate(line):
        if ch == '"':
            in_string = not in_string
        elif ch == "#" and not in_string:
            return line[:idx].rstrip()
    return line.rstrip()
