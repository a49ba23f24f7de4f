"""Workloads 1–3: ``sladsl evaluate`` against hand-written DuckDB SQL (and plain Python).

sladsl runs through the click command of ``sladsl evaluate`` itself, in this process, with
``--format json -o FILE``: the same code path as the command line (load, check, read and
validate the data, evaluate, build and render the report). Each baseline computes the same
numbers straight from the data files, the way an engineer would write it by hand. Every
function returns exact numbers (``Fraction``) keyed alike, so results can be compared.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import math
from datetime import datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from .datagen import MONTH_START, TICKET_TARGETS, YEAR_START

Numbers = dict[str, Fraction]
US_MIN = 60_000_000


#: The memory limit of both sides (``--memory-limit`` of ``python -m bench``); None: sladsl's
#: default (half of the machine), which the baselines are then given too.
MEMORY_LIMIT: str | None = None


def sladsl_evaluate(spec: Path, data: Path, out: Path, period: str | None = None,
                    first: str | None = None, last: str | None = None) -> dict[str, Any]:
    """Runs the ``sladsl evaluate`` command in-process; returns the JSON report."""
    from sladsl.evaluate.command import evaluate

    args = [str(spec), "--data", str(data), "--format", "json", "-o", str(out)]
    args += ["--memory-limit", MEMORY_LIMIT] if MEMORY_LIMIT else []
    args += ["--period", period] if period else ["--from", first or "", "--to", last or ""]
    # The progress bar of a multi-period run goes to stderr; keep the table readable.
    with contextlib.redirect_stderr(io.StringIO()):
        try:
            evaluate.main(args, standalone_mode=False)
        except SystemExit as exc:
            if exc.code not in (0, 1, None):
                raise RuntimeError(f"sladsl evaluate failed with exit code {exc.code}") from exc
    report: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return report


def report_numbers(report: dict[str, Any]) -> Numbers:
    """``{"<service>/<objective>/<metric>/<window>": exact measured value}`` of a report."""
    out: Numbers = {}
    for period in report["periods"]:
        for line in period["lines"]:
            if line["measured_exact"] is not None:
                key = f'{line["service"]}/{line["objective"]}/{line["metric"]}/{line["window"]}'
                out[key] = Fraction(line["measured_exact"])
    return out


def _con() -> Any:
    """A DuckDB connection for a baseline, under the same memory limit as sladsl's, spilling
    to the system's temporary folder (DuckDB removes its files when the connection closes)."""
    import tempfile

    import duckdb

    from sladsl.evaluate.resources import Resources

    limit = Resources.from_options(MEMORY_LIMIT, None).limit_bytes
    con = duckdb.connect(":memory:", config={
        "memory_limit": f"{max(limit // 2**20, 1)}MiB",
        "temp_directory": str(Path(tempfile.gettempdir()) / "sladsl-bench-baseline.tmp")})
    con.execute("SET TimeZone = 'UTC'")
    con.execute("SET enable_progress_bar = false")
    return con


def _us(moment: datetime) -> int:
    return int(moment.timestamp()) * 1_000_000


# ------------------------------------------------------------------ 1. request logs

_MARCH_START = _us(MONTH_START)
_MARCH_END = _us(datetime(2026, 4, 1, tzinfo=MONTH_START.tzinfo))
_REQ_KEYS = ("API/Availability/availability/2026-03", "API/Latency/response time/2026-03",
             "API/Error Rate/failed requests/2026-03")


def _source(path: Path) -> str:
    if path.suffix == ".csv":
        return ("read_csv(?, header = true, columns = {'time': 'TIMESTAMPTZ', "
                "'latency_ms': 'DECIMAL(10, 1)', 'success': 'BOOLEAN'})")
    return "read_parquet(?)"


def requests_sql(path: Path) -> Numbers:
    """Minute availability (>5% failed is down), p95/p99 (nearest rank), error rate, in SQL."""
    start, end = _MARCH_START, _MARCH_END
    con = _con()
    try:
        row = con.execute(f"""
            WITH r AS (SELECT epoch_us(time) AS t, latency_ms, success FROM {_source(path)}
                       WHERE epoch_us(time) >= {start} AND epoch_us(time) < {end}),
                 m AS (SELECT count(*) AS n, count(*) FILTER (WHERE NOT success) AS bad
                       FROM r GROUP BY (t - {start}) // {US_MIN})
            SELECT (SELECT count(*) FILTER (WHERE bad * 20 > n) FROM m),
                   count(*), count(*) FILTER (WHERE NOT success),
                   quantile_disc(latency_ms, [0.95, 0.99])
            FROM r""", [str(path)]).fetchone()
    finally:
        con.close()
    down, n, failed, (p95, p99) = row
    minutes = (end - start) // US_MIN
    return {
        _REQ_KEYS[0]: Fraction(minutes - int(down), minutes) * 100,
        _REQ_KEYS[1] + "/p95": Fraction(Decimal(p95)),
        _REQ_KEYS[1] + "/p99": Fraction(Decimal(p99)),
        _REQ_KEYS[2]: Fraction(int(failed) * 100, int(n)),
    }


def requests_python(path: Path) -> Numbers:
    """The same numbers in plain Python from a CSV file: csv, datetime, Decimal, sorted."""
    start, end = _MARCH_START, _MARCH_END
    per_minute: dict[int, list[int]] = {}
    latencies: list[Decimal] = []
    failed = 0
    with path.open(newline="", encoding="utf-8") as f:
        rows = csv.reader(f)
        header = next(rows)
        it, il, isucc = header.index("time"), header.index("latency_ms"), header.index("success")
        for row in rows:
            moment = datetime.fromisoformat(row[it])
            t = (moment - MONTH_START) // _ONE_US + _MARCH_START
            if not start <= t < end:
                continue
            bad = row[isucc] != "true"
            counts = per_minute.setdefault((t - start) // US_MIN, [0, 0])
            counts[0] += 1
            if bad:
                counts[1] += 1
                failed += 1
            latencies.append(Decimal(row[il]))
    latencies.sort()
    down = sum(1 for n, b in per_minute.values() if b * 20 > n)
    minutes = (end - start) // US_MIN

    def rank(p: Fraction) -> Fraction:
        return Fraction(latencies[max(1, math.ceil(p * len(latencies))) - 1])

    return {
        _REQ_KEYS[0]: Fraction(minutes - down, minutes) * 100,
        _REQ_KEYS[1] + "/p95": rank(Fraction(95, 100)),
        _REQ_KEYS[1] + "/p99": rank(Fraction(99, 100)),
        _REQ_KEYS[2]: Fraction(failed * 100, len(latencies)),
    }


def requests_sladsl(report: dict[str, Any]) -> Numbers:
    """The request numbers of a sladsl report, keyed like the baselines."""
    out: Numbers = {}
    for period in report["periods"]:
        for line in period["lines"]:
            key = f'{line["service"]}/{line["objective"]}/{line["metric"]}/{line["window"]}'
            if line["metric"] == "response time":
                key += "/p95" if line["target"] == "300" else "/p99"
            out[key] = Fraction(line["measured_exact"])
    return out


_ONE_US = timedelta(microseconds=1)


# ------------------------------------------------------------------ 2. probes


def probes_sql(probes: Path, maintenance: Path, months: int = 12) -> Numbers:
    """Monthly availability per service: all-probes-down minutes plus maintenance that is not
    excluded (announced under 72 hours ahead, or beyond 4 hours a month), minus excluded."""
    y0 = _us(YEAR_START)
    con = _con()
    try:
        rows = con.execute(f"""
            WITH p AS (SELECT service, (epoch_us(time) - {y0}) // {US_MIN} AS m
                       FROM read_parquet(?) GROUP BY ALL HAVING bool_and(NOT up)),
                 mt AS (SELECT service, epoch_us(start) AS s, epoch_us("end") AS e,
                               epoch_us(start) - epoch_us(announced_at) >= 72 * 3600000000
                               AS ok, date_trunc('month', start) AS mon
                        FROM read_csv(?, header = true, columns = {{'id': 'VARCHAR',
                             'service': 'VARCHAR', 'start': 'TIMESTAMPTZ',
                             'end': 'TIMESTAMPTZ', 'announced_at': 'TIMESTAMPTZ'}})),
                 c AS (SELECT *, CAST(CASE WHEN ok THEN least(e - s, greatest(0, 4 * 3600000000
                              - coalesce(sum(CASE WHEN ok THEN e - s ELSE 0 END) OVER (
                                PARTITION BY service, mon ORDER BY s ROWS BETWEEN
                                UNBOUNDED PRECEDING AND 1 PRECEDING), 0))) ELSE 0 END
                              AS BIGINT) AS ex
                       FROM mt),
                 excluded AS (SELECT service, unnest(range((s - {y0}) // {US_MIN},
                                     (s + ex - {y0}) // {US_MIN})) AS m FROM c),
                 maint_down AS (SELECT service, unnest(range((s + ex - {y0}) // {US_MIN},
                                       (e - {y0}) // {US_MIN})) AS m FROM c),
                 down AS (SELECT service, m FROM p UNION SELECT service, m FROM maint_down
                          EXCEPT SELECT service, m FROM excluded)
            SELECT service, strftime(make_timestamp(CAST({y0} + m * {US_MIN} AS BIGINT)),
                                     '%Y-%m') AS month, count(*)
            FROM down GROUP BY ALL""", [str(probes), str(maintenance)]).fetchall()
        services = [r[0] for r in con.execute(
            "SELECT DISTINCT service FROM read_parquet(?) ORDER BY 1", [str(probes)]).fetchall()]
    finally:
        con.close()
    down = {(s, m): int(c) for s, m, c in rows}
    out: Numbers = {}
    for month in range(1, months + 1):
        a = datetime(2026, month, 1, tzinfo=YEAR_START.tzinfo)
        b = datetime(2026 + month // 12, month % 12 + 1, 1, tzinfo=YEAR_START.tzinfo)
        minutes = (_us(b) - _us(a)) // US_MIN
        label = f"2026-{month:02d}"
        for s in services:
            number = s.rsplit(" ", 1)[1]
            key = f"{s}/Availability {number}/availability/{label}"
            out[key] = Fraction(minutes - down.get((s, label), 0), minutes) * 100
    return out


# ------------------------------------------------------------------ 3. tickets

LONDON = ZoneInfo("Europe/London")
_TICKETS_END = _us(datetime(2027, 1, 1, tzinfo=LONDON))


def tickets_sql(tickets: Path) -> Numbers:
    """Attainment per month and target on plain wall-clock durations (no calendar)."""
    con = _con()
    try:
        parts = []
        for i, (_obj, col, prio, limit, _business) in enumerate(TICKET_TARGETS):
            parts.append(f"""SELECT {i} AS k, month,
                count(*) FILTER (WHERE ev IS NOT NULL AND el <= {limit}) AS met,
                count(*) FILTER (WHERE el > {limit}) AS missed
              FROM (SELECT strftime(timezone('Europe/London', opened_at), '%Y-%m') AS month,
                           epoch_us({col}) AS ev,
                           coalesce(epoch_us({col}), {_TICKETS_END}) - epoch_us(opened_at) AS el
                    FROM t WHERE priority = {prio}) GROUP BY ALL""")
        con.execute("CREATE TEMP TABLE t AS SELECT * FROM read_parquet(?)", [str(tickets)])
        rows = con.execute(" UNION ALL ".join(parts)).fetchall()
    finally:
        con.close()
    return {_ticket_key(k, month): Fraction(int(met) * 100, int(met) + int(missed))
            for k, month, met, missed in rows if int(met) + int(missed)}


def _ticket_key(k: int, month: str) -> str:
    obj, col, prio, _limit, _business = TICKET_TARGETS[k]
    metric = "first response" if col == "first_response_at" else "resolution"
    return f"Service Desk/{obj}/priority {prio} {metric}/{month}"


def tickets_python(tickets: Path) -> Numbers:
    """Attainment with business hours counted ticket by ticket in Python (for small tests):
    09:00–17:00 London time, Monday to Friday, except GB public holidays."""
    import holidays

    con = _con()
    try:
        rows = con.execute("SELECT priority, epoch_us(opened_at), epoch_us(first_response_at), "
                           "epoch_us(resolved_at) FROM read_parquet(?)",
                           [str(tickets)]).fetchall()
    finally:
        con.close()
    gb = holidays.country_holidays("GB", years=range(2025, 2028))

    def open_time(a: int, b: int) -> int:
        total = 0
        day = datetime.fromtimestamp(a / 1e6, LONDON).date()
        while True:
            s = _us(datetime(day.year, day.month, day.day, 9, tzinfo=LONDON))
            if s >= b:
                return total
            e = _us(datetime(day.year, day.month, day.day, 17, tzinfo=LONDON))
            if day.weekday() < 5 and day not in gb:
                total += max(0, min(e, b) - max(s, a))
            day += timedelta(days=1)

    counts: dict[tuple[int, str], list[int]] = {}
    for prio, opened, response, resolved in rows:
        month = datetime.fromtimestamp(opened / 1e6, LONDON).strftime("%Y-%m")
        for k, (_obj, col, p, limit, business) in enumerate(TICKET_TARGETS):
            if p != prio:
                continue
            ev = response if col == "first_response_at" else resolved
            stop = _TICKETS_END if ev is None else ev
            elapsed = open_time(opened, stop) if business else stop - opened
            c = counts.setdefault((k, month), [0, 0])
            if ev is not None and elapsed <= limit:
                c[0] += 1
            elif elapsed > limit:
                c[1] += 1
    return {_ticket_key(k, month): Fraction(met * 100, met + missed)
            for (k, month), (met, missed) in counts.items() if met + missed}
