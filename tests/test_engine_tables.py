"""Tables already in the engine, named in the bindings (``[requests] table = "metrics.requests"``):
the same report as from the same rows in a file, and clear errors naming the engine and the
table when it is missing or has the wrong columns."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from test_evaluate_helpers import HEADER

from sladsl.cli import main

SPEC = HEADER + '''service "Compute API":
  objective "Monthly Availability":
    the service shall be available at least 99.9% of the time in each calendar month.
    availability is measured from requests.
    a minute counts as unavailable when more than 5% of requests fail.

  objective "Latency":
    the 95th percentile of response time shall be at most 300 ms in each calendar month.

service credits:
  for "Monthly Availability": 10% of the Monthly Fee when missed.
  for "Latency": 5% of the Monthly Fee when missed.
'''

START = datetime(2026, 3, 31, 23, 0, tzinfo=timezone.utc)  # April 2026 in London


def rows() -> list[tuple[datetime, int, Decimal, str]]:
    """One request every 10 minutes through April 2026 (4,320): 60 of them fail, a fifth are
    slow (450.5 ms)."""
    out = []
    for i in range(4_320):
        status = 503 if 100 <= i < 160 else 200
        latency = Decimal("450.5") if i % 5 == 0 else Decimal("120.25")
        out.append((START + timedelta(minutes=10 * i), status, latency, "Compute API"))
    return out


def write_files(tmp_path: Path) -> tuple[Path, Path]:
    spec = tmp_path / "api.sla"
    spec.write_text(SPEC, encoding="utf-8")
    data = tmp_path / "data"
    data.mkdir()
    lines = ["time,status,latency_ms,service"] + [
        f"{t.isoformat()},{s},{lat},{svc}" for t, s, lat, svc in rows()]
    (data / "requests.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return spec, data


def evaluate(spec: Path, data: Path, out: Path, *extra: str) -> Any:
    return CliRunner().invoke(main, ["evaluate", str(spec), "--data", str(data), "--period",
                                     "2026-04", "--format", "json", "-o", str(out), *extra])


def without_files(report: Path) -> dict[str, Any]:
    model: dict[str, Any] = json.loads(report.read_text(encoding="utf-8"))
    files = model.pop("data")
    return {"model": model, "rows": [f["rows"] for f in files["files"]]}


def bind(tmp_path: Path, table: str) -> Path:
    path = tmp_path / f"bindings-{table.replace('.', '-')}.toml"
    path.write_text(f'[requests]\ntable = "{table}"\n', encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def pg_tables(pg_dsn: str) -> str:
    """``metrics.requests`` (typed columns), ``metrics.requests_native`` (the model's own types)
    and ``metrics.wrong`` (no time column)."""
    import psycopg

    with psycopg.connect(pg_dsn, autocommit=True) as conn:
        conn.execute("DROP SCHEMA IF EXISTS metrics CASCADE")
        conn.execute("CREATE SCHEMA metrics")
        conn.execute("CREATE TABLE metrics.requests (time timestamptz, status integer, "
                     "latency_ms numeric(10, 2), service text)")
        with conn.cursor() as cur, cur.copy("COPY metrics.requests FROM STDIN") as copy:
            for row in rows():
                copy.write_row(row)
        # Columns of the model's own types (a float latency): the export is read where it lies.
        conn.execute("CREATE TABLE metrics.requests_native AS SELECT time, status, "
                     "latency_ms::double precision AS latency_ms, service FROM metrics.requests")
        conn.execute("CREATE TABLE metrics.wrong (at timestamptz, status integer)")
        conn.execute("INSERT INTO metrics.wrong VALUES (now(), 200)")
    return pg_dsn


@pytest.mark.parametrize("table", ["metrics.requests", "metrics.requests_native"])
def test_a_postgres_table_gives_the_report_of_the_same_rows_in_a_file(
        pg_tables: str, tmp_path: Path, table: str) -> None:
    spec, data = write_files(tmp_path)
    from_file = evaluate(spec, data, tmp_path / "file.json")
    assert from_file.exit_code == 0, from_file.output
    from_table = evaluate(spec, data, tmp_path / "table.json", "--engine", "postgres", "--dsn",
                          pg_tables, "--bindings", str(bind(tmp_path, table)))
    assert from_table.exit_code == 0, from_table.output
    assert without_files(tmp_path / "table.json") == without_files(tmp_path / "file.json")
    report = json.loads((tmp_path / "table.json").read_text(encoding="utf-8"))
    assert report["data"]["files"][0]["file"] == f"PostgreSQL table {table}"
    assert report["data"]["files"][0]["rows"] == 4_320
    verdicts = [line["verdict"] for line in report["periods"][0]["lines"]]
    assert verdicts == ["missed", "missed"]  # the outage, and a fifth of requests slow


def test_a_missing_postgres_table_is_named(pg_tables: str, tmp_path: Path) -> None:
    spec, data = write_files(tmp_path)
    out = tmp_path / "r.json"
    result = evaluate(spec, data, out, "--engine", "postgres", "--dsn", pg_tables,
                      "--bindings", str(bind(tmp_path, "metrics.nothing")))
    assert result.exit_code == 1, result.output
    assert "PostgreSQL: there is no table metrics.nothing on 127.0.0.1:" in result.output
    assert not out.exists()


def test_a_postgres_table_with_the_wrong_columns_is_named(pg_tables: str,
                                                          tmp_path: Path) -> None:
    spec, data = write_files(tmp_path)
    out = tmp_path / "r.json"
    result = evaluate(spec, data, out, "--engine", "postgres", "--dsn", pg_tables,
                      "--bindings", str(bind(tmp_path, "metrics.wrong")))
    assert result.exit_code == 1, result.output
    assert "PostgreSQL table metrics.wrong:1:1:" in result.output
    assert "'time'" in result.output
    assert not out.exists()


def test_duckdb_reads_files_only(tmp_path: Path) -> None:
    spec, data = write_files(tmp_path)
    result = evaluate(spec, data, tmp_path / "r.json", "--bindings",
                      str(bind(tmp_path, "metrics.requests")))
    assert result.exit_code == 1, result.output
    assert "only --engine postgres or spark reads tables" in result.output


@pytest.mark.parametrize(("toml", "message"), [
    ('[requests]\ntable = "metrics.requests"\nfile = "r.csv"\n', "names both a file and a table"),
    ('[requests]\ntable = "x; DROP TABLE y"\n', "must name a table"),
])
def test_table_bindings_are_checked(tmp_path: Path, toml: str, message: str) -> None:
    spec, data = write_files(tmp_path)
    bindings = tmp_path / "b.toml"
    bindings.write_text(toml, encoding="utf-8")
    result = evaluate(spec, data, tmp_path / "r.json", "--bindings", str(bindings))
    assert result.exit_code == 1 and message in result.output, result.output


def test_a_spark_table_gives_the_same_report(spark_session: Any, tmp_path: Path) -> None:
    """A global temporary view (one a driver script would register): Spark's backend runs in a
    session of its own, which sees global views but not the other session's temporary ones."""
    import sladsl
    from sladsl.engines.spark import SparkBackend
    from sladsl.evaluate.bindings import load_bindings
    from sladsl.evaluate.engine import Engine
    from sladsl.evaluate.periods import parse_period, zone
    from sladsl.evaluate.report import build, to_json

    spec_path, data = write_files(tmp_path)
    frame = spark_session.createDataFrame(
        rows(), "time TIMESTAMP, status INT, latency_ms DECIMAL(10,2), service STRING")
    frame.createOrReplaceGlobalTempView("sladsl_requests")
    spec = sladsl.load(spec_path)
    period = [parse_period("2026-04", zone(spec.time_zone))]

    def report(bindings: Any, backend: Any) -> dict[str, Any]:
        engine = Engine(spec, data, bindings)
        engine.backend = backend
        model: dict[str, Any] = json.loads(to_json(build(engine.run(period))))
        return {"model": {k: v for k, v in model.items() if k != "data"},
                "rows": [f["rows"] for f in model["data"]["files"]]}

    expected = report(None, None)
    backend = SparkBackend(spark_session)
    try:
        got = report(load_bindings(bind(tmp_path, "global_temp.sladsl_requests")), backend)
        assert got == expected
        from sladsl.errors import SlaDataError

        with pytest.raises(SlaDataError, match="Spark: there is no table global_temp.nothing"):
            report(load_bindings(bind(tmp_path, "global_temp.nothing")), backend)
    finally:
        backend.close()
        spark_session.catalog.dropGlobalTempView("sladsl_requests")
