"""Periods cut in the agreement's time zone: calendar weeks, months, quarters, years, rolling days.

A period is a half-open interval ``[start, end)`` of local wall-clock midnights converted to
instants with :mod:`zoneinfo`, so a London March has 743 hours and a London October 745.
All lengths are computed on UTC instants (integer microseconds since the epoch) because Python
subtracts two datetimes that share a ``tzinfo`` as wall-clock times, which is wrong across a
daylight-saving change.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..errors import Diagnostic as _Diagnostic
from ..errors import SlaUsageError, Span

EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)  # noqa: UP017 (Python 3.10)
US_PER_SECOND = 1_000_000
US_PER_HOUR = 3600 * US_PER_SECOND
US_PER_DAY = 24 * US_PER_HOUR

Unit = str  # "week" | "month" | "quarter" | "year" | "rolling"


def zone(name: str) -> ZoneInfo:
    """The IANA zone called ``name``; a usage error if there is none."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise usage_error(f"unknown time zone {name!r}",
                          "use an IANA name such as Europe/London or UTC") from exc


def usage_error(message: str, hint: str = "") -> SlaUsageError:
    """A command-line mistake, reported without a source position."""
    return SlaUsageError([_Diagnostic("E900", "error", message, Span.point("<command>", 1, 1),
                                      hint)])


def to_us(moment: datetime) -> int:
    """Microseconds since the Unix epoch of an aware datetime (exact, no float)."""
    return (moment - EPOCH) // timedelta(microseconds=1)


def from_us(us: int, tz: ZoneInfo) -> datetime:
    """The local datetime of an epoch-microsecond instant."""
    return (EPOCH + timedelta(microseconds=us)).astimezone(tz)


def local_midnight(day: date, tz: ZoneInfo) -> datetime:
    """The instant the local day starts (wall-clock 00:00, resolved by zoneinfo)."""
    return datetime(day.year, day.month, day.day, tzinfo=tz)


@dataclass(frozen=True, slots=True)
class Period:
    """A half-open interval of time ``[start, end)`` with a label such as ``2026-03``."""

    unit: Unit
    label: str
    first_day: date  # local date of the first day
    end_day: date  # local date of the day after the last (exclusive)
    tz: ZoneInfo

    @property
    def start(self) -> datetime:
        return local_midnight(self.first_day, self.tz)

    @property
    def end(self) -> datetime:
        return local_midnight(self.end_day, self.tz)

    @property
    def start_us(self) -> int:
        return to_us(self.start)

    @property
    def end_us(self) -> int:
        return to_us(self.end)

    @property
    def length_us(self) -> int:
        return self.end_us - self.start_us

    @property
    def hours(self) -> Decimal:
        return Decimal(self.length_us) / US_PER_HOUR

    @property
    def last_day(self) -> date:
        return self.end_day - timedelta(days=1)

    def contains_us(self, us: int) -> bool:
        return self.start_us <= us < self.end_us

    def __str__(self) -> str:
        return self.label


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + (day.month - 1) + months
    return date(index // 12, index % 12 + 1, 1)


def calendar_period(unit: Unit, day: date, tz: ZoneInfo) -> Period:
    """The calendar week (ISO, from Monday), month, quarter or year containing ``day``."""
    if unit == "week":
        first = day - timedelta(days=day.weekday())
        iso = first.isocalendar()
        return Period(unit, f"{iso.year}-W{iso.week:02d}", first, first + timedelta(days=7), tz)
    if unit == "month":
        first = date(day.year, day.month, 1)
        return Period(unit, f"{day.year}-{day.month:02d}", first, _add_months(first, 1), tz)
    if unit == "quarter":
        q = (day.month - 1) // 3
        first = date(day.year, 3 * q + 1, 1)
        return Period(unit, f"{day.year}-Q{q + 1}", first, _add_months(first, 3), tz)
    if unit == "year":
        first = date(day.year, 1, 1)
        return Period(unit, str(day.year), first, date(day.year + 1, 1, 1), tz)
    raise ValueError(f"not a calendar unit: {unit}")


def next_period(p: Period) -> Period:
    return calendar_period(p.unit, p.end_day, p.tz)


def previous_period(p: Period) -> Period:
    return calendar_period(p.unit, p.first_day - timedelta(days=1), p.tz)


def period_of_us(unit: Unit, us: int, tz: ZoneInfo) -> Period:
    """The calendar period of ``unit`` containing the instant ``us``."""
    return calendar_period(unit, from_us(us, tz).date(), tz)


def rolling(days: int, end_day: date, tz: ZoneInfo) -> Period:
    """The ``days`` local days ending just before ``end_day``'s midnight."""
    first = end_day - timedelta(days=days)
    return Period("rolling", f"{first.isoformat()}..{(end_day - timedelta(days=1)).isoformat()}",
                  first, end_day, tz)


_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-?Q([1-4])$", re.IGNORECASE)
_YEAR = re.compile(r"^(\d{4})$")
_WEEK = re.compile(r"^(\d{4})-?W(\d{2})$", re.IGNORECASE)


def parse_period(text: str, tz: ZoneInfo) -> Period:
    """``2026-03`` (month), ``2026-Q1`` (quarter), ``2026`` (year) or ``2026-W10`` (ISO week)."""
    t = text.strip()
    try:
        if m := _MONTH.match(t):
            return calendar_period("month", date(int(m[1]), int(m[2]), 1), tz)
        if m := _QUARTER.match(t):
            return calendar_period("quarter", date(int(m[1]), 3 * int(m[2]) - 2, 1), tz)
        if m := _YEAR.match(t):
            return calendar_period("year", date(int(m[1]), 1, 1), tz)
        if m := _WEEK.match(t):
            return calendar_period("week", date.fromisocalendar(int(m[1]), int(m[2]), 1), tz)
    except ValueError:
        pass
    raise usage_error(f"cannot read {text!r} as a period",
                      "write a month 2026-03, a quarter 2026-Q1, a year 2026 or a week 2026-W10")


def parse_range(first: str, last: str, tz: ZoneInfo) -> list[Period]:
    """Every period from ``first`` to ``last`` inclusive; both must be of the same kind."""
    a, b = parse_period(first, tz), parse_period(last, tz)
    if a.unit != b.unit:
        raise usage_error(f"--from {first} and --to {last} are different kinds of period",
                          "use two months (2026-01, 2026-03) or two quarters, years or weeks")
    if b.first_day < a.first_day:
        raise usage_error(f"--to {last} is before --from {first}")
    out = [a]
    while out[-1].label != b.label:
        out.append(next_period(out[-1]))
        if len(out) > 1000:
            raise usage_error("the range is longer than 1000 periods")
    return out


def windows_ending_in(unit: Unit | None, days: int | None, report: Period) -> Iterator[Period]:
    """The measurement windows an objective is judged on within a report period.

    A calendar window is judged in the report period in which it ends (a quarterly objective
    shows in the report for March, June, September and December); a rolling window of N days
    is judged at every local midnight in the period, ending there. No window: the report
    period itself.
    """
    if days is not None:
        day = report.first_day + timedelta(days=1)
        while day <= report.end_day:
            yield rolling(days, day, report.tz)
            day += timedelta(days=1)
        return
    if unit is None:
        yield report
        return
    p = calendar_period(unit, report.first_day, report.tz)
    while p.first_day < report.end_day:
        if report.first_day < p.end_day <= report.end_day:
            yield p
        p = next_period(p)


def describe_length(us: int) -> str:
    """``2 h 05 min`` style text for a length of time (rounded down to the second)."""
    seconds = us // US_PER_SECOND
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    if h:
        return f"{h} h {m:02d} min" + (f" {s:02d} s" if s else "")
    if m:
        return f"{m} min" + (f" {s:02d} s" if s else "")
    return f"{s} s"
