"""The HTML redline: the new contract with insertions and deletions marked, word by word.

Both versions are rendered to HTML (:func:`sladsl.render.render`, or, while no renderer is
installed, the canonical ``.sla`` text in a ``<pre>``) and cut into tokens: tags, words and
spaces. :class:`difflib.SequenceMatcher` aligns the two token lists. Every token of the new
document is written in order, so the new document's markup stays whole; inserted words are
wrapped in ``<ins>``, and deleted words (never deleted tags) are written in ``<del>`` where
they stood. Above the contract comes the table of semantic changes. Every piece of text from
a spec reaches the page escaped: either the renderer escaped it, or :func:`html.escape` does.
"""

from __future__ import annotations

import difflib
import html
import re
from collections.abc import Sequence

from ..model import Spec

_TOKEN = re.compile(r"<(style|script)\b.*?</\1\s*>|<!--.*?-->|<[^>]*>|[^<\s]+|\s+",
                    re.DOTALL | re.IGNORECASE)
#: Attributes that differ between versions without a difference a reader can see.
_NOISE = re.compile(r'\s(?:data-line|data-source|data-sha256)="[^"]*"')
_STYLE = """<style>
.sla-redline-summary { font-family: system-ui, sans-serif; max-width: 60em; margin: 1em auto;
  padding: 1em 1.5em; background: #fff; border: 1px solid #ccd; }
.sla-redline-summary table { border-collapse: collapse; width: 100%; font-size: 0.9em; }
.sla-redline-summary th, .sla-redline-summary td { text-align: left; vertical-align: top;
  padding: 0.25em 0.6em; border-bottom: 1px solid #e3e3ea; }
.sla-redline-summary .weaker { color: #a40000; font-weight: bold; }
.sla-redline-summary .stronger { color: #146c2e; font-weight: bold; }
.sla-redline-summary .review { color: #8a5300; font-weight: bold; }
.sla-redline-summary pre { white-space: pre-wrap; margin: 0; font-size: 0.95em; }
ins.sla-ins { color: #0b4fa8; text-decoration: underline double; background: #e8f0ff; }
del.sla-del { color: #a40000; text-decoration: line-through; background: #fff0f0; }
pre.sla-source { max-width: 60em; margin: 1em auto; padding: 1em; background: #fff;
  white-space: pre-wrap; }
</style>
"""


def tokens(text: str) -> list[str]:
    return [m.group(0) for m in _TOKEN.finditer(text)]


def _key(token: str) -> str:
    if token.startswith("<"):
        return _NOISE.sub("", token)
    return " " if token.isspace() else token


def _is_word(token: str) -> bool:
    return not token.startswith("<") and not token.isspace()


def redline_body(old: str, new: str) -> str:
    """``new`` with the words of ``old`` it lacks in ``<del>`` and its own new words in ``<ins>``.

    Both arguments are HTML (already escaped); the result is HTML.
    """
    a, b = tokens(old), tokens(new)
    matcher = difflib.SequenceMatcher(None, [_key(t) for t in a], [_key(t) for t in b],
                                      autojunk=False)
    # Nothing is marked inside <head>: a <del> in a <title> would show as literal text.
    body_from = next((j for j, t in enumerate(b) if t.lower().startswith("<body")), 0)
    out: list[str] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal" or j1 < body_from:
            out.extend(b[j1:j2])
            continue
        gone = "".join(t if _is_word(t) else " " for t in a[i1:i2]
                       if not t.startswith("<")).strip()
        if gone:
            out.append(f'<del class="sla-del">{" ".join(gone.split())}</del>')
            if j2 > j1:
                out.append(" ")
        out.extend(_mark_insert(b[j1:j2]))
    return "".join(out)


def _mark_insert(run: Sequence[str]) -> list[str]:
    """Inserted tokens, with each stretch of words (and the spaces inside it) in ``<ins>``."""
    out: list[str] = []
    words: list[str] = []

    def flush() -> None:
        while words and words[-1].isspace():
            tail = words.pop()
            if words:
                out.append(f'<ins class="sla-ins">{"".join(words)}</ins>')
                words.clear()
            out.append(tail)
            return
        if words:
            out.append(f'<ins class="sla-ins">{"".join(words)}</ins>')
            words.clear()

    for t in run:
        if t.startswith("<"):
            flush()
            out.append(t)
        elif t.isspace() and not words:
            out.append(t)
        else:
            words.append(t)
    flush()
    return out


def render_contract(spec: Spec) -> str:
    """The contract as a whole HTML page, or the canonical source when no renderer exists."""
    try:
        from ..render import render
    except ImportError:
        render = None  # type: ignore[assignment]
    if render is not None:
        page = render(spec, "html")
        if isinstance(page, str):
            return page
    from ..fmt.command import format_document

    text = format_document(spec.document, spec.source)
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>{html.escape(spec.agreement.title)}</title>\n</head>\n<body>\n"
            f'<pre class="sla-source">{html.escape(text)}</pre>\n</body>\n</html>\n')


def _value(value: object) -> str:
    return f"<pre>{html.escape(value)}</pre>" if isinstance(value, str) else "&mdash;"


def summary_table(records: Sequence[dict[str, object]], clauses: Sequence[tuple[str, str]],
                  old_name: str, new_name: str) -> str:
    """The semantic changes (as :func:`sladsl.diff.command.change_record` writes them) as an
    HTML section with both versions' text of each (everything escaped).

    ``clauses`` holds, for each change, its clause number and the anchor to link to (empty
    when the clause is not in the new contract).
    """
    esc = html.escape
    rows = []
    for r, (clause, anchor) in zip(records, clauses, strict=True):
        cell = f'<a href="#{esc(anchor)}">{esc(clause)}</a>' if anchor else esc(clause)
        rows.append(f'<tr><td class="{esc(str(r["effect"]))}">{esc(str(r["effect_text"]))}'
                    f"</td><td>{cell}</td><td>{esc(str(r['where']))}</td>"
                    f"<td>{esc(str(r['summary']))}</td><td>{_value(r['old'])}</td>"
                    f"<td>{_value(r['new'])}</td></tr>")
    body = "\n".join(rows) or '<tr><td colspan="6">No semantic changes.</td></tr>'
    return (f'<section class="sla-redline-summary">\n<h1>Comparison: {esc(old_name)} → '
            f"{esc(new_name)}</h1>\n<p>Insertions are <ins class=\"sla-ins\">underlined</ins>, "
            'deletions <del class="sla-del">struck through</del>.</p>\n'
            "<table>\n<thead><tr><th>Effect</th><th>Clause</th><th>Where</th><th>Change</th>"
            f"<th>Before</th><th>After</th></tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>\n</section>\n")


def redline_page(old: Spec, new: Spec, records: Sequence[dict[str, object]],
                 clauses: Sequence[tuple[str, str]],
                 old_name: str, new_name: str) -> str:
    """A whole HTML comparison document: the summary, then the redlined new contract."""
    a, b = render_contract(old), render_contract(new)
    page = redline_body(a, b)
    summary = summary_table(records, clauses, old_name, new_name)
    head_end = page.lower().find("</head>")
    if head_end >= 0:
        page = page[:head_end] + _STYLE + page[head_end:]
    body = re.search(r"<body\b[^>]*>", page, re.IGNORECASE)
    if body is not None:
        page = page[:body.end()] + "\n" + summary + page[body.end():]
    else:
        page = summary + page
    return page
