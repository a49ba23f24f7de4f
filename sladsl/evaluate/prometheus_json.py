"""Prometheus ``query_range`` answers as counts per interval.

``curl …/api/v1/query_range?query=…&step=60 > total.json`` saves a JSON document
``{"status": "success", "data": {"resultType": "matrix", "result": [{"metric": {…},
"values": [[<unix seconds>, "<value>"], …]}, …]}}``. A bindings file says which answer holds
which count of a counts kind (:mod:`sladsl.evaluate.aggregates`)::

    [prometheus.request_counts]
    total = "total.json"        # round(sum by (service) (increase(http_requests_total[1m])))
    failed = "failed.json"      # … {code=~"5.."} …   (or good = "good.json")
    service_label = "service"   # the label that names the service (absent: every service)
    step = "1m"                 # the step of the queries (else inferred)

A point at time *t* of ``increase(x[1m])`` counts the minute before *t*, so it becomes the row
of the interval starting at *t − step*. Values must be whole numbers (``round(…)`` in the
query: ``increase`` extrapolates); a total without a failed point at the same time and
service has no failures (Prometheus returns nothing for a series that never moved).
DuckDB reads the JSON; no point passes through Python.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import SlaDataError

if TYPE_CHECKING:
    import duckdb

#: The answers each counts kind needs: (required roles, either-or roles).
ROLES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "request_counts": (("total",), ("failed", "good")),
    "probe_counts": (("checks", "failures"), ()),
}
_STEP = re.compile(r"([1-9][0-9]*)([smh])")
_STEP_US = {"s": 1_000_000, "m": 60_000_000, "h": 3_600_000_000}

ErrorAt = Callable[[Path, int, int, str, str], SlaDataError]


def mapping(extra: dict[str, Any], kind: str) -> dict[str, Any] | None:
    """The ``[prometheus.<kind>]`` table of the bindings, if any."""
    table = extra.get("prometheus", {})
    found = table.get(kind) if isinstance(table, dict) else None
    return found if isinstance(found, dict) else None


def first_file(data_dir: Path, kind: str, table: dict[str, Any], bindings_file: Path,
               error: ErrorAt) -> Path:
    """The first answer the table names (checked: every role known, every file there)."""
    required, either = ROLES.get(kind, ((), ()))
    if not required:
        raise error(bindings_file, 1, 1, f"[prometheus.{kind}]: Prometheus answers can give "
                    "request_counts or probe_counts only", "[prometheus.request_counts]")
    known = {*required, *either, "service_label", "step"}
    unknown = sorted(set(table) - known)
    if unknown:
        raise error(bindings_file, 1, 1, f"unknown key {unknown[0]!r} in [prometheus.{kind}]",
                    "keys: " + ", ".join(sorted(known)))
    roles = [r for r in (*required, *either) if r in table]
    missing = [r for r in required if r not in table]
    if missing or (either and not set(either) & set(table)):
        wanted = missing[0] if missing else " or ".join(either)
        raise error(bindings_file, 1, 1, f"[prometheus.{kind}] names no answer for {wanted}",
                    f'{wanted.split(" ")[0]} = "{wanted.split(" ")[0]}.json"')
    for role in roles:
        if not isinstance(table[role], str) or not (data_dir / table[role]).is_file():
            raise error(data_dir / str(table[role]), 0, 0, f"no file {table[role]!r} for "
                        f"{role} ([prometheus.{kind}])", "save the query_range answer there")
    return data_dir / str(table[roles[0]])


def matrix_source(con: duckdb.DuckDBPyConnection, kind: str, data_dir: Path,
                  table: dict[str, Any], error: ErrorAt) -> str:
    """A temp table ``(time, service, <role>…)`` of whole counts from the answers; its name."""
    label = str(table.get("service_label", "service"))
    roles = [r for r in (*ROLES[kind][0], *ROLES[kind][1]) if r in table]
    step_us: int | None = None
    if "step" in table:
        m = _STEP.fullmatch(str(table["step"]))
        if m is None:
            raise error(data_dir, 0, 0, f"[prometheus.{kind}] step {table['step']!r} is not "
                        "a length", 'step = "1m"')
        step_us = int(m[1]) * _STEP_US[m[2]]
    for role in roles:
        _read(con, kind, role, data_dir / str(table[role]), label, error)
    if step_us is None:
        row = con.execute(
            "SELECT min(d) FROM (SELECT t - lag(t) OVER (PARTITION BY service ORDER BY t) AS d "
            f"FROM ({' UNION ALL '.join(f'SELECT service, t FROM prom_{r}' for r in roles)})) "
            "WHERE d > 0").fetchone()
        if row is None or row[0] is None:
            raise error(data_dir / str(table[roles[0]]), 0, 0, "cannot infer the step from "
                        "one point per series", f'[prometheus.{kind}] step = "1m"')
        step_us = int(row[0])
    first, *others = roles
    joined = " ".join(f"LEFT JOIN prom_{r} USING (service, t)" for r in others)
    values = ", ".join(f"coalesce(prom_{r}.v, 0) AS {r}" for r in others)
    name = f"prom_{kind}"
    con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT make_timestamptz(t - "
                f"{step_us}) AS time, service, prom_{first}.v AS {first}"
                f"{', ' + values if values else ''} FROM prom_{first} {joined} ORDER BY t, "
                "service")
    for role in roles:
        con.execute(f"DROP TABLE prom_{role}")
    return name


def _read(con: duckdb.DuckDBPyConnection, kind: str, role: str, path: Path, label: str,
          error: ErrorAt) -> None:
    """One answer as ``prom_<role>(service, t, v)``: t in µs, v a whole number."""
    import duckdb

    key = '"' + label.replace("\\", "\\\\").replace('"', '\\"') + '"'
    try:
        con.execute("CREATE OR REPLACE TEMP TABLE prom_doc AS SELECT json FROM "
                    "read_json_objects(?, format='auto', maximum_object_size=2147483647)",
                    [str(path)])
        head = con.execute("SELECT json_extract_string(json, '$.status'), json_extract_string("
                           "json, '$.data.resultType'), count(*) OVER () FROM prom_doc LIMIT 1"
                           ).fetchone()
    except duckdb.Error as exc:
        raise error(path, 0, 0, f"cannot read the file as JSON: {str(exc).splitlines()[0]}",
                    "save the body of the query_range answer as it came") from None
    if head is None or head[2] != 1 or head[0] != "success" or head[1] != "matrix":
        got = "no document" if head is None else f"status {head[0]!r}, resultType {head[1]!r}"
        raise error(path, 1, 1, f"not a successful query_range answer with a matrix ({got})",
                    "ask /api/v1/query_range (not /query) and check the query succeeded")
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE prom_{role} AS SELECT service, t, sum(v) AS v FROM ("
        "SELECT json_extract_string(s, ?) AS service, "
        "CAST(round(CAST(json_extract(p, '$[0]') AS DECIMAL(20,6)) * 1000000) AS BIGINT) AS t, "
        "json_extract_string(p, '$[1]') AS raw, TRY_CAST(raw AS DECIMAL(38,6)) AS v FROM ("
        "SELECT s, unnest(json_extract(s, '$.values[*]')) AS p FROM (SELECT unnest("
        "json_extract(json, '$.data.result[*]')) AS s FROM prom_doc))) GROUP BY ALL",
        ["$.metric." + key])
    bad = con.execute(
        f"SELECT service, t, v FROM prom_{role} WHERE v IS NULL OR v <> floor(v) OR v < 0 "
        "ORDER BY t LIMIT 1").fetchone()
    if bad is not None:
        raise error(path, 1, 1, f"{role} of {label}={bad[0]!r} at "
                    f"{_when(int(bad[1]))} is not a whole number of {kind.split('_')[0]}",
                    "wrap the query in round(…): increase() extrapolates between samples")
    con.execute(f"ALTER TABLE prom_{role} ALTER v TYPE BIGINT")
    con.execute("DROP TABLE prom_doc")


def _when(us: int) -> str:
    from datetime import datetime, timedelta, timezone

    moment = datetime(1970, 1, 1, tzinfo=timezone.utc) + timedelta(microseconds=us)  # noqa: UP017
    return moment.isoformat().replace("+00:00", "Z")
