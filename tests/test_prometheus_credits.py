"""Period-to-date shares of requests and their credit alerts, checked by ``promtool test rules``.

The agreement's zone is UTC−1 (``Etc/GMT+1``), so its January starts at 01:00 UTC, minute 60
of Prometheus's test clock (which starts at the Unix epoch): December's failures are in the
same 31-day range as January's and must not count. The recorded period-to-date error ratio is
compared with what ``sladsl evaluate`` reports from the same data exported as counts, and each
credit alert with the minute the contract's number crosses its tier (evaluate is asked about
the minute before and the minute it fires).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from test_prometheus_rules import _case, _run

import sladsl
from sladsl import nodes as n
from sladsl.cli import main
from sladsl.compile import compile_spec

SPEC = """agreement "Credits Test"
  provider "P Ltd." called "the Provider"
  customer "C Ltd." called "the Customer"
  effective 1970-01-01
  time zone Etc/GMT+1
  currency EUR

definitions:
  "Monthly Fee" is EUR 1,000.

service "Web":
  objective "Errors":
    at most 0.1% of requests shall fail in each calendar month.
    the percentage is computed over all requests together.

  objective "Latency":
    the 95th percentile of response time shall be at most 300 ms in each calendar month.
    percentiles are computed by linear interpolation within histogram buckets.

service credits:
  for "Errors":
    above 0.1% and at most 1%: 5% of the Monthly Fee.
    above 1%: 10% of the Monthly Fee.
  for "Latency": 5% of the Monthly Fee when missed.
"""
JANUARY = 60  # 1970-01-01T00:00-01:00 in minutes since the epoch
MINUTES = 360
LABELS = {"sla_service": "Web", "sla_objective": "Errors", "sla_clause": "3.1.1(a)",
          "sla_id": "web_errors"}


def _requests(minute: int) -> tuple[int, int]:
    """(requests, failed) in a minute: many failures in December, 2 a minute from 100 on."""
    if minute < JANUARY:
        return 100, 5 if minute < 50 else 0
    return 100, 2 if minute >= JANUARY + 40 else 0


def _latency(minute: int) -> tuple[int, int, int]:
    """(within 300 ms, within 1 s, all) in a minute: slow in December and from minute 200."""
    if minute < JANUARY:
        return 50, 100, 100
    return (90, 100, 100) if minute >= JANUARY + 140 else (100, 100, 100)


def _cumulative(per_minute: list[int]) -> str:
    """A counter's values at minutes 0, 1, …: the value at t counts the minutes before t."""
    total, out = 0, [0]
    for v in per_minute:
        total += v
        out.append(total)
    return " ".join(map(str, out))


def _series() -> list[tuple[str, str]]:
    req = [_requests(m) for m in range(MINUTES)]
    lat = [_latency(m) for m in range(MINUTES)]
    bucket = 'sla_request_duration_seconds_bucket{{service="Web", le="{}"}}'
    return [('sla_requests_total{service="Web"}', _cumulative([r[0] for r in req])),
            ('sla_requests_failed_total{service="Web"}', _cumulative([r[1] for r in req])),
            (bucket.format("0.3"), _cumulative([b[0] for b in lat])),
            (bucket.format("1"), _cumulative([b[1] for b in lat])),
            (bucket.format("+Inf"), _cumulative([b[2] for b in lat]))]


@pytest.fixture(scope="module")
def compiled(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    folder = tmp_path_factory.mktemp("credits")
    (folder / "t.sla").write_text(SPEC, encoding="utf-8")
    text = compile_spec(sladsl.load(folder / "t.sla"), "prometheus")
    (folder / "rules.yml").write_text(text, encoding="utf-8")
    doc = yaml.safe_load(text)
    return folder / "rules.yml", {r["alert"]: r for g in doc["groups"] for r in g["rules"]
                                  if "alert" in r}


@pytest.fixture(scope="module")
def evaluate(compiled: tuple[Path, dict[str, Any]], tmp_path_factory: pytest.TempPathFactory
             ) -> Callable[[int], dict[str, dict[str, Any]]]:
    """January's report lines from the data of the minutes before ``until``, as counts."""
    spec = compiled[0].parent / "t.sla"

    def run(until: int) -> dict[str, dict[str, Any]]:
        data = tmp_path_factory.mktemp("data")
        rows = ["time,service,total,failed"]
        buckets = ["time,service,le,count"]
        for m in range(until):
            stamp = f"1970-01-01T{m // 60:02d}:{m % 60:02d}:00Z"
            total, failed = _requests(m)
            rows.append(f"{stamp},Web,{total},{failed}")
            for le, count in zip(("0.3", "1", "+Inf"), _latency(m), strict=True):
                buckets.append(f"{stamp},Web,{le},{count}")
        (data / "request_counts.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
        (data / "latency_buckets.csv").write_text("\n".join(buckets) + "\n", encoding="utf-8")
        result = CliRunner().invoke(main, ["evaluate", str(spec), "--data", str(data),
                                           "--period", "1970-01", "--format", "json"])
        report = json.loads(result.output)
        return {ln["objective"]: ln for ln in report["periods"][0]["lines"]}

    return run


def _crossing(share: Callable[[int], Fraction], bound: Fraction, inclusive: bool) -> int:
    """The first evaluation (minute) at which the period-to-date share passes ``bound``."""
    return next(t for t in range(JANUARY + 1, MINUTES)
                if (share(t) >= bound if inclusive else share(t) > bound))


def _failed_share(t: int) -> Fraction:
    rows = [_requests(m) for m in range(JANUARY, t)]
    return Fraction(sum(r[1] for r in rows), sum(r[0] for r in rows))


def _slow_share(t: int) -> Fraction:
    rows = [_latency(m) for m in range(JANUARY, t)]
    return Fraction(sum(r[2] - r[0] for r in rows), sum(r[2] for r in rows))


def test_period_to_date_error_ratio_is_what_evaluate_reports(
        compiled: tuple[Path, dict[str, Any]], evaluate: Callable[[int], dict[str, Any]],
        tmp_path: Path) -> None:
    rules_file, _ = compiled
    line = evaluate(MINUTES)["Errors"]
    exact = Fraction(line["measured_exact"]) / 100
    assert exact == _failed_share(MINUTES) == Fraction(2 * 260, 100 * 300)
    labels = ", ".join(f'{k}="{v}"' for k, v in LABELS.items())
    case = _case("ratio to date", _series(), exprs=[
        (MINUTES, 'sla:sli_error:ratio_period_to_date{sla_id="web_errors"}',
         [{"labels": f"sla:sli_error:ratio_period_to_date{{{labels}}}", "value": float(exact)}]),
        # December's failures are not in January's count (a rolling 31 days would hold them).
        (JANUARY + 30, 'sla:requests_failed:period_to_date_count{sla_id="web_errors"}',
         [{"labels": f"sla:requests_failed:period_to_date_count{{{labels}}}", "value": 0}]),
    ])
    _run(tmp_path, rules_file, [case])


def test_credit_tiers_of_an_error_rate_fire_when_the_share_crosses_them(
        compiled: tuple[Path, dict[str, Any]], evaluate: Callable[[int], dict[str, Any]],
        tmp_path: Path) -> None:
    rules_file, alerts = compiled
    tier1, tier2 = alerts["SlaWebErrorsCreditTier1"], alerts["SlaWebErrorsCreditTier2"]
    low = alerts["SlaWebErrorsCreditBudgetLow"]
    first = _crossing(_failed_share, Fraction(1, 1000), False)
    second = _crossing(_failed_share, Fraction(1, 100), False)
    warn = _crossing(_failed_share, Fraction(3, 4000), True)
    assert (warn, first, second) == (JANUARY + 42, JANUARY + 43, JANUARY + 81)
    # A minute earlier exactly 1% of January's requests had failed: "above 1%" is not reached.
    assert _failed_share(second - 1) == Fraction(1, 100)
    for minute, tier in ((first, "above 0.1%"), (second, "above 1%")):
        before, at = evaluate(minute - 1)["Errors"], evaluate(minute)["Errors"]
        bound = Fraction(tier.split()[1].rstrip("%"))
        assert Fraction(before["measured_exact"]) <= bound < Fraction(at["measured_exact"])
    case = _case("tiers", _series(), alerts=[
        (JANUARY + 30, tier1["alert"], None), (JANUARY + 30, low["alert"], None),
        (warn - 1, low["alert"], None), (warn, low["alert"], low),
        (first - 1, tier1["alert"], None), (first, tier1["alert"], tier1),
        (first, low["alert"], None),
        (second - 1, tier2["alert"], None), (second, tier2["alert"], tier2),
        (second, tier1["alert"], tier1),
    ])
    _run(tmp_path, rules_file, [case])


def test_a_latency_credit_owed_when_missed_fires_when_the_percentile_misses(
        compiled: tuple[Path, dict[str, Any]], evaluate: Callable[[int], dict[str, Any]],
        tmp_path: Path) -> None:
    rules_file, alerts = compiled
    missed = alerts["SlaWebLatencyCreditMissed"]
    # Missed when more than 5% of January's requests took longer than 300 ms.
    minute = _crossing(_slow_share, Fraction(5, 100), False)
    assert minute == JANUARY + 281 and _slow_share(minute - 1) == Fraction(5, 100)
    before, at = evaluate(minute - 1)["Latency"], evaluate(minute)["Latency"]
    assert (before["verdict"], at["verdict"]) == ("met", "missed")
    assert Fraction(before["measured_exact"]) == 300  # the 95th percentile is exactly 300 ms
    case = _case("latency", _series(), alerts=[
        (JANUARY + 30, missed["alert"], None),  # December was slow: not January's problem
        (minute - 1, missed["alert"], None), (minute, missed["alert"], missed)])
    _run(tmp_path, rules_file, [case])


# ---------------------------------------------------------------- exclusions

EXCLUDING = """agreement "Exclusions Test"
  provider "P Ltd." called "the Provider"
  customer "C Ltd." called "the Customer"
  effective 1970-01-01
  time zone UTC
  currency EUR

definitions:
  "Monthly Fee" is EUR 1,000.

service "Web":
  objective "Availability":
    the service shall be available at least 99.9% of the time in each calendar month.
    availability is measured from requests.
    a minute counts as unavailable when more than 5% of requests fail.
    downtime counts only in runs of at least 5 minutes.
    excluded time {treatment}.

  objective "Errors":
    at most 0.1% of requests shall fail in each calendar month.
    the percentage is computed over all requests together.

exclusions:
  scheduled maintenance announced at least 72 hours in advance.

service credits:
  for "Availability":
    below 99.9% and at least 99.0%: 10% of the Monthly Fee.
    below 99.0%: 25% of the Monthly Fee.
  for "Errors": 5% of the Monthly Fee when missed.
"""
BINDINGS = """[prometheus.services."Web"]
total = 'sla_requests_total{service="Web"}'
failed = 'sla_requests_failed_total{service="Web"}'
excluded = 'sla_maintenance{service="Web"}'
"""
MAINTENANCE = range(60, 180)  # minutes 01:00 to 03:00


def _failed_in(minute: int, outages: tuple[range, ...]) -> int:
    return 100 if any(minute in o for o in outages) else 0


@pytest.mark.parametrize("treatment", ["counts as available", "is left out of the measurement"])
def test_an_outage_inside_a_maintenance_window_burns_nothing(treatment: str, tmp_path: Path
                                                             ) -> None:
    from sladsl.evaluate.bindings import load_bindings

    (tmp_path / "t.sla").write_text(EXCLUDING.replace("{treatment}", treatment),
                                    encoding="utf-8")
    (tmp_path / "b.toml").write_text(BINDINGS, encoding="utf-8")
    text = compile_spec(sladsl.load(tmp_path / "t.sla"), "prometheus",
                        load_bindings(tmp_path / "b.toml"))
    (tmp_path / "rules.yml").write_text(text, encoding="utf-8")
    alerts = {r["alert"]: r for g in yaml.safe_load(text)["groups"] for r in g["rules"]
              if "alert" in r}
    assert "exclusions not applied" not in text
    # One outage inside the window (90 to 149), one that overruns it by 20 minutes (170-199).
    outages = (range(90, 150), range(170, 200))
    minutes = 300
    maintenance = " ".join("1" if 0 < t and t - 1 in MAINTENANCE else "0"
                           for t in range(minutes + 1))
    series = [('sla_requests_total{service="Web"}', _cumulative([100] * minutes)),
              ('sla_requests_failed_total{service="Web"}',
               _cumulative([_failed_in(m, outages) for m in range(minutes)])),
              ('sla_maintenance{service="Web"}', maintenance)]
    # What sladsl evaluate says from the same counts and the maintenance record.
    data = tmp_path / "data"
    data.mkdir()
    (data / "request_counts.csv").write_text("time,service,total,failed\n" + "".join(
        f"1970-01-01T{m // 60:02d}:{m % 60:02d}:00Z,Web,100,{_failed_in(m, outages)}\n"
        for m in range(minutes)), encoding="utf-8")
    (data / "maintenance.csv").write_text(
        "id,service,start,end,announced_at,kind\n"
        "M1,Web,1970-01-01T01:00:00Z,1970-01-01T03:00:00Z,1969-12-01T00:00:00Z,scheduled\n",
        encoding="utf-8")
    result = CliRunner().invoke(main, ["evaluate", str(tmp_path / "t.sla"), "--data", str(data),
                                       "--period", "1970-01", "--format", "json"])
    lines = {ln["objective"]: ln for ln in json.loads(result.output)["periods"][0]["lines"]}
    availability = Fraction(lines["Availability"]["measured_exact"]) / 100
    errors = Fraction(lines["Errors"]["measured_exact"]) / 100
    # The overrun is a 30-minute run, 10 of its minutes excluded; the requests of the window
    # are left out of the error rate.
    month = 44640 - (120 if "left out" in treatment else 0)
    assert availability == 1 - Fraction(20, month)
    assert errors == Fraction(20 * 100, 180 * 100)

    def sample(metric: str, objective: str, value: float) -> list[dict[str, Any]]:
        clause = {"Availability": "3.1.1(a)", "Errors": "3.1.2(a)"}[objective]
        labels = (f'sla_id="web_{objective.lower()}", sla_service="Web", '
                  f'sla_objective="{objective}", sla_clause="{clause}"')
        return [{"labels": f"{metric}{{{labels}}}", "value": value}]

    quiet = [(m, name, None) for m in (95, 120, 150, 175, 180) for name in alerts]
    case = _case("maintenance", series, alerts=quiet, exprs=[
        (180, "sla:downtime:period_to_date_slices",
         sample("sla:downtime:period_to_date_slices", "Availability", 0)),
        (180, "sla:requests_failed:period_to_date_count",
         sample("sla:requests_failed:period_to_date_count", "Errors", 0)),
        (300, "sla:availability:period_to_date",
         sample("sla:availability:period_to_date", "Availability", float(availability))),
        (300, "sla:sli_error:ratio_period_to_date",
         sample("sla:sli_error:ratio_period_to_date", "Errors", float(errors))),
    ])
    # After the window the overrun does burn: the page fires once its run is counted.
    case["alert_rule_test"].append(
        {"eval_time": "190m", "alertname": "SlaWebAvailabilityBurnPage",
         "exp_alerts": [{"exp_labels": dict(alerts["SlaWebAvailabilityBurnPage"]["labels"]),
                         "exp_annotations": dict(alerts["SlaWebAvailabilityBurnPage"]
                                                 ["annotations"])}]})
    _run(tmp_path, tmp_path / "rules.yml", [case])


@pytest.mark.parametrize("path", sorted((Path(__file__).resolve().parent.parent / "specs")
                                        .glob("*.sla")), ids=lambda p: p.stem)
def test_every_spec_with_an_exclusion_series_passes_promtool(path: Path, tmp_path: Path) -> None:
    from test_prometheus_rules import promtool

    from sladsl.evaluate.bindings import load_bindings

    spec = sladsl.load(path)
    names = sorted({e.service.name for e in spec.objectives})
    tables = "".join(
        f"[prometheus.services.{json.dumps(name)}]\n"
        f"total = 'http_requests_total{{job=\"{i}\"}}'\n"
        f"failed = 'http_requests_total{{job=\"{i}\", code=~\"5..\"}}'\n"
        f"probe_success = 'probe_success{{job=\"{i}\"}}'\n"
        f"latency_bucket = 'http_request_duration_seconds_bucket{{job=\"{i}\"}}'\n"
        f"excluded = 'sla_excluded{{job=\"{i}\"}}'\n" for i, name in enumerate(names))
    (tmp_path / "b.toml").write_text(tables, encoding="utf-8")
    text = compile_spec(spec, "prometheus", load_bindings(tmp_path / "b.toml"))
    (tmp_path / "rules.yml").write_text(text, encoding="utf-8")
    checked = promtool("check", "rules", str(tmp_path / "rules.yml"))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "exclusions not applied" not in text
    if spec.items(n.Exclusions) and "sla:slice_samples:count" in text:
        assert "sla:slice_excluded:bool" in text


def test_a_credit_for_each_full_hour_of_downtime_fires_at_the_first_hour(tmp_path: Path
                                                                         ) -> None:
    tiers = ("    below 99.9% and at least 99.0%: 10% of the Monthly Fee.\n"
             "    below 99.0%: 25% of the Monthly Fee.\n")
    text = EXCLUDING.replace("{treatment}", "counts as available").replace(
        '  for "Availability":\n' + tiers,
        '  for "Availability": 2% of the Monthly Fee for each full hour of downtime.\n')
    assert "for each full hour" in text
    (tmp_path / "t.sla").write_text(text, encoding="utf-8")
    rules = compile_spec(sladsl.load(tmp_path / "t.sla"), "prometheus")
    (tmp_path / "rules.yml").write_text(rules, encoding="utf-8")
    alert = next(r for g in yaml.safe_load(rules)["groups"] for r in g["rules"]
                 if r.get("alert") == "SlaWebAvailabilityCreditDowntimeHours")
    # 80 minutes down from minute 60: counted once the run is 5 long (at 65, five at once),
    # then one a minute; the 60th minute of downtime is the slice that ends at 120.
    outage = (range(60, 140),)
    series = [('sla_requests_total{service="Web"}', _cumulative([100] * 200)),
              ('sla_requests_failed_total{service="Web"}',
               _cumulative([_failed_in(m, outage) for m in range(200)]))]
    case = _case("hours", series, alerts=[(119, alert["alert"], None),
                                          (120, alert["alert"], alert)])
    _run(tmp_path, tmp_path / "rules.yml", [case])


def test_a_probe_slice_counts_every_probe_in_it(tmp_path: Path) -> None:
    text = EXCLUDING.replace("{treatment}", "counts as available").replace(
        "    availability is measured from requests.\n"
        "    a minute counts as unavailable when more than 5% of requests fail.\n"
        "    downtime counts only in runs of at least 5 minutes.\n",
        "    availability is measured from probes.\n"
        "    a minute counts as unavailable when more than 20% of probes fail.\n")
    assert "from probes" in text
    (tmp_path / "t.sla").write_text(text, encoding="utf-8")
    (tmp_path / "rules.yml").write_text(
        compile_spec(sladsl.load(tmp_path / "t.sla"), "prometheus"), encoding="utf-8")
    # A probe every 15 s; in minutes 60 to 69 the probe 15 s into the minute fails: one in
    # four, more than 20%, whichever part of the minute it falls in.
    values = ["0" if j % 4 == 1 and 60 <= j // 4 < 70 else "1" for j in range(4 * 90 + 1)]
    case = _case("probes", [('sla_probe_success{service="Web"}', " ".join(values))], exprs=[
        (80, 'sla:downtime:period_to_date_slices{sla_id="web_availability"}',
         [{"labels": 'sla:downtime:period_to_date_slices{sla_id="web_availability", '
                     'sla_service="Web", sla_objective="Availability", '
                     'sla_clause="3.1.1(a)"}', "value": 10}])])
    case["interval"] = "15s"
    _run(tmp_path, tmp_path / "rules.yml", [case])
