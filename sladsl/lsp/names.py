"""The names a spec defines and every place the text mentions them.

Five kinds of name can be followed from a mention to its definition and renamed across the
file: defined terms (and fees), calendars, parties (by what they are *called*), objectives and
priorities. Mentions are found the way the contract renderer links them (whole words, case
sensitive; see ``_Linker`` in :mod:`sladsl.render.build`), in statements and prose alike,
never inside comments. Objectives are mentioned by their quoted name (``for "Latency":``);
priorities as ``priority 1`` (``Priority 1`` in prose).

Positions are 1-based lines and 1-based code-point columns, like :class:`sladsl.errors.Span`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Literal

from .. import nodes as n
from ..errors import Span
from ..model import Spec

Kind = Literal["term", "calendar", "party", "objective", "priority"]
KIND_WORDS: dict[str, str] = {"term": "defined term", "calendar": "calendar",
                              "party": "party", "objective": "objective",
                              "priority": "priority"}


@dataclass(frozen=True, slots=True)
class Name:
    """A defined name: its kind, the text mentions use, and the statements defining it."""

    kind: Kind
    text: str  # "Monthly Fee", "Customer", "Latency", "1"
    definitions: tuple[n.Node, ...]

    @property
    def key(self) -> tuple[str, str]:
        return (self.kind, self.text)


@dataclass(frozen=True, slots=True)
class Mention:
    """Where a name is written: its line, first and last+1 columns, and whether it defines."""

    name: Name
    line: int
    column: int
    end_column: int
    defines: bool

    def covers(self, line: int, column: int) -> bool:
        return self.line == line and self.column <= column <= self.end_column


def defined_names(spec: Spec) -> list[Name]:
    """Every name ``spec`` defines that can be followed and renamed."""
    out: list[Name] = []
    for party in spec.agreement.parties:
        called = " ".join(party.called.split())
        text = called[4:] if called.lower().startswith("the ") else called
        if text.strip() and '"' not in text:
            out.append(Name("party", text, (party,)))
    terms: dict[str, list[n.Node]] = {}
    for section in spec.of_type(n.Definitions):
        for item in section.items:
            if isinstance(item, n.TermDefinition | n.AmountDefinition | n.CustomerValue):
                terms.setdefault(item.name, []).append(item)
    out += [Name("term", k, tuple(v)) for k, v in terms.items() if k.strip()]
    out += [Name("calendar", k, (v,)) for k, v in spec.calendars.items() if k.strip()]
    out += [Name("priority", _number(level), (p,)) for level, p in spec.priorities.items()]
    objectives: dict[str, list[n.Node]] = {}
    for entry in spec.objectives:
        objectives.setdefault(entry.objective.name, []).append(entry.objective)
    out += [Name("objective", k, tuple(v)) for k, v in objectives.items() if k.strip()]
    return out


def _number(value: Decimal) -> str:
    return format(value.normalize(), "f") if value == value.to_integral_value() else str(value)


_PRIORITY = re.compile(r"(?<![\w])[Pp]riority[ ]+(\d+(?:\.\d+)?)(?![\w.]\d*\w?)")


def mentions(text: str, spec: Spec) -> list[Mention]:
    """Every mention of every defined name in ``text``, in document order."""
    names = defined_names(spec)
    lines = text.split("\n")
    out: list[Mention] = []
    plain = [x for x in names if x.kind in ("term", "calendar", "party")]
    by_text = {x.text: x for x in plain}
    pattern = None
    if by_text:
        ordered = sorted(by_text, key=lambda k: (-len(k), k))
        pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(k) for k in ordered) + r")(?!\w)")
    quoted = {x.text: x for x in names if x.kind == "objective"}
    priorities = {x.text: x for x in names if x.kind == "priority"}
    starts = _definition_starts(names)
    for i, raw in enumerate(lines, start=1):
        line = raw[:_comment_start(raw)]
        found: list[Mention] = []
        if pattern is not None:
            for m in pattern.finditer(line):
                found.append(_mention(by_text[m.group(1)], i, m.start(1), m.end(1), starts))
        for m in re.finditer(r'"((?:[^"\\\n]|\\.)*)"', line):
            name = quoted.get(m.group(1))
            if name is not None:
                found.append(_mention(name, i, m.start(1), m.end(1), starts))
        for m in _PRIORITY.finditer(line):
            name = priorities.get(_canonical(m.group(1)))
            if name is not None:
                found.append(_mention(name, i, m.start(1), m.end(1), starts))
        found.sort(key=lambda x: x.column)
        out.extend(found)
    return out


def _canonical(number: str) -> str:
    try:
        return _number(Decimal(number))
    except InvalidOperation:
        return number


def _definition_starts(names: list[Name]) -> set[tuple[str, str, int]]:
    return {(x.kind, x.text, d.span.line) for x in names for d in x.definitions}


def _mention(name: Name, line: int, start: int, end: int,
             starts: set[tuple[str, str, int]]) -> Mention:
    return Mention(name, line, start + 1, end + 1, (name.kind, name.text, line) in starts)


def _comment_start(line: str) -> int:
    """Where a ``#`` comment starts on a line (outside quotes), or the line's length."""
    in_string = False
    for idx, ch in enumerate(line):
        if ch == '"':
            in_string = not in_string
        elif ch == "#" and not in_string:
            return idx
    return len(line)


def mention_at(found: list[Mention], line: int, column: int) -> Mention | None:
    """The mention under a cursor (1-based line and column; the end column counts too)."""
    return next((m for m in found if m.covers(line, column)), None)


def of_name(found: list[Mention], name: Name) -> Iterator[Mention]:
    return (m for m in found if m.name.key == name.key)


def valid_new_name(name: Name, new: str) -> str | None:
    """Why ``new`` cannot replace ``name``, or ``None`` when it can."""
    if name.kind == "priority":
        return None if re.fullmatch(r"\d+(?:\.\d+)?", new) else "a priority is a number, e.g. 2"
    if not new.strip() or new != new.strip():
        return "a name cannot be empty or start or end with spaces"
    if any(ch in new for ch in '"\\#\n\r\t'):
        return "a name cannot hold quotes, backslashes, # or line breaks"
    if name.kind in ("term", "calendar", "party") and not re.fullmatch(
            r"[A-Z][A-Za-z0-9_&-]*(?:[ ][A-Z][A-Za-z0-9_&-]*)*", new):
        return ("a defined term, calendar or party is mentioned as capitalised words, "
                "e.g. Monthly Fee")
    return None


def definition_span(name: Name, found: list[Mention]) -> list[Mention]:
    """The mentions that define ``name`` (one per defining statement)."""
    return [m for m in of_name(found, name) if m.defines]


def spans_of(spec_file: str, found: list[Mention]) -> list[Span]:
    return [Span(spec_file, m.line, m.column, m.line, m.end_column) for m in found]


__all__ = ["KIND_WORDS", "Mention", "Name", "defined_names", "definition_span", "mention_at",
           "mentions", "of_name", "valid_new_name"]
