"""No input of any kind produces a traceback, and every one is answered in bounded time.

Each input goes through the three doors a user has: ``sladsl.analyse`` (text),
``sladsl.analyse_file`` (bytes on disk) and ``sladsl validate`` (the command line, in both
output formats). The answer is a spec or diagnostics whose positions lie inside the file.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

import sladsl
from sladsl.cli import main
from sladsl.errors import Diagnostic

ROOT = Path(__file__).resolve().parent.parent
SPEC = (ROOT / "specs" / "cloud-platform.sla").read_bytes()
SECONDS = 4.0  # generous for slow CI machines; each case takes well under a second locally


def _random_bytes(n: int) -> bytes:
    rnd = random.Random(20260101)
    return bytes(rnd.randrange(256) for _ in range(n))


def _garbage_lines(n: int) -> bytes:
    rnd = random.Random(7)
    alphabet = b'abcXYZ :."\'#\t  %-19'
    line = bytes(rnd.choice(alphabet) for _ in range(5000))
    return b"\n".join(line[i % 4950:i % 4950 + 50] for i in range(n))


def _nested(levels: int) -> bytes:
    return b'agreement "X"\n' + b"".join(
        b" " * i + b'objective "A":\n' for i in range(1, levels + 1))


#: Built on demand, so that collecting the tests does not build 60 MB of input.
HOSTILE: dict[str, Callable[[], bytes]] = {
    "empty": lambda: b"",
    "whitespace-only": lambda: b" \n\n\t\n   \n",
    "bom-only": lambda: b"\xef\xbb\xbf",
    "newlines-only": lambda: b"\n" * 10_000,
    "binary": lambda: _random_bytes(20_000),
    "huge-5mb": lambda: SPEC * (5_000_000 // len(SPEC) + 1),
    "huge-garbage": lambda: b"lorem ipsum dolor sit amet\n" * 200_000,
    "10000-nested-indents": lambda: _nested(10_000),
    "1400-nested-indents": lambda: _nested(1_400),
    "10000-continuation-lines": lambda: b'agreement "X"\n  version "1"\n' + b"".join(
        b"   " + b" " * (i % 200) + b"more\n" for i in range(10_000)),
    "1mb-line-of-words": lambda: b'agreement "X"\n' + b"word " * 200_000,
    "250kb-title": lambda: b'agreement "' + b"x" * 250_000 + b'"\n',
    "1mb-number": lambda: b'agreement "X"\ndefinitions:\n  "Fee" is EUR ' + b"9" * 1_000_000
    + b".\n",
    "1mb-prose-unclosed": lambda: b'agreement "X"\n"""\n' + b"prose " * 170_000,
    "invalid-utf8": lambda: SPEC[:500] + b"\xc3\x28\xff" + SPEC[500:],
    "truncated-utf8": lambda: SPEC + "€".encode()[:2],
    "nul-bytes": lambda: SPEC[:800] + b"\0\0" + SPEC[800:],
    "lone-cr": lambda: b"\r",
    "garbage-lines": lambda: _garbage_lines(15_000),
    "many-errors": lambda: b'agreement "X"\ndefinitions:\n' + b'  "Fee" is EUR.\n' * 20_000,
    "quotes": lambda: b'"' * 200_000,
    "triple-quotes": lambda: b'"""' * 50_000,
    "colons": lambda: b":\n" * 100_000,
    "deep-tabs": lambda: b'agreement "X"\n' + b"".join(
        b"\t" * i + b"x:\n" for i in range(1, 1_400)),
    "control-characters": lambda: b'agreement "X"\n  version "\x1b[31m\x07\x08"\n',
    "bidi-and-zero-width": lambda: 'agreement "X\u202e"\n  version "\u200b1"\n'.encode(),
    "surrogate-like": lambda: b'agreement "\xed\xa0\x80"\n',
}

VALID: dict[str, bytes] = {
    "bom": b"\xef\xbb\xbf" + SPEC,
    "crlf": SPEC.replace(b"\n", b"\r\n"),
    "cr-only-line-ends": SPEC.replace(b"\n", b"\r"),
    "mixed-line-endings": SPEC.replace(b"\n", b"\r\n", 30).replace(b"\n", b"\r", 10),
    "no-final-newline": SPEC.rstrip(b"\n"),
    "trailing-spaces-and-tabs": SPEC.replace(b"\n", b"  \t\n"),
}


def _assert_inside(diags: list[Diagnostic], text: str) -> None:
    lines = text.split("\n") if text else [""]
    for d in diags:
        assert d.code and d.message and d.severity in ("error", "warning")
        assert 1 <= d.span.line <= len(lines), d
        assert 1 <= d.span.column <= len(lines[d.span.line - 1]) + 1, d
    for d in diags[:3]:
        d.render(text)  # rendering never fails either


def _timed(fn, *args):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = fn(*args)
    elapsed = time.perf_counter() - start
    assert elapsed < SECONDS, f"{fn.__name__} took {elapsed:.1f}s"
    return result


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_input_gives_diagnostics(tmp_path: Path, name: str) -> None:
    data = HOSTILE[name]()
    path = tmp_path / "hostile.sla"
    path.write_bytes(data)

    spec, diags, text = _timed(sladsl.analyse_file, path)
    assert any(d.severity == "error" for d in diags), name
    _assert_inside(diags, text or data.decode("utf-8", "replace").replace("\r\n", "\n"))

    # As text, undecodable bytes become U+FFFD, which may well land in harmless prose.
    as_text = data.decode("utf-8", "replace")
    spec2, diags2 = _timed(sladsl.analyse, as_text, "hostile.sla")
    assert spec2 is not None or any(d.severity == "error" for d in diags2), name
    if len(as_text) <= 1024 * 1024:
        _assert_inside(diags2, as_text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n"))

    # Both output formats, alternating over the cases to keep the suite quick.
    fmt = "json" if sorted(HOSTILE).index(name) % 2 else "text"
    result = _timed(CliRunner().invoke, main, ["validate", "--format", fmt, str(path)])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    if fmt == "json":
        assert any(item["severity"] == "error" for item in json.loads(result.stdout))
    else:
        assert ": error[" in result.output


@pytest.mark.parametrize("name", sorted(VALID))
def test_odd_but_valid_encodings_validate(tmp_path: Path, name: str) -> None:
    path = tmp_path / "spec.sla"
    path.write_bytes(VALID[name])
    spec, diags, text = sladsl.analyse_file(path)
    assert spec is not None
    assert [d for d in diags if d.severity == "error"] == []
    _assert_inside(diags, text)
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 0, result.output


def test_loads_raises_only_sladsl_errors() -> None:
    for name, make in HOSTILE.items():
        data = make()
        if len(data) > 100_000:
            continue  # the big ones are covered above; this is about the exception type
        try:
            spec = sladsl.loads(data.decode("utf-8", "replace"))
        except sladsl.SlaError as exc:
            assert exc.diagnostics, name
        else:
            assert isinstance(spec, sladsl.Spec), name


def test_unreadable_path_is_a_diagnostic(tmp_path: Path) -> None:
    spec, diags, _ = sladsl.analyse_file(tmp_path)  # a directory, not a file
    assert spec is None and diags[0].code == "E007"
    with pytest.raises(sladsl.SlaUsageError):
        sladsl.load(tmp_path / "missing.sla")
