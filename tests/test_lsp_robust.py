"""The language server under editing: broken text most of the time, hostile pastes, and speed.

* the incremental analysis gives exactly :func:`sladsl.analyse`'s diagnostics (and the same
  document) after every one of many random edits of the shipped specs;
* 10,000 random edits (insertions, deletions, pastes of hostile text) never make any feature
  fail, every answer is well formed, and memory stays flat;
* over stdio, the real server keeps answering well-formed responses through hostile edits
  sent as incremental changes.
"""

from __future__ import annotations

import asyncio
import random
import resource
import sys
from pathlib import Path

import pytest
from lsprotocol import types as t
from pytest_lsp import LanguageClient

from sladsl.api import analyse
from sladsl.lsp import completion, editing, names, outline
from sladsl.lsp.contract import ContractView
from sladsl.lsp.incremental import IncrementalAnalyser

ROOT = Path(__file__).resolve().parent.parent
SPECS = sorted((ROOT / "specs").glob("*.sla"))

#: Pastes an editor may send: control and bidi characters, huge numbers, deep nesting, what
#: invalid UTF-8 becomes on the way (replacement characters, lone surrogates), NUL bytes.
HOSTILE = [
    "\u202e", "\u2066evil\u2069", "\u200b", "\ufeff", "\ufffd\ufffd", "\udc80", "\ud800x",
    "\x00", "\x1b[31m", "9" * 400, "1e999999", "-0.0000000001%", "99." + "9" * 60 + "%",
    "".join("\n" + "  " * k + f'service "S{k}":' for k in range(60)),
    "((((((((((" * 20, '"' * 7, '"""', "\t\t", "\r\n", "\r", "#", ":", ".", "\n\n\n",
    "<script>alert(1)</script>", "{{7*7}}", "'; DROP TABLE x; --", "🙂" * 30,
    'service "', "objective \"X\":\n    the service shall be available at least 9",
    "  below 99.0%: 25% of the Monthly Fee.\n",
    "for \"Latency\": 5% of the Monthly Fee when missed.",
]
WORDS = ["shall", "be", "at least", "99.9%", "of", "the", "Monthly Fee", "service", ":", "\n",
         "\n  ", "\n    ", " ", "objective", "credits", '"Latency"', "priority 1", "Customer"]


def random_edit(rng: random.Random, text: str, original: str) -> str:
    roll = rng.random()
    pos = rng.randrange(len(text) + 1)
    if roll < 0.35:
        return text[:pos] + rng.choice(WORDS) + text[pos:]
    if roll < 0.55:
        return text[:pos] + text[pos + rng.randrange(1, 40):]
    if roll < 0.8:
        return text[:pos] + rng.choice(HOSTILE) + text[pos:]
    if roll < 0.9:  # cut a piece and paste it elsewhere
        a = rng.randrange(len(text) + 1)
        piece = text[a:a + rng.randrange(1, 200)]
        return text[:pos] + piece + text[pos:]
    return original  # undo everything, as an editor's revert does


def exercise(text: str, analyser: IncrementalAnalyser, rng: random.Random) -> None:
    """What the server computes for one version of a document, checked for shape."""
    spec, diags = analyser.analyse(text)
    assert all(d.code and d.message and d.span.line >= 1 and d.span.column >= 1 for d in diags)
    clean = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = clean.split("\n")
    line = rng.randrange(1, len(lines) + 1)
    column = rng.randrange(1, len(lines[line - 1]) + 2)
    feature = rng.randrange(6)
    if feature == 0:
        items = completion.complete(clean, line, column, spec)
        assert all(isinstance(i.label, str) and i.label for i in items)
    elif feature == 1 and spec is not None:
        view = ContractView(spec)
        found = names.mentions(clean, spec)
        m = names.mention_at(found, line, column)
        shown = view.hover_name(m) if m is not None else view.hover_statement(line)
        assert shown is None or isinstance(shown, str)
    elif feature == 2 and spec is not None:
        for s in outline.outline(spec):
            assert s.span.line <= s.selection.line
    elif feature == 3:
        for tok in outline.semantic_tokens(clean):
            assert tok.length > 0 and tok.line < len(lines)
    elif feature == 4:
        for fix in editing.fixes(clean, diags, spec):
            assert fix.edits
    elif feature == 5 and spec is not None:
        try:
            editing.format_edits(clean, line - 1, line)
        except editing.SlaError:
            pass


def test_incremental_diagnostics_are_analyse_s() -> None:
    rng = random.Random(16)
    for path in SPECS:
        original = text = path.read_text(encoding="utf-8")
        analyser = IncrementalAnalyser(str(path))
        for _ in range(120):
            text = random_edit(rng, text, original)
            spec, diags = analyser.analyse(text)
            whole, expected = analyse(text, str(path))
            assert diags == expected, (path.name, text)
            assert (spec is None) == (whole is None)
            if spec is not None and whole is not None:
                assert spec.document == whole.document


def _rss_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def test_ten_thousand_random_edits() -> None:
    rng = random.Random(1016)
    edits = 10_000
    per_spec = edits // len(SPECS) + 1
    done = 0
    halfway = 0
    for path in SPECS:
        original = text = path.read_text(encoding="utf-8")
        analyser = IncrementalAnalyser(str(path))
        for _ in range(per_spec):
            text = random_edit(rng, text, original)
            if len(text) > 3 * len(original):  # keep the documents spec-sized
                text = original
            exercise(text, analyser, rng)
            done += 1
            if done == edits // 2:
                halfway = _rss_kib()
    assert done >= edits
    # The caches are bounded: the second half of the run needs (almost) no new memory.
    assert _rss_kib() - halfway < 64 * 1024, "memory grows while editing"


@pytest.mark.asyncio
async def test_server_survives_hostile_incremental_edits(client: LanguageClient) -> None:
    rng = random.Random(7)
    path = SPECS[0]
    uri = path.as_uri()
    text = path.read_text(encoding="utf-8")
    client.text_document_did_open(t.DidOpenTextDocumentParams(
        t.TextDocumentItem(uri, "sla", 1, text)))
    doc = t.TextDocumentIdentifier(uri)
    lines = text.split("\n")
    for version in range(2, 152):
        line = rng.randrange(len(lines))
        col = rng.randrange(len(lines[line]) + 1)
        paste = rng.choice(HOSTILE + WORDS)
        client.text_document_did_change(t.DidChangeTextDocumentParams(
            t.VersionedTextDocumentIdentifier(version, uri),
            [t.TextDocumentContentChangePartial(
                t.Range(t.Position(line, col), t.Position(line, col)), paste)]))
        # The client's copy follows the same edit, to aim requests at real positions.
        lines[line] = lines[line][:col] + paste + lines[line][col:]
        lines = "\n".join(lines).replace("\r\n", "\n").replace("\r", "\n").split("\n")
        where = t.Position(rng.randrange(len(lines)), 0)
        hover = await asyncio.wait_for(client.text_document_hover_async(
            t.HoverParams(doc, where)), 30)
        assert hover is None or isinstance(hover.contents, t.MarkupContent)
        items = await asyncio.wait_for(client.text_document_completion_async(
            t.CompletionParams(doc, where)), 30)
        assert items is None or isinstance(items, t.CompletionList | list)
        if version % 10 == 0:
            tokens = await asyncio.wait_for(client.text_document_semantic_tokens_full_async(
                t.SemanticTokensParams(doc)), 30)
            assert tokens is not None and len(tokens.data) % 5 == 0
            symbols = await asyncio.wait_for(client.text_document_document_symbol_async(
                t.DocumentSymbolParams(doc)), 30)
            assert symbols is not None
    # Still answering: a last edit gets its diagnostics.
    client.text_document_did_change(t.DidChangeTextDocumentParams(
        t.VersionedTextDocumentIdentifier(152, uri),
        [t.TextDocumentContentChangeWholeDocument(path.read_text(encoding="utf-8"))]))
    while True:
        note = await asyncio.wait_for(
            client.wait_for_notification(t.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS), 30)
        if note.version == 152:
            break
    assert all(d.severity == t.DiagnosticSeverity.Warning for d in note.diagnostics)


def test_keystroke_workload_runs() -> None:
    sys.path.insert(0, str(ROOT))
    from bench.keystroke import keystroke

    rows = keystroke(200, 3)
    assert [r.subject.endswith("(still valid)") for r in rows] == [True, False]
    assert all(r.subject_s > 0 and r.baseline_s > 0 for r in rows)
