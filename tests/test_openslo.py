"""OpenSLO v1: sladsl writes documents the specification describes, and imports them back into
a .sla skeleton that validates and renders; a round trip gives the same skeleton."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

import sladsl
from sladsl.cli import main
from sladsl.compile import compile_spec
from sladsl.render import render

ROOT = Path(__file__).resolve().parent.parent
SPECS = sorted((ROOT / "specs").glob("*.sla"))

# Written from the OpenSLO v1 specification (README: SLO, SLI, Service, AlertPolicy), the way
# another tool would export them.
DOCUMENTS = """\
apiVersion: openslo/v1
kind: Service
metadata:
  name: my-rad-service
  displayName: My Rad Service
spec:
  description: This is a great description of an even better service.
---
apiVersion: openslo/v1
kind: SLI
metadata:
  name: great-sli
  displayName: Great SLI
spec:
  ratioMetric:
    counter: true
    good:
      metricSource:
        type: Prometheus
        spec:
          query: sum(http_requests_total{code!~"5.."})
    total:
      metricSource:
        type: Prometheus
        spec:
          query: sum(http_requests_total)
---
apiVersion: openslo/v1
kind: SLO
metadata:
  name: foo-slo
  displayName: Foo SLO
spec:
  service: my-rad-service
  indicatorRef: great-sli
  timeWindow:
    - duration: 28d
      isRolling: true
  budgetingMethod: Occurrences
  objectives:
    - displayName: Foo Total Errors
      target: 0.98
---
apiVersion: openslo/v1
kind: SLO
metadata:
  name: uptime
  displayName: "Uptime \\"prod\\" \\\\ edge"
spec:
  service: my-rad-service
  indicator:
    metadata:
      name: uptime-sli
    spec:
      ratioMetric:
        counter: true
        bad:
          metricSource:
            type: Prometheus
            spec:
              query: "sum(rate(errors_total[1m]))\\n# not a comment"
        total:
          metricSource:
            type: Prometheus
            spec:
              query: sum(rate(requests_total[1m]))
  timeWindow:
    - duration: 1M
      calendar:
        startTime: 2022-01-01 12:00:00
        timeZone: America/New_York
      isRolling: false
  budgetingMethod: Timeslices
  objectives:
    - displayName: Uptime
      targetPercent: 99.95
      timeSliceTarget: 0.95
      timeSliceWindow: 1m
---
apiVersion: openslo/v1
kind: AlertPolicy
metadata:
  name: AlertPolicy
spec:
  alertWhenBreaching: true
  alertWhenResolved: false
  conditions:
    - conditionRef: cpu-usage-breach
  notificationTargets:
    - targetRef: on-call-devops-mail-notification
"""


def _import(tmp_path: Path, *files: Path) -> str:
    result = CliRunner().invoke(main, ["import", "openslo", *map(str, files)])
    assert result.exit_code == 0, result.output
    return result.output


def test_documents_from_the_specification_import_into_a_valid_skeleton(tmp_path: Path) -> None:
    source = tmp_path / "slos.yaml"
    source.write_text(DOCUMENTS, encoding="utf-8")
    text = _import(tmp_path, source)
    spec = sladsl.loads(text)
    assert list(spec.services) == ["My Rad Service"]
    names = [e.objective.name for e in spec.objectives]
    assert names == ["Foo SLO", 'Uptime "prod" \\ edge']
    assert "at least 98% of requests shall succeed in each rolling 28 days." in text
    assert "the service shall be available at least 99.95% of the time in each calendar " \
           "month." in text
    assert "a minute counts as unavailable when more than 5% of requests fail." in text
    assert "time zone America/New_York" in text and "effective 2022-01-01" in text
    assert "# OpenSLO bad: sum(rate(errors_total[1m]))\\n# not a comment" in text
    assert "AlertPolicy" in text  # named as not imported
    assert "Uptime" in render(spec, "text")


@pytest.mark.parametrize("path", SPECS, ids=lambda p: p.stem)
def test_export_follows_the_specification(path: Path) -> None:
    docs = [d for d in yaml.safe_load_all(compile_spec(sladsl.load(path), "openslo")) if d]
    assert docs and all(d["apiVersion"] == "openslo/v1" for d in docs)
    names = {d["kind"]: set() for d in docs}
    for d in docs:
        name = d["metadata"]["name"]
        assert len(name) <= 63 and name.replace("-", "").isalnum() and name == name.lower()
        assert name not in names[d["kind"]]
        names[d["kind"]].add(name)
    for slo in (d for d in docs if d["kind"] == "SLO"):
        spec = slo["spec"]
        assert spec["budgetingMethod"] in ("Occurrences", "Timeslices", "RatioTimeslices")
        assert spec["indicatorRef"] in names["SLI"]
        assert spec["service"] in names["Service"]
        (window,) = spec["timeWindow"]
        assert window["isRolling"] == ("calendar" not in window)
        (objective,) = spec["objectives"]
        assert 0 < objective["targetPercent"] < 100
        if spec["budgetingMethod"] == "Timeslices":
            assert 0 < objective["timeSliceTarget"] <= 1 and objective["timeSliceWindow"]
        for ref in spec["alertPolicies"]:
            assert ref["alertPolicyRef"] in names["AlertPolicy"]


@pytest.mark.parametrize("path", SPECS, ids=lambda p: p.stem)
def test_round_trip_reaches_a_fixed_point(path: Path, tmp_path: Path) -> None:
    """spec → OpenSLO → .sla → OpenSLO → .sla: the two skeletons are the same."""
    first = tmp_path / "first.yaml"
    first.write_text(compile_spec(sladsl.load(path), "openslo"), encoding="utf-8")
    if "kind: \"SLO\"" not in first.read_text(encoding="utf-8"):
        pytest.skip("no objective OpenSLO can express")
    skeleton = _import(tmp_path, first)
    (tmp_path / "s.sla").write_text(skeleton, encoding="utf-8")
    second = tmp_path / "second.yaml"
    second.write_text(compile_spec(sladsl.load(tmp_path / "s.sla"), "openslo"),
                      encoding="utf-8")
    assert _import(tmp_path, second) == skeleton
    # Every target OpenSLO could express came through with its number and window.
    original = sladsl.load(path)
    imported = sladsl.load(tmp_path / "s.sla")
    assert {e.objective.name for e in imported.objectives} <= \
        {e.objective.name for e in original.objectives}


def test_bad_documents_name_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("apiVersion: openslo/v1\nkind: SLO\nmetadata: {name: x}\nspec:\n"
                   "  budgetingMethod: Occurrences\n  timeWindow: [{duration: 3h, "
                   "isRolling: true}]\n  objectives: [{target: 0.9}]\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["import", "openslo", str(bad)])
    assert result.exit_code == 1
    assert "bad.yaml" in result.output and "3h has no .sla form" in result.output
    broken = tmp_path / "broken.yaml"
    broken.write_text("apiVersion: openslo/v1\nkind: [\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["import", "openslo", str(broken)])
    assert result.exit_code == 1 and "broken.yaml:3" in result.output


def test_hostile_names_come_back_exactly(tmp_path: Path) -> None:
    from test_compile_hostile import hostile_spec, payloads

    p = payloads(tmp_path / "pwned")
    p["service"] = 'Edge"\nkind: Secret\n# {{ x }}: ]['
    spec = sladsl.loads(hostile_spec(p))
    docs = [d for d in yaml.safe_load_all(compile_spec(spec, "openslo")) if d]
    assert {d["kind"] for d in docs} <= {"Service", "SLI", "SLO", "AlertPolicy"}
    assert any(d["metadata"].get("displayName") == p["service"] for d in docs)
    out = tmp_path / "o.yaml"
    out.write_text(compile_spec(spec, "openslo"), encoding="utf-8")
    skeleton = _import(tmp_path, out)
    back = sladsl.loads(skeleton)
    assert list(back.services) == [p["service"]]
    assert [e.objective.name for e in back.objectives] == [p["objective"]]
