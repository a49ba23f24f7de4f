"""Bounded memory: a memory limit, a spill folder that is cleaned up, identical results, and
plain errors when even spilling cannot finish."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import sladsl
from sladsl.errors import SlaUsageError
from sladsl.evaluate import data as data_module
from sladsl.evaluate.bindings import Bindings
from sladsl.evaluate.data import Dataset
from sladsl.evaluate.engine import Engine
from sladsl.evaluate.periods import parse_period, zone
from sladsl.evaluate.report import build, to_json
from sladsl.evaluate.resources import (
    MINIMUM_BYTES,
    Resources,
    connect,
    connection,
    in_memory,
    out_of_memory,
    parse_memory,
    table_bytes,
)

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.datagen import REQUESTS_SPEC, write_requests  # noqa: E402

ROWS = 4_000_000


@pytest.fixture(scope="module")
def requests(tmp_path_factory: pytest.TempPathFactory) -> tuple[sladsl.Spec, Path]:
    folder = tmp_path_factory.mktemp("requests")
    write_requests(folder, ROWS, "parquet")
    return sladsl.loads(REQUESTS_SPEC), folder


@pytest.fixture(scope="module")
def requests_csv(tmp_path_factory: pytest.TempPathFactory) -> tuple[sladsl.Spec, Path]:
    folder = tmp_path_factory.mktemp("requests-csv")
    write_requests(folder, ROWS, "csv")
    return sladsl.loads(REQUESTS_SPEC), folder


def _report(spec: sladsl.Spec, data: Path, resources: Resources | None) -> str:
    period = parse_period("2026-03", zone(spec.time_zone))
    return to_json(build(Engine(spec, data, resources=resources).run([period])))


def test_a_tiny_limit_spills_and_gives_the_same_report(
        requests_csv: tuple[sladsl.Spec, Path], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    # CSV is read once into a converted table, which goes to a database file in the spill
    # folder (compressed, on disk: DuckDB keeps in memory only the blocks a scan needs).
    # (The one pass, which writes no table, is taken out here; see the next test.)
    monkeypatch.setattr(data_module, "ONE_PASS", ())
    spec, data = requests_csv
    free = _report(spec, data, None)
    seen: list[tuple[int, list[str]]] = []
    period = parse_period("2026-03", zone(spec.time_zone))
    # Reading CSV takes buffers of its own, so a little above the least limit.
    engine = Engine(spec, data, resources=Resources(2 * MINIMUM_BYTES, str(tmp_path)))

    def look(message: str) -> None:  # after the measurements, while the connection is open
        if engine.ctx is not None and message.startswith("checking"):
            con = engine.ctx.con
            row = con.execute("SELECT coalesce(sum(size), 0) FROM "
                              "duckdb_temporary_files()").fetchone()
            spilled = int(row[0]) if row else 0
            stored = [f"{r[0]}: {r[1]}" for r in con.execute(
                "SELECT t.table_name, d.path FROM duckdb_tables() t JOIN duckdb_databases() d "
                "USING (database_name) WHERE t.table_name LIKE '\\_data\\_%' ESCAPE '\\'"
            ).fetchall()]
            on_disk = sum(f.stat().st_size for f in tmp_path.glob("sladsl-spill-*/*")
                          if f.is_file())
            seen.append((spilled + on_disk, stored))

    engine.progress = look
    tight = to_json(build(engine.run([period])))
    assert tight == free
    assert seen, "the run did not get to its checks"
    written, stored = seen[0]
    assert stored and all(str(tmp_path) in s for s in stored), stored
    assert written > 2**20, "nothing was written to the spill folder under a 128 MiB limit"
    assert list(tmp_path.iterdir()) == [], "the spill folder was not removed"


def test_one_pass_under_a_tiny_limit_gives_the_same_report(
        requests_csv: tuple[sladsl.Spec, Path], tmp_path: Path) -> None:
    # Under 128 MiB the file's table would not stay in memory: the checkers' counts come from
    # one read of the file (sladsl.evaluate.onepass), and no table is made. Without a limit
    # the table is in memory: the same report.
    spec, data = requests_csv
    free = _report(spec, data, None)
    period = parse_period("2026-03", zone(spec.time_zone))
    engine = Engine(spec, data, resources=Resources(2 * MINIMUM_BYTES, str(tmp_path)))
    assert to_json(build(engine.run([period]))) == free
    assert engine.ctx is not None
    assert {g.kind for g in engine.ctx.data.passes} == {"requests"}
    assert engine.ctx.data.loaded["requests"].rows == ROWS
    assert list(tmp_path.iterdir()) == [], "the spill folder was not removed"


def test_parquet_is_read_where_it_lies_under_a_tiny_limit(
        requests: tuple[sladsl.Spec, Path], tmp_path: Path) -> None:
    spec, data = requests
    free = _report(spec, data, None)
    tables: list[list[str]] = []
    period = parse_period("2026-03", zone(spec.time_zone))
    engine = Engine(spec, data, resources=Resources(MINIMUM_BYTES, str(tmp_path)))

    def look(message: str) -> None:
        if engine.ctx is not None and message.startswith("checking"):
            tables.append([str(r[0]) for r in engine.ctx.con.execute(
                "SELECT table_name FROM duckdb_tables()").fetchall()])

    engine.progress = look
    assert to_json(build(engine.run([period]))) == free
    assert tables and not any(t.startswith("_data_") for t in tables[0]), tables


def test_the_spill_folder_is_removed_after_a_failure(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError), connection(Resources(None, str(tmp_path))) as con:
        con.execute("SELECT 1")
        assert len(list(tmp_path.iterdir())) == 1
        raise RuntimeError("interrupted")
    assert list(tmp_path.iterdir()) == []


def test_the_connection_has_the_limit() -> None:
    with connection(Resources(parse_memory("256MiB"), None)) as con:
        row = con.execute("SELECT current_setting('memory_limit')").fetchone()
    assert row is not None and row[0] in ("256.0 MiB", "256.0MiB", "268.4 MB", "268.4MB")


@pytest.mark.parametrize("quiet", [False, True])
def test_the_progress_bar_setting_keeps_standard_output_clean(quiet: bool) -> None:
    """DuckDB draws a progress bar on standard output, even into a pipe, where sladsl may be
    writing a report (here at once, not after two seconds); ``enable_progress_bar = false``,
    which sladsl's connections have, draws none."""
    import subprocess

    code = ("import duckdb; con = duckdb.connect(); con.execute('SET progress_bar_time = 0'); "
            + ("con.execute('SET enable_progress_bar = false'); " if quiet else "")
            + "print('|', flush=True); "
            "con.execute('SELECT count(DISTINCT a % 1000003) FROM range(20000000) t(a)')"
            ".fetchall()")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    drawn = out.split("|\n", 1)[1]  # by the long statement (each SET draws one too, at once)
    assert (drawn == "") == quiet, drawn[:200]


def test_sladsl_connections_draw_no_progress_bar() -> None:
    with connection(None) as con:
        assert con.execute("SELECT current_setting('enable_progress_bar')").fetchone() == (
            False,)
    assert connect().execute("SELECT current_setting('enable_progress_bar')").fetchone() == (
        False,)


@pytest.mark.parametrize("text, expected", [
    ("4GiB", 4 * 2**30), ("512MB", 512 * 10**6), ("2.5GB", 2_500_000_000),
    ("64MiB", 64 * 2**20), ("50%", 8 * 2**30),
])
def test_amounts_of_memory(text: str, expected: int) -> None:
    assert parse_memory(text, total=16 * 2**30) == expected


@pytest.mark.parametrize("text", ["lots", "4 parsecs", "0%", "150%", "1MiB", ""])
def test_bad_amounts_are_usage_errors(text: str) -> None:
    with pytest.raises(SlaUsageError):
        parse_memory(text, total=16 * 2**30)


def test_out_of_memory_is_said_in_plain_words() -> None:
    import duckdb

    plain = out_of_memory(duckdb.OutOfMemoryException("Out of Memory Error: failed to "
                                                      "allocate"), Resources(MINIMUM_BYTES))
    assert plain is not None and "--memory-limit" in plain.render()
    full = out_of_memory(duckdb.IOException("No space left on device"), Resources(None, "/x"))
    assert full is not None and "--temp-dir" in full.render() and "/x" in full.render()
    assert out_of_memory(duckdb.CatalogException("no table"), None) is None


def test_the_command_line_takes_the_options_and_refuses_bad_ones(
        requests: tuple[sladsl.Spec, Path], tmp_path: Path) -> None:
    from sladsl.cli import main

    spec, data = requests
    path = tmp_path / "spec.sla"
    path.write_text(REQUESTS_SPEC, encoding="utf-8")
    out = tmp_path / "r.json"
    args = ["evaluate", str(path), "--data", str(data), "--period", "2026-03",
            "--format", "json", "-o", str(out)]
    ok = CliRunner().invoke(main, [*args, "--memory-limit", "1GiB", "--temp-dir",
                                   str(tmp_path)])
    assert ok.exit_code == 0, ok.output
    assert json.loads(out.read_text(encoding="utf-8"))["periods"]
    bad = CliRunner().invoke(main, [*args, "--memory-limit", "lots"])
    assert bad.exit_code == 2 and "not an amount of memory" in bad.output


@pytest.mark.parametrize("service", ["", "API", "a service with a rather long name"])
def test_a_small_table_is_kept_in_memory_within_its_estimate(service: str,
                                                             tmp_path: Path) -> None:
    # Under a limit it fits well within, a CSV file's converted table is a temporary table in
    # memory, no larger than the estimate that chose it (text columns included).
    lines = ["time,latency_ms,success" + (",service" if service else "")]
    lines += [f"2026-03-01T00:{i // 600 % 60:02d}:{i // 10 % 60:02d}.{i % 10}Z,{i % 997}.5,"
              f"{'true' if i % 7 else 'false'}" + (f",{service}{i % 3}" if service else "")
              for i in range(300_000)]
    (tmp_path / "requests.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with connection(Resources(512 * 2**20, str(tmp_path))) as con:
        con.execute("SET preserve_insertion_order = true")
        data = Dataset(con, tmp_path, Bindings(), "UTC", [])
        data.need("requests")
        stored = con.execute("SELECT database_name, temporary FROM duckdb_tables() "
                             "WHERE table_name = '_data_requests'").fetchall()
        used = con.execute("SELECT sum(memory_usage_bytes) FROM duckdb_memory() "
                           "WHERE tag = 'IN_MEMORY_TABLE'").fetchone()
        types = ["BIGINT", "DECIMAL(18,6)", "BOOLEAN", "INTEGER"] + ["VARCHAR"] * bool(service)
        assert stored == [("temp", True)]
        assert used is not None and 0 < int(used[0]) <= table_bytes(tmp_path / "requests.csv",
                                                                     types)
        assert con.execute("SELECT count(*), max(_row) FROM requests").fetchone() == (
            300_000, 300_000)
        data.release()


def test_tables_in_memory_share_a_quarter_of_the_limit() -> None:
    with connection(Resources(400 * 2**20)) as con:
        assert in_memory(con, 100 * 2**20)
        assert not in_memory(con, 101 * 2**20)
        assert not in_memory(con, 60 * 2**20, held=60 * 2**20)  # beside another table
    with connection(Resources(64 * 2**30)) as con:  # and at most 2 GiB, whatever the limit
        assert in_memory(con, 2 * 2**30)
        assert not in_memory(con, 2 * 2**30 + 1)
