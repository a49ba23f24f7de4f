"""The AST's generated methods are up to date and do what the dataclass decorator's do.

``@node`` (sladsl/frozen.py) builds each node class from methods checked in under
sladsl/generated/ instead of compiling them at import; these tests fail when a node's
fields change without ``python -m sladsl.nodes.generate``, and compare every class with the
frozen, slotted dataclass it replaces.
"""

from __future__ import annotations

import copy
import dataclasses
import inspect
import pickle
from pathlib import Path

import pytest

import sladsl
from sladsl import nodes as n
from sladsl.nodes import generate

SPECS = Path(__file__).resolve().parents[1] / "specs"


@pytest.mark.parametrize("module", generate.MODULES)
def test_generated_methods_are_up_to_date(module: str) -> None:
    path = generate.FOLDER / f"{module}.py"
    assert path.read_text(encoding="utf-8") == generate.render(module), (
        "run: python -m sladsl.nodes.generate")


def _every_class() -> list[type]:
    return [cls for module in generate.MODULES for cls in generate.node_classes(module)]


def test_every_node_class_uses_its_generated_methods() -> None:
    classes = _every_class()
    assert set(classes) >= set(n.concrete_node_classes())
    for cls in classes:
        assert "/sladsl/generated/" in cls.__init__.__code__.co_filename, cls  # not the fallback
        assert cls.__init__.__qualname__ == f"{cls.__name__}.__init__"


def _twin(cls: type) -> type:
    """The frozen, slotted dataclass with ``cls``'s fields (what ``@node`` replaces)."""
    spec = [(f.name, f.type, dataclasses.field(default=f.default))
            if f.default is not dataclasses.MISSING else (f.name, f.type)
            for f in dataclasses.fields(cls)]
    return dataclasses.make_dataclass(cls.__name__, spec, frozen=True, slots=True)


def _nodes() -> list[n.Node]:
    out: list[n.Node] = []
    for path in sorted(SPECS.glob("*.sla")):
        out += n.walk(sladsl.load(path).document)
    return out


def test_methods_match_the_dataclass_decorator() -> None:
    seen: set[type] = set()
    for node in _nodes():
        cls = type(node)
        twin = _twin(cls)
        values = {f.name: getattr(node, f.name) for f in dataclasses.fields(node)}
        other = twin(**values)
        assert repr(node) == repr(other)
        assert hash(node) == hash(other)
        assert node == cls(**values) and node != other
        assert str(inspect.signature(cls)) == str(inspect.signature(twin))
        assert cls.__slots__ == tuple(cls.__annotations__)  # type: ignore[attr-defined]
        assert cls.__match_args__ == twin.__match_args__  # type: ignore[attr-defined]
        seen.add(cls)
    assert len(seen) > 40  # the shipped specs use most node kinds


def test_dataclasses_api_still_works() -> None:
    spec = sladsl.load(SPECS / "cloud-platform.sla")
    doc = spec.document
    assert dataclasses.is_dataclass(doc)
    assert [f.name for f in dataclasses.fields(doc)][0] == "span"
    changed = dataclasses.replace(doc, comments=())
    assert changed.comments == () and changed.agreement is doc.agreement
    assert dataclasses.asdict(doc.agreement)["title"] == doc.agreement.title
    assert copy.deepcopy(doc) == doc
    assert pickle.loads(pickle.dumps(doc)) == doc
    with pytest.raises(dataclasses.FrozenInstanceError):
        doc.agreement.title = "changed"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        object.__getattribute__(doc, "__dict__")


def test_a_stale_class_falls_back_to_the_dataclass_decorator() -> None:
    from sladsl.frozen import node

    class Extra(n.Node):  # no generated methods exist for it
        """A node the generator never saw."""

        word: str
        count: int = 0

    built = node(Extra)
    assert dataclasses.is_dataclass(built)
    item = built(n.Comment(None, "#").span, "x")  # type: ignore[arg-type]
    assert item.count == 0 and "word='x'" in repr(item)


def test_frozen_records_match_the_dataclass_decorator() -> None:
    """The value and record classes outside the AST (spans, diagnostics, quantities, …) are
    built from generated methods too, and behave as the frozen, slotted dataclass."""
    from sladsl.frozen import _PARAMS

    records = [cls for module in generate.MODULES for cls in generate.node_classes(module)
               if not issubclass(cls, n.Node)]
    assert {c.__name__ for c in records} >= {"Span", "Diagnostic", "Percent", "Duration",
                                             "Money", "Count", "Score", "Interval"}
    for cls in records:
        assert "/sladsl/generated/" in cls.__init__.__code__.co_filename, cls
        values = {f.name: f"v{i}" for i, f in enumerate(dataclasses.fields(cls))}
        item, other = cls(**values), _twin(cls)(**values)
        assert repr(item) == repr(other) and hash(item) == hash(other)
        assert item == cls(**values) and item != other
        assert str(inspect.signature(cls)) == str(inspect.signature(_twin(cls)))
        assert pickle.loads(pickle.dumps(item)) == item
        with pytest.raises(dataclasses.FrozenInstanceError):
            item.x = 1  # type: ignore[attr-defined]
    real = dataclasses.dataclass(frozen=True, slots=True)(type("X", (), {}))
    assert repr(_PARAMS) == repr(real.__dataclass_params__)  # type: ignore[attr-defined]
