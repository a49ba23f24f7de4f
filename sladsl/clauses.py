"""Clause numbering: every statement of a spec gets a stable number, anchor and title.

The contract text, the checker reports and the docs site all cite clauses the same way, so
the numbering lives here, apart from any renderer. Sections come in a fixed order (parties and
term, definitions, services, measurement, responsibilities, exclusions, service credits,
claims and remedies, reporting and review, worked examples); a section with nothing in it is
left out and the ones after it close up, so the same spec always gets the same numbers.

Numbers look like ``3.1`` (a clause), ``3.1.2`` (an objective of a service) and ``3.1.2(a)``
(a sentence inside a clause). Anchors are HTML ids taken from names where the clause has one
(``objective-compute-api-monthly-availability``), otherwise from the parent's anchor or the
section and number (``responsibilities-2``).

Use :func:`clause_index` and then ``index.of(node)`` with any node found in ``spec.document``.
"""

from __future__ import annotations

import re
import unicodedata
import weakref
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from . import nodes as n
from .errors import Span
from .model import Spec

ClauseKind = Literal["clause", "time", "measurement", "review"]

#: Node classes that are formal statements: each is rendered as canonical English once and
#: gets a clause of its own (prose blocks get one too).
STATEMENT_TYPES: tuple[type[n.Node], ...] = (
    n.Party, n.Term,
    n.TermDefinition, n.AmountDefinition, n.CustomerValue, n.CalendarDefinition,
    n.PriorityDefinition,
    n.AvailabilityTarget, n.PercentileTarget, n.AverageTarget, n.RequestRatioTarget,
    n.TicketTimeTarget, n.TicketRatioTarget, n.ClosureRateTarget, n.NpsTarget,
    n.ScoreRatioTarget,
    n.SourceRule, n.SliceRule, n.EmptySliceRule, n.MinimumRunRule, n.ExcludedTimeRule,
    n.AggregationRule, n.PercentileMethodRule, n.SlowRequestRule, n.PauseRule,
    n.IntervalAverageRule, n.MinimumSampleRule,
    n.Responsibility,
    n.MaintenanceExclusion, n.ForceMajeureExclusion, n.CausedByExclusion,
    n.LateReportExclusion,
    n.TierTable, n.Tier, n.EventCredit, n.MissedCredit, n.CreditCap, n.MinimumCredit,
    n.DeMinimis, n.Rounding, n.SoleRemedy, n.ClaimDeadline, n.TerminationRight,
    n.Forfeiture, n.BillingPeriod,
    n.ReportingClause,
    n.DowntimeFact, n.MissedTicketsFact, n.MeasuredFact, n.SamplesFact,
    n.ValueOutcome, n.VerdictOutcome, n.CreditOutcome, n.TerminationOutcome,
)

#: The sections of a contract in their fixed order: key, title.
SECTIONS: tuple[tuple[str, str], ...] = (
    ("parties", "Parties and Term"),
    ("definitions", "Definitions"),
    ("services", "Services and Service Levels"),
    ("measurement", "Measurement"),
    ("responsibilities", "Responsibilities"),
    ("exclusions", "Exclusions"),
    ("credits", "Service Credits"),
    ("claims", "Claims and Remedies"),
    ("reporting", "Reporting and Review"),
    ("examples", "Worked Examples"),
)


@dataclass(frozen=True, slots=True)
class Clause:
    """One numbered clause: ``number`` ("3.1.2"), HTML ``anchor``, ``title`` and its node.

    ``kind`` is ``clause`` for a clause that states its node; the agreement header also gives
    a ``time`` clause (time zone and currency) and a ``review`` clause, and every objective a
    ``measurement`` clause (section 4) besides its own clause in section 3.
    """

    number: str
    anchor: str
    title: str
    node: n.Node
    section: str  # the section key, e.g. "services"
    level: int  # 1 for "3.1", 2 for "3.1.2"; lettered sentences are one deeper than parent
    parent: str | None  # anchor of the enclosing clause
    kind: ClauseKind = "clause"

    @property
    def span(self) -> Span:
        return self.node.span


@dataclass(frozen=True, slots=True)
class Section:
    """A numbered section of the contract and its top-level clauses."""

    number: str
    key: str
    title: str
    anchor: str
    clauses: tuple[Clause, ...]


class ClauseIndex:
    """Every clause of one spec, in document order, with lookups by node, anchor and number."""

    def __init__(self, sections: Sequence[Section], clauses: Sequence[Clause]) -> None:
        self.sections: tuple[Section, ...] = tuple(sections)
        self.clauses: tuple[Clause, ...] = tuple(clauses)
        self._by_id: dict[int, Clause] = {}
        self._by_span: dict[tuple[str, Span], Clause] = {}
        self._extra: dict[tuple[str, int], Clause] = {}
        self._by_anchor: dict[str, Clause] = {}
        self._children: dict[str, list[Clause]] = {}
        for c in self.clauses:
            self._by_anchor[c.anchor] = c
            if c.parent is not None:
                self._children.setdefault(c.parent, []).append(c)
            if c.kind == "clause":
                self._by_id[id(c.node)] = c
                self._by_span.setdefault((type(c.node).__name__, c.node.span), c)
            else:
                self._extra[(c.kind, id(c.node))] = c

    def get(self, node: n.Node) -> Clause | None:
        """The clause that states ``node``, or ``None`` when it has none."""
        found = self._by_id.get(id(node))
        if found is not None and found.node is node:
            return found
        # An equal node from a re-parse of the same text: fall back to kind and position.
        return self._by_span.get((type(node).__name__, node.span))

    def of(self, node: n.Node) -> Clause:
        """The clause that states ``node``; ``KeyError`` when the node has no clause."""
        found = self.get(node)
        if found is None:
            raise KeyError(f"no clause for {type(node).__name__} at line {node.span.line}")
        return found

    def measurement(self, objective: n.Objective) -> Clause:
        """The clause of section 4 that says how ``objective`` is measured."""
        return self._extra[("measurement", id(objective))]

    @property
    def time(self) -> Clause:
        """The clause that names the agreement's time zone and currency."""
        return next(c for c in self.clauses if c.kind == "time")

    @property
    def review(self) -> Clause | None:
        """The clause on the review cadence, when the agreement names one."""
        return next((c for c in self.clauses if c.kind == "review"), None)

    def by_anchor(self, anchor: str) -> Clause | None:
        return self._by_anchor.get(anchor)

    def children(self, clause: Clause) -> list[Clause]:
        """Clauses directly inside ``clause``, in order."""
        return list(self._children.get(clause.anchor, ()))

    def __iter__(self) -> Iterator[Clause]:
        return iter(self.clauses)

    def __len__(self) -> int:
        return len(self.clauses)


_CACHE: dict[int, tuple[weakref.ref[Spec], ClauseIndex]] = {}


def clause_index(spec: Spec) -> ClauseIndex:
    """The clause index of ``spec`` (built once per spec object)."""
    cached = _CACHE.get(id(spec))
    if cached is not None and cached[0]() is spec:
        return cached[1]
    index = _Numberer(spec).build()
    key = id(spec)
    _CACHE[key] = (weakref.ref(spec, lambda _ref: _CACHE.pop(key, None)), index)
    return index


# ---------------------------------------------------------------- building


def slug(text: str) -> str:
    """``Compute API/Monthly Availability`` → ``compute-api-monthly-availability``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def letter(i: int) -> str:
    """0 → ``a``, 25 → ``z``, 26 → ``aa``: the sub-clause letters."""
    out = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        out = chr(ord("a") + r) + out
    return out


def _by_position(nodes: Iterable[n.Node]) -> list[n.Node]:
    return sorted(nodes, key=lambda x: (x.span.line, x.span.column))


_HOME: dict[type[n.Node], str] = {
    n.Definitions: "definitions", n.Service: "services", n.Responsibilities: "responsibilities",
    n.Exclusions: "exclusions", n.Credits: "credits", n.Reporting: "reporting",
    n.Examples: "examples",
}

_TARGET_TITLES: dict[type[n.Node], str] = {
    n.AvailabilityTarget: "Availability", n.ClosureRateTarget: "Closure Rate",
    n.NpsTarget: "Net Promoter Score", n.ScoreRatioTarget: "Satisfaction Scores",
}

_RULE_TITLES: dict[type[n.Node], str] = {
    n.SourceRule: "Source of Measurements", n.SliceRule: "Time Slices",
    n.EmptySliceRule: "Time Slices Without Samples", n.MinimumRunRule: "Minimum Downtime",
    n.ExcludedTimeRule: "Excluded Time", n.AggregationRule: "Aggregation",
    n.PercentileMethodRule: "Percentile Method", n.SlowRequestRule: "Slow Requests",
    n.PauseRule: "Waiting Time",
}

#: Node classes that are parts of a statement or containers of clauses, not statements.
PART_TYPES: tuple[type[n.Node], ...] = (
    n.Comment, n.Prose, n.CalendarWindow, n.RollingWindow, n.PartyRef, n.ObjectiveRef, n.Bound,
    n.Agreement, n.HoursSpan, n.Definitions, n.TicketEvent, n.Objective, n.Service, n.Deadline,
    n.Responsibilities, n.Exclusions, n.FeeRef, n.PercentOfFee, n.FixedAmount, n.FeeMultiple,
    n.Credits, n.Reporting, n.Example, n.Examples, n.Document,
)

_FIXED: dict[type[n.Node], tuple[str, str]] = {  # anchor, title
    n.CreditCap: ("credit-cap", "Cap on Credits"),
    n.MinimumCredit: ("minimum-credit", "Minimum Credit"),
    n.DeMinimis: ("de-minimis", "Small Credits"),
    n.Rounding: ("rounding", "Rounding"),
    n.SoleRemedy: ("sole-remedy", "Sole Remedy"),
    n.ClaimDeadline: ("claim-deadline", "Claims"),
    n.Forfeiture: ("forfeiture", "Forfeiture"),
    n.BillingPeriod: ("billing-period", "Billing Period"),
    n.ForceMajeureExclusion: ("exclusion-force-majeure", "Force Majeure"),
    n.Term: ("term", "Term"),
}


def ordinal(value: object) -> str:
    """``95`` → ``95th``, ``1`` → ``1st``, ``99.9`` → ``99.9th``."""
    text = str(value)
    if not text.isdigit():
        return f"{text}th"
    last_two = int(text) % 100
    suffix = "th" if 11 <= last_two <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(last_two % 10, "th")
    return text + suffix


def _title_case(text: str) -> str:
    return " ".join(w[:1].upper() + w[1:] for w in text.split())


def _priority_text(level: object) -> str:
    return f"Priority {level}"


class _Numberer:
    """Walks a spec once and hands out numbers and anchors."""

    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        self.used: set[str] = set()
        self.clauses: list[Clause] = []
        self.section_key = ""
        self.section_no = ""

    # ---- helpers

    def anchor(self, wanted: str, fallback: str) -> str:
        base = wanted if slug(wanted) == wanted and wanted else fallback
        candidate, i = base, 2
        while candidate in self.used:
            candidate = f"{base}-{i}"
            i += 1
        self.used.add(candidate)
        return candidate

    def add(self, node: n.Node, number: str, wanted: str, title: str, level: int,
            parent: Clause | None, kind: ClauseKind = "clause") -> Clause:
        fallback = (f"{parent.anchor}-{slug(number.rsplit('(', 1)[-1])}" if parent
                    else f"{self.section_key}-{slug(number.split('.', 1)[-1])}")
        clause = Clause(number, self.anchor(wanted, fallback), title, node, self.section_key,
                        level, parent.anchor if parent else None, kind)
        self.clauses.append(clause)
        return clause

    def lettered(self, parent: Clause, items: Iterable[n.Node]) -> None:
        for i, item in enumerate(x for x in items if not isinstance(x, n.Comment)):
            self.add(item, f"{parent.number}({letter(i)})", "", self.title(item),
                     parent.level + 1, parent)

    def objective_slug(self, ref: n.ObjectiveRef) -> str:
        entry = self.spec.objective(ref)
        return slug(entry.key if entry else (f"{ref.service}/{ref.name}" if ref.service
                                             else ref.name))

    # ---- titles and anchors by kind

    def title(self, node: n.Node) -> str:
        if isinstance(node, n.Prose | n.Tier) or isinstance(node, n.Fact | n.Outcome):
            return ""
        if type(node) in _RULE_TITLES:
            return _RULE_TITLES[type(node)]
        if type(node) in _TARGET_TITLES:
            return _TARGET_TITLES[type(node)]
        if type(node) in _FIXED:
            return _FIXED[type(node)][1]
        if isinstance(node, n.PercentileTarget):
            return _title_case(f"{ordinal(node.percentile)} percentile {node.metric}")
        if isinstance(node, n.AverageTarget):
            return _title_case(f"average {node.metric}")
        if isinstance(node, n.RequestRatioTarget):
            return {"fail": "Failed Requests", "succeed": "Successful Requests"}.get(
                node.outcome, "Request Duration")
        if isinstance(node, n.TicketTimeTarget | n.TicketRatioTarget):
            what = {"first_response": "First Response", "resolved": "Resolution",
                    "first_contact": "First Contact Resolution"}[node.event.kind]
            return (f"{_priority_text(node.priority)} {what}" if node.priority is not None
                    else what)
        return ""

    def named(self, node: n.Node) -> tuple[str, str]:
        """Wanted anchor and title of a top-level clause."""
        if isinstance(node, n.Party):
            return f"party-{node.role}", _title_case(node.called)
        if isinstance(node, n.TermDefinition):
            return f"definition-{slug(node.name)}", node.name
        if isinstance(node, n.AmountDefinition | n.CustomerValue):
            return f"amount-{slug(node.name)}", node.name
        if isinstance(node, n.CalendarDefinition):
            return f"calendar-{slug(node.name)}", node.name
        if isinstance(node, n.PriorityDefinition):
            return f"priority-{slug(str(node.level))}", _priority_text(node.level)
        if isinstance(node, n.Responsibility):
            return "", node.action[:1].upper() + node.action[1:]
        if isinstance(node, n.MaintenanceExclusion):
            kind = node.kind or ""
            return (f"exclusion-{slug(kind + ' maintenance')}",
                    _title_case(f"{kind} maintenance"))
        if isinstance(node, n.CausedByExclusion):
            return (f"exclusion-caused-by-{slug(node.party.name)}",
                    f"Incidents Caused by {node.party.text}")
        if isinstance(node, n.LateReportExclusion):
            return (f"exclusion-late-report-{slug(node.party.name)}",
                    "Incidents Not Reported on Time")
        if isinstance(node, n.TierTable | n.EventCredit | n.MissedCredit):
            return f"credits-{self.objective_slug(node.objective)}", f"{node.objective.name}"
        if isinstance(node, n.TerminationRight):
            what = self.objective_slug(node.objective) if node.objective else "any-objective"
            return f"termination-{what}", "Termination for Repeated Failure"
        if isinstance(node, n.ReportingClause):
            return "", "Service Reports"
        if isinstance(node, n.Example):
            return f"example-{slug(node.name)}", node.name
        if type(node) in _FIXED:
            return _FIXED[type(node)]
        return "", self.title(node)

    # ---- sections

    def build(self) -> ClauseIndex:
        doc = self.spec.document
        top: dict[str, list[n.Node]] = {key: [] for key, _ in SECTIONS}
        home = "parties"
        for section in doc.sections:
            if isinstance(section, n.Prose):
                top[home].append(section)
                continue
            home = _HOME[type(section)]
            if isinstance(section, n.Credits):
                for item in section.items:
                    claims = isinstance(item, n.SoleRemedy | n.ClaimDeadline | n.Forfeiture
                                               | n.TerminationRight)
                    top["claims" if claims else "credits"].append(item)
            elif isinstance(section, n.Service):
                top["services"].append(section)
            else:
                top[home].extend(x for x in getattr(section, "items", ())
                                 if not isinstance(x, n.Comment))
        sections: list[Section] = []
        number = 0
        for key, title in SECTIONS:
            if key == "parties" or key == "measurement" and self.spec.objectives \
                    or key == "reporting" and doc.agreement.review or top[key]:
                number += 1
                self.section_key, self.section_no = key, str(number)
                start = len(self.clauses)
                getattr(self, f"section_{key}", self.section_plain)(top[key])
                heads = tuple(c for c in self.clauses[start:] if c.parent is None)
                sections.append(Section(str(number), key, title, f"section-{key}", heads))
        return ClauseIndex(sections, self.clauses)

    def next_number(self) -> str:
        count = sum(1 for c in self.clauses if c.section == self.section_key and c.level == 1)
        return f"{self.section_no}.{count + 1}"

    def section_plain(self, items: list[n.Node]) -> None:
        for item in items:
            wanted, title = self.named(item)
            clause = self.add(item, self.next_number(), wanted, title, 1, None)
            if isinstance(item, n.TierTable):
                self.lettered(clause, _by_position([*item.tiers, *item.prose]))
            elif isinstance(item, n.Example):
                self.lettered(clause, _by_position([*item.facts, *item.outcomes, *item.prose]))

    def section_parties(self, extra: list[n.Node]) -> None:
        agreement = self.spec.agreement
        head: list[n.Node] = [*agreement.parties]
        if agreement.term is not None:
            head.append(agreement.term)
        self.section_plain([*head, *_by_position(agreement.prose)])
        self.add(agreement, self.next_number(), "time-zone-and-currency",
                 "Time Zone and Currency", 1, None, "time")
        self.section_plain(extra)

    def section_services(self, services: list[n.Node]) -> None:
        for service in services:
            if not isinstance(service, n.Service):
                # Top-level prose between services is a clause of this section of its own.
                wanted, title = self.named(service)
                self.add(service, self.next_number(), wanted, title, 1, None)
                continue
            head = self.add(service, self.next_number(), f"service-{slug(service.name)}",
                            service.name, 1, None)
            items = [x for x in service.items if not isinstance(x, n.Comment)]
            for j, item in enumerate(items, start=1):
                number = f"{head.number}.{j}"
                if isinstance(item, n.Objective):
                    wanted = f"objective-{slug(service.name + '/' + item.name)}"
                    clause = self.add(item, number, wanted, item.name, 2, head)
                    self.lettered(clause, [x for x in item.items
                                           if isinstance(x, n.Target | n.Prose)])
                else:
                    self.add(item, number, "", "", 2, head)

    def section_measurement(self, _unused: list[n.Node]) -> None:
        for entry in self.spec.objectives:
            wanted = f"measurement-{slug(entry.key)}"
            clause = self.add(entry.objective, self.next_number(), wanted,
                              entry.objective.name, 1, None, "measurement")
            self.lettered(clause, entry.objective.rules)

    def section_reporting(self, items: list[n.Node]) -> None:
        self.section_plain(items)
        if self.spec.agreement.review:
            self.add(self.spec.agreement, self.next_number(), "review", "Review", 1, None,
                     "review")
