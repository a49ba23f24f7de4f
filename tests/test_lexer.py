"""The lazily built lexer and its kept patterns lex exactly as Lark's own contextual lexer.

sladsl/syntax/lexer.py builds each parser state's lexer on first use and compiles the lexers'
patterns through :class:`PatternStore`, which keeps the compiled programs in the user cache.
Every token must come out as Lark's unchanged lexer makes it, from a cold or a warm cache, and
a damaged cache must cost time, never a wrong match.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from lark import Lark

from sladsl.syntax import lexer as lexer_module
from sladsl.syntax.layout import CURRENT_LAYOUT, IndentationPostLexer, Layout
from sladsl.syntax.lexer import PatternStore
from sladsl.syntax.parser import LINE_STARTS, grammar_text, lark_parser, parse_tokens

SPECS = Path(__file__).resolve().parents[1] / "specs"


def _plain_parser() -> Lark:
    """The same parser with Lark's own contextual lexer and no cache."""
    return Lark(grammar_text(), parser="lalr", lexer="contextual",
                postlex=IndentationPostLexer(), propagate_positions=True,
                maybe_placeholders=True, start=["start", *LINE_STARTS.values()])


def _tokens(parser: Lark, text: str) -> list[tuple[object, ...]]:
    token = CURRENT_LAYOUT.set(Layout())
    try:
        return [(t.type, t.value, t.start_pos, t.line, t.column, t.end_line, t.end_column)
                for t in parser.parse_interactive(text + "\n", start="start").iter_parse()]
    finally:
        CURRENT_LAYOUT.reset(token)


def test_tokens_are_lark_s_own() -> None:
    plain = _plain_parser()
    ours = lark_parser()
    assert type(ours.parser.lexer.lexer).__name__ == "LazyContextualLexer"
    for path in sorted(SPECS.glob("*.sla")):
        text = path.read_text(encoding="utf-8")
        assert _tokens(ours, text) == _tokens(plain, text), path.name
        assert [t.type for t in parse_tokens(text)] == [t[0] for t in _tokens(plain, text)]


@pytest.mark.parametrize("text", [
    'agreement "X"\n  version 1\n  provider "A" called "the Provider"\n  customer ? "B"\n',
    'agreement "X"\nservice "S":\n  objective "O":\n    the service shall be availble 99%\n',
])
def test_errors_are_lark_s_own(text: str) -> None:
    """An unexpected character or token is reported as Lark's lexer reports it."""
    def error(parser: Lark) -> tuple[str, object, object]:
        token = CURRENT_LAYOUT.set(Layout())
        try:
            parser.parse(text, start="start")
        except Exception as exc:  # noqa: BLE001 (the exception itself is compared)
            return (type(exc).__name__, getattr(exc, "line", None), getattr(exc, "column", None))
        finally:
            CURRENT_LAYOUT.reset(token)
        raise AssertionError("parsed")

    assert error(lark_parser()) == error(_plain_parser())


PATTERNS = [r"(?P<A>shall)|(?P<B>[a-z]+)", r"\d{4}-\d{2}-\d{2}", r'"(?!"")(?:[^"\\\r\n]|\\.)*"',
            r"(?:#[^\r\n]*)?(?:\r?\n[ \t]*(?:#[^\r\n]*)?)+"]
SAMPLES = ["shall", "shallow", "2026-12-02", '"a \\" b"', "# c\n  # d\n x", "", "Q"]


def _same(a: re.Pattern[str], b: re.Pattern[str]) -> None:
    assert (a.pattern, a.flags, a.groups, a.groupindex) == (b.pattern, b.flags, b.groups,
                                                            b.groupindex)
    for s in SAMPLES:
        ma, mb = a.match(s), b.match(s)
        assert (ma and (ma.group(0), ma.lastgroup, ma.span())) == \
            (mb and (mb.group(0), mb.lastgroup, mb.span()))


def test_kept_patterns_match_as_re_compiles_them(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("SLADSL_NO_CACHE", raising=False)
    cold = PatternStore()
    for p in PATTERNS:
        _same(cold.compile(p), re.compile(p))
    cold.save()
    assert (tmp_path / "sladsl" / lexer_module.FILE).exists()
    warm = PatternStore()
    monkeypatch.setattr(lexer_module._parser, "parse", None)  # a warm store never parses
    for p in PATTERNS:
        _same(warm.compile(p), re.compile(p))
    assert warm.compile(PATTERNS[0]) is warm.compile(PATTERNS[0])


def test_a_damaged_or_foreign_cache_is_compiled_again(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("SLADSL_NO_CACHE", raising=False)
    store = PatternStore()
    store.compile(PATTERNS[0])
    store.save()
    path = tmp_path / "sladsl" / lexer_module.FILE
    for damage in (b"not marshal", path.read_bytes()[:50]):
        path.write_bytes(damage)
        _same(PatternStore().compile(PATTERNS[0]), re.compile(PATTERNS[0]))
    # A stored program that the engine rejects (here: another pattern's) is compiled afresh.
    other = PatternStore()
    other.compile(PATTERNS[1])
    entries = other._entries()
    entries[(PATTERNS[0], 0)] = (0, b"\x00\x00\x00\x00", 0, {}, (None,))
    other.save()
    _same(PatternStore().compile(PATTERNS[0]), re.compile(PATTERNS[0]))


def test_no_cache_folder_still_lexes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLADSL_NO_CACHE", "1")
    store = PatternStore()
    _same(store.compile(PATTERNS[2]), re.compile(PATTERNS[2]))
    store.save()  # nowhere to write: not an error
    assert os.environ["SLADSL_NO_CACHE"] == "1"


def test_the_kept_patterns_do_not_grow_without_bound(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("SLADSL_NO_CACHE", raising=False)
    monkeypatch.setattr(lexer_module, "MAX_ENTRIES", 2)
    old = PatternStore()
    for p in PATTERNS[:3]:
        old.compile(p)
    old.save()  # over the limit: only what this run used, which is all three
    new = PatternStore()
    new.compile(PATTERNS[3])
    new.save()  # four entries: the old grammar's three are dropped
    assert set(PatternStore()._entries()) == {(PATTERNS[3], 0)}
