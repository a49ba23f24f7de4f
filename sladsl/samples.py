"""Deterministic sample measurement data for any spec: one good month and one bad month.

``python -m sladsl.samples SPEC OUT_DIR`` writes the files of ``docs/data-model.md`` that the
spec's objectives, exclusions, responsibilities and credits read. What is generated follows
from the objectives found in the spec, not from its file name. The *good* month (the third
month of the term, so a quarter ends with it) meets every target; the *bad* month (the sixth)
has an outage, slow and failed requests, late tickets, unhappy surveys, maintenance announced
late, a late deliverable and an incident the customer reported late. The same spec always
gives byte-identical files (a seeded generator, no wall clock).
"""

from __future__ import annotations

import csv
import json
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from . import nodes as n
from .model import ObjectiveEntry, Spec
from .quantities import Duration, Money, Score, magnitude

MINUTE = 60_000_000


def sample_months(spec: Spec) -> tuple[str, str]:
    """Labels of the good and the bad month: the first quarter-end month at least two months
    into the term (so quarterly objectives are judged with it) and the month three later."""
    term = spec.agreement.term
    start = (term.effective_date if term else None) or date(2026, 1, 1)
    index = start.year * 12 + start.month - 1 + 2
    while index % 3 != 2:
        index += 1
    good = date(index // 12, index % 12 + 1, 1)
    bad = date((index + 3) // 12, (index + 3) % 12 + 1, 1)
    return f"{good:%Y-%m}", f"{bad:%Y-%m}"


class _Writer:
    def __init__(self, spec: Spec, out: Path) -> None:
        from .evaluate.calendars import Clocks
        from .evaluate.periods import parse_period, zone

        self.spec = spec
        self.out = out
        self.tz = zone(spec.time_zone)
        self.clocks = Clocks(spec)
        self.rng = random.Random(spec.sha256)
        good, bad = sample_months(spec)
        self.months = [(parse_period(good, self.tz), True), (parse_period(bad, self.tz), False)]
        self.rows: dict[str, list[dict[str, object]]] = {}
        self.segments: list[_Segment] = []
        self.targets = [(e, t) for e in spec.objectives for t in e.objective.targets]

    def add(self, kind: str, row: dict[str, object]) -> None:
        self.rows.setdefault(kind, []).append(row)

    def when(self, us: int, offset: bool = False) -> str:
        from .evaluate.periods import from_us

        moment = from_us(us, self.tz)
        return moment.isoformat(timespec="seconds") if offset \
            else moment.strftime("%Y-%m-%d %H:%M:%S")

    # ---- requests and probes

    def traffic(self) -> None:
        from .evaluate.availability import slice_us, source_of

        needs_requests = False
        for entry, t in self.targets:
            if isinstance(t, n.AvailabilityTarget):
                src = source_of(entry.objective)
                if src == "incidents":
                    continue
                self._availability_samples(entry, t, src, slice_us(entry.objective))
            elif isinstance(t, n.RequestRatioTarget) or (
                    isinstance(t, n.PercentileTarget | n.AverageTarget)
                    and t.metric == "response time"):
                needs_requests = True
        if needs_requests or any(g.kind == "requests" for g in self.segments):
            self._latency_samples()

    def _limit_ms(self) -> Decimal:
        limits = [Decimal(1000)]
        for _e, t in self.targets:
            q = getattr(t, "value", None) if not isinstance(t, n.RequestRatioTarget) \
                else t.within
            if isinstance(t, n.PercentileTarget | n.AverageTarget | n.RequestRatioTarget) \
                    and isinstance(q, Duration) and q.seconds:
                limits.append(q.seconds * 1000)
        for e, _t in self.targets:
            for r in e.objective.rules:
                if isinstance(r, n.SlowRequestRule) and isinstance(r.limit, Duration):
                    limits.append((r.limit.seconds or Decimal(1)) * 1000)
        return min(limits)

    def _availability_samples(self, entry: ObjectiveEntry, t: n.AvailabilityTarget, src: str,
                              size: int) -> None:
        """Regular samples, dense where empty slices would count against the service."""
        empty = next((r for r in entry.objective.rules if isinstance(r, n.EmptySliceRule)), None)
        step = size if empty is not None and empty.counts_as != "available" else 10 * size
        limit = int(self._limit_ms())
        for month, good in self.months:
            allowed = (100 - magnitude(t.value)) / 100 * month.length_us
            outage = 0 if good else int(min(max(allowed * 3, Decimal(30 * MINUTE)),
                                             Decimal(month.length_us) * Decimal("0.4")))
            outage = outage // size * size
            o_start = month.start_us + (month.length_us // 2) // size * size
            o_end = o_start + outage
            for a, b, every, ok in ((month.start_us, o_start, step, True),
                                    (o_start, o_end, size, False),
                                    (o_end, month.end_us, step, True)):
                if b > a:
                    self.segments.append(_Segment(src, entry.service.name, a + size // 2, b,
                                                  every, ok, not good, limit))

    def _latency_samples(self) -> None:
        limit = self._limit_ms()
        services = sorted({e.service.name for e, _ in self.targets})
        for month, good in self.months:
            for i in range(400):
                us = month.start_us + (i * month.length_us) // 400 + 7_000_000
                slow = not good and i % 10 == 0
                fail = not good and i % 50 == 0
                latency = int(limit * 3) if slow else \
                    self.rng.randint(5, max(6, int(limit * Decimal("0.4"))))
                for service in services:
                    self.add("requests", {"time": self.when(us), "latency_ms": latency,
                                          "status": 500 if fail else 200, "service": service,
                                          "us": us})

    # ---- tickets and surveys

    def tickets(self) -> None:
        ticket_targets = [(e, t) for e, t in self.targets
                          if isinstance(t, n.TicketTimeTarget | n.TicketRatioTarget
                                        | n.ClosureRateTarget)
                          or (isinstance(t, n.PercentileTarget | n.AverageTarget)
                              and t.metric in ("resolution time", "turnaround time"))]
        if not ticket_targets:
            return
        levels = sorted(set(self.spec.priorities) | {
            t.priority for _, t in ticket_targets
            if isinstance(t, n.TicketTimeTarget | n.TicketRatioTarget) and t.priority is not None
        }) or [Decimal(1)]
        number = 0
        for month, good in self.months:
            for level in levels:
                for i in range(10):
                    number += 1
                    opened = month.start_us + (i * 3 + 1) * 86_400_000_000 + 10 * 3_600_000_000
                    late = not good and i < 8
                    response = self._delay(ticket_targets, level, "first_response", opened, late)
                    resolved = max(response, self._delay(ticket_targets, level, "resolved",
                                                         opened, late))
                    closed = resolved + MINUTE
                    never = not good and i >= 8
                    self.add("tickets", {
                        "id": f"T{number:04d}", "priority": f"P{level}",
                        "opened_at": self.when(opened, offset=True),
                        "first_response_at": self.when(response, offset=True),
                        "resolved_at": "" if never else self.when(resolved, offset=True),
                        "closed_at": "" if never else self.when(closed, offset=True),
                        "first_contact": str(good or i >= 6).lower(),
                        "service": ticket_targets[0][0].service.name,
                    })

    def _delay(self, targets: Sequence[tuple[object, n.Node]], level: Decimal, kind: str,
               opened: int, late: bool) -> int:
        limits = []
        for _e, t in targets:
            if isinstance(t, n.TicketTimeTarget | n.TicketRatioTarget) \
                    and t.event.kind == kind and t.priority in (None, level) \
                    and isinstance(t.event.limit, Duration):
                any_time = isinstance(t, n.TicketTimeTarget) and t.any_time
                cal = self.clocks.for_duration(t.event.limit, t.event.calendar, any_time)
                limits.append((self.clocks.amount_us(t.event.limit, cal), cal))
        if not limits:
            return opened + (30 if kind == "first_response" else 120) * MINUTE
        amount, cal = min(limits, key=lambda x: x[0])
        if not late:
            # Wall-clock time is never shorter than business time, so this is within a third
            # of the limit on any calendar, and short enough to close in the same week.
            return opened + min(amount // 3, 30 * MINUTE)
        return opened + 2 * amount if cal is None else cal.deadline_us(opened, 2 * amount)

    def surveys(self) -> None:
        wanted = any(isinstance(t, n.NpsTarget | n.ScoreRatioTarget)
                     or (isinstance(t, n.AverageTarget | n.PercentileTarget)
                         and t.metric == "satisfaction score") for _, t in self.targets)
        if not wanted:
            return
        scales = [q.scale for _, t in self.targets
                  if isinstance(q := getattr(t, "value", None), Score)]
        scale = scales[0] if scales else Decimal(5)
        for month, good in self.months:
            for i in range(20):
                us = month.start_us + (i * 2 + 1) * 86_400_000_000 // 2
                self.add("surveys", {"time": self.when(us, offset=True),
                                     "satisfaction": str(scale if good else 1),
                                     "promoter": 10 if good or i % 5 == 0 else 3})

    # ---- incidents, maintenance, deliverables, fees, claims

    def events(self) -> None:
        spec = self.spec
        service = self.targets[0][0].service.name if self.targets else ""
        exclusions = spec.items(n.Exclusions)
        incident_source = any(isinstance(t, n.AvailabilityTarget) and
                              _source(e) == "incidents" for e, t in self.targets)
        if incident_source or any(isinstance(x, n.ForceMajeureExclusion | n.CausedByExclusion
                                             | n.LateReportExclusion) for x in exclusions) \
                or spec.items(n.Responsibilities):
            for k, (month, good) in enumerate(self.months):
                start = month.start_us + 5 * 86_400_000_000 + 14 * 3_600_000_000
                self.add("incidents", {"id": f"INC-{k}1", "start": self.when(start, True),
                                       "end": self.when(start + 40 * MINUTE, True),
                                       "priority": "P1", "cause": "customer",
                                       "reported_at": self.when(start + (MINUTE if good else
                                                                         30 * 60 * MINUTE),
                                                                True),
                                       "service": service})
                if not good and incident_source:
                    allowed = min((100 - magnitude(t.value)) / 100 * month.length_us
                                  for _, t in self.targets if isinstance(t, n.AvailabilityTarget))
                    length = min(max(int(allowed * 3), 30 * MINUTE), month.length_us * 2 // 5)
                    s = month.start_us + 12 * 86_400_000_000
                    self.add("incidents", {"id": f"INC-{k}2", "start": self.when(s, True),
                                           "end": self.when(s + length, True), "priority": "P1",
                                           "cause": "provider", "reported_at": "",
                                           "service": service})
        for m in exclusions:
            if isinstance(m, n.MaintenanceExclusion):
                notice = int((m.notice.seconds or 0) * 1_000_000) \
                    if isinstance(m.notice, Duration) and not m.notice.on_calendar \
                    else 14 * 86_400_000_000
                allowance = int((m.allowance.seconds or 0) * 1_000_000) \
                    if isinstance(m.allowance, Duration) else 3_600_000_000
                for k, (month, good) in enumerate(self.months):
                    start = month.start_us + 20 * 86_400_000_000 + 2 * 3_600_000_000
                    length = max(MINUTE, allowance // 2)
                    announced = start - notice * 2 if good else start - notice // 2
                    self.add("maintenance", {
                        "id": f"MW-{k}", "start": self.when(start),
                        "end": self.when(start + length), "announced_at": self.when(announced),
                        "kind": m.kind or "scheduled", "service": service})
                break
        self._deliverables()
        self._money()

    def _deliverables(self) -> None:
        for r in self.spec.items(n.Responsibilities):
            if not isinstance(r, n.Responsibility):
                continue
            words = r.action.split()[1:]
            if words and words[0].lower() in ("a", "an", "the", "each"):
                words = words[1:]
            kind = " ".join(words)
            d = r.deadline
            if d.kind in ("before", "by") and d.date:
                due = datetime.fromisoformat(d.date).replace(tzinfo=self.tz)
                from .evaluate.periods import to_us

                self.add("deliverables", {"kind": kind, "period": "", "reference": "",
                                          "delivered_at": self.when(to_us(due) - 86_400_000_000)})
            elif d.kind == "within" and d.trigger == "period":
                from .evaluate.periods import previous_period

                for month, good in self.months:
                    before = previous_period(month)
                    delay = 60_000_000 if good else 40 * 86_400_000_000
                    for p, wait in ((before, delay), (month, 60_000_000)):
                        self.add("deliverables", {"kind": kind, "period": p.label,
                                                  "reference": "",
                                                  "delivered_at": self.when(p.end_us + wait)})
            elif d.kind == "within" and d.trigger == "incident":
                for row in self.rows.get("incidents", []):
                    self.add("deliverables", {"kind": kind, "period": "",
                                              "reference": str(row["id"]),
                                              "delivered_at": str(row["end"])})

    def _money(self) -> None:
        if not self.spec.items(n.Credits):
            return
        fee = next((a.value for a in self.spec.amounts.values() if isinstance(a.value, Money)),
                   None)
        currency = self.spec.currency or (fee.currency if fee else None) or "EUR"
        amount = fee.amount if fee else Decimal(10000)
        # A fee for every month from the good to the bad one (a review runs over the range; a
        # fee given per customer has no other amount), a claim for the bad one.
        from .evaluate.periods import parse_range

        first, last = self.months[0][0], self.months[-1][0]
        for month in parse_range(first.label, last.label, self.tz):
            self.add("fees", {"period": month.label, "amount": str(amount),
                              "currency": currency})
        for month, good in self.months:
            if not good:
                self.add("claims", {"period": month.label, "objective": "",
                                    "claimed_at": self.when(month.end_us + 86_400_000_000)})

    def _write_dense(self, kind: str) -> Path:
        """Segments (and any other rows of the kind) to Parquet, times as UTC instants."""
        from .evaluate.resources import connect

        path = self.out / f"{kind}.parquet"
        parts = [_segment_sql(g) for g in self.segments if g.kind == kind]
        con = connect()
        try:
            con.execute("SET TimeZone = 'UTC'")
            con.execute(f"CREATE TABLE d AS {' UNION ALL '.join(parts)}")
            for row in self.rows.get(kind, []):
                con.execute("INSERT INTO d VALUES (make_timestamp(?), ?, ?, ?)",
                            [row["us"], row["latency_ms"], row["status"], row["service"]])
            con.execute("COPY (SELECT timezone('UTC', time) AS time, * EXCLUDE (time) FROM d "
                        "ORDER BY time, service) TO ? (FORMAT parquet)", [str(path)])
        finally:
            con.close()
        return path

    def write(self) -> list[Path]:
        self.out.mkdir(parents=True, exist_ok=True)
        written = []
        dense = sorted({g.kind for g in self.segments})
        for kind in dense:
            written.append(self._write_dense(kind))
        for kind, rows in sorted(self.rows.items()):
            if kind in dense:
                continue
            columns = list(dict.fromkeys(k for row in rows for k in row))
            if kind == "surveys":
                path = self.out / "surveys.jsonl"
                text = "".join(json.dumps(r, sort_keys=True) + "\n" for r in rows)
                path.write_text(text, encoding="utf-8")
            else:
                path = self.out / f"{kind}.csv"
                with path.open("w", encoding="utf-8", newline="") as f:
                    w = csv.DictWriter(f, columns, lineterminator="\n")
                    w.writeheader()
                    w.writerows(rows)
            written.append(path)
        buckets = self._write_buckets()
        return written + ([buckets] if buckets else [])

    def _write_buckets(self) -> Path | None:
        """Latency histogram buckets counted from the requests, per minute, for a spec whose
        percentiles are estimated from buckets: a bucket at each limit and at four times it
        (so a slow month's percentile lands above the limit), and +Inf."""
        from .evaluate.resources import connect

        limits = {t.value.seconds for _e, t in self.targets
                  if isinstance(t, n.PercentileTarget) and t.metric == "response time"
                  and isinstance(t.value, Duration) and t.value.seconds}
        uses = any(isinstance(r, n.PercentileMethodRule) and r.method in n.BUCKET_METHODS
                   for e in self.spec.objectives for r in e.objective.rules)
        found = [self.out / f"requests{ext}" for ext in (".parquet", ".csv")
                 if (self.out / f"requests{ext}").is_file()]
        if not (uses and limits and found):
            return None
        bounds = sorted({b for s in limits if s is not None for b in (s, s * 4)})
        values = ", ".join(f"('{format(b.normalize(), 'f')}')" for b in bounds) + ", ('+Inf')"
        reader = "read_parquet" if found[0].suffix == ".parquet" else "read_csv"
        path = self.out / "latency_buckets.csv"
        con = connect()
        try:
            con.execute(f"SET TimeZone = {_sql_text(self.spec.time_zone)}")
            con.execute(
                "COPY (SELECT make_timestamptz((epoch_us(CAST(time AS TIMESTAMPTZ)) // "
                f"{MINUTE}) * {MINUTE}) AS time, service, le, count(*) FILTER (WHERE le = "
                "'+Inf' OR latency_ms <= TRY_CAST(le AS DECIMAL(18,6)) * 1000) AS count "
                f"FROM {reader}(?), (VALUES {values}) b(le) WHERE latency_ms IS NOT NULL "
                "GROUP BY ALL ORDER BY ALL) TO ? (HEADER)", [str(found[0]), str(path)])
        finally:
            con.close()
        return path


@dataclass(frozen=True)
class _Segment:
    """Samples every ``step`` microseconds from ``start`` to ``end``, all good or all failed."""

    kind: str
    service: str
    start: int
    end: int
    step: int
    ok: bool
    bad_month: bool
    limit_ms: int


def _segment_sql(g: _Segment) -> str:
    """Rows of one segment, made by DuckDB: millions of samples cost no Python loop."""
    slow = g.limit_ms * 3
    spread = max(2, g.limit_ms * 4 // 10 - 5)
    latency = (f"CASE WHEN {g.bad_month} AND (us // {g.step}) % 10 = 0 THEN {slow} "
               f"ELSE 5 + ((us // {g.step}) * 7919) % {spread} END")
    if g.kind == "probes":
        return (f"SELECT make_timestamp(us) AS time, {str(g.ok).lower()} AS up, 'p1' AS probe, "
                f"{_sql_text(g.service)} AS service FROM range({g.start}, {g.end}, {g.step}) "
                "t(us)")
    return (f"SELECT make_timestamp(us) AS time, {latency} AS latency_ms, "
            f"{200 if g.ok else 503} AS status, {_sql_text(g.service)} AS service "
            f"FROM range({g.start}, {g.end}, {g.step}) t(us)")


def _sql_text(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _source(entry: object) -> str:
    from .evaluate.availability import source_of
    from .model import ObjectiveEntry

    assert isinstance(entry, ObjectiveEntry)
    return source_of(entry.objective)


def generate(spec: Spec, out: Path) -> list[Path]:
    """Writes sample data for ``spec`` into ``out``; returns the files written."""
    w = _Writer(spec, out)
    w.traffic()
    w.tickets()
    w.surveys()
    w.events()
    return w.write()


def main(argv: list[str] | None = None) -> int:
    from .api import load
    from .errors import SlaError

    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print("usage: python -m sladsl.samples SPEC OUT_DIR", file=sys.stderr)
        return 2
    try:
        spec = load(args[0])
    except SlaError as exc:
        print(exc.render(), file=sys.stderr)
        return 2
    good, bad = sample_months(spec)
    for path in generate(spec, Path(args[1])):
        print(path)
    print(f"good month {good}, bad month {bad}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

