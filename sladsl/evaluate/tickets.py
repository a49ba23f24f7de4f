"""Ticket targets: response and resolution times, attainment ratios, first contact, closure.

A ticket belongs to the window in which it was opened. Its priority is its latest priority
(from ``ticket_changes`` when present), and its clock starts when it was opened, or when it was
last re-prioritised if that came later. Paused time (``ticket_pauses``) does not count.
Elapsed time is counted day and night (``at any time``, or a plain duration) or on the
business calendar the limit names (``4 hours of Business Hours``, ``2 business days``), with
the business clock of :mod:`sladsl.evaluate.calendars`, inside DuckDB.

A ticket meets its limit when the elapsed time is at most the limit. A ticket still open when
the evaluation ends has missed if its limit has already passed and is *pending* otherwise;
pending tickets are not counted either way.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from .. import nodes as n
from ..quantities import Duration, magnitude
from .calendars import clock_sql
from .exclusions import ctx_cache, portable, service_where
from .periods import Period, describe_length
from .results import Budget, Line, judge

if TYPE_CHECKING:
    from ..model import ObjectiveEntry
    from .calendars import BusinessCalendar, Grid
    from .engine import Context

_EVENT_COLUMN = {"first_response": "first_response_at", "resolved": "resolved_at"}


def _base(ctx: Context, entry: ObjectiveEntry, window: Period, event_col: str) -> str:
    changes = _changes(ctx)
    join = f"LEFT JOIN {changes} c ON c.ticket_id = t.id" if changes else ""
    if changes and portable(ctx):
        join = ("LEFT JOIN (SELECT ticket_id, arg_max(priority, time) AS priority, max(time) "
                "AS changed FROM ticket_changes GROUP BY 1) c ON c.ticket_id = t.id")
    prio = "coalesce(c.priority, t.priority)" if changes else "t.priority"
    start = "greatest(t.opened_at, coalesce(c.changed, t.opened_at))" if changes \
        else "t.opened_at"
    svc = service_where(ctx, "tickets", entry.service.name, "t.service")
    return (f"SELECT t.id, t._row, {prio} AS priority, {start} AS st, t.{event_col} AS ev, "
            f"coalesce(t.{event_col}, {ctx.last_us}) AS stop, t.first_contact, "
            f"t.opened_at FROM tickets t {join} WHERE t.opened_at >= {window.start_us} AND "
            f"t.opened_at < {window.end_us} AND {svc}")


def _changes(ctx: Context) -> str | None:
    """A temp table of each re-prioritised ticket's latest priority and when it changed,
    built once per evaluation (not once per target and window); ``None`` without changes."""
    if not ctx.data.has("ticket_changes"):
        return None
    if portable(ctx):
        return "ticket_changes"  # the reference statements aggregate it inline
    cache = ctx_cache(ctx, "_sladsl_ticket_changes")
    if not cache:
        ctx.con.execute(
            "CREATE OR REPLACE TEMP TABLE sladsl_ticket_changes AS SELECT ticket_id, "
            "arg_max(priority, time) AS priority, max(time) AS changed FROM ticket_changes "
            "GROUP BY 1")
        cache["table"] = "sladsl_ticket_changes"
    table: str = cache["table"]
    return table


def _clock_table(ctx: Context, cal: BusinessCalendar | None) -> str | None:
    """``ctx.clock_table(cal)`` once per calendar: it scans every ticket for the latest
    timestamp, and the answer cannot change during an evaluation."""
    if cal is None or portable(ctx):
        return ctx.clock_table(cal)
    cache = ctx_cache(ctx, "_sladsl_clock_tables")
    if cal.name not in cache:
        cache[cal.name] = ctx.clock_table(cal)
    table: str | None = cache[cal.name]
    return table


def _elapsed_table(ctx: Context, entry: ObjectiveEntry, window: Period, event_col: str,
                   table: str | None) -> str:
    """A temp table of every ticket of the window with its elapsed time to ``event_col``.

    The business-clock joins run once per service, window, event and calendar; the targets
    of each priority, and what each asks (counts, misses by priority, the worst tickets),
    then read this small table. A few are kept, the oldest dropped.
    """
    cache = ctx_cache(ctx, "_sladsl_elapsed")
    key = (entry.service.name, window.start_us, window.end_us, event_col, table)
    if key not in cache:
        if len(cache) >= 4:
            oldest = next(iter(cache))
            ctx.con.execute(f"DROP TABLE IF EXISTS {cache.pop(oldest)}")
        counter = ctx_cache(ctx, "_sladsl_elapsed_count")
        counter["n"] = counter.get("n", 0) + 1
        name = f"sladsl_elapsed_{counter['n']}"
        base = _base(ctx, entry, window, event_col)
        grid = None if table is None else ctx.clocks.grid(ctx.con, table)
        ctx.con.execute(f"CREATE TEMP TABLE {name} AS SELECT _row, id, priority, ev, elapsed "
                        f"FROM ({_elapsed_sql(ctx, base, table, grid)})")
        cache[key] = name
    result: str = cache[key]
    return result


def _elapsed_sql(ctx: Context, base: str, table: str | None, grid: Grid | None = None) -> str:
    with_clocks = clock_sql(base, ["st", "stop"], table, grid)
    if not ctx.data.has("ticket_pauses"):
        return f"SELECT b.*, b.stop_clk - b.st_clk AS elapsed FROM ({with_clocks}) b"
    pauses = clock_sql(
        "SELECT p.ticket_id, greatest(p.start, b.st) AS pa, "
        "least(coalesce(p.\"end\", b.stop), b.stop) AS pb FROM ticket_pauses p "
        f"JOIN ({base}) b ON p.ticket_id = b.id", ["pa", "pb"], table, grid)
    return (f"SELECT b.*, b.stop_clk - b.st_clk - coalesce(ps.paused, 0) AS elapsed "
            f"FROM ({with_clocks}) b LEFT JOIN (SELECT ticket_id, "
            f"sum(greatest(pb_clk - pa_clk, 0)) AS paused FROM ({pauses}) WHERE pb > pa "
            "GROUP BY 1) ps ON ps.ticket_id = b.id")


def _priority_sql(priority: Decimal | None) -> str:
    return "true" if priority is None else f"priority = CAST('{priority}' AS DECIMAL(9,3))"


def ticket_time(ctx: Context, entry: ObjectiveEntry,
                target: n.TicketTimeTarget | n.TicketRatioTarget, window: Period) -> Line:
    """Every ticket within the limit (time target) or a share of them (ratio target)."""
    obj = entry.objective
    event = target.event
    ratio = isinstance(target, n.TicketRatioTarget)
    metric = {"first_response": "first response", "resolved": "resolution",
              "first_contact": "first contact resolution"}[event.kind]
    if target.priority is not None:
        metric = f"priority {target.priority} {metric}"
    line = Line(entry.service.name, obj.name, target, window, metric, "no data")
    ctx.data.need("tickets", why=f'"{obj.name}"')
    if event.kind == "first_contact":
        return _first_contact(ctx, entry, target, window, line)
    ctx.data.need("tickets", _EVENT_COLUMN[event.kind], f'"{obj.name}"')
    limit = event.limit
    if not isinstance(limit, Duration):
        line.note = "the limit is not a duration"
        return line
    any_time = isinstance(target, n.TicketTimeTarget) and target.any_time
    cal = ctx.clocks.for_duration(limit, event.calendar, any_time)
    limit_us = ctx.clocks.amount_us(limit, cal)
    table = _clock_table(ctx, cal)
    line.details["limit"] = str(limit) + (f" of {event.calendar}" if event.calendar else "")
    line.details["counted on"] = "elapsed time, day and night" if cal is None \
        else f"{cal.name} ({cal.region or 'no'} public holidays)"
    if portable(ctx):  # the reference statements: the business-clock joins in each query
        base = _base(ctx, entry, window, _EVENT_COLUMN[event.kind])
        times = f"({_elapsed_sql(ctx, base, table)})"
    else:
        times = _elapsed_table(ctx, entry, window, _EVENT_COLUMN[event.kind], table)
    elapsed = f"SELECT * FROM {times} WHERE {_priority_sql(target.priority)}"
    if portable(ctx):
        met, missed, pending, by_priority, worst = _outcomes_reference(ctx, elapsed, limit_us)
    else:
        met, missed, pending, by_priority, worst = _outcomes(ctx, elapsed, limit_us)
    line.details.update({"tickets": str(met + missed + pending), "within the limit": str(met),
                         "missed": str(missed), "pending": str(pending)})
    for prio, count in by_priority:
        line.missed_by_priority[None if prio is None else Decimal(prio)] = count
    line.worst = [
        {"ticket": str(i), "row": str(r), "elapsed": describe_length(e),
         "over by": describe_length(e - limit_us),
         "status": "open" if ev is None else "closed late"}
        for i, r, e, ev in worst
    ]
    if ratio:
        assert isinstance(target, n.TicketRatioTarget)
        line.unit, line.goal, line.comparator = "%", magnitude(target.value), target.comparator
        decided = met + missed
        if decided == 0:
            line.note = "no tickets to count"
            return judge(line, None)
        judge(line, Fraction(met * 100, decided))
        line.budget = Budget("tickets", (100 - Fraction(line.goal)) * decided / 100,
                             Fraction(missed))
        return line
    line.unit, line.goal, line.comparator = "missed tickets", Decimal(0), "at_most"
    if met + missed == 0:
        line.note = "no tickets in the window"
    return judge(line, missed)


#: (met, missed, pending, missed tickets by priority, the five worst as (id, row, elapsed, event))
Outcomes = tuple[int, int, int, list[tuple[Any, int]], list[tuple[object, int, int, object]]]


def _outcomes(ctx: Context, elapsed: str, limit_us: int) -> Outcomes:
    """The counts of a target from its materialised tickets: one grouped query, and the worst
    tickets only when some missed."""
    met = missed = pending = 0
    by_priority: list[tuple[Any, int]] = []
    for prio, m, x, p in ctx.con.execute(
            f"SELECT priority, count(*) FILTER (WHERE ev IS NOT NULL AND elapsed <= {limit_us}), "
            f"count(*) FILTER (WHERE elapsed > {limit_us}), "
            f"count(*) FILTER (WHERE ev IS NULL AND elapsed <= {limit_us}) FROM ({elapsed}) "
            "GROUP BY 1 ORDER BY 1").fetchall():
        met, missed, pending = met + int(m), missed + int(x), pending + int(p)
        if x:
            by_priority.append((prio, int(x)))
    worst: list[tuple[object, int, int, object]] = []
    if missed:
        worst = [(i, int(r), int(e), ev) for i, r, e, ev in ctx.con.execute(
            f"SELECT id, _row, elapsed, ev FROM ({elapsed}) WHERE elapsed > {limit_us} "
            "ORDER BY elapsed DESC, _row LIMIT 5").fetchall()]
    return met, missed, pending, by_priority, worst


def _outcomes_reference(ctx: Context, elapsed: str, limit_us: int) -> Outcomes:
    """The reference statements (:func:`~sladsl.evaluate.exclusions.portable`)."""
    row = ctx.con.execute(
        f"SELECT count(*) FILTER (WHERE ev IS NOT NULL AND elapsed <= {limit_us}), "
        f"count(*) FILTER (WHERE elapsed > {limit_us}), "
        f"count(*) FILTER (WHERE ev IS NULL AND elapsed <= {limit_us}) FROM ({elapsed})"
    ).fetchone()
    met, missed, pending = (int(x) for x in row) if row else (0, 0, 0)
    by_priority = [(prio, int(count)) for prio, count in ctx.con.execute(
        f"SELECT priority, count(*) FROM ({elapsed}) WHERE elapsed > {limit_us} "
        "GROUP BY 1 ORDER BY 1").fetchall()]
    worst = [(i, int(r), int(e), ev) for i, r, e, ev in ctx.con.execute(
        f"SELECT id, _row, elapsed, ev FROM ({elapsed}) WHERE elapsed > {limit_us} "
        "ORDER BY elapsed DESC, _row LIMIT 5").fetchall()]
    return met, missed, pending, by_priority, worst


def _first_contact(ctx: Context, entry: ObjectiveEntry,
                   target: n.TicketTimeTarget | n.TicketRatioTarget, window: Period,
                   line: Line) -> Line:
    ctx.data.need("tickets", "first_contact", f'"{entry.objective.name}"')
    base = _base(ctx, entry, window, "resolved_at")
    row = ctx.con.execute(
        "SELECT count(*), count(*) FILTER (WHERE first_contact) FROM "
        f"({base}) WHERE {_priority_sql(target.priority)}").fetchone()
    count, hits = (int(row[0]), int(row[1])) if row else (0, 0)
    line.details.update({"tickets": str(count), "resolved on first contact": str(hits)})
    if isinstance(target, n.TicketRatioTarget):
        line.unit, line.goal, line.comparator = "%", magnitude(target.value), target.comparator
        if count == 0:
            return judge(line, None)
        judge(line, Fraction(hits * 100, count))
        line.budget = Budget("tickets", (100 - Fraction(line.goal)) * count / 100,
                             Fraction(count - hits))
        return line
    line.unit, line.goal, line.comparator = "tickets not resolved on first contact", \
        Decimal(0), "at_most"
    return judge(line, count - hits)


def closure_rate(ctx: Context, entry: ObjectiveEntry, target: n.ClosureRateTarget,
                 window: Period) -> Line:
    """Tickets opened in the window and closed (or resolved) before the window ended."""
    obj = entry.objective
    line = Line(entry.service.name, obj.name, target, window, "closure rate", "no data",
                unit="%", goal=magnitude(target.value), comparator=target.comparator)
    ctx.data.need("tickets", why=f'"{obj.name}"')
    svc = service_where(ctx, "tickets", entry.service.name)
    row = ctx.con.execute(
        "SELECT count(*), count(*) FILTER (WHERE coalesce(closed_at, resolved_at) < "
        f"{window.end_us}) FROM tickets WHERE opened_at >= {window.start_us} AND "
        f"opened_at < {window.end_us} AND {svc}").fetchone()
    count, closed = (int(row[0]), int(row[1])) if row else (0, 0)
    line.details.update({"tickets opened": str(count), "closed in the window": str(closed)})
    return judge(line, Fraction(closed * 100, count) if count else None)


def duration_select(ctx: Context, entry: ObjectiveEntry, metric: str,
                    window: Period) -> tuple[str, str]:
    """Per-ticket durations in microseconds: resolution (to resolved) or turnaround (closed)."""
    ctx.data.need("tickets", "resolved_at" if metric == "resolution time" else None,
                  f'"{entry.objective.name}"')
    end = "resolved_at" if metric == "resolution time" else "coalesce(closed_at, resolved_at)"
    return (f"SELECT {end} - opened_at AS d FROM tickets WHERE opened_at >= {window.start_us} "
            f"AND opened_at < {window.end_us} AND {end} IS NOT NULL AND "
            f"{service_where(ctx, 'tickets', entry.service.name)}", "d")
