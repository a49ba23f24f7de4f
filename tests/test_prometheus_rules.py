"""The Prometheus target, checked by Prometheus's own tool.

``promtool check rules`` reads the rules of every spec (and of a hostile one); ``promtool test
rules`` runs them on synthetic series: an outage pages at the minute its run becomes long
enough and not before, a slow degradation raises only the ticket, a blip shorter than the
minimum run raises nothing, credit alerts fire exactly when the period's downtime crosses a
tier, and the recorded period-to-date availability is the number ``sladsl evaluate`` gives
for the same data exported as counts.
"""

from __future__ import annotations

import json
import subprocess
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from components import which
from test_compile_hostile import hostile_spec, payloads

import sladsl
from sladsl.cli import main
from sladsl.compile import compile_spec

ROOT = Path(__file__).resolve().parent.parent
SPECS = sorted((ROOT / "specs").glob("*.sla"))

TEST_SPEC = """agreement "Rules Test"
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

  objective "Errors":
    at most 0.1% of requests shall fail in each calendar month.
    the percentage is computed over all requests together.

service credits:
  for "Availability":
    below 99.9% and at least 99.0%: 10% of the Monthly Fee.
    below 99.0%: 25% of the Monthly Fee.
  for "Errors": 5% of the Monthly Fee when missed.
"""
TOTAL = 'sla_requests_total{service="Web"}'
FAILED = 'sla_requests_failed_total{service="Web"}'


def promtool(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([which("promtool"), *args], capture_output=True, text=True,
                          timeout=300, check=False)


@pytest.mark.parametrize("path", SPECS, ids=lambda p: p.stem)
def test_promtool_checks_every_spec(path: Path, tmp_path: Path) -> None:
    out = tmp_path / "rules.yml"
    result = CliRunner().invoke(main, ["compile", str(path), "--target", "prometheus",
                                       "-o", str(out)])
    assert result.exit_code == 0, result.output
    checked = promtool("check", "rules", str(out))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    again = compile_spec(sladsl.load(path), "prometheus")
    assert again == out.read_text(encoding="utf-8"), "not deterministic"


def test_hostile_names_stay_label_values(tmp_path: Path) -> None:
    p = payloads(tmp_path / "pwned")
    p["service"] = 'Edge"} or vector(1) # {{ .Labels }} {{ $value }}'
    spec = sladsl.loads(hostile_spec(p))
    out = tmp_path / "rules.yml"
    out.write_text(compile_spec(spec, "prometheus"), encoding="utf-8")
    checked = promtool("check", "rules", str(out))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    doc = yaml.safe_load(out.read_text(encoding="utf-8"))
    rules = [r for g in doc["groups"] for r in g["rules"]]
    assert all(r["labels"]["sla_service"] == p["service"] for r in rules if "record" in r)
    alerts = [r for r in rules if "alert" in r]
    assert alerts and all("{{ .Labels }}" not in r["labels"]["sla_service"] for r in alerts)
    # Evaluated, the alert's labels give the name back exactly.
    case = _case("hostile", [(TOTAL.replace('"Web"', json.dumps(p["service"])), "0+100x120"),
                             (FAILED.replace('"Web"', json.dumps(p["service"])),
                              "0x10 100+100x100")],
                 alerts=[(60, alerts[-1]["alert"], alerts[-1])])
    case["alert_rule_test"][0]["exp_alerts"][0]["exp_labels"]["sla_service"] = p["service"]
    for key in ("clause", "summary", "measured"):
        annotations = case["alert_rule_test"][0]["exp_alerts"][0]["exp_annotations"]
        if key in annotations:
            annotations[key] = annotations[key].replace('{{"{{"}}', "{{")
    _run(tmp_path, out, [case])
    assert not (tmp_path / "pwned").exists()


@pytest.fixture(scope="module")
def rules(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, dict[str, Any]]]:
    folder = tmp_path_factory.mktemp("rules")
    (folder / "t.sla").write_text(TEST_SPEC, encoding="utf-8")
    text = compile_spec(sladsl.load(folder / "t.sla"), "prometheus")
    (folder / "rules.yml").write_text(text, encoding="utf-8")
    doc = yaml.safe_load(text)
    alerts = {r["alert"]: r for g in doc["groups"] for r in g["rules"] if "alert" in r}
    return folder / "rules.yml", alerts


def _expected(rule: dict[str, Any]) -> dict[str, Any]:
    return {"exp_labels": dict(rule["labels"]),
            "exp_annotations": dict(rule.get("annotations", {}))}


def _case(name: str, series: list[tuple[str, str]],
          alerts: list[tuple[int, str, dict[str, Any] | None]] = (),  # type: ignore[assignment]
          exprs: list[tuple[int, str, list[dict[str, Any]]]] = ()  # type: ignore[assignment]
          ) -> dict[str, Any]:
    """A promtool test case; alerts are (minute, alert name, rule expected to fire or None)."""
    return {
        "name": name, "interval": "1m",
        "input_series": [{"series": s, "values": v} for s, v in series],
        "alert_rule_test": [{"eval_time": f"{m}m", "alertname": a,
                             "exp_alerts": [_expected(r)] if r else []} for m, a, r in alerts],
        "promql_expr_test": [{"expr": e, "eval_time": f"{m}m", "exp_samples": s}
                             for m, e, s in exprs],
    }


def _run(folder: Path, rules_file: Path, cases: list[dict[str, Any]]) -> None:
    test = folder / "test.yml"
    test.write_text(json.dumps({"rule_files": [str(rules_file)], "evaluation_interval": "1m",
                                "tests": cases}, indent=1), encoding="utf-8")
    result = promtool("test", "rules", str(test))
    assert result.returncode == 0, result.stdout + result.stderr


def _sample(metric: str, value: float) -> list[dict[str, Any]]:
    labels = 'sla_id="web_availability", sla_service="Web", sla_objective="Availability", ' \
             'sla_clause="3.1.1(a)"'
    return [{"labels": f"{metric}{{{labels}}}", "value": value}]


def test_an_outage_pages_at_the_minute_its_run_is_long_enough(
        rules: tuple[Path, dict[str, dict[str, Any]]], tmp_path: Path) -> None:
    rules_file, alerts = rules
    page, warn = alerts["SlaWebAvailabilityBurnPage"], alerts["SlaWebAvailabilityCreditBudgetLow"]
    tier1, tier2 = alerts["SlaWebAvailabilityCreditTier1"], alerts["SlaWebAvailabilityCreditTier2"]
    # Every request fails in the minutes 60 to 119 (the slices that end at 61m … 120m).
    series = [(TOTAL, "0+100x300"), (FAILED, "0x60 100+100x59 6000x180")]
    minute_of_month = 44640
    allowed = Fraction(1, 1000) * minute_of_month  # 44.64 minutes before the first tier
    first_tier = 60 + int(allowed) + 1  # the downtime passes 44.64 in the slice ending at 105m
    warning = 60 + int(Fraction(3, 4) * allowed) + 1  # 33.48 → the slice ending at 94m
    assert (first_tier, warning) == (105, 94)
    case = _case("outage", series, alerts=[
        (64, page["alert"], None), (65, page["alert"], page),
        (warning - 1, warn["alert"], None), (warning, warn["alert"], warn),
        (first_tier - 1, tier1["alert"], None), (first_tier, tier1["alert"], tier1),
        (first_tier, warn["alert"], None), (180, tier2["alert"], None),
    ], exprs=[(65, "sla:downtime:slices", _sample("sla:downtime:slices", 5)),
              (180, "sla:downtime:period_to_date_slices",
               _sample("sla:downtime:period_to_date_slices", 60))])
    _run(tmp_path, rules_file, [case])


def test_a_slow_degradation_raises_only_the_ticket(
        rules: tuple[Path, dict[str, dict[str, Any]]], tmp_path: Path) -> None:
    rules_file, alerts = rules
    ticket, page = alerts["SlaWebErrorsBurnTicket"], alerts["SlaWebErrorsBurnPage"]
    # 0.4% of requests fail: 4 times the budget, under the page factors (14.4 and 6).
    series = [(TOTAL, "0+1000x600"), (FAILED, "0+4x600")]
    case = _case("degradation", series, alerts=[
        (180, ticket["alert"], ticket), (180, page["alert"], None),
        (180, "SlaWebAvailabilityBurnPage", None), (180, "SlaWebAvailabilityBurnTicket", None),
    ])
    _run(tmp_path, rules_file, [case])


def test_a_blip_shorter_than_the_minimum_run_raises_nothing(
        rules: tuple[Path, dict[str, dict[str, Any]]], tmp_path: Path) -> None:
    rules_file, alerts = rules
    series = [(TOTAL, "0+100x300"), (FAILED, "0x60 100+100x3 400x240")]
    # (The error-rate objective has no minimum run: its budget does burn.)
    checks = [(m, a, None) for m in (64, 65, 70, 120) for a in alerts
              if a.startswith("SlaWebAvailability")]
    case = _case("blip", series, alerts=checks, exprs=[
        (120, "sla:downtime:period_to_date_slices",
         _sample("sla:downtime:period_to_date_slices", 0))])
    _run(tmp_path, rules_file, [case])


def test_period_to_date_availability_is_what_evaluate_reports(
        rules: tuple[Path, dict[str, dict[str, Any]]], tmp_path: Path) -> None:
    rules_file, _alerts = rules
    # The same outage, exported as counts per minute (a row's time starts its minute).
    rows = ["time,service,total,failed"]
    for minute in range(300):
        failed = 100 if 60 <= minute < 120 else 0
        rows.append(f"1970-01-01T{minute // 60:02d}:{minute % 60:02d}:00Z,Web,100,{failed}")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "request_counts.csv").write_text("\n".join(rows) + "\n")
    result = CliRunner().invoke(main, ["evaluate", str(rules_file.parent / "t.sla"), "--data",
                                       str(tmp_path / "data"), "--period", "1970-01",
                                       "--format", "json"])
    report = json.loads(result.output)
    line = next(ln for ln in report["periods"][0]["lines"]
                if ln["objective"] == "Availability")
    exact = Fraction(line["measured_exact"]) / 100
    assert exact == 1 - Fraction(60, 44640)
    value = float(exact)
    series = [(TOTAL, "0+100x300"), (FAILED, "0x60 100+100x59 6000x180")]
    case = _case("period to date", series, exprs=[
        (300, "sla:availability:period_to_date",
         _sample("sla:availability:period_to_date", value))])
    _run(tmp_path, rules_file, [case])


def test_bindings_name_the_metrics_and_verbose_lists_the_rest(tmp_path: Path) -> None:
    (tmp_path / "b.toml").write_text(
        '[prometheus.services."Compute API"]\n'
        "total = 'http_requests_total{job=\"api\"}'\n"
        "failed = 'http_requests_total{job=\"api\", code=~\"5..\"}'\n"
        "latency_bucket = 'http_request_duration_seconds_bucket{job=\"api\"}'\n",
        encoding="utf-8")
    out = tmp_path / "rules.yml"
    result = CliRunner().invoke(main, ["compile", str(ROOT / "specs" / "cloud-platform.sla"),
                                       "--target", "prometheus", "--bindings",
                                       str(tmp_path / "b.toml"), "-o", str(out), "--verbose"])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert 'sum(increase(http_requests_total{job="api", code=~"5.."}[1m]))' in text
    assert 'le=~"0\\\\.30*"' in text and "sla_requests_total" not in text
    assert "not expressed: clause 3.2.4(a) (Support Desk / Satisfaction)" in result.output
    assert promtool("check", "rules", str(out)).returncode == 0


def test_a_bad_selector_in_the_bindings_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "b.toml").write_text(
        '[prometheus.services."Compute API"]\ntotal = "rate(x[5m])"\nfailed = "y"\n',
        encoding="utf-8")
    result = CliRunner().invoke(main, ["compile", str(ROOT / "specs" / "cloud-platform.sla"),
                                       "--target", "prometheus", "--bindings",
                                       str(tmp_path / "b.toml")])
    assert result.exit_code == 2
    assert "is not a PromQL vector selector" in result.output
