"""``sladsl evaluate`` reads Prometheus query_range answers: the same report as raw requests."""

from __future__ import annotations

import json
import re
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner
from countdata import count_folder

import sladsl
from sladsl.cli import main
from sladsl.samples import generate

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "specs" / "cloud-platform.sla"
BINDINGS = """
[prometheus.request_counts]
total = "total.json"
failed = "failed.json"
service_label = "job"
"""


def write_answers(counts_csv: Path, out: Path, step: int = 60) -> None:
    """query_range answers (``round(sum by (job) (increase(…[1m])))``) of per-minute counts:
    a point at t counts the minute before t."""
    con = duckdb.connect()
    rows = con.execute(
        "SELECT coalesce(service, ''), epoch(time) + ?, total, failed FROM read_csv(?) "
        "ORDER BY 1, 2", [step, str(counts_csv)]).fetchall()
    for role, column in (("total", 2), ("failed", 3)):
        series: dict[str, list[list[object]]] = {}
        for row in rows:
            if role == "failed" and row[3] == 0:
                continue  # a counter that never moved: Prometheus returns no point
            series.setdefault(row[0], []).append([float(row[1]), str(row[column])])
        doc = {"status": "success", "data": {"resultType": "matrix", "result": [
            {"metric": {"job": job} if job else {}, "values": values}
            for job, values in series.items()]}}
        (out / f"{role}.json").write_text(json.dumps(doc))
    con.close()


def without_latency(out: Path) -> Path:
    """cloud-platform.sla without its latency objective (counts cannot judge a percentile)."""
    text = SPEC.read_text(encoding="utf-8")
    text = re.sub(r'  objective "Latency":\n    the 95th percentile of response time shall be '
                  r'at most 300 ms\s+in each calendar month\.\n    percentiles are computed '
                  r'by nearest rank\.\n', "", text)
    text = text.replace('  for "Latency": 5% of the Monthly Fee when missed.\n', "")
    assert '"Latency"' not in text
    out.write_text(text, encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("prom")
    spec = sladsl.load(without_latency(base / "spec.sla"))
    generate(spec, base / "raw")
    count_folder(base / "raw", base / "counts", tz=spec.time_zone)
    prom = base / "prom"
    prom.mkdir()
    for f in (base / "counts").iterdir():
        if f.name != "request_counts.csv":
            (prom / f.name).write_bytes(f.read_bytes())
    write_answers(base / "counts" / "request_counts.csv", prom)
    (base / "bindings.toml").write_text(BINDINGS)
    return base / "raw", prom


def _report(folder: Path, *extra: str) -> dict[str, object]:
    result = CliRunner().invoke(main, ["evaluate", str(folder.parent / "spec.sla"), "--data",
                                       str(folder), "--period", "2026-06", "--format", "json",
                                       *extra])
    assert result.exit_code in (0, 3), result.output
    data: dict[str, object] = json.loads(result.output)
    return data


def _lines(report: dict[str, object], objective: str) -> list[object]:
    out = []
    for period in report["periods"]:  # type: ignore[attr-defined]
        for line in period["lines"]:
            if line["objective"] == objective:
                line = dict(line)
                line.get("details", {}).pop("source", None)
                out.append(line)
    return out


def test_query_range_answers_give_the_raw_numbers(folders: tuple[Path, Path]) -> None:
    raw, prom = folders
    bindings = str(prom.parent / "bindings.toml")
    from_raw = _report(raw)
    from_prom = _report(prom, "--bindings", bindings)
    for objective in ("Monthly Availability", "Error Rate"):
        assert _lines(from_raw, objective), objective
        assert _lines(from_prom, objective) == _lines(from_raw, objective), objective


def test_fractional_counts_are_refused(folders: tuple[Path, Path], tmp_path: Path) -> None:
    _raw, prom = folders
    doc = json.loads((prom / "total.json").read_text())
    doc["data"]["result"][0]["values"][3][1] = "59.97"
    (tmp_path / "total.json").write_text(json.dumps(doc))
    (tmp_path / "failed.json").write_text((prom / "failed.json").read_text())
    (tmp_path / "b.toml").write_text(BINDINGS)
    result = CliRunner().invoke(main, ["evaluate", str(SPEC), "--data", str(tmp_path),
                                       "--period", "2026-06", "--bindings",
                                       str(tmp_path / "b.toml")])
    assert result.exit_code == 1
    assert "total.json" in result.output and "not a whole number" in result.output
    assert "round(" in result.output


def test_an_instant_query_is_refused(tmp_path: Path) -> None:
    (tmp_path / "total.json").write_text(json.dumps(
        {"status": "success", "data": {"resultType": "vector", "result": []}}))
    (tmp_path / "failed.json").write_text("{}")
    (tmp_path / "b.toml").write_text(BINDINGS)
    result = CliRunner().invoke(main, ["evaluate", str(SPEC), "--data", str(tmp_path),
                                       "--period", "2026-06", "--bindings",
                                       str(tmp_path / "b.toml")])
    assert result.exit_code == 1
    assert "not a successful query_range answer with a matrix" in result.output
