"""``sladsl lsp``: the language server (pygls, over stdio).

Every request is answered from the document's latest analysis (:mod:`.incremental`); the
navigation features fall back to the last version that parsed while the text is broken, as it
is most of the time while someone types. A handler that fails logs the failure to the client
and answers with nothing rather than an error, so the editor never loses the server.
"""

from __future__ import annotations

import functools
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from lsprotocol import types as t
from pygls.lsp.server import LanguageServer
from pygls.workspace import TextDocument

from .. import __version__
from ..errors import Diagnostic, SlaError, Span
from ..model import Spec
from . import completion, editing, names, outline
from .contract import ContractView
from .incremental import IncrementalAnalyser

_F = TypeVar("_F", bound=Callable[..., Any])


@dataclass
class DocumentState:
    """What the server knows about one open document."""

    analyser: IncrementalAnalyser
    text: str | None = None  # the text last analysed
    spec: Spec | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    good: Spec | None = None  # the last version that parsed
    _view: ContractView | None = None
    _mentions: tuple[str, list[names.Mention]] | None = None

    def view(self) -> ContractView | None:
        if self.good is None:
            return None
        if self._view is None or self._view.spec is not self.good:
            self._view = ContractView(self.good)
        return self._view

    def mentions(self) -> list[names.Mention]:
        if self.good is None:
            return []
        text = self.text or ""
        if self._mentions is None or self._mentions[0] != text:
            self._mentions = (text, names.mentions(text, self.good))
        return self._mentions[1]


class SlaServer(LanguageServer):
    """The sladsl language server: documents by URI and the features below."""

    def __init__(self) -> None:
        super().__init__("sladsl", __version__)
        self.documents: dict[str, DocumentState] = {}

    def state(self, uri: str) -> tuple[DocumentState, TextDocument]:
        doc = self.workspace.get_text_document(uri)
        state = self.documents.get(uri)
        if state is None:
            state = self.documents[uri] = DocumentState(IncrementalAnalyser(_file_name(uri)))
        if state.text != doc.source:
            refresh(state, doc.source)
        return state, doc


def _file_name(uri: str) -> str:
    from pygls.uris import to_fs_path

    return to_fs_path(uri) or uri


def refresh(state: DocumentState, text: str) -> None:
    """Analyses a new version of the text."""
    state.text = text
    state.spec, state.diagnostics = state.analyser.analyse(text)
    if state.spec is not None:
        state.good = state.spec


def guarded(default: Any) -> Callable[[_F], _F]:
    """Answers ``default`` (and logs the failure) instead of letting a handler fail."""

    def wrap(handler: _F) -> _F:
        @functools.wraps(handler)
        def run(ls: SlaServer, params: Any) -> Any:
            try:
                return handler(ls, params)
            except Exception:  # noqa: BLE001 - the server must keep answering
                ls.window_log_message(t.LogMessageParams(
                    t.MessageType.Error, f"sladsl: {handler.__name__} failed:\n"
                    + traceback.format_exc(limit=8)))
                return default
        return run  # type: ignore[return-value]

    return wrap


# ------------------------------------------------------------------ positions


def to_range(doc: TextDocument, line: int, column: int, end_line: int, end_column: int
             ) -> t.Range:
    """1-based code-point positions (end exclusive) to an LSP range in the client's units."""
    lines = doc.lines
    start = _clamp(lines, line - 1, column - 1)
    end = _clamp(lines, end_line - 1, end_column - 1)
    if (end.line, end.character) < (start.line, start.character):
        end = start
    from pygls.workspace.position_codec import ServerTextRange

    return doc.range_to_client_units(ServerTextRange(_server_pos(start.line, start.character),
                                                     _server_pos(end.line, end.character)))


def _clamp(lines: list[str] | Any, line: int, column: int) -> t.Position:
    if not lines:
        return t.Position(0, 0)
    line = min(max(line, 0), len(lines) - 1)
    width = len(lines[line].rstrip("\r\n"))
    return t.Position(line, min(max(column, 0), width))


def span_range(doc: TextDocument, span: Span) -> t.Range:
    return to_range(doc, span.line, span.column, span.end_line, span.end_column)


def from_position(doc: TextDocument, position: t.Position) -> tuple[int, int]:
    """An LSP position to a 1-based line and column in code points."""
    if position.line >= len(doc.lines):
        return position.line + 1, 1
    server = doc.position_from_client_units(position)
    return server.line + 1, server.character + 1


# ------------------------------------------------------------------ features


def diagnostic(doc: TextDocument, d: Diagnostic) -> t.Diagnostic:
    """A sladsl diagnostic as LSP has it: the hint on a second line and in ``data``."""
    severity = t.DiagnosticSeverity.Error if d.severity == "error" \
        else t.DiagnosticSeverity.Warning
    message = d.message + (f"\nhint: {d.hint}" if d.hint else "")
    return t.Diagnostic(span_range(doc, d.span), message, severity=severity, code=d.code,
                        source="sladsl", data={"hint": d.hint, "code": d.code})


def publish(ls: SlaServer, uri: str, version: int | None) -> None:
    state, doc = ls.state(uri)
    ls.text_document_publish_diagnostics(t.PublishDiagnosticsParams(
        uri, [diagnostic(doc, d) for d in state.diagnostics], version=version))


def build_server() -> SlaServer:
    """A server with every feature registered."""
    server = SlaServer()

    @server.feature(t.TEXT_DOCUMENT_DID_OPEN)
    @guarded(None)
    def did_open(ls: SlaServer, params: t.DidOpenTextDocumentParams) -> None:
        publish(ls, params.text_document.uri, params.text_document.version)

    @server.feature(t.TEXT_DOCUMENT_DID_CHANGE)
    @guarded(None)
    def did_change(ls: SlaServer, params: t.DidChangeTextDocumentParams) -> None:
        publish(ls, params.text_document.uri, params.text_document.version)

    @server.feature(t.TEXT_DOCUMENT_DID_SAVE)
    @guarded(None)
    def did_save(ls: SlaServer, params: t.DidSaveTextDocumentParams) -> None:
        publish(ls, params.text_document.uri, None)

    @server.feature(t.TEXT_DOCUMENT_DID_CLOSE)
    @guarded(None)
    def did_close(ls: SlaServer, params: t.DidCloseTextDocumentParams) -> None:
        ls.documents.pop(params.text_document.uri, None)
        ls.text_document_publish_diagnostics(t.PublishDiagnosticsParams(
            params.text_document.uri, []))

    @server.feature(t.TEXT_DOCUMENT_HOVER)
    @guarded(None)
    def hover(ls: SlaServer, params: t.HoverParams) -> t.Hover | None:
        state, doc = ls.state(params.text_document.uri)
        view = state.view()
        if view is None:
            return None
        line, column = from_position(doc, params.position)
        mention = names.mention_at(state.mentions(), line, column)
        if mention is not None:
            text = view.hover_name(mention)
            where = to_range(doc, line, mention.column, line, mention.end_column)
        else:
            found = view.hover_statement(line) if state.spec is not None else None
            if found is None:
                return None
            text, where = found, None
        return t.Hover(t.MarkupContent(t.MarkupKind.Markdown, text), where)

    def _locations(ls: SlaServer, uri: str, position: t.Position, definitions: bool
                   ) -> list[t.Location]:
        state, doc = ls.state(uri)
        found = state.mentions()
        line, column = from_position(doc, position)
        mention = names.mention_at(found, line, column)
        if mention is None:
            return []
        chosen = [m for m in names.of_name(found, mention.name)
                  if m.defines or not definitions]
        return [t.Location(uri, to_range(doc, m.line, m.column, m.line, m.end_column))
                for m in chosen]

    @server.feature(t.TEXT_DOCUMENT_DEFINITION)
    @guarded([])
    def definition(ls: SlaServer, params: t.DefinitionParams) -> list[t.Location]:
        return _locations(ls, params.text_document.uri, params.position, True)

    @server.feature(t.TEXT_DOCUMENT_REFERENCES)
    @guarded([])
    def references(ls: SlaServer, params: t.ReferenceParams) -> list[t.Location]:
        found = _locations(ls, params.text_document.uri, params.position, False)
        if params.context.include_declaration:
            return found
        defining = _locations(ls, params.text_document.uri, params.position, True)
        return [loc for loc in found if loc not in defining]

    @server.feature(t.TEXT_DOCUMENT_PREPARE_RENAME)
    @guarded(None)
    def prepare_rename(ls: SlaServer, params: t.PrepareRenameParams) -> t.Range | None:
        state, doc = ls.state(params.text_document.uri)
        line, column = from_position(doc, params.position)
        mention = names.mention_at(state.mentions(), line, column)
        if mention is None:
            return None
        return to_range(doc, line, mention.column, line, mention.end_column)

    @server.feature(t.TEXT_DOCUMENT_RENAME, t.RenameOptions(prepare_provider=True))
    @guarded(None)
    def rename(ls: SlaServer, params: t.RenameParams) -> t.WorkspaceEdit | None:
        state, doc = ls.state(params.text_document.uri)
        found = state.mentions()
        line, column = from_position(doc, params.position)
        mention = names.mention_at(found, line, column)
        if mention is None:
            return None
        problem = names.valid_new_name(mention.name, params.new_name)
        if problem is not None:
            ls.window_show_message(t.ShowMessageParams(t.MessageType.Error,
                                                       f"cannot rename: {problem}"))
            return None
        edits = [t.TextEdit(to_range(doc, m.line, m.column, m.line, m.end_column),
                            params.new_name) for m in names.of_name(found, mention.name)]
        return t.WorkspaceEdit(changes={params.text_document.uri: edits})

    @server.feature(t.TEXT_DOCUMENT_COMPLETION,
                    t.CompletionOptions(trigger_characters=['"', " "]))
    @guarded(None)
    def complete(ls: SlaServer, params: t.CompletionParams) -> t.CompletionList:
        state, doc = ls.state(params.text_document.uri)
        line, column = from_position(doc, params.position)
        items = completion.complete(state.text or "", line, column, state.good)
        return t.CompletionList(False, [t.CompletionItem(
            i.label, kind=_ITEM_KINDS[i.kind], detail=i.detail or None) for i in items])

    @server.feature(t.TEXT_DOCUMENT_FORMATTING)
    @guarded(None)
    def formatting(ls: SlaServer, params: t.DocumentFormattingParams
                   ) -> list[t.TextEdit] | None:
        return _format(ls, params.text_document.uri, None)

    @server.feature(t.TEXT_DOCUMENT_RANGE_FORMATTING)
    @guarded(None)
    def range_formatting(ls: SlaServer, params: t.DocumentRangeFormattingParams
                         ) -> list[t.TextEdit] | None:
        return _format(ls, params.text_document.uri, params.range)

    @server.feature(t.TEXT_DOCUMENT_CODE_ACTION,
                    t.CodeActionOptions(code_action_kinds=[t.CodeActionKind.QuickFix]))
    @guarded([])
    def code_action(ls: SlaServer, params: t.CodeActionParams) -> list[t.CodeAction]:
        state, doc = ls.state(params.text_document.uri)
        first = params.range.start.line + 1
        last = params.range.end.line + 1
        wanted = [d for d in state.diagnostics if d.span.line <= last and
                  d.span.end_line >= first]
        actions = []
        for fix in editing.fixes(state.text or "", wanted, state.spec):
            edits = [_text_edit(doc, e) for e in fix.edits]
            actions.append(t.CodeAction(
                fix.title, kind=t.CodeActionKind.QuickFix,
                diagnostics=[diagnostic(doc, fix.diagnostic)], is_preferred=True,
                edit=t.WorkspaceEdit(changes={params.text_document.uri: edits})))
        return actions

    @server.feature(t.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    @guarded([])
    def symbols(ls: SlaServer, params: t.DocumentSymbolParams) -> list[t.DocumentSymbol]:
        state, doc = ls.state(params.text_document.uri)
        if state.spec is None:
            return []
        return [_symbol(doc, s) for s in outline.outline(state.spec)]

    @server.feature(t.TEXT_DOCUMENT_SEMANTIC_TOKENS_FULL, t.SemanticTokensLegend(
        token_types=list(outline.TOKEN_TYPES), token_modifiers=list(outline.TOKEN_MODIFIERS)))
    @guarded(t.SemanticTokens(data=[]))
    def semantic_tokens(ls: SlaServer, params: t.SemanticTokensParams) -> t.SemanticTokens:
        state, doc = ls.state(params.text_document.uri)
        data: list[int] = []
        prev_line = prev_col = 0
        for tok in outline.semantic_tokens(state.text or ""):
            r = to_range(doc, tok.line + 1, tok.column + 1, tok.line + 1,
                         tok.column + tok.length + 1)
            line, col = r.start.line, r.start.character
            length = r.end.character - col
            if length <= 0:
                continue
            delta_col = col - prev_col if line == prev_line else col
            data += [line - prev_line, delta_col, length, tok.type, tok.modifiers]
            prev_line, prev_col = line, col
        return t.SemanticTokens(data=data)

    return server


_ITEM_KINDS = {
    "keyword": t.CompletionItemKind.Keyword, "unit": t.CompletionItemKind.Unit,
    "name": t.CompletionItemKind.Constant, "objective": t.CompletionItemKind.Reference,
    "zone": t.CompletionItemKind.Value, "region": t.CompletionItemKind.Value,
    "value": t.CompletionItemKind.Value,
}
_SYMBOL_KINDS = {
    "module": t.SymbolKind.Module, "namespace": t.SymbolKind.Namespace,
    "class": t.SymbolKind.Class, "constant": t.SymbolKind.Constant,
    "object": t.SymbolKind.Object, "event": t.SymbolKind.Event,
    "function": t.SymbolKind.Function, "struct": t.SymbolKind.Struct,
}


def _symbol(doc: TextDocument, s: outline.Symbol) -> t.DocumentSymbol:
    whole = span_range(doc, s.span)
    selection = span_range(doc, s.selection)
    if not (_before(whole.start, selection.start) and _before(selection.end, whole.end)):
        selection = t.Range(whole.start, whole.start)
    return t.DocumentSymbol(s.name or "?", _SYMBOL_KINDS[s.kind], whole, selection,
                            children=[_symbol(doc, c) for c in s.children])


def _before(a: t.Position, b: t.Position) -> bool:
    return (a.line, a.character) <= (b.line, b.character)


def _text_edit(doc: TextDocument, e: editing.Edit) -> t.TextEdit:
    lines = doc.lines
    if e.line >= len(lines):  # at the very end of the text
        end = t.Position(len(lines), 0)
        return t.TextEdit(t.Range(end, end), e.text)
    start = doc.position_to_client_units(_server_pos(e.line, e.column))
    if e.end_line >= len(lines):
        end = t.Position(len(lines), 0)
    else:
        end = doc.position_to_client_units(_server_pos(e.end_line, e.end_column))
    return t.TextEdit(t.Range(start, end), e.text)


def _server_pos(line: int, column: int) -> Any:
    from pygls.workspace.position_codec import ServerTextPosition

    return ServerTextPosition(line, column)


def _format(ls: SlaServer, uri: str, where: t.Range | None) -> list[t.TextEdit] | None:
    state, doc = ls.state(uri)
    try:
        if where is None:
            edits = editing.format_edits(state.text or "")
        else:
            edits = editing.format_edits(state.text or "", where.start.line, where.end.line)
    except SlaError as exc:
        ls.window_show_message(t.ShowMessageParams(t.MessageType.Warning,
                                                   editing.format_error(exc)))
        return None
    return [_text_edit(doc, e) for e in edits]


__all__ = ["SlaServer", "build_server"]
