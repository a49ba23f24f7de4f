"""Benchmark workload 4 at a tiny size: sladsl's numbers from counts equal the SQL baseline's."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import counts as c  # noqa: E402
from bench import datagen as g  # noqa: E402
from bench import evaluation as ev  # noqa: E402


def test_counts_agree_with_hand_written_sql(tmp_path: Path) -> None:
    spec = g.write_spec(tmp_path, "c.sla", c.counts_spec(2))
    path = c.write_counts(tmp_path / "data", 2, 62)
    report = ev.sladsl_evaluate(spec, tmp_path / "data", tmp_path / "r.json", first="2026-01",
                                last="2026-02")
    got = ev.report_numbers(report)
    want = c.counts_sql(path, 2)
    assert got == want
    assert len(want) == 8 and any(v < 100 for k, v in want.items() if "availability" in k)
