"""Typed quantities with exact decimal values: percentages, durations, money, counts, scores.

No float ever holds a value from a spec. Each quantity keeps the digits as written (for
rendering and formatting) and a canonical value for arithmetic: durations in seconds (or in
business hours/days on a calendar), money in its currency.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from .frozen import frozen_record

DurationUnit = Literal["ms", "second", "minute", "hour", "day", "week", "month", "year"]

#: Seconds in each fixed-length unit. Months and years have no fixed length; a duration in
#: them is a calendar amount (``renewing for 12 months``) and has no ``seconds``.
UNIT_SECONDS: dict[str, Decimal] = {
    "ms": Decimal("0.001"),
    "second": Decimal(1),
    "minute": Decimal(60),
    "hour": Decimal(3600),
    "day": Decimal(86400),
    "week": Decimal(604800),
}

_UNIT_NAMES = {
    "ms": "ms", "millisecond": "ms", "milliseconds": "ms",
    "second": "second", "seconds": "second",
    "minute": "minute", "minutes": "minute",
    "hour": "hour", "hours": "hour",
    "day": "day", "days": "day",
    "week": "week", "weeks": "week",
    "month": "month", "months": "month",
    "year": "year", "years": "year",
}


def unit_of(word: str) -> DurationUnit:
    """Canonical unit for a unit word as written (``minutes`` → ``minute``)."""
    return _UNIT_NAMES[word]  # type: ignore[return-value]


def parse_decimal(text: str) -> Decimal:
    """``12,000.50`` → ``Decimal('12000.50')``; thousands separators are dropped."""
    return Decimal(text.replace(",", ""))


@frozen_record
class Percent:
    """A percentage, e.g. ``99.95%``; ``value`` is in percent (99.95, not 0.9995)."""

    value: Decimal

    @property
    def ratio(self) -> Decimal:
        return self.value / 100

    def __str__(self) -> str:
        return f"{self.value}%"


@frozen_record
class Duration:
    """A length of time. ``business`` durations count hours or days of a business calendar."""

    value: Decimal
    unit: DurationUnit
    business: bool = False
    calendar: str | None = None  # the named hours calendar, for "4 hours of Business Hours"

    @property
    def seconds(self) -> Decimal | None:
        """Length in seconds of elapsed time; ``None`` for calendar months and years."""
        factor = UNIT_SECONDS.get(self.unit)
        return None if factor is None else self.value * factor

    @property
    def on_calendar(self) -> bool:
        """Whether the duration is counted on a business-hours calendar."""
        return self.business or self.calendar is not None

    def __str__(self) -> str:
        unit = self.unit if self.unit == "ms" else self.unit + ("" if self.value == 1 else "s")
        prefix = "business " if self.business else ""
        suffix = f" of {self.calendar}" if self.calendar else ""
        return f"{self.value} {prefix}{unit}{suffix}"


@frozen_record
class Money:
    """An amount of money; ``currency`` is ``None`` when the spec forgot it (an error)."""

    amount: Decimal
    currency: str | None

    def __str__(self) -> str:
        return f"{self.currency} {self.amount:,}" if self.currency else f"{self.amount:,}"


@frozen_record
class Count:
    """A plain number: a count, a net promoter score, a bare value without a unit."""

    value: Decimal

    def __str__(self) -> str:
        return str(self.value)


@frozen_record
class Score:
    """A score on a scale, e.g. ``4.2 out of 5``."""

    value: Decimal
    scale: Decimal

    def __str__(self) -> str:
        return f"{self.value} out of {self.scale}"


Quantity = Percent | Duration | Money | Count | Score


def kind_of(q: Quantity) -> str:
    """The unit family, as named in messages: percentage, duration, money, number, score."""
    return {
        Percent: "percentage",
        Duration: "duration",
        Money: "money",
        Count: "number",
        Score: "score",
    }[type(q)]


def magnitude(q: Quantity) -> Decimal:
    """The number to compare: percent value, seconds, amount, count or score."""
    if isinstance(q, Percent | Count | Score):
        return q.value
    if isinstance(q, Money):
        return q.amount
    seconds = q.seconds
    return q.value if seconds is None or q.on_calendar else seconds
