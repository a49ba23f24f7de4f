"""The checkers on PostgreSQL and Spark give the JSON report DuckDB gives, byte for byte, for
every spec in specs/ on its sample data; and the engines' faults are clear errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from engines_fixtures import free_port

import sladsl
from sladsl.cli import main
from sladsl.evaluate.engine import Engine
from sladsl.evaluate.periods import parse_period, zone
from sladsl.evaluate.report import build, to_json
from sladsl.samples import generate, sample_months

ROOT = Path(__file__).resolve().parent.parent
SPECS = sorted(p.stem for p in (ROOT / "specs").glob("*.sla"))


@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Any, Path, str]]:
    """Per spec: the model, its sample data and DuckDB's JSON report of both sample months."""
    out = {}
    for name in SPECS:
        spec = sladsl.load(ROOT / "specs" / f"{name}.sla")
        folder = tmp_path_factory.mktemp(name)
        generate(spec, folder)
        out[name] = (spec, folder, report(spec, folder, None))
    return out


def report(spec: Any, folder: Path, backend: Any, months: Any = None) -> str:
    tz = zone(spec.time_zone)
    engine = Engine(spec, folder)
    engine.backend = backend
    chosen = months or sample_months(spec)
    return to_json(build(engine.run([parse_period(m, tz) for m in chosen])))


@pytest.mark.parametrize("name", SPECS)
def test_postgres_report_is_byte_identical(samples: dict[str, tuple[Any, Path, str]],
                                           pg_dsn: str, name: str) -> None:
    from sladsl.engines.postgres import PostgresBackend

    spec, folder, expected = samples[name]
    backend = PostgresBackend.connect(pg_dsn)
    try:
        assert report(spec, folder, backend) == expected
    finally:
        backend.close()


#: Spark answers each statement in tenths of a second, so its suite is kept to what CI can
#: afford: every spec on its bad month (breaches, exclusions, credits), and both months (the
#: good one has the spring DST change) of the two specs with business-hours clocks and every
#: kind of availability between them.
BOTH_MONTHS = ("cloud-platform", "service-desk")


@pytest.mark.parametrize("name", SPECS)
def test_spark_report_is_byte_identical(samples: dict[str, tuple[Any, Path, str]],
                                        spark_session: Any, name: str) -> None:
    from sladsl.engines.spark import SparkBackend

    spec, folder, expected = samples[name]
    months = None if name in BOTH_MONTHS else sample_months(spec)[1:]
    if months is not None:
        expected = report(spec, folder, None, months)
    assert report(spec, folder, SparkBackend(spark_session), months) == expected


def test_cli_evaluate_on_postgres(samples: dict[str, tuple[Any, Path, str]], pg_dsn: str,
                                  tmp_path: Path) -> None:
    _spec, folder, _expected = samples["cloud-platform"]
    outputs = []
    for extra in ([], ["--engine", "postgres", "--dsn", pg_dsn]):
        out = tmp_path / f"report{len(outputs)}.json"
        result = CliRunner().invoke(main, ["evaluate", str(ROOT / "specs/cloud-platform.sla"),
                                           "--data", str(folder), "--period", "2026-06",
                                           "--format", "json", "-o", str(out), *extra])
        assert result.exit_code == 0, result.output
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]


def evaluate_cli(folder: Path, out: Path, *extra: str) -> Any:
    return CliRunner().invoke(main, ["evaluate", str(ROOT / "specs/cloud-platform.sla"),
                                     "--data", str(folder), "--period", "2026-06",
                                     "--format", "json", "-o", str(out), *extra])


def test_refused_connection_is_a_clear_usage_error(samples: dict[str, tuple[Any, Path, str]],
                                                   tmp_path: Path) -> None:
    pytest.importorskip("psycopg")
    out = tmp_path / "report.json"
    dsn = f"postgresql://nobody:secret@127.0.0.1:{free_port()}/db"
    result = evaluate_cli(samples["cloud-platform"][1], out, "--engine", "postgres", "--dsn", dsn)
    assert result.exit_code == 2
    assert "PostgreSQL: cannot connect to 127.0.0.1:" in result.output
    assert "secret" not in result.output  # the password is never shown
    assert "Traceback" not in result.output
    assert not out.exists()


def test_bad_dsn_and_missing_dsn(samples: dict[str, tuple[Any, Path, str]],
                                 tmp_path: Path) -> None:
    pytest.importorskip("psycopg")
    out = tmp_path / "report.json"
    folder = samples["cloud-platform"][1]
    result = evaluate_cli(folder, out, "--engine", "postgres", "--dsn", "host=== nonsense")
    assert result.exit_code == 2 and "PostgreSQL: " in result.output, result.output
    result = evaluate_cli(folder, out, "--engine", "postgres")
    assert result.exit_code == 2 and "needs --dsn" in result.output
    result = evaluate_cli(folder, out, "--dsn", "postgresql://x@localhost/db")
    assert result.exit_code == 2 and "--engine postgres or spark" in result.output
    assert not out.exists()


def test_connection_dropped_mid_evaluation(pg_dsn: str) -> None:
    import psycopg

    from sladsl.engines.postgres import PostgresBackend
    from sladsl.errors import SlaUsageError

    backend = PostgresBackend.connect(pg_dsn)
    with psycopg.connect(pg_dsn, autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [backend.conn.info.backend_pid])
    with pytest.raises(SlaUsageError) as caught:
        backend.connection().execute("SELECT count(*) FROM requests")
    assert "connection to 127.0.0.1:" in str(caught.value.render())
    assert "failed during the evaluation" in caught.value.render()
    backend.close()


def test_missing_table_names_the_engine(pg_dsn: str) -> None:
    from sladsl.engines.postgres import PostgresBackend
    from sladsl.errors import SlaDataError

    backend = PostgresBackend.connect(pg_dsn)
    try:
        with pytest.raises(SlaDataError, match="PostgreSQL: a table is missing"):
            backend.connection().execute("SELECT count(*) FROM requests")
    finally:
        backend.close()


def test_hostile_strings_reach_each_engine_as_literals(pg_dsn: str, spark_session: Any,
                                                       tmp_path: Path) -> None:
    """Quotes, backslashes and SQL in every name: the same report on every engine, and the
    tables are all still there."""
    from test_compile_hostile import hostile_spec, payloads

    from sladsl.engines.postgres import PostgresBackend
    from sladsl.engines.spark import SparkBackend

    p = payloads(tmp_path / "PWNED")
    p["service"] = "Edge\\'; DROP TABLE requests; --"
    path = tmp_path / "hostile.sla"
    path.write_text(hostile_spec(p), encoding="utf-8")
    spec = sladsl.load(path)
    data = tmp_path / "data"
    generate(spec, data)
    expected = report(spec, data, None)
    assert p["service"].replace("\\", "\\\\") in expected
    backend = PostgresBackend.connect(pg_dsn)
    try:
        assert report(spec, data, backend) == expected
        assert backend.run("SELECT count(*) FROM requests")[0][0][0] > 0
    finally:
        backend.close()
    spark = SparkBackend(spark_session)
    assert report(spec, data, spark) == expected
    assert spark.run("SELECT count(*) FROM requests")[0][0][0] > 0
    assert not (tmp_path / "PWNED").exists()


def test_spark_without_java_is_a_clear_error(tmp_path: Path) -> None:
    pytest.importorskip("pyspark")
    code = ("import sys; from click.testing import CliRunner; from sladsl.cli import main; "
            "r = CliRunner().invoke(main, ['evaluate', sys.argv[1], '--data', sys.argv[2], "
            "'--period', '2026-06', '--engine', 'spark']); print(r.exit_code); print(r.output)")
    spec = sladsl.load(ROOT / "specs/cloud-platform.sla")
    generate(spec, tmp_path)
    env = {"PATH": "/nonexistent", "JAVA_HOME": "/nonexistent", "HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", code, str(ROOT / "specs/cloud-platform.sla"),
                           str(tmp_path)], capture_output=True, text=True, env=env, timeout=120)
    first, *rest = done.stdout.splitlines()
    assert first == "2", done.stdout + done.stderr
    assert "Spark: cannot start a session on master local[*]" in "\n".join(rest)


def test_what_an_engine_cannot_run_names_the_clause(samples: dict[str, tuple[Any, Path, str]],
                                                    pg_dsn: str,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """A construct with no rewrite (here: pretend the ASOF join of the business-hours clocks
    had none) stops the evaluation, naming the clause being measured; nothing is written."""
    from sladsl.compile import dialects
    from sladsl.engines import base

    def refuse(sql: str, dialect: str, params: Any = None) -> list[str]:
        if "ASOF" in sql:
            raise dialects.Untranslatable("ASOF join: no rewrite for this dialect")
        return dialects.transpile(sql, dialect, params)

    monkeypatch.setattr(base, "transpile", refuse)
    _spec, folder, _expected = samples["service-desk"]
    out = Path(str(folder) + "-report.json")
    result = CliRunner().invoke(main, ["evaluate", str(ROOT / "specs/service-desk.sla"),
                                       "--data", str(folder), "--period", "2026-06",
                                       "--format", "json", "-o", str(out), "--engine",
                                       "postgres", "--dsn", pg_dsn])
    assert result.exit_code == 2, result.output
    assert "PostgreSQL: clause 3." in result.output
    assert "cannot be measured here: ASOF join: no rewrite" in result.output
    assert not out.exists()
