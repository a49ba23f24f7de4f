"""The Pygments lexer and ``sladsl show``: golden tokens, round trips, random input."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pygments.lexers import get_lexer_by_name, get_lexer_for_filename
from pygments.token import (
    Error,
    Keyword,
    Literal,
    Name,
    Number,
    String,
    _TokenType,
    is_token_subtype,
)

from sladsl.publish.highlight import (
    DECLARATIONS,
    KEYWORDS,
    UNITS,
    SlaLexer,
    grammar_vocabulary,
    show,
)

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
SPECS = sorted((ROOT / "specs").glob("*.sla"))
SNIPPETS = sorted((GOLDEN / "tokens").glob("*.sla"))
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def lex(text: str) -> list[tuple[_TokenType, str]]:
    # No newline stripping or adding: the tokens must give back exactly what went in.
    return list(SlaLexer(stripnl=False, ensurenl=False).get_tokens(text))


def dump(tokens: list[tuple[_TokenType, str]]) -> str:
    """Pygments' own golden format: one token a line, value then type."""
    return "".join(f"{value!r:<24}{str(ttype)}\n" for ttype, value in tokens)


@pytest.mark.parametrize("path", SNIPPETS, ids=lambda p: p.stem)
def test_golden_tokens(path: Path, golden: Callable[[str, str], None]) -> None:
    text = path.read_text(encoding="utf-8")
    tokens = lex(text)
    assert "".join(v for _, v in tokens) == text
    golden(f"tokens/{path.stem}.tokens", dump(tokens))


def test_there_are_golden_snippets() -> None:
    assert len(SNIPPETS) >= 6


@pytest.mark.parametrize("path", SPECS, ids=lambda p: p.name)
def test_specs_round_trip_without_errors(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    tokens = lex(text)
    assert "".join(v for _, v in tokens) == text
    assert [v for t, v in tokens if is_token_subtype(t, Error)] == []


def test_distinct_token_types() -> None:
    text = (GOLDEN / "tokens" / "definitions.sla").read_text(encoding="utf-8")
    kinds = {v: t for t, v in lex(text)}
    assert kinds['"Monthly Fee"'] is Name.Constant
    assert kinds["EUR"] is Keyword.Type
    assert is_token_subtype(kinds["12,000.50"], Number)
    assert kinds["09:00"] is Literal.Date
    assert kinds["US-CA"] is Name.Builtin
    assert kinds['"the fees payable for a calendar month"'] is String.Double
    assert kinds["definitions"] is Keyword.Declaration


def test_the_vocabulary_matches_the_grammar() -> None:
    keywords, units = grammar_vocabulary()
    assert set(KEYWORDS) == keywords, (
        "the grammar's words changed; in KEYWORDS in sladsl/publish/highlight.py, "
        f"add {sorted(keywords - set(KEYWORDS))} and remove {sorted(set(KEYWORDS) - keywords)}")
    assert set(UNITS) == units, (
        f"in UNITS, add {sorted(units - set(UNITS))} and remove {sorted(set(UNITS) - units)}")
    assert set(DECLARATIONS) <= keywords


def test_pygments_finds_the_lexer() -> None:
    assert type(get_lexer_by_name("sla")) is SlaLexer
    # Slash claims *.sla as well; ours must win with and without the text to look at.
    assert type(get_lexer_for_filename("x.sla")) is SlaLexer
    code = SPECS[0].read_text(encoding="utf-8")
    assert type(get_lexer_for_filename("x.sla", code)) is SlaLexer


def test_importing_the_lexer_does_not_build_the_parser() -> None:
    code = "import sys, sladsl.publish.highlight; print('lark' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"


# Fragments of the language and of the characters that trouble lexers, so that random input
# reaches the interesting rules rather than being mostly letters.
FRAGMENTS = st.sampled_from([
    '"""', '"', "\\", "#", "\n", "\r\n", "\r", "  ", "\t", ":", ".", ",", "%", "-", "'s", "’",
    "agreement", "service", "credits", "definitions", "means", "is", "called", "zone",
    "holidays in", "EUR", "12,000", "99.95", "2026-04", "2026-01-01", "09:00", "Q2 2026",
    "April 2026", "95th", "business days", "ms", "the Customer", "Monday", "é", "\x00", "@",
])
TEXT = st.lists(st.one_of(FRAGMENTS, st.text(max_size=4)), max_size=40).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_random_input_never_raises_and_round_trips(text: str) -> None:
    raw = list(SlaLexer().get_tokens_unprocessed(text))
    assert "".join(v for _, _, v in raw) == text
    positions = [i for i, _, _ in raw]
    assert positions == sorted(positions)
    # get_tokens also normalises line endings; with those unified it must round-trip too.
    unified = text.replace("\r\n", "\n").replace("\r", "\n")
    assert "".join(v for _, v in lex(unified)) == unified


def test_show_plain_prints_the_file_unchanged() -> None:
    result = CliRunner().invoke(show, [str(SPECS[0]), "--no-color"])
    assert result.exit_code == 0, result.output
    assert result.output == SPECS[0].read_text(encoding="utf-8")


@pytest.mark.parametrize("extra", [[], ["--style", "monokai"]])
def test_show_in_colour(extra: list[str]) -> None:
    result = CliRunner().invoke(show, [str(SPECS[0]), "--color", *extra])
    assert result.exit_code == 0, result.output
    assert "\x1b[" in result.output
    assert ANSI.sub("", result.output) == SPECS[0].read_text(encoding="utf-8")


def test_show_reports_bad_input(tmp_path: Path) -> None:
    bad = tmp_path / "bad.sla"
    bad.write_bytes(b'agreement "\xff"\n')
    result = CliRunner().invoke(show, [str(bad)])
    assert result.exit_code == 1
    assert "not valid UTF-8" in result.output
    assert "Traceback" not in result.output
    result = CliRunner().invoke(show, [str(SPECS[0]), "--color", "--style", "nope"])
    assert result.exit_code == 2
    assert "unknown style" in result.output


def test_show_is_a_sladsl_command() -> None:
    import click

    from sladsl.cli import main

    assert main.get_command(click.Context(main), "show") is show
