"""What evaluation produces: one :class:`Line` per target sentence and measurement window.

Measured values are exact (``Fraction`` for ratios, ``Decimal`` for values read from data);
they are rounded only for display, and :func:`shown` adds digits until the displayed value
cannot be mistaken for the target when the verdict says otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction
from typing import Literal

from .. import nodes as n
from .periods import Period

#: ``not assessed``: the objective did not apply (fewer samples than its minimum): neither met
#: nor missed, no credit, no count towards a termination right.
Verdict = Literal["met", "missed", "no data", "not due", "not assessed"]
Exact = Fraction | Decimal | int


def compare(value: Exact, comparator: n.Comparator, goal: Decimal) -> bool:
    """``value <comparator> goal`` exactly: ``at least 99.95%`` is met by exactly 99.95%."""
    v, g = Fraction(value), Fraction(goal)
    if comparator == "at_least":
        return v >= g
    if comparator == "at_most":
        return v <= g
    if comparator == "more_than":
        return v > g
    return v < g


def margin(value: Exact, comparator: n.Comparator, goal: Decimal) -> Fraction:
    """Headroom: positive when the target is met with room to spare."""
    v, g = Fraction(value), Fraction(goal)
    return v - g if comparator in ("at_least", "more_than") else g - v


def to_decimal(value: Exact, places: int = 4) -> Decimal:
    """A value rounded half-even to ``places`` decimal places, for display."""
    f = Fraction(value)
    q = Decimal(1).scaleb(-places)
    scaled = f * 10**places
    whole = round(scaled)  # Fraction.__round__ rounds half to even, exactly
    return (Decimal(whole) * q).quantize(q, rounding=ROUND_HALF_EVEN)


def shown(value: Exact, goal: Decimal | None = None, comparator: n.Comparator | None = None,
          places: int = 4) -> str:
    """Display text of an exact value, with enough digits not to contradict its verdict."""
    text = _plain(to_decimal(value, places))
    if goal is None or comparator is None:
        return text
    exact = compare(value, comparator, goal)
    for p in range(places, 13):
        d = to_decimal(value, p)
        if compare(d, comparator, goal) == exact or Fraction(value) == Fraction(d):
            return _plain(d)
    return text


def _plain(d: Decimal) -> str:
    """``99.9500`` → ``99.95``; ``100.0000`` → ``100``."""
    text = format(d, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def exact_text(value: Exact) -> str:
    """A machine-readable exact value: ``"9989/10000"`` or a plain decimal."""
    if isinstance(value, Fraction):
        return f"{value.numerator}/{value.denominator}" if value.denominator != 1 \
            else str(value.numerator)
    return _plain(Decimal(value))


@dataclass
class Budget:
    """Error budget: how much failure the target allows, and how much was used."""

    unit: str  # "minutes", "requests", "tickets"
    allowed: Fraction
    used: Fraction

    @property
    def left(self) -> Fraction:
        return self.allowed - self.used

    @property
    def used_percent(self) -> Fraction | None:
        return None if self.allowed == 0 else self.used * 100 / self.allowed


@dataclass
class Exclusion:
    """Time or items left out of (or counted as met in) a measurement, and why."""

    reason: str
    ref: str  # the id or time of what was excluded
    minutes: Fraction
    clause: n.Node | None = None
    start_us: int | None = None
    end_us: int | None = None


@dataclass
class Line:
    """One target sentence evaluated over one window."""

    service: str
    objective: str
    target: n.Node
    window: Period
    metric: str  # availability, latency, error rate, response time, …
    verdict: Verdict
    measured: Exact | None = None
    unit: str = ""
    goal: Decimal | None = None
    comparator: n.Comparator | None = None
    budget: Budget | None = None
    details: dict[str, str] = field(default_factory=dict)
    worst: list[dict[str, str]] = field(default_factory=list)
    exclusions: list[Exclusion] = field(default_factory=list)
    downtime_us: int = 0
    period_us: int = 0
    missed_by_priority: dict[Decimal | None, int] = field(default_factory=dict)
    note: str = ""
    #: How many samples (survey responses, tickets) the value is computed from, if counted.
    samples: int | None = None

    @property
    def margin(self) -> Fraction | None:
        if self.measured is None or self.goal is None or self.comparator is None \
                or self.verdict == "not assessed":
            return None
        return margin(self.measured, self.comparator, self.goal)


def judge(line: Line, value: Exact | None) -> Line:
    """Sets the measured value and the verdict (``no data`` without a value)."""
    line.measured = value
    if value is None:
        line.verdict = "no data"
    elif line.goal is not None and line.comparator is not None:
        line.verdict = "met" if compare(value, line.comparator, line.goal) else "missed"
    return line
