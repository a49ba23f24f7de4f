"""``sladsl diff`` reports exactly the edit made: a property test on the shipped specs.

Each example takes one agreement from ``specs/`` and makes one edit to a clause, at the level
of the source text, as a person would: it inserts a new prose clause at some position among
the clauses of a section, a service or an objective; deletes a clause; or moves a clause to
another position among its siblings. The diff of the two versions must then be exactly one
change, of the right sort, about that clause: ``…-added`` for the new clause (weaker for the
customer when it sits among the exclusions), ``…-removed`` for the deleted one, ``…-moved`` for
the moved one. Nothing is reported as reworded, and nothing else is reported at all.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sladsl
from sladsl.diff.rules import Change, compare
from sladsl.diff.units import Place, Unit, places
from sladsl.fmt.command import structure

SPECS = sorted((Path(__file__).parent.parent / "specs").glob("*.sla"))
TEXTS = {p.name: p.read_text(encoding="utf-8") for p in SPECS}
WORDS = ("the", "Provider", "Customer", "shall", "may", "not", "any", "service", "credit",
         "failure", "notice", "within", "days", "outage", "network", "reason", "each", "month")


def load(text: str, name: str) -> sladsl.Spec:
    spec, diags = sladsl.analyse(text, name)
    assert spec is not None, [str(d) for d in diags][:3]
    return spec


def _comment_lines(spec: sladsl.Spec) -> set[int]:
    return {c.span.line for c in spec.document.comments}


def _whole_lines(spec: sladsl.Spec, unit: Unit) -> bool:
    """Whether a unit fills its lines alone, with no comment among them (a comment is
    compared on its own, so moving or deleting one would be a second change)."""
    span = unit.node.span
    lines = spec.source.split("\n")
    first = lines[span.line - 1]
    starts = first[:span.column - 1].strip() == ""
    return starts and not (set(range(span.line, span.end_line + 1)) & _comment_lines(spec))


def editable(spec: sladsl.Spec) -> list[Place]:
    """The places whose clauses the test edits (not the header's parties and term)."""
    return [p for p in places(spec).values() if p.key != ("header",) and p.units]


def _indent(line: str) -> str:
    return line[:len(line) - len(line.lstrip())]


def _cut(lines: list[str], unit: Unit) -> tuple[list[str], list[str]]:
    span = unit.node.span
    return lines[span.line - 1:span.end_line], \
        lines[:span.line - 1] + lines[span.end_line:]


def _at(place: Place, k: int, lines: list[str]) -> tuple[int, str]:
    """Where (0-based line index) a clause goes to stand at position ``k`` of ``place``."""
    if k < len(place.units):
        line = place.units[k].node.span.line - 1
    else:
        line = place.units[-1].node.span.end_line
    ref = place.units[min(k, len(place.units) - 1)].node.span
    return line, " " * (ref.column - 1)


def _block(indent: str, chunk: list[str], top: bool) -> list[str]:
    return ([""] if top else []) + [indent + line if line else line for line in chunk] + \
        ([""] if top else [])


def only(changes: list[Change]) -> Change:
    assert len(changes) == 1, [(c.kind, c.summary, c.label) for c in changes]
    return changes[0]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_an_inserted_prose_clause_is_reported_as_exactly_that(data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(sorted(TEXTS)))
    old = load(TEXTS[name], name)
    place = data.draw(st.sampled_from(editable(old)))
    k = data.draw(st.integers(0, len(place.units)))
    words = data.draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=12))
    text = " ".join(words).capitalize() + "."
    lines = old.source.split("\n")
    at, indent = _at(place, k, lines)
    top = place.key == ("document",)
    new_lines = lines[:at] + _block(indent, ['"""', text, '"""'], top) + lines[at:]
    change = only(compare(old, load("\n".join(new_lines), name)))
    assert change.old is None and isinstance(change.new, sladsl.nodes.Prose)
    assert change.new.text == text
    if place.key[:2] == ("section", "exclusions"):
        assert (change.effect, change.kind) == ("weaker", "exclusion-added")
    else:
        assert (change.effect, change.kind) == ("review", "prose-added")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_an_inserted_copy_of_a_clause_is_reported_as_exactly_that(data: st.DataObject) -> None:
    """A structured clause (or prose) copied to another position among its siblings: one
    clause added, equal to the copy (which of two equal clauses is "the new one" is moot)."""
    name = data.draw(st.sampled_from(sorted(TEXTS)))
    old = load(TEXTS[name], name)
    choices = [(p, u) for p in editable(old) for u in p.units
               if _whole_lines(old, u) and u.inner is None]
    place, unit = data.draw(st.sampled_from(choices))
    k = data.draw(st.integers(0, len(place.units)))
    lines = old.source.split("\n")
    chunk, _ = _cut(lines, unit)
    at, _ = _at(place, k, lines)
    new_lines = lines[:at] + chunk + lines[at:]
    change = only(compare(old, load("\n".join(new_lines), name)))
    assert change.old is None and change.new is not None and change.kind.endswith("-added")
    assert structure(change.new) == structure(unit.node)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_a_deleted_clause_is_reported_as_exactly_that(data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(sorted(TEXTS)))
    old = load(TEXTS[name], name)
    choices = [(p, u) for p in editable(old) if len(p.units) >= 2 for u in p.units
               if _whole_lines(old, u)]
    place, unit = data.draw(st.sampled_from(choices))
    _, rest = _cut(old.source.split("\n"), unit)
    change = only(compare(old, load("\n".join(rest), name)))
    assert change.new is None and change.old is unit.node
    assert change.kind.endswith("-removed")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_a_moved_clause_is_reported_as_exactly_that(data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(sorted(TEXTS)))
    old = load(TEXTS[name], name)
    choices = [(p, i) for p in editable(old) if len(p.units) >= 2
               for i, u in enumerate(p.units) if _whole_lines(old, u)]
    place, i = data.draw(st.sampled_from(choices))
    k = data.draw(st.integers(0, len(place.units)).filter(lambda k: k not in (i, i + 1)))
    unit = place.units[i]
    lines = old.source.split("\n")
    chunk, _ = _cut(lines, unit)
    at, _ = _at(place, k, lines)
    top = place.key == ("document",)
    span = unit.node.span
    block = ([""] if top else []) + chunk + ([""] if top else [])
    if at < span.line - 1:
        new_lines = lines[:at] + block + lines[at:span.line - 1] + lines[span.end_line:]
    else:
        new_lines = lines[:span.line - 1] + lines[span.end_line:at] + block + lines[at:]
    new = load("\n".join(new_lines), name)
    change = only(compare(old, new))
    assert change.kind.endswith("-moved"), change
    if k in (i - 1, i + 2):
        # Swapping two neighbours is the same edit whichever of them moved.
        neighbour = place.units[i - 1 if k == i - 1 else i + 1]
        assert change.old is unit.node or change.old is neighbour.node
    else:
        assert change.old is unit.node


def test_a_clause_moved_to_another_section_is_removed_there_and_added_here() -> None:
    """Never paired across sections: a prose duty moved into the exclusions is a duty removed
    (needs review) and an exclusion added (weaker), not a clause that moved."""
    base = (Path(__file__).parent / "diff_cases" / "base.sla").read_text(encoding="utf-8")
    duty = '  """\n  The Customer shall keep its contact details up to date.\n  """\n'
    moved = base.replace(duty + "\nexclusions:\n", "\nexclusions:\n" + duty)
    assert moved != base
    found = compare(load(base, "old.sla"), load(moved, "new.sla"))
    assert [(c.effect, c.kind) for c in found] == [("review", "prose-removed"),
                                                   ("weaker", "exclusion-added")]
