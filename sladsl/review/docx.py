"""The review pack as a Word document, written with python-docx like the contract.

The same sections as HTML and Markdown (:func:`sladsl.review.render.sections`); trend charts
are PNG pictures (with their text alternative as the picture's description) when matplotlib
is installed, and their description as text otherwise. Data text only ever becomes the text
of a run (:func:`sladsl.render.docx.clean`), and the package has fixed dates and zip times
(as :mod:`sladsl.render.docx` does), so the same review gives the same bytes.
"""

from __future__ import annotations

import io
from typing import Any

from ..render.docx import FIXED_TIME, _fixed_zip, clean
from .render import Bar, Model, Table, sections, title


def to_docx(review: Model) -> bytes:
    import docx
    from docx.shared import Cm, Pt

    from ..evaluate.charts import available
    from .trend import describe_trend

    draw = available()
    document: Any = docx.Document()
    props = document.core_properties
    props.title = clean(title(review))
    props.subject = "Service review"
    props.author = props.last_modified_by = "sladsl"
    props.created = props.modified = props.last_printed = FIXED_TIME
    props.revision = 1
    document.styles["Normal"].font.name = "Cambria"
    document.styles["Normal"].font.size = Pt(10.5)
    document.add_heading(clean(title(review)), level=0)
    for s in sections(review):
        document.add_heading(clean(s.title), level=1)
        for b in s.blocks:
            if isinstance(b, str):
                document.add_paragraph(clean(b))
            elif isinstance(b, Table):
                table = document.add_table(rows=1, cols=len(b.headers))
                table.style = "Table Grid"
                for cell, text in zip(table.rows[0].cells, b.headers, strict=True):
                    cell.paragraphs[0].add_run(clean(text)).bold = True
                for row in b.rows:
                    for cell, text in zip(table.add_row().cells, row, strict=True):
                        cell.paragraphs[0].add_run(clean(text))
                document.add_paragraph()
            elif isinstance(b, Bar):
                document.add_paragraph(b.text() + "  " + clean(b.label))
            else:
                alt = clean(describe_trend(b))
                if draw:
                    from .trend import trend_png

                    document.add_picture(io.BytesIO(trend_png(b)), width=Cm(15))
                    picture = document.inline_shapes[-1]._inline.docPr
                    picture.set("descr", alt)
                    picture.set("title", clean(f"Trend: {b['clause']} {b['objective']}"))
                    caption = document.add_paragraph()
                    caption.add_run(clean(f"{b['clause']} {b['objective']}: "
                                          f"{b['sentence']}")).italic = True
                else:
                    document.add_paragraph().add_run(alt).italic = True
    buffer = io.BytesIO()
    document.save(buffer)
    return _fixed_zip(buffer.getvalue())
