"""Workload 4: a year of per-minute request counts for many services (aggregated data).

100 services × 525,600 minutes = 52,560,000 rows of ``(time, service, total, failed)`` in
Parquet, the shape a Prometheus export or a metrics warehouse holds. Each service has a
monthly availability objective cut into minutes (unavailable when more than 5% of requests
fail) and a monthly error-rate objective. The baseline is the hand-written DuckDB SQL an
engineer would write for the same numbers.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

from . import datagen as g
from . import evaluation as ev
from .harness import Row, alternate
from .memory import peak


def counts_spec(services: int) -> str:
    blocks = []
    for s in range(1, services + 1):
        blocks.append(f'''service "Service {s:03d}":
  objective "Availability {s:03d}":
    the service shall be available at least 99.9% of the time in each calendar month.
    availability is measured from requests.
    a minute counts as unavailable when more than 5% of requests fail.
    a minute without requests counts as available.

  objective "Errors {s:03d}":
    at most 0.5% of requests shall fail in each calendar month.
''')
    credits = "".join(f'  for "Availability {s:03d}": 10% of the Monthly Fee when missed.\n'
                      f'  for "Errors {s:03d}": 5% of the Monthly Fee when missed.\n'
                      for s in range(1, services + 1))
    return (g._HEADER.format(title="Counts", zone="UTC") + "\n" + "\n".join(blocks)
            + "\nservice credits:\n" + credits)


def write_counts(directory: Path, services: int, days: int) -> Path:
    """Requests per minute and service: 50–149 a minute, a few failures, outages of 20 minutes
    with a chance of 1 in 500 (every request fails), quiet minutes with none at all."""
    directory.mkdir(parents=True, exist_ok=True)
    start = ev._us(g.YEAR_START)
    minutes = days * 1440
    query = (
        f"SELECT make_timestamptz(CAST({start} + m * 60000000 AS BIGINT)) AS time, "
        "'Service ' || lpad(CAST(s AS VARCHAR), 3, '0') AS service, "
        "CAST(CASE WHEN hash(s * 13 + m) % 997 = 0 THEN 0 ELSE 50 + hash(s + m * 7) % 100 END "
        "AS BIGINT) AS total, "
        "CAST(CASE WHEN hash(s * 13 + m) % 997 = 0 THEN 0 "
        "WHEN hash(s * 1000003 + m // 20) % 500 = 0 THEN 50 + hash(s + m * 7) % 100 "
        "ELSE hash(s * 31 + m) % 4 END AS BIGINT) AS failed "
        f"FROM range(1, {services + 1}) a(s), range({minutes}) b(m) ORDER BY m, s")
    return g._copy(directory / "request_counts.parquet", query, "parquet")


def counts_sql(path: Path, months: int) -> ev.Numbers:
    """The same numbers by hand: unavailable minutes and failed requests per service and
    month."""
    con = ev._con()
    try:
        rows = con.execute(
            "SELECT service, strftime(time, '%Y-%m') AS month, count(*) FILTER (WHERE "
            "failed * 20 > total AND total > 0), sum(failed), sum(total) "
            "FROM read_parquet(?) GROUP BY ALL", [str(path)]).fetchall()
    finally:
        con.close()
    out: ev.Numbers = {}
    for service, month, bad, failed, total in rows:
        if int(month[5:]) > months:
            continue
        y, mo = int(month[:4]), int(month[5:])
        length = (ev._us(g.YEAR_START.replace(year=y + mo // 12, month=mo % 12 + 1))
                  - ev._us(g.YEAR_START.replace(month=mo))) // ev.US_MIN
        number = service.rsplit(" ", 1)[1]
        out[f"{service}/Availability {number}/availability/{month}"] = \
            Fraction(length - int(bad), length) * 100
        if total:
            out[f"{service}/Errors {number}/failed requests/{month}"] = \
                Fraction(int(failed) * 100, int(total))
    return out


def counts(root: Path, services: int, days: int, reps: int) -> tuple[list[Row], list[str]]:
    spec = g.write_spec(root, "counts.sla", counts_spec(services))
    data = root / "counts"
    path = write_counts(data, services, days)
    report = root / "counts.json"
    months = max(1, days // 31)
    last = f"2026-{months:02d}"

    def run_sladsl() -> object:
        return ev.sladsl_evaluate(spec, data, report, first="2026-01", last=last)

    a, b = alternate(run_sladsl, lambda: counts_sql(path, months), reps, warmup=False)
    got = ev.report_numbers(run_sladsl())  # type: ignore[arg-type]
    want = counts_sql(path, months)
    differ = set(got.items()) ^ set(want.items())
    problems = [f"counts: {len(differ)} numbers differ"] if differ else []
    rows = services * days * 1440
    mine = peak("bench.evaluation:sladsl_evaluate", spec, data, report, first="2026-01",
                last=last)
    theirs = peak("bench.counts:counts_sql", path, months=months)
    return [Row(f"4. request counts per minute, {services} services × {days} days "
                f"({rows:,} rows)", "sladsl evaluate", "hand-written DuckDB SQL", a, b,
                "<= 1.2x", "", mine, theirs)], problems
