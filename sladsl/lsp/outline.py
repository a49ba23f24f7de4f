"""The outline of a spec (document symbols) and its semantic tokens.

The outline follows the contract: the agreement, its parties and definitions, every service
with its objectives, the credit tables, and the other sections. Semantic tokens come from the
Pygments lexer (:class:`sladsl.publish.highlight.SlaLexer`), the one place that decides how
``.sla`` text is coloured, so the editor, the terminal and the docs site agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from pygments.token import Comment, Keyword, Name, Number, String, _TokenType
from pygments.token import Literal as PLiteral

from .. import nodes as n
from ..errors import Span
from ..model import Spec

SymbolKind = Literal["module", "namespace", "class", "constant", "object", "event", "function",
                     "struct"]


@dataclass
class Symbol:
    """A node of the outline: name, kind, the statement's span and the name's span."""

    name: str
    kind: SymbolKind
    span: Span
    selection: Span
    children: list[Symbol] = field(default_factory=list)


def _heading(span: Span) -> Span:
    return Span(span.file, span.line, span.column, span.line, span.column + 1)


def _leaf(name: str, kind: SymbolKind, node: n.Node) -> Symbol:
    return Symbol(name, kind, node.span, _heading(node.span))


def outline(spec: Spec) -> list[Symbol]:
    """The document symbols of a checked spec: one root, the agreement."""
    a = spec.agreement
    root = Symbol(a.title or "agreement", "module", spec.document.span, _heading(a.span))
    for party in a.parties:
        root.children.append(_leaf(f"{party.called} ({party.role})", "object", party))
    for section in spec.document.sections:
        if isinstance(section, n.Definitions):
            sym = _leaf("definitions", "namespace", section)
            for item in section.items:
                if isinstance(item, n.TermDefinition | n.AmountDefinition | n.CustomerValue
                              | n.CalendarDefinition):
                    sym.children.append(_leaf(item.name, "constant", item))
                elif isinstance(item, n.PriorityDefinition):
                    sym.children.append(_leaf(f"priority {item.level}", "constant", item))
        elif isinstance(section, n.Service):
            sym = Symbol(section.name, "class", section.span, section.name_span)
            sym.children = [Symbol(o.name, "function", o.span, o.name_span)
                            for o in section.objectives]
        elif isinstance(section, n.Credits):
            sym = _leaf("service credits", "namespace", section)
            sym.children = [_leaf(f"for {t.objective.name}", "struct", t)
                            for t in section.items if isinstance(t, n.TierTable)]
        elif isinstance(section, n.Examples):
            sym = _leaf("examples", "namespace", section)
            sym.children = [_leaf(e.name, "event", e) for e in section.items
                            if isinstance(e, n.Example)]
        elif isinstance(section, n.Responsibilities | n.Exclusions | n.Reporting):
            sym = _leaf(type(section).__name__.lower(), "namespace", section)
        else:
            continue
        root.children.append(sym)
    return [root]


#: Semantic token types and modifiers, in the order the server announces them.
TOKEN_TYPES = ("keyword", "type", "number", "string", "comment", "variable", "namespace")
TOKEN_MODIFIERS = ("declaration", "readonly", "documentation")

_MAP: tuple[tuple[_TokenType, str, tuple[str, ...]], ...] = (
    (Keyword.Declaration, "keyword", ("declaration",)),
    (Keyword.Type, "type", ()),
    (Keyword, "keyword", ()),
    (PLiteral.Date, "number", ()),
    (Number, "number", ()),
    (String.Doc, "string", ("documentation",)),
    (String, "string", ()),
    (Name.Constant, "variable", ("readonly",)),
    (Name.Builtin, "namespace", ()),
    (Comment, "comment", ()),
)


@dataclass(frozen=True, slots=True)
class SemanticToken:
    """A coloured piece of one line: 0-based line and column, length in code points."""

    line: int
    column: int
    length: int
    type: int
    modifiers: int


_CLASSES: dict[_TokenType, tuple[int, int] | None] = {}


def _classify(ttype: _TokenType) -> tuple[int, int] | None:
    """The semantic token type and modifier bits of a Pygments token type (remembered)."""
    if ttype not in _CLASSES:
        _CLASSES[ttype] = _lookup(ttype)
    return _CLASSES[ttype]


def _lookup(ttype: _TokenType) -> tuple[int, int] | None:
    for base, name, mods in _MAP:
        if ttype is base or ttype.split()[: len(base.split())] == base.split():
            bits = 0
            for m in mods:
                bits |= 1 << TOKEN_MODIFIERS.index(m)
            return TOKEN_TYPES.index(name), bits
    return None


def semantic_tokens(text: str) -> list[SemanticToken]:
    """The semantic tokens of ``text``, one per line of each coloured lexer token."""
    from ..publish.highlight import SlaLexer

    lexer = SlaLexer(stripnl=False, ensurenl=False)
    out: list[SemanticToken] = []
    line, col = 0, 0
    for _, ttype, value in lexer.get_tokens_unprocessed(text):
        kind = _classify(ttype)
        pieces = value.split("\n")
        for i, piece in enumerate(pieces):
            if i:
                line, col = line + 1, 0
            if kind is not None and piece:
                out.append(SemanticToken(line, col, len(piece), *kind))
            col += len(piece)
    return out


__all__ = ["TOKEN_MODIFIERS", "TOKEN_TYPES", "SemanticToken", "Symbol", "outline",
           "semantic_tokens"]
