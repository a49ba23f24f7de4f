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
from typing import TYPE_CHECKING

from .. import nodes as n
from ..quantities import Duration, magnitude
from .calendars import clock_sql
from .exclusions import service_filter
from .periods import Period, describe_length
from .results import Budget, Line, judge

if TYPE_CHECKING:
    from ..model import ObjectiveEntry
    from .engine import Context

_EVENT_COLUMN = {"first_response": "first_response_at", "resolved": "resolved_at"}


def _base(ctx: Context, entry: ObjectiveEntry, window: Period, event_col: str) -> str:
    changes = ctx.data.has("ticket_changes")
    join = ("LEFT JOIN (SELECT ticket_id, arg_max(priority, time) AS priority, max(time) AS "
            "changed FROM ticket_changes GROUP BY 1) c ON c.ticket_id = t.id") if changes else ""
    prio = "coalesce(c.priority, t.priority)" if changes else "t.priority"
    start = "greatest(t.opened_at, coalesce(c.changed, t.opened_at))" if changes \
        else "t.opened_at"
    svc = service_filter(entry.service.name, "t.service")
    return (f"SELECT t.id, t._row, {prio} AS priority, {start} AS st, t.{event_col} AS ev, "
            f"coalesce(t.{event_col}, {ctx.last_us}) AS stop, t.first_contact, "
            f"t.opened_at FROM tickets t {join} WHERE t.opened_at >= {window.start_us} AND "
            f"t.opened_at < {window.end_us} AND {svc}")


def _elapsed_sql(ctx: Context, base: str, table: str | None) -> str:
    with_clocks = clock_sql(base, ["st", "stop"], table)
    if not ctx.data.has("ticket_pauses"):
        return f"SELECT b.*, b.stop_clk - b.st_clk AS elapsed FROM ({with_clocks}) b"
    pauses = clock_sql(
        "SELECT p.ticket_id, greatest(p.start, b.st) AS pa, "
        "least(coalesce(p.\"end\", b.stop), b.stop) AS pb FROM ticket_pauses p "
        f"JOIN ({base}) b ON p.ticket_id = b.id", ["pa", "pb"], table)
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
    table = ctx.clock_table(cal)
    line.details["limit"] = str(limit) + (f" of {event.calendar}" if event.calendar else "")
    line.details["counted on"] = "elapsed time, day and night" if cal is None \
        else f"{cal.name} ({cal.region or 'no'} public holidays)"
    base = _base(ctx, entry, window, _EVENT_COLUMN[event.kind])
    elapsed = (f"SELECT * FROM ({_elapsed_sql(ctx, base, table)}) "
               f"WHERE {_priority_sql(target.priority)}")
    row = ctx.con.execute(
        f"SELECT count(*) FILTER (WHERE ev IS NOT NULL AND elapsed <= {limit_us}), "
        f"count(*) FILTER (WHERE elapsed > {limit_us}), "
        f"count(*) FILTER (WHERE ev IS NULL AND elapsed <= {limit_us}) FROM ({elapsed})"
    ).fetchone()
    met, missed, pending = (int(x) for x in row) if row else (0, 0, 0)
    line.details.update({"tickets": str(met + missed + pending), "within the limit": str(met),
                         "missed": str(missed), "pending": str(pending)})
    for prio, count in ctx.con.execute(
            f"SELECT priority, count(*) FROM ({elapsed}) WHERE elapsed > {limit_us} "
            "GROUP BY 1 ORDER BY 1").fetchall():
        line.missed_by_priority[None if prio is None else Decimal(prio)] = int(count)
    line.worst = [
        {"ticket": str(i), "row": str(r), "elapsed": describe_length(int(e)),
         "over by": describe_length(int(e) - limit_us),
         "status": "open" if ev is None else "closed late"}
        for i, r, e, ev in ctx.con.execute(
            f"SELECT id, _row, elapsed, ev FROM ({elapsed}) WHERE elapsed > {limit_us} "
            "ORDER BY elapsed DESC, _row LIMIT 5").fetchall()
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
    row = ctx.con.execute(
        "SELECT count(*), count(*) FILTER (WHERE coalesce(closed_at, resolved_at) < "
        f"{window.end_us}) FROM tickets WHERE opened_at >= {window.start_us} AND "
        f"opened_at < {window.end_us} AND {service_filter(entry.service.name)}").fetchone()
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
            f"{service_filter(entry.service.name)}", "d")
