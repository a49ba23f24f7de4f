"""Word writer (python-docx): real headings, numbered clauses, tables, bookmarks and links.

Spec text only ever becomes the text of a run, so Word field syntax (``{ DDE … }``,
``{ MERGEFIELD … }``) stays literal: fields exist in Word only as field characters, which
this writer never creates. The output is byte-identical for the same spec: document
properties carry a fixed date and the zip entries a fixed time stamp.

python-docx is imported inside :func:`write_docx` only, so that it stays an optional extra.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from datetime import datetime
from typing import Any

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

#: Fixed date for the document properties and zip entries (the zip format starts in 1980).
FIXED_TIME = datetime(1980, 1, 1)
_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_LINK_COLOUR = "17365D"


def clean(text: str) -> str:
    """Text that XML can hold: forbidden control characters become U+FFFD."""
    return _INVALID.sub("\N{REPLACEMENT CHARACTER}", text)


def bookmark_name(anchor: str) -> str:
    """A Word bookmark name for an anchor: letters, digits and ``_``, at most 40 long."""
    name = re.sub(r"[^A-Za-z0-9_]", "_", anchor)
    if not name[:1].isalpha():
        name = "c" + name
    if len(name) > 40:
        name = name[:31] + "_" + hashlib.sha1(anchor.encode()).hexdigest()[:8]
    return name


class DocxWriter(Writer):
    """Writes a :class:`Document` with python-docx."""

    format_name = "docx"

    def __init__(self) -> None:
        import docx
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Cm, Pt

        self.docx: Any = docx.Document()
        self.oxml_element = OxmlElement
        self.qn = qn
        self.cm, self.pt = Cm, Pt
        self.bookmark_id = 0
        self.indent = 0.0
        self.label = ""
        self.pending: tuple[str, str] | None = None  # (number, anchor) for the next paragraph
        normal = self.docx.styles["Normal"]
        normal.font.name = "Cambria"
        normal.font.size = Pt(11)
        for section in self.docx.sections:
            section.page_height, section.page_width = Cm(29.7), Cm(21.0)
            section.left_margin = section.right_margin = Cm(2.3)
            section.top_margin = section.bottom_margin = Cm(2.2)

    def write(self, doc: Document) -> bytes:
        props = self.docx.core_properties
        props.title = clean(doc.title)
        props.subject = "Service Level Agreement"
        props.author = props.last_modified_by = "sladsl"
        props.created = props.modified = props.last_printed = FIXED_TIME
        props.revision = 1
        for block in doc.blocks:
            self.write_block(block)
        buffer = io.BytesIO()
        self.docx.save(buffer)
        return _fixed_zip(buffer.getvalue())

    # ---- low-level helpers

    def bookmark(self, paragraph: Any, anchor: str) -> None:
        start = self.oxml_element("w:bookmarkStart")
        start.set(self.qn("w:id"), str(self.bookmark_id))
        start.set(self.qn("w:name"), bookmark_name(anchor))
        end = self.oxml_element("w:bookmarkEnd")
        end.set(self.qn("w:id"), str(self.bookmark_id))
        self.bookmark_id += 1
        paragraph._p.insert(1 if paragraph._p.pPr is not None else 0, start)
        paragraph._p.append(end)

    def link(self, paragraph: Any, text: str, anchor: str) -> None:
        link = self.oxml_element("w:hyperlink")
        link.set(self.qn("w:anchor"), bookmark_name(anchor))
        run = self.oxml_element("w:r")
        props = self.oxml_element("w:rPr")
        colour = self.oxml_element("w:color")
        colour.set(self.qn("w:val"), _LINK_COLOUR)
        props.append(colour)
        run.append(props)
        t = self.oxml_element("w:t")
        t.set(self.qn("xml:space"), "preserve")
        t.text = clean(text)
        run.append(t)
        link.append(run)
        paragraph._p.append(link)

    def add_inlines(self, paragraph: Any, inlines: Inlines) -> None:
        for i in inlines:
            getattr(self, self.inline_method(i))(paragraph, i)

    def inline_Text(self, paragraph: Any, i: Text) -> None:
        paragraph.add_run(clean(" ".join(i.text.split("\n"))))

    def inline_Ref(self, paragraph: Any, i: Ref) -> None:
        self.link(paragraph, i.text, i.anchor)

    def inline_Strong(self, paragraph: Any, i: Strong) -> None:
        paragraph.add_run(clean(i.text)).bold = True

    def paragraph(self, inlines: Inlines) -> Any:
        p = self.docx.add_paragraph()
        fmt = p.paragraph_format
        fmt.space_after = self.pt(6)
        if self.pending is not None:
            number, anchor = self.pending
            self.pending = None
            fmt.left_indent = self.cm(self.indent + 1.4)
            fmt.first_line_indent = self.cm(-1.4)
            fmt.tab_stops.add_tab_stop(self.cm(self.indent + 1.4))
            p.add_run(clean(number) + "\t").bold = True
            self.bookmark(p, anchor)
        else:
            fmt.left_indent = self.cm(self.indent)
        if self.label:
            p.add_run(clean(self.label) + ": ").italic = True
            self.label = ""
        self.add_inlines(p, inlines)
        return p

    # ---- blocks

    def block_TitleBlock(self, b: TitleBlock) -> None:
        kicker = self.docx.add_paragraph()
        kicker.alignment = 1
        kicker.add_run("SERVICE LEVEL AGREEMENT").font.size = self.pt(10)
        heading = self.docx.add_heading(clean(b.title), level=0)
        heading.alignment = 1
        table = self.docx.add_table(rows=0, cols=2)
        for label, value in b.rows:
            cells = table.add_row().cells
            cells[0].paragraphs[0].add_run(clean(label)).bold = True
            self.add_inlines(cells[1].paragraphs[0], value)

    def block_Contents(self, b: Contents) -> None:
        self.docx.add_heading("Contents", level=1)
        for number, title, anchor in b.entries:
            p = self.docx.add_paragraph()
            p.paragraph_format.space_after = self.pt(0)
            p.add_run(f"{number}.\t")
            self.link(p, title, anchor)

    def block_Section(self, b: Section) -> None:
        heading = self.docx.add_heading(clean(f"{b.number}.\t{b.title}"), level=1)
        self.bookmark(heading, b.anchor)
        for block in b.blocks:
            self.write_block(block)

    def block_Clause(self, b: Clause) -> None:
        saved = self.indent
        self.label = b.label
        if b.title:
            level = 2 if b.level <= 1 else 3
            heading = self.docx.add_heading(clean(f"{b.number}\t{b.title}"), level=level)
            heading.paragraph_format.left_indent = self.cm(self.indent)
            self.bookmark(heading, b.anchor)
            self.indent += 1.4
        else:
            self.pending = (b.number, b.anchor)
        for block in b.blocks:
            if self.pending is not None and not isinstance(block, Paragraph | ProseBlock):
                self.paragraph(())
            self.write_block(block)
            if not b.title:
                self.indent = saved + 1.4
        if self.pending is not None:
            self.paragraph(())
        self.indent = saved

    def block_Paragraph(self, b: Paragraph) -> None:
        self.paragraph(b.inlines)

    def block_ProseBlock(self, b: ProseBlock) -> None:
        for paragraph in b.paragraphs:
            self.paragraph(paragraph)

    def block_Table(self, b: Table) -> None:
        caption = self.docx.add_paragraph()
        caption.paragraph_format.left_indent = self.cm(self.indent)
        caption.add_run(clean(b.caption)).italic = True
        table = self.docx.add_table(rows=1, cols=len(b.header))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, b.header, strict=True):
            cell.paragraphs[0].add_run(clean(text)).bold = True
        for row in b.rows:
            cells = table.add_row().cells
            for k, (cell, content) in enumerate(zip(cells, row.cells, strict=True)):
                self.add_inlines(cell.paragraphs[0], content)
                if k == 0 and row.anchor:
                    self.bookmark(cell.paragraphs[0], row.anchor)
        self.docx.add_paragraph()

    def block_SignatureBlock(self, b: SignatureBlock) -> None:
        self.docx.add_heading("Signatures", level=1)
        self.docx.add_paragraph(clean(b.intro))
        for name, called in b.parties:
            p = self.docx.add_paragraph()
            p.paragraph_format.space_before = self.pt(18)
            p.add_run(clean(f"For {name} ({called})")).bold = True
            for field in ("Signature", "Name", "Title", "Date"):
                line = self.docx.add_paragraph(f"{field}:\t" + "_" * 40)
                line.paragraph_format.space_before = self.pt(12)


def _fixed_zip(data: bytes) -> bytes:
    """The same package with every entry stamped :data:`FIXED_TIME`, for identical bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def write_docx(doc: Document) -> bytes:
    """The contract as a Word document (.docx bytes)."""
    return DocxWriter().write(doc)
