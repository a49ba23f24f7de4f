"""The Prometheus target: recording rules, burn-rate alerts and credit alerts for each objective.

``sladsl compile SPEC --target prometheus [--bindings FILE]`` writes one rules file. Each
objective Prometheus can measure gets a rule group:

* the service level indicator as an error ratio at every window its alerts need
  (``sla:sli_error:ratio_rate5m`` …, the Sloth naming), from the counters the bindings name;
* for availability cut into slices: the counts of each slice, whether the slice was
  unavailable by the contract's rule, and downtime that honours a minimum run (a run is
  counted, whole, once it is long enough; shorter blips never count);
* multi-window, multi-burn-rate alerts (page: 1 h/5 m and 6 h/30 m; ticket: 1 d/2 h and
  3 d/6 h, after the Google SRE Workbook) with factors derived from the contract's own
  period and target: ``burn = share of budget × period ÷ long window``;
* for calendar periods, the period's boundaries in the agreement's zone and the period to
  date (:mod:`~sladsl.compile.promcredits`): downtime and availability
  (``sla:availability:period_to_date``: the availability the period ends with if nothing else
  goes down), or the requests of each minute summed since the period's start
  (``sla:sli_error:ratio_period_to_date``), which is what ``sladsl evaluate`` reports from the
  same data; an alert for every credit tier reached, one for a credit owed when the objective
  is missed, and a warning when 75% of what the first allows is spent;
* exclusions from a series the bindings name (``excluded``, 1 while time is excluded):
  excluded slices are never downtime and their requests leave the shares. Without one the
  agreement's exclusions are listed as not applied.

Every rule carries the service, objective and clause number in its labels and every alert the
contract's sentence in its annotations. Metric names come from the bindings, never from the
contract (``[prometheus.services."Compute API"]`` with ``total``, ``failed`` or ``good``,
``probe_success``, ``latency_bucket``, ``excluded``); without a table the documented defaults
(``sla_requests_total{service="…"}`` …) are used. What the rules cannot express is listed at
the top of the file and by ``--verbose``.
"""

from __future__ import annotations

import re
from datetime import date
from fractions import Fraction
from typing import Any, ClassVar

from .. import __version__
from .. import nodes as n
from ..clauses import clause_index
from ..errors import Diagnostic, SlaUsageError, Span
from ..model import ObjectiveEntry, Spec, availability_source
from ..quantities import Duration, Percent, magnitude
from . import Target, register
from .promcredits import Measure, credit_alerts, period_rules, to_date, window_range
from .promql import (
    NOMINAL_DAYS,
    Calendar,
    Group,
    Objective,
    Rule,
    burn_rows,
    calendar,
    camel,
    duration,
    le_matcher,
    number,
    promql_string,
    selector,
    template_safe,
    with_matcher,
    yaml_string,
)
from .promslices import excluded_rule, slice_rules
from .writer import CodeWriter

_YEARS_AHEAD = 5


@register
class PrometheusTarget(Target):
    """Prometheus recording and alerting rules (``promtool check rules`` reads them)."""

    name: ClassVar[str] = "prometheus"
    suffix: ClassVar[str] = ".rules.yml"

    def generate(self, spec: Spec) -> str:
        from ..render.english import English

        self.spec = spec
        self.index = clause_index(spec)
        self.english = English(spec, self.index)
        self.services: dict[str, Any] = services_table(self.bindings_extra())
        groups: list[Group] = []
        self.notes = []
        self.excl_noted: set[str] = set()
        used: set[str] = set()
        for entry in spec.objectives:
            for target in entry.objective.targets:
                group = self.objective_group(entry, target, used)
                if group is not None:
                    groups.append(group)
        return self.write(groups)

    def bindings_extra(self) -> dict[str, Any]:
        bindings = getattr(self, "bindings", None)
        return getattr(bindings, "extra", {}) if bindings is not None else {}

    # ---- planning

    def objective_group(self, entry: ObjectiveEntry, target: n.Node, used: set[str]
                        ) -> Group | None:
        clause = self.index.of(target).number
        what = f"clause {clause} ({entry.service.name} / {entry.objective.name})"
        budget = budget_of(target)
        if budget is None:
            self.notes.append(f"{what}: {why_not(entry.objective, target)}")
            return None
        window = getattr(target, "window", None)
        cal: Calendar | None = None
        rolling_s: int | None = None
        if isinstance(window, n.RollingWindow):
            rolling_s = int(window.days) * 86400
            period_s = rolling_s
        else:
            unit = window.unit if isinstance(window, n.CalendarWindow) else "month"
            cal = self.calendar(unit)
            period_s = NOMINAL_DAYS[unit] * 86400
        sid = _slug(f"{entry.service.name} {entry.objective.name}", used)
        labels = {"sla_id": sid, "sla_service": entry.service.name,
                  "sla_objective": entry.objective.name, "sla_clause": clause}
        obj = Objective(entry, target, sid, labels, self.english.plain(target), budget,
                         period_s, cal, rolling_s)
        group = Group(f"sla-{sid}", 60, f"clause {clause}: {obj.sentence}")
        if isinstance(target, n.AvailabilityTarget):
            self.slice_rules(obj, group)
        else:
            self.ratio_rules(obj, group)
        self.burn_alerts(obj, group, what)
        return group

    def calendar(self, unit: str) -> Calendar:
        term = self.spec.agreement.term
        first = (term.effective_date if term else None) or date(2026, 1, 1)
        last = (term.until_date if term and term.until_date and not term.renewal else None) \
            or date(first.year + _YEARS_AHEAD, first.month, 1)
        return calendar(unit, self.spec.time_zone, first, last)

    def selectors(self, service: str) -> dict[str, str]:
        return service_selectors(self.services, service)

    def _failed_ratio(self, obj: Objective, window: str) -> str:
        """The error ratio of requests over a PromQL range."""
        sel = self.selectors(obj.entry.service.name)
        target = obj.target
        if isinstance(target, n.PercentileTarget) or (
                isinstance(target, n.RequestRatioTarget) and target.outcome == "complete_within"):
            limit = target.value if isinstance(target, n.PercentileTarget) else target.within
            assert isinstance(limit, Duration) and limit.seconds is not None
            bucket = self._need(sel, "latency_bucket", obj)
            fast = with_matcher_raw(bucket, le_matcher(limit.seconds))
            every = with_matcher(bucket, "le", "+Inf")
            return (f"1 - sum(rate({fast}[{window}])) / sum(rate({every}[{window}]))")
        total = self._need(sel, "total", obj)
        if "failed" in sel:
            return f"sum(rate({sel['failed']}[{window}])) / sum(rate({total}[{window}]))"
        return f"1 - sum(rate({self._need(sel, 'good', obj)}[{window}])) / " \
               f"sum(rate({total}[{window}]))"

    def _need(self, sel: dict[str, str], key: str, obj: Objective) -> str:
        if key not in sel:
            raise SlaUsageError([Diagnostic(
                "E911", "error", f'[prometheus.services."{obj.entry.service.name}"] has no '
                f"{key} for clause {obj.labels['sla_clause']}", Span.point("<bindings>", 1, 1),
                f'{key} = \'metric_name{{job="…"}}\'')])
        return sel[key]

    def ratio_rules(self, obj: Objective, group: Group) -> None:
        sel = self.selectors(obj.entry.service.name)
        labels = dict(obj.labels)
        if "excluded" not in sel:
            for w in self.windows(obj):
                group.rules.append(Rule("record", f"sla:sli_error:ratio_rate{duration(w)}",
                                        self._failed_ratio(obj, duration(w)), labels))
        samples, failed = self._slice_counts(obj)
        excluded = excluded_rule(obj, group, sel, 60)
        if excluded is not None:
            samples = f"({samples})\nunless on() ({excluded} == 1)"
            failed = f"({failed})\nunless on() ({excluded} == 1)"
        self.exclusion_note(obj, sel)
        group.rules += [
            Rule("record", "sla:slice_samples:count", samples, labels,
                 comment="requests in each slice of 1m, and those that count against the "
                         "objective"),
            Rule("record", "sla:slice_failed:count", failed, labels)]
        if excluded is not None:
            # Burn rates from the slices, so that excluded time burns nothing.
            me = f"{{sla_id={promql_string(obj.sid)}}}"
            for w in self.windows(obj):
                reach = window_range(60, w // 60)
                group.rules.append(Rule(
                    "record", f"sla:sli_error:ratio_rate{duration(w)}",
                    f"sum_over_time(sla:slice_failed:count{me}[{reach}])\n/ "
                    f"sum_over_time(sla:slice_samples:count{me}[{reach}])", labels))
        period_rules(obj, group)
        whole = to_date(obj, group, "sla:slice_samples:count", "sla:requests:period_to_date_count",
                        60, "requests in the current period so far")
        spent = to_date(obj, group, "sla:slice_failed:count",
                        "sla:requests_failed:period_to_date_count", 60,
                        "requests that count against the objective, in the period so far")
        group.rules.append(Rule(
            "record", "sla:sli_error:ratio_period_to_date", f"{spent} / {whole}", labels,
            comment="their share: the period's number so far (sladsl evaluate's, from the "
                    "same counts)"))
        if self.inexact_note(obj):
            return
        target = obj.target
        missed = None
        if not isinstance(target, n.PercentileTarget) or target.comparator == "at_most":
            missed = (obj.budget, getattr(target, "comparator", "") in ("more_than", "less_than"))
        failing = isinstance(target, n.RequestRatioTarget) and target.outcome == "fail"
        credit_alerts(self.spec, obj, group, self.english,
                      Measure(spent, whole, _measure_words(target), failing, obj.cal is not None),
                      missed)

    def _slice_counts(self, obj: Objective) -> tuple[str, str]:
        """The requests of the slice that ends at each evaluation, and those that count against
        the objective (failed; slower than the limit)."""
        sel = self.selectors(obj.entry.service.name)
        target = obj.target
        if isinstance(target, n.PercentileTarget) or (
                isinstance(target, n.RequestRatioTarget) and target.outcome == "complete_within"):
            limit = target.value if isinstance(target, n.PercentileTarget) else target.within
            assert isinstance(limit, Duration) and limit.seconds is not None
            bucket = self._need(sel, "latency_bucket", obj)
            every = f"sum(increase({with_matcher(bucket, 'le', '+Inf')}[1m]))"
            fast = with_matcher_raw(bucket, le_matcher(limit.seconds))
            return every, f"{every} - (sum(increase({fast}[1m])) or on() vector(0))"
        total = f"sum(increase({self._need(sel, 'total', obj)}[1m]))"
        if "failed" in sel:
            return total, f"sum(increase({sel['failed']}[1m])) or on() vector(0)"
        good = self._need(sel, "good", obj)
        return total, f"{total} - (sum(increase({good}[1m])) or on() vector(0))"

    def inexact(self, obj: Objective) -> str:
        """Why the period's number from the counters is not the contract's, or ''."""
        o, target = obj.entry.objective, obj.target
        for r in o.rules:
            if isinstance(r, n.SlowRequestRule):
                return (f"a request that takes longer than {r.limit} counts as failed, and the "
                        "counters cannot tell how many failed requests were also slow (the "
                        "rules count failed requests only)")
            if isinstance(r, n.AggregationRule) and r.method == "averaged":
                return (f"the percentage is an average of the percentages for each "
                        f"{r.per or 'day'} (the rules pool the requests)")
            if isinstance(r, n.IntervalAverageRule):
                return "availability is an average of per-interval error rates"
            if isinstance(r, n.PercentileMethodRule) and r.method == "linear_interpolation":
                return ("percentiles are interpolated between requests, which a histogram "
                        "cannot give")
        if isinstance(target, n.PercentileTarget) and target.comparator != "at_most":
            return ("a percentile below a limit needs the bucket under the limit, which the "
                    "rules do not know")
        return ""

    def exclusion_note(self, obj: Objective, sel: dict[str, str]) -> None:
        """Name the agreement's exclusions the rules do not apply: all of them, unless the
        bindings name a series that is 1 while the service's time is excluded."""
        items = [x for x in self.spec.items(n.Exclusions) if not isinstance(x, n.Prose)]
        service = obj.entry.service.name
        if not items or service in self.excl_noted:
            return
        self.excl_noted.add(service)
        if "excluded" in sel:
            if any(isinstance(x, n.MaintenanceExclusion) for x in items):
                self.notes.append(
                    f'service "{service}": exclusions are the slices where '
                    f"{sel['excluded']} is 1; the maintenance notice and allowance are not "
                    "checked by the rules (the series must be 1 only for time the agreement "
                    "excludes)")
            return
        listed = "; ".join(f"clause {self.index.of(x).number} ({_EXCLUSION[type(x)]})"
                           for x in items)
        self.notes.append(f'service "{service}": exclusions not applied (they depend on '
                          f"records Prometheus does not have): {listed}; bind a series that is "
                          f'1 while time is excluded as excluded in [prometheus.services."'
                          f'{service}"]')

    def inexact_note(self, obj: Objective) -> bool:
        """Note an objective the counters measure only approximately (and that its credits
        get no alerts); ``True`` when it is one."""
        why = self.inexact(obj)
        if why:
            credits = [c for c in self.spec.credit_clauses(obj.entry)
                       if isinstance(c, n.TierTable | n.MissedCredit)]
            self.notes.append(f"{self.what(obj)}: measured approximately: {why}"
                              + ("; no credit alerts" if credits else ""))
        return bool(why)

    def what(self, obj: Objective) -> str:
        return (f"clause {obj.labels['sla_clause']} ({obj.entry.service.name} / "
                f"{obj.entry.objective.name})")

    def windows(self, obj: Objective) -> list[int]:
        rows = burn_rows(obj)
        return sorted({w for _, long_w, short_w, _ in rows for w in (long_w, short_w)})

    # ---- availability from slices

    def slice_rules(self, obj: Objective, group: Group) -> None:
        sel = self.selectors(obj.entry.service.name)
        source = availability_source(obj.entry.objective)
        need = ("total", "failed" if "failed" in sel or "good" not in sel else "good") \
            if source == "requests" else ("probe_success",)
        for key in need:
            self._need(sel, key, obj)
        whole = slice_rules(obj, group, source, sel)
        self.exclusion_note(obj, sel)
        if self.inexact_note(obj):
            return
        me = f"{{sla_id={promql_string(obj.sid)}}}"
        target = obj.target
        credit_alerts(self.spec, obj, group, self.english,
                      Measure(f"sla:downtime:period_to_date_seconds{me}", whole,
                              "availability", False, obj.cal is not None),
                      (obj.budget, getattr(target, "comparator", "") == "more_than"))

    # ---- alerts

    def burn_alerts(self, obj: Objective, group: Group, what: str) -> None:
        rows = burn_rows(obj)
        sel = f"{{sla_id={promql_string(obj.sid)}}}"
        for severity in ("page", "ticket"):
            mine = [r for r in rows if r[0] == severity]
            if not mine:
                self.notes.append(f"{what}: no {severity} alert: the period is too short for "
                                  "its windows")
                continue
            parts = [f"(\n  sla:sli_error:ratio_rate{duration(lw)}{sel} > "
                     f"({number(f)} * {number(obj.budget)})\n  and\n  "
                     f"sla:sli_error:ratio_rate{duration(sw)}{sel} > "
                     f"({number(f)} * {number(obj.budget)})\n)" for _, lw, sw, f in mine]
            burn = " or ".join(f"{number(f)}x over {duration(lw)} and {duration(sw)}"
                               for _, lw, sw, f in mine)
            group.rules.append(Rule(
                "alert", camel(obj.sid) + ("BurnPage" if severity == "page" else "BurnTicket"),
                "\n".join([" or\n".join(parts)]),
                {**obj.labels, "severity": severity, "sla_alert": "burn_rate"},
                {"summary": f"{obj.entry.service.name} / {obj.entry.objective.name}: the error "
                            f"budget is burning {burn}",
                 "clause": f"clause {obj.labels['sla_clause']}: {obj.sentence}",
                 "budget": f"error budget {number(obj.budget * 100)}% of the "
                           f"{'rolling window' if obj.rolling_s else 'period'}"}))

    # ---- writing

    def write(self, groups: list[Group]) -> str:
        w = CodeWriter(unit="  ")
        w.comment(f"Prometheus rules for {self.spec.agreement.title}, generated by sladsl "
                  f"{__version__} from {self.spec.file} (sha256 {self.spec.sha256[:12]}); do "
                  "not edit: compile the spec again (sladsl compile SPEC --target prometheus).")
        if not self.services:
            w.comment("No [prometheus.services] table in the bindings: the default metric names "
                      "are used (sla_requests_total, sla_requests_failed_total, "
                      "sla_probe_success, sla_request_duration_seconds_bucket, each with a "
                      "service label).")
        if self.notes:
            w.comment("Not expressed in these rules (sladsl evaluate judges them):")
            for note in self.notes:
                w.comment("- " + note)
        w.writeline("groups:" if groups else "groups: []")
        for g in groups:
            w.indent()
            w.blank()
            w.comment(g.comment)
            w.writeline(f"- name: {yaml_string(g.name)}")
            w.indent()
            w.writeline(f"interval: {duration(g.interval)}")
            w.writeline("rules:")
            for r in g.rules:
                _write_rule(w, r)
            w.outdent()
            w.outdent()
        return w.getvalue()


def _write_rule(w: CodeWriter, r: Rule) -> None:
    if r.comment:
        w.comment(r.comment)
    w.writeline(f"- {r.kind}: {yaml_string(r.name)}")
    w.indent()
    _block(w, "expr", r.expr)
    alert = r.kind == "alert"
    for key, values in (("labels", r.labels), ("annotations", r.annotations)):
        if values:
            w.writeline(f"{key}:")
            w.indent()
            for k, v in values.items():
                w.writeline(f"{k}: {yaml_string(template_safe(v) if alert else v)}")
            w.outdent()
    w.outdent()


def _block(w: CodeWriter, key: str, text: str) -> None:
    """A YAML literal block for readable PromQL, a quoted scalar if the text needs one."""
    lines = text.split("\n")
    if all(line.isprintable() and line == line.rstrip() for line in lines) \
            and not lines[0].startswith(" "):
        w.writeline(f"{key}: |-")
        w.indent()
        for line in lines:
            w.lines.append(w.unit * w.level + line if line else "")
        w.outdent()
    else:
        w.writeline(f"{key}: {yaml_string(text)}")


def service_selectors(services: dict[str, Any], service: str) -> dict[str, str]:
    """The selectors of a service: from ``[prometheus.services."NAME"]``, else the defaults
    (documented metric names with a ``service`` label holding the name, escaped)."""
    table = services.get(service)
    where = f'[prometheus.services."{service}"]'
    if table is None:
        return {"total": with_matcher("sla_requests_total", "service", service),
                "failed": with_matcher("sla_requests_failed_total", "service", service),
                "probe_success": with_matcher("sla_probe_success", "service", service),
                "latency_bucket": with_matcher("sla_request_duration_seconds_bucket",
                                               "service", service)}
    return {k: selector(str(v), f"{where} {k}") for k, v in table.items()
            if k in ("total", "failed", "good", "probe_success", "latency_bucket", "excluded")}


def with_matcher_raw(sel: str, matcher: str) -> str:
    """``sel`` with one more matcher written already (``le=~"…"``)."""
    if sel.endswith("}"):
        inner = sel[sel.index("{") + 1:-1].strip()
        return sel[:sel.index("{")] + "{" + (inner + ", " if inner else "") + matcher + "}"
    return sel + "{" + matcher + "}"


def services_table(extra: dict[str, Any]) -> dict[str, Any]:
    table = extra.get("prometheus", {})
    services = table.get("services", {}) if isinstance(table, dict) else {}
    return services if isinstance(services, dict) else {}


def budget_of(target: n.Node) -> Fraction | None:
    """The error budget of a target as a share (0.0005 for 99.95%), or ``None`` when the
    rules cannot measure it."""
    if isinstance(target, n.AvailabilityTarget) and isinstance(target.value, Percent):
        if target.comparator in ("at_least", "more_than"):
            return 1 - Fraction(magnitude(target.value)) / 100
        return None
    if isinstance(target, n.RequestRatioTarget) and isinstance(target.value, Percent):
        share = Fraction(magnitude(target.value)) / 100
        if target.outcome == "fail" and target.comparator in ("at_most", "less_than"):
            return share
        if target.outcome in ("succeed", "complete_within") and target.comparator in (
                "at_least", "more_than"):
            if target.outcome == "complete_within" and not isinstance(target.within, Duration):
                return None
            return 1 - share
        return None
    if isinstance(target, n.PercentileTarget) and target.metric == "response time" \
            and target.comparator in ("at_most", "less_than") \
            and isinstance(target.value, Duration) and target.value.seconds is not None:
        return 1 - Fraction(target.percentile) / 100
    return None


_EXCLUSION = {n.MaintenanceExclusion: "maintenance", n.ForceMajeureExclusion: "force majeure",
              n.CausedByExclusion: "incidents caused by a party",
              n.LateReportExclusion: "incidents reported late"}


def _measure_words(target: n.Node) -> str:
    if isinstance(target, n.RequestRatioTarget):
        if target.outcome == "complete_within":
            return f"the share of requests within {target.within}"
        return {"fail": "the share of failed requests",
                "succeed": "the share of successful requests"}[target.outcome]
    if isinstance(target, n.PercentileTarget):
        return f"the share of requests within {target.value}"
    return "the measured value"


def why_not(obj: n.Objective, target: n.Node) -> str:
    if isinstance(target, n.AvailabilityTarget) and availability_source(obj) == "incidents":
        return "availability measured from recorded incidents, which no metric holds"
    if isinstance(target, n.TicketTimeTarget | n.TicketRatioTarget | n.ClosureRateTarget):
        return "a ticket clock (business hours, pauses), which no metric keeps"
    if isinstance(target, n.NpsTarget | n.ScoreRatioTarget) or (
            isinstance(target, n.PercentileTarget | n.AverageTarget)
            and target.metric == "satisfaction score"):
        return "a survey measure, which no metric holds"
    return f"a {type(target).__name__} of this form has no error budget the rules can burn"


def _slug(text: str, used: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_") or "objective"
    slug, i = base, 2
    while slug in used:
        slug, i = f"{base}_{i}", i + 1
    used.add(slug)
    return slug



