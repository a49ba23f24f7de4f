"""Property test: mutated specs give a spec or diagnostics, never an exception.

Every example starts from one of ``specs/*.sla`` and applies a few random mutations: lines and
tokens deleted, duplicated and swapped, indentation changed, characters and raw bytes inserted,
the file cut short. Whatever comes out, the front end (``sladsl.analyse``) must answer with a
spec or with diagnostics whose positions lie inside the file.

The normal suite runs a few hundred fixed (derandomised) examples. For a long, random run::

    SLADSL_FUZZ_EXAMPLES=10000 pytest tests/test_fuzz_frontend.py
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sladsl
from sladsl.errors import Diagnostic
from sladsl.syntax.parser import decode

ROOT = Path(__file__).resolve().parent.parent
TEXTS = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "specs").glob("*.sla"))]
LONG_RUN = "SLADSL_FUZZ_EXAMPLES" in os.environ
EXAMPLES = int(os.environ.get("SLADSL_FUZZ_EXAMPLES", "150"))

FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=not LONG_RUN,  # the normal suite is reproducible; the long run explores
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# A token is a prose mark, a quoted string, or a run of anything else up to a space.
_TOKEN = re.compile(r'"""|"[^"\n]*"|[^\s"]+')
# Pieces that stress the lexer and the layout: quotes, marks, tabs, line ends, odd spaces.
_NASTY = ['"', '"""', ":", ".", ",", "#", "%", "\t", "\r", "\r\n", "\n", "  ", "\ufeff",
          "\u201c", "\u00a0", "\u202e", "\0", "€", "99,5", "-", "//", "\\", "'s", "\x0c"]


def _lines_op(draw: st.DataObject, text: str) -> str:
    lines = text.split("\n")
    i = draw.draw(st.integers(0, len(lines) - 1))
    j = draw.draw(st.integers(0, len(lines) - 1))
    op = draw.draw(st.sampled_from(["delete", "duplicate", "swap", "indent", "dedent"]))
    if op == "delete":
        del lines[i]
    elif op == "duplicate":
        lines.insert(j, lines[i])
    elif op == "swap":
        lines[i], lines[j] = lines[j], lines[i]
    elif op == "indent":
        lines[i] = draw.draw(st.sampled_from([" ", "  ", "   ", "\t", "      "])) + lines[i]
    else:
        lines[i] = lines[i][draw.draw(st.integers(1, 4)):]
    return "\n".join(lines)


def _tokens_op(draw: st.DataObject, text: str) -> str:
    spans = [m.span() for m in _TOKEN.finditer(text)]
    if not spans:
        return text
    a = draw.draw(st.integers(0, len(spans) - 1))
    b = draw.draw(st.integers(0, len(spans) - 1))
    op = draw.draw(st.sampled_from(["delete", "duplicate", "swap"]))
    (s1, e1), (s2, e2) = sorted([spans[a], spans[b]])
    if op == "delete":
        return text[:s1] + text[e1:]
    if op == "duplicate":
        return text[:s2] + text[s1:e1] + " " + text[s2:]
    if (s1, e1) == (s2, e2):
        return text
    return text[:s1] + text[s2:e2] + text[e1:s2] + text[s1:e1] + text[e2:]


def _insert_op(draw: st.DataObject, text: str) -> str:
    at = draw.draw(st.integers(0, len(text)))
    piece = draw.draw(st.one_of(st.sampled_from(_NASTY), st.text(max_size=6)))
    return text[:at] + piece + text[at:]


def _truncate_op(draw: st.DataObject, text: str) -> str:
    return text[: draw.draw(st.integers(0, len(text)))]


_OPS = [_lines_op, _lines_op, _tokens_op, _tokens_op, _insert_op, _truncate_op]


def _mutate(draw: st.DataObject) -> str:
    text = draw.draw(st.sampled_from(TEXTS))
    for _ in range(draw.draw(st.integers(1, 4))):
        if not text:
            break
        text = draw.draw(st.sampled_from(_OPS))(draw, text)
    return text


def _assert_inside(diags: list[Diagnostic], text: str) -> None:
    lines = text.split("\n")
    for d in diags:
        assert d.severity in ("error", "warning") and d.code and d.message, d
        assert 1 <= d.span.line <= len(lines), (d, len(lines))
        assert 1 <= d.span.column <= len(lines[d.span.line - 1]) + 1, d
        assert (d.span.end_line, d.span.end_column) >= (d.span.line, d.span.column), d
        assert d.span.end_line <= len(lines), d


def _as_read(text: str) -> str:
    """The text the positions refer to: no BOM, line endings made ``\\n``."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


@FUZZ
@given(st.data())
def test_mutated_text_gives_spec_or_diagnostics(data: st.DataObject) -> None:
    text = _mutate(data)
    spec, diags = sladsl.analyse(text, "fuzz.sla")
    assert spec is not None or any(d.severity == "error" for d in diags)
    if spec is None:
        assert diags == sorted(diags, key=lambda d: d.sort_key)
    _assert_inside(diags, _as_read(text))
    if diags:
        diags[0].render(text)


@FUZZ
@given(st.data())
def test_mutated_bytes_give_spec_or_diagnostics(data: st.DataObject) -> None:
    raw = data.draw(st.sampled_from(TEXTS)).encode("utf-8")
    for _ in range(data.draw(st.integers(1, 3))):
        at = data.draw(st.integers(0, len(raw)))
        if data.draw(st.booleans()):
            raw = raw[:at] + data.draw(st.binary(min_size=1, max_size=4)) + raw[at:]
        else:
            raw = raw[:at]  # may cut a multi-byte character in half
    text, diags = decode(raw, "fuzz.sla")
    if text is None:
        assert [d.severity for d in diags] == ["error"]
        return
    spec, diags = sladsl.analyse(text, "fuzz.sla")
    assert spec is not None or any(d.severity == "error" for d in diags)
    _assert_inside(diags, text)
