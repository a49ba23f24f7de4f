"""Edits the server offers: formatting through ``sladsl fmt``, and fixes from diagnostics.

Formatting runs :func:`sladsl.fmt.command.format_text`, the formatter behind ``sladsl fmt``,
which refuses any output that would change the meaning of the file. A range is formatted by
formatting the whole file and keeping only the changed lines that touch the range.

Code actions turn a diagnostic's hint into an edit where the hint names one: a did-you-mean
(replace the unknown word), an objective without a service credit (add a when-missed credit
under ``service credits:``), and a credit table with a gap (add a tier covering it).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from decimal import Decimal

from .. import nodes as n
from ..errors import Diagnostic, SlaError
from ..model import Spec
from ..quantities import Money


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace lines ``[first, last)`` (0-based) of the text, or a part of one line."""

    line: int
    column: int
    end_line: int
    end_column: int
    text: str


def format_edits(text: str, first: int | None = None, last: int | None = None) -> list[Edit]:
    """Edits that format ``text`` (lines ``first..last``, 0-based and inclusive, if given).

    Raises :class:`~sladsl.errors.SlaError` when the text cannot be formatted (it does not
    parse, or the formatter would not be safe).
    """
    from ..fmt.command import format_text

    formatted = format_text(text)
    if formatted == text:
        return []
    old, new = text.split("\n"), formatted.split("\n")
    if first is None or last is None:
        return [Edit(0, 0, len(old) - 1, len(old[-1]), formatted)]
    edits: list[Edit] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal" or i2 <= first or i1 > last:
            continue
        body = "".join(line + "\n" for line in new[j1:j2])
        edits.append(Edit(i1, 0, i2, 0, body))
    return edits


@dataclass(frozen=True, slots=True)
class Fix:
    """A code action: its title, the diagnostic it fixes and its edits."""

    title: str
    diagnostic: Diagnostic
    edits: tuple[Edit, ...]


_MEAN = re.compile(r"`([^`]+)`.*did you mean `([^`]+)`\?")


def fixes(text: str, diagnostics: list[Diagnostic], spec: Spec | None) -> list[Fix]:
    """The code actions for ``diagnostics`` of ``text``."""
    lines = text.split("\n")
    out: list[Fix] = []
    for d in diagnostics:
        m = _MEAN.search(d.message)
        if m is not None:
            fix = _replace_word(lines, d, m.group(1), m.group(2))
            if fix is not None:
                out.append(fix)
        elif d.code == "W201" and spec is not None:
            fix = _add_credit(lines, d, spec)
            if fix is not None:
                out.append(fix)
        elif d.code == "S109" and spec is not None:
            fix = _close_gap(lines, d, spec)
            if fix is not None:
                out.append(fix)
    return out


def _replace_word(lines: list[str], d: Diagnostic, wrong: str, right: str) -> Fix | None:
    s = d.span
    if not 1 <= s.line <= len(lines):
        return None
    line = lines[s.line - 1]
    at = line.find(wrong, max(0, s.column - 1))
    if at < 0:
        at = line.find(wrong)
    if at < 0:
        return None
    edit = Edit(s.line - 1, at, s.line - 1, at + len(wrong), right)
    return Fix(f"Replace `{wrong}` with `{right}`", d, (edit,))


def _fee(spec: Spec) -> str | None:
    return next(iter(spec.amounts), next(iter(spec.per_customer), None))


def _add_credit(lines: list[str], d: Diagnostic, spec: Spec) -> Fix | None:
    m = re.search(r'objective "((?:[^"\\]|\\.)*)"', d.message)
    fee = _fee(spec)
    if m is None or fee is None:
        return None
    sentence = f'for "{m.group(1)}": 5% of the {fee} when missed.'
    credits = list(spec.of_type(n.Credits))
    if credits:
        end = credits[-1].span.end_line
        insert = f"  {sentence}\n"
    else:
        end = len(lines)
        while end > 0 and not lines[end - 1].strip():
            end -= 1
        insert = f"\nservice credits:\n  {sentence}\n"
    at = min(end, len(lines))
    if at == len(lines):  # after the last line: start a new one
        edit = Edit(at - 1, len(lines[at - 1]), at - 1, len(lines[at - 1]),
                    "\n" + insert.rstrip("\n"))
    else:
        edit = Edit(at, 0, at, 0, insert)
    return Fix(f'Add a service credit for "{m.group(1)}"', d, (edit,))


def _close_gap(lines: list[str], d: Diagnostic, spec: Spec) -> Fix | None:
    table = next((t for t in spec.items(n.Credits)
                  if isinstance(t, n.TierTable) and t.span.line == d.span.line), None)
    m = re.search(r"a measured value of (.+?) misses", d.message)
    if table is None or not table.tiers or m is None:
        return None
    last = table.tiers[-1]
    text = lines[last.span.line - 1]
    head = text[: len(text) - len(text.lstrip())]
    body = text.strip()
    colon = body.find(":")
    if colon < 0:
        return None
    # Tiers bounded from below leave the values under their lowest bound uncovered (and the
    # other way round): the new tier covers them and pays what the last tier pays.
    bounds = [b for t in table.tiers for b in t.bounds]
    lower = [b for b in bounds if b.comparator in ("at_least", "more_than")]
    upper = [b for b in bounds if b.comparator in ("at_most", "less_than")]
    if lower and (not upper or m.group(1) and _below(m.group(1), lower)):
        edge, word = min(lower, key=lambda b: _magnitude(b)), "below"
    elif upper:
        edge, word = max(upper, key=lambda b: _magnitude(b)), "above"
    else:
        return None
    value = _value_text(lines, edge)
    if value is None:
        return None
    insert = f"{head}{word} {value}:{body[colon + 1:]}\n"
    edit = Edit(last.span.end_line, 0, last.span.end_line, 0, insert)
    return Fix(f"Add a tier {word} {value} to close the gap", d, (edit,))


def _below(sample: str, lower: list[n.Bound]) -> bool:
    number = re.match(r"-?[\d,]*\.?\d+", sample)
    if number is None:
        return True
    return Decimal(number.group(0).replace(",", "")) < min(_magnitude(b) for b in lower)


def _magnitude(bound: n.Bound) -> Decimal:
    v = bound.value
    return v.amount if isinstance(v, Money) else v.value


def _value_text(lines: list[str], bound: n.Bound) -> str | None:
    s = bound.span
    if s.line != s.end_line or not 1 <= s.line <= len(lines):
        return None
    text = lines[s.line - 1][s.column - 1:s.end_column - 1]
    m = re.match(r"(?:at least|at most|more than|less than|above|below)\s+(.+)$", text.strip())
    return m.group(1).rstrip(":. ") if m else None


def format_error(exc: SlaError) -> str:
    first = exc.diagnostics[0] if exc.diagnostics else None
    return "cannot format: " + (first.message if first else str(exc))


__all__ = ["Edit", "Fix", "fixes", "format_edits", "format_error"]
