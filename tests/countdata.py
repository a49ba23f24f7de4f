"""Raw sample requests and probes counted per interval (the aggregated data kinds)."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

#: Histogram bucket bounds (seconds) written from raw latencies: the limits the specs use.
BOUNDS = ("0.1", "0.25", "0.3", "0.5", "0.8", "1", "2", "2.5", "5", "+Inf")


def count_folder(raw: Path, out: Path, minutes: int = 1, tz: str = "UTC") -> None:
    """A copy of ``raw`` with requests and probes replaced by their counts per interval
    (naive times in the files are read in ``tz``; counts are written with offsets)."""
    shutil.copytree(raw, out)
    con = duckdb.connect()
    con.execute(f"SET TimeZone = '{tz}'")
    size = minutes * 60_000_000
    for kind, counts, select in (
            ("requests", "request_counts",
             "count(*) AS total, count(*) FILTER (WHERE NOT coalesce(success, status < 500, "
             "false)) AS failed"),
            ("probes", "probe_counts",
             "count(*) AS checks, count(*) FILTER (WHERE NOT up) AS failures")):
        found = [p for p in out.glob(kind + ".*")]
        if not found:
            continue
        path = found[0]
        reader = "read_parquet" if path.suffix == ".parquet" else "read_csv"
        con.execute(f"CREATE OR REPLACE TABLE t AS SELECT * FROM {reader}('{path}')")
        cols = {r[0] for r in con.execute("DESCRIBE t").fetchall()}
        if "success" not in cols and kind == "requests":
            con.execute("ALTER TABLE t ADD COLUMN success BOOLEAN")
        if "status" not in cols and kind == "requests":
            con.execute("ALTER TABLE t ADD COLUMN status INTEGER")
        service = "service" if "service" in cols else "NULL"
        if kind == "requests" and "latency_ms" in cols \
                and not (out / "latency_buckets.csv").exists():
            bounds = ", ".join(f"('{b}')" for b in BOUNDS)
            con.execute(
                f"COPY (SELECT make_timestamptz((epoch_us(CAST(time AS TIMESTAMPTZ)) // {size}) "
                f"* {size}) AS time, {service} AS service, le, count(*) FILTER (WHERE le = "
                "'+Inf' OR latency_ms <= TRY_CAST(le AS DECIMAL(18,6)) * 1000) AS count "
                f"FROM t, (VALUES {bounds}) b(le) WHERE latency_ms IS NOT NULL "
                "GROUP BY ALL ORDER BY ALL) "
                f"TO '{out / 'latency_buckets.csv'}' (HEADER)")
        con.execute(
            f"COPY (SELECT make_timestamptz((epoch_us(CAST(time AS TIMESTAMPTZ)) // {size}) * "
            f"{size}) AS time, {service} AS service, {select} FROM t GROUP BY ALL ORDER BY ALL) "
            f"TO '{out / (counts + '.csv')}' (HEADER)")
        path.unlink()
    con.close()
