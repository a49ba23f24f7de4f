"""The report's chart intervals (``OFFSET+LENGTH`` seconds from the window's start) carry every
interval exactly, and the HTML charts read them back to the times and minutes they draw."""

from __future__ import annotations

from fractions import Fraction

from sladsl.evaluate.charts import expand
from sladsl.evaluate.periods import from_us, parse_period, zone
from sladsl.evaluate.results import shown
from sladsl.evaluate.series import _runs, seconds


def test_seconds_are_exact() -> None:
    assert [seconds(x) for x in (0, 60_000_000, 1_500_000, 250, -2_000_001)] == \
        ["0", "60", "1.5", "0.00025", "-2.000001"]


def test_intervals_round_trip_across_a_clock_change() -> None:
    tz = zone("Europe/London")
    window = parse_period("2026-03", tz)  # the clocks go forward on 29 March
    start = window.start_us
    change = start + 28 * 86_400_000_000 + 3_600_000_000  # 01:00 UTC on 29 March
    runs = [(start + 1_500_000, start + 61_750_000), (change - 60_000_000, change + 7_200_000_000),
            (window.end_us - 250, window.end_us)]
    text = _runs(runs, window)
    assert text == "1.5+60.25 2422740+7260 2674799.99975+0.00025"  # 31 days less the hour skipped
    assert _runs(text, window) == text  # summed in DuckDB: the text already
    chart = {"kind": "availability", "time_zone": "Europe/London", "windows": [
        {"start": window.start.isoformat(), "down": text, "excluded": "", "short": ""}]}
    (w,) = expand(chart)["windows"]
    assert w["down"] == [{"start": from_us(a, tz).isoformat(), "end": from_us(b, tz).isoformat(),
                          "minutes": shown(Fraction(b - a, 60_000_000), places=2)}
                         for a, b in runs]
    assert w["down"][1]["end"].endswith("+01:00") and w["down"][1]["start"].endswith("+00:00")
    assert w["excluded"] == [] and expand(expand(chart)) == expand(chart)
