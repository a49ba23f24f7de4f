"""The abstract syntax tree: one frozen dataclass per construct of the language.

Every node carries the :class:`~sladsl.errors.Span` it came from. Prose blocks and comments are
nodes too, so that the contract text and the formatter lose nothing. Back-ends walk these
nodes with :class:`sladsl.visitor.Visitor`; none of them sees Lark.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal
from typing import Literal

from .errors import Span
from .quantities import Quantity

Comparator = Literal["at_least", "at_most", "more_than", "less_than"]
PeriodUnit = Literal["week", "month", "quarter", "year"]
Role = Literal["provider", "customer"]


@dataclass(frozen=True, slots=True)
class Node:
    """Base of every node: where in the source it came from."""

    span: Span

    def children(self) -> list[Node]:
        """Direct child nodes, in source order."""
        out: list[Node] = []
        for name in _field_names(type(self)):
            value = getattr(self, name)
            if isinstance(value, Node):
                out.append(value)
            elif isinstance(value, tuple):
                out.extend(v for v in value if isinstance(v, Node))
        return out


# ---------------------------------------------------------------- shared


@dataclass(frozen=True, slots=True)
class Comment(Node):
    """A ``#`` comment; ``text`` includes the ``#``."""

    text: str


@dataclass(frozen=True, slots=True)
class Prose(Node):
    """A ``\"\"\"`` block: rendered verbatim, never executed. ``text`` is dedented."""

    text: str


@dataclass(frozen=True, slots=True)
class CalendarWindow(Node):
    """``in each calendar month`` (or week, quarter, year)."""

    unit: PeriodUnit


@dataclass(frozen=True, slots=True)
class RollingWindow(Node):
    """``in each rolling 30 days``."""

    days: Decimal


Window = CalendarWindow | RollingWindow


@dataclass(frozen=True, slots=True)
class PartyRef(Node):
    """A reference to a party by what it is called, e.g. ``the Customer``."""

    name: str  # as written, without "the": "Customer"
    the: bool

    @property
    def text(self) -> str:
        return f"the {self.name}" if self.the else self.name


@dataclass(frozen=True, slots=True)
class ObjectiveRef(Node):
    """``"Monthly Availability"`` or ``"Latency" of "Compute API"``."""

    name: str
    service: str | None = None


@dataclass(frozen=True, slots=True)
class Bound(Node):
    """One side of a range: ``below 99.95%``, ``at least 99.0%``."""

    comparator: Comparator
    value: Quantity


# ---------------------------------------------------------------- header


@dataclass(frozen=True, slots=True)
class Party(Node):
    """``provider "Acme Cloud Ltd." called "the Provider"``."""

    role: Role
    name: str
    called: str


@dataclass(frozen=True, slots=True)
class Term(Node):
    """``effective 2026-01-01 until 2026-12-31, renewing for 12 months``."""

    effective: str  # as written; validity is a semantic check
    until: str | None
    renewal: Quantity | None

    @property
    def effective_date(self) -> date | None:
        return _date(self.effective)

    @property
    def until_date(self) -> date | None:
        return _date(self.until) if self.until else None


@dataclass(frozen=True, slots=True)
class Agreement(Node):
    """The header: title, parties, term, time zone, currency, review cadence, prose."""

    title: str
    version: str | None
    parties: tuple[Party, ...]
    term: Term | None
    time_zone: str | None
    time_zone_span: Span | None
    currency: str | None
    review: PeriodUnit | None
    prose: tuple[Prose, ...]
    #: Header lines given more than once (the first counts; the checker reports the others).
    repeated: tuple[tuple[str, Span], ...] = ()


# ---------------------------------------------------------------- definitions


@dataclass(frozen=True, slots=True)
class TermDefinition(Node):
    """``"Monthly Fee" means "…"``."""

    name: str
    meaning: str


@dataclass(frozen=True, slots=True)
class AmountDefinition(Node):
    """``"Monthly Fee" is EUR 12,000``."""

    name: str
    value: Quantity


@dataclass(frozen=True, slots=True)
class HoursSpan(Node):
    """``09:00 to 17:00, Monday to Friday``; days are 0 (Monday) to 6 (Sunday)."""

    start: str
    end: str
    first_day: int
    last_day: int


@dataclass(frozen=True, slots=True)
class CalendarDefinition(Node):
    """``"Business Hours" are 09:00 to 17:00, Monday to Friday, except public holidays in GB``."""

    name: str
    spans: tuple[HoursSpan, ...]
    holidays: str | None  # ISO 3166 country, optionally with a subdivision: GB, US-CA
    time_zone: str | None


@dataclass(frozen=True, slots=True)
class PriorityDefinition(Node):
    """``priority 1 means "…"``."""

    level: Decimal
    meaning: str


Definition = TermDefinition | AmountDefinition | CalendarDefinition | PriorityDefinition | Prose


@dataclass(frozen=True, slots=True)
class Definitions(Node):
    items: tuple[Definition, ...]


# ---------------------------------------------------------------- objectives


@dataclass(frozen=True, slots=True)
class AvailabilityTarget(Node):
    """``the service shall be available at least 99.95% of the time in each calendar month``."""

    comparator: Comparator
    value: Quantity
    window: Window | None


@dataclass(frozen=True, slots=True)
class PercentileTarget(Node):
    """``the 95th percentile of response time shall be at most 300 ms …``."""

    percentile: Decimal
    metric: str  # response time | turnaround time | resolution time | satisfaction score
    comparator: Comparator
    value: Quantity
    window: Window | None
    calendar: str | None = None  # "at most 2 days of Business Hours"


@dataclass(frozen=True, slots=True)
class AverageTarget(Node):
    """``the average satisfaction score shall be at least 4.2 out of 5 …``."""

    metric: str
    comparator: Comparator
    value: Quantity
    window: Window | None
    calendar: str | None = None


@dataclass(frozen=True, slots=True)
class RequestRatioTarget(Node):
    """``at most 0.1% of requests shall fail``, ``… shall complete within 500 ms``."""

    comparator: Comparator
    value: Quantity
    outcome: Literal["fail", "succeed", "complete_within"]
    within: Quantity | None
    window: Window | None


@dataclass(frozen=True, slots=True)
class TicketEvent(Node):
    """What must happen to a ticket: first response or resolution within a time, or FCR."""

    kind: Literal["first_response", "resolved", "first_contact"]
    limit: Quantity | None
    calendar: str | None  # "4 hours of Business Hours"


@dataclass(frozen=True, slots=True)
class TicketTimeTarget(Node):
    """``priority 1 tickets shall receive a first response within 15 minutes, at any time``."""

    priority: Decimal | None
    event: TicketEvent
    any_time: bool
    window: Window | None


@dataclass(frozen=True, slots=True)
class TicketRatioTarget(Node):
    """``at least 95% of priority 1 tickets shall be resolved within 4 hours …``."""

    comparator: Comparator
    value: Quantity
    priority: Decimal | None
    event: TicketEvent
    window: Window | None


@dataclass(frozen=True, slots=True)
class ClosureRateTarget(Node):
    """``the closure rate shall be at least 95% in each calendar month``."""

    comparator: Comparator
    value: Quantity
    window: Window | None


@dataclass(frozen=True, slots=True)
class NpsTarget(Node):
    """``the net promoter score shall be at least 30 in each calendar quarter``."""

    comparator: Comparator
    value: Quantity
    window: Window | None


@dataclass(frozen=True, slots=True)
class ScoreRatioTarget(Node):
    """``at least 85% of satisfaction scores shall be at least 4 out of 5 …``."""

    comparator: Comparator
    value: Quantity
    score_comparator: Comparator
    score: Quantity
    window: Window | None


#: Targets on one measured value per period (a percentage, a percentile, an average …).
AggregateTarget = (AvailabilityTarget | PercentileTarget | AverageTarget | RequestRatioTarget
                   | TicketRatioTarget | ClosureRateTarget | NpsTarget | ScoreRatioTarget)
#: Every target sentence; ``TicketTimeTarget`` sets a limit for each ticket instead.
Target = AggregateTarget | TicketTimeTarget


@dataclass(frozen=True, slots=True)
class SourceRule(Node):
    """``availability is measured from probes``."""

    source: Literal["probes", "requests", "incidents"]


@dataclass(frozen=True, slots=True)
class SliceRule(Node):
    """``a minute counts as unavailable when more than 5% of requests fail``."""

    slice: Quantity  # a Duration
    condition: Literal["share", "any_probe", "all_probes"]
    comparator: Comparator | None
    threshold: Quantity | None
    samples: Literal["requests", "probes"]


@dataclass(frozen=True, slots=True)
class EmptySliceRule(Node):
    """``a minute without requests counts as available``."""

    slice: Quantity
    samples: Literal["requests", "probes"]
    counts_as: Literal["available", "unavailable", "excluded"]


@dataclass(frozen=True, slots=True)
class MinimumRunRule(Node):
    """``downtime counts only in runs of at least 5 minutes``."""

    length: Quantity


@dataclass(frozen=True, slots=True)
class ExcludedTimeRule(Node):
    """``excluded time counts as available`` / ``… is left out of the measurement``."""

    treatment: Literal["available", "left_out"]


@dataclass(frozen=True, slots=True)
class AggregationRule(Node):
    """``the percentage is computed over all requests together`` / ``… average … each day``."""

    method: Literal["pooled", "averaged"]
    per: str | None  # the slice unit for averaged: minute, hour, day …
    samples: Literal["requests", "probes"] = "requests"  # what is pooled


@dataclass(frozen=True, slots=True)
class PercentileMethodRule(Node):
    """``percentiles are computed by nearest rank`` (or ``linear interpolation``)."""

    method: Literal["nearest_rank", "linear_interpolation"]


@dataclass(frozen=True, slots=True)
class SlowRequestRule(Node):
    """``a request counts as failed when it takes longer than 2 seconds``."""

    limit: Quantity


@dataclass(frozen=True, slots=True)
class PauseRule(Node):
    """``time waiting for the Customer is left out``: the ticket clock stops while paused."""

    party: PartyRef


MeasurementRule = (PauseRule | SourceRule | SliceRule | EmptySliceRule | MinimumRunRule
                   | ExcludedTimeRule | AggregationRule | PercentileMethodRule | SlowRequestRule)


@dataclass(frozen=True, slots=True)
class Objective(Node):
    """An ``objective "Name":`` block: its target sentences, measurement rules and prose."""

    name: str
    name_span: Span
    targets: tuple[Target, ...]
    rules: tuple[MeasurementRule, ...]
    prose: tuple[Prose, ...]
    items: tuple[Node, ...]  # everything in source order


@dataclass(frozen=True, slots=True)
class Service(Node):
    """A ``service "Name":`` block."""

    name: str
    name_span: Span
    objectives: tuple[Objective, ...]
    items: tuple[Node, ...]


# ---------------------------------------------------------------- responsibilities


@dataclass(frozen=True, slots=True)
class Deadline(Node):
    """When a responsibility is due."""

    kind: Literal["before", "by", "within", "every"]
    date: str | None = None
    within: Quantity | None = None
    relation: Literal["after", "of"] | None = None
    trigger: Literal["period", "incident", "event"] | None = None
    period: PeriodUnit | None = None
    priority: Decimal | None = None
    event: str | None = None


@dataclass(frozen=True, slots=True)
class Responsibility(Node):
    """``the Customer shall report each incident within 24 hours of discovering it``."""

    party: PartyRef
    action: str
    deadline: Deadline


@dataclass(frozen=True, slots=True)
class Responsibilities(Node):
    items: tuple[Responsibility | Prose, ...]


# ---------------------------------------------------------------- exclusions


@dataclass(frozen=True, slots=True)
class MaintenanceExclusion(Node):
    """``scheduled maintenance announced at least 72 hours in advance, up to 4 hours …``."""

    kind: str | None  # scheduled | planned | emergency
    notice: Quantity
    allowance: Quantity | None
    allowance_window: Window | None


@dataclass(frozen=True, slots=True)
class ForceMajeureExclusion(Node):
    """``force majeure``."""


@dataclass(frozen=True, slots=True)
class CausedByExclusion(Node):
    """``incidents caused by the Customer``."""

    party: PartyRef


@dataclass(frozen=True, slots=True)
class LateReportExclusion(Node):
    """``incidents the Customer did not report on time``."""

    party: PartyRef


Exclusion = (MaintenanceExclusion | ForceMajeureExclusion | CausedByExclusion
             | LateReportExclusion | Prose)


@dataclass(frozen=True, slots=True)
class Exclusions(Node):
    items: tuple[Exclusion, ...]


# ---------------------------------------------------------------- credits


@dataclass(frozen=True, slots=True)
class FeeRef(Node):
    """``the Monthly Fee`` or ``the Monthly Fee of the previous calendar month``."""

    name: str
    previous: PeriodUnit | None


@dataclass(frozen=True, slots=True)
class PercentOfFee(Node):
    """``10% of the Monthly Fee``."""

    percent: Quantity
    fee: FeeRef


@dataclass(frozen=True, slots=True)
class FixedAmount(Node):
    """``EUR 500``."""

    value: Quantity


@dataclass(frozen=True, slots=True)
class FeeMultiple(Node):
    """``10 times the fees paid during the downtime``."""

    multiple: Decimal


Amount = PercentOfFee | FixedAmount | FeeMultiple


@dataclass(frozen=True, slots=True)
class Tier(Node):
    """``below 99.95% and at least 99.0%: 10% of the Monthly Fee``."""

    bounds: tuple[Bound, ...]
    amount: Amount


@dataclass(frozen=True, slots=True)
class TierTable(Node):
    """``for "Monthly Availability":`` and its tiers."""

    objective: ObjectiveRef
    tiers: tuple[Tier, ...]
    prose: tuple[Prose, ...]


@dataclass(frozen=True, slots=True)
class EventCredit(Node):
    """``for "Incident Response": 2% of the Monthly Fee for each missed priority 1 ticket``."""

    objective: ObjectiveRef
    amount: Amount
    event: Literal["missed_ticket", "downtime_hour"]
    priority: Decimal | None


@dataclass(frozen=True, slots=True)
class MissedCredit(Node):
    """``for "Latency": 5% of the Monthly Fee when missed``."""

    objective: ObjectiveRef
    amount: Amount


@dataclass(frozen=True, slots=True)
class CreditCap(Node):
    """``credits in a calendar month are capped at 50% of the Monthly Fee``."""

    period: PeriodUnit
    amount: Amount


@dataclass(frozen=True, slots=True)
class MinimumCredit(Node):
    """``each credit is at least EUR 100``."""

    amount: Amount


@dataclass(frozen=True, slots=True)
class DeMinimis(Node):
    """``credits below EUR 50 are not paid``."""

    amount: Amount


@dataclass(frozen=True, slots=True)
class Rounding(Node):
    """``credits are rounded half up to 2 decimal places``."""

    mode: Literal["half_up", "half_even", "down", "up"]
    places: Decimal


@dataclass(frozen=True, slots=True)
class SoleRemedy(Node):
    """``credits are the Customer's sole and exclusive remedy``."""

    party: PartyRef


@dataclass(frozen=True, slots=True)
class ClaimDeadline(Node):
    """``the Customer must claim a credit within 30 days after the end of the calendar month``."""

    party: PartyRef
    within: Quantity
    period: PeriodUnit


@dataclass(frozen=True, slots=True)
class TerminationRight(Node):
    """``if "X" is missed in 3 consecutive calendar months, the Customer may terminate …``."""

    objective: ObjectiveRef | None  # None: any objective
    misses: Decimal
    out_of: Decimal | None  # "4 of any 12 consecutive": out_of = 12; None: consecutive
    period: PeriodUnit
    party: PartyRef


CreditClause = (TierTable | EventCredit | MissedCredit | CreditCap | MinimumCredit | DeMinimis
                | Rounding | SoleRemedy | ClaimDeadline | TerminationRight | Prose)


@dataclass(frozen=True, slots=True)
class Credits(Node):
    items: tuple[CreditClause, ...]


# ---------------------------------------------------------------- reporting and examples


@dataclass(frozen=True, slots=True)
class ReportingClause(Node):
    """``the Provider shall report every calendar month through "the customer portal"``."""

    party: PartyRef
    period: PeriodUnit
    channel: str


@dataclass(frozen=True, slots=True)
class Reporting(Node):
    items: tuple[ReportingClause | Prose, ...]


@dataclass(frozen=True, slots=True)
class DowntimeFact(Node):
    """``given 45 minutes of downtime in April 2026``."""

    downtime: Quantity
    service: str | None
    period: str


@dataclass(frozen=True, slots=True)
class MissedTicketsFact(Node):
    """``given 3 missed priority 1 tickets in May 2026``."""

    count: Decimal
    priority: Decimal | None
    period: str


@dataclass(frozen=True, slots=True)
class MeasuredFact(Node):
    """``given a measured "Latency" of 420 ms in June 2026``."""

    objective: ObjectiveRef
    value: Quantity
    period: str


Fact = DowntimeFact | MissedTicketsFact | MeasuredFact


@dataclass(frozen=True, slots=True)
class ValueOutcome(Node):
    """``then "Monthly Availability" is 99.896%``."""

    objective: ObjectiveRef
    value: Quantity


@dataclass(frozen=True, slots=True)
class VerdictOutcome(Node):
    """``then "Latency" is missed``."""

    objective: ObjectiveRef
    verdict: Literal["met", "missed"]


@dataclass(frozen=True, slots=True)
class CreditOutcome(Node):
    """``and the Customer receives a credit of 10% of the Monthly Fee`` (or no credit)."""

    party: PartyRef
    amount: Amount | None  # None: "receives no credit"


@dataclass(frozen=True, slots=True)
class TerminationOutcome(Node):
    """``and the Customer may terminate this agreement``."""

    party: PartyRef


Outcome = ValueOutcome | VerdictOutcome | CreditOutcome | TerminationOutcome


@dataclass(frozen=True, slots=True)
class Example(Node):
    """A worked example: facts given, outcomes expected."""

    name: str
    facts: tuple[Fact, ...]
    outcomes: tuple[Outcome, ...]
    prose: tuple[Prose, ...]


@dataclass(frozen=True, slots=True)
class Examples(Node):
    items: tuple[Example | Prose, ...]


Section = (Definitions | Service | Responsibilities | Exclusions | Credits | Reporting
           | Examples | Prose)


@dataclass(frozen=True, slots=True)
class Document(Node):
    """A whole ``.sla`` file."""

    agreement: Agreement
    sections: tuple[Section, ...]
    comments: tuple[Comment, ...]


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(cls: type[Node]) -> tuple[str, ...]:
    """Field names of a node class but its span (cached: walks visit every node)."""
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(f.name for f in fields(cls) if f.name != "span")
    return names


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def walk(node: Node) -> list[Node]:
    """Every node below and including ``node``, depth first, in source order."""
    out: list[Node] = []
    stack = [node]
    while stack:
        current = stack.pop()
        out.append(current)
        stack.extend(reversed(current.children()))
    return out


def concrete_node_classes() -> list[type[Node]]:
    """Every node class a back-end must handle (used by the visitor coverage test)."""
    result: list[type[Node]] = []
    todo: list[type[Node]] = [Node]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            # slots=True rebuilds each class; only the one bound in this module is real.
            if globals().get(sub.__name__) is sub and sub not in result:
                result.append(sub)
                todo.append(sub)
    return sorted(result, key=lambda c: c.__name__)

