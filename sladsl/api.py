"""The public Python API, named like the json module: :func:`load` and :func:`loads`.

Both return a checked :class:`~sladsl.model.Spec` or raise an :class:`~sladsl.errors.SlaError`
that carries every diagnostic found. :func:`analyse` never raises for problems in the input;
it returns the spec (or ``None``) and the diagnostics, for tools that report them all.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from .errors import Diagnostic, SlaSemanticError, SlaSyntaxError, SlaUsageError, Span
from .model import Spec

#: Errors in a credit table that a lawyer drafting must fix (``validate`` fails on them) but
#: that leave a signed contract measurable: ``evaluate`` reports them and measures the table
#: as published (a value in a gap earns no credit and says so; a tier that pays while the
#: objective is met pays). S109: a gap; S110: a worse value pays less; S111: a tier pays while
#: the objective is met; S112: the cap is below a single tier.
MEASURABLE = frozenset({"S109", "S110", "S111", "S112"})


def analyse(text: str, file: str = "<string>") -> tuple[Spec | None, list[Diagnostic]]:
    """Parses and checks ``text``; returns the spec (if it parsed) and all diagnostics."""
    from .check.checker import check
    from .syntax.builder import build
    from .syntax.lexer import PATTERNS
    from .syntax.parser import normalise, parse

    clean, diags = normalise(text, file)
    if clean is None:
        return None, diags
    with _no_cycle_collection():
        result = parse(clean, file)
        if result.tree is None:
            return None, result.diagnostics
        document = build(result.tree, result.comments, file)
        spec = Spec(document, clean, file)
        problems = check(spec)
    PATTERNS.save()  # the checks' patterns too (see sladsl.syntax.lexer), for the next run
    spec.diagnostics = [d for d in problems if d.severity == "warning"]
    return spec, problems


@contextlib.contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Pauses Python's cycle collector while the front end runs.

    Parsing, building and checking allocate hundreds of thousands of small objects (tokens,
    tree nodes, AST nodes) that hold no reference cycles, so the collector's passes over them
    free nothing; on a 10,000-line spec they were a fifth of the front end's time. Reference
    counting still frees everything as usual, and the collector runs again afterwards.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def analyse_file(path: str | os.PathLike[str]) -> tuple[Spec | None, list[Diagnostic], str]:
    """Reads a file (any bytes; ``-`` is standard input) and analyses it; also returns the text
    shown in messages."""
    from .syntax.parser import decode

    name = "<stdin>" if str(path) == "-" else str(path)
    try:
        data = sys.stdin.buffer.read() if str(path) == "-" else Path(path).read_bytes()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        return None, [Diagnostic("E007", "error", f"cannot read the file: {reason}",
                                 Span.point(name, 1, 1), "check the path and permissions")], ""
    text, diags = decode(data, name)
    if text is None:
        return None, diags, ""
    spec, problems = analyse(text, name)
    return spec, problems, text


def loads(text: str, file: str = "<string>") -> Spec:
    """The checked model of a spec given as text; raises :class:`SlaError` on any error."""
    spec, diags = analyse(text, file)
    return _raise_on_errors(spec, diags, text)


def load(path: str | os.PathLike[str], measuring: bool = False) -> Spec:
    """The checked model of a ``.sla`` file; raises :class:`SlaError` on any error.

    ``measuring``: the spec is to be evaluated, so errors in :data:`MEASURABLE` do not stop
    it; they are kept in ``spec.diagnostics`` for the caller to show.
    """
    spec, diags, text = analyse_file(path)
    if spec is None and diags and diags[0].code == "E007":
        raise SlaUsageError(diags)
    return _raise_on_errors(spec, diags, text, MEASURABLE if measuring else frozenset())


def _raise_on_errors(spec: Spec | None, diags: list[Diagnostic], text: str,
                     tolerated: frozenset[str] = frozenset()) -> Spec:
    errors = [d for d in diags if d.severity == "error" and d.code not in tolerated]
    if spec is not None and not errors:
        spec.diagnostics = [d for d in diags if d.severity == "warning" or d.code in tolerated]
    if spec is None:
        raise SlaSyntaxError(errors or diags, text)
    if errors:
        raise SlaSemanticError(diags, text)
    return spec
