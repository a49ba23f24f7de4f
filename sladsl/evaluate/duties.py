"""Responsibilities checked from deliverable events and incident reports.

A deliverable event matches a responsibility when its ``kind`` (``service report``, ``root
cause analysis``, ``technical contact``; case, hyphens and underscores ignored) appears in the
responsibility's action (``publish a service report``). Deadlines:

* ``before 2026-01-15`` — delivered before that local midnight; ``by`` includes the day;
* ``within 5 business days after each calendar month`` — the event whose ``period`` is the
  month's label (or, without one, the first delivered after the month) by the month's end plus
  the allowance, counted on the business calendar when it says business days;
* ``within 10 business days after each priority 1 incident`` — an event whose ``reference``
  is the incident id, by the incident's end plus the allowance;
* the customer's ``report each incident within 24 hours of discovering it`` — from the
  incidents' ``discovered_at`` (default: start) and ``reported_at``.

A duty shows in the report period its deadline falls in; one not done whose deadline is after
the evaluation's end is *pending*.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from .. import nodes as n
from ..quantities import Duration
from .calendars import business_deadline
from .data import lit
from .periods import Period, describe_length, from_us, local_midnight, to_us, windows_ending_in

if TYPE_CHECKING:
    from .context import Context


@dataclass
class Duty:
    """One responsibility in one report period."""

    responsibility: n.Responsibility
    party: str
    action: str
    status: str  # met | missed | pending | not checked | nothing due
    detail: str


def _norm(text: str) -> str:
    return re.sub(r"[\s_-]+", " ", text.lower()).strip()


def _kind_match(action: str) -> str:
    return (f"strpos({lit(_norm(action))}, "
            "trim(regexp_replace(lower(kind), '[\\s_-]+', ' ', 'g'))) > 0")


def check_duties(ctx: Context, report: Period) -> list[Duty]:
    out = []
    for r in ctx.spec.items(n.Responsibilities):
        if isinstance(r, n.Responsibility):
            party = ctx.spec.party(r.party)
            role = party.called if party else r.party.text
            status, detail = _check(ctx, r, report, party.role if party else "")
            out.append(Duty(r, role, r.action, status, detail))
    return out


def _check(ctx: Context, r: n.Responsibility, report: Period, role: str) -> tuple[str, str]:
    d = r.deadline
    action = _norm(r.action)
    if role == "customer" and "report" in action and "incident" in action and d.within:
        return _incident_reports(ctx, r, report)
    if d.kind in ("before", "by") and d.date:
        due_day = date.fromisoformat(d.date) + timedelta(days=1 if d.kind == "by" else 0)
        due = to_us(local_midnight(due_day, ctx.tz))
        if not report.start_us < due <= report.end_us:
            return "nothing due", f"due {d.kind} {d.date}"
        return _delivered(ctx, r, due, "", f"due {d.kind} {d.date}")
    if d.kind == "within" and isinstance(d.within, Duration) and d.trigger == "period" \
            and d.period:
        cal = ctx.clocks.for_duration(d.within)
        amount = ctx.clocks.amount_us(d.within, cal)
        results = []
        p = _previous_periods(d.period, report)
        for window in p:
            due = business_deadline(cal, window.end_us, amount)
            if report.start_us < due <= report.end_us:
                results.append(_delivered(ctx, r, due, window.label,
                                          f"for {window.label}, due {_when(ctx, due)}",
                                          after=window.end_us))
        if not results:
            return "nothing due", "no deadline falls in this period"
        status = "missed" if any(s == "missed" for s, _ in results) else \
            "pending" if any(s == "pending" for s, _ in results) else results[0][0]
        return status, "; ".join(t for _, t in results)
    if d.kind == "within" and isinstance(d.within, Duration) and d.trigger == "incident":
        return _after_incidents(ctx, r, report)
    return "not checked", "this responsibility is not checked from data"


def _previous_periods(unit: str, report: Period) -> list[Period]:
    from .periods import calendar_period, previous_period

    first = previous_period(calendar_period(unit, report.first_day, report.tz))
    out = [first, *windows_ending_in(unit, None, report)]
    return out


def _when(ctx: Context, us: int) -> str:
    return from_us(us, ctx.tz).strftime("%Y-%m-%d %H:%M")


def _delivered(ctx: Context, r: n.Responsibility, due: int, period: str, text: str,
               after: int | None = None, reference: str | None = None) -> tuple[str, str]:
    if not ctx.data.has("deliverables"):
        return "no data", text + " (no deliverables data)"
    cond = _kind_match(r.action)
    if reference is not None:
        cond += f" AND reference = {lit(reference)}"
    elif period:
        cond += f" AND (period = {lit(period)} OR (period IS NULL AND delivered_at >= {after}))"
    row = ctx.con.execute(f"SELECT min(delivered_at) FROM deliverables WHERE {cond}").fetchone()
    delivered = row[0] if row else None
    if delivered is None:
        return ("pending" if due > ctx.last_us else "missed"), text + ", not delivered"
    late = int(delivered) > due
    return ("missed" if late else "met"), text + f", delivered {_when(ctx, int(delivered))}"


def _incident_reports(ctx: Context, r: n.Responsibility, report: Period) -> tuple[str, str]:
    if not ctx.data.has_column("incidents", "reported_at"):
        return "no data", "no incident reports in the data"
    assert isinstance(r.deadline.within, Duration)
    cal = ctx.clocks.for_duration(r.deadline.within)
    limit = ctx.clocks.amount_us(r.deadline.within, cal)
    rows = ctx.con.execute(
        "SELECT id, coalesce(discovered_at, start), reported_at FROM incidents WHERE "
        f"reported_at IS NOT NULL AND start >= {report.start_us} AND start < {report.end_us} "
        "ORDER BY start, _row").fetchall()
    late = []
    for ident, found, reported in rows:
        elapsed = (reported - found) if cal is None else cal.elapsed_us(found, reported)
        if elapsed > limit:
            late.append(f"{ident} after {describe_length(reported - found)}")
    if not rows:
        return "nothing due", "no incidents reported"
    detail = f"{len(rows) - len(late)} of {len(rows)} incidents reported in time"
    return ("missed", detail + "; late: " + ", ".join(late)) if late else ("met", detail)


def _after_incidents(ctx: Context, r: n.Responsibility, report: Period) -> tuple[str, str]:
    if not ctx.data.has("incidents"):
        return "no data", "no incident data"
    d = r.deadline
    assert isinstance(d.within, Duration)
    cal = ctx.clocks.for_duration(d.within)
    amount = ctx.clocks.amount_us(d.within, cal)
    prio = "" if d.priority is None else f" AND priority = CAST('{d.priority}' AS DECIMAL(9,3))"
    rows = ctx.con.execute(
        f"SELECT id, coalesce(\"end\", start) FROM incidents WHERE start < {report.end_us} "
        f"AND coalesce(\"end\", start) >= {ctx.first_us}{prio} ORDER BY start, _row").fetchall()
    results = []
    for ident, end in rows:
        due = business_deadline(cal, int(end), amount)
        if report.start_us < due <= report.end_us:
            results.append((str(ident), *_delivered(ctx, r, due, "", "", reference=str(ident))))
    if not results:
        return "nothing due", "no deadline falls in this period"
    if any(s == "no data" for _, s, _ in results):
        return "no data", f"{len(results)} due; no deliverables data"
    missed = [i for i, s, _ in results if s == "missed"]
    pending = [i for i, s, _ in results if s == "pending"]
    detail = f"{len(results) - len(missed) - len(pending)} of {len(results)} delivered in time"
    if missed:
        return "missed", detail + "; missed for " + ", ".join(missed)
    return ("pending" if pending else "met"), detail
