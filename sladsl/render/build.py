"""Builds the format-neutral contract (:mod:`.model`) from a checked spec, once.

Numbers and anchors come from :mod:`sladsl.clauses`, sentences from :mod:`.english` and the
measurement defaults from :mod:`.measurement`; this module only decides what goes where:
the title block, sections and clauses, the tables a lawyer expects (credit tiers, the support
matrix, business-hours calendars) and the signature block.
"""

from __future__ import annotations

import re
from decimal import Decimal

from .. import clauses as cl
from .. import nodes as n
from ..check.billing import billing
from ..model import Spec
from .english import DAYS, English, capitalise, day_text, merge, number
from .measurement import measurement_paragraphs
from .model import (
    Block,
    Clause,
    Contents,
    Document,
    Inline,
    Inlines,
    Paragraph,
    ProseBlock,
    Ref,
    Section,
    SignatureBlock,
    Strong,
    Table,
    TableRow,
    Text,
    TitleBlock,
)

_PERIOD_ORDER = ("week", "month", "quarter", "year")
_PERIOD_MEANING = {
    "week": "the seven days from 00:00 on a Monday until 00:00 on the following Monday",
    "month": "a month of the Gregorian calendar, from 00:00 on its first day until 00:00 on the "
             "first day of the next month",
    "quarter": "three consecutive Calendar Months beginning on 1 January, 1 April, 1 July or "
               "1 October",
    "year": "the period from 00:00 on 1 January until 00:00 on the following 1 January",
}


def build_document(spec: Spec) -> Document:
    """The contract for ``spec`` as format-neutral blocks."""
    return _Builder(spec).document()


class _Builder:
    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        self.index = cl.clause_index(spec)
        self.en = English(spec, self.index)
        self.linker = _Linker(spec, self.index)

    def document(self) -> Document:
        blocks: list[Block] = [self.title_block(), Contents(tuple(
            (s.number, s.title, s.anchor) for s in self.index.sections))]
        blocks.extend(self.section(s) for s in self.index.sections)
        blocks.append(SignatureBlock(
            "Signed for and on behalf of each party by its authorised representative.",
            tuple((p.name, " ".join(p.called.split())) for p in self.spec.agreement.parties)))
        return Document(self.spec.agreement.title, tuple(blocks))

    # ---- title

    def title_block(self) -> TitleBlock:
        a = self.spec.agreement
        rows: list[tuple[str, Inlines]] = []
        for p in a.parties:
            rows.append((p.role.capitalize(), (Text(p.name + " ("), Ref(
                " ".join(p.called.split()), self.index.of(p).anchor), Text(")"))))
        if a.version:
            rows.append(("Version", (Text(a.version),)))
        if a.term is not None:
            rows.append(("Effective date", (Text(day_text(a.term.effective)),)))
            if a.term.until:
                rows.append(("End date", (Text(day_text(a.term.until)),)))
            if a.term.renewal is not None:
                rows.append(("Renewal", (Text("successive periods of "),
                                         *self.en.quantity(a.term.renewal))))
        rows.append(("Time zone", (Text(self.spec.time_zone),)))
        if a.currency:
            rows.append(("Currency", (Text(a.currency),)))
        return TitleBlock(a.title, tuple(rows))

    # ---- sections and clauses

    def section(self, s: cl.Section) -> Section:
        return Section(s.number, s.title, s.anchor, tuple(self.clause(c) for c in s.clauses))

    def clause(self, c: cl.Clause, label: str = "") -> Clause:
        node = c.node
        blocks: list[Block] = []
        children = self.index.children(c)
        if c.kind == "time":
            blocks.extend(self.time_paragraphs())
        elif c.kind == "review":
            blocks.append(Paragraph(self.review()))
        elif c.kind == "measurement":
            assert isinstance(node, n.Objective)
            entry = next(e for e in self.spec.objectives if e.objective is node)
            blocks.extend(Paragraph(p) for p in measurement_paragraphs(self.en, entry))
        elif isinstance(node, n.Prose):
            blocks.append(self.prose(node))
        elif isinstance(node, n.TierTable):
            blocks += [Paragraph(self.en.statement(node)), self.tier_table(node, children)]
            children = [k for k in children if isinstance(k.node, n.Prose)]
        elif isinstance(node, n.Service | n.Objective | n.Example):
            pass  # a heading; the content is in the child clauses
        else:
            blocks.append(Paragraph(self.en.statement(node)))
            if isinstance(node, n.CalendarDefinition):
                blocks.append(self.calendar_table(node))
        labels = _example_labels(children) if isinstance(node, n.Example) else {}
        blocks.extend(self.clause(k, labels.get(k.anchor, "")) for k in children)
        if isinstance(node, n.Service):
            matrix = self.support_matrix(node)
            if matrix is not None:
                blocks.append(matrix)
        lettered = "(" in c.number
        shown = "(" + c.number.rsplit("(", 1)[1] if lettered else c.number
        return Clause(shown, c.number, c.anchor, "" if lettered else c.title, c.level,
                      tuple(blocks), label, node.span.line)

    def prose(self, node: n.Prose) -> ProseBlock:
        paragraphs = [p for p in re.split(r"\n[ \t]*\n", node.text) if p.strip()]
        return ProseBlock(tuple(self.linker.link(p) for p in paragraphs))

    def time_paragraphs(self) -> list[Paragraph]:
        zone = self.spec.agreement.time_zone
        where = (f"in the {zone} time zone, as defined in the IANA time zone database, "
                 "including its changes to and from daylight saving time" if zone
                 else "in Coordinated Universal Time (UTC)")
        out = [Paragraph((Text(f"All dates and times in this Agreement are {where}."),))]
        used = _periods_used(self.spec)
        for unit in _PERIOD_ORDER:
            if unit in used:
                out.append(Paragraph((Text("“"), Strong(f"Calendar {unit.capitalize()}"),
                                      Text(f"” means {_PERIOD_MEANING[unit]}."))))
        if self.spec.currency:
            out.append(Paragraph((Text(f"All amounts of money are in {self.spec.currency}."),)))
        if self.spec.items(n.Credits):
            out.append(Paragraph(self.billing()))
        return out

    def billing(self) -> Inlines:
        """The billing period rule (:mod:`sladsl.check.billing`), as the evaluator applies it."""
        found = billing(self.spec)
        unit = found.unit or "month"
        if found.stated is not None:
            why: Inlines = (Text("The billing period is the "), self.en.period(unit),
                            Text(", as stated in the service credits."))
        elif found.evidence:
            why = (Text("As no billing period is stated, it is the "), self.en.period(unit),
                   Text(", because " + "; ".join(w for _, w, _ in found.evidence) + "."))
        else:
            why = (Text("As no billing period is stated, and no cap, claim or fee names a "
                        "period, the billing period is the "), self.en.period(unit), Text("."))
        return merge((*why, Text(" Service credits are computed, capped and claimed for each "
                                 "billing period; a credit for an objective measured over a "
                                 "longer or shorter period belongs to the billing period in "
                                 "which that measurement period ends. A credit that is a share "
                                 "of a fee uses the fee for that billing period, and the fees "
                                 "paid during downtime are that fee multiplied by the minutes "
                                 "of downtime and divided by the minutes of the billing "
                                 "period.")))

    def review(self) -> Inlines:
        unit = self.spec.agreement.review or "year"
        return merge((Text("The parties shall review this Agreement, including its service "
                           "levels, every "), self.en.period(unit), Text(".")))

    # ---- tables

    def tier_table(self, node: n.TierTable, children: list[cl.Clause]) -> Table:
        rows = []
        for k in children:
            if isinstance(k.node, n.Tier):
                rows.append(TableRow((
                    (Text(k.number),), merge(self.en.bounds(k.node.bounds)),
                    merge(self.en.amount(k.node.amount))), k.anchor))
        name = node.objective.name
        return Table(f"Service credits for {name}",
                     ("Clause", f"Measured {name}", "Service credit"), tuple(rows))

    def calendar_table(self, node: n.CalendarDefinition) -> Table:
        rows = []
        for day, name in enumerate(DAYS):
            hours = [f"{s.start} to {s.end}" for s in node.spans
                     if s.first_day <= day <= s.last_day]
            rows.append(TableRow(((Text(name),), (Text(" and ".join(hours) or "Closed"),))))
        if node.holidays:
            rows.append(TableRow(((Text(f"Public holidays in {node.holidays}"),),
                                  (Text("Closed"),))))
        return Table(f"{node.name} calendar", ("Day", "Hours"), tuple(rows))

    def support_matrix(self, service: n.Service) -> Table | None:
        cells: dict[Decimal | None, dict[str, list[Inlines]]] = {}
        for o in service.objectives:
            for t in o.targets:
                if isinstance(t, n.TicketTimeTarget | n.TicketRatioTarget) and \
                        t.event.kind != "first_contact":
                    cells.setdefault(t.priority, {}).setdefault(t.event.kind, []).append(
                        self.matrix_cell(t))
        if not cells:
            return None
        levels = sorted(k for k in cells if k is not None)
        rows = []
        for level in [*levels, *([None] if None in cells else [])]:
            definition = self.spec.priorities.get(level) if level is not None else None
            label: Inlines = ((Ref(f"Priority {number(level)}", self.index.of(definition).anchor)
                               if definition else Text(f"Priority {number(level)}"),)
                              if level is not None else (Text("All tickets"),))
            meaning = (Text(definition.meaning),) if definition else (Text(""),)
            row = [label, meaning]
            for kind in ("first_response", "resolved"):
                found = cells[level].get(kind, [])
                joined: list[Inline] = []
                for i, cell in enumerate(found):
                    joined += [Text("; ")] * bool(i) + list(cell)
                row.append(merge(joined) or (Text("—"),))
            rows.append(TableRow(tuple(row)))
        return Table(f"Support matrix for {service.name}",
                     ("Priority", "Meaning", "First response", "Resolution"), tuple(rows))

    def matrix_cell(self, t: n.TicketTimeTarget | n.TicketRatioTarget) -> Inlines:
        out: list[Inline] = []
        if isinstance(t, n.TicketRatioTarget):
            out += [*self.en.compare(t.comparator, t.value), Text(" within ")]
        else:
            out.append(Text("within "))
        if t.event.limit is not None:
            out += self.en.quantity(t.event.limit)
        if t.event.calendar:
            out += [Text(" of "), self.en.term(t.event.calendar)]
        if isinstance(t, n.TicketTimeTarget) and t.any_time:
            out.append(Text(", 24×7"))
        if t.window is not None:
            out += [Text(", "), *self.en.window(t.window)]
        clause = self.index.of(t)
        out += [Text(" ("), Ref(clause.number, clause.anchor), Text(")")]
        return capitalise(merge(out))


def _example_labels(children: list[cl.Clause]) -> dict[str, str]:
    """``Given`` before facts, ``Then`` before the first outcome, ``And`` after it."""
    labels: dict[str, str] = {}
    seen_fact = seen_outcome = False
    for k in children:
        if isinstance(k.node, n.DowntimeFact | n.MissedTicketsFact | n.MeasuredFact
                      | n.SamplesFact):
            labels[k.anchor] = "And" if seen_fact else "Given"
            seen_fact = True
        elif not isinstance(k.node, n.Prose):
            labels[k.anchor] = "And" if seen_outcome else "Then"
            seen_outcome = True
    return labels


def _periods_used(spec: Spec) -> set[str]:
    """Calendar periods the agreement mentions, so that each is defined in the text."""
    used: set[str] = set()
    if spec.agreement.review:
        used.add(spec.agreement.review)
    for node in n.walk(spec.document):
        for attr in ("unit", "period", "previous"):
            value = getattr(node, attr, None) if not isinstance(node, n.Example) else None
            if value in _PERIOD_MEANING:
                used.add(str(value))
    if spec.items(n.Credits):
        used.add(billing(spec).unit or "month")
    if "quarter" in used:
        used.add("month")
    return used


class _Linker:
    """Links defined terms, parties, priorities and services where prose mentions them.

    Prose stays verbatim: only references are added around words already there, matched
    case-sensitively on whole words, longest name first.
    """

    def __init__(self, spec: Spec, index: cl.ClauseIndex) -> None:
        names: dict[str, str] = {}
        for party in spec.agreement.parties:
            called = " ".join(party.called.split())
            names[called[4:] if called.lower().startswith("the ") else called] = \
                index.of(party).anchor
        defined: list[n.CalendarDefinition | n.AmountDefinition | n.CustomerValue
                      | n.TermDefinition] = [*spec.calendars.values(), *spec.amounts.values(),
                                             *spec.per_customer.values(), *spec.terms.values()]
        for d in defined:
            names[d.name] = index.of(d).anchor
        for level, p in spec.priorities.items():
            names[f"Priority {number(level)}"] = index.of(p).anchor
        for s in spec.services.values():
            names[s.name] = index.of(s).anchor
        self.names = {k: v for k, v in names.items() if k.strip()}
        ordered = sorted(self.names, key=lambda k: (-len(k), k))
        self.pattern = (re.compile(r"(?<!\w)(" + "|".join(re.escape(k) for k in ordered)
                                   + r")(?!\w)") if ordered else None)

    def link(self, text: str) -> Inlines:
        if self.pattern is None:
            return (Text(text),)
        out: list[Inline] = []
        pos = 0
        for m in self.pattern.finditer(text):
            out += [Text(text[pos:m.start()]), Ref(m.group(0), self.names[m.group(0)])]
            pos = m.end()
        out.append(Text(text[pos:]))
        return merge(out)
