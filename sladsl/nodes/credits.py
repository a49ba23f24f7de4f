"""Service credits: amounts, tier tables, caps and termination rights."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from ..quantities import Quantity
from .base import (
    Bound,
    Node,
    ObjectiveRef,
    PartyRef,
    PeriodUnit,
    Prose,
)

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
    """``credits below EUR 50 are not paid`` / ``credits of USD 1 or less are not issued``."""

    amount: Amount
    inclusive: bool = False  # "or less": an amount equal to the threshold is not paid either
    verb: Literal["paid", "issued"] = "paid"


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
class Forfeiture(Node):
    """``a credit not claimed in time is forfeited``: unclaimed credits are not owed."""


@dataclass(frozen=True, slots=True)
class BillingPeriod(Node):
    """``fees are billed every calendar quarter``: the period over which credits are priced."""

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
                | Rounding | SoleRemedy | ClaimDeadline | Forfeiture | BillingPeriod
                | TerminationRight | Prose)


@dataclass(frozen=True, slots=True)
class Credits(Node):
    items: tuple[CreditClause, ...]
