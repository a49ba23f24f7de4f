"""Intervals of measured values, with the exact open/closed ends that contract words imply.

``below 99.95% and at least 99.0%`` is the half-open interval [99.0, 99.95). The checker uses
these to find credit tiers that overlap, leave gaps, or pay where the objective is met; the
evaluator uses the same objects to pick the tier a measured value falls in, so the two agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from ..frozen import frozen_record
from ..nodes import Comparator


@frozen_record
class Interval:
    """A set of values between ``lo`` and ``hi``; ``None`` means unbounded on that side."""

    lo: Decimal | None = None
    lo_closed: bool = False
    hi: Decimal | None = None
    hi_closed: bool = False

    @classmethod
    def from_bounds(cls, bounds: Sequence[tuple[Comparator, Decimal]]) -> Interval:
        """The values satisfying every ``(comparator, value)`` bound at once."""
        iv = cls()
        for comparator, value in bounds:
            iv = iv.intersect(cls.from_comparator(comparator, value))
        return iv

    @classmethod
    def from_comparator(cls, comparator: Comparator, value: Decimal) -> Interval:
        if comparator == "at_least":
            return cls(value, True, None, False)
        if comparator == "more_than":
            return cls(value, False, None, False)
        if comparator == "at_most":
            return cls(None, False, value, True)
        return cls(None, False, value, False)  # less_than

    def contains(self, x: Decimal) -> bool:
        if self.lo is not None and (x < self.lo or (x == self.lo and not self.lo_closed)):
            return False
        return not (self.hi is not None and (x > self.hi or (x == self.hi and not self.hi_closed)))

    def intersect(self, other: Interval) -> Interval:
        lo, lo_closed = self.lo, self.lo_closed
        if other.lo is not None and (lo is None or other.lo > lo
                                     or (other.lo == lo and not other.lo_closed)):
            lo, lo_closed = other.lo, other.lo_closed
        hi, hi_closed = self.hi, self.hi_closed
        if other.hi is not None and (hi is None or other.hi < hi
                                     or (other.hi == hi and not other.hi_closed)):
            hi, hi_closed = other.hi, other.hi_closed
        return Interval(lo, lo_closed, hi, hi_closed)

    @property
    def empty(self) -> bool:
        if self.lo is None or self.hi is None:
            return False
        return self.lo > self.hi or (self.lo == self.hi and not (self.lo_closed and self.hi_closed))

    def overlaps(self, other: Interval) -> bool:
        return not self.intersect(other).empty

    def sample(self) -> Decimal:
        """A value inside the interval (for messages such as "a value of 98.5% …")."""
        if self.lo is not None and self.hi is not None:
            if self.lo_closed:
                return self.lo
            if self.hi_closed:
                return self.hi
            return (self.lo + self.hi) / 2
        if self.lo is not None:
            return self.lo if self.lo_closed else self.lo + 1
        if self.hi is not None:
            return self.hi if self.hi_closed else self.hi - 1
        return Decimal(0)


def first_gap(intervals: Sequence[Interval], domain: Interval) -> Interval | None:
    """The first part of ``domain`` that no interval covers, or ``None`` if all is covered."""
    parts = sorted(
        (iv.intersect(domain) for iv in intervals),
        key=lambda iv: (iv.lo is not None, iv.lo if iv.lo is not None else Decimal(0),
                        not iv.lo_closed),
    )
    parts = [p for p in parts if not p.empty]
    # ``reach`` is the upper end of what is covered so far; ``reach_closed`` says whether that
    # end point itself is covered. ``None`` before anything is covered on an unbounded domain.
    reach: Decimal | None = domain.lo
    reach_closed = not domain.lo_closed  # an open domain end is not ours to cover
    for part in parts:
        if part.lo is not None:
            if reach is None:
                return Interval(None, False, part.lo, not part.lo_closed)
            if part.lo > reach or (part.lo == reach and not reach_closed and not part.lo_closed):
                return Interval(reach, not reach_closed, part.lo, not part.lo_closed)
        if part.hi is None:
            return None
        if reach is None or part.hi > reach:
            reach, reach_closed = part.hi, part.hi_closed
        elif part.hi == reach:
            reach_closed = reach_closed or part.hi_closed
    if reach is None:
        return domain
    if domain.hi is None:
        return Interval(reach, not reach_closed, None, False)
    if reach < domain.hi or (reach == domain.hi and not reach_closed and domain.hi_closed):
        return Interval(reach, not reach_closed, domain.hi, domain.hi_closed)
    return None
