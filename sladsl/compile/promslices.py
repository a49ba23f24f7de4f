"""Availability cut into slices, as Prometheus recording rules, and the credit alerts.

A rule group evaluated once per slice records, at each evaluation time *t*, the samples and
failed samples of the slice (t − slice, t], whether the slice was unavailable by the
contract's rule, and the downtime (in slices) that counts:

* without a minimum run, every unavailable slice;
* with ``downtime counts only in runs of at least k slices``, nothing until a run reaches k
  slices, then k at once, then one per further slice: a run shorter than k never counts,
  a longer one counts whole, k − 1 slices late.

The error ratio over a window W is that downtime summed over the W/slice slices before *t*,
divided by their number (missing slices count as available). Period-to-date downtime uses
the period's number modulo 3 (see :class:`~sladsl.compile.promql.Calendar`): downtime is
recorded again under the label ``sla_phase`` of the period it falls in, and the sum over the
longest period's range of the current phase's series holds exactly the current period (the
same phase comes back only three periods later). Availability to date is
``1 − downtime ÷ the whole period's length``: what the period ends with if nothing else goes
down, and what ``sladsl evaluate`` reports from the same data.
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from .. import nodes as n
from ..quantities import Count, Duration, Percent, magnitude
from .promql import Group, Objective, Rule, burn_rows, camel, duration, number, promql_string

if TYPE_CHECKING:
    from ..model import Spec
    from ..render.english import English

_BOUND = {"less_than": "below", "at_most": "at most"}
_OPS = {"at_least": ">=", "at_most": "<=", "more_than": ">", "less_than": "<"}


def slice_seconds(obj: n.Objective) -> int:
    for r in obj.rules:
        if isinstance(r, n.SliceRule | n.EmptySliceRule) and isinstance(r.slice, Duration):
            if r.slice.seconds:
                return int(r.slice.seconds)
    return 60


def _range(seconds: int, slices: int) -> str:
    """A range holding exactly ``slices`` evaluations a slice apart (half a slice short of
    the next)."""
    total_ms = seconds * 1000 * slices - seconds * 500
    whole, ms = divmod(total_ms, 1000)
    return (duration(whole) if whole else "") + (f"{ms}ms" if ms else "")


def slice_rules(obj: Objective, group: Group, source: str, sel: dict[str, str]) -> None:
    o = obj.entry.objective
    size = slice_seconds(o)
    group.interval = size
    obj.slice_s = size
    me = f"{{sla_id={promql_string(obj.sid)}}}"
    labels = dict(obj.labels)
    span = duration(size)

    def record(name: str, expr: str, comment: str = "", extra: dict[str, str] | None = None
               ) -> None:
        group.rules.append(Rule("record", name, expr, {**labels, **(extra or {})},
                                comment=comment))

    if source == "requests":
        total = f"sum(increase({sel['total']}[{span}]))"
        failed = f"sum(increase({sel['failed']}[{span}]))" if "failed" in sel \
            else f"{total} - sum(increase({sel['good']}[{span}]))"
    else:
        probe = sel["probe_success"]
        window = _range(size, 1) if size > 1 else span
        total = f"sum(count_over_time({probe}[{window}]))"
        failed = f"{total} - sum(sum_over_time({probe}[{window}]))"
    record("sla:slice_samples:count", total, f"samples in each slice of {span}")
    record("sla:slice_failed:count", failed)
    samples, bad = f"sla:slice_samples:count{me}", f"sla:slice_failed:count{me}"
    empty = next((r.counts_as for r in o.rules if isinstance(r, n.EmptySliceRule)), "available")
    e = 1 if empty == "unavailable" else 0
    cond = _condition(o, samples, bad)
    if e:
        cond = f"clamp_max({cond} + ({samples} == bool 0), 1)"
    record("sla:slice_unavailable:bool", f"{cond}\nor on() vector({e})",
           f"1 when the slice was unavailable by the contract's rule (an empty slice: {e})")
    unavailable = f"sla:slice_unavailable:bool{me}"
    k = _min_run_slices(o, size)
    if k <= 1:
        record("sla:downtime:slices", unavailable, "downtime: every unavailable slice")
    else:
        confirmed = f"min_over_time({unavailable}[{_range(size, k)}])"
        longer = f"min_over_time({unavailable}[{_range(size, k + 1)}])"
        record("sla:downtime:slices", f"{confirmed}\n+ {k - 1} * ({confirmed} - {longer})",
               f"downtime: runs of at least {k} slices, counted whole once they are that long")
    down = f"sla:downtime:slices{me}"
    windows = sorted({w for row in _rows(obj) for w in row})
    for w in windows:
        count = w // size
        record(f"sla:sli_error:ratio_rate{duration(w)}",
               f"sum_over_time({down}[{_range(size, count)}]) / {count}")
    if obj.cal is not None:
        cal = obj.cal
        record("sla:period:phase", f"vector(({cal.index()}) % 3)",
               f"the number of the current {cal.label} in {cal.zone}, modulo 3")
        record("sla:period:length_seconds", f"vector({cal.length()})")
        record("sla:period:start_seconds", f"vector({cal.start()})")
        phase = f"sla:period:phase{me}"
        for k3 in range(3):
            record("sla:downtime_by_phase:slices", f"{down} and on() ({phase} == {k3})",
                   extra={"sla_phase": str(k3)})
        reach = _range(size, cal.longest // size)
        parts = [f"(sum_over_time(sla:downtime_by_phase:slices{{sla_id={promql_string(obj.sid)}, "
                 f"sla_phase=\"{k3}\"}}[{reach}]) and on() ({phase} == {k3}))" for k3 in range(3)]
        record("sla:downtime:period_to_date_slices",
               "sum without (sla_phase) (\n  " + "\n  or ".join(parts) + "\n)\nor on() vector(0)",
               "downtime slices in the current period so far")
        length = f"sla:period:length_seconds{me}"
    else:
        assert obj.rolling_s is not None
        record("sla:downtime:period_to_date_slices",
               f"sum_over_time({down}[{_range(size, obj.rolling_s // size)}])",
               "downtime slices in the rolling window")
        record("sla:period:length_seconds", f"vector({obj.rolling_s})")
        length = f"sla:period:length_seconds{me}"
    record("sla:downtime:period_to_date_seconds",
           f"sla:downtime:period_to_date_slices{me} * {size}")
    record("sla:availability:period_to_date",
           f"1 - sla:downtime:period_to_date_seconds{me} / {length}",
           "the period's availability if nothing else goes down (sladsl evaluate's number)")


def _rows(obj: Objective) -> list[tuple[int, int]]:
    return [(lw, sw) for _, lw, sw, _ in burn_rows(obj)]


def _condition(o: n.Objective, samples: str, bad: str) -> str:
    rule = next((r for r in o.rules if isinstance(r, n.SliceRule)), None)
    nonempty = f"({samples} > bool 0)"
    if rule is None or rule.condition == "all_probes":
        return f"({bad} >= bool {samples}) * {nonempty}"
    if rule.condition == "any_probe":
        return f"({bad} > bool 0)"
    op = _OPS[rule.comparator or "more_than"]
    if isinstance(rule.threshold, Percent):
        share = Fraction(magnitude(rule.threshold)) / 100
        return (f"({bad} * {share.denominator} {op} bool {samples} * {share.numerator}) "
                f"* {nonempty}")
    if isinstance(rule.threshold, Count):
        return f"({bad} {op} bool {int(rule.threshold.value)})"
    return f"({bad} >= bool {samples}) * {nonempty}"


def _min_run_slices(o: n.Objective, size: int) -> int:
    for r in o.rules:
        if isinstance(r, n.MinimumRunRule) and isinstance(r.length, Duration):
            seconds = int(r.length.seconds or 0)
            return max(1, -(-seconds // size))
    return 1


def credit_alerts(spec: Spec, obj: Objective, group: Group, english: English) -> None:
    """An alert for each credit tier the period's availability has fallen into, and a warning
    when most of the downtime the first tier allows is spent."""
    me = f"{{sla_id={promql_string(obj.sid)}}}"
    spent = f"sla:downtime:period_to_date_seconds{me}"
    length = f"sla:period:length_seconds{me}"
    conditions: list[tuple[Fraction, str]] = []
    for table in spec.credit_clauses(obj.entry):
        if not isinstance(table, n.TierTable):
            continue
        for i, tier in enumerate(table.tiers, 1):
            upper = next((b for b in tier.bounds if b.comparator in ("less_than", "at_most")
                          and isinstance(b.value, Percent)), None)
            if upper is None:
                continue
            bound = Fraction(magnitude(upper.value)) / 100
            allowed = 1 - bound  # the share of the period that may be down before the tier
            op = ">" if upper.comparator == "less_than" else ">="
            cond = (f"{spent} * {allowed.denominator} {op} {allowed.numerator} * {length}")
            conditions.append((bound, cond))
            clause = english.index.of(tier).number
            group.rules.append(Rule(
                "alert", f"{camel(obj.sid)}CreditTier{i}", cond,
                {**obj.labels, "severity": "ticket", "sla_alert": "credit_tier",
                 "sla_credit_clause": clause},
                {"summary": f"{obj.entry.service.name} / {obj.entry.objective.name}: "
                            f"availability this period is {_BOUND[upper.comparator]} "
                            f"{number(bound * 100)}%: a service credit is owed",
                 "clause": f"clause {clause}: {english.plain(tier)}",
                 "measured": f"clause {obj.labels['sla_clause']}: {obj.sentence}"}))
    if not conditions:
        return
    bound, first = max(conditions, key=lambda c: c[0])
    allowed = 1 - bound
    warn = WARN_SHARE * allowed
    group.rules.append(Rule(
        "alert", f"{camel(obj.sid)}CreditBudgetLow",
        f"{spent} * {warn.denominator} >= {warn.numerator} * {length}\nunless\n{first}",
        {**obj.labels, "severity": "ticket", "sla_alert": "credit_budget"},
        {"summary": f"{obj.entry.service.name} / {obj.entry.objective.name}: "
                    f"{number(WARN_SHARE * 100)}% of the downtime allowed before the first "
                    f"credit tier ({number(bound * 100)}%) is spent this period",
         "measured": f"clause {obj.labels['sla_clause']}: {obj.sentence}"}))


#: The share of the downtime the first credit tier allows at which the warning fires.
WARN_SHARE = Fraction(3, 4)
