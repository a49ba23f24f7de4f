"""Parser golden tests: one snippet per construct, the example specs, and grammar coverage.

Each ``tests/golden/parse/<construct>.sla`` is a minimal valid spec built around one construct;
its AST dump (:func:`sladsl.dump.dump`) must match ``tests/golden/ast/<construct>.txt``. The
specs in ``specs/`` are dumped whole into ``tests/golden/ast/specs/``. Accept a changed dump
with ``pytest tests/test_parse_golden.py --update-goldens`` after reading the diff.

The coverage tests read the rule names from the Lark grammar itself, so a rule added to
``grammar/sla.lark`` fails here until a snippet and an example spec use it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest
from lark import Token, Tree

import sladsl
from sladsl import nodes
from sladsl.dump import dump
from sladsl.syntax.builder import build
from sladsl.syntax.parser import lark_parser, parse, parse_tokens

HERE = Path(__file__).resolve().parent
SNIPPETS = sorted((HERE / "golden" / "parse").glob("*.sla"))
AST_GOLDEN = HERE / "golden" / "ast"
SPECS = sorted((HERE.parent / "specs").glob("*.sla"))

Golden = Callable[[str, str | bytes], None]

# A named terminal whose pattern is a plain choice of words, e.g. ``(?:half\ up|down|up)``.
_WORD_CHOICE = re.compile(r"\(\?:((?:[a-z]|\\ )+(?:\|(?:[a-z]|\\ )+)*)\)")


def _tree(path: Path) -> tuple[str, Tree[Token]]:
    text = path.read_text(encoding="utf-8")
    result = parse(text, path.name)
    if result.tree is None:
        pytest.fail("\n".join(d.render(text) for d in result.diagnostics))
    return text, result.tree


def ast_dump(path: Path) -> str:
    """The AST dump of a file, parsed and built but not checked."""
    text = path.read_text(encoding="utf-8")
    result = parse(text, path.name)
    if result.tree is None:
        pytest.fail("\n".join(d.render(text) for d in result.diagnostics))
    return dump(build(result.tree, result.comments, path.name))


def grammar_node_names() -> set[str]:
    """Every rule or alias that can appear in a parse tree of a whole file.

    Rules starting with ``_`` are inlined and never appear; the ``*_line`` rules are start
    rules used only for error recovery.
    """
    names = set()
    for rule in lark_parser().rules:
        origin = str(rule.origin.name)
        if origin.startswith("_") or origin.endswith("_line"):
            continue
        names.add(str(rule.alias) if rule.alias else origin)
    return names


def used_node_names(paths: Iterable[Path]) -> set[str]:
    used: set[str] = set()
    for path in paths:
        _, tree = _tree(path)
        used.update(str(t.data) for t in tree.iter_subtrees())
    return used


def keyword_spellings() -> dict[str, set[str]]:
    """Terminal name → the words it accepts, for keywords that make a difference in meaning.

    Anonymous keywords (``"above"``, ``"below"``, ``"an"``) each map to themselves; named
    word choices (``ROUNDING``, ``SOURCE``, ``VERDICT`` …) map to each of their words. Unit
    spellings (``minute``/``minutes``) are left out: they differ in grammar, not in meaning.
    """
    out: dict[str, set[str]] = {}
    for term in lark_parser().terminals:
        kind = type(term.pattern).__name__
        if kind == "PatternStr":
            out[term.name] = {term.pattern.value}
        elif kind == "PatternRE" and not term.name.endswith("_UNIT"):
            match = _WORD_CHOICE.fullmatch(term.pattern.value)
            if match:
                out[term.name] = {w.replace("\\ ", " ") for w in match.group(1).split("|")}
    return out


# ---------------------------------------------------------------- construct snippets


def test_there_are_snippets() -> None:
    assert len(SNIPPETS) >= 60


@pytest.mark.parametrize("snippet", SNIPPETS, ids=lambda p: p.stem)
def test_snippet_ast(snippet: Path, golden: Golden) -> None:
    golden(f"ast/{snippet.stem}.txt", ast_dump(snippet))


@pytest.mark.parametrize("snippet", SNIPPETS, ids=lambda p: p.stem)
def test_snippet_is_a_valid_spec(snippet: Path) -> None:
    text = snippet.read_text(encoding="utf-8")
    spec, diags = sladsl.analyse(text, snippet.name)
    errors = [d.render(text) for d in diags if d.severity == "error"]
    assert spec is not None and not errors, "\n".join(errors)


@pytest.mark.parametrize("snippet", SNIPPETS, ids=lambda p: p.stem)
def test_snippet_says_what_it_shows(snippet: Path) -> None:
    first = snippet.read_text(encoding="utf-8").split("\n", 1)[0]
    assert first.startswith(f"# {snippet.stem}: "), "first line: # <construct>: <what it shows>"


def test_no_stale_ast_goldens() -> None:
    expected = {f"{p.stem}.txt" for p in SNIPPETS}
    found = {p.name for p in AST_GOLDEN.glob("*.txt")}
    assert found <= expected, f"golden dumps without a snippet: {sorted(found - expected)}"
    specs = {f"{p.stem}.txt" for p in SPECS}
    found_specs = {p.name for p in (AST_GOLDEN / "specs").glob("*.txt")}
    assert found_specs <= specs, f"golden dumps without a spec: {sorted(found_specs - specs)}"


def test_snippets_cover_every_grammar_rule() -> None:
    missing = grammar_node_names() - used_node_names(SNIPPETS)
    assert not missing, f"no golden snippet uses these grammar rules: {sorted(missing)}"


def test_snippets_cover_every_node_class() -> None:
    seen: set[str] = set()
    for path in SNIPPETS:
        text = path.read_text(encoding="utf-8")
        result = parse(text, path.name)
        assert result.tree is not None
        doc = build(result.tree, result.comments, path.name)
        seen.update(type(x).__name__ for x in nodes.walk(doc))
        seen.update(type(c).__name__ for c in doc.comments)
    concrete = {c.__name__ for c in nodes.concrete_node_classes()} - {"Node"}
    assert not concrete - seen, f"no snippet builds: {sorted(concrete - seen)}"


# ---------------------------------------------------------------- whole specs


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.stem)
def test_spec_ast(spec: Path, golden: Golden) -> None:
    golden(f"ast/specs/{spec.stem}.txt", ast_dump(spec))


def test_specs_cover_every_grammar_rule() -> None:
    missing = grammar_node_names() - used_node_names(SPECS)
    assert not missing, f"no spec in specs/ uses these grammar rules: {sorted(missing)}"


def test_specs_use_every_keyword() -> None:
    """Alternatives that share a node (``above`` and ``more than``) are covered word by word."""
    used: dict[str, set[str]] = {}
    for path in SPECS:
        for tok in parse_tokens(path.read_text(encoding="utf-8")):
            used.setdefault(tok.type, set()).add(str(tok))
    missing = sorted(f"{name}: {word!r}" for name, words in keyword_spellings().items()
                     for word in words - used.get(name, set()))
    assert not missing, f"no spec in specs/ uses: {missing}"


def test_coverage_tests_can_fail() -> None:
    """The coverage helpers notice a rule or keyword that nothing uses."""
    assert "m_of_n" in grammar_node_names()
    assert "m_of_n" not in used_node_names(SNIPPETS[:1])
    assert keyword_spellings()["ROUNDING"] == {"half up", "half even", "down", "up"}


# ---------------------------------------------------------------- the dump itself


def test_dump_is_deterministic_and_exact() -> None:
    path = next(p for p in SNIPPETS if p.stem == "quantities")
    first = ast_dump(path)
    assert first == ast_dump(path)
    assert " at 0x" not in first
    assert 'Money(12000.50, "EUR")' in first  # Decimal digits as written, never a float
    assert "Score(4.25, 5)" in first


def test_dump_prints_views_once() -> None:
    text = ast_dump(next(p for p in SNIPPETS if p.stem == "service_objective_prose"))
    assert "objectives=(items[1])" in text
    assert text.count("AvailabilityTarget") == 1


def test_dump_refuses_unknown_values() -> None:
    from dataclasses import dataclass

    @dataclass(frozen=True, slots=True)
    class Odd(nodes.Node):
        value: object

    with pytest.raises(TypeError, match="cannot print a value of type set"):
        dump(Odd(sladsl.Span("f", 1, 1, 1, 2), {1}))
