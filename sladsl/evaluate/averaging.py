"""``the percentage is the average of the percentages for each day``: one percentage per part.

A window is cut into parts of the stated unit at the boundaries of the agreement's calendar
(a day runs from local midnight to local midnight, so a day on which the clocks change has 23
or 25 hours; a week starts on Monday; minutes and hours are counted from the window's start).
Each part gets its own percentage, computed exactly as the whole window's would be, and the
result is their arithmetic mean, exactly. A part with nothing to measure (no requests, or
time that is entirely left out of the measurement) has no percentage and is not averaged.
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import date, timedelta
from fractions import Fraction

from .periods import Period, local_midnight, to_us

#: The units of :data:`~sladsl.model.AVERAGED_UNITS` that have a fixed length.
FIXED_US = {"minute": 60_000_000, "hour": 3_600_000_000}


def boundaries(window: Period, unit: str) -> list[int]:
    """The start of every part of ``window``, then the window's end (microseconds)."""
    start, end = window.start_us, window.end_us
    if unit in FIXED_US:
        return [*range(start, end, FIXED_US[unit]), end]
    day = window.first_day
    out = [start]
    while True:
        day = _next(day, unit)
        us = to_us(local_midnight(day, window.tz))
        if us >= end:
            return [*out, end]
        out.append(us)


def _next(day: date, unit: str) -> date:
    if unit == "day":
        return day + timedelta(days=1)
    if unit == "week":
        return day + timedelta(days=7 - day.weekday())
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def part_of(cuts: list[int], us: int) -> int:
    """Index of the part holding the instant ``us`` (``cuts`` from :func:`boundaries`)."""
    return bisect_right(cuts, us) - 1


def overlap_per_part(cuts: list[int], intervals: list[tuple[int, int]]) -> list[int]:
    """Microseconds of the sorted, disjoint ``intervals`` that fall in each part."""
    out = [0] * (len(cuts) - 1)
    for a, b in intervals:
        i = max(part_of(cuts, a), 0)
        while i < len(out) and cuts[i] < b:
            lo, hi = max(a, cuts[i]), min(b, cuts[i + 1])
            if hi > lo:
                out[i] += hi - lo
            i += 1
    return out


def mean(values: list[Fraction]) -> Fraction | None:
    """The exact arithmetic mean, or ``None`` when there is nothing to average."""
    return sum(values, Fraction(0)) / len(values) if values else None


def availability_parts(cuts: list[int], removed: list[tuple[int, int]],
                       counted: list[tuple[int, int]]) -> list[Fraction]:
    """Per part with measured time: (measured − downtime) / measured × 100."""
    gone = overlap_per_part(cuts, removed)
    down = overlap_per_part(cuts, counted)
    out = []
    for i in range(len(cuts) - 1):
        measured = cuts[i + 1] - cuts[i] - gone[i]
        if measured > 0:
            out.append(Fraction(measured - down[i], measured) * 100)
    return out
