"""The agreement's header, definitions, responsibilities and exclusions."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from ..errors import Span
from ..frozen import node
from ..quantities import Quantity
from .base import (
    Node,
    PartyRef,
    PeriodUnit,
    Prose,
    Role,
    Window,
    _date,
)

# ---------------------------------------------------------------- header


@node
class Party(Node):
    """``provider "Acme Cloud Ltd." called "the Provider"``."""

    role: Role
    name: str
    called: str


@node
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


@node
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


@node
class TermDefinition(Node):
    """``"Monthly Fee" means "…"``."""

    name: str
    meaning: str


@node
class AmountDefinition(Node):
    """``"Monthly Fee" is EUR 12,000``."""

    name: str
    value: Quantity


@node
class CustomerValue(Node):
    """``"Monthly Fee" is given per customer``: an amount each customer's order form sets
    (the customers file's column of that name; see :mod:`sladsl.engines.customers`)."""

    name: str


@node
class HoursSpan(Node):
    """``09:00 to 17:00, Monday to Friday``; days are 0 (Monday) to 6 (Sunday)."""

    start: str
    end: str
    first_day: int
    last_day: int


@node
class CalendarDefinition(Node):
    """``"Business Hours" are 09:00 to 17:00, Monday to Friday, except public holidays in GB``."""

    name: str
    spans: tuple[HoursSpan, ...]
    holidays: str | None  # ISO 3166 country, optionally with a subdivision: GB, US-CA
    time_zone: str | None


@node
class PriorityDefinition(Node):
    """``priority 1 means "…"``."""

    level: Decimal
    meaning: str


Definition = (TermDefinition | AmountDefinition | CustomerValue | CalendarDefinition
              | PriorityDefinition | Prose)


@node
class Definitions(Node):
    items: tuple[Definition, ...]




# ---------------------------------------------------------------- responsibilities


@node
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


@node
class Responsibility(Node):
    """``the Customer shall report each incident within 24 hours of discovering it``."""

    party: PartyRef
    action: str
    deadline: Deadline


@node
class Responsibilities(Node):
    items: tuple[Responsibility | Prose, ...]


# ---------------------------------------------------------------- exclusions


@node
class MaintenanceExclusion(Node):
    """``scheduled maintenance announced at least 72 hours in advance, up to 4 hours …``."""

    kind: str | None  # scheduled | planned | emergency
    notice: Quantity
    allowance: Quantity | None
    allowance_window: Window | None


@node
class ForceMajeureExclusion(Node):
    """``force majeure``."""


@node
class CausedByExclusion(Node):
    """``incidents caused by the Customer``."""

    party: PartyRef


@node
class LateReportExclusion(Node):
    """``incidents the Customer did not report on time``."""

    party: PartyRef


Exclusion = (MaintenanceExclusion | ForceMajeureExclusion | CausedByExclusion
             | LateReportExclusion | Prose)


@node
class Exclusions(Node):
    items: tuple[Exclusion, ...]
