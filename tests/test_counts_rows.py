"""Counts with one row per service and interval are read without a grouping pass; counts
with more rows per interval (split exports, a service spelled two ways) are grouped first.
Both give the same lines as the raw events."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest
from test_evaluate_aggregates import _measure

import sladsl
from sladsl.evaluate.bindings import Bindings, KindBinding
from sladsl.evaluate.calendars import Clocks
from sladsl.evaluate.data import Dataset
from sladsl.evaluate.engine import Engine, open_context
from sladsl.evaluate.periods import parse_period, rolling, zone

SPEC = ('agreement "A"\n  provider "P" called "the Provider"\n'
        '  customer "C" called "the Customer"\n\n'
        'service "api":\n  objective "Up":\n'
        '    the service shall be available at least 99.9% of the time in each calendar '
        'month.\n    availability is measured from requests.\n'
        '    a minute counts as unavailable when more than 10% of requests fail.\n'
        '  objective "Errors":\n    at most 1% of requests shall fail in each calendar '
        'month.\n'
        'service "web":\n  objective "Web up":\n'
        '    the service shall be available at least 99% of the time in each calendar '
        'month.\n    availability is measured from requests.\n'
        '    a minute counts as unavailable when more than 10% of requests fail.\n')

#: (minute of 2026-03-02, service, total, failed): bad minutes 3, 4 and 9 for api (two runs),
#: 7 for web.
ROWS = [(m, s, 20, 5 if (s, m) in {("api", 3), ("api", 4), ("api", 9), ("web", 7)} else 1)
        for m in range(12) for s in ("api", "web")]


def _write(folder: Path, rows: list[tuple[int, str, int, int]]) -> None:
    folder.mkdir(parents=True)
    lines = ["time,service,total,failed"] + [
        f"2026-03-02T{m // 60:02d}:{m % 60:02d}:00Z,{s},{t},{f}" for m, s, t, f in rows]
    (folder / "request_counts.csv").write_text("\n".join(lines) + "\n")


def _split(rows: list[tuple[int, str, int, int]]) -> list[tuple[int, str, int, int]]:
    """Each minute's counts in two rows (the second one's service spelled in capitals)."""
    out = []
    for m, s, t, f in rows:
        out += [(m, s, t // 2, f // 2), (m, s.upper() if m % 2 else s, t - t // 2, f - f // 2)]
    return out


def _single(folder: Path, bindings: Bindings | None = None) -> bool:
    from sladsl.evaluate.aggregates import one_row_per_interval

    spec = sladsl.loads(SPEC)
    engine = Engine(spec, folder, bindings)
    tz = zone(spec.time_zone)
    period = parse_period("2026-03", tz)
    con = duckdb.connect()
    data = Dataset(con, folder, engine.bindings, spec.time_zone, [])
    ctx = open_context(spec, con, data, Clocks(spec), tz, period.start_us, period.end_us)
    try:
        return one_row_per_interval(ctx, "request_counts")
    finally:
        con.close()


@pytest.mark.parametrize("split", [False, True])
def test_rows_per_interval_give_the_same_lines(tmp_path: Path, split: bool) -> None:
    spec = sladsl.loads(SPEC)
    stated = Bindings({"request_counts": KindBinding(interval="1m")})
    _write(tmp_path / "one", ROWS)
    _write(tmp_path / "two", _split(ROWS) if split else ROWS)
    assert _single(tmp_path / "one")
    assert _single(tmp_path / "two") is not split
    one = _measure(spec, tmp_path / "one", stated)
    two = _measure(spec, tmp_path / "two", stated)
    assert one == two
    lines = one["api/Up", 0, "2026-03"]
    assert isinstance(lines, list)
    verdict, measured, downtime_us, *_ = lines[0]
    assert downtime_us == 3 * 60_000_000  # minutes 3-4 and 9
    assert lines[0][-1]["downtime runs"] == "2"


@pytest.mark.parametrize("split", [False, True])
def test_runs_summed_in_duckdb_equal_the_listed_runs(tmp_path: Path, split: bool) -> None:
    """The summary of a window's unavailable runs (count, total, five longest, chart text)
    equals what the listed runs give, grouped or not."""
    from sladsl.evaluate import availability as av
    from sladsl.evaluate.series import _runs
    from sladsl.evaluate.timeline import total

    # Runs of 1, 2 and 3 minutes for api, and one reaching the end of the window.
    bad = {1, 5, 6, 9, 10, 11}
    rows = [(m, "api", 20, 5 if m in bad or m >= 1438 else 0) for m in range(1440)]
    _write(tmp_path / "d", _split(rows) if split else rows)
    spec = sladsl.loads(SPEC)
    engine = Engine(spec, tmp_path / "d", None)
    tz = zone(spec.time_zone)
    window = rolling(1, date(2026, 3, 3), tz)  # the day 2026-03-02
    con = duckdb.connect()
    data = Dataset(con, tmp_path / "d", engine.bindings, spec.time_zone, [])
    ctx = open_context(spec, con, data, Clocks(spec), tz, window.start_us, window.end_us)
    try:
        entry = next(e for e in spec.objectives if e.objective.name == "Up")
        sig = av._signature(entry.objective, "requests")
        listed = av._window_slices(ctx, sig, window, "api")["api"][0]
        summed = av._window_slices(ctx, sig, window, "api", summaries=True)["api"][3]
    finally:
        con.close()
    size, start = 60_000_000, window.start_us
    runs = [(start + a * size, min(window.end_us, start + (b + 1) * size)) for a, b in listed]
    assert len(runs) == 4
    longest = sorted(runs, key=lambda r: (r[0] - r[1], r[0]))[:5]
    assert summed == (4, total(runs), [(a - start, b - start) for a, b in longest],
                      _runs(runs, window))
    assert summed[3] == "60+60 300+120 540+180 86280+120"


@pytest.mark.parametrize(("row", "message"), [
    ((5, "web", 20, 21), "failures not more than the total"),
    ((5, "web", -1, 0), "counts must not be negative"),
])
def test_impossible_counts_are_named_by_row(tmp_path: Path, row: tuple[int, str, int, int],
                                            message: str) -> None:
    from sladsl.errors import SlaDataError

    rows = list(ROWS)
    rows[11] = row  # data row 12, line 13 of the file
    _write(tmp_path / "d", rows)
    with pytest.raises(SlaDataError) as caught:
        _single(tmp_path / "d")
    text = str(caught.value)
    assert message in text and "row 12" in text and "request_counts.csv:13:" in text, text


def test_a_time_off_the_grid_is_named_by_row(tmp_path: Path) -> None:
    from sladsl.errors import SlaDataError

    _write(tmp_path / "d", ROWS)
    path = tmp_path / "d" / "request_counts.csv"
    lines = path.read_text().splitlines()
    lines[7] = lines[7].replace(":00Z", ":30Z", 1)  # data row 7 half a minute late
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(SlaDataError) as caught:
        _single(tmp_path / "d", Bindings({"request_counts": KindBinding(interval="1m")}))
    assert "row 7" in str(caught.value) and "not on the 1m grid" in str(caught.value)
