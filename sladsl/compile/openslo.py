"""The OpenSLO target: OpenSLO v1 ``Service``, ``SLI``, ``SLO`` and ``AlertPolicy`` documents.

``sladsl compile SPEC --target openslo [--bindings FILE]`` writes one YAML stream. An
objective becomes an SLO when OpenSLO can say what it measures:

* availability cut into slices: ``budgetingMethod: Timeslices``, ``timeSliceWindow`` the
  slice, ``timeSliceTarget`` the share of requests (or probes) that must succeed for a slice
  to count as available (``more than 5% fail`` → 0.95);
* a share of requests that succeed, fail or complete within a time, and a response-time
  percentile: ``Occurrences`` over a ratio of good (or bad) to total requests;
* the window: a calendar period as ``duration: 1M`` (``1w``, ``1Q``, ``1Y``) with
  ``calendar.startTime`` the agreement's effective date and ``timeZone`` its zone, or a
  rolling ``30d``.

Metric queries come from the bindings' ``[prometheus.services]`` table (the Prometheus
target's), as ``metricSource`` of type Prometheus. The burn-rate alerts of the Prometheus
target become an ``AlertPolicy`` per SLO (one per severity, ``burnrate`` conditions with the
same factors and windows). What OpenSLO has no field for (minimum runs, empty slices,
exclusions, credits, parties) is named in the annotation ``sladsl.dev/not-expressed`` and by
``--verbose``; objectives it cannot express at all are only listed.
"""

from __future__ import annotations

import hashlib
import json
import re
from decimal import Decimal
from fractions import Fraction
from typing import Any, ClassVar

from .. import nodes as n
from ..clauses import clause_index
from ..model import Spec, availability_source
from ..quantities import Duration, Percent, magnitude
from . import Target, register
from .promql import NOMINAL_DAYS, Objective, burn_rows, duration, number

_SHORTHAND = {"week": "1w", "month": "1M", "quarter": "1Q", "year": "1Y"}


@register
class OpenSloTarget(Target):
    """OpenSLO v1 documents, one YAML stream."""

    name: ClassVar[str] = "openslo"
    suffix: ClassVar[str] = ".openslo.yaml"

    def generate(self, spec: Spec) -> str:
        from ..render.english import English
        from .prometheus import budget_of, service_selectors, services_table, why_not

        index = clause_index(spec)
        english = English(spec, index)
        extra = getattr(self.bindings, "extra", {}) if self.bindings is not None else {}
        services = services_table(extra)
        docs: list[dict[str, Any]] = []
        used: set[str] = set()
        for service in spec.services.values():
            docs.append(_doc("Service", _name(service.name, used), service.name,
                             {"description": _short(f"{service.name}, as the agreement "
                                                    f"{spec.agreement.title} describes it")}))
        service_names = {d["metadata"]["displayName"]: d["metadata"]["name"] for d in docs}
        for entry in spec.objectives:
            for target in entry.objective.targets:
                clause = index.of(target).number
                what = f"clause {clause} ({entry.service.name} / {entry.objective.name})"
                budget = budget_of(target)
                if budget is None:
                    self.notes.append(f"{what}: {why_not(entry.objective, target)}")
                    continue
                sentence = english.plain(target)
                slo_name = _name(f"{entry.service.name} {entry.objective.name}", used)
                sli = self.indicator(entry.objective, target,
                                     service_selectors(services, entry.service.name))
                if sli is None:
                    self.notes.append(f"{what}: the slice rule has no OpenSLO form")
                    continue
                sli_name = _name(slo_name + " sli", used)
                missing = _not_expressed(spec, entry.objective, target)
                if missing:
                    self.notes.append(f"{what}: OpenSLO has no field for: {', '.join(missing)}")
                docs.append(_doc("SLI", sli_name, f"{entry.objective.name} indicator",
                                 {"description": _short(f"clause {clause}: {sentence}"),
                                  **sli[0]}))
                window = getattr(target, "window", None)
                obj = Objective(entry, target, slo_name, {}, sentence, budget,
                                int(window.days) * 86400 if isinstance(window, n.RollingWindow)
                                else NOMINAL_DAYS[window.unit if isinstance(
                                    window, n.CalendarWindow) else "month"] * 86400,
                                None, None)
                policies = self.policies(obj, used, docs)
                objective: dict[str, Any] = {"displayName": entry.objective.name,
                                             "targetPercent": _target_percent(budget)}
                objective.update(sli[1])
                annotations = {"sladsl.dev/clause": clause, "sladsl.dev/sentence": sentence}
                if missing:
                    annotations["sladsl.dev/not-expressed"] = "; ".join(missing)
                docs.append(_doc("SLO", slo_name, entry.objective.name, {
                    "description": _short(f"clause {clause}: {sentence}"),
                    "service": service_names.get(entry.service.name, entry.service.name),
                    "indicatorRef": sli_name,
                    "timeWindow": [_window(spec, window)],
                    "budgetingMethod": sli[2],
                    "objectives": [objective],
                    "alertPolicies": [{"alertPolicyRef": p} for p in policies],
                }, annotations))
        head = (f"# OpenSLO v1 documents for {json.dumps(spec.agreement.title)}, generated by "
                f"sladsl from {json.dumps(spec.file)}; do not edit.\n")
        notes = "".join(f"# not expressed: {json.dumps(note)[1:-1]}\n" for note in self.notes)
        return head + notes + "".join("---\n" + to_yaml(d) for d in docs)

    def indicator(self, obj: n.Objective, target: n.Node, table: dict[str, str]
                  ) -> tuple[dict[str, Any], dict[str, Any], str] | None:
        """(SLI spec, extra objective fields, budgeting method), or ``None``."""
        def source(key: str, fallback: str) -> dict[str, Any]:
            query = table.get(key, fallback)
            return {"metricSource": {"type": "Prometheus", "spec": {"query": query}}}

        if isinstance(target, n.AvailabilityTarget):
            rule = next((r for r in obj.rules if isinstance(r, n.SliceRule)), None)
            samples = availability_source(obj)
            if rule is None or not isinstance(rule.threshold, Percent) \
                    or rule.comparator not in ("more_than", None):
                return None
            good_share = 1 - Fraction(magnitude(rule.threshold)) / 100
            size = next((int(r.slice.seconds) for r in obj.rules
                         if isinstance(r, n.SliceRule | n.EmptySliceRule)
                         and isinstance(r.slice, Duration) and r.slice.seconds), 60)
            if samples == "probes":
                metric = {"counter": False, "rawType": "success",
                          "raw": source("probe_success", "sla_probe_success")}
            else:
                metric = {"counter": True, "bad": source("failed", "sla_requests_failed_total"),
                          "total": source("total", "sla_requests_total")}
            return ({"ratioMetric": metric},
                    {"timeSliceTarget": _num(good_share), "timeSliceWindow": duration(size)},
                    "Timeslices")
        if isinstance(target, n.PercentileTarget) or (
                isinstance(target, n.RequestRatioTarget) and target.outcome == "complete_within"):
            limit = target.value if isinstance(target, n.PercentileTarget) else target.within
            assert isinstance(limit, Duration) and limit.seconds is not None
            bucket = table.get("latency_bucket", "sla_request_duration_seconds_bucket")
            le = format(limit.seconds.normalize(), "f")
            return ({"ratioMetric": {"counter": True,
                                     "good": {"metricSource": {"type": "Prometheus", "spec": {
                                         "query": _bucket(bucket, le)}}},
                                     "total": {"metricSource": {"type": "Prometheus", "spec": {
                                         "query": _bucket(bucket, "+Inf")}}}}},
                    {}, "Occurrences")
        if isinstance(target, n.RequestRatioTarget):
            metric = {"counter": True, "total": source("total", "sla_requests_total")}
            if "good" in table and "failed" not in table:
                metric["good"] = source("good", "")
            else:
                metric["bad"] = source("failed", "sla_requests_failed_total")
            return {"ratioMetric": metric}, {}, "Occurrences"
        return None

    def policies(self, obj: Objective, used: set[str], docs: list[dict[str, Any]]
                 ) -> list[str]:
        names = []
        for severity in ("page", "ticket"):
            rows = [r for r in burn_rows(obj) if r[0] == severity]
            if not rows:
                continue
            _, long_w, short_w, factor = rows[0]
            name = _name(f"{obj.sid} {severity}", used)
            docs.append(_doc("AlertPolicy", name, f"{obj.entry.objective.name} {severity}", {
                "description": _short(f"error budget burning {number(factor)}x over "
                                      f"{duration(long_w)} (and {duration(short_w)})"),
                "alertWhenNoData": False, "alertWhenResolved": True, "alertWhenBreaching": True,
                "conditions": [{"kind": "AlertCondition", "metadata": {
                    "name": _name(name + " burn", used)}, "spec": {
                    "severity": severity, "condition": {
                        "kind": "burnrate", "op": "gte", "threshold": _num(factor),
                        "lookbackWindow": duration(long_w), "alertAfter": duration(short_w)}}}],
                "notificationTargets": [{"targetRef": f"sladsl-{severity}"}]}))
            names.append(name)
        return names


def _bucket(selector: str, le: str) -> str:
    from .prometheus import with_matcher_raw
    from .promql import promql_string

    return with_matcher_raw(selector, f"le={promql_string(le)}")


def _not_expressed(spec: Spec, obj: n.Objective, target: n.Node) -> list[str]:
    out = []
    for r in obj.rules:
        if isinstance(r, n.MinimumRunRule):
            out.append("the minimum run of downtime")
        elif isinstance(r, n.EmptySliceRule):
            out.append("how slices without samples count")
        elif isinstance(r, n.ExcludedTimeRule):
            out.append("how excluded time counts")
        elif isinstance(r, n.SlowRequestRule):
            out.append("slow requests counted as failed")
    if isinstance(target, n.PercentileTarget):
        out.append("the percentile method (the SLO counts requests within the limit)")
    if spec.credit_clauses(next(e for e in spec.objectives if e.objective is obj)):
        out.append("service credits")
    if spec.items(n.Exclusions):
        out.append("exclusions")
    return out


def _window(spec: Spec, window: object) -> dict[str, Any]:
    if isinstance(window, n.RollingWindow):
        return {"duration": f"{int(window.days)}d", "isRolling": True}
    unit = window.unit if isinstance(window, n.CalendarWindow) else "month"
    term = spec.agreement.term
    start = term.effective_date if term and term.effective_date else None
    return {"duration": _SHORTHAND[unit], "calendar": {
        "startTime": f"{start or '2026-01-01'} 00:00:00", "timeZone": spec.time_zone},
        "isRolling": False}


def _target_percent(budget: Fraction) -> Decimal | float:
    return _num((1 - budget) * 100)


def _num(value: Fraction) -> Decimal | float:
    text = number(value)
    return Decimal(text) if re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", text) else float(value)


def _name(text: str, used: set[str]) -> str:
    """An RFC 1123 name (lowercase letters, digits and ``-``, at most 63 characters)."""
    base = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "sla"
    if len(base) > 54:
        base = base[:45].rstrip("-") + "-" + hashlib.sha256(text.encode()).hexdigest()[:8]
    name, i = base, 2
    while name in used:
        name, i = f"{base}-{i}", i + 1
    used.add(name)
    return name


def _short(text: str) -> str:
    return text if len(text) <= 1050 else text[:1049] + "…"


def _doc(kind: str, name: str, display: str, spec: dict[str, Any],
         annotations: dict[str, str] | None = None) -> dict[str, Any]:
    metadata: dict[str, Any] = {"name": name, "displayName": display}
    if annotations:
        metadata["annotations"] = annotations
    return {"apiVersion": "openslo/v1", "kind": kind, "metadata": metadata, "spec": spec}


def to_yaml(value: Any, indent: int = 0) -> str:
    """Block YAML for dicts, lists, strings (JSON-quoted), numbers and booleans."""
    pad = "  " * indent
    if isinstance(value, dict):
        if not value:
            return pad + "{}\n"
        out = []
        for k, v in value.items():
            key = json.dumps(str(k)) if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_./-]*", str(k)) \
                else str(k)
            if isinstance(v, dict | list) and v:
                out.append(f"{pad}{key}:\n{to_yaml(v, indent + 1)}")
            else:
                out.append(f"{pad}{key}: {_scalar(v)}\n")
        return "".join(out)
    if isinstance(value, list):
        out = []
        for item in value:
            text = to_yaml(item, indent + 1) if isinstance(item, dict | list) and item \
                else "  " * (indent + 1) + _scalar(item) + "\n"
            out.append(pad + "- " + text[len(pad) + 2:])
        return "".join(out)
    return pad + _scalar(value) + "\n"


def _scalar(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int | float | Decimal):
        return str(v)
    if isinstance(v, dict):
        return "{}"
    if isinstance(v, list):
        return "[]"
    return json.dumps(str(v), ensure_ascii=True)
