"""The base of every node, the nodes every section shares, and walking a tree."""

from __future__ import annotations

from dataclasses import fields
from datetime import date
from decimal import Decimal
from typing import Literal

from ..errors import Span
from ..frozen import node
from ..quantities import Quantity

Comparator = Literal["at_least", "at_most", "more_than", "less_than"]
PeriodUnit = Literal["week", "month", "quarter", "year"]
Role = Literal["provider", "customer"]


@node
class Node:
    """Base of every node: where in the source it came from."""

    span: Span

    def children(self) -> list[Node]:
        """Direct child nodes, in source order."""
        out: list[Node] = []
        for name in _field_names(type(self)):
            value = getattr(self, name)
            if isinstance(value, Node):
                out.append(value)
            elif isinstance(value, tuple):
                out.extend(v for v in value if isinstance(v, Node))
        return out


# ---------------------------------------------------------------- shared


@node
class Comment(Node):
    """A ``#`` comment; ``text`` includes the ``#``."""

    text: str


@node
class Prose(Node):
    """A ``\"\"\"`` block: rendered verbatim, never executed. ``text`` is dedented."""

    text: str


@node
class CalendarWindow(Node):
    """``in each calendar month`` (or week, quarter, year)."""

    unit: PeriodUnit


@node
class RollingWindow(Node):
    """``in each rolling 30 days``."""

    days: Decimal


Window = CalendarWindow | RollingWindow


@node
class PartyRef(Node):
    """A reference to a party by what it is called, e.g. ``the Customer``."""

    name: str  # as written, without "the": "Customer"
    the: bool

    @property
    def text(self) -> str:
        return f"the {self.name}" if self.the else self.name


@node
class ObjectiveRef(Node):
    """``"Monthly Availability"`` or ``"Latency" of "Compute API"``."""

    name: str
    service: str | None = None


@node
class Bound(Node):
    """One side of a range: ``below 99.95%``, ``at least 99.0%``."""

    comparator: Comparator
    value: Quantity


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(cls: type[Node]) -> tuple[str, ...]:
    """Field names of a node class but its span (cached: walks visit every node)."""
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(f.name for f in fields(cls) if f.name != "span")
    return names


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def walk(node: Node) -> list[Node]:
    """Every node below and including ``node``, depth first, in source order."""
    out: list[Node] = []
    stack = [node]
    while stack:
        current = stack.pop()
        out.append(current)
        stack.extend(reversed(current.children()))
    return out
