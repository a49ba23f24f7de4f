"""Availability as 100% minus the average of the error rates of each interval.

``availability is 100% minus the average of the error rates of each interval of 5 minutes``:
the window is cut into intervals of that length aligned on its start (the last one is shorter
when the window is not a whole number of intervals). Each interval's error rate is its failed
requests (or probes) divided by all of them; a request also fails when it is slower than the
spec's ``a request counts as failed when it takes longer than …``. Then

    availability = 100% − Σ wᵢ·eᵢ ÷ Σ wᵢ

where wᵢ is the interval's length, so equal intervals weigh the same (the plain average) and
a partial interval at the window's edge weighs exactly its share. Computed as a fraction of
integers, without rounding.

* An interval with no requests has an error rate of 0% (the usual published rule, and the
  default of ``a … without requests counts as available``); ``… counts as unavailable`` makes
  it 100%, ``… counts as excluded`` leaves it out of the average.
* Requests in excluded time (qualifying maintenance, excluded incidents) are not counted.
  With ``excluded time is left out of the measurement`` the excluded time is also taken out of
  each interval's weight; otherwise (the default) an interval wholly in excluded time has an
  error rate of 0%.
* Time that counts as downtime whatever the requests say (maintenance announced too late or
  beyond its allowance) has an error rate of 100%: an interval with d such minutes of its w
  contributes d + (w − d)·eᵢ.

For fee multiples and hour credits the line carries the equivalent downtime Σ wᵢ·eᵢ.
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from .. import nodes as n
from ..quantities import Duration
from .context import portable, service_where
from .onepass import Grouped, relation
from .periods import Period, from_us
from .results import Budget, Exclusion, Line, judge, shown
from .timeline import clip, merge, subtract, total

if TYPE_CHECKING:
    from ..model import ObjectiveEntry
    from .context import Context


def interval_us(r: n.IntervalAverageRule) -> int:
    seconds = r.interval.seconds if isinstance(r.interval, Duration) else None
    return int((seconds or 60) * 1_000_000)


def interval_average(ctx: Context, entry: ObjectiveEntry, r: n.IntervalAverageRule,
                     source: str, bad: str, window: Period, line: Line) -> Line:
    """Fills ``line`` (an availability line) with the interval-average availability."""
    from .aggregates import COUNTS, check_slices, from_counts, sample_sums, window_where

    obj = entry.objective
    size = interval_us(r)
    start, end = window.start_us, window.end_us
    counted = source in COUNTS and from_counts(ctx, source)
    if counted:  # counts per interval: exact when their interval divides this one
        slow = next((x for x in obj.rules if isinstance(x, n.SlowRequestRule)), None)
        check_slices(ctx, entry, source, size, window, slow)
    else:
        ctx.data.need(source, why=f'"{obj.name}"')
    table, all_sql, bad_sql, nonzero, _grouped = sample_sums(ctx, source, bad, size)
    count = -(-(end - start) // size)
    excl_set = ctx.exclusions.of(entry.service.name).within(start, end)
    excluded = merge(excl_set.excluded_intervals(start, end))
    empty_rule = next((x for x in obj.rules if isinstance(x, n.EmptySliceRule)), None)
    empty_as = empty_rule.counts_as if empty_rule is not None else "available"
    treatment = next((x for x in obj.rules if isinstance(x, n.ExcludedTimeRule)), None)
    left_out = treatment is not None and treatment.treatment == "left_out"
    forced = subtract(merge(excl_set.downtime_intervals(start, end)), excluded)
    if counted:
        where = window_where(ctx, table, entry, window)  # also refuses split intervals
    else:
        where = (f"time >= {start} AND time < {end} AND "
                 f"{service_where(ctx, source, entry.service.name)}" + "".join(
                     f" AND NOT (time >= {a} AND time < {b})" for a, b in excluded))
    if portable(ctx):  # the reference statement, as compiled
        query = (f"SELECT (time - {start}) // {size} AS i, {all_sql}, {bad_sql} FROM {table} "
                 f"WHERE {where}{f' AND {nonzero}' if counted else ''} GROUP BY 1 ORDER BY 1")
    else:  # (raw samples of a large file: answered by its one pass)
        sums = Grouped(table, (("i", f"(time - {start}) // {size}"),),
                       (("n", all_sql), ("bad", bad_sql)),
                       f"{where} AND {nonzero}" if counted else where)
        query = f"SELECT i, n, bad FROM {relation(ctx, sums)} ORDER BY 1"
    rows = [row for row in ctx.con.execute(query).fetchall() if int(row[1])]

    def bounds(i: int) -> tuple[int, int]:
        return start + i * size, min(end, start + (i + 1) * size)

    def weight(i: int) -> int:
        a, b = bounds(i)
        return b - a - (total(clip(excluded, a, b)) if left_out else 0)

    def down(i: int) -> int:
        return total(clip(forced, *bounds(i))) if forced else 0

    whole = (end - start) - (total(excluded) if left_out else 0)  # Σ wᵢ over every interval
    by_total: dict[int, int] = {}  # requests in an interval → Σ wᵢ·failedᵢ over such intervals
    nonempty_weight = nonempty_down = samples = failed = 0
    worst: list[tuple[Fraction, int]] = []
    for i, t, f in rows:
        i, t, f = int(i), int(t), int(f)
        w, d = weight(i), down(i)
        nonempty_weight, nonempty_down = nonempty_weight + w, nonempty_down + d
        samples, failed = samples + t, failed + f
        if f:
            by_total[t] = by_total.get(t, 0) + (w - d) * f
            worst.append((Fraction(f, t), i))
    error = sum((Fraction(v, t) for t, v in by_total.items()), Fraction(0)) + total(forced)
    empty_weight = whole - nonempty_weight
    if empty_as == "unavailable":
        # An interval wholly in excluded time counts as available, not as an empty one; the
        # forced downtime in empty intervals is already counted.
        nonempty = {int(row[0]) for row in rows}
        covered = sum(b - a for i in _inside(excluded, start, end, size, count)
                      if i not in nonempty for a, b in [bounds(i)])
        error += empty_weight - (0 if left_out else covered) - (total(forced) - nonempty_down)
    measured = whole - (empty_weight if empty_as == "excluded" else 0)
    line.details.update({
        "source": source, "formula": "100% minus the average of the error rates of each "
        f"interval of {shown(Fraction(size, 60_000_000), places=3)} min",
        "intervals": str(count), "intervals with " + source: str(len(rows)),
        "empty intervals": f"{count - len(rows)} (error rate "
        + {"available": "0%)", "unavailable": "100%)", "excluded": "left out)"}[empty_as],
        source: str(samples), "failed " + source: str(failed),
        "excluded time": f"{shown(Fraction(total(excluded), 60_000_000), places=2)} min "
        + ("left out" if left_out else "counted as available"),
    })
    line.exclusions = list(excl_set.excluded) + [
        Exclusion("counts as downtime: " + e.reason, e.ref, e.minutes, e.clause, e.start_us,
                  e.end_us) for e in excl_set.downtime]
    if forced:
        line.details["downtime whatever the requests"] = \
            f"{shown(Fraction(total(forced), 60_000_000), places=2)} min"
    if measured <= 0:
        line.note = "the whole window was left out of the measurement"
        return judge(line, None)
    average = error / measured
    line.details["average error rate"] = shown(average * 100, places=6) + "%"
    line.downtime_us = int(error)  # equivalent downtime, for fee multiples and hour credits
    line.period_us = measured
    judge(line, (1 - average) * 100)
    line.budget = Budget("minutes", (100 - Fraction(line.goal or 0)) / 100
                         * Fraction(measured, 60_000_000), error / 60_000_000)
    line.worst = [
        {"start": from_us(bounds(i)[0], ctx.tz).isoformat(),
         "end": from_us(bounds(i)[1], ctx.tz).isoformat(),
         "error rate": shown(rate * 100, places=2) + "%", "ref": "measured"}
        for rate, i in sorted(worst, key=lambda x: (-x[0], x[1]))[:5]]
    return line


def _inside(excluded: list[tuple[int, int]], start: int, end: int, size: int, count: int
            ) -> list[int]:
    """The intervals that lie wholly in excluded time."""
    out: list[int] = []
    for a, b in excluded:
        first = -(-(a - start) // size)
        last = (b - start) // size  # intervals first .. last-1 end by b, and the last one
        out.extend(i for i in range(first, min(last + 1, count))
                   if start + i * size >= a and min(start + (i + 1) * size, end) <= b)
    return out
