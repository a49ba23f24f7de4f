"""``sladsl compile``: the Python checker reports exactly what ``sladsl evaluate`` reports, the
SQL runs, and both are deterministic, valid and kept as golden files."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from click.testing import CliRunner

import sladsl
from sladsl.cli import main as cli_main
from sladsl.compile import compile_spec
from sladsl.compile.command import compile_command
from sladsl.evaluate.engine import Engine
from sladsl.evaluate.periods import parse_period, zone
from sladsl.evaluate.report import build, to_json
from sladsl.samples import generate, sample_months

ROOT = Path(__file__).resolve().parent.parent
SPECS = sorted((ROOT / "specs").glob("*.sla"))
RUFF = Path(sys.executable).parent / "ruff"


def load_module(text: str, name: str) -> ModuleType:
    module = ModuleType(name)
    exec(compile(text, f"<{name}>", "exec"), module.__dict__)  # noqa: S102 - our own output
    return module


def split_sql(text: str) -> list[str]:
    """Statements of a generated SQL file (quote-aware; comments dropped)."""
    out, current, quote = [], [], ""
    for line in text.split("\n"):
        if not current and line.startswith("--"):
            continue
        current.append(line)
        for ch in line:
            if quote and ch == quote:
                quote = ""
            elif not quote and ch in "'\"":
                quote = ch
        if not quote and line.endswith(";"):
            out.append("\n".join(current))
            current = []
    return out


@pytest.fixture(scope="module")
def compiled() -> dict[str, tuple[sladsl.Spec, str, str]]:
    out = {}
    here = os.getcwd()
    # Specs named by their file name only, as a compiled checker names them.
    os.chdir(ROOT / "specs")
    try:
        for path in SPECS:
            spec = sladsl.load(path.name)
            out[path.stem] = (spec, compile_spec(spec, "python"), compile_spec(spec, "sql"))
    finally:
        os.chdir(here)
    return out


@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory,
            compiled: dict[str, tuple[sladsl.Spec, str, str]]) -> dict[str, Path]:
    out = {}
    for stem, (spec, _py, _sql) in compiled.items():
        folder = tmp_path_factory.mktemp(f"data-{stem}")
        generate(spec, folder)
        out[stem] = folder
    return out


@pytest.mark.parametrize("path", SPECS, ids=lambda p: p.stem)
def test_golden_python_and_sql(compiled: dict[str, tuple[sladsl.Spec, str, str]],
                               golden: Callable[[str, str], None], path: Path) -> None:
    _spec, python, sql = compiled[path.stem]
    golden(f"compile/{path.stem}.py", python)
    golden(f"compile/{path.stem}.sql", sql)


def test_generated_code_is_deterministic_valid_and_lint_clean(
        compiled: dict[str, tuple[sladsl.Spec, str, str]], tmp_path: Path) -> None:
    files = []
    for stem, (spec, python, sql) in compiled.items():
        assert compile_spec(spec, "python") == python
        assert compile_spec(spec, "sql") == sql
        compile(python, f"{stem}.py", "exec")
        assert max(len(line) for line in python.split("\n")) <= 100
        (tmp_path / f"{stem}.py").write_text(python, encoding="utf-8")
        files.append(str(tmp_path / f"{stem}.py"))
    result = subprocess.run([str(RUFF), "check", "--no-cache", "--isolated", "--line-length",
                             "100", "--select", "E,F,W,I,B,UP", *files],
                            capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", SPECS, ids=lambda p: p.stem)
def test_compiled_document_equals_the_spec(compiled: dict[str, tuple[sladsl.Spec, str, str]],
                                           path: Path) -> None:
    spec, python, _sql = compiled[path.stem]
    module = load_module(python, path.stem)
    assert module.document() == dataclasses.replace(spec.document, comments=())
    assert module.SOURCE.sha256 == spec.sha256
    assert module.SOURCE.sladsl_version == sladsl.__version__


def test_functions_name_their_clause_and_line(
        compiled: dict[str, tuple[sladsl.Spec, str, str]]) -> None:
    _spec, python, _sql = compiled["cloud-platform"]
    assert ("# Clause 3.1.1, line 27: objective \"Monthly Availability\":\n"
            "def objective_4_monthly_availability() -> n.Objective:") in python
    assert "# Clause 3.1.1(a), line 28: the service shall be available at least 99.95%" in python
    assert "# Clause 7.1(a), line 82: below 99.95% and at least 99.0%" in python
    assert "def credit_16_monthly_availability() -> n.TierTable:" in python
    assert "    # spec line 32: short blips are not outages" in python
    assert "value=rt.Percent(value=D('99.95'))," in python


def _run_checker(module: ModuleType, args: list[str]) -> str:
    import sladsl.runtime as rt

    result = CliRunner().invoke(rt._command(module.SOURCE, module.document()), args)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("path", SPECS, ids=lambda p: p.stem)
def test_compiled_checker_reports_exactly_what_evaluate_reports(
        compiled: dict[str, tuple[sladsl.Spec, str, str]], samples: dict[str, Path],
        path: Path) -> None:
    spec, python, _sql = compiled[path.stem]
    module = load_module(python, path.stem)
    good, bad = sample_months(spec)
    # Per-second probes make the telecom months slow: its bad month alone covers the code.
    months = [bad] if path.stem == "telecom-network" else [good, bad]
    for month in months:
        expected = to_json(build(Engine(spec, samples[path.stem]).run(
            [parse_period(month, zone(spec.time_zone))])))
        actual = _run_checker(module, ["--data", str(samples[path.stem]), "--period", month,
                                       "--format", "json"])
        assert actual == expected, f"{path.stem} {month}"
        assert json.loads(actual)["agreement"]["sha256"] == spec.sha256


def test_checker_runs_as_a_standalone_script(samples: dict[str, Path], tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    out = tmp_path / "checker.py"
    result = CliRunner().invoke(compile_command, ["specs/cloud-platform.sla", "-o", str(out)])
    assert result.exit_code == 0, result.output
    args = ["--data", str(samples["cloud-platform"]), "--period", "2026-06", "--format", "text"]
    run = subprocess.run([sys.executable, str(out), *args], capture_output=True, text=True,
                         cwd=ROOT)
    # The checker names its spec by file name only; so does evaluate run beside the spec.
    monkeypatch.chdir(ROOT / "specs")
    evaluated = CliRunner().invoke(cli_main, ["evaluate", "cloud-platform.sla", *args])
    assert run.returncode == 0, run.stderr
    assert run.stdout == evaluated.output
    bad = subprocess.run([sys.executable, str(out), "--data", str(tmp_path), "--period",
                          "2026-13"], capture_output=True, text=True, cwd=ROOT)
    assert bad.returncode == 2 and "2026-13" in bad.stderr and "Traceback" not in bad.stderr


def _normalised_tables(spec: sladsl.Spec, folder: Path, tmp: Path) -> Any:
    import shutil

    import duckdb

    from sladsl.evaluate.bindings import Bindings
    from sladsl.evaluate.data import SCHEMAS, Dataset
    from sladsl.examples.worked import empty_data_dir

    both = tmp / "tables"
    shutil.copytree(folder, both)
    for kind in SCHEMAS:  # kinds without a file: empty typed tables, as the queries expect
        if not any((both / f"{kind}{ext}").exists() for ext in (".csv", ".jsonl", ".parquet")):
            shutil.copy(empty_data_dir() / f"{kind}.parquet", both)
    con = duckdb.connect(":memory:")
    data = Dataset(con, both, Bindings(), spec.time_zone, sorted(spec.priorities))
    for kind in SCHEMAS:
        data.has(kind)
    return con


def run_sql(spec: sladsl.Spec, sql: str, folder: Path, tmp: Path) -> int:
    """Runs every statement of a generated file on the sample data; returns how many ran."""
    period = parse_period(sample_months(spec)[1], zone(spec.time_zone))
    params = {"window_start": period.start_us, "window_end": period.end_us,
              "history_start": period.start_us, "evaluated_until": period.end_us}
    con = _normalised_tables(spec, folder, tmp)
    statements = split_sql(sql)
    for statement in statements:
        if statement.startswith("CREATE TEMP TABLE cal_"):
            con.execute(statement.replace("CREATE TEMP TABLE", "CREATE OR REPLACE TEMP TABLE"))
            continue
        used = {k: v for k, v in params.items() if f"${k}" in statement}
        con.execute(statement, used) if used else con.execute(statement)
    con.close()
    return len(statements)


@pytest.mark.parametrize("stem", ["cloud-platform", "service-desk", "saas-analytics"])
def test_generated_sql_runs_on_the_sample_data(
        compiled: dict[str, tuple[sladsl.Spec, str, str]], samples: dict[str, Path],
        stem: str, tmp_path: Path) -> None:
    spec, _python, sql = compiled[stem]
    assert run_sql(spec, sql, samples[stem], tmp_path) > 5
    assert "$window_start" in sql and "'Compute API'" in sql or stem != "cloud-platform"


def test_compile_command_writes_files_and_reports_bad_specs(tmp_path: Path) -> None:
    out = tmp_path / "q.sql"
    ok = CliRunner().invoke(compile_command, [str(SPECS[0]), "--target", "sql", "-o", str(out)])
    assert ok.exit_code == 0 and out.read_text(encoding="utf-8").startswith("-- The queries")
    broken = tmp_path / "broken.sla"
    broken.write_text('agreement "x"\n  currency\n', encoding="utf-8")
    bad = CliRunner().invoke(compile_command, [str(broken)])
    assert bad.exit_code == 1 and "broken.sla:" in bad.output


def test_every_node_class_can_be_written() -> None:
    from sladsl import nodes as n
    from sladsl.compile.python import PythonTarget

    target = PythonTarget()
    target.spec = sladsl.load(SPECS[0])
    target.calls = {}
    with pytest.raises(TypeError, match="cannot write a object"):
        target.inline(object())
    for cls in n.concrete_node_classes():
        assert dataclasses.is_dataclass(cls), cls


def test_a_checker_names_no_path_of_the_machine_that_compiled_it(tmp_path: Path) -> None:
    spec_path = (ROOT / "specs" / "cloud-platform.sla").resolve()
    out = tmp_path / "checker.py"
    result = CliRunner().invoke(compile_command, [str(spec_path), "--target", "python",
                                                  "-o", str(out)])
    assert result.exit_code == 0, result.output
    code = out.read_text(encoding="utf-8")
    assert str(ROOT) not in code and "file='cloud-platform.sla'" in code
    module = load_module(code, "checker")
    data = tmp_path / "data"
    generate(sladsl.load(spec_path), data)
    good = sample_months(sladsl.load(spec_path))[0]
    for args in (["--help"], ["--data", str(data), "--period", good, "--format", "json"],
                 ["--data", str(data), "--period", good]):
        shown = _run_checker(module, args)
        assert str(ROOT) not in shown and "/specs/" not in shown, args
    assert "cloud-platform.sla" in _run_checker(module, ["--help"])
