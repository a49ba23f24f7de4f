"""The builder's ground floor: spans, strings, prose, and the rules for single values.

Tokens become exact values here (``Decimal``, never ``float``), strings lose their quotes and
escapes, prose blocks are dedented, and every node gets the span of the text it came from.
:class:`sladsl.syntax.builder.Builder` adds a method for every clause of the grammar.
"""

from __future__ import annotations

import textwrap
from typing import Any

from lark import Token, Transformer, Tree
from lark.tree import Meta

from .. import nodes as n
from ..errors import Span
from ..quantities import Count, Duration, Money, Percent, Score, parse_decimal, unit_of

_ESCAPES = {'"': '"', "\\": "\\", "n": "\n", "t": "\t"}


def unquote(token: str) -> str:
    """``"a \\"b\\""`` → ``a "b"``; unknown escapes keep their backslash."""
    body = token[1:-1]
    out: list[str] = []
    i = 0
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            nxt = body[i + 1]
            out.append(_ESCAPES.get(nxt, "\\" + nxt))
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def prose_text(token: str) -> str:
    """The text inside a ``\"\"\"`` block, dedented, without its first and last blank lines."""
    body = token[3:-3]
    lines = body.split("\n")
    first = lines[0].strip()
    rest = textwrap.dedent("\n".join(lines[1:]))
    text = (first + "\n" + rest) if first else rest
    return text.strip("\n").rstrip()


class ValueBuilder(Transformer[Token, Any]):
    """Spans, dispatch to ``rule_<name>`` methods, and the rules of values and comparators."""

    def __init__(self, file: str) -> None:
        super().__init__(visit_tokens=False)
        self.file = file

    # ---- helpers

    def span(self, meta: Meta | Token) -> Span:
        if isinstance(meta, Token):
            line = meta.line or 1
            col = meta.column or 1
            return Span(self.file, line, col, meta.end_line or line, meta.end_column or col + 1)
        if getattr(meta, "empty", True):
            return Span(self.file, 1, 1, 1, 1)
        return Span(self.file, meta.line, meta.column, meta.end_line, meta.end_column)

    def __default__(self, data: str, children: list[Any], meta: Meta) -> Any:
        raise NotImplementedError(f"no AST builder for grammar rule {data!r}")

    def _call_userfunc(self, tree: Tree[Token], new_children: list[Any] | None = None) -> Any:
        children = new_children if new_children is not None else tree.children
        method = getattr(self, f"rule_{tree.data}", None)
        if method is None:
            return self.__default__(str(tree.data), children, tree.meta)
        return method(tree.meta, children)

    # ---- shared

    def rule_objective_ref(self, meta: Meta, c: list[Any]) -> n.ObjectiveRef:
        return n.ObjectiveRef(self.span(meta), unquote(c[0]),
                              unquote(c[1]) if c[1] is not None else None)

    def rule_party_ref(self, meta: Meta, c: list[Any]) -> n.PartyRef:
        name = c[0]
        the = self.span(meta).column < (name.column or 0) or self.span(meta).line < (name.line or 0)
        return n.PartyRef(self.span(meta), str(name), the)

    def rule_at_least(self, meta: Meta, c: list[Any]) -> str:
        return "at_least"

    def rule_at_most(self, meta: Meta, c: list[Any]) -> str:
        return "at_most"

    def rule_more_than(self, meta: Meta, c: list[Any]) -> str:
        return "more_than"

    def rule_less_than(self, meta: Meta, c: list[Any]) -> str:
        return "less_than"

    def rule_percent(self, meta: Meta, c: list[Any]) -> Percent:
        return Percent(parse_decimal(c[0]))

    def rule_duration(self, meta: Meta, c: list[Any]) -> Duration:
        return Duration(parse_decimal(c[0]), unit_of(str(c[1])))

    def rule_business_duration(self, meta: Meta, c: list[Any]) -> Duration:
        return Duration(parse_decimal(c[0]), unit_of(str(c[1])), business=True)

    def rule_money(self, meta: Meta, c: list[Any]) -> Money:
        return Money(parse_decimal(c[1]), str(c[0]))

    def rule_score(self, meta: Meta, c: list[Any]) -> Score:
        return Score(parse_decimal(c[0]), parse_decimal(c[1]))

    def rule_number(self, meta: Meta, c: list[Any]) -> Count:
        return Count(parse_decimal(c[0]))

    def rule_time_unit(self, meta: Meta, c: list[Any]) -> str:
        return str(c[0])

    def rule_period_unit(self, meta: Meta, c: list[Any]) -> str:
        word = str(c[0])
        return word[:-1] if word.endswith("s") else word
