"""What the contract says at a place in the spec: the clause number and its rendered sentence.

Hover shows the sentence exactly as the rendered contract has it: the text comes from the same
format-neutral document (:func:`sladsl.render.build.build_document`) and the plain-text writer
that ``sladsl render --format text`` uses, one clause at a time.
"""

from __future__ import annotations

import re

from .. import clauses as cl
from .. import nodes as n
from ..model import Spec
from ..render.build import build_document
from ..render.model import Block, Clause, Paragraph, ProseBlock, Section, Table, TableRow
from ..render.text import TextWriter
from .names import KIND_WORDS, Mention

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~&])")


def md(text: str) -> str:
    """Text from a spec made inert in Markdown (no links, images, HTML or emphasis)."""
    return _MARKDOWN.sub(r"\\\1", text)


class ContractView:
    """The clauses of one checked spec and their rendered text."""

    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        self.index = cl.clause_index(spec)
        self.rendered: dict[str, Clause] = {}
        self.rows: dict[str, TableRow] = {}
        self._collect(build_document(spec).blocks)
        self.writer = TextWriter()

    def _collect(self, blocks: tuple[Block, ...]) -> None:
        for b in blocks:
            if isinstance(b, Clause):
                self.rendered.setdefault(b.full, b)
                self._collect(b.blocks)
            elif isinstance(b, Section):
                self._collect(b.blocks)
            elif isinstance(b, Table):
                self.rows.update((r.anchor, r) for r in b.rows if r.anchor)

    def clause_at(self, line: int) -> cl.Clause | None:
        """The innermost clause whose statement covers ``line`` (1-based)."""
        best: cl.Clause | None = None
        for c in self.index.clauses:
            s = c.node.span
            if c.kind != "clause" or not s.line <= line <= s.end_line:
                continue
            if best is None or (s.end_line - s.line, -c.level) <= (
                    best.node.span.end_line - best.node.span.line, -best.level):
                best = c
        return best

    def clause_of(self, node: n.Node) -> cl.Clause | None:
        return self.index.get(node)

    def text(self, clause: cl.Clause) -> str:
        """The clause's own sentences as the contract renders them (not its sub-clauses)."""
        found = self.rendered.get(clause.number)
        row = self.rows.get(clause.anchor)
        if row is not None:  # a credit tier is a row of its table
            return ": ".join(self.writer.inlines(cell) for cell in row.cells)
        if found is None:
            return clause.title
        parts: list[str] = []
        for b in found.blocks:
            if isinstance(b, Paragraph):
                parts.append(self.writer.inlines(b.inlines))
            elif isinstance(b, ProseBlock):
                parts.extend(self.writer.inlines(p) for p in b.paragraphs)
            elif isinstance(b, Table):
                parts.append(b.caption)
        if not any(parts):  # a heading: what its clauses say
            parts = [self.text(k) for k in self.index.children(clause) if k.kind == "clause"]
        return "\n\n".join(p for p in parts if p) or clause.title

    def hover_statement(self, line: int) -> str | None:
        """Markdown: the clause number and rendered sentence of the statement at ``line``."""
        clause = self.clause_at(line)
        if clause is None:
            return None
        title = f" {md(clause.title)}" if clause.title and "(" not in clause.number else ""
        return f"**Clause {md(clause.number)}**{title}\n\n{md(self.text(clause))}"

    def hover_name(self, mention: Mention) -> str:
        """Markdown: what a name is, where it is defined, and its definition as rendered."""
        name = mention.name
        what = KIND_WORDS[name.kind]
        shown = f"priority {name.text}" if name.kind == "priority" else name.text
        out = [f"**{md(shown)}**: {what}"]
        for node in name.definitions:
            clause = self.clause_of(node)
            if clause is None:
                continue
            out.append(f"*Clause {md(clause.number)}*: {md(self.text(clause))}")
        return "\n\n".join(out)


__all__ = ["ContractView", "md"]
