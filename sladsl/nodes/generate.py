"""Writes :mod:`sladsl.generated`: the methods of every node class and frozen record, as the
dataclass decorator would write them (see :mod:`sladsl.frozen`).

Run ``python -m sladsl.nodes.generate`` after changing a node's fields; ``--check`` only
reports whether the checked-in modules are up to date (``tests/test_nodes_generated.py``
does the same).
"""

from __future__ import annotations

import dataclasses
import importlib
import sys
from pathlib import Path

from ..frozen import DECORATED, signature

#: The modules of node classes (in :mod:`sladsl.nodes`) and of frozen records, each with a
#: generated module named as its last part.
PLACES = {
    "base": "sladsl.nodes.base",
    "agreement": "sladsl.nodes.agreement",
    "credits": "sladsl.nodes.credits",
    "objectives": "sladsl.nodes.objectives",
    "document": "sladsl.nodes.document",
    "errors": "sladsl.errors",
    "quantities": "sladsl.quantities",
    "model": "sladsl.model",
    "layout": "sladsl.syntax.layout",
    "intervals": "sladsl.check.intervals",
}
MODULES = tuple(PLACES)
FOLDER = Path(__file__).resolve().parents[1] / "generated"
WIDTH = 100


def node_classes(module: str) -> list[type]:
    """The node classes (or frozen records) defined in the module named ``module``, in source
    order."""
    from .base import Node

    mod = importlib.import_module(PLACES[module])
    if mod.__name__.startswith("sladsl.nodes."):
        return [v for v in vars(mod).values()
                if isinstance(v, type) and issubclass(v, Node) and v.__module__ == mod.__name__]
    names = [c.__qualname__ for c in DECORATED if c.__module__ == mod.__name__]
    return [getattr(mod, name) for name in dict.fromkeys(names)]


def _wrap(line: str, hang: int) -> list[str]:
    """``line`` broken after commas so that no line is longer than :data:`WIDTH`; the
    continuation lines are indented by ``hang`` spaces."""
    lines: list[str] = []
    current = ""
    for piece in line.split(", "):
        if current.strip() and len(current) + len(piece) + 1 > WIDTH:
            lines.append(current.rstrip())
            current = " " * hang
        current += piece + ", "
    lines.append(current[:-2])
    return lines


def _tuple(owner: str, names: tuple[str, ...]) -> str:
    items = [f"{owner}.{n}" for n in names]
    return f"({items[0]},)" if len(items) == 1 else f"({', '.join(items)})"


def _signature(text: str) -> list[str]:
    """``SIGNATURE = "…"``, over several lines when long."""
    one = f"    SIGNATURE = {text!r}"
    if len(one) <= WIDTH:
        return [one]
    chunks, current = [], ""
    for part in text.split(", "):
        if current and len(current) + len(part) + 24 > WIDTH:
            chunks.append(current)
            current = ""
        current += part + ", "
    chunks.append(current[:-2])
    return ([f"    SIGNATURE = ({chunks[0]!r}"] + [f"                 {c!r}" for c in chunks[1:-1]]
            + [f"                 {chunks[-1]!r})"])


def _repr(names: tuple[str, ...]) -> list[str]:
    """``return f"Name(a={self.a!r}, …)"``, as f-strings of at most :data:`WIDTH` a line."""
    pieces = ["{self.__class__.__qualname__}("]
    for i, n in enumerate(names):
        pieces.append(f"{n}={{self.{n}!r}}" + (", " if i < len(names) - 1 else ")"))
    lines: list[str] = []
    current = ""
    for piece in pieces:
        if current and len(current) + len(piece) + 20 > WIDTH:
            lines.append(current)
            current = ""
        current += piece
    lines.append(current)
    if len(lines) == 1:
        return [f'        return f"{lines[0]}"']
    out = [f'        return (f"{lines[0]}"']
    out += [f'                f"{line}"' for line in lines[1:-1]]
    out.append(f'                f"{lines[-1]}")')
    return out


def render_class(cls: type) -> list[str]:
    """The holder class of ``cls``'s generated methods."""
    fields = {f.name: f for f in dataclasses.fields(cls)}
    names = tuple(fields)
    defaults = {n: f.default for n, f in fields.items() if f.default is not dataclasses.MISSING}
    for value in defaults.values():
        if eval(repr(value)) != value:  # noqa: S307 (our own constants)
            raise ValueError(f"{cls.__name__}: default {value!r} does not survive repr")
    params = ["self: Any", *(f"{n}: Any" + (f" = {defaults[n]!r}" if n in defaults else "")
                             for n in names)]
    lines = [f"class {cls.__name__}:", *_signature(signature(names, defaults)), ""]
    lines += _wrap(f"    def __init__({', '.join(params)}) -> None:", 17)
    lines += [f"        _set(self, {n!r}, {n})" for n in names]
    lines += ["", "    def __repr__(self: Any) -> str:", *_repr(names)]
    lines += ["", "    def __eq__(self: Any, other: Any) -> bool:",
              "        if other.__class__ is self.__class__:"]
    lines += _wrap(f"            return {_tuple('self', names)} == {_tuple('other', names)}", 20)
    lines += ["        return NotImplemented", "", "    def __hash__(self: Any) -> int:"]
    lines += _wrap(f"        return hash({_tuple('self', names)})", 20)
    return lines


def render(module: str) -> str:
    """The text of ``sladsl/generated/<module>.py``."""
    kind = "node classes" if PLACES[module].startswith("sladsl.nodes.") else "frozen records"
    out = [f'"""The methods of the {kind} of :mod:`{PLACES[module]}`.', "",
           'Generated by ``python -m sladsl.nodes.generate``; do not edit."""', "",
           "from typing import Any", "",
           "_set = object.__setattr__"]
    for cls in node_classes(module):
        out += ["", "", *render_class(cls)]
    return "\n".join(out) + "\n"


def main(argv: list[str]) -> int:
    stale = []
    for module in MODULES:
        path = FOLDER / f"{module}.py"
        text = render(module)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            stale.append(path)
            if "--check" not in argv:
                path.write_text(text, encoding="utf-8")
    for path in stale:
        print(f"{'stale' if '--check' in argv else 'wrote'}: {path}")
    return 1 if stale and "--check" in argv else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
