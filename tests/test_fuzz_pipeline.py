"""Property tests over the whole pipeline, on specs the grammar-aware generator writes.

Invariants, for every generated spec (``tests/strategies.py``) and every mutation of one:

* ``sladsl.analyse`` returns a spec or diagnostics; it never raises, and ``sladsl.loads``
  raises nothing but :class:`sladsl.SlaError`;
* every reported position lies inside the file;
* a spec that validates renders in every format (and compiles, once ``sladsl.compile``
  exists), and doing it twice gives identical bytes;
* the formatter's output of a valid spec validates to the same contract text.

The normal suite runs a fixed (derandomised) few hundred examples in well under 20 seconds.
The long run explores at random; its last count and duration are in ``docs/security.md``::

    SLADSL_FUZZ_EXAMPLES=10000 pytest tests/test_fuzz_pipeline.py
"""

from __future__ import annotations

import importlib.util
import os
import zlib
from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, given, settings
from strategies import mutated_specs, specs
from test_fuzz_frontend import _as_read, _assert_inside

import sladsl
from sladsl.errors import Diagnostic
from sladsl.nodes import walk
from sladsl.render import FORMATS, render

LONG_RUN = "SLADSL_FUZZ_EXAMPLES" in os.environ
EXAMPLES = int(os.environ.get("SLADSL_FUZZ_EXAMPLES", "0"))
# Word (~0.1 s a document) and the SQL target (~0.5 s a spec, it runs DuckDB) are slow next to
# the rest (~0.02 s): they run on every HEAVY-th example, picked by a hash of the text.
HEAVY = 5 if LONG_RUN else 16


def _settings(normal: int) -> Callable[[Any], Any]:
    return settings(
        max_examples=EXAMPLES or normal,
        deadline=None,
        derandomize=not LONG_RUN,  # the normal suite is reproducible; the long run explores
        database=None,
        print_blob=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                               HealthCheck.filter_too_much],
    )


def assert_inside(diags: list[Diagnostic], text: str) -> None:
    """Every diagnostic points at a real line and column of the text as read, and renders."""
    _assert_inside(diags, _as_read(text))
    for d in diags:
        d.render(text)


def _targets() -> list[str]:
    """The compile targets (issue 5), when ``sladsl.compile`` exists."""
    if importlib.util.find_spec("sladsl.compile") is None:
        return []
    from sladsl.compile import TARGETS, compile_spec

    compile_spec.__doc__  # noqa: B018 - importing it registers the targets
    from sladsl.compile import python, sql  # noqa: F401

    return sorted(TARGETS)


TARGETS = _targets()
SEEN: set[str] = set()  # node classes in the generated specs, for the coverage test


def check_compiles(spec: sladsl.Spec, heavy: bool = True) -> None:
    """Every target compiles the spec twice to the same text; Python output is valid Python."""
    from sladsl.compile import compile_spec

    for target in TARGETS:
        if target == "sql" and not heavy:
            continue
        code = compile_spec(spec, target)
        assert compile_spec(spec, target) == code, f"{target} is not deterministic"
        if target == "python":
            compile(code, "checker.py", "exec")


def check_valid_spec(text: str) -> sladsl.Spec | None:
    """The invariants for one text; returns the spec when it validated."""
    spec, diags = sladsl.analyse(text, "fuzz.sla")
    assert spec is not None or any(d.severity == "error" for d in diags)
    assert_inside(diags, text)
    try:
        loaded = sladsl.loads(text, "fuzz.sla")
    except sladsl.SlaError as exc:
        assert exc.diagnostics
        return None
    assert spec is not None and not any(d.severity == "error" for d in diags)
    heavy = zlib.crc32(text.encode()) % HEAVY == 0
    for fmt in FORMATS:
        if fmt == "docx" and not heavy:
            continue
        first = render(loaded, fmt)
        assert first, fmt
        assert render(loaded, fmt) == first, f"{fmt} is not deterministic"
    check_compiles(loaded, heavy)
    return loaded


@_settings(normal=100)
@given(specs())
def test_generated_specs_validate_render_and_repeat(text: str) -> None:
    spec = check_valid_spec(text)
    if spec is not None:
        SEEN.update(type(node).__name__ for node in walk(spec.document))
    assert spec is not None, "the generator writes valid specs; a refusal is a checker bug " \
                             "or a generator bug: " + "\n".join(
                                 d.render(text) for d in sladsl.analyse(text)[1])


@_settings(normal=160)
@given(mutated_specs())
def test_mutated_specs_give_a_spec_or_diagnostics(text: str) -> None:
    check_valid_spec(text)


@_settings(normal=30)
@given(specs())
def test_formatting_keeps_the_meaning(text: str) -> None:
    """fmt either refuses (F002, nothing written) or gives text with the same contract."""
    from sladsl.fmt.command import format_text
    from sladsl.fmt.document import FormatError

    spec = sladsl.loads(text, "fuzz.sla")
    try:
        formatted = format_text(text, "fuzz.sla")
    except FormatError as exc:  # fmt refuses only what it cannot keep the meaning of
        raise AssertionError(exc.diagnostics) from None
    again = sladsl.loads(formatted, "fuzz.sla")
    assert render(again, "text") == render(spec, "text")
    assert format_text(formatted, "fuzz.sla") == formatted


def test_the_generator_covers_every_construct() -> None:
    """The generated specs hold every kind of node: target, rule, exclusion, credit, example."""
    from sladsl import nodes as n

    wanted = {cls.__name__ for cls in n.concrete_node_classes()} - {"Node"}
    if wanted - SEEN:
        # What the rendering test saw depends on which examples it drew; collect more, cheaply
        # (parse and check only), from a fixed seed so the verdict never depends on test order.
        _collect_node_kinds()
    assert sorted(wanted - SEEN) == [], "the generator never writes these"


@settings(max_examples=400, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.filter_too_much])
@given(specs())
def _collect_node_kinds(text: str) -> None:
    spec, _ = sladsl.analyse(text)
    if spec is not None:
        SEEN.update(type(node).__name__ for node in walk(spec.document))


def test_prose_after_a_service_renders() -> None:
    text = ('agreement "A"\n  provider "P" called "the Provider"\n'
            '  customer "C" called "the Customer"\n  effective 2026-01-01\n  currency EUR\n\n'
            'definitions:\n  "Monthly Fee" is EUR 1.\n\nservice "S":\n  objective "O":\n'
            "    the service shall be available at least 99% of the time in each calendar "
            'month.\n\n"""\nClosing words.\n"""\n')
    spec = sladsl.loads(text)
    for fmt in ("text", "markdown", "html"):
        assert "Closing words." in str(render(spec, fmt))
    assert render(spec, "docx")


def test_percentile_limit_on_a_calendar_formats() -> None:
    from sladsl.fmt.command import format_text

    text = ('agreement "A"\n  provider "P" called "the Provider"\n'
            '  customer "C" called "the Customer"\n  effective 2026-01-01\n  currency EUR\n\n'
            'definitions:\n  "Business Hours" are 09:00 to 17:00, Monday to Friday.\n\n'
            'service "S":\n  objective "O":\n    the 95th percentile of resolution time shall '
            "be at most 4 hours of Business Hours in each calendar month.\n")
    assert "of Business Hours" in format_text(text)
