"""Markdown writer: works on GitHub (GFM) and in mkdocs (Python-Markdown).

The two dialects escape differently, so spec text is escaped with what both understand:
backslashes for the characters Python-Markdown accepts after a backslash, character
references for ``< > & | ~`` (which Python-Markdown would show with the backslash), and
line-start escapes so that no line of prose becomes a heading, list, quote or code block.
Clause anchors are inline ``<a id>`` elements, which both keep.
"""

from __future__ import annotations

import re

from .model import (
    Clause,
    Contents,
    Document,
    Inlines,
    Paragraph,
    ProseBlock,
    Ref,
    Section,
    SignatureBlock,
    Strong,
    Table,
    Text,
    TitleBlock,
    Writer,
)

_EVERYWHERE = {
    "\\": "\\\\", "`": "\\`", "*": "\\*", "_": "\\_", "{": "\\{", "}": "\\}", "[": "\\[",
    "]": "\\]", "#": "\\#", "!": "\\!", "&": "&amp;", "<": "&lt;", ">": "&gt;",
    "|": "&#124;", "~": "&#126;",
}
_TABLE = str.maketrans(_EVERYWHERE)
_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_LIST_START = re.compile(r"^(\d+)([.)])")


def esc(text: str) -> str:
    """Spec text as literal Markdown (characters only; see :func:`block`)."""
    return _INVALID.sub("\N{REPLACEMENT CHARACTER}", text).replace("\t", " ").translate(_TABLE)


def guard_lines(text: str) -> str:
    """A paragraph whose lines cannot start a heading, list, quote, rule or code block."""
    lines = []
    for line in text.split("\n"):
        line = line.lstrip(" ")
        if line.startswith(("-", "+")):
            line = "\\" + line
        elif line.startswith("="):
            line = "&#61;" + line[1:]
        lines.append(_LIST_START.sub(lambda m: m.group(1) + "\\" + m.group(2), line))
    return "\n".join(lines)


def _cell(text: str) -> str:
    return " ".join(esc(text).split())


class MarkdownWriter(Writer):
    """Writes a :class:`Document` as Markdown."""

    format_name = "markdown"

    def __init__(self) -> None:
        self.out: list[str] = []
        self.label = ""
        self.hang = ""

    def write(self, doc: Document) -> str:
        for block in doc.blocks:
            self.write_block(block)
        return "\n\n".join(part.rstrip("\n") for part in self.out if part) + "\n"

    # ---- inline

    def inlines(self, inlines: Inlines, cell: bool = False) -> str:
        text = "".join(getattr(self, self.inline_method(i))(i) for i in inlines)
        return " ".join(text.split()) if cell else text

    def inline_Text(self, i: Text) -> str:
        return esc(i.text)

    def inline_Ref(self, i: Ref) -> str:
        return f"[{esc(i.text)}](#{i.anchor})"

    def inline_Strong(self, i: Strong) -> str:
        return f"**{esc(i.text)}**"

    def lead(self) -> str:
        out = self.hang + (f"*{esc(self.label)}:* " if self.label else "")
        self.hang = self.label = ""
        return out

    # ---- blocks

    def block_TitleBlock(self, b: TitleBlock) -> None:
        self.out.append(f"# {_cell(b.title)}")
        self.out.append("\n".join(f"- **{esc(label)}:** {self.inlines(value, cell=True)}"
                                  for label, value in b.rows))

    def block_Contents(self, b: Contents) -> None:
        self.out.append("**Contents**")
        self.out.append("\n".join(f"- [{number}. {esc(title)}](#{anchor})"
                                  for number, title, anchor in b.entries))

    def block_Section(self, b: Section) -> None:
        self.out.append(f'## <a id="{b.anchor}"></a>{b.number}. {_cell(b.title)}')
        for block in b.blocks:
            self.write_block(block)

    def block_Clause(self, b: Clause) -> None:
        anchor = f'<a id="{b.anchor}"></a>'
        if b.title:
            hashes = "###" if b.level <= 1 else "####"
            self.out.append(f"{hashes} {anchor}{b.number} {_cell(b.title)}")
        else:
            self.hang = f"{anchor}**{b.number}** "
        self.label = b.label
        for block in b.blocks:
            self.write_block(block)
        if self.hang:
            self.out.append(self.lead())

    def block_Paragraph(self, b: Paragraph) -> None:
        lead = self.lead()
        self.out.append(lead + guard_lines(self.inlines(b.inlines)))

    def block_ProseBlock(self, b: ProseBlock) -> None:
        for paragraph in b.paragraphs:
            lead = self.lead()
            self.out.append(lead + guard_lines(self.inlines(paragraph)))

    def block_Table(self, b: Table) -> None:
        lead = self.lead()
        if lead:
            self.out.append(lead)
        rows = [f"*{esc(b.caption)}*", "",
                "| " + " | ".join(_cell(h) for h in b.header) + " |",
                "|" + "|".join(" --- " for _ in b.header) + "|"]
        for row in b.rows:
            cells = [self.inlines(c, cell=True) for c in row.cells]
            if row.anchor:
                cells[0] = f'<a id="{row.anchor}"></a>{cells[0]}'
            rows.append("| " + " | ".join(cells) + " |")
        self.out.append("\n".join(rows))

    def block_SignatureBlock(self, b: SignatureBlock) -> None:
        self.out.append('## <a id="signatures"></a>Signatures')
        self.out.append(guard_lines(esc(b.intro)))
        for name, called in b.parties:
            self.out.append(f"**For {esc(name)} ({esc(called)})**")
            line = esc("_" * 32)
            self.out.append("<br>\n".join(f"{field}: {line}"
                                           for field in ("Signature", "Name", "Title", "Date")))


def write_markdown(doc: Document) -> str:
    """The contract as Markdown."""
    return MarkdownWriter().write(doc)
