"""Workload 6: a portfolio, one agreement for many customers, on DuckDB and on Spark local.

The data: ``customers`` customers × one request a minute through April 2026 (43,200 minutes:
1,000 customers make 43.2 million rows), Parquet, with a ``customer`` column; each customer
has an outage of their own length (0 to 119 minutes) and their own fee. sladsl is the
``sladsl portfolio`` command in-process; the baseline is a hand-written query on the same
engine computing each customer's availability and credit straight from the Parquet file.
"""

from __future__ import annotations

import contextlib
import io
import json
import statistics
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

from .harness import Row

START_US = 1_774_998_000_000_000  # 2026-04-01T00:00 Europe/London (23:00 UTC the day before)
MINUTES = 43_200
MINUTE_US = 60_000_000

SPEC = '''agreement "Portfolio Benchmark"
  provider "Acme Ltd." called "the Provider"
  customer "Every Customer" called "the Customer"
  effective 2026-01-01 until 2026-12-31
  time zone Europe/London
  currency EUR

definitions:
  "Monthly Fee" is EUR 1,000.

service "Compute API":
  objective "Monthly Availability":
    the service shall be available at least 99.9% of the time in each calendar month.
    availability is measured from requests.
    a minute counts as unavailable when more than 5% of requests fail.

service credits:
  for "Monthly Availability": 10% of the Monthly Fee when missed.
'''


def outage(c: str) -> str:
    """SQL: the outage length in minutes of customer number ``c`` (0 to 119)."""
    return f"(({c} * 37) % 120)"


def write(root: Path, customers: int) -> tuple[Path, Path, Path]:
    """The spec, the customers file and the data directory."""
    import duckdb

    spec = root / "portfolio.sla"
    spec.write_text(SPEC, encoding="utf-8")
    data = root / "portfolio-data"
    data.mkdir(parents=True, exist_ok=True)
    (root / "customers.csv").write_text(
        "customer,name\n" + "".join(f"c{i:05d},Customer {i}\n" for i in range(customers)),
        encoding="utf-8")
    con = duckdb.connect()
    con.execute(
        f"COPY (SELECT {START_US} + m * {MINUTE_US} AS time, CASE WHEN m >= 1000 AND m < 1000 + "
        f"{outage('c')} THEN 503 ELSE 200 END AS status, printf('c%05d', c) AS customer "
        f"FROM range({customers}) a(c), range({MINUTES}) b(m)) TO "
        f"'{data / 'requests.parquet'}' (FORMAT parquet)")
    con.execute(f"COPY (SELECT '2026-04' AS period, 1000 + (c % 10) * 500 AS amount, "
                f"printf('c%05d', c) AS customer FROM range({customers}) a(c)) "
                f"TO '{data / 'fees.csv'}' (HEADER)")
    con.close()
    (data / "bindings.toml").write_text('[requests]\nunits = { time = "epoch_us" }\n',
                                        encoding="utf-8")
    return spec, root / "customers.csv", data


BASELINE_SQL = """
WITH minutes AS (
  SELECT customer, (time - {start}) // {minute} AS m,
         count(*) AS n, count(*) FILTER (WHERE status >= 500) AS bad
  FROM {requests} WHERE time >= {start} AND time < {end} GROUP BY ALL),
per AS (
  SELECT customer, count(*) FILTER (WHERE bad * 20 > n) AS down FROM minutes GROUP BY ALL)
SELECT p.customer, p.down, f.amount FROM per p JOIN {fees} f USING (customer) ORDER BY 1
"""


#: The same answer written with sladsl's technique (sladsl.engines.batch.Prefetch._bits): only
#: the minutes with a failed request are grouped, and a bit string per customer marks the others
#: (every minute here has a request, so none counts as empty and the bits are not needed for
#: the credit; they are computed, as sladsl does, for the non-empty minutes it reports).
BITS_SQL = """
WITH w AS (
  SELECT customer, (time - {start}) // {minute} AS m, status >= 500 AS failed
  FROM {requests} WHERE time >= {start} AND time < {end}),
candidates AS (SELECT DISTINCT customer, m FROM w WHERE failed),
g AS (
  SELECT w.customer, c.m, count(*) AS n, count(*) FILTER (WHERE failed) AS bad,
         bitstring_agg(w.m, 0, {last}) FILTER (WHERE c.m IS NULL) AS bits
  FROM w LEFT JOIN candidates c ON w.customer = c.customer AND w.m = c.m GROUP BY ALL),
per AS (
  SELECT customer, count(*) FILTER (WHERE m IS NOT NULL AND bad * 20 > n) AS down,
         count(m) + coalesce(sum(bit_count(bits)), 0) AS nonempty FROM g GROUP BY ALL)
SELECT p.customer, p.down, f.amount FROM per p JOIN {fees} f USING (customer) ORDER BY 1
"""


def baseline_rows(rows: list[tuple[Any, ...]]) -> dict[str, str]:
    """Credit owed per customer: 10% of the fee when availability < 99.9%."""
    out = {}
    for customer, down, amount in rows:
        missed = Decimal(MINUTES - int(down)) / MINUTES < Decimal("0.999")
        credit = Decimal(str(amount)) / 10 if missed else Decimal(0)
        out[str(customer)] = f"{credit:.2f}"
    return out


def duckdb_baseline(data: Path, bits: bool = False) -> dict[str, str]:
    import duckdb

    con = duckdb.connect()
    sql = (BITS_SQL if bits else BASELINE_SQL).format(
        start=START_US, minute=MINUTE_US, end=START_US + MINUTES * MINUTE_US, last=MINUTES - 1,
        requests=f"'{data / 'requests.parquet'}'", fees=f"read_csv('{data / 'fees.csv'}')")
    try:
        return baseline_rows(con.execute(sql).fetchall())
    finally:
        con.close()


def spark_baseline(session: Any, data: Path) -> dict[str, str]:
    session.read.parquet(str(data / "requests.parquet")).createOrReplaceTempView("b_requests")
    session.read.csv(str(data / "fees.csv"), header=True, inferSchema=True) \
        .createOrReplaceTempView("b_fees")
    sql = BASELINE_SQL.format(start=START_US, minute=MINUTE_US, end=START_US + MINUTES *
                              MINUTE_US, requests="b_requests", fees="b_fees")
    sql = sql.replace("GROUP BY ALL", "GROUP BY 1, 2", 1).replace("GROUP BY ALL", "GROUP BY 1")
    sql = sql.replace("//", "DIV")
    return baseline_rows([tuple(r) for r in session.sql(sql).collect()])


def sladsl_portfolio(spec: Path, customers: Path, data: Path, out: Path,
                     *engine: str) -> dict[str, str]:
    from sladsl.engines.portfolio import portfolio

    args = [str(spec), "--customers", str(customers), "--data", str(data), "--bindings",
            str(data / "bindings.toml"), "--period", "2026-04", "-o", str(out), *engine]
    with contextlib.redirect_stderr(io.StringIO()):
        try:
            portfolio.main(args, standalone_mode=False)
        except SystemExit as exc:
            if exc.code not in (0, None):
                raise RuntimeError(f"sladsl portfolio failed with exit code {exc.code}") \
                    from exc
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    return {row["customer"]: row["credit_owed"] for row in summary["customers"]}


def _both(action: Any, cpu: Any = time.process_time) -> tuple[float, float, Any]:
    """Wall-clock and CPU seconds of ``action`` (CPU: the process's, DuckDB's threads included:
    what the work costs whatever else the machine runs; ``cpu`` says how it is read)."""
    c0, t0 = cpu(), time.perf_counter()
    result = action()
    return time.perf_counter() - t0, cpu() - c0, result


def _tree_cpu() -> float:
    """CPU seconds of this process and of every live process under it (the Spark JVM that
    pyspark starts), from ``/proc``."""
    import os

    from .memory import descendants

    tick = os.sysconf("SC_CLK_TCK")
    total = time.process_time()
    for pid in descendants():
        try:
            stat = (Path("/proc") / str(pid) / "stat").read_text()
        except OSError:  # gone meanwhile
            continue
        fields = stat[stat.rindex(")") + 2:].split()  # state, ppid, ... utime, stime at 11, 12
        total += (int(fields[11]) + int(fields[12])) / tick
    return total


def sladsl_portfolio_spark(spec: Path, customers: Path, data: Path, out: Path
                           ) -> dict[str, str]:
    """:func:`sladsl_portfolio` with ``--engine spark`` (its session started by the run)."""
    return sladsl_portfolio(spec, customers, data, out, "--engine", "spark")


def spark_baseline_alone(data: Path) -> dict[str, str]:
    """:func:`spark_baseline` in a session of its own, stopped afterwards."""
    from pyspark.sql import SparkSession

    from sladsl.engines.spark import builder

    session = builder(SparkSession, "local[*]").getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    try:
        return spark_baseline(session, data)
    finally:
        session.stop()


def portfolio(root: Path, customers: int, engines: list[str], reps: int = 3,
              baseline: str = "grouped") -> tuple[list[Row], list[str]]:
    spec, people, data = write(root, customers)
    rows: list[Row] = []
    problems: list[str] = []
    size = f"{customers:,} customers × {MINUTES:,} minutes ({customers * MINUTES:,} rows)"
    if "duckdb" in engines:
        bits = baseline == "bits"
        name = "hand-written DuckDB SQL" + (" (bit strings)" if bits else "")
        # Alternating runs (A B A B ...), medians: the machine's other load falls on both.
        runs: list[tuple[float, float, float, float]] = []
        for i in range(max(reps, 1)):
            a, ca, got = _both(lambda i=i: sladsl_portfolio(spec, people, data,
                                                            root / f"out-duckdb-{i}"))
            b, cb, want = _both(lambda: duckdb_baseline(data, bits))
            if got != want:
                problems.append("portfolio (DuckDB): sladsl's credits differ from the SQL's")
            runs.append((a, b, ca, cb))
        wall = [statistics.median(r[k] for r in runs) for k in range(4)]
        from .memory import peak

        # Each in a new process, by its own high-water mark (bench.memory: not getrusage,
        # which would count this process's memory too).
        mem = peak("bench.portfolio:sladsl_portfolio", spec, people, data, root / "out-peak")
        theirs = peak("bench.portfolio:duckdb_baseline", data, bits=bits)
        each = "; ".join(f"{a:.1f}/{b:.1f} s" for a, b, _, _ in runs)
        rows.append(Row(f"6. portfolio, {size}, DuckDB, wall clock", "sladsl portfolio",
                        name, wall[0], wall[1], "<= 1.3x",
                        f"median of {len(runs)} alternating runs (sladsl/SQL: {each})",
                        mem, theirs))
        each = "; ".join(f"{ca:.1f}/{cb:.1f} s" for _, _, ca, cb in runs)
        rows.append(Row(f"6. portfolio, {size}, DuckDB, CPU time", "sladsl portfolio",
                        name, wall[2], wall[3], "<= 1.3x",
                        f"CPU seconds of the process, DuckDB's threads included, same runs "
                        f"(sladsl/SQL: {each})"))
    if "spark" in engines:
        from pyspark.sql import SparkSession

        from sladsl.engines.spark import builder

        def started() -> Any:
            session = builder(SparkSession, "local[*]").getOrCreate()
            session.sparkContext.setLogLevel("ERROR")
            return session

        # sladsl's run takes the session that is there (getOrCreate) and stops it at its end,
        # so a session is started, untimed, before each side. The JVM's first jobs of either
        # side (class loading, compiling) are paid by an untimed run of each; then runs
        # alternate as for DuckDB, the side that goes first alternating too.
        spark_baseline(started(), data)
        started()
        sladsl_portfolio(spec, people, data, root / "out-spark-warm", "--engine", "spark")
        runs = []
        for i in range(max(reps, 1)):
            timed = {}
            for side in ("sql", "sladsl") if i % 2 == 0 else ("sladsl", "sql"):
                session = started()
                if side == "sql":
                    timed[side] = _both(lambda s=session: spark_baseline(s, data), _tree_cpu)
                else:
                    timed[side] = _both(lambda i=i: sladsl_portfolio(
                        spec, people, data, root / f"out-spark-{i}", "--engine", "spark"),
                        _tree_cpu)
            (a, ca, got), (b, cb, want) = timed["sladsl"], timed["sql"]
            if got != want:
                problems.append("portfolio (Spark): sladsl's credits differ from the SQL's")
            runs.append((a, b, ca, cb))
        started().stop()
        from .memory import peak

        # Each in a new process with a session of its own: the Python process's peak and
        # the Spark JVM's, added (an upper bound of the two together).
        mem = peak("bench.portfolio:sladsl_portfolio_spark", spec, people, data,
                   root / "out-spark-peak")
        theirs = peak("bench.portfolio:spark_baseline_alone", data)
        wall = [statistics.median(r[k] for r in runs) for k in range(4)]
        each = "; ".join(f"{a:.1f}/{b:.1f} s" for a, b, _, _ in runs)
        rows.append(Row(f"6. portfolio, {size}, Spark local, wall clock", "sladsl portfolio "
                        "--engine spark", "hand-written Spark SQL", wall[0], wall[1], "<= 1.3x",
                        f"median of {len(runs)} alternating runs (sladsl/SQL: {each}); peak "
                        "RSS: the Python process and the Spark JVM, added", mem, theirs))
        each = "; ".join(f"{ca:.1f}/{cb:.1f} s" for _, _, ca, cb in runs)
        rows.append(Row(f"6. portfolio, {size}, Spark local, CPU time", "sladsl portfolio "
                        "--engine spark", "hand-written Spark SQL", wall[2], wall[3], "<= 1.3x",
                        "CPU seconds of the process and the Spark JVM, same runs "
                        f"(sladsl/SQL: {each})"))
    return rows, problems
