"""One pass over a large CSV file (sladsl.evaluate.onepass): the same reports, the same
messages, and the file read once.

"Large" is decided by the memory limit (a converted table that would not stay in memory);
here every file counts as large (``in_memory`` answers no), and the reports are compared with
those of the loader as before (``data.ONE_PASS`` emptied).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import duckdb
import pytest

import sladsl
from sladsl.errors import SlaDataError
from sladsl.evaluate import data as data_module
from sladsl.evaluate import resources
from sladsl.evaluate.engine import Engine
from sladsl.evaluate.periods import parse_period, zone
from sladsl.evaluate.report import build, to_json
from sladsl.samples import generate, sample_months

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.datagen import REQUESTS_SPEC as BENCH_SPEC  # noqa: E402

SPECS = sorted((ROOT / "specs").glob("*.sla"))


class Reads:
    """Every statement sladsl's connections run (``resources.connect`` wrapped)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.statements: list[str] = []
        made = resources.connect

        def connect(**config: Any) -> Any:
            return _Logged(made(**config), self.statements)

        monkeypatch.setattr(resources, "connect", connect)

    def of(self, path: Path) -> list[str]:
        """The statements that read the rows of ``path`` (not the sniffer's or DESCRIBE's)."""
        return [s for s in self.statements if str(path) in s and "sniff_csv" not in s
                and not s.startswith("DESCRIBE") and "LIMIT 0" not in s]


class _Logged:
    def __init__(self, con: Any, log: list[str]) -> None:
        self._con, self._log = con, log

    def execute(self, sql: str, *args: Any) -> Any:
        self._log.append(sql)
        return self._con.execute(sql, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._con, name)


def _as_csv(folder: Path) -> list[str]:
    """The sample's Parquet files of raw requests and probes rewritten as CSV."""
    moved = []
    for kind in data_module.ONE_PASS:
        parquet = folder / f"{kind}.parquet"
        if parquet.is_file():
            con = duckdb.connect()
            con.execute(f"COPY (SELECT * FROM read_parquet('{parquet}')) TO "
                        f"'{folder / (kind + '.csv')}' (HEADER)")
            con.close()
            parquet.unlink()
            moved.append(kind)
    return moved


def _run(spec: sladsl.Spec, folder: Path) -> tuple[str, Engine]:
    tz = zone(spec.time_zone)
    good, bad = sample_months(spec)
    engine = Engine(spec, folder)
    evaluation = engine.run([parse_period(good, tz), parse_period(bad, tz)])
    return to_json(build(evaluation)), engine


@pytest.fixture
def large(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(data_module, "in_memory", lambda *_: False)


@pytest.mark.parametrize("path", SPECS, ids=lambda p: p.stem)
def test_every_spec_gives_the_same_report_in_one_pass(
        path: Path, tmp_path: Path, large: None, monkeypatch: pytest.MonkeyPatch) -> None:
    spec = sladsl.load(path)
    generate(spec, tmp_path)
    kinds = _as_csv(tmp_path)  # none: nothing to defer, the planning run is the run
    reads = Reads(monkeypatch)
    fast, engine = _run(spec, tmp_path)
    assert engine.ctx is not None
    passed = {g.kind for g in engine.ctx.data.passes}
    for kind in kinds:
        file = tmp_path / f"{kind}.csv"
        got = reads.of(file)
        if kind in passed:  # read once, by the pass
            assert len(got) == 1 and "GROUPING SETS" in got[0], got
    with monkeypatch.context() as m:
        m.setattr(data_module, "ONE_PASS", ())
        slow, engine = _run(spec, tmp_path)
    assert engine.ctx is not None and not engine.ctx.data.passes
    assert fast == slow


def test_the_specs_with_raw_requests_are_read_in_one_pass(
        tmp_path: Path, large: None) -> None:
    # The test above must not pass by never taking the one pass.
    spec = sladsl.load(ROOT / "specs" / "observability.sla")
    generate(spec, tmp_path)
    assert "requests" in _as_csv(tmp_path)
    _report, engine = _run(spec, tmp_path)
    assert engine.ctx is not None
    assert "requests" in {g.kind for g in engine.ctx.data.passes}
    lines = (tmp_path / "requests.csv").read_text(encoding="utf-8").count("\n")
    assert engine.ctx.data.loaded["requests"].rows == lines - 1


# The bench's agreement on raw requests, in a zone with an offset (naive times are read there).
REQUESTS_SPEC = BENCH_SPEC.replace("time zone UTC", "time zone Europe/Berlin")
assert REQUESTS_SPEC != BENCH_SPEC


def _requests(folder: Path, rows: list[str]) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / "requests.csv"
    path.write_text("time,latency_ms,status,service\n" + "".join(r + "\n" for r in rows),
                    encoding="utf-8")
    return path


def _march(spec: sladsl.Spec) -> list[Any]:
    return [parse_period("2026-03", zone(spec.time_zone))]


def _lines() -> list[str]:
    # Naive times, read in the agreement's zone (Berlin): the pass reads them in that zone too.
    out = []
    for day in range(1, 32):
        for minute in range(0, 24 * 60, 7):
            status = 503 if day == 10 and 600 <= minute < 660 else 200
            out.append(f"2026-03-{day:02d} {minute // 60:02d}:{minute % 60:02d}:30,"
                       f"{20 + (day * minute) % 400}.5,{status},API")
    return out


def test_naive_times_are_read_in_the_agreements_zone(
        tmp_path: Path, large: None, monkeypatch: pytest.MonkeyPatch) -> None:
    spec = sladsl.loads(REQUESTS_SPEC.replace(
        "    percentiles are computed by nearest rank.\n",
        "    percentiles are computed by nearest rank.\n"
        "    the average response time shall be at most 200 ms in each calendar month.\n"))
    _requests(tmp_path, _lines())
    engine = Engine(spec, tmp_path)
    fast = to_json(build(engine.run(_march(spec))))
    assert engine.ctx is not None
    assert any(("s", "sum(latency_ms)") in g.aggregates for g in engine.ctx.data.passes)
    monkeypatch.setattr(data_module, "ONE_PASS", ())
    assert fast == to_json(build(Engine(spec, tmp_path).run(_march(spec))))


@pytest.mark.parametrize(("bad", "message"), [
    ("2026-03-05 10:00:00,soon,200,API", r"row 5, column 'latency_ms': cannot read 'soon'"),
    ("yesterday,12.5,200,API", r"row 5, column 'time': cannot read 'yesterday'"),
    (",12.5,200,API", r"row 5, column 'time': the value is empty"),
    ("2026-03-05 10:00:00,12.5,fine,API", r"row 5, column 'status': cannot read 'fine'"),
])
def test_a_bad_value_is_named_as_without_the_pass(
        tmp_path: Path, large: None, monkeypatch: pytest.MonkeyPatch, bad: str,
        message: str) -> None:
    spec = sladsl.loads(REQUESTS_SPEC)
    lines = _lines()
    lines[4] = bad
    path = _requests(tmp_path, lines)
    reads = Reads(monkeypatch)
    with pytest.raises(SlaDataError) as fast:
        Engine(spec, tmp_path).run(_march(spec))
    # The pass, then straight to the text read that names the value (and reads it back).
    read = reads.of(path)
    assert len(read) in (2, 3) and "GROUPING SETS" in read[0] and "all_varchar" not in read[0], read
    assert "'time': 'VARCHAR'" in read[1], read  # every column as text
    monkeypatch.setattr(data_module, "ONE_PASS", ())
    with pytest.raises(SlaDataError) as slow:
        Engine(spec, tmp_path).run(_march(spec))
    assert str(fast.value) == str(slow.value)
    assert re.search(message, str(fast.value)), str(fast.value)


def test_a_kind_read_otherwise_is_loaded_as_before(
        tmp_path: Path, large: None, monkeypatch: pytest.MonkeyPatch) -> None:
    # A checker that reads the rows itself (here the percentiles' counts, made to run their
    # own statement) names the kind in the planning run: no pass, the table as before.
    from sladsl.evaluate import objectives

    monkeypatch.setattr(objectives, "relation", lambda _ctx, g: f"({g.sql()})")
    spec = sladsl.loads(REQUESTS_SPEC)
    path = _requests(tmp_path, _lines())
    reads = Reads(monkeypatch)
    engine = Engine(spec, tmp_path)
    fast = to_json(build(engine.run(_march(spec))))
    assert engine.ctx is not None and not engine.ctx.data.passes
    assert not any("GROUPING SETS" in s for s in reads.of(path))
    monkeypatch.setattr(data_module, "ONE_PASS", ())
    assert fast == to_json(build(Engine(spec, tmp_path).run(_march(spec))))


def test_a_statement_the_pass_did_not_answer_loads_the_kind_first(
        tmp_path: Path, large: None) -> None:
    spec = sladsl.loads(REQUESTS_SPEC)
    _requests(tmp_path, _lines())
    seen: list[tuple[Any, ...]] = []
    engine = Engine(spec, tmp_path)

    def look(message: str) -> None:  # during the run after the pass, the connection open
        ctx = engine.ctx
        if ctx is not None and ctx.data.passes and message.startswith("checking"):
            assert "requests" not in ctx.data.loaded or "requests" in ctx.data.deferred
            seen.append(ctx.con.execute("SELECT count(*), sum(latency_ms), min(_row), "
                                        "max(_row) FROM requests").fetchone())
            seen.append(("deferred", tuple(ctx.data.deferred)))

    engine.progress = look
    engine.run(_march(spec))
    lines = _lines()
    total = sum(float(line.split(",")[1]) for line in lines)
    assert len(seen) == 2
    count, summed, first, last = seen[0]
    assert (count, first, last) == (len(lines), 1, len(lines))
    assert float(summed) == pytest.approx(total)
    assert seen[1] == ("deferred", ())  # loaded as before: its view reads the table


def test_small_files_are_loaded_as_before(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                          ) -> None:
    # Without the large-file condition nothing is deferred and the planning run is the run.
    spec = sladsl.loads(REQUESTS_SPEC)
    path = _requests(tmp_path, _lines())
    reads = Reads(monkeypatch)
    engine = Engine(spec, tmp_path)
    engine.run(_march(spec))
    assert engine.ctx is not None and not engine.ctx.data.passes
    assert not engine.ctx.data.deferred
    assert len(reads.of(path)) == 1 and "GROUPING SETS" not in reads.of(path)[0]


def test_rolling_windows_share_one_count_per_quarter_hour(
        tmp_path: Path, large: None, monkeypatch: pytest.MonkeyPatch) -> None:
    # A ratio over each rolling 7 days: one window a day, each its own count without keys;
    # the pass counts quarter hours once and each window adds up its own.
    spec = sladsl.loads(REQUESTS_SPEC.replace(
        "at most 0.5% of requests shall fail in each calendar month.",
        "at most 0.5% of requests shall fail in each rolling 7 days."))
    path = _requests(tmp_path, _lines())
    reads = Reads(monkeypatch)
    engine = Engine(spec, tmp_path)
    fast = to_json(build(engine.run(_march(spec))))
    assert engine.ctx is not None
    summed = [r for r in engine.ctx.data.passes.values() if "WHERE q >= " in r]
    assert len(summed) >= 28, summed  # every window of March
    assert len(reads.of(path)) == 1
    monkeypatch.setattr(data_module, "ONE_PASS", ())
    assert fast == to_json(build(Engine(spec, tmp_path).run(_march(spec))))


def test_only_counts_on_the_quarter_hour_grid_with_the_same_rest_are_summed() -> None:
    from sladsl.evaluate.grouped import Grouped
    from sladsl.evaluate.onepass import QUARTER_US, _families

    day = 96 * QUARTER_US
    hits = (("h", "count(*) FILTER (WHERE NOT ok)"), ("t", "count(*)"))

    def ratio(a: int, b: int, rest: str = "true", aggregates: Any = hits) -> Grouped:
        return Grouped("requests", (), aggregates, f"time >= {a} AND time < {b} AND {rest}")

    windows = [ratio(d * day, (d + 7) * day) for d in range(3)]
    odd = ratio(day + 1, 2 * day)  # not on the grid
    other = ratio(0, day, "service IS NULL")  # another condition: alone in its family
    summed = ratio(0, day, aggregates=(("s", "sum(latency_ms)"),))  # not a count
    keyed = Grouped("requests", (("v", "latency_ms"),), (("c", "count(*)"),), "true")
    # A bare OR: the bounds before it do not bound the rows (two of them, not summed).
    loose = [ratio(0, day, "ok OR latency_ms > 1"), ratio(day, 2 * day, "ok OR latency_ms > 1")]
    computed, derived = _families([*windows, odd, other, summed, keyed, *loose])
    assert set(derived) == set(windows)
    family, first, end = derived[windows[1]]
    assert (first, end) == (96, 8 * 96)
    assert family.keys == (("q", f"time // {QUARTER_US}"),)
    assert family.where == f"time >= 0 AND time < {9 * day} AND true"
    assert computed == [odd, summed, keyed, *loose, family, other]
    # Inside parentheses or quotes an OR is the rest's own business.
    from sladsl.evaluate.onepass import _conjunction

    assert _conjunction("(service IS NULL OR service IN ('a OR b')) AND NOT (x OR y)")
    assert _conjunction("service = 'x) OR (y'")
    assert not _conjunction("ok or latency_ms > 1")
    assert not _conjunction("(ok")


def test_progress_is_said_once(tmp_path: Path, large: None, monkeypatch: pytest.MonkeyPatch
                               ) -> None:
    spec = sladsl.loads(REQUESTS_SPEC)
    _requests(tmp_path, _lines())
    periods = [parse_period(p, zone(spec.time_zone)) for p in ("2026-02", "2026-03")]
    said: list[str] = []
    engine = Engine(spec, tmp_path, progress=said.append)
    engine.run(periods)
    assert engine.ctx is not None and engine.ctx.data.passes
    monkeypatch.setattr(data_module, "ONE_PASS", ())
    before: list[str] = []
    Engine(spec, tmp_path, progress=before.append).run(periods)
    assert said == before == ["evaluating 2026-02 (1 of 2)", "evaluating 2026-03 (2 of 2)",
                              "checking termination rights"]
