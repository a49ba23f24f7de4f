"""The VS Code extension: its TextMate grammar agrees with the Pygments lexer, run in Node.

The grammar is generated from the lexer (``python -m sladsl.publish.textmate``); the committed
copy must be what the generator writes. Under Node, ``vscode-textmate`` with the Oniguruma
engine (what VS Code itself uses) tokenizes every spec in ``specs/`` and each character must
get the class the Pygments lexer gives it. Node and npm skip locally and fail under CI
(``tests/components.py``).
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from components import which

from sladsl.publish.highlight import SlaLexer
from sladsl.publish.textmate import grammar_json, scope_of

ROOT = Path(__file__).resolve().parent.parent
EXTENSION = ROOT / "editors" / "vscode"
SPECS = sorted((ROOT / "specs").glob("*.sla"))


def test_committed_grammar_is_generated() -> None:
    committed = (EXTENSION / "syntaxes" / "sla.tmLanguage.json").read_text(encoding="utf-8")
    assert committed == grammar_json(), "run: python -m sladsl.publish.textmate"


def test_manifest_names_every_part() -> None:
    manifest = json.loads((EXTENSION / "package.json").read_text(encoding="utf-8"))
    contributes = manifest["contributes"]
    for entry in (contributes["grammars"][0]["path"], contributes["snippets"][0]["path"],
                  contributes["languages"][0]["configuration"], manifest["main"]):
        assert (EXTENSION / entry).is_file(), entry
    json.loads((EXTENSION / "language-configuration.json").read_text(encoding="utf-8"))
    snippets = json.loads((EXTENSION / "snippets" / "sla.json").read_text(encoding="utf-8"))
    assert {"Agreement", "Credit table", "Worked example"} <= set(snippets)
    assert '"lsp"' in (EXTENSION / "extension.js").read_text(encoding="utf-8")


def pygments_classes(text: str) -> list[list[str | None]]:
    """Per line, the TextMate scope of every character as the Pygments lexer colours it."""
    lines: list[list[str | None]] = [[]]
    for _, ttype, value in SlaLexer(stripnl=False, ensurenl=False).get_tokens_unprocessed(
            text):
        scope = scope_of(ttype)
        for ch in value:
            if ch == "\n":
                lines.append([])
            else:
                lines[-1].append(scope)
    return lines


def textmate_classes(tokens: list[list[list[object]]], text: str) -> list[list[str | None]]:
    out: list[list[str | None]] = []
    for line, found in zip(text.split("\n"), tokens, strict=True):
        chars: list[str | None] = [None] * len(line)
        for start, end, scope in found:
            assert isinstance(start, int) and isinstance(end, int)
            for i in range(start, end):
                chars[i] = str(scope)
        out.append(chars)
    return out


def test_textmate_and_pygments_agree_on_every_spec() -> None:
    node = which("node", "nodejs")
    npm = which("npm")
    if not (EXTENSION / "node_modules" / "vscode-textmate").is_dir():
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=EXTENSION, check=True,
                       capture_output=True)
    subprocess.run([npm, "test"], cwd=EXTENSION, check=True, capture_output=True)
    result = subprocess.run([node, "test/grammar.test.js", "--json", *map(str, SPECS)],
                            cwd=EXTENSION, check=True, capture_output=True, text=True)
    tokens = json.loads(result.stdout)
    for spec in SPECS:
        text = spec.read_text(encoding="utf-8")
        expected = pygments_classes(text)
        got = textmate_classes(tokens[str(spec)], text)
        for number, (want, have) in enumerate(zip(expected, got, strict=True), start=1):
            line = text.split("\n")[number - 1]
            # Spaces carry no colour in either; compare every other character.
            pairs = [(w, h) for ch, w, h in zip(line, want, have, strict=True) if ch.strip()]
            assert all(w == h for w, h in pairs), (spec.name, number, line, want, have)


def _expand(body: list[str]) -> str:
    """A snippet with every placeholder at its default (the first choice of a list)."""
    import re

    text = "\n".join(body)
    text = re.sub(r"\$\{\d+\|([^,|]*)[^}]*\}", r"\1", text)
    text = re.sub(r"\$\{\d+:([^}]*)\}", r"\1", text)
    return re.sub(r"\$\d+", "", text)


def test_snippets_expand_to_a_valid_agreement() -> None:
    import sladsl

    snippets = json.loads((EXTENSION / "snippets" / "sla.json").read_text(encoding="utf-8"))
    part = {name: _expand(s["body"]) for name, s in snippets.items()}

    def indent(text: str, by: str) -> str:
        return "\n".join(by + line if line.strip() else line for line in text.split("\n"))

    spec = "\n".join([
        part["Agreement"], part["Definitions"],
        part["Service with an availability objective"].rstrip("\n"),
        indent(part["Latency objective"], "  "),
        indent(part["Ticket response objective"], "  "),
        part["Credit table"], part["Exclusions"],
        "examples:", indent(part["Worked example"], "  "), part["Prose"], ""])
    found, diags = sladsl.analyse(spec)
    errors = [d.render(spec) for d in diags if d.severity == "error"]
    assert found is not None and not errors, "\n".join(errors) + "\n" + spec
