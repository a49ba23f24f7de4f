"""Plain-text writer: the contract as wrapped, indented text for terminals and e-mail."""

from __future__ import annotations

import textwrap

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

WIDTH = 80


class TextWriter(Writer):
    """Writes a :class:`Document` as plain text, ``WIDTH`` columns wide."""

    format_name = "text"

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.indent = 0
        self.lead = ""  # a label ("Given: ") to put before the next paragraph
        self.hang = ""  # a clause number to hang in the margin of the next paragraph

    def write(self, doc: Document) -> str:
        for block in doc.blocks:
            self.write_block(block)
        while self.lines and not self.lines[-1]:
            self.lines.pop()
        return "\n".join(line.rstrip() for line in self.lines) + "\n"

    # ---- helpers

    def inlines(self, inlines: Inlines) -> str:
        return "".join(getattr(self, self.inline_method(i))(i) for i in inlines)

    def inline_Text(self, i: Text) -> str:
        return i.text

    def inline_Ref(self, i: Ref) -> str:
        return i.text

    def inline_Strong(self, i: Strong) -> str:
        return i.text

    def blank(self) -> None:
        if self.lines and self.lines[-1]:
            self.lines.append("")

    def wrap(self, text: str) -> None:
        pad = " " * self.indent
        first = (self.hang or pad) + self.lead
        self.lead = self.hang = ""
        self.blank()
        words = " ".join(text.split())
        self.lines.extend(textwrap.wrap(words, WIDTH, initial_indent=first,
                                        subsequent_indent=pad, break_long_words=False,
                                        break_on_hyphens=False) or [first.rstrip()])

    def flush_lead(self) -> None:
        if self.lead or self.hang:
            self.blank()
            self.lines.append(((self.hang or " " * self.indent) + self.lead).rstrip())
            self.lead = self.hang = ""

    # ---- blocks

    def block_TitleBlock(self, b: TitleBlock) -> None:
        for line in textwrap.wrap(b.title.upper(), WIDTH) or [""]:
            self.lines.append(line.center(WIDTH).rstrip())
        self.lines.append("=" * WIDTH)
        label_width = max((len(label) for label, _ in b.rows), default=0) + 2
        for label, value in b.rows:
            text = " ".join(self.inlines(value).split())
            self.lines.extend(textwrap.wrap(text, WIDTH, initial_indent=f"{label}:".ljust(
                label_width), subsequent_indent=" " * label_width, break_long_words=False,
                break_on_hyphens=False))

    def block_Contents(self, b: Contents) -> None:
        self.blank()
        self.lines.append("CONTENTS")
        for number, title, _anchor in b.entries:
            self.lines.append(f"  {number + '.':<4} {' '.join(title.split())}")

    def block_Section(self, b: Section) -> None:
        self.blank()
        self.lines.append("")
        heading = f"{b.number}.  {b.title.upper()}"
        self.lines.append(heading)
        self.lines.append("-" * min(WIDTH, len(heading)))
        for block in b.blocks:
            self.write_block(block)

    def block_Clause(self, b: Clause) -> None:
        saved = self.indent
        label = f"{b.label}: " if b.label else ""
        if b.title:
            self.blank()
            self.lines.append(" " * self.indent + f"{b.number}  {' '.join(b.title.split())}")
            self.indent += 4
            self.lead = label
        else:
            # The number hangs in the margin; the text lines up after it.
            number = b.number.ljust(4) + " "
            self.hang = " " * saved + number
            self.indent += len(number)
            self.lead = label
        for block in b.blocks:
            self.write_block(block)
        self.flush_lead()
        self.indent = saved

    def block_Paragraph(self, b: Paragraph) -> None:
        self.wrap(self.inlines(b.inlines))

    def block_ProseBlock(self, b: ProseBlock) -> None:
        for paragraph in b.paragraphs:
            self.wrap(self.inlines(paragraph))

    def block_Table(self, b: Table) -> None:
        self.flush_lead()
        pad = " " * self.indent
        self.blank()
        self.lines.append(pad + " ".join(b.caption.split()) + ":")
        rows = [list(b.header)] + [[" ".join(self.inlines(c).split()) for c in r.cells]
                                   for r in b.rows]
        natural = [max(len(r[i]) for r in rows) for i in range(len(b.header))]
        room = WIDTH - self.indent - 2 * (len(b.header) - 1)
        if sum(natural) > room:
            self.record_table(b.header, rows[1:])
            return
        widths = natural
        for i, row in enumerate(rows):
            self.lines.append(pad + "  ".join(
                text.ljust(w) for text, w in zip(row, widths, strict=True)))
            if i == 0:
                self.lines.append(pad + "  ".join("-" * w for w in widths))

    def record_table(self, header: tuple[str, ...], rows: list[list[str]]) -> None:
        """A table too wide for the page: one block per row, one line per column."""
        pad = " " * self.indent
        width = max(len(h) for h in header[1:]) + 2
        for row in rows:
            self.blank()
            self.lines.append(pad + f"{header[0]}: {row[0]}")
            for label, text in zip(header[1:], row[1:], strict=True):
                self.lines.extend(textwrap.wrap(
                    text or "-", WIDTH, initial_indent=pad + "  " + f"{label}:".ljust(width),
                    subsequent_indent=pad + "  " + " " * width, break_long_words=False,
                    break_on_hyphens=False))

    def block_SignatureBlock(self, b: SignatureBlock) -> None:
        self.blank()
        self.lines.append("")
        self.lines.append("SIGNATURES")
        self.lines.append("-" * len("SIGNATURES"))
        self.wrap(b.intro)
        for name, called in b.parties:
            self.blank()
            self.lines.append(f"For {name} ({called}):")
            for field in ("Signature", "Name", "Title", "Date"):
                self.lines.append("")
                self.lines.append(f"  {field + ':':<11} " + "_" * 40)


def write_text(doc: Document) -> str:
    """The contract as plain text."""
    return TextWriter().write(doc)
