"""Business-hours calendars: opening hours per weekday, minus public holidays from ``holidays``.

Elapsed business time is measured with a *business clock*: the number of open microseconds
since the start of the evaluated range. The elapsed business time between two instants is the
difference of their clocks, and "within N business hours" holds when that difference is at
most N hours. For DuckDB the open intervals of every day in the range are written to a small
table ``(start_us, end_us, cum_us)`` and each timestamp column is turned into its clock with an
``ASOF`` join, so a million tickets cost one join, not a Python loop.

A *business day* is the length of the calendar's longest opening day (8 hours on a
09:00–17:00 calendar): "2 business days" is 16 business hours, so a ticket opened on Friday at
15:00 is due on Tuesday at 15:00, and one opened on Saturday on Tuesday at 17:00. With no
calendar defined, business days are Monday to Friday, whole days, in the agreement's zone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from .. import nodes as n
from ..errors import Diagnostic, SlaSemanticError
from ..quantities import Duration
from .periods import US_PER_SECOND, from_us, to_us, zone

if TYPE_CHECKING:
    import duckdb

    from ..model import Spec


def _minutes(text: str) -> int:
    h, m = text.split(":")
    return int(h) * 60 + int(m)


@dataclass
class BusinessCalendar:
    """Opening hours on weekdays (0 = Monday), public holidays of a region, in a time zone."""

    name: str
    tz: ZoneInfo
    hours: dict[int, list[tuple[int, int]]]  # weekday → [(start minute, end minute)]
    region: str | None = None
    _holidays: dict[int, dict[date, str]] = field(default_factory=dict, repr=False)

    @classmethod
    def from_definition(cls, d: n.CalendarDefinition, default_tz: str) -> BusinessCalendar:
        hours: dict[int, list[tuple[int, int]]] = {}
        for span in d.spans:
            a, b = _minutes(span.start), _minutes(span.end)
            days = range(span.first_day, span.last_day + 1) if span.first_day <= span.last_day \
                else [*range(span.first_day, 7), *range(0, span.last_day + 1)]
            for day in days:
                hours.setdefault(day, []).append((a, b))
        for spans in hours.values():
            spans.sort()
        cal = cls(d.name, zone(d.time_zone or default_tz), hours, d.holidays)
        cal._check_region(d)
        return cal

    @classmethod
    def weekdays(cls, tz: ZoneInfo) -> BusinessCalendar:
        """Monday to Friday, whole days: business days when the spec defines no calendar."""
        return cls("business days", tz, {d: [(0, 24 * 60)] for d in range(5)})

    def _check_region(self, d: n.CalendarDefinition) -> None:
        try:
            self.holidays_in(2026)
        except NotImplementedError as exc:
            raise SlaSemanticError([Diagnostic(
                "E401", "error", f"the holidays package knows no public holidays for {d.holidays}",
                d.span, "use an ISO 3166 country code, optionally with a subdivision: GB, US-CA",
            )]) from exc

    def holidays_in(self, year: int) -> dict[date, str]:
        """Public holidays of the calendar's region in one year (cached)."""
        if self.region is None:
            return {}
        if year not in self._holidays:
            import holidays

            country, _, subdiv = self.region.partition("-")
            self._holidays[year] = dict(holidays.country_holidays(
                country, subdiv=subdiv or None, years=year))
        return self._holidays[year]

    def holiday(self, day: date) -> str | None:
        return self.holidays_in(day.year).get(day)

    @property
    def day_length_us(self) -> int:
        """The length of a full business day: the longest opening day of the week."""
        lengths = [sum(b - a for a, b in spans) for spans in self.hours.values()]
        return max(lengths, default=0) * 60 * US_PER_SECOND

    def open_intervals(self, day: date) -> list[tuple[int, int]]:
        """The open instants ``[(start_us, end_us)]`` of a local day (none on a holiday)."""
        if self.holiday(day) is not None:
            return []
        out: list[tuple[int, int]] = []
        for a, b in self.hours.get(day.weekday(), []):
            start = to_us(_local(day, a, self.tz))
            end = to_us(_local(day, b, self.tz))
            if out and start <= out[-1][1]:
                out[-1] = (out[-1][0], max(out[-1][1], end))
            elif end > start:
                out.append((start, end))
        return out

    def rows(self, first: date, last: date) -> list[tuple[int, int, int]]:
        """``(start_us, end_us, cum_us)`` of every open interval from ``first`` to ``last``."""
        out: list[tuple[int, int, int]] = []
        cum = 0
        day = first
        while day <= last:
            for a, b in self.open_intervals(day):
                out.append((a, b, cum))
                cum += b - a
            day += timedelta(days=1)
        return out

    # ---- exact Python versions, for the handful of values a report shows

    def amount_us(self, d: Duration) -> int:
        """A duration counted on this calendar, in business microseconds."""
        if d.unit == "day" and (d.business or d.calendar):
            return int(d.value * self.day_length_us)
        seconds = d.seconds
        if seconds is None:
            raise ValueError(f"{d} has no fixed length")
        return int(seconds * US_PER_SECOND)

    def elapsed_us(self, a: int, b: int) -> int:
        """Open time between two instants (negative when ``b`` is before ``a``)."""
        if b < a:
            return -self.elapsed_us(b, a)
        first, last = from_us(a, self.tz).date(), from_us(b, self.tz).date()
        total = 0
        for s, e, _ in self.rows(first, last):
            total += max(0, min(e, b) - max(s, a))
        return total

    def deadline_us(self, a: int, amount: int) -> int:
        """The instant at which ``amount`` business microseconds have passed since ``a``."""
        day = from_us(a, self.tz).date()
        left = amount
        for _ in range(3660):
            for s, e, _ in self.rows(day, day):
                s = max(s, a)
                if e <= s:
                    continue
                if left <= e - s:
                    return s + left
                left -= e - s
            day += timedelta(days=1)
        raise ValueError(f"calendar {self.name!r} is never open")


def _local(day: date, minute: int, tz: ZoneInfo) -> datetime:
    """Wall-clock time on a local day; ``24:00`` is the next midnight."""
    extra, minute = divmod(minute, 24 * 60)
    d = day + timedelta(days=extra)
    return datetime.combine(d, time(minute // 60, minute % 60), tzinfo=tz)


class Clocks:
    """Calendars of one spec, and the DuckDB tables that turn instants into business clocks."""

    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        self.tz = zone(spec.time_zone)
        self.calendars: dict[str, BusinessCalendar] = {
            name: BusinessCalendar.from_definition(d, spec.time_zone)
            for name, d in spec.calendars.items()
        }
        self._tables: dict[str, str] = {}
        self._rows: dict[str, list[tuple[int, int, int]]] = {}
        self._grids: dict[str, Grid | None] = {}
        self.range: tuple[int, int] | None = None

    def for_duration(self, d: Duration | None, calendar: str | None = None,
                     any_time: bool = False) -> BusinessCalendar | None:
        """The calendar a limit is counted on; ``None`` means elapsed time, day and night."""
        if any_time or d is None:
            return None
        name = calendar or d.calendar
        if name is not None:
            return self.calendars.get(name) or self.default()
        return self.default() if d.business else None

    def default(self) -> BusinessCalendar:
        """The calendar "business hours/days" refer to when no calendar is named."""
        if not self.calendars:
            return BusinessCalendar.weekdays(self.tz)
        for wanted in ("Business Hours", "Business Days"):
            if wanted in self.calendars:
                return self.calendars[wanted]
        return next(iter(self.calendars.values()))

    def amount_us(self, d: Duration, cal: BusinessCalendar | None) -> int:
        if cal is None:
            seconds = d.seconds
            if seconds is None:
                raise ValueError(f"{d} has no fixed length")
            return int(seconds * US_PER_SECOND)
        return cal.amount_us(d)

    def table(self, con: duckdb.DuckDBPyConnection, cal: BusinessCalendar, first_us: int,
              last_us: int) -> str:
        """The name of a DuckDB table with the open intervals of ``cal`` over a range."""
        key = f"{cal.name}|{first_us}|{last_us}"
        if key in self._tables:
            return self._tables[key]
        name = f"cal_{len(self._tables)}"
        first = from_us(first_us, cal.tz).date() - timedelta(days=1)
        last = from_us(last_us, cal.tz).date() + timedelta(days=1)
        con.execute(f"CREATE TEMP TABLE {name} (start_us BIGINT, end_us BIGINT, cum_us BIGINT)")
        rows = cal.rows(first, last)
        self._rows[name] = rows
        if rows:
            con.executemany(f"INSERT INTO {name} VALUES (?, ?, ?)", rows)
        else:
            # A calendar that never opens: one empty interval keeps the ASOF join defined.
            con.execute(f"INSERT INTO {name} VALUES (?, ?, 0)", [first_us, first_us])
        self._tables[key] = name
        return name


    def grid(self, con: duckdb.DuckDBPyConnection, table: str) -> Grid | None:
        """A lookup grid over a clock table (made once), or ``None`` if its intervals start
        too close together for one (then :func:`clock_sql` joins ``ASOF``).

        Time is cut into buckets of equal width ``H`` from an origin ``O`` (one bucket before
        the first opening). Bucket ``b`` holds the interval that starts last at or before its
        start, and the one interval (at most) that starts inside it: the interval an ``ASOF``
        join finds for an instant is one of the two of its bucket, found with an equi-join
        on ``(t - O) // H``, a hash join instead of a sort of every ticket.
        """
        if table in self._grids:
            return self._grids[table]
        rows = self._rows.get(table, [])
        found: Grid | None = None
        for width in (3_600_000_000, 900_000_000, 60_000_000):
            if not rows:
                break
            origin = rows[0][0] - width
            buckets = (rows[-1][0] - origin) // width + 1
            inside = [(a - origin) // width for a, _, _ in rows if (a - origin) % width]
            if len(inside) == len(set(inside)) and buckets <= 2_000_000:
                found = Grid(f"{table}_grid", origin, width, buckets)
                break
        if found is not None:
            con.execute(
                f"CREATE TEMP TABLE {found.name} AS SELECT g.b, k0.start_us AS s0, "
                "k0.end_us AS e0, k0.cum_us AS c0, k1.start_us AS s1, k1.end_us AS e1, "
                f"k1.cum_us AS c1 FROM (SELECT b, {found.origin} + b * {found.width} AS lo "
                f"FROM range({found.buckets}) r(b)) g ASOF LEFT JOIN {table} k0 "
                f"ON g.lo >= k0.start_us LEFT JOIN (SELECT *, (start_us - {found.origin}) // "
                f"{found.width} AS b FROM {table} WHERE (start_us - {found.origin}) % "
                f"{found.width} <> 0) k1 ON k1.b = g.b")
        self._grids[table] = found
        return found


@dataclass(frozen=True)
class Grid:
    """A bucket table over a clock table (see :meth:`Clocks.grid`)."""

    name: str
    origin: int
    width: int
    buckets: int


def clock_sql(source: str, columns: list[str], table: str | None,
              grid: Grid | None = None) -> str:
    """``SELECT s.*, <col>_clk …`` with each column's business clock (itself when 24x7).

    The clock of an instant is the open time before the start of the last interval that
    starts at or before it, plus the part of that interval up to the instant; none: 0.
    """
    if table is None:
        extra = ", ".join(f"s.{c} AS {c}_clk" for c in columns)
        return f"SELECT s.*, {extra} FROM ({source}) s"
    if grid is not None:
        joins, exprs = [], []
        for i, c in enumerate(columns):
            g, t = f"g{i}", f"s.{c}"
            joins.append(f"LEFT JOIN {grid.name} {g} ON {g}.b = greatest(0, least("
                         f"{grid.buckets - 1}, ({t} - {grid.origin}) // {grid.width}))")
            exprs.append(f"CASE WHEN {t} IS NULL THEN NULL "
                         f"WHEN {t} >= {g}.s1 THEN {g}.c1 + least({t} - {g}.s1, {g}.e1 - {g}.s1) "
                         f"WHEN {g}.s0 IS NULL THEN 0 "
                         f"ELSE {g}.c0 + least({t} - {g}.s0, {g}.e0 - {g}.s0) END AS {c}_clk")
        return f"SELECT s.*, {', '.join(exprs)} FROM ({source}) s {' '.join(joins)}"
    joins = []
    exprs = []
    for i, c in enumerate(columns):
        a = f"k{i}"
        joins.append(f"ASOF LEFT JOIN {table} {a} ON s.{c} >= {a}.start_us")
        exprs.append(f"CASE WHEN s.{c} IS NULL THEN NULL WHEN {a}.start_us IS NULL THEN 0 "
                     f"ELSE {a}.cum_us + least(s.{c} - {a}.start_us, {a}.end_us - {a}.start_us)"
                     f" END AS {c}_clk")
    return f"SELECT s.*, {', '.join(exprs)} FROM ({source}) s {' '.join(joins)}"


def business_elapsed(cal: BusinessCalendar | None, a: int, b: int) -> int:
    """Elapsed time between two instants, on a calendar or (``None``) day and night."""
    return b - a if cal is None else cal.elapsed_us(a, b)


def business_deadline(cal: BusinessCalendar | None, a: int, amount: int) -> int:
    return a + amount if cal is None else cal.deadline_us(a, amount)


