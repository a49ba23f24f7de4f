"""The language server end to end: pytest-lsp starts ``sladsl lsp`` and talks to it over stdio.

Each test is one exchange an editor has with the server; the docs page (docs/editing.md) shows
the same exchanges.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from lsprotocol import types as t
from pytest_lsp import LanguageClient

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "specs" / "cloud-platform.sla"
URI = SPEC.as_uri()
TEXT = SPEC.read_text(encoding="utf-8")
LINES = TEXT.split("\n")


def _open(client: LanguageClient, text: str = TEXT, uri: str = URI, version: int = 1) -> None:
    client.text_document_did_open(t.DidOpenTextDocumentParams(
        t.TextDocumentItem(uri, "sla", version, text)))


def _change(client: LanguageClient, text: str, version: int, uri: str = URI) -> None:
    client.text_document_did_change(t.DidChangeTextDocumentParams(
        t.VersionedTextDocumentIdentifier(version, uri),
        [t.TextDocumentContentChangeWholeDocument(text)]))


async def _diagnostics(client: LanguageClient, version: int, uri: str = URI
                       ) -> list[t.Diagnostic]:
    while True:
        note = await client.wait_for_notification(t.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        if note.uri == uri and note.version == version:
            return list(note.diagnostics)


def _at(line: int, word: str, nth: int = 0) -> t.Position:
    """The position of the ``nth`` occurrence of ``word`` on 1-based ``line``."""
    col = -1
    for _ in range(nth + 1):
        col = LINES[line - 1].index(word, col + 1)
    return t.Position(line - 1, col)


def _validate_json(path: Path) -> list[dict[str, object]]:
    out = subprocess.run([sys.executable, "-m", "sladsl", "validate", "--format", "json",
                          str(path)], capture_output=True, text=True, check=False)
    return list(json.loads(out.stdout))


@pytest.mark.asyncio
async def test_diagnostics_match_validate(client: LanguageClient, tmp_path: Path) -> None:
    broken = TEXT.replace("shall be available at least", "shal be available at least", 1)
    broken = broken.replace("time zone Europe/London", "time zone Europe/Londn")
    broken = broken.replace("below 95.0%: 50% of the Monthly Fee.", "below 95.0%: 50% of Fee.")
    path = tmp_path / "broken.sla"
    path.write_text(broken, encoding="utf-8")
    uri = path.as_uri()
    _open(client, TEXT, uri)
    assert [d.code for d in await _diagnostics(client, 1, uri)] == [
        e["code"] for e in _validate_json(SPEC)]  # warnings only
    _change(client, broken, 2, uri)
    got = await _diagnostics(client, 2, uri)
    expected = _validate_json(path)
    assert expected, "the broken spec must have problems"
    assert [(d.code, d.message.split("\nhint: ")[0], d.range.start.line + 1,
             d.range.start.character + 1, d.range.end.character + 1) for d in got] == [
        (e["code"], e["message"], e["span"]["line"], e["span"]["column"],  # type: ignore[index]
         e["span"]["end_column"]) for e in expected]  # type: ignore[index]
    assert [d.data["hint"] for d in got] == [e["hint"] for e in expected]  # type: ignore[index]
    # Fixing the typo leaves the semantic problem: the checker runs again once it parses.
    fixed = broken.replace("shal be", "shall be")
    path.write_text(fixed, encoding="utf-8")
    _change(client, fixed, 3, uri)
    got = await _diagnostics(client, 3, uri)
    assert [d.code for d in got] == [e["code"] for e in _validate_json(path)]
    assert got and all(d.code != "E105" for d in got)


@pytest.mark.asyncio
async def test_hover_on_a_statement_shows_its_clause(client: LanguageClient) -> None:
    _open(client)
    await _diagnostics(client, 1)
    hover = await client.text_document_hover_async(t.HoverParams(
        t.TextDocumentIdentifier(URI), _at(28, "shall")))
    assert hover is not None and isinstance(hover.contents, t.MarkupContent)
    assert hover.contents.value.startswith("**Clause 3\\.1\\.1\\(a\\)**")
    assert "The Provider shall ensure that the Compute API is Available for at least " \
           "99\\.95% of each Calendar Month\\." in hover.contents.value


@pytest.mark.asyncio
async def test_hover_on_a_name_shows_its_definition(client: LanguageClient) -> None:
    _open(client)
    await _diagnostics(client, 1)
    hover = await client.text_document_hover_async(t.HoverParams(
        t.TextDocumentIdentifier(URI), _at(82, "Monthly Fee")))
    assert hover is not None and isinstance(hover.contents, t.MarkupContent)
    assert hover.contents.value.startswith("**Monthly Fee**: defined term")
    assert "*Clause 2\\.2*: The Monthly Fee is EUR 12,000\\.00\\." in hover.contents.value


@pytest.mark.asyncio
async def test_definition_references_and_rename(client: LanguageClient) -> None:
    _open(client)
    await _diagnostics(client, 1)
    doc = t.TextDocumentIdentifier(URI)
    where = _at(47, "Business Hours")
    found = await client.text_document_definition_async(t.DefinitionParams(doc, where))
    assert isinstance(found, list)
    assert [(x.range.start.line + 1, x.range.start.character) for x in found] == [(21, 3)]
    refs = await client.text_document_references_async(t.ReferenceParams(
        text_document=doc, position=_at(81, "Monthly Availability"),
        context=t.ReferenceContext(include_declaration=True)))
    assert refs is not None
    assert [r.range.start.line + 1 for r in refs] == [27, 81, 91, 100]
    edit = await client.text_document_rename_async(t.RenameParams(
        doc, _at(64, "Customer"), "Client"))
    assert edit is not None and edit.changes is not None
    changes = edit.changes[URI]
    lines = {c.range.start.line + 1 for c in changes}
    assert {6, 19, 64, 101} <= lines  # the party line, a definition's meaning, statements
    assert all(c.new_text == "Client" for c in changes)
    renamed = _apply(TEXT, changes)
    assert 'customer "Globex Corporation" called "the Client"' in renamed
    assert "Customer" not in renamed.replace("customer", "")
    import sladsl

    sladsl.loads(renamed)  # the renamed spec is still valid
    bad = await client.text_document_rename_async(t.RenameParams(
        doc, _at(82, "Monthly Fee"), 'Fee" means'))
    assert bad is None


def _apply(text: str, edits: list[t.TextEdit]) -> str:
    lines = text.split("\n")
    for e in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character),
                    reverse=True):
        assert e.range.start.line == e.range.end.line
        ln = lines[e.range.start.line]
        lines[e.range.start.line] = (ln[:e.range.start.character] + e.new_text
                                     + ln[e.range.end.character:])
    return "\n".join(lines)


@pytest.mark.asyncio
async def test_completion_from_the_parser(client: LanguageClient) -> None:
    _open(client)
    await _diagnostics(client, 1)
    doc = t.TextDocumentIdentifier(URI)

    async def labels(line: int, column: int) -> list[str]:
        found = await client.text_document_completion_async(t.CompletionParams(
            doc, t.Position(line - 1, column - 1)))
        assert isinstance(found, t.CompletionList)
        return [i.label for i in found.items]

    assert await labels(28, 39) == ["least", "most"]  # "... available at |"
    assert "Europe/London" in await labels(8, 13)  # "time zone |"
    assert "GB" in await labels(21, LINES[20].index("GB") + 1)  # "... public holidays in |"
    assert set(await labels(82, 49)) >= {"Monthly Fee", "Customer"}  # "... of the |"
    assert '"Latency"' in await labels(86, 7)  # "for |"
    assert "ms" in await labels(36, LINES[35].index("ms") + 1)  # "at most 300 |"


@pytest.mark.asyncio
async def test_formatting_symbols_tokens_and_fixes(client: LanguageClient) -> None:
    messy = TEXT.replace("  objective \"Latency\":\n    the 95th",
                         "  objective \"Latency\":\n    the   95th")
    messy = messy.replace("time zone Europe/London", "time zone Europe/Londn")
    _open(client, messy)
    diags = await _diagnostics(client, 1)
    doc = t.TextDocumentIdentifier(URI)
    edits = await client.text_document_formatting_async(t.DocumentFormattingParams(
        doc, t.FormattingOptions(2, True)))
    assert edits and "the 95th percentile" in edits[0].new_text
    ranged = await client.text_document_range_formatting_async(
        t.DocumentRangeFormattingParams(doc, t.Range(t.Position(35, 0), t.Position(36, 0)),
                                        t.FormattingOptions(2, True)))
    assert ranged and all(35 <= e.range.start.line <= 37 for e in ranged)
    zone = next(d for d in diags if d.code == "S102" or "time zone" in d.message)
    actions = await client.text_document_code_action_async(t.CodeActionParams(
        doc, zone.range, t.CodeActionContext([zone])))
    assert actions and isinstance(actions[0], t.CodeAction)
    assert actions[0].title == "Replace `Europe/Londn` with `Europe/London`"
    symbols = await client.text_document_document_symbol_async(
        t.DocumentSymbolParams(doc))
    assert symbols and isinstance(symbols[0], t.DocumentSymbol)
    root = symbols[0]
    assert root.name == "Acme Cloud Platform Service Level Agreement"
    service = next(c for c in root.children or [] if c.name == "Compute API")
    assert [o.name for o in service.children or []] == [
        "Monthly Availability", "Latency", "Error Rate"]
    tokens = await client.text_document_semantic_tokens_full_async(
        t.SemanticTokensParams(doc))
    assert tokens is not None and len(tokens.data) > 500 and len(tokens.data) % 5 == 0


GAPS = '''agreement "A"
  provider "P Ltd." called "the Provider"
  customer "C Corp." called "the Customer"
  effective 2026-01-01
  time zone UTC
  currency EUR

definitions:
  "Monthly Fee" is EUR 100.

service "S":
  objective "Avail":
    the service shall be available at least 99.9% of the time in each calendar month.
  objective "Lat":
    the 95th percentile of response time shall be at most 300 ms in each calendar month.
  objective "Errors":
    at most 0.1% of requests shall fail in each calendar month.

service credits:
  for "Avail":
    below 99.9% and at least 99.0%: 10% of the Monthly Fee.
  for "Lat":
    above 300 ms and at most 500 ms: 5% of the Monthly Fee.
'''


@pytest.mark.asyncio
async def test_code_actions_fix_what_they_say(client: LanguageClient, tmp_path: Path) -> None:
    uri = (tmp_path / "gaps.sla").as_uri()
    _open(client, GAPS, uri)
    diags = await _diagnostics(client, 1, uri)
    assert sorted(d.code for d in diags) == ["S109", "S109", "W201"]
    doc = t.TextDocumentIdentifier(uri)
    text = GAPS
    titles = []
    # Apply one fix at a time, as a user would, re-asking after each edit.
    for version in range(2, 5):
        diags = [d for d in diags if d.code in ("S109", "W201")]
        if not diags:
            break
        actions = await client.text_document_code_action_async(t.CodeActionParams(
            doc, diags[0].range, t.CodeActionContext([diags[0]])))
        assert actions and isinstance(actions[0], t.CodeAction)
        action = actions[0]
        assert action.edit is not None and action.edit.changes is not None
        titles.append(action.title)
        text = _apply_inserts(text, action.edit.changes[uri])
        _change(client, text, version, uri)
        diags = await _diagnostics(client, version, uri)
    assert sorted(titles) == ['Add a service credit for "Errors"',
                              "Add a tier above 500 ms to close the gap",
                              "Add a tier below 99.0% to close the gap"]
    assert [d.code for d in diags if d.severity == t.DiagnosticSeverity.Error] == []
    assert all(d.code not in ("S109", "W201") for d in diags)


def _apply_inserts(text: str, edits: list[t.TextEdit]) -> str:
    lines = text.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    for e in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character),
                    reverse=True):
        start = offsets[e.range.start.line] + e.range.start.character
        end = offsets[e.range.end.line] + e.range.end.character
        text = text[:start] + e.new_text + text[end:]
    return text


@pytest.mark.asyncio
async def test_hover_says_what_the_rendered_contract_says(client: LanguageClient) -> None:
    import re

    import sladsl
    from sladsl.render import render

    contract = " ".join(str(render(sladsl.load(SPEC), "text")).split())
    _open(client)
    await _diagnostics(client, 1)
    for line in (28, 36, 41, 64, 71, 85, 92):
        hover = await client.text_document_hover_async(t.HoverParams(
            t.TextDocumentIdentifier(URI),
            t.Position(line - 1, len(LINES[line - 1]) - len(LINES[line - 1].lstrip()))))
        assert hover is not None and isinstance(hover.contents, t.MarkupContent), line
        sentence = hover.contents.value.split("\n\n", 1)[1]
        plain = " ".join(re.sub(r"\\(.)", r"\1", sentence).split())
        assert plain in contract, (line, plain)


@pytest.mark.asyncio
async def test_positions_count_utf16_units(client: LanguageClient, tmp_path: Path) -> None:
    text = TEXT.replace("  This agreement sets out", "  \U0001f642\U0001f642 the Customer: this "
                        "agreement sets out")
    uri = (tmp_path / "emoji.sla").as_uri()
    _open(client, text, uri)
    await _diagnostics(client, 1, uri)
    lines = text.split("\n")
    number = next(i for i, ln in enumerate(lines) if "\U0001f642" in ln)
    refs = await client.text_document_references_async(t.ReferenceParams(
        text_document=t.TextDocumentIdentifier(uri), position=t.Position(5, 45),
        context=t.ReferenceContext(include_declaration=True)))
    assert refs is not None
    on_line = [r.range for r in refs if r.range.start.line == number]
    # Two emoji are four UTF-16 units: "Customer" starts at 2 + 4 + len(" the ") = 11.
    assert [(r.start.character, r.end.character) for r in on_line] == [(11, 19)]
