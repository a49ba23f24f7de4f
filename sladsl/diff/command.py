"""``sladsl diff OLD NEW``: what changed between two versions of an agreement, and for whom.

Each change is listed with the clause it touches, its old and new text, and classified as
*weaker for the customer*, *stronger for the customer*, *changes meaning: needs review*,
*wording only* or *neutral/other* (the rules are in :mod:`sladsl.diff.rules`). Output is
text for people, JSON for tools, or an HTML redline of the rendered contract
(:mod:`sladsl.diff.redline`).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence

import click

from .. import nodes as n
from ..errors import SlaError, SlaSyntaxError
from ..exits import USAGE, fail
from ..model import Spec
from .rules import EFFECT_TEXT, EFFECTS, Change, compare


def load_for_diff(path: str) -> Spec:
    """A spec for comparison: it must parse; semantic errors are allowed in a draft."""
    from ..api import analyse_file

    spec, diags, text = analyse_file(path)
    if spec is None:
        raise SlaSyntaxError([d for d in diags if d.severity == "error"] or diags, text)
    return spec


def clause_of(spec: Spec, node: n.Node | None) -> dict[str, str] | None:
    """Number, anchor and title of the clause that states ``node`` (``None`` if it has none)."""
    if node is None:
        return None
    try:
        from ..clauses import clause_index
    except ImportError:  # the clause numbering is optional for a diff
        return None
    found = clause_index(spec).get(node)
    if found is None:
        return None
    return {"number": found.number, "anchor": found.anchor, "title": found.title}


def statement_text(spec: Spec, node: n.Node | None) -> str | None:
    """The canonical ``.sla`` text of a node: a statement's sentence, a prose block's words, a
    block (a tier table, an objective, a section) as the formatter writes it."""
    from dataclasses import replace

    from ..fmt.document import BLOCKS
    from ..fmt.printer import Printer

    if node is None:
        return None
    if isinstance(node, n.Prose):
        return node.text
    # Without the comments: they are compared on their own, and would repeat here.
    printer = Printer(replace(spec.document, comments=()), spec.source)
    if not isinstance(node, BLOCKS):
        return " ".join(printer.visit(node))
    printer.visit(node)
    return printer.out.getvalue().rstrip("\n")


def change_record(old: Spec, new: Spec, change: Change) -> dict[str, object]:
    """One change as plain data (the JSON output, and the source of the other outputs)."""
    clause = clause_of(new, change.new) if change.new is not None else None
    version = "new"
    if clause is None and change.old is not None:
        clause, version = clause_of(old, change.old), "old"
    return {
        "effect": change.effect,
        "effect_text": EFFECT_TEXT[change.effect],
        "kind": change.kind,
        "summary": change.summary,
        "where": change.label,
        "clause": None if clause is None else {**clause, "version": version},
        "old": statement_text(old, change.old) if change.old is not None else change.old_text,
        "new": statement_text(new, change.new) if change.new is not None else change.new_text,
        "old_line": change.old.span.line if change.old is not None else None,
        "new_line": change.new.span.line if change.new is not None else None,
    }


def clause_label(record: dict[str, object]) -> str:
    clause = record["clause"]
    if not isinstance(clause, dict):
        return ""
    suffix = " (old numbering)" if clause.get("version") == "old" else ""
    return f"{clause['number']}{suffix}"


def _anchor(record: dict[str, object]) -> str:
    """The anchor of a change's clause in the new contract ("" when it is not there)."""
    clause = record["clause"]
    if isinstance(clause, dict) and clause.get("version") == "new":
        return str(clause["anchor"])
    return ""


def counts(records: Sequence[dict[str, object]]) -> dict[str, int]:
    return {e: sum(1 for r in records if r["effect"] == e) for e in EFFECTS}


def text_report(records: Sequence[dict[str, object]], old_name: str, new_name: str) -> str:
    total = counts(records)
    lines = [f"{old_name} -> {new_name}: {len(records)} change(s): "
             + ", ".join(f"{total[e]} {EFFECT_TEXT[e]}" for e in EFFECTS)]
    for r in records:
        clause = clause_label(r)
        lines.append("")
        lines.append(f"[{r['effect_text']}] {clause + ' ' if clause else ''}{r['where']}")
        lines.append(f"    {r['summary']}")
        for sign, key in (("-", "old"), ("+", "new")):
            value = r[key]
            if isinstance(value, str):
                for line in value.split("\n"):
                    lines.append(f"    {sign} {line}")
    return "\n".join(lines) + "\n"


def comparison(a: Spec, b: Spec, changes: Sequence[Change], old: str, new: str,
               fmt: str) -> str:
    """The comparison of two versions as ``sladsl diff --format FMT`` writes it."""
    records = [change_record(a, b, c) for c in changes]
    if fmt == "json":
        return json.dumps({"old": old, "new": new, "counts": counts(records),
                           "changes": records}, indent=2, sort_keys=True,
                          ensure_ascii=False) + "\n"
    if fmt == "html":
        from .redline import redline_page

        links = [(clause_label(r), _anchor(r)) for r in records]
        return redline_page(a, b, records, links, old, new)
    return text_report(records, old, new)


@click.command("diff")
@click.argument("old", type=click.Path(exists=True, dir_okay=False))
@click.argument("new", type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "html"]), default="text",
              show_default=True, help="text for people, json for tools, html for a redline")
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="write to this file instead of standard output")
@click.option("--fail-on-weaker", is_flag=True,
              help="exit 1 if any change is weaker for the customer (for CI)")
@click.option("--fail-on-review", is_flag=True,
              help="exit 1 if any change needs review: a change of meaning sladsl cannot "
              "judge (reworded prose, a redefined term) (for CI)")
@click.option("--data", "data_dir", type=click.Path(exists=True, file_okay=False),
              help="measurements to evaluate both versions on (with --period)")
@click.option("--period", help="the period to evaluate, e.g. 2026-04")
def diff(old: str, new: str, fmt: str, output: str | None, fail_on_weaker: bool,
         fail_on_review: bool, data_dir: str | None, period: str | None) -> None:
    """Compare two versions of an agreement: each change, its clause, and whom it favours.

    Each change shows the old and the new text and is weaker or stronger for the customer,
    changes meaning: needs review (reworded prose, a redefined term: sladsl does not guess
    what words mean), wording only (proven: layout, reflowed lines, quotes, comments, the same
    value restated) or neutral/other.
    """
    try:
        a, b = load_for_diff(old), load_for_diff(new)
    except SlaError as exc:
        fail(exc)
    changes = compare(a, b)
    result = comparison(a, b, changes, old, new, fmt)
    if data_dir is not None:
        from .behaviour import evaluation_report

        try:
            extra = evaluation_report(a, b, data_dir, period)
        except SlaError as exc:
            fail(exc)
        if fmt == "text":
            result += "\n" + extra
        else:
            click.echo(extra, err=True, nl=False)
    if output is not None:
        from ..atomic import write_atomically

        try:
            write_atomically(output, result)
        except OSError as exc:
            click.echo(f"{output}: cannot write the file: {exc.strerror or exc}", err=True)
            sys.exit(USAGE)
    else:
        click.echo(result, nl=False)
    fired = (fail_on_weaker and any(c.effect == "weaker" for c in changes)) or \
        (fail_on_review and any(c.effect == "review" for c in changes))
    sys.exit(1 if fired else 0)
