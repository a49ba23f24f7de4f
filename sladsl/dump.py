"""A deterministic, readable text dump of the AST, for golden tests and debugging.

One node per line: its class name, its span as ``@line:col-line:col`` and its scalar fields;
child nodes follow on indented lines, each prefixed with the field it sits in. The dump walks
dataclass fields generically, so a new node class needs no change here. Values print exactly
(``Decimal`` as written, strings JSON-quoted) and nothing depends on memory addresses, so the
same tree always gives the same bytes.
"""

from __future__ import annotations

import dataclasses
import json
from decimal import Decimal

from .errors import Span
from .nodes import Node

_INDENT = "  "


def dump(node: Node) -> str:
    """The dump of ``node`` and everything below it, ending with a newline."""
    lines: list[str] = []
    _node(node, "", 0, lines)
    return "\n".join(lines) + "\n"


def _node(node: Node, label: str, depth: int, lines: list[str]) -> None:
    fields = [f.name for f in dataclasses.fields(node) if f.name != "span"]
    groups = {name: getattr(node, name) for name in fields
              if _is_node_tuple(getattr(node, name))}
    views = {name: _view_of(name, groups, fields) for name in groups}
    scalars: list[str] = []
    children: list[tuple[str, Node]] = []
    for name in fields:
        value = getattr(node, name)
        primary = views.get(name)
        if isinstance(value, Node):
            children.append((name, value))
        elif primary is not None:
            # Only a view of another field (``targets`` of ``items``): name the nodes, once.
            where = {id(v): i for i, v in enumerate(groups[primary])}
            refs = ", ".join(f"{primary}[{where[id(v)]}]" for v in value)
            scalars.append(f"{name}=({refs})")
        elif name in groups:
            children.extend((f"{name}[{i}]", v) for i, v in enumerate(value))
        else:
            scalars.append(f"{name}={_value(value)}")
    head = f"{label}: " if label else ""
    inline = "".join(" " + s for s in scalars)
    lines.append(f"{_INDENT * depth}{head}{type(node).__name__} {_span(node.span)}{inline}")
    for name, child in children:
        _node(child, name, depth + 1, lines)


def _is_node_tuple(value: object) -> bool:
    return isinstance(value, tuple) and bool(value) and all(isinstance(v, Node) for v in value)


def _view_of(name: str, groups: dict[str, tuple[Node, ...]], order: list[str]) -> str | None:
    """The field that ``name`` is a view of, if any: one holding all its nodes (by identity).

    Of two fields holding the same nodes the later one is primary, so that ``items`` (in
    source order, declared last) is printed in full and ``objectives`` refers to it.
    """
    mine = {id(v) for v in groups[name]}
    for other, values in groups.items():
        if other == name:
            continue
        theirs = {id(v) for v in values}
        if mine <= theirs and (len(theirs) > len(mine) or order.index(other) > order.index(name)):
            return other
    return None


def _span(span: Span) -> str:
    return f"@{span.line}:{span.column}-{span.end_line}:{span.end_column}"


def _value(value: object) -> str:
    """One scalar, printed exactly and the same way on every run."""
    if value is None or isinstance(value, bool | int):
        return repr(value)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, Span):
        return _span(value)
    if isinstance(value, Node):
        # A node inside a tuple that also holds non-nodes: inline it rather than lose it.
        return f"{type(value).__name__}{_span(value.span)}"
    if isinstance(value, tuple | list):
        return "(" + ", ".join(_value(v) for v in value) + ")"
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _record(value)
    raise TypeError(f"sladsl.dump cannot print a value of type {type(value).__name__}")


def _record(value: object) -> str:
    """A quantity or other small record: required fields by position, others when not default.

    ``Percent(99.95)``, ``Duration(4, "hour", business=True)``, ``Money(12000, "EUR")``.
    """
    parts: list[str] = []
    for f in dataclasses.fields(value):  # type: ignore[arg-type]
        item = getattr(value, f.name)
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            parts.append(_value(item))
        elif item != f.default:
            parts.append(f"{f.name}={_value(item)}")
    return f"{type(value).__name__}({', '.join(parts)})"
