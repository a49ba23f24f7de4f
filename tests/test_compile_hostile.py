"""Injection-proof: a spec whose every string is a payload compiles to Python and SQL that run,
execute none of it, and give the names back exactly."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import sladsl
from sladsl.compile import compile_spec

ROOT = Path(__file__).resolve().parent.parent


def sla(text: str) -> str:
    """``text`` as a ``.sla`` string literal (the escapes the lexer knows)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("\n", "\\n").replace("\t", "\\t") + '"'


def payloads(sentinel: Path) -> dict[str, str]:
    touch = f"__import__('os').system('touch {sentinel}')"
    return {
        "title": f'""" + {touch} + """',
        "version": f"'; {touch}; '",
        "provider": f"\\'); {touch} #",
        "customer": f"x\n{touch}\n#",
        "fee": "Fee'); DROP TABLE requests; --",
        "meaning": f"'''\n{touch}\n'''",
        "service": "Edge'; DROP TABLE requests; --",
        "objective": f"Uptime\"\"\"\n{touch}\n\"\"\"",
        "channel": "'; DROP TABLE tickets; -- \\",
        "example": f"{{{touch}}} \\N{{BULLET}} %s",
    }


def hostile_spec(p: dict[str, str]) -> str:
    return f"""agreement {sla(p['title'])}
  version {sla(p['version'])}
  provider {sla(p['provider'])} called "the Provider"
  customer {sla(p['customer'])} called "the Customer"
  time zone Europe/London
  currency EUR

definitions:
  {sla(p['fee'])} means {sla(p['meaning'])}.
  "Monthly Fee" is EUR 1,000.

service {sla(p['service'])}:
  objective {sla(p['objective'])}:
    the service shall be available at least 99.9% of the time in each calendar month.
    availability is measured from requests.
    a minute counts as unavailable when more than 5% of requests fail.

service credits:
  for {sla(p['objective'])}: 10% of the Monthly Fee when missed.

reporting:
  the Provider shall report every calendar month through {sla(p['channel'])}.

examples:
  example {sla(p['example'])}:
    given 60 minutes of downtime in April 2026
    then {sla(p['objective'])} is missed.
"""


@pytest.fixture
def compiled(tmp_path: Path) -> tuple[dict[str, str], Path, sladsl.Spec, str, str]:
    sentinel = tmp_path / "PWNED"
    p = payloads(sentinel)
    path = tmp_path / "hostile.sla"
    path.write_text(hostile_spec(p), encoding="utf-8")
    spec = sladsl.load(path)
    assert spec.agreement.title == p["title"]
    assert spec.services[p["service"]].objectives[0].name == p["objective"]
    return p, sentinel, spec, compile_spec(spec, "python"), compile_spec(spec, "sql")


def test_hostile_names_stay_literals_in_python(
        compiled: tuple[dict[str, str], Path, sladsl.Spec, str, str], tmp_path: Path) -> None:
    p, sentinel, spec, python, _sql = compiled
    code = compile(python, "checker.py", "exec")
    module: dict[str, object] = {"__name__": "checker"}
    exec(code, module)  # noqa: S102 - the point: importing it runs nothing from the spec
    document = module["document"]()  # type: ignore[operator]
    assert document.agreement.title == p["title"]
    assert document.sections[1].name == p["service"]
    assert not sentinel.exists()
    for line in python.split("\n"):  # payload text only in comments or string literals
        stripped = line.strip()
        if "__import__" in stripped:
            assert stripped.startswith("#") or stripped[0] in "'\"" \
                or "='" in stripped or '="' in stripped, line
    ruff = Path(sys.executable).parent / "ruff"
    (tmp_path / "checker.py").write_text(python, encoding="utf-8")
    lint = subprocess.run([str(ruff), "check", "--no-cache", "--isolated", "--select",
                           "E,F,W,I,B,UP", "--line-length", "100", "checker.py"],
                          capture_output=True, text=True, cwd=tmp_path)
    assert lint.returncode == 0, lint.stdout


def test_hostile_checker_runs_and_reports_names_exactly(
        compiled: tuple[dict[str, str], Path, sladsl.Spec, str, str], tmp_path: Path) -> None:
    p, sentinel, _spec, python, _sql = compiled
    data = tmp_path / "data"
    data.mkdir()
    # 100 failing minutes for the service, named as the spec names it (the SQL compares names).
    rows = "".join(f'{{"time": "2026-04-01 {m // 60:02d}:{m % 60:02d}:00", "status": 500, '
                   f'"service": {json.dumps(p["service"])}}}\n' for m in range(100))
    (data / "requests.jsonl").write_text(rows, encoding="utf-8")
    checker = tmp_path / "checker.py"
    checker.write_text(python, encoding="utf-8")
    run = subprocess.run([sys.executable, str(checker), "--data", str(data), "--period",
                          "2026-04", "--format", "json"], capture_output=True, text=True,
                         cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    assert not sentinel.exists()
    assert report["agreement"]["title"] == p["title"]
    line = report["periods"][0]["lines"][0]
    assert (line["service"], line["objective"]) == (p["service"], p["objective"])
    assert line["details"]["requests"] == "100" and line["verdict"] == "missed"


def test_hostile_sql_runs_as_data(
        compiled: tuple[dict[str, str], Path, sladsl.Spec, str, str], tmp_path: Path) -> None:
    import duckdb
    from test_compile import split_sql

    p, sentinel, _spec, _python, sql = compiled
    assert "'Edge''; DROP TABLE requests; --'" in sql
    con = duckdb.connect(":memory:")
    con.execute("CREATE TABLE requests (time BIGINT, latency_ms DECIMAL(18,6), ok BOOLEAN, "
                "service VARCHAR)")
    con.execute("CREATE TABLE maintenance (id VARCHAR, start BIGINT, \"end\" BIGINT, "
                "announced_at BIGINT, kind VARCHAR, service VARCHAR, _row BIGINT)")
    con.execute("CREATE TABLE incidents (id VARCHAR, start BIGINT, \"end\" BIGINT, cause VARCHAR, "
                "discovered_at BIGINT, reported_at BIGINT, downtime BOOLEAN, service VARCHAR, "
                "_row BIGINT)")
    con.execute("INSERT INTO requests VALUES (30000000, 12, false, ?)", [p["service"]])
    params = {"window_start": 0, "window_end": 3_600_000_000, "history_start": 0,
              "evaluated_until": 3_600_000_000}
    ran = 0
    for statement in split_sql(sql):
        used = {k: v for k, v in params.items() if f"${k}" in statement}
        con.execute(statement, used) if used else con.execute(statement)
        ran += 1
    assert ran >= 4
    tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert {"requests", "maintenance", "incidents"} <= tables
    assert con.execute("SELECT count(*) FROM s").fetchone() == (1,)  # the failing minute
    assert not sentinel.exists()
