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
from .calendars import business_deadline, clock_sql
from .context import ctx_cache, portable, service_where
from .periods import Period, describe_length, from_us, next_period, period_of_us
from .results import Budget, Line, judge

if TYPE_CHECKING:
    from ..model import ObjectiveEntry
    from .calendars import BusinessCalendar, Grid
    from .context import Context

_EVENT_COLUMN = {"first_response": "first_response_at", "resolved": "resolved_at"}


def _base(ctx: Context, entry: ObjectiveEntry, window: Period, event_col: str) -> str:
    return _base_between(ctx, entry, window.start_us, window.end_us, event_col)


def _base_between(ctx: Context, entry: ObjectiveEntry, start_us: int, end_us: int,
                  event_col: str) -> str:
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
            f"t.opened_at FROM tickets t {join} WHERE t.opened_at >= {start_us} AND "
            f"t.opened_at < {end_us} AND {svc}")


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
                   table: str | None) -> tuple[str, bool]:
    """A temp table of tickets with their elapsed time to ``event_col``, and whether it holds
    every ticket the evaluation can ask about rather than only ``window``'s.

    The business-clock joins run once per service, event and calendar for every ticket opened
    from the first period evaluated to the end of the last, and targets then read their
    windows from it. A window reaching outside that span (a rolling window before the first
    period) gets a table of its own. A few tables are kept, the oldest dropped.
    """
    lo, hi = ctx.first_us, ctx.last_us
    whole = lo <= window.start_us and window.end_us <= hi
    start, end = (lo, hi) if whole else (window.start_us, window.end_us)
    cache = ctx_cache(ctx, "_sladsl_elapsed")
    key = (entry.service.name, start, end, event_col, table, paused(entry))
    if key not in cache:
        if len(cache) >= 8:
            oldest = next(iter(cache))
            ctx.con.execute(f"DROP TABLE IF EXISTS {cache.pop(oldest)}")
        counter = ctx_cache(ctx, "_sladsl_elapsed_count")
        counter["n"] = counter.get("n", 0) + 1
        name = f"sladsl_elapsed_{counter['n']}"
        base = _base_between(ctx, entry, start, end, event_col)
        grid = None if table is None else ctx.clocks.grid(ctx.con, table)
        ctx.con.execute(f"CREATE TEMP TABLE {name} AS SELECT _row, id, priority, ev, elapsed, "
                        "opened_at, st, stop_clk - st_clk - elapsed AS paused FROM "
                        f"({_elapsed_sql(ctx, base, table, grid, paused(entry))})")
        cache[key] = name
    result: str = cache[key]
    return result, whole


def paused(entry: ObjectiveEntry) -> bool:
    """Whether the objective stops the clock (``time waiting for the Customer is left out``):
    only then is the paused time of ``ticket_pauses`` taken off a ticket's time."""
    return any(isinstance(r, n.PauseRule) for r in entry.objective.rules)


def _elapsed_sql(ctx: Context, base: str, table: str | None, grid: Grid | None = None,
                 paused_time: bool = True) -> str:
    with_clocks = clock_sql(base, ["st", "stop"], table, grid)
    if not paused_time or not ctx.data.has("ticket_pauses"):
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
        elapsed = (f"SELECT * FROM ({_elapsed_sql(ctx, base, table, None, paused(entry))}) "
                   f"WHERE {_priority_sql(target.priority)}")
        met, missed, pending, by_priority, worst = _outcomes_reference(ctx, elapsed, limit_us)
    else:
        times, whole = _elapsed_table(ctx, entry, window, _EVENT_COLUMN[event.kind], table)
        met, missed, pending, by_priority, worst = _outcomes(
            ctx, times, whole, target.priority, limit_us, window)
    line.details.update({"tickets": str(met + missed + pending), "within the limit": str(met),
                         "missed": str(missed), "pending": str(pending)})
    for prio, count in by_priority:
        line.missed_by_priority[None if prio is None else Decimal(prio)] = count
    line.chart.update(limit_us=limit_us,
                      worst_us=[(str(i), e) for i, _r, e, _ev, _st, _held in worst])
    # The due time: the limit counted on the clock from the ticket's start, moved on by the
    # time it was paused (the whole pause, as the report cannot tell which part came first).
    done = {"first_response": "responded late", "resolved": "resolved late"}[event.kind]
    line.worst = [
        {"ticket": str(i), "row": str(r), "elapsed": describe_length(e),
         "due": from_us(business_deadline(cal, st, limit_us + held), ctx.tz).isoformat(),
         "over by": describe_length(e - limit_us),
         "status": ("still open" if event.kind == "resolved" else "no response yet")
         if ev is None else done}
        for i, r, e, ev, st, held in worst
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


#: One of the worst tickets: (id, row, elapsed, event, start, paused clock time).
Worst = tuple[object, int, int, object, int, int]
#: (met, missed, pending, missed tickets by priority, the five worst)
Outcomes = tuple[int, int, int, list[tuple[Any, int]], list[Worst]]


def _outcomes(ctx: Context, times: str, whole: bool, priority: Decimal | None,
              limit_us: int, window: Period) -> Outcomes:
    """The counts of a target in ``window`` and its five worst tickets.

    A target is asked once per period, and its answer for every period differs only in the
    tickets counted; so on the first question one grouped query answers for every calendar
    period of the window's kind that the table covers, and the others are read from memory.
    """
    cache = ctx_cache(ctx, "_sladsl_outcomes")
    key = (times, priority, limit_us, window.unit)
    if key not in cache:
        cache[key] = _outcomes_by_window(ctx, times, priority, limit_us,
                                         _windows_of(ctx, window) if whole else [window])
    found: dict[tuple[int, int], Outcomes] = cache[key]
    span = (window.start_us, window.end_us)
    if span not in found:  # a window the batch did not cover (a rolling one)
        found.update(_outcomes_by_window(ctx, times, priority, limit_us, [window]))
    return found[span]


def _windows_of(ctx: Context, window: Period) -> list[Period]:
    """Every calendar period of ``window``'s unit inside the evaluation's span."""
    if window.unit not in ("week", "month", "quarter", "year"):
        return [window]
    out: list[Period] = []
    p = period_of_us(window.unit, ctx.first_us, window.tz)
    while p.start_us < ctx.last_us:
        if p.start_us >= ctx.first_us and p.end_us <= ctx.last_us:
            out.append(p)
        p = next_period(p)
    return out if window in out else [window]


def _outcomes_by_window(ctx: Context, times: str, priority: Decimal | None, limit_us: int,
                        windows: list[Period]) -> dict[tuple[int, int], Outcomes]:
    """Counts by priority and the five worst tickets of each window (windows that do not
    overlap), in one grouped query: each ticket's window is found by a CASE on its opening."""
    spans = sorted({(w.start_us, w.end_us) for w in windows})
    which = " ".join(f"WHEN opened_at >= {a} AND opened_at < {b} THEN {k}"
                     for k, (a, b) in enumerate(spans))
    late: dict[int, list[Worst]] = {}
    counts: dict[int, list[int]] = {k: [0, 0, 0] for k in range(len(spans))}
    missed_by: dict[int, list[tuple[Any, int]]] = {k: [] for k in range(len(spans))}
    # The worst are the greatest by (elapsed, -row): the longest first, then the earliest row.
    for k, prio, m, x, p, worst5 in ctx.con.execute(
            f"SELECT k, priority, "
            f"count(*) FILTER (WHERE ev IS NOT NULL AND elapsed <= {limit_us}), "
            f"count(*) FILTER (WHERE elapsed > {limit_us}), "
            f"count(*) FILTER (WHERE ev IS NULL AND elapsed <= {limit_us}), "
            "max_by(struct_pack(i := id, r := _row, t := elapsed, v := ev, s := st, "
            "p := paused), "
            f"struct_pack(a := elapsed, b := -_row), 5) FILTER (WHERE elapsed > {limit_us}) "
            f"FROM (SELECT *, CASE {which} END AS k FROM {times} "
            f"WHERE opened_at >= {spans[0][0]} AND opened_at < {spans[-1][1]} "
            f"AND {_priority_sql(priority)}) WHERE k IS NOT NULL "
            "GROUP BY ALL ORDER BY 1, 2").fetchall():
        total = counts[k]
        total[0], total[1], total[2] = total[0] + int(m), total[1] + int(x), total[2] + int(p)
        if x:
            missed_by[k].append((prio, int(x)))
        late.setdefault(k, []).extend((w["i"], int(w["r"]), int(w["t"]), w["v"], int(w["s"]),
                                       int(w["p"] or 0)) for w in worst5 or ())
    return {span: (counts[k][0], counts[k][1], counts[k][2], missed_by[k],
                   sorted(late.get(k, []), key=lambda w: (-w[2], w[1]))[:5])
            for k, span in enumerate(spans)}


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
    worst = [(i, int(r), int(e), ev, int(st), int(held or 0)) for i, r, e, ev, st, held in
             ctx.con.execute(
        f"SELECT id, _row, elapsed, ev, st, stop_clk - st_clk - elapsed FROM ({elapsed}) "
        f"WHERE elapsed > {limit_us} "
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


def duration_select(ctx: Context, entry: ObjectiveEntry, metric: str, window: Period,
                    limit: Duration, calendar: str | None) -> tuple[str, str, int]:
    """Per-ticket durations: resolution (to resolved) or turnaround (to closed), counted on the
    clock the target's limit names (``12 business hours``, ``4 hours of Business Hours``;
    elapsed time otherwise), less paused time when the objective stops the clock. Returns
    the query, its column (microseconds on that clock) and the limit on the same clock."""
    ctx.data.need("tickets", "resolved_at" if metric == "resolution time" else None,
                  f'"{entry.objective.name}"')
    end = "t.resolved_at" if metric == "resolution time" \
        else "coalesce(t.closed_at, t.resolved_at)"
    cal = ctx.clocks.for_duration(limit, calendar)
    base = (f"SELECT t.id, t.opened_at AS st, {end} AS stop FROM tickets t WHERE "
            f"t.opened_at >= {window.start_us} AND t.opened_at < {window.end_us} AND {end} IS "
            f"NOT NULL AND {service_where(ctx, 'tickets', entry.service.name, 't.service')}")
    select = _elapsed_sql(ctx, base, _clock_table(ctx, cal), None, paused(entry))
    return select, "elapsed", ctx.clocks.amount_us(limit, cal)
