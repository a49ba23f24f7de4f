"""Counts per interval give the same verdicts and numbers as the raw events they count.

Every spec's sample data is counted per minute (and per five minutes); each target that
counts can answer is evaluated from both and compared line by line; the others fail with an
error naming their clause.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import duckdb
import pytest
from countdata import count_folder
from hypothesis import given, settings
from hypothesis import strategies as st

import sladsl
from sladsl import nodes as n
from sladsl.errors import SlaDataError
from sladsl.evaluate.bindings import Bindings, KindBinding
from sladsl.evaluate.calendars import Clocks
from sladsl.evaluate.data import Dataset
from sladsl.evaluate.engine import Engine, open_context
from sladsl.evaluate.periods import parse_period, zone
from sladsl.samples import generate, sample_months

ROOT = Path(__file__).resolve().parent.parent
SPECS = sorted((ROOT / "specs").glob("*.sla"))


def _measure(spec: sladsl.Spec, folder: Path, bindings: Bindings | None = None
             ) -> dict[tuple[str, int, str], object]:
    """Each request/probe target's line (or the D300 error) in the sample months."""
    engine = Engine(spec, folder, bindings)
    tz = zone(spec.time_zone)
    periods = [parse_period(m, tz) for m in sample_months(spec)]
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    data = Dataset(con, folder, engine.bindings, spec.time_zone, sorted(spec.priorities))
    engine.ctx = open_context(spec, con, data, Clocks(spec), tz, periods[0].start_us - 40 *
                              86_400_000_000, periods[-1].end_us)
    out: dict[tuple[str, int, str], object] = {}
    for entry in spec.objectives:
        for i, target in enumerate(entry.objective.targets):
            if not _uses_requests(entry.objective, target):
                continue
            for p in periods:
                try:
                    lines = engine.target_lines(entry, target, p)
                    out[entry.key, i, p.label] = [
                        (ln.verdict, ln.measured, ln.downtime_us, ln.period_us, ln.budget, ln.worst,
                         {k: v for k, v in ln.details.items() if k != "source"})
                        for ln in lines]
                except SlaDataError as exc:
                    out[entry.key, i, p.label] = exc.diagnostics[0].message
    con.close()
    return out


def _targets(spec: sladsl.Spec) -> dict[tuple[str, int, str], n.Node]:
    return {(e.key, i, m): t for e in spec.objectives for i, t in enumerate(e.objective.targets)
            for m in sample_months(spec)}


def _uses_requests(obj: n.Objective, target: n.Node) -> bool:
    from sladsl.evaluate.availability import source_of

    if isinstance(target, n.AvailabilityTarget):
        return source_of(obj) in ("requests", "probes")
    if isinstance(target, n.RequestRatioTarget):
        return True
    return isinstance(target, n.PercentileTarget | n.AverageTarget) \
        and target.metric == "response time"


@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = {}
    for path in SPECS:
        folder = tmp_path_factory.mktemp(path.stem) / "raw"
        generate(sladsl.load(path), folder)
        out[path.stem] = folder
    return out


@pytest.mark.parametrize("path", SPECS, ids=lambda p: p.stem)
def test_counts_per_minute_agree_with_events(samples: dict[str, Path], path: Path,
                                            tmp_path: Path) -> None:
    spec = sladsl.load(path)
    raw = samples[path.stem]
    count_folder(raw, tmp_path / "counts", tz=spec.time_zone)
    from_raw = _measure(spec, raw)
    # The probes of some samples are hourly: inferred, the interval would be an hour.
    stated = Bindings({k: KindBinding(interval="1m") for k in ("request_counts",
                                                              "probe_counts",
                                                              "latency_buckets")})
    from_counts = _measure(spec, tmp_path / "counts", stated)
    assert from_raw.keys() == from_counts.keys()
    compared = 0
    for key, got in from_counts.items():
        if isinstance(got, str):  # the counts cannot answer this one: it says which clause
            assert got.startswith("clause "), got
            assert any(why in got for why in ("latency_buckets", "request_counts", "slower",
                                              "cannot be cut")), got
            continue
        assert got == from_raw[key], key
        compared += 1
    assert compared or not from_counts
    within = [k for k, t in _targets(spec).items() if isinstance(t, n.RequestRatioTarget)
              and t.outcome == "complete_within"]
    for key in within:  # from latency buckets: the same share as from each request
        assert not isinstance(from_counts[key], str), from_counts[key]


def test_five_minute_counts_cannot_cut_one_minute_slices(samples: dict[str, Path],
                                                          tmp_path: Path) -> None:
    spec = sladsl.load(ROOT / "specs" / "cloud-platform.sla")
    count_folder(samples["cloud-platform"], tmp_path / "counts", minutes=5,
                 tz=spec.time_zone)
    got = _measure(spec, tmp_path / "counts")
    message = got["Compute API/Monthly Availability", 0, sample_months(spec)[0]]
    assert isinstance(message, str)
    assert message.startswith("clause 3.2.1") or "clause " in message
    assert "a slice of 1m cannot be cut from request_counts counted per 5m" in message


def test_stated_interval_is_checked(samples: dict[str, Path], tmp_path: Path) -> None:
    spec = sladsl.load(ROOT / "specs" / "cloud-platform.sla")
    count_folder(samples["cloud-platform"], tmp_path / "counts", tz=spec.time_zone)
    bindings = Bindings({"request_counts": KindBinding(interval="7m")})
    got = _measure(spec, tmp_path / "counts", bindings)
    message = next(iter(got.values()))
    assert isinstance(message, str) and "not on the 7m grid" in message


@settings(max_examples=15, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 1439), st.integers(0, 30), st.integers(0, 30)),
                max_size=60),
       st.sampled_from([1, 2, 5]))
def test_generated_counts_agree_with_events(rows: list[tuple[int, int, int]], minutes: int
                                            ) -> None:
    """Random traffic in a day: the events and their counts give the same availability."""
    import tempfile

    text = ('agreement "A"\n  provider "P" called "the Provider"\n'
            '  customer "C" called "the Customer"\n\n'
            'service "S":\n  objective "Up":\n'
            '    the service shall be available at least 99.9% of the time in each calendar '
            'month.\n    availability is measured from requests.\n'
            f'    a period of {minutes * 2} minutes counts as '
            'unavailable when more than 10% of requests fail.\n'
            '  objective "Errors":\n    at most 1% of requests shall fail in each calendar '
            'month.\n')
    spec = sladsl.loads(text)
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "raw"
        raw.mkdir()
        lines = ["time,success"]
        for minute, good, bad in rows:
            for j in range(good + bad):
                lines.append(f"2026-03-02T{minute // 60:02d}:{minute % 60:02d}:{j % 60:02d}Z,"
                             f"{'true' if j < good else 'false'}")
        (raw / "requests.csv").write_text("\n".join(lines) + "\n")
        if len(lines) == 1:
            return
        count_folder(raw, Path(tmp) / "counts", minutes)
        a = _measure(spec, raw)
        b = _measure(spec, Path(tmp) / "counts",
                     Bindings({"request_counts": KindBinding(interval=f"{minutes}m")}))
        assert a == b


BUCKET_SPEC = ('agreement "A"\n  provider "P" called "the Provider"\n'
               '  customer "C" called "the Customer"\n\n'
               'service "S":\n  objective "Latency":\n'
               '    the 95th percentile of response time shall be at most 300 ms in each '
               'calendar month.\n'
               '    percentiles are computed by linear interpolation within histogram buckets.\n')


def test_percentiles_from_buckets_when_the_agreement_says_how(tmp_path: Path) -> None:
    from sladsl.fmt.command import format_text
    from sladsl.render import render

    spec = sladsl.loads(BUCKET_SPEC)
    assert "estimated from histogram buckets" in str(render(spec, "text"))
    assert "percentiles are computed by linear interpolation within histogram buckets." \
        in format_text(BUCKET_SPEC)
    # 100 requests: 60 within 0.1 s, 90 within 0.25 s, 98 within 0.5 s, all within +Inf.
    rows = ["time,le,count"]
    for minute, counts in ((0, (30, 45, 49, 50)), (1, (30, 45, 49, 50))):
        for le, c in zip(("0.1", "0.25", "0.5", "+Inf"), counts, strict=True):
            rows.append(f"2026-03-02T00:0{minute}:00Z,{le},{c}")
    (tmp_path / "latency_buckets.csv").write_text("\n".join(rows) + "\n")
    got = _measure(spec, tmp_path)
    (verdict, value, *_rest) = got["S/Latency", 0, sample_months(spec)[0]][0]  # type: ignore[index]
    # rank 95 lies in the (250, 500] ms bucket, 5 of its 8 requests in: 250 + 250 × 5/8.
    assert value == Fraction(250) + Fraction(250) * Fraction(5, 8)
    assert verdict == "missed"
    # By nearest rank within the buckets: the bound of the bucket holding rank 95.
    nearest = sladsl.loads(BUCKET_SPEC.replace("by linear interpolation within",
                                               "by nearest rank within"))
    got = _measure(nearest, tmp_path)
    assert got["S/Latency", 0, sample_months(spec)[0]][0][1] == 500  # type: ignore[index]
