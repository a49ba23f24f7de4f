"""Completion from the grammar: what the LALR parser would accept at the cursor.

The statement under the cursor is fed, up to the word being typed, to Lark's interactive parser
with the entry point of the block it sits in (the same entry points statement-level recovery
uses). The terminals the parser then accepts are the completions: literal words become
keywords, terminals that stand for names become the names the spec defines, and the open
terminals for time zones, holiday regions, units, days and currencies list what the checker
would accept. No word list is kept here.
"""

from __future__ import annotations

import functools
import re
import zoneinfo
from dataclasses import dataclass
from typing import Literal

from lark.exceptions import LarkError
from lark.lexer import PatternStr

from ..model import Spec
from ..syntax import parser as p
from ..syntax.layout import CURRENT_LAYOUT, Layout, LayoutError
from .names import defined_names

ItemKind = Literal["keyword", "unit", "name", "objective", "zone", "region", "value"]


@dataclass(frozen=True, slots=True)
class Item:
    """One completion: the text to insert, what it is, and a word of detail."""

    label: str
    kind: ItemKind
    detail: str = ""


_PARTIAL = re.compile(r"[A-Za-z0-9_%'’/-]*$")
_CURRENCIES = ("EUR", "USD", "GBP", "CHF", "JPY", "CAD", "AUD", "SEK", "NOK", "DKK")


@dataclass
class _Open:
    indent: int
    kind: str | None


def context_at(text: str, line: int, column: int) -> tuple[str | None, str]:
    """The kind of block at a cursor (1-based line and column) and the statement before it."""
    lines = text.split("\n")
    if not 1 <= line <= len(lines):
        return None, ""
    stack = [_Open(-1, "top")]
    current = None
    for stmt in p._statements(text):
        if stmt.line > line:
            break
        if stmt.line <= line <= stmt.end_line:
            current = stmt
            break
        while len(stack) > 1 and stack[-1].indent >= stmt.indent:
            stack.pop()
        if stmt.opens_block:
            kind = p._block_kind(stmt) if stack[-1].kind is not None else None
            stack.append(_Open(stmt.indent, kind))
    raw = lines[line - 1][: max(0, column - 1)]
    if current is None:
        indent = len(raw) - len(raw.lstrip(" "))
        prefix = raw.strip()
    else:
        indent = current.indent
        before = lines[current.line - 1:line - 1]
        prefix = "\n".join([*(ln for ln in before), raw]).lstrip(" ")
    while len(stack) > 1 and stack[-1].indent >= indent:
        stack.pop()
    return stack[-1].kind, prefix


def accepted_terminals(kind: str, prefix: str) -> set[str] | None:
    """The terminals the parser accepts after ``prefix`` in a block of ``kind``."""
    parser = p.lark_parser()
    token = CURRENT_LAYOUT.set(Layout())
    try:
        interactive = parser.parse_interactive(prefix, start=p.LINE_STARTS[kind])
        for _ in interactive.iter_parse():
            pass
        accepted: set[str] = interactive.accepts()  # type: ignore[no-untyped-call]
        return accepted
    except (LarkError, LayoutError, RecursionError):
        return None
    finally:
        CURRENT_LAYOUT.reset(token)


@functools.cache
def terminal_words() -> dict[str, tuple[str, ...]]:
    """The literal words each terminal of the grammar stands for."""
    out: dict[str, tuple[str, ...]] = {}
    for terminal in p.lark_parser().terminals:
        value = terminal.pattern.value
        if isinstance(terminal.pattern, PatternStr):
            out[terminal.name] = (value,)
            continue
        match = re.fullmatch(r"\(\?:((?:[A-Za-z|]|\\ )+)\)(?:\\b)?", value)
        if match:
            out[terminal.name] = tuple(alt.replace("\\ ", " ") for alt in match.group(1).split("|"))
    return out


@functools.cache
def _zones() -> tuple[str, ...]:
    return tuple(sorted(zoneinfo.available_timezones()))


def _regions() -> list[str]:
    from ..regions import supported

    table = supported()
    return sorted({*table, *(f"{c}-{s}" for c, subs in table.items() for s in subs)})


def complete(text: str, line: int, column: int, spec: Spec | None) -> list[Item]:
    """Completions at a cursor (1-based line and column) in ``text``."""
    kind, prefix = context_at(text, line, column)
    if kind is None:
        return []
    partial = _PARTIAL.search(prefix)
    head = prefix[: partial.start()] if partial else prefix
    names = defined_names(spec) if spec is not None else []
    if head.count('"') % 2:  # inside quotes: the quoted names
        return [Item(x.text, "objective" if x.kind == "objective" else "name", x.kind)
                for x in names if x.kind in ("objective", "term", "calendar")]
    accepted = accepted_terminals(kind, head)
    if accepted is None:
        return []
    words = terminal_words()
    items: dict[str, Item] = {}

    def add(item: Item) -> None:
        items.setdefault(item.label, item)

    for terminal in sorted(accepted):
        if terminal == "STRING":
            for x in names:
                if x.kind in ("objective", "term", "calendar"):
                    add(Item(f'"{x.text}"', "objective" if x.kind == "objective" else "name",
                             x.kind))
        elif terminal == "NAME":
            for x in names:
                if x.kind in ("term", "calendar", "party"):
                    add(Item(x.text, "name", x.kind))
        elif terminal == "TZ":
            for zone in _zones():
                add(Item(zone, "zone", "time zone"))
        elif terminal == "REGION":
            for region in _regions():
                add(Item(region, "region", "holiday region"))
        elif terminal == "CURRENCY":
            for code in _CURRENCIES:
                add(Item(code, "value", "currency"))
        elif terminal in words:
            unit = terminal.endswith("_UNIT") or terminal == "PERCENT"
            for word in words[terminal]:
                if word.isalpha() or " " in word or word == "%":
                    add(Item(word, "unit" if unit or word == "%" else "keyword",
                             "unit" if unit else "keyword"))
    return list(items.values())


__all__ = ["Item", "accepted_terminals", "complete", "context_at", "terminal_words"]
