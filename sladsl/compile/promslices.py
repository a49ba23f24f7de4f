"""Availability cut into slices, as Prometheus recording rules.

A rule group evaluated once per slice records, at each evaluation time *t*, the samples and
failed samples of the slice (t − slice, t], whether the slice was unavailable by the
contract's rule, and the downtime (in slices) that counts:

* without a minimum run, every unavailable slice;
* with ``downtime counts only in runs of at least k slices``, nothing until a run reaches k
  slices, then k at once, then one per further slice: a run shorter than k never counts,
  a longer one counts whole, k − 1 slices late.

The error ratio over a window W is that downtime summed over the W/slice slices before *t*,
divided by their number (missing slices count as available). Period-to-date downtime is the
sum over the current period (:mod:`sladsl.compile.promcredits`). Availability to date is
``1 − downtime ÷ the whole period's length``: what the period ends with if nothing else goes
down, and what ``sladsl evaluate`` reports from the same data.
"""

from __future__ import annotations

from fractions import Fraction

from .. import nodes as n
from ..quantities import Count, Duration, Percent, magnitude
from .promcredits import period_rules, to_date, window_range
from .promql import Group, Objective, Rule, burn_rows, duration, promql_string

_OPS = {"at_least": ">=", "at_most": "<=", "more_than": ">", "less_than": "<"}


def slice_seconds(obj: n.Objective) -> int:
    for r in obj.rules:
        if isinstance(r, n.SliceRule | n.EmptySliceRule) and isinstance(r.slice, Duration):
            if r.slice.seconds:
                return int(r.slice.seconds)
    return 60


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
        window = window_range(size, 1) if size > 1 else span
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
        confirmed = f"min_over_time({unavailable}[{window_range(size, k)}])"
        longer = f"min_over_time({unavailable}[{window_range(size, k + 1)}])"
        record("sla:downtime:slices", f"{confirmed}\n+ {k - 1} * ({confirmed} - {longer})",
               f"downtime: runs of at least {k} slices, counted whole once they are that long")
    down = f"sla:downtime:slices{me}"
    windows = sorted({w for row in _rows(obj) for w in row})
    for w in windows:
        count = w // size
        record(f"sla:sli_error:ratio_rate{duration(w)}",
               f"sum_over_time({down}[{window_range(size, count)}]) / {count}")
    length = period_rules(obj, group)
    slices = to_date(obj, group, "sla:downtime:slices", "sla:downtime:period_to_date_slices",
                     size, "downtime slices in the current period so far" if obj.cal else
                     "downtime slices in the rolling window")
    record("sla:downtime:period_to_date_seconds", f"{slices} * {size}")
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
