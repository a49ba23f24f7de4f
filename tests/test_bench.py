"""The benchmark at a tiny size: every workload runs, and sladsl agrees with its baseline.

Timings are not checked here (performance is measured by ``python -m bench``, never by timed
unit tests); these tests keep the benchmark code and its baselines from rotting.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import sladsl

# ``bench`` lives at the repository root, next to ``tests``; pytest's own path handling only
# adds ``tests``. (``pythonpath = ["."]`` under [tool.pytest.ini_options] would do the same.)
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import datagen as g  # noqa: E402
from bench import evaluation as ev  # noqa: E402
from bench import frontend, specgen  # noqa: E402
from bench.__main__ import main  # noqa: E402


def test_large_spec_is_valid_and_deterministic() -> None:
    text = specgen.large_spec(600)
    assert len(text.splitlines()) >= 600
    assert specgen.large_spec(600) == text
    spec = sladsl.loads(text)
    assert len(spec.objectives) > 20
    # The raw parse and sladsl's parse accept the same text.
    assert frontend.raw_parse(text).data == "start"


def test_requests_agree(tmp_path: Path) -> None:
    spec = g.write_spec(tmp_path, "r.sla", g.REQUESTS_SPEC)
    for fmt in ("parquet", "csv"):
        data = tmp_path / fmt
        path = g.write_requests(data, 30_000, fmt)
        got = ev.requests_sladsl(ev.sladsl_evaluate(spec, data, tmp_path / "r.json",
                                                    period="2026-03"))
        assert got == ev.requests_sql(path)
        if fmt == "csv":
            assert got == ev.requests_python(path)
    assert len(got) == 4 and all(v > 0 for v in got.values())


def test_probes_agree(tmp_path: Path) -> None:
    spec = g.write_spec(tmp_path, "p.sla", g.probes_spec(2))
    data = tmp_path / "probes"
    path = g.write_probes(data, services=2, days=62)
    report = ev.sladsl_evaluate(spec, data, tmp_path / "p.json", first="2026-01", last="2026-02")
    got = ev.report_numbers(report)
    want = ev.probes_sql(path, data / "maintenance.csv", months=2)
    assert got == want
    assert len(want) == 4
    # Maintenance both excluded and counted as downtime, so the baseline's logic is exercised.
    reasons = {e["reason"].split(" ")[0] for p in report["periods"] for ln in p["lines"]
               for e in ln["exclusions"]}
    assert {"announced", "counts"} <= reasons


def test_tickets_agree(tmp_path: Path) -> None:
    spec = g.write_spec(tmp_path, "t.sla", g.TICKETS_SPEC)
    data = tmp_path / "tickets"
    path = g.write_tickets(data, 3_000)
    got = ev.report_numbers(ev.sladsl_evaluate(spec, data, tmp_path / "t.json",
                                               first="2026-01", last="2026-12"))
    # Business hours counted ticket by ticket in plain Python give the same attainment.
    assert got == ev.tickets_python(path)
    wall = ev.tickets_sql(path)
    business = [k for k in wall if "priority 3" in k or "priority 4" in k]
    assert business and any(wall[k] != got[k] for k in business)
    assert all(wall[k] == got[k] for k in wall if k not in business)


def test_startup_imports_no_heavy_modules() -> None:
    assert frontend.heavy_imports() == []


@pytest.mark.parametrize("only", ["frontend", "requests"])
def test_runner_prints_a_table(only: str, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--only", only, "--requests", "5000", "--sample", "2000", "--spec-lines",
                 "300", "--reps", "1"])
    out = capsys.readouterr().out
    assert code == 0
    assert "| workload |" in out and "x |" in out


def test_portfolio_agrees_with_its_baseline(tmp_path: Path) -> None:
    from bench import portfolio

    spec, people, data = portfolio.write(tmp_path, 12)
    got = portfolio.sladsl_portfolio(spec, people, data, tmp_path / "out")
    assert got == portfolio.duckdb_baseline(data)
    assert sum(1 for v in got.values() if v != "0.00") == 7  # outages of 44 minutes or more


def test_charts_workload_draws_one_chart_per_objective(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    from bench import charts

    (row,), problems = charts.charts(tmp_path, 2, 1)
    assert problems == []
    assert row.workload.startswith("6. charts, 2 objectives")
