"""Service credits: amounts, tier tables, caps and termination rights."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from ..frozen import node
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


@node
class FeeRef(Node):
    """``the Monthly Fee`` or ``the Monthly Fee of the previous calendar month``."""

    name: str
    previous: PeriodUnit | None


@node
class PercentOfFee(Node):
    """``10% of the Monthly Fee``."""

    percent: Quantity
    fee: FeeRef


@node
class FixedAmount(Node):
    """``EUR 500``."""

    value: Quantity


@node
class FeeMultiple(Node):
    """``10 times the fees paid during the downtime``."""

    multiple: Decimal


Amount = PercentOfFee | FixedAmount | FeeMultiple


@node
class Tier(Node):
    """``below 99.95% and at least 99.0%: 10% of the Monthly Fee``."""

    bounds: tuple[Bound, ...]
    amount: Amount


@node
class TierTable(Node):
    """``for "Monthly Availability":`` and its tiers."""

    objective: ObjectiveRef
    tiers: tuple[Tier, ...]
    prose: tuple[Prose, ...]


@node
class EventCredit(Node):
    """``for "Incident Response": 2% of the Monthly Fee for each missed priority 1 ticket``."""

    objective: ObjectiveRef
    amount: Amount
    event: Literal["missed_ticket", "downtime_hour"]
    priority: Decimal | None


@node
class MissedCredit(Node):
    """``for "Latency": 5% of the Monthly Fee when missed``."""

    objective: ObjectiveRef
    amount: Amount


@node
class CreditCap(Node):
    """``credits in a calendar month are capped at 50% of the Monthly Fee``."""

    period: PeriodUnit
    amount: Amount


@node
class MinimumCredit(Node):
    """``each credit is at least EUR 100``."""

    amount: Amount


@node
class DeMinimis(Node):
    """``credits below EUR 50 are not paid`` / ``credits of USD 1 or less are not issued``."""

    amount: Amount
    inclusive: bool = False  # "or less": an amount equal to the threshold is not paid either
    verb: Literal["paid", "issued"] = "paid"


@node
class Rounding(Node):
    """``credits are rounded half up to 2 decimal places``."""

    mode: Literal["half_up", "half_even", "down", "up"]
    places: Decimal


@node
class SoleRemedy(Node):
    """``credits are the Customer's sole and exclusive remedy``."""

    party: PartyRef


@node
class ClaimDeadline(Node):
    """``the Customer must claim a credit within 30 days after the end of the calendar month``."""

    party: PartyRef
    within: Quantity
    period: PeriodUnit


@node
class Forfeiture(Node):
    """``a credit not claimed in time is forfeited``: unclaimed credits are not owed."""


@node
class BillingPeriod(Node):
    """``fees are billed every calendar quarter``: the period over which credits are priced."""

    period: PeriodUnit


@node
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


@node
class Credits(Node):
    items: tuple[CreditClause, ...]
