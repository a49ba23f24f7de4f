"""Half-open intervals of microseconds: union, clipping, subtraction, and exclusion sets.

Maintenance windows and incidents are few, so they are handled here as Python interval lists;
request logs and probes never leave the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from .results import Exclusion

US_PER_MINUTE = 60_000_000


def minutes(us: int) -> Fraction:
    return Fraction(us, US_PER_MINUTE)


@dataclass
class ExclusionSet:
    """Excluded intervals and maintenance that counts as downtime, for one service."""

    excluded: list[Exclusion] = field(default_factory=list)
    downtime: list[Exclusion] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def excluded_intervals(self, start: int, end: int) -> list[tuple[int, int]]:
        return clip(merge([(e.start_us or 0, e.end_us or 0) for e in self.excluded]), start, end)

    def downtime_intervals(self, start: int, end: int) -> list[tuple[int, int]]:
        return clip(merge([(e.start_us or 0, e.end_us or 0) for e in self.downtime]), start, end)

    def within(self, start: int, end: int) -> ExclusionSet:
        """The parts of each entry that fall in ``[start, end)``."""
        def cut(items: list[Exclusion]) -> list[Exclusion]:
            out = []
            for e in items:
                a, b = max(e.start_us or 0, start), min(e.end_us or 0, end)
                if b > a:
                    out.append(Exclusion(e.reason, e.ref, minutes(b - a), e.clause, a, b))
            return out
        return ExclusionSet(cut(self.excluded), cut(self.downtime), list(self.notes))


def merge(intervals: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, non-overlapping union of half-open intervals."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(i for i in intervals if i[1] > i[0]):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def clip(intervals: list[tuple[int, int]], start: int, end: int) -> list[tuple[int, int]]:
    return [(max(a, start), min(b, end)) for a, b in intervals if min(b, end) > max(a, start)]


def total(intervals: list[tuple[int, int]]) -> int:
    return sum(b - a for a, b in intervals)


def subtract(intervals: list[tuple[int, int]],
             minus: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``intervals`` without the time in ``minus`` (both merged)."""
    out: list[tuple[int, int]] = []
    for a, b in intervals:
        cur = a
        for c, d in minus:
            if d <= cur or c >= b:
                continue
            if c > cur:
                out.append((cur, c))
            cur = max(cur, d)
        if cur < b:
            out.append((cur, b))
    return out
