"""Period to date and credit alerts for the Prometheus target.

Every objective the rules measure records, once per slice, a count of what burns its budget
(downtime slices, failed or slow requests) and of what it is measured against (the period's
length, all requests). Summed over the *current* period they give the number ``sladsl
evaluate`` reports for the period:

* a calendar period is cut in the agreement's zone and written out as the UTC instants of its
  boundaries (:class:`~sladsl.compile.promql.Calendar`). Each slice's count is recorded again
  under the label ``sla_phase``, the number of the period it falls in modulo 3, and the sum
  over the longest period's range of the current phase's series holds exactly the current
  period: the same phase comes back only three periods later;
* a rolling window is the sum over the window's range.

A credit alert fires when the period-to-date value reaches a credit tier (for availability,
whose downtime only grows, the credit is then certain; a share of requests can still recover,
so its alert says what the period would owe if it ended now), or misses the target when the
credit is owed *when missed*; a warning fires when 75% of what the first tier allows is spent.
Every comparison is written in integers (``failed × 1000 > 1 × requests``), so an alert fires
exactly when the contract's number crosses the bound.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

from .. import nodes as n
from ..quantities import Percent, magnitude
from .promql import Group, Objective, Rule, camel, duration, number, promql_string

if TYPE_CHECKING:
    from ..model import Spec
    from ..render.english import English

#: The share of what the first credit tier allows at which the warning fires.
WARN_SHARE = Fraction(3, 4)
_WORDS = {"less_than": "below", "at_most": "at most", "more_than": "above",
          "at_least": "at least"}


def window_range(seconds: int, slices: int) -> str:
    """A range holding exactly ``slices`` evaluations a slice apart (half a slice short of
    the next)."""
    total_ms = seconds * 1000 * slices - seconds * 500
    whole, ms = divmod(total_ms, 1000)
    return (duration(whole) if whole else "") + (f"{ms}ms" if ms else "")


def slice_range(seconds: int) -> str:
    """A range holding the raw samples of one slice (t − slice, t]: a millisecond short of the
    slice, so that a sample exactly on the slice's start belongs to the slice before (ranges
    are closed at the start in Prometheus 2, open in 3)."""
    whole, ms = divmod(seconds * 1000 - 1, 1000)
    return (duration(whole) if whole else "") + (f"{ms}ms" if ms else "")


def me(obj: Objective) -> str:
    return f"{{sla_id={promql_string(obj.sid)}}}"


def period_rules(obj: Objective, group: Group) -> str:
    """The current period's number (modulo 3), start and length; the length's selector."""
    labels = dict(obj.labels)
    if obj.cal is not None:
        cal = obj.cal
        group.rules += [
            Rule("record", "sla:period:phase", f"vector(({cal.index()}) % 3)", labels,
                 comment=f"the number of the current {cal.label} in {cal.zone}, modulo 3"),
            Rule("record", "sla:period:length_seconds", f"vector({cal.length()})", labels),
            Rule("record", "sla:period:start_seconds", f"vector({cal.start()})", labels)]
    else:
        assert obj.rolling_s is not None
        group.rules.append(Rule("record", "sla:period:length_seconds",
                                f"vector({obj.rolling_s})", labels))
    return f"sla:period:length_seconds{me(obj)}"


def to_date(obj: Objective, group: Group, series: str, name: str, size: int,
            comment: str) -> str:
    """Record ``name``: the per-slice recorded ``series`` (of this objective) summed over the
    current period so far; returns its selector."""
    labels = dict(obj.labels)
    mine = f"{series}{me(obj)}"
    if obj.cal is not None:
        level, metric, ops = series.split(":")
        by_phase = f"{level}:{metric}_by_phase:{ops}"
        phase = f"sla:period:phase{me(obj)}"
        for k in range(3):
            group.rules.append(Rule("record", by_phase, f"{mine} and on() ({phase} == {k})",
                                    {**labels, "sla_phase": str(k)}))
        reach = window_range(size, obj.cal.longest // size)
        parts = [f"(sum_over_time({by_phase}{{sla_id={promql_string(obj.sid)}, "
                 f"sla_phase=\"{k}\"}}[{reach}]) and on() ({phase} == {k}))" for k in range(3)]
        expr = "sum without (sla_phase) (\n  " + "\n  or ".join(parts) + "\n)\nor on() vector(0)"
    else:
        assert obj.rolling_s is not None
        expr = f"sum_over_time({mine}[{window_range(size, obj.rolling_s // size)}])\n" \
               "or on() vector(0)"
    group.rules.append(Rule("record", name, expr, labels, comment=comment))
    return f"{name}{me(obj)}"


@dataclass(frozen=True)
class Measure:
    """What a credit alert compares: ``spent`` (downtime seconds, failed requests) against
    ``whole`` (the period's length, all requests), and how the measured value is named."""

    spent: str
    whole: str
    what: str  # "availability", "the share of failed requests" …
    failing: bool  # the measured value is the spent share itself (failed requests)
    certain: bool  # the spent count only grows with the period (downtime)


def _allowed(bound: Fraction, comparator: str, failing: bool) -> tuple[Fraction, bool] | None:
    """The share of the whole that may be spent before ``value comparator bound`` holds, and
    whether reaching it exactly already holds; ``None`` for a bound on the good side."""
    if failing and comparator in ("more_than", "at_least"):
        return bound, comparator == "at_least"
    if not failing and comparator in ("less_than", "at_most"):
        return 1 - bound, comparator == "at_most"
    return None


def _over(m: Measure, allowed: Fraction, inclusive: bool) -> str:
    op = ">=" if inclusive else ">"
    return f"{m.spent} * {allowed.denominator} {op} {allowed.numerator} * {m.whole}"


def credit_alerts(spec: Spec, obj: Objective, group: Group, english: English, m: Measure,
                  missed: tuple[Fraction, bool] | None) -> None:
    """An alert for each credit tier the period's value has reached, one for a credit owed
    when the target is missed (``missed``: the allowed share and whether reaching it misses),
    and a warning when most of what the first of them allows is spent."""
    conditions: list[tuple[Fraction, str]] = []
    name = f"{obj.entry.service.name} / {obj.entry.objective.name}"
    so_far = "" if m.certain else " so far"
    owed = "a service credit is owed" if m.certain else \
        "a service credit is owed if the period ends like this"
    measured = f"clause {obj.labels['sla_clause']}: {obj.sentence}"
    for item in spec.credit_clauses(obj.entry):
        if isinstance(item, n.MissedCredit) and missed is not None:
            allowed, inclusive = missed
            cond = _over(m, allowed, inclusive)
            conditions.append((allowed, cond))
            clause = english.index.of(item).number
            group.rules.append(Rule(
                "alert", f"{camel(obj.sid)}CreditMissed", cond,
                {**obj.labels, "severity": "ticket", "sla_alert": "credit_missed",
                 "sla_credit_clause": clause},
                {"summary": f"{name}: {m.what} this period{so_far} misses the target: {owed}",
                 "clause": f"clause {clause}: {english.plain(item)}", "measured": measured}))
        if isinstance(item, n.EventCredit) and item.event == "downtime_hour" and m.certain \
                and m.what == "availability":
            clause = english.index.of(item).number
            group.rules.append(Rule(
                "alert", f"{camel(obj.sid)}CreditDowntimeHours", f"floor({m.spent} / 3600) >= 1",
                {**obj.labels, "severity": "ticket", "sla_alert": "credit_hours",
                 "sla_credit_clause": clause},
                {"summary": f"{name}: a full hour of downtime this period or more: a service "
                            "credit is owed for each full hour (the alert's value is their "
                            "number)",
                 "clause": f"clause {clause}: {english.plain(item)}", "measured": measured}))
        if not isinstance(item, n.TierTable):
            continue
        for i, tier in enumerate(item.tiers, 1):
            found = [(b, _allowed(Fraction(magnitude(b.value)) / 100, b.comparator, m.failing))
                     for b in tier.bounds if isinstance(b.value, Percent)]
            worse = next(((b, a) for b, a in found if a is not None), None)
            if worse is None:
                continue
            bound, (allowed, inclusive) = worse
            cond = _over(m, allowed, inclusive)
            conditions.append((allowed, cond))
            clause = english.index.of(tier).number
            group.rules.append(Rule(
                "alert", f"{camel(obj.sid)}CreditTier{i}", cond,
                {**obj.labels, "severity": "ticket", "sla_alert": "credit_tier",
                 "sla_credit_clause": clause},
                {"summary": f"{name}: {m.what} this period{so_far} is "
                            f"{_WORDS[bound.comparator]} "
                            f"{number(Fraction(magnitude(bound.value)))}%: {owed}",
                 "clause": f"clause {clause}: {english.plain(tier)}", "measured": measured}))
    if not conditions:
        return
    allowed, first = min(conditions, key=lambda c: c[0])
    warn = WARN_SHARE * allowed
    group.rules.append(Rule(
        "alert", f"{camel(obj.sid)}CreditBudgetLow",
        f"{m.spent} * {warn.denominator} >= {warn.numerator} * {m.whole}\nunless\n{first}",
        {**obj.labels, "severity": "ticket", "sla_alert": "credit_budget"},
        {"summary": f"{name}: {number(WARN_SHARE * 100)}% of what the first service credit "
                    f"allows ({number(allowed * 100)}% of the "
                    f"{'period' if m.certain else 'requests'}) is spent this period",
         "measured": measured}))
