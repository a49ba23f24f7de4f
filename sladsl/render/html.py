"""HTML writer: one self-contained file with print-friendly CSS, or a fragment for the docs.

Every piece of text from the spec goes through :func:`esc`; anchors are slugs made by
:mod:`sladsl.clauses`. All CSS is scoped under ``.sla-contract`` so that the fragment can be
embedded in another page (the docs site adds :data:`CSS` to its own styles).
"""

from __future__ import annotations

import html
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

CSS = """\
.sla-contract { font-family: "Charter", "Georgia", "Cambria", "Times New Roman", serif;
  color: #1b1b1b; line-height: 1.55; font-size: 11pt; max-width: 46em; margin: 0 auto;
  padding: 2.5em 3em 4em; background: #fff; }
.sla-contract a { color: #17365d; text-decoration: none;
  border-bottom: 1px dotted #9aa9bd; }
.sla-contract a:hover { border-bottom-style: solid; }
.sla-contract .sla-title { text-align: center; border-bottom: 3px double #1b1b1b;
  padding-bottom: 1.2em; margin-bottom: 1.6em; }
.sla-contract .sla-kicker { font-variant: small-caps; letter-spacing: 0.18em;
  color: #555; margin: 0 0 0.4em; font-size: 0.95em; }
.sla-contract h1 { font-size: 1.75em; font-weight: normal; margin: 0 0 0.9em;
  line-height: 1.25; }
.sla-contract table.sla-particulars { margin: 0 auto; border-collapse: collapse;
  text-align: left; font-size: 0.95em; }
.sla-contract table.sla-particulars th { font-weight: normal; font-variant: small-caps;
  letter-spacing: 0.05em; color: #555; padding: 0.15em 1.2em 0.15em 0; vertical-align: top; }
.sla-contract table.sla-particulars td { padding: 0.15em 0; }
.sla-contract nav.sla-contents { margin: 0 0 2em; padding: 0.8em 1.2em;
  border: 1px solid #d5d9e0; background: #f7f8fa; }
.sla-contract nav.sla-contents h2 { font-size: 1em; margin: 0 0 0.4em; border: 0;
  font-variant: small-caps; letter-spacing: 0.1em; }
.sla-contract nav.sla-contents ol { list-style: none; margin: 0; padding: 0;
  columns: 2; column-gap: 2em; }
.sla-contract nav.sla-contents li { margin: 0.1em 0; }
.sla-contract nav.sla-contents a { border: 0; }
.sla-contract .num { display: inline-block; min-width: 2.6em; font-variant-numeric: tabular-nums; }
.sla-contract h2 { font-size: 1.12em; font-variant: small-caps; letter-spacing: 0.06em;
  margin: 2em 0 0.8em; padding-bottom: 0.2em; border-bottom: 1px solid #1b1b1b; }
.sla-contract h3 { font-size: 1em; margin: 1.3em 0 0.3em; }
.sla-contract h4 { font-size: 1em; font-style: italic; font-weight: normal;
  margin: 1em 0 0.3em; }
.sla-contract h3 .num, .sla-contract h4 .num { min-width: 3.4em; }
.sla-contract .clause > .clause-body, .sla-contract .clause > p,
.sla-contract .clause > .clause, .sla-contract .clause > figure,
.sla-contract .clause > .prose { margin-left: 3.4em; }
.sla-contract .clause .clause > .clause-body, .sla-contract .clause .clause > p,
.sla-contract .clause .clause > .clause, .sla-contract .clause .clause > figure,
.sla-contract .clause .clause > .prose { margin-left: 3.4em; }
.sla-contract .clause.hang { display: flex; gap: 0; margin: 0.5em 0 0.5em 3.4em; }
.sla-contract .clause.hang > .num { flex: 0 0 3.4em; min-width: 3.4em; }
.sla-contract .clause.hang > .clause-body { flex: 1; margin: 0; }
.sla-contract .clause.hang > .clause-body > :first-child,
.sla-contract .clause.hang > .clause-body > .prose:first-child > p:first-child { margin-top: 0; }
.sla-contract .clause.hang.level-1 > .num { font-weight: bold; }
.sla-contract section > .clause.hang { margin-left: 0; }
.sla-contract p { margin: 0.45em 0; }
.sla-contract .label { font-style: italic; }
.sla-contract .defined { font-weight: bold; }
.sla-contract .prose p { font-style: normal; }
.sla-contract figure { margin: 0.8em 0 1em; }
.sla-contract figcaption { font-size: 0.9em; font-style: italic; color: #444;
  margin-bottom: 0.3em; }
.sla-contract table.sla-table { border-collapse: collapse; min-width: 60%; font-size: 0.93em; }
.sla-contract table.sla-table th, .sla-contract table.sla-table td {
  border: 1px solid #b8bfca; padding: 0.3em 0.55em; text-align: left; vertical-align: top; }
.sla-contract table.sla-table thead th { background: #eef1f5; font-weight: bold; }
.sla-contract table.sla-table td:first-child { white-space: nowrap; }
.sla-contract table.sla-table tr:target td { background: #fff6d6; }
.sla-contract .clause:target { background: #fff6d6; }
.sla-contract .sla-signatures { margin-top: 3em; break-inside: avoid; }
.sla-contract .sig-grid { display: flex; gap: 3em; flex-wrap: wrap; margin-top: 1.5em; }
.sla-contract .sig { flex: 1 1 16em; }
.sla-contract .sig .party { margin-bottom: 1.2em; }
.sla-contract .sig .line { border-bottom: 1px solid #1b1b1b; height: 2.2em; margin-bottom: 0.2em; }
.sla-contract .sig .field { font-size: 0.85em; color: #555; margin: 0 0 0.6em; }
@media print {
  @page { size: A4; margin: 2cm 2.2cm; }
  .sla-contract { max-width: none; padding: 0; font-size: 10.5pt; }
  .sla-contract a { color: inherit; border: 0; }
  .sla-contract nav.sla-contents { background: none; }
  .sla-contract h2, .sla-contract h3, .sla-contract h4 { break-after: avoid; }
  .sla-contract .clause.hang, .sla-contract figure, .sla-contract tr { break-inside: avoid; }
  .sla-contract .clause:target, .sla-contract tr:target td { background: none; }
}
"""

_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def esc(text: str) -> str:
    """Text for HTML: markup escaped, characters that HTML forbids replaced."""
    return html.escape(_INVALID.sub("\N{REPLACEMENT CHARACTER}", text), quote=True)


class HtmlWriter(Writer):
    """Writes a :class:`Document` as HTML."""

    format_name = "html"

    def __init__(self) -> None:
        self.out: list[str] = []

    def fragment(self, doc: Document) -> str:
        self.out.append('<article class="sla-contract">\n')
        for block in doc.blocks:
            self.write_block(block)
        self.out.append("</article>\n")
        return "".join(self.out)

    def standalone(self, doc: Document) -> str:
        body = self.fragment(doc)
        return (f'<!DOCTYPE html>\n<html lang="{esc(doc.lang)}">\n<head>\n<meta charset="utf-8">\n'
                '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
                '<meta name="generator" content="sladsl">\n'
                f"<title>{esc(doc.title)}</title>\n<style>\n"
                "body { margin: 0; background: #e9ebee; }\n"
                "@media print { body { background: #fff; } }\n"
                f"{CSS}</style>\n</head>\n<body>\n{body}</body>\n</html>\n")

    # ---- inline

    def inlines(self, inlines: Inlines) -> str:
        return "".join(getattr(self, self.inline_method(i))(i) for i in inlines)

    def inline_Text(self, i: Text) -> str:
        return esc(i.text)

    def inline_Ref(self, i: Ref) -> str:
        return f'<a href="#{esc(i.anchor)}">{esc(i.text)}</a>'

    def inline_Strong(self, i: Strong) -> str:
        return f'<strong class="defined">{esc(i.text)}</strong>'

    # ---- blocks

    def block_TitleBlock(self, b: TitleBlock) -> None:
        self.out.append('<header class="sla-title">\n<p class="sla-kicker">Service Level '
                        f"Agreement</p>\n<h1>{esc(b.title)}</h1>\n")
        self.out.append('<table class="sla-particulars">\n')
        for label, value in b.rows:
            self.out.append(f'<tr><th scope="row">{esc(label)}</th>'
                            f"<td>{self.inlines(value)}</td></tr>\n")
        self.out.append("</table>\n</header>\n")

    def block_Contents(self, b: Contents) -> None:
        self.out.append('<nav class="sla-contents">\n<h2>Contents</h2>\n<ol>\n')
        for number, title, anchor in b.entries:
            self.out.append(f'<li><a href="#{esc(anchor)}"><span class="num">{esc(number)}.'
                            f"</span>{esc(title)}</a></li>\n")
        self.out.append("</ol>\n</nav>\n")

    def block_Section(self, b: Section) -> None:
        self.out.append(f'<section class="sla-section" id="{esc(b.anchor)}">\n'
                        f'<h2><span class="num">{esc(b.number)}.</span>{esc(b.title)}</h2>\n')
        for block in b.blocks:
            self.write_block(block)
        self.out.append("</section>\n")

    def block_Clause(self, b: Clause) -> None:
        attrs = (f'id="{esc(b.anchor)}" data-clause="{esc(b.full)}" '
                 f'data-line="{b.line}"')
        if b.title:
            tag = "h3" if b.level <= 1 else "h4"
            self.out.append(f'<div class="clause level-{b.level}" {attrs}>\n'
                            f'<{tag}><span class="num">{esc(b.number)}</span>'
                            f"{esc(b.title)}</{tag}>\n")
            self.label = b.label
            for block in b.blocks:
                self.write_block(block)
            self.out.append("</div>\n")
            return
        self.out.append(f'<div class="clause hang level-{b.level}" {attrs}>'
                        f'<span class="num">{esc(b.number)}</span><div class="clause-body">\n')
        self.label = b.label
        for block in b.blocks:
            self.write_block(block)
        self.out.append("</div></div>\n")

    label = ""

    def take_label(self) -> str:
        label, self.label = self.label, ""
        return f'<span class="label">{esc(label)}:</span> ' if label else ""

    def block_Paragraph(self, b: Paragraph) -> None:
        self.out.append(f"<p>{self.take_label()}{self.inlines(b.inlines)}</p>\n")

    def block_ProseBlock(self, b: ProseBlock) -> None:
        self.out.append('<div class="prose">\n')
        for paragraph in b.paragraphs:
            self.out.append(f"<p>{self.take_label()}{self.inlines(paragraph)}</p>\n")
        self.out.append("</div>\n")

    def block_Table(self, b: Table) -> None:
        self.out.append(f'<figure>\n<figcaption>{esc(b.caption)}</figcaption>\n'
                        '<table class="sla-table">\n<thead><tr>')
        self.out.extend(f'<th scope="col">{esc(h)}</th>' for h in b.header)
        self.out.append("</tr></thead>\n<tbody>\n")
        for row in b.rows:
            rid = f' id="{esc(row.anchor)}"' if row.anchor else ""
            self.out.append(f"<tr{rid}>" + "".join(f"<td>{self.inlines(c)}</td>"
                                                   for c in row.cells) + "</tr>\n")
        self.out.append("</tbody>\n</table>\n</figure>\n")

    def block_SignatureBlock(self, b: SignatureBlock) -> None:
        self.out.append('<section class="sla-signatures" id="signatures">\n<h2>Signatures</h2>\n'
                        f"<p>{esc(b.intro)}</p>\n<div class=\"sig-grid\">\n")
        for name, called in b.parties:
            self.out.append(f'<div class="sig">\n<p class="party">For <strong>{esc(name)}'
                            f"</strong> ({esc(called)})</p>\n")
            for field in ("Signature", "Name", "Title", "Date"):
                self.out.append(f'<div class="line"></div><p class="field">{field}</p>\n')
            self.out.append("</div>\n")
        self.out.append("</div>\n</section>\n")


def write_html(doc: Document, standalone: bool = True) -> str:
    """The contract as a whole HTML page, or as an ``<article>`` fragment."""
    writer = HtmlWriter()
    return writer.standalone(doc) if standalone else writer.fragment(doc)
