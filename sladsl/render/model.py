"""The format-neutral contract: sections, clauses, paragraphs, tables and term references.

:mod:`sladsl.render.build` makes one :class:`Document` from a spec; each writer (HTML,
Markdown, plain text, Word) only lays these blocks out. Because every format is written from
the same blocks, the formats cannot disagree about what the contract says.

Text in these blocks is raw: writers escape it for their format.
"""

from __future__ import annotations

from dataclasses import dataclass

# ---------------------------------------------------------------- inline content


@dataclass(frozen=True, slots=True)
class Text:
    """Plain running text. May contain ``\\n`` (line breaks in verbatim prose)."""

    text: str


@dataclass(frozen=True, slots=True)
class Ref:
    """A defined term or clause number that points at the clause with ``anchor``."""

    text: str
    anchor: str


@dataclass(frozen=True, slots=True)
class Strong:
    """Emphasised text: a term where it is defined, or a lead-in such as ``Given``."""

    text: str


Inline = Text | Ref | Strong
Inlines = tuple[Inline, ...]


def plain(inlines: Inlines) -> str:
    """The words of ``inlines`` without markup."""
    return "".join(i.text for i in inlines)


# ---------------------------------------------------------------- blocks


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph of generated (canonical) text."""

    inlines: Inlines


@dataclass(frozen=True, slots=True)
class ProseBlock:
    """A prose block of the spec, carried verbatim; one entry per paragraph."""

    paragraphs: tuple[Inlines, ...]


@dataclass(frozen=True, slots=True)
class TableRow:
    """A row of a table; ``anchor`` is set when the row is a clause of its own (a tier)."""

    cells: tuple[Inlines, ...]
    anchor: str | None = None


@dataclass(frozen=True, slots=True)
class Table:
    """A table with a header row; ``caption`` says what it shows."""

    caption: str
    header: tuple[str, ...]
    rows: tuple[TableRow, ...]


@dataclass(frozen=True, slots=True)
class Clause:
    """A numbered clause: its number, anchor, optional title, lead-in label and content.

    ``number`` is what the clause shows: ``3.1`` or, for a lettered sentence, ``(a)``;
    ``full`` is the number other clauses and reports cite (``3.1.1(a)``).
    """

    number: str
    full: str
    anchor: str
    title: str
    level: int
    blocks: tuple[Block, ...]
    label: str = ""  # "Given", "Then": shown before the first paragraph of a worked example
    line: int = 0  # the spec line the clause came from


@dataclass(frozen=True, slots=True)
class Section:
    """A numbered section of the agreement."""

    number: str
    title: str
    anchor: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class TitleBlock:
    """The head of the agreement: title, and label/value rows (parties, version, term)."""

    title: str
    rows: tuple[tuple[str, Inlines], ...]


@dataclass(frozen=True, slots=True)
class Contents:
    """The table of contents: number, title and anchor of every section."""

    entries: tuple[tuple[str, str, str], ...]


@dataclass(frozen=True, slots=True)
class SignatureBlock:
    """Where each party signs: the party's legal name and what it is called."""

    intro: str
    parties: tuple[tuple[str, str], ...]


Block = (Paragraph | ProseBlock | Table | Clause | Section | TitleBlock | Contents
         | SignatureBlock)

#: Every block type a writer must handle (a test checks that each writer does).
BLOCK_TYPES: tuple[type, ...] = (Paragraph, ProseBlock, Table, Clause, Section, TitleBlock,
                                 Contents, SignatureBlock)
INLINE_TYPES: tuple[type, ...] = (Text, Ref, Strong)


@dataclass(frozen=True, slots=True)
class Document:
    """The whole contract, ready for a writer."""

    title: str
    blocks: tuple[Block, ...]
    lang: str = "en"


class Writer:
    """Base of the format writers: dispatches each block to ``block_<Type>``.

    A block type without a method is a bug in the writer, so it fails loudly, naming the type,
    rather than dropping part of a contract.
    """

    format_name = "?"

    def write_block(self, block: Block) -> None:
        method = getattr(self, f"block_{type(block).__name__}", None)
        if method is None:
            raise NotImplementedError(
                f"the {self.format_name} writer cannot write a {type(block).__name__} block")
        method(block)

    def inline_method(self, inline: Inline) -> str:
        """Name of the method for ``inline``; raises for an inline type it does not know."""
        name = f"inline_{type(inline).__name__}"
        if not hasattr(self, name):
            raise NotImplementedError(
                f"the {self.format_name} writer cannot write a {type(inline).__name__} inline")
        return name
