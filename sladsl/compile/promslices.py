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
from .promcredits import period_rules, slice_range, to_date, window_range
from .promql import Group, Objective, Rule, burn_rows, duration, promql_string

_OPS = {"at_least": ">=", "at_most": "<=", "more_than": ">", "less_than": "<"}


def slice_seconds(obj: n.Objective) -> int:
    for r in obj.rules:
        if isinstance(r, n.SliceRule | n.EmptySliceRule) and isinstance(r.slice, Duration):
            if r.slice.seconds:
                return int(r.slice.seconds)
    return 60


def excluded_rule(obj: Objective, group: Group, sel: dict[str, str], size: int) -> str | None:
    """``sla:slice_excluded:bool``: 1 when the bound exclusion series was 1 at a sample in the
    slice (after its start, up to its end, as probes are counted); ``None`` without one."""
    if "excluded" not in sel:
        return None
    window = slice_range(size)
    group.rules.append(Rule(
        "record", "sla:slice_excluded:bool",
        f"(max(max_over_time({sel['excluded']}[{window}])) > bool 0)\nor on() vector(0)",
        dict(obj.labels), comment="1 when the slice is excluded time (the series the bindings "
        "name as excluded was 1 in it)"))
    return f"sla:slice_excluded:bool{{sla_id={promql_string(obj.sid)}}}"


def slice_rules(obj: Objective, group: Group, source: str, sel: dict[str, str]) -> str:
    """The slice rules; returns the selector of the length the period's availability is a
    share of."""
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
        window = slice_range(size)
        total = f"sum(count_over_time({probe}[{window}]))"
        failed = f"{total} - sum(sum_over_time({probe}[{window}]))"
    excluded = excluded_rule(obj, group, sel, size)
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
    counted = f"sla:slice_counted:bool{me}"
    if excluded is not None:
        record("sla:slice_counted:bool", f"1 - {excluded}",
               "1 when the slice is not excluded (excluded time never counts as downtime)")
    if k <= 1:
        record("sla:downtime:slices", unavailable if excluded is None
               else f"{unavailable} * {counted}", "downtime: every unavailable slice")
    elif excluded is None:
        confirmed = f"min_over_time({unavailable}[{window_range(size, k)}])"
        longer = f"min_over_time({unavailable}[{window_range(size, k + 1)}])"
        record("sla:downtime:slices", f"{confirmed}\n+ {k - 1} * ({confirmed} - {longer})",
               f"downtime: runs of at least {k} slices, counted whole once they are that long")
    else:
        # A run is long enough counting excluded slices too; only its slices outside the
        # exclusions count (as sladsl evaluate: runs first, then exclusions taken out).
        confirmed = f"min_over_time({unavailable}[{window_range(size, k)}])"
        longer = f"min_over_time({unavailable}[{window_range(size, k + 1)}])"
        record("sla:downtime:slices",
               f"{longer} * {counted}\n+ ({confirmed} - {longer}) * "
               f"sum_over_time({counted}[{window_range(size, k)}])",
               f"downtime: runs of at least {k} slices, counted whole once they are that long, "
               "but not their excluded slices")
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
    if excluded is not None and _left_out(o):
        gone = to_date(obj, group, "sla:slice_excluded:bool",
                       "sla:excluded:period_to_date_slices", size,
                       "excluded slices in the period so far (left out of the measurement)")
        record("sla:period:measured_seconds", f"{length} - {gone} * {size}",
               "the period's length without its excluded time")
        length = f"sla:period:measured_seconds{me}"
    record("sla:availability:period_to_date",
           f"1 - sla:downtime:period_to_date_seconds{me} / {length}",
           "the period's availability if nothing else goes down (sladsl evaluate's number)")
    return length


def _left_out(o: n.Objective) -> bool:
    return any(isinstance(r, n.ExcludedTimeRule) and r.treatment == "left_out" for r in o.rules)


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
