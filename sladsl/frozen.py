"""``@node`` / ``@frozen_record``: a frozen, slotted dataclass without the decorator's import cost.

``@dataclass(frozen=True, slots=True)`` writes each class's ``__init__``, ``__repr__``,
``__eq__`` and ``__hash__`` as source text and compiles it with ``exec`` when the module is
imported; over the AST's classes that was the largest part of ``sladsl validate``'s start-up.
``@node`` builds the same class from methods that are generated once and checked in
(:mod:`sladsl.generated`, written by ``python -m sladsl.nodes.generate``), so Python
loads them from byte code like any other module. The AST's classes (:mod:`sladsl.nodes`) use
it as ``@node``; the value and record classes every run imports (spans and diagnostics,
quantities, intervals, comments, objective entries) as ``@frozen_record``, the same decorator.

The classes are dataclasses to every caller: ``__dataclass_fields__`` holds the same
:class:`dataclasses.Field` objects, so ``dataclasses.fields``, ``replace``, ``asdict`` and
``is_dataclass`` work as before, and the methods do what the dataclass decorator's do
(``tests/test_nodes_generated.py`` compares them with real dataclasses). If a class's
generated methods are missing or no longer match its fields (a node was edited and the
generator not run), ``@node`` falls back to the dataclass decorator, so behaviour stays right;
the test then fails until the generated modules are written again.
"""

from __future__ import annotations

import dataclasses
import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from typing_extensions import dataclass_transform
else:

    def dataclass_transform(**_: object) -> Callable[[Any], Any]:
        return lambda f: f


C = TypeVar("C", bound=type)

_AS_DATACLASS: Callable[[Any], Any] = dataclasses.dataclass(frozen=True, slots=True)
#: What the dataclass decorator records of its options; a subclass built by the decorator
#: itself (the fallback) reads its bases' ``frozen`` from here.
_PARAMS = object.__new__(dataclasses._DataclassParams)  # type: ignore[attr-defined]
for _name, _value in {"init": True, "repr": True, "eq": True, "order": False,
                      "unsafe_hash": False, "frozen": True, "match_args": True,
                      "kw_only": False, "slots": True, "weakref_slot": False}.items():
    if _name in dataclasses._DataclassParams.__slots__:  # type: ignore[attr-defined]
        object.__setattr__(_PARAMS, _name, _value)


#: Every class given to :func:`node`, in the order they were defined (for the generator).
DECORATED: list[type] = []
#: The methods written from the generated ones; a class that defines one of them itself is
#: built by the dataclass decorator, which keeps it.
_WRITTEN = ("__init__", "__repr__", "__eq__", "__hash__")


def signature(names: tuple[str, ...], defaults: dict[str, object]) -> str:
    """The parameters of a node's ``__init__`` as generated: ``span, name, service=None``."""
    return ", ".join(f"{n}={defaults[n]!r}" if n in defaults else n for n in names)


@dataclass_transform(frozen_default=True)
def node(cls: C) -> C:
    """Makes ``cls`` a frozen, slotted dataclass with its checked-in generated methods."""
    fields: dict[str, dataclasses.Field[Any]] = {}
    for base in cls.__mro__[-1:0:-1]:
        fields.update(getattr(base, "__dataclass_fields__", {}))
    own = cls.__dict__.get("__annotations__", {})
    for name, annotation in own.items():
        f: dataclasses.Field[Any] = dataclasses.field(
            default=cls.__dict__.get(name, dataclasses.MISSING))
        f.name, f.type, f.kw_only = name, annotation, False
        f._field_type = dataclasses._FIELD  # type: ignore[attr-defined]
        fields[name] = f
    names = tuple(fields)
    defaults = {n: f.default for n, f in fields.items() if f.default is not dataclasses.MISSING}
    DECORATED.append(cls)
    methods = _generated(cls)
    if (methods is None or methods.SIGNATURE != signature(names, defaults)
            or any(m in cls.__dict__ for m in _WRITTEN)):  # its own: as the decorator does
        return _AS_DATACLASS(cls)  # type: ignore[no-any-return]
    # The annotations the dataclass decorator gives __init__ (the fields' types, as written).
    methods.__init__.__annotations__ = {**{n: f.type for n, f in fields.items()}, "return": None}
    namespace = dict(cls.__dict__)
    for name in (*own, "__dict__", "__weakref__"):
        namespace.pop(name, None)
    namespace.update(
        __slots__=tuple(own), __dataclass_fields__=fields, __dataclass_params__=_PARAMS,
        __match_args__=names, __setattr__=_setattr, __delattr__=_delattr,
        __getstate__=_getstate, __setstate__=_setstate,
        __init__=methods.__init__, __repr__=methods.__repr__, __eq__=methods.__eq__,
        __hash__=methods.__hash__)
    built = type(cls)(cls.__name__, cls.__bases__, namespace)
    built.__qualname__ = cls.__qualname__
    return built


@dataclass_transform(frozen_default=True)
def frozen_record(cls: C) -> C:
    """The same decorator, for classes that are not AST nodes."""
    return node(cls)


def _generated(cls: type) -> Any:
    """The holder of ``cls``'s generated methods (``sladsl.generated.<module>``)."""
    module = "sladsl.generated." + cls.__module__.rpartition(".")[2]
    try:
        return getattr(importlib.import_module(module), cls.__name__, None)
    except (ImportError, SyntaxError):  # not written yet, or broken: the generator rewrites it
        return None


def _setattr(self: object, name: str, value: object) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")


def _delattr(self: object, name: str) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")


def _getstate(self: object) -> list[object]:
    return [getattr(self, f.name) for f in dataclasses.fields(self)]  # type: ignore[arg-type]


def _setstate(self: object, state: list[object]) -> None:
    for f, value in zip(dataclasses.fields(self), state, strict=False):  # type: ignore[arg-type]
        object.__setattr__(self, f.name, value)
