"""Workload 6: fresh diagnostics after a one-line edit, as the language server computes them.

A 1,000-line spec is opened once; then each repetition edits one line (a different line each
time, spread over the file) and times :class:`sladsl.lsp.incremental.IncrementalAnalyser` plus
the server's conversion of its diagnostics to LSP (``sladsl.lsp.server.diagnostic``), against
a full :func:`sladsl.loads` of the same text (or :func:`sladsl.analyse`, when the edit leaves a
syntax error and ``loads`` would raise). The target is absolute: a median of at most 50 ms.
"""

from __future__ import annotations

from collections.abc import Callable

from .harness import Row, alternate
from .specgen import large_spec

TARGET_S = 0.050


def _edits(text: str, broken: bool) -> Callable[[int], str]:
    lines = text.split("\n")
    # Statement lines inside objectives and credit tables: where people type most.
    from sladsl.syntax.parser import _statements

    chosen = [s.line - 1 for s in _statements(text) if s.indent == 4
              and not s.text.startswith(('"', "#")) and "\n" not in s.text]

    def edit(k: int) -> str:
        i = chosen[(k * 37) % len(chosen)]
        changed = list(lines)
        changed[i] = changed[i] + (" shal" if broken else f"  # edit {k}")
        return "\n".join(changed)

    return edit


def _row(text: str, broken: bool, reps: int) -> Row:
    from pygls.workspace import TextDocument

    import sladsl
    from sladsl.lsp.incremental import IncrementalAnalyser
    from sladsl.lsp.server import diagnostic

    analyser = IncrementalAnalyser("bench.sla")
    analyser.analyse(text)  # the document as opened
    edit = _edits(text, broken)
    current = [text]

    def subject() -> object:
        current[0] = edit(len(current))
        current.append(current[0])  # the count of edits so far picks the next line
        spec, diags = analyser.analyse(current[0])
        doc = TextDocument("file:///bench.sla", current[0])
        return [diagnostic(doc, d) for d in diags]  # what the server sends

    def baseline() -> object:
        if broken:
            return sladsl.analyse(current[0])
        return sladsl.loads(current[0])

    sub_s, base_s = alternate(subject, baseline, reps)
    errors = sum(d.severity == "error" for d in analyser.analyse(current[0])[1])
    assert (errors > 0) == broken, "the edit must (not) break the spec"
    what = "a syntax error" if broken else "still valid"
    met = "met" if sub_s <= TARGET_S else "NOT met"
    real = len(text.splitlines())
    return Row(
        f"6. keystroke, {real:,}-line spec",
        f"lsp: diagnostics after a one-line edit ({what})",
        "sladsl.analyse (full)" if broken else "sladsl.loads (full)",
        sub_s, base_s, "<= 1x",
        f"median {sub_s * 1000:.1f} ms against the absolute target of "
        f"{TARGET_S * 1000:.0f} ms: {met}")


def keystroke(lines: int, reps: int) -> list[Row]:
    """Both rows: an edit that keeps the spec valid, and one that leaves a syntax error."""
    text = large_spec(lines)
    return [_row(text, False, reps), _row(text, True, reps)]


__all__ = ["keystroke"]
