"""Contract text: the AST rendered as HTML, Markdown, plain text and Word.

The same format-neutral document (:mod:`.model`, built by :mod:`.build`) feeds one small
writer per format, so the formats cannot disagree::

    import sladsl
    from sladsl.render import render, render_html
    spec = sladsl.load("specs/cloud-platform.sla")
    page = render(spec, "html")                       # a whole, self-contained page
    fragment = render_html(spec, standalone=False)    # <article> for embedding
    word = render(spec, "docx")                       # bytes
"""

from __future__ import annotations

from typing import Literal

from ..model import Spec
from .build import build_document
from .model import Document

Format = Literal["html", "markdown", "text", "docx"]
FORMATS: tuple[str, ...] = ("html", "markdown", "text", "docx")


def document(spec: Spec) -> Document:
    """The format-neutral contract for ``spec``."""
    return build_document(spec)


def render_html(spec: Spec, standalone: bool = True) -> str:
    """HTML: a whole page with its CSS, or (``standalone=False``) an ``<article>`` fragment.

    The fragment's styles are :data:`sladsl.render.html.CSS`, scoped under ``.sla-contract``.
    """
    from .html import write_html

    return write_html(build_document(spec), standalone)


def render(spec: Spec, fmt: str) -> str | bytes:
    """The contract for ``spec`` in ``fmt`` (html, markdown, text: str; docx: bytes)."""
    doc = build_document(spec)
    if fmt == "html":
        from .html import write_html

        return write_html(doc)
    if fmt == "markdown":
        from .markdown import write_markdown

        return write_markdown(doc)
    if fmt == "text":
        from .text import write_text

        return write_text(doc)
    if fmt == "docx":
        from .docx import write_docx

        return write_docx(doc)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


__all__ = ["FORMATS", "Format", "document", "render", "render_html"]
