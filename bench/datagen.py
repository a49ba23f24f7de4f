"""Deterministic measurement data and the specs that read it, written by DuckDB.

Every value is a function of the row number through DuckDB's ``hash`` (no random generator,
no wall clock), so the same sizes always give byte-identical files. Data goes into a directory
the caller owns (a temporary one in the benchmark), never into the repository.
"""

from __future__ import annotations

import shutil
from datetime import datetime, timezone
from pathlib import Path

UTC = timezone.utc
MONTH_START = datetime(2026, 3, 1, tzinfo=UTC)  # requests: March 2026 (31 days)
YEAR_START = datetime(2026, 1, 1, tzinfo=UTC)
SERVICES = 20

_HEADER = '''agreement "Benchmark {title} Agreement"
  provider "Acme Cloud Ltd." called "the Provider"
  customer "Globex Corporation" called "the Customer"
  effective 2026-01-01 until 2026-12-31
  time zone {zone}
  currency EUR

definitions:
  "Monthly Fee" is EUR 10,000.
'''

REQUESTS_SPEC = _HEADER.format(title="API", zone="UTC") + '''
service "API":
  objective "Availability":
    the service shall be available at least 99.9% of the time in each calendar month.
    availability is measured from requests.
    a minute counts as unavailable when more than 5% of requests fail.
    a minute without requests counts as available.

  objective "Latency":
    the 95th percentile of response time shall be at most 300 ms in each calendar month.
    the 99th percentile of response time shall be at most 1000 ms in each calendar month.
    percentiles are computed by nearest rank.

  objective "Error Rate":
    at most 0.5% of requests shall fail in each calendar month.

service credits:
  for "Availability": 10% of the Monthly Fee when missed.
  for "Latency": 5% of the Monthly Fee when missed.
  for "Error Rate": 5% of the Monthly Fee when missed.
'''


def probes_spec(services: int = SERVICES) -> str:
    """One availability objective per service, from probes, with maintenance exclusions."""
    blocks = []
    for s in range(1, services + 1):
        blocks.append(f'''service "Service {s:02d}":
  objective "Availability {s:02d}":
    the service shall be available at least 99.9% of the time in each calendar month.
    availability is measured from probes.
    a minute counts as unavailable when all probes fail.
    a minute without probes counts as available.
    excluded time counts as available.
''')
    credits = "".join(f'  for "Availability {s:02d}": 10% of the Monthly Fee when missed.\n'
                      for s in range(1, services + 1))
    return (_HEADER.format(title="Probes", zone="UTC") + "\n" + "\n".join(blocks)
            + "\nexclusions:\n  scheduled maintenance announced at least 72 hours in advance,"
            " up to 4 hours in each calendar month.\n\nservice credits:\n" + credits)


TICKETS_SPEC = _HEADER.format(title="Service Desk", zone="Europe/London") + \
    '  "Business Hours" are 09:00 to 17:00, Monday to Friday,\n' \
    "    except public holidays in GB.\n" + '''\
  priority 1 means "the service is down for everyone".
  priority 2 means "a major function is unavailable".
  priority 3 means "a minor function is impaired".
  priority 4 means "a question or a request".

service "Service Desk":
  objective "Response":
    at least 95% of priority 1 tickets shall receive a first response within 15 minutes
      in each calendar month.
    at least 90% of priority 2 tickets shall receive a first response within 1 hour
      in each calendar month.
    at least 90% of priority 3 tickets shall receive a first response
      within 4 hours of Business Hours in each calendar month.
    at least 90% of priority 4 tickets shall receive a first response within 1 business day
      in each calendar month.

  objective "Resolution":
    at least 95% of priority 1 tickets shall be resolved within 4 hours in each calendar month.
    at least 90% of priority 2 tickets shall be resolved within 8 hours in each calendar month.
    at least 90% of priority 3 tickets shall be resolved within 3 business days
      in each calendar month.
    at least 90% of priority 4 tickets shall be resolved within 5 business days
      in each calendar month.

service credits:
  for "Response": 5% of the Monthly Fee when missed.
  for "Resolution": 5% of the Monthly Fee when missed.
'''

#: (objective, event column, priority, limit in µs, business calendar?) of TICKETS_SPEC.
TICKET_TARGETS = [
    ("Response", "first_response_at", 1, 15 * 60_000_000, False),
    ("Response", "first_response_at", 2, 3600_000_000, False),
    ("Response", "first_response_at", 3, 4 * 3600_000_000, True),
    ("Response", "first_response_at", 4, 8 * 3600_000_000, True),
    ("Resolution", "resolved_at", 1, 4 * 3600_000_000, False),
    ("Resolution", "resolved_at", 2, 8 * 3600_000_000, False),
    ("Resolution", "resolved_at", 3, 3 * 8 * 3600_000_000, True),
    ("Resolution", "resolved_at", 4, 5 * 8 * 3600_000_000, True),
]


def _con() -> object:
    import duckdb

    con = duckdb.connect(":memory:")
    con.execute("SET TimeZone = 'UTC'")
    con.execute("SET enable_progress_bar = false")
    return con


def _us(moment: datetime) -> int:
    return int(moment.timestamp()) * 1_000_000


def write_requests(directory: Path, rows: int, fmt: str) -> Path:
    """``requests.<fmt>`` for March 2026: time, latency_ms, success; one 40-minute outage."""
    directory.mkdir(parents=True, exist_ok=True)
    start = _us(MONTH_START)
    span = 31 * 86_400_000_000
    outage_a = start + (9 * 86_400 + 14 * 3600) * 1_000_000  # 10 March, 14:00
    outage_b = outage_a + 40 * 60_000_000
    time_us = f"({start} + (CAST(i AS HUGEINT) * {span}) // {rows})"
    # Latency: a body of 20–220 ms and a tail of one request in fifty up to 2.2 s.
    latency = ("CAST((200 + hash(i * 2 + 1) % 2000 + CASE WHEN hash(i * 3 + 7) % 50 = 0 "
               "THEN hash(i * 5 + 2) % 20000 ELSE 0 END) / 10 AS DECIMAL(10, 1))")
    fails = (f"(hash(i * 11 + 3) % 1000 < 2 OR ({time_us} >= {outage_a} AND {time_us} < "
             f"{outage_b} AND hash(i * 13 + 1) % 4 = 0))")
    stamp = f"make_timestamp(CAST({time_us} AS BIGINT))"
    time_col = (f"strftime({stamp}, '%Y-%m-%dT%H:%M:%S.%fZ')" if fmt == "csv"
                else f"CAST({stamp} AS TIMESTAMPTZ)")
    # No ORDER BY: the range is in order and COPY keeps it (preserve_insertion_order), and a
    # sort of 200 million rows would cost the generator more memory than the evaluation.
    query = (f"SELECT {time_col} AS time, {latency} AS latency_ms, NOT {fails} AS success "
             f"FROM range({rows}) t(i)")
    return _copy(directory / f"requests.{fmt}", query, fmt)


def cached_requests(cache: Path | None, root: Path, rows: int, fmt: str) -> Path:
    """``write_requests`` into ``cache`` once (a folder per size and format) and reused by
    later runs; without a cache, into the run's temporary folder."""
    if cache is None:
        return write_requests(root / f"requests-{fmt}", rows, fmt)
    folder = cache / f"requests-{rows}-{fmt}"
    path = folder / f"requests.{fmt}"
    if not path.is_file():
        partial = cache / f"requests-{rows}-{fmt}.partial"
        shutil.rmtree(partial, ignore_errors=True)
        write_requests(partial, rows, fmt)
        partial.rename(folder)
    return path


def write_probes(directory: Path, services: int = SERVICES, days: int = 365) -> Path:
    """One probe a minute per service for ``days`` days, with outages, and maintenance."""
    directory.mkdir(parents=True, exist_ok=True)
    start = _us(YEAR_START)
    minutes = days * 1440
    # A service is down for a 30-minute block with a chance of 1 in 400, and a single probe
    # fails with a chance of 1 in 1000.
    up = ("NOT (hash(s * 1000003 + m // 30) % 400 = 0 OR hash(s * 7919 + m * 31) % 1000 = 0)")
    query = (f"SELECT CAST(make_timestamp(CAST({start} + m * 60000000 + (hash(s + m) % 50) * "
             f"1000000 AS BIGINT)) AS TIMESTAMPTZ) AS time, "
             "'Service ' || lpad(CAST(s AS VARCHAR), 2, '0') AS "
             f"service, {up} AS up FROM range(1, {services + 1}) a(s), range({minutes}) b(m) "
             "ORDER BY m, s")
    path = _copy(directory / "probes.parquet", query, "parquet")
    # Maintenance: three windows per service and month, minute-aligned; the second is
    # announced a day ahead only (downtime); together they exceed the 4-hour allowance.
    months = max(1, days // 31)
    mquery = (
        "SELECT 'M' || s || '-' || mo || '-' || k AS id, "
        "'Service ' || lpad(CAST(s AS VARCHAR), 2, '0') AS service, "
        "CAST(st AS TIMESTAMPTZ) AS start, CAST(st + INTERVAL (dur) MINUTE AS TIMESTAMPTZ) AS "
        "\"end\", CAST(st - INTERVAL (CASE WHEN k = 2 THEN 24 ELSE 96 END) HOUR AS TIMESTAMPTZ) "
        "AS announced_at FROM (SELECT s, mo, k, TIMESTAMP '2026-01-01' + INTERVAL (mo) MONTH + "
        "INTERVAL (3 + k * 6 + s % 3) DAY + INTERVAL (hash(s * 31 + mo * 7 + k) % 1200) MINUTE "
        "AS st, 60 + hash(s + mo + k) % 180 AS dur FROM range(1, "
        f"{services + 1}) a(s), range({months}) b(mo), range(1, 4) c(k)) ORDER BY st, service")
    _copy(directory / "maintenance.csv", mquery, "csv")
    return path


def write_tickets(directory: Path, rows: int) -> Path:
    """``tickets.parquet``: ``rows`` tickets opened over 2026 (UTC instants), P1–P4."""
    directory.mkdir(parents=True, exist_ok=True)
    start = _us(YEAR_START)
    span = 365 * 86_400_000_000
    opened = f"({start} + (CAST(i AS HUGEINT) * {span}) // {rows})"
    prio = "(1 + CASE WHEN hash(i) % 20 = 0 THEN 0 WHEN hash(i) % 20 < 5 THEN 1 " \
           "WHEN hash(i) % 20 < 12 THEN 2 ELSE 3 END)"
    # Response within 0–5 h (skewed short), resolution 0–10 days; 1 in 200 still unresolved.
    resp = "((hash(i * 7 + 1) % 300) * (hash(i * 7 + 1) % 300) * 200000)"
    res = "(hash(i * 9 + 4) % 864000) * 1000000"
    query = (
        f"SELECT 'T' || lpad(CAST(i AS VARCHAR), 8, '0') AS id, {prio} AS priority, "
        f"CAST(make_timestamp(CAST({opened} AS BIGINT)) AS TIMESTAMPTZ) AS opened_at, "
        f"CAST(make_timestamp(CAST({opened} + {resp} AS BIGINT)) AS TIMESTAMPTZ) "
        "AS first_response_at, "
        f"CASE WHEN hash(i * 17) % 200 = 0 THEN NULL ELSE "
        f"CAST(make_timestamp(CAST({opened} + {resp} + {res} AS BIGINT)) AS TIMESTAMPTZ) END "
        "AS resolved_at "
        f"FROM range({rows}) t(i) ORDER BY i")
    return _copy(directory / "tickets.parquet", query, "parquet")


def _copy(path: Path, query: str, fmt: str) -> Path:
    con = _con()
    try:
        options = "FORMAT csv, HEADER true" if fmt == "csv" else "FORMAT parquet"
        con.execute(f"COPY ({query}) TO '{path}' ({options})")  # type: ignore[attr-defined]
    finally:
        con.close()  # type: ignore[attr-defined]
    return path


def write_spec(directory: Path, name: str, text: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path
