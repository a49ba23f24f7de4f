"""Compilers: a checked spec becomes a standalone checker, its SQL, or monitoring rules.

Each target is a subclass of :class:`Target` registered in :data:`TARGETS` by name (the
sqlglot habit: a new back-end is a class and a registry entry, the core does not change).
Targets write through :class:`~sladsl.compile.writer.CodeWriter` and put text from the spec
into generated code only as escaped literals.
"""

from __future__ import annotations

from typing import Any, ClassVar

from ..model import Spec


class Target:
    """A compilation target: ``generate(spec)`` returns the text of one generated file."""

    name: ClassVar[str] = ""
    suffix: ClassVar[str] = ""
    #: The bindings (``sladsl compile --bindings``), for targets that name metrics.
    bindings: Any = None
    #: What the target could not express, for ``--verbose`` (filled by ``generate``).
    notes: list[str]

    def __init__(self, dialect: str = "duckdb") -> None:
        #: The SQL dialect (``sladsl.compile.dialects.DIALECTS``) of a target that writes SQL.
        self.dialect = dialect

    def generate(self, spec: Spec) -> str:
        raise NotImplementedError(f"target {type(self).__name__} has no generate()")


TARGETS: dict[str, type[Target]] = {}


def register(cls: type[Target]) -> type[Target]:
    """Class decorator: makes a target available to ``sladsl compile --target NAME``."""
    TARGETS[cls.name] = cls
    return cls


def compile_spec(spec: Spec, target: str, bindings: Any = None,
                 notes: list[str] | None = None, dialect: str = "duckdb") -> str:
    """The generated text of ``spec`` for ``target`` (``python``, ``sql`` in ``dialect``,
    ``prometheus``, ``openslo``); ``notes`` receives what the target could not express."""
    from . import openslo, prometheus, python, sql  # noqa: F401  (registers the targets)

    try:
        cls = TARGETS[target]
    except KeyError:
        raise ValueError(f"unknown target {target!r}; known: {', '.join(sorted(TARGETS))}") \
            from None
    instance = cls(dialect)
    instance.bindings = bindings
    instance.notes = []
    text = instance.generate(spec)
    if notes is not None:
        notes.extend(instance.notes)
    return text
