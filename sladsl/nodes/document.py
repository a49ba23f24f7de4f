"""Reporting, worked examples, and the document that holds every section."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from ..frozen import node
from ..quantities import Quantity
from .agreement import Agreement, Definitions, Exclusions, Responsibilities
from .base import (
    Comment,
    Node,
    ObjectiveRef,
    PartyRef,
    PeriodUnit,
    Prose,
)
from .credits import Amount, Credits
from .objectives import Service

# ---------------------------------------------------------------- reporting and examples


@node
class ReportingClause(Node):
    """``the Provider shall report every calendar month through "the customer portal"``."""

    party: PartyRef
    period: PeriodUnit
    channel: str


@node
class Reporting(Node):
    items: tuple[ReportingClause | Prose, ...]


@node
class DowntimeFact(Node):
    """``given 45 minutes of downtime in April 2026``."""

    downtime: Quantity
    service: str | None
    period: str


@node
class MissedTicketsFact(Node):
    """``given 3 missed priority 1 tickets in May 2026``."""

    count: Decimal
    priority: Decimal | None
    period: str


@node
class MeasuredFact(Node):
    """``given a measured "Latency" of 420 ms in June 2026``."""

    objective: ObjectiveRef
    value: Quantity
    period: str


@node
class SamplesFact(Node):
    """``given 12 responses were received in Q1 2026``: how many samples each objective with
    a minimum number of them counts (without it, an example's minimums are taken as met)."""

    count: Decimal
    samples: Literal["responses", "tickets"]
    period: str


Fact = DowntimeFact | MissedTicketsFact | MeasuredFact | SamplesFact


@node
class ValueOutcome(Node):
    """``then "Monthly Availability" is 99.896%``."""

    objective: ObjectiveRef
    value: Quantity


@node
class VerdictOutcome(Node):
    """``then "Latency" is missed``."""

    objective: ObjectiveRef
    verdict: Literal["met", "missed", "not assessed"]


@node
class CreditOutcome(Node):
    """``and the Customer receives a credit of 10% of the Monthly Fee`` (or no credit)."""

    party: PartyRef
    amount: Amount | None  # None: "receives no credit"


@node
class TerminationOutcome(Node):
    """``and the Customer may terminate this agreement``."""

    party: PartyRef


Outcome = ValueOutcome | VerdictOutcome | CreditOutcome | TerminationOutcome


@node
class Example(Node):
    """A worked example: facts given, outcomes expected."""

    name: str
    facts: tuple[Fact, ...]
    outcomes: tuple[Outcome, ...]
    prose: tuple[Prose, ...]


@node
class Examples(Node):
    items: tuple[Example | Prose, ...]


Section = (Definitions | Service | Responsibilities | Exclusions | Credits | Reporting
           | Examples | Prose)


@node
class Document(Node):
    """A whole ``.sla`` file."""

    agreement: Agreement
    sections: tuple[Section, ...]
    comments: tuple[Comment, ...]
