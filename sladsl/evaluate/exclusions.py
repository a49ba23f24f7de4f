"""Exclusions: time the service levels do not cover, and maintenance that turns into downtime.

* Maintenance is excluded only when it was announced at least the notice before it started,
  and only up to its allowance per window (``up to 4 hours in each calendar month``), taken
  in order of start. Maintenance announced late, not announced, of a kind no clause covers,
  or beyond the allowance counts as downtime.
* Incidents caused by the customer, force majeure, and incidents the customer reported later
  than its own responsibility allows are excluded for their whole duration.

Maintenance windows and incidents are few, so they are read as interval rows; request logs
and probes never leave DuckDB.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import nodes as n
from ..quantities import Duration
from .context import service_where
from .periods import calendar_period, describe_length, from_us
from .results import Exclusion
from .timeline import ExclusionSet, minutes

if TYPE_CHECKING:
    from .context import Context

class Exclusions:
    """Computes the exclusion set of each service once per evaluation."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        items = ctx.spec.items(n.Exclusions)
        self.maintenance = [x for x in items if isinstance(x, n.MaintenanceExclusion)]
        self.force_majeure = next((x for x in items if isinstance(x, n.ForceMajeureExclusion)),
                                  None)
        self.caused_by = [x for x in items if isinstance(x, n.CausedByExclusion)]
        self.late = next((x for x in items if isinstance(x, n.LateReportExclusion)), None)
        self.report_duty = _report_duty(ctx)
        self._cache: dict[str, ExclusionSet] = {}

    def of(self, service: str) -> ExclusionSet:
        if service not in self._cache:
            out = ExclusionSet()
            self._maintenance(service, out)
            self._incidents(service, out)
            self._cache[service] = out
        return self._cache[service]

    # ---- maintenance

    def _maintenance(self, service: str, out: ExclusionSet) -> None:
        ctx = self.ctx
        if not ctx.data.has("maintenance"):
            if self.maintenance:  # only an agreement that excludes maintenance misses the data
                out.notes.append("no maintenance data: no maintenance was excluded")
            return
        # Allowances are counted from the start of their window, so read from there.
        units = [m.allowance_window.unit for m in self.maintenance
                 if isinstance(m.allowance_window, n.CalendarWindow)]
        first = ctx.first_us
        for unit in units:
            first = min(first, calendar_period(unit, from_us(first, ctx.tz).date(), ctx.tz)
                        .start_us)
        rows = ctx.con.execute(
            "SELECT coalesce(id, '#' || _row), start, \"end\", announced_at, kind FROM maintenance "
            f"WHERE {service_where(ctx, 'maintenance', service)} AND \"end\" > ? AND start < ? "
            "ORDER BY start, _row",
            [first, ctx.last_us]).fetchall()
        used: dict[tuple[int, str], int] = {}
        for ident, start, end, announced, kind in rows:
            clause = self._maintenance_clause(kind)
            ref = f"maintenance {ident}"
            if clause is None:
                out.downtime.append(Exclusion(
                    f"maintenance of kind {kind!r} is not covered by an exclusion", ref,
                    minutes(end - start), None, start, end))
                continue
            notice_us, cal = self._notice(clause.notice)
            if announced is None or _elapsed(cal, announced, start) < notice_us:
                given = "never announced" if announced is None else \
                    f"announced {describe_length(max(0, start - announced))} before"
                out.downtime.append(Exclusion(
                    f"maintenance {given}; the notice is {clause.notice}", ref,
                    minutes(end - start), clause, start, end))
                continue
            if clause.allowance is None or not isinstance(clause.allowance, Duration) \
                    or clause.allowance.seconds is None:
                out.excluded.append(Exclusion("announced maintenance", ref,
                                              minutes(end - start), clause, start, end))
                continue
            allowance = int(clause.allowance.seconds * 1_000_000)
            unit = clause.allowance_window.unit \
                if isinstance(clause.allowance_window, n.CalendarWindow) else "month"
            cur = start
            while cur < end:
                window = calendar_period(unit, from_us(cur, ctx.tz).date(), ctx.tz)
                piece_end = min(end, window.end_us)
                key = (window.start_us, id(clause).__str__())
                left = max(0, allowance - used.get(key, 0))
                take = min(left, piece_end - cur)
                if take:
                    used[key] = used.get(key, 0) + take
                    out.excluded.append(Exclusion(
                        f"announced maintenance within the allowance of {clause.allowance} "
                        f"in {window.label}", ref, minutes(take), clause, cur, cur + take))
                if cur + take < piece_end:
                    out.downtime.append(Exclusion(
                        f"maintenance beyond the allowance of {clause.allowance} "
                        f"in {window.label}", ref, minutes(piece_end - cur - take), clause,
                        cur + take, piece_end))
                cur = piece_end

    def _maintenance_clause(self, kind: str | None) -> n.MaintenanceExclusion | None:
        for m in self.maintenance:
            if m.kind is None or kind is None or m.kind.lower() == kind.strip().lower():
                return m
        return None

    def _notice(self, notice: object) -> tuple[int, object]:
        if not isinstance(notice, Duration):
            return 0, None
        cal = self.ctx.clocks.for_duration(notice)
        return self.ctx.clocks.amount_us(notice, cal), cal

    # ---- incidents

    def _incidents(self, service: str, out: ExclusionSet) -> None:
        ctx = self.ctx
        wanted = self.force_majeure or self.caused_by or self.late
        if not wanted:
            return
        if not ctx.data.has("incidents"):
            out.notes.append("no incident data: no incident was excluded")
            return
        rows = ctx.con.execute(
            "SELECT id, start, coalesce(\"end\", ?), cause, coalesce(discovered_at, start), "
            f"reported_at FROM incidents WHERE {service_where(ctx, 'incidents', service)} "
            "AND coalesce(\"end\", ?) > ? AND start < ? ORDER BY start, _row",
            [ctx.last_us, ctx.last_us, ctx.first_us, ctx.last_us]).fetchall()
        parties = {self._party_cause(c.party): c for c in self.caused_by}
        for ident, start, end, cause, discovered, reported in rows:
            ref = f"incident {ident}"
            if cause == "force_majeure" and self.force_majeure is not None:
                out.excluded.append(Exclusion("force majeure", ref, minutes(end - start),
                                              self.force_majeure, start, end))
            elif cause in parties:
                clause = parties[cause]
                out.excluded.append(Exclusion(f"caused by {clause.party.text}", ref,
                                              minutes(end - start), clause, start, end))
            elif self.late is not None and self.report_duty is not None and reported is not None:
                limit_us, cal, duty = self.report_duty
                if _elapsed(cal, discovered, reported) > limit_us:
                    delay = describe_length(reported - discovered)
                    out.excluded.append(Exclusion(
                        f"{self.late.party.text} reported it {delay} after discovering it; "
                        f"the limit is {duty.deadline.within}", ref, minutes(end - start),
                        self.late, start, end))

    def _party_cause(self, ref: n.PartyRef) -> str:
        party = self.ctx.spec.party(ref)
        if party is not None:
            return party.role
        return "third_party"


def _report_duty(ctx: Context) -> tuple[int, object, n.Responsibility] | None:
    """The customer's "report each incident within …" responsibility, if the spec has one."""
    for r in ctx.spec.items(n.Responsibilities):
        if not isinstance(r, n.Responsibility):
            continue
        party = ctx.spec.party(r.party)
        action = r.action.lower()
        if party is not None and party.role == "customer" and "report" in action \
                and "incident" in action and isinstance(r.deadline.within, Duration):
            cal = ctx.clocks.for_duration(r.deadline.within)
            return ctx.clocks.amount_us(r.deadline.within, cal), cal, r
    return None


def _elapsed(cal: object, a: int, b: int) -> int:
    from .calendars import BusinessCalendar

    return cal.elapsed_us(a, b) if isinstance(cal, BusinessCalendar) else b - a

