"""One query per kind of target: latency percentiles, request ratios, averages, surveys.

Every count comes back from DuckDB as an integer and every sum as a ``DECIMAL``; ratios are
``Fraction`` objects built from them, so verdicts never depend on a float. Requests in excluded
time (announced maintenance within its allowance, excluded incidents) are left out of request
measurements. Ticket targets live in :mod:`sladsl.evaluate.tickets`.

Percentiles: *nearest rank* (default) is the value at rank ⌈p/100 · n⌉ of the sorted values;
*linear interpolation* is ``x[h] + (h − ⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋])`` with ``h = (n − 1) · p/100``
(0-based), the method of most spreadsheets.
"""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

from .. import nodes as n
from ..quantities import Duration, Percent, Score, magnitude
from .aggregates import check_raw_latency, failed_sql, from_counts, pooled_sums, request_sums
from .availability import averaged_per, bad_sql, rule
from .averaging import FIXED_US, boundaries, mean, part_of
from .context import ctx_cache, portable, service_where
from .onepass import Grouped, relation
from .periods import Period
from .results import Budget, Line, judge

if TYPE_CHECKING:
    from ..model import ObjectiveEntry
    from .context import Context

_UNIT_MS = {"ms": 1, "second": 1000, "minute": 60_000, "hour": 3_600_000, "day": 86_400_000}


def not_excluded(ctx: Context, service: str, window: Period, column: str = "time") -> str:
    """SQL condition: the row's time is in none of the service's excluded intervals."""
    excl = ctx.exclusions.of(service).excluded_intervals(window.start_us, window.end_us)
    return "".join(f" AND NOT ({column} >= {a} AND {column} < {b})" for a, b in excl)


def request_where(ctx: Context, entry: ObjectiveEntry, window: Period) -> str:
    return (f"time >= {window.start_us} AND time < {window.end_us} AND "
            f"{service_where(ctx, 'requests', entry.service.name)}"
            + not_excluded(ctx, entry.service.name, window))


def _unit_of(q: object) -> str:
    if isinstance(q, Duration):
        return q.unit if q.unit == "ms" else q.unit + "s"
    if isinstance(q, Percent):
        return "%"
    return ""


def _ms_to(q: object, value_ms: Fraction) -> Fraction:
    """A latency in ms expressed in the target's unit (seconds for ``2 seconds``)."""
    if isinstance(q, Duration):
        return value_ms / _UNIT_MS.get(q.unit, 1)
    return value_ms


def _goal(q: object) -> Decimal:
    if isinstance(q, Duration):
        return q.value
    return magnitude(q)  # type: ignore[arg-type]


# ---------------------------------------------------------------- percentiles


def rank_values(ctx: Context, select: str, value: str, p: Decimal, method: str,
                counted: Grouped | None = None) -> tuple[Fraction | None, int]:
    """The p-th percentile of ``value`` over the rows of ``select`` and the number of values.

    No sort of every row: the values are counted per distinct value (a hash aggregation) with
    a running total, and the value at 1-based rank ``r`` is the smallest whose running total
    reaches ``r``. Ranks are computed in Python with integers and fractions. The counts are
    kept for the next call on the same rows, so p95 and p99 of one window read the data once.
    ``counted``, when given, is that count per value (``v``, ``c``) as a :class:`Grouped`
    (which one pass over a large file answers).
    """
    if portable(ctx):
        return _rank_reference(ctx, select, value, p, method)
    table, count = _histogram(ctx, select, value, counted)
    if count == 0:
        return None, 0
    share = Fraction(p) / 100
    if method == "linear_interpolation":
        h = (count - 1) * share
        lo = math.floor(h)
        below, above = _at_ranks(ctx, table, [lo + 1, lo + 2])
        if below is None or above is None:  # h is the last rank: nothing to interpolate to
            return below, count
        return below + (h - lo) * (above - below), count
    rank = max(1, math.ceil(share * count))
    return _at_ranks(ctx, table, [rank])[0], count


def _rank_reference(ctx: Context, select: str, value: str, p: Decimal, method: str
                ) -> tuple[Fraction | None, int]:
    """The reference statements (:func:`~sladsl.evaluate.exclusions.portable`): a count, then
    ``ORDER BY … LIMIT 2 OFFSET k``."""
    row = ctx.con.execute(f"SELECT count({value}) FROM ({select})").fetchone()
    count = int(row[0]) if row else 0
    if count == 0:
        return None, 0
    share = Fraction(p) / 100
    if method == "linear_interpolation":
        h = (count - 1) * share
        lo = math.floor(h)
        offset = lo
    else:
        rank = max(1, math.ceil(share * count))
        offset = rank - 1
    vals = [Fraction(Decimal(v[0])) for v in ctx.con.execute(
        f"SELECT {value} FROM ({select}) WHERE {value} IS NOT NULL ORDER BY {value} "
        f"LIMIT 2 OFFSET {offset}").fetchall()]
    if method == "linear_interpolation" and len(vals) == 2:
        return vals[0] + (h - lo) * (vals[1] - vals[0]), count
    return vals[0], count


def _histogram(ctx: Context, select: str, value: str, counted: Grouped | None = None
               ) -> tuple[str, int]:
    """A temp table ``(v, cum)``: each distinct non-null value and how many values are at most
    it; and the number of values. One table is kept (the last rows asked for)."""
    cache = ctx_cache(ctx, "_sladsl_histogram")
    key = (select, value)
    if key not in cache:
        cache.clear()
        table = "sladsl_histogram"
        counts = relation(ctx, counted) if counted is not None else (
            f"(SELECT {value} AS v, count(*) AS c FROM ({select}) WHERE {value} IS NOT NULL "
            "GROUP BY 1)")
        ctx.con.execute(
            f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT v, sum(c) OVER (ORDER BY v ROWS "
            f"UNBOUNDED PRECEDING) AS cum FROM {counts}")
        row = ctx.con.execute(f"SELECT coalesce(max(cum), 0) FROM {table}").fetchone()
        cache[key] = (table, int(row[0]) if row else 0)
    result: tuple[str, int] = cache[key]
    return result


def _at_ranks(ctx: Context, table: str, ranks: list[int]) -> list[Fraction | None]:
    """The values at the given 1-based ranks (``None`` past the last), in one pass."""
    cols = ", ".join(f"min(v) FILTER (WHERE cum >= {int(r)})" for r in ranks)
    row = ctx.con.execute(f"SELECT {cols} FROM {table}").fetchone()
    assert row is not None
    return [None if v is None else Fraction(Decimal(v)) for v in row]


def percentile(ctx: Context, entry: ObjectiveEntry, target: n.PercentileTarget,
               window: Period) -> Line:
    obj = entry.objective
    method_rule = rule(obj, n.PercentileMethodRule)
    method = method_rule.method if isinstance(method_rule, n.PercentileMethodRule) \
        else "nearest_rank"
    line = Line(entry.service.name, obj.name, target, window, target.metric, "no data",
                unit=_unit_of(target.value), goal=_goal(target.value),
                comparator=target.comparator)
    line.details["method"] = method.replace("_", " ")
    if method in n.BUCKET_METHODS:
        from .buckets import bucket_percentile

        value, count = bucket_percentile(ctx, entry, target, window, method)
        line.details["requests"] = str(count)
        return judge(line, None if value is None else _ms_to(target.value, value))
    if target.metric == "response time":
        check_raw_latency(ctx, target, f"the {method.replace('_', ' ')} percentile")
        ctx.data.need("requests", "latency_ms", f'"{obj.name}"')
        where = request_where(ctx, entry, window)
        select = f"SELECT latency_ms FROM requests WHERE {where}"
        counted = Grouped("requests", (("v", "latency_ms"),), (("c", "count(*)"),),
                          f"({where}) AND latency_ms IS NOT NULL")
        value, count = rank_values(ctx, select, "latency_ms", target.percentile, method, counted)
        line.details["requests"] = str(count)
        return judge(line, None if value is None else _ms_to(target.value, value))
    if target.metric == "satisfaction score":
        ctx.data.need("surveys", "satisfaction", f'"{obj.name}"')
        select = (f"SELECT satisfaction FROM surveys WHERE time >= {window.start_us} AND "
                  f"time < {window.end_us} AND {service_where(ctx, 'surveys', entry.service.name)}")
        value, count = rank_values(ctx, select, "satisfaction", target.percentile, method)
        line.details["answers"] = str(count)
        return judge(line, value)
    select, col, per_unit = _durations(ctx, entry, target, window)
    value, count = rank_values(ctx, select, col, target.percentile, method)
    line.details["tickets"] = str(count)
    return judge(line, None if value is None else value / per_unit)


def _durations(ctx: Context, entry: ObjectiveEntry, target: n.PercentileTarget | n.AverageTarget,
               window: Period) -> tuple[str, str, Fraction]:
    """Ticket durations for a percentile or average, on the clock of the target's limit, and
    the microseconds of one unit of the limit on that clock (to express a value in it)."""
    from .tickets import duration_select

    limit = target.value
    if not isinstance(limit, Duration):
        raise ValueError(f"the limit of {target.metric} is not a duration")
    select, col, limit_us = duration_select(ctx, entry, target.metric, window, limit,
                                            target.calendar)
    return select, col, Fraction(limit_us) / Fraction(limit.value)


# ---------------------------------------------------------------- averages


def average(ctx: Context, entry: ObjectiveEntry, target: n.AverageTarget,
            window: Period) -> Line:
    obj = entry.objective
    line = Line(entry.service.name, obj.name, target, window, "average " + target.metric,
                "no data", unit=_unit_of(target.value), goal=_goal(target.value),
                comparator=target.comparator)
    if target.metric == "satisfaction score":
        ctx.data.need("surveys", "satisfaction", f'"{obj.name}"')
        row = ctx.con.execute(
            "SELECT count(satisfaction), sum(satisfaction) FROM surveys WHERE "
            f"time >= {window.start_us} AND time < {window.end_us} AND "
            f"{service_where(ctx, 'surveys', entry.service.name)}").fetchone()
        count, total = (int(row[0]), row[1]) if row else (0, None)
        line.details["answers"] = str(count)
        if isinstance(target.value, Score):
            line.unit = f"out of {target.value.scale}"
        return judge(line, Fraction(Decimal(total)) / count if count and total is not None
                     else None)
    if target.metric == "response time":
        check_raw_latency(ctx, target, "an average response time")
        ctx.data.need("requests", "latency_ms", f'"{obj.name}"')
        where = request_where(ctx, entry, window)
        if portable(ctx):
            query = f"SELECT count(latency_ms), sum(latency_ms) FROM requests WHERE {where}"
        else:  # (raw requests of a large file: answered by its one pass)
            sums = Grouped("requests", (), (("n", "count(latency_ms)"), ("s", "sum(latency_ms)")),
                           where)
            query = f"SELECT n, s FROM {relation(ctx, sums)}"
        row = ctx.con.execute(query).fetchone()
        count, total = (int(row[0]), row[1]) if row else (0, None)
        line.details["requests"] = str(count)
        value = Fraction(Decimal(total)) / count if count and total is not None else None
        return judge(line, None if value is None else _ms_to(target.value, value))
    select, col, per_unit = _durations(ctx, entry, target, window)
    row = ctx.con.execute(f"SELECT count({col}), sum({col}) FROM ({select})").fetchone()
    count, total = (int(row[0]), row[1]) if row else (0, None)
    line.details["tickets"] = str(count)
    value = Fraction(int(total), count) if count and total is not None else None
    return judge(line, None if value is None else value / per_unit)


# ---------------------------------------------------------------- request ratios


def request_ratio(ctx: Context, entry: ObjectiveEntry, target: n.RequestRatioTarget,
                  window: Period) -> Line:
    obj = entry.objective
    line = Line(entry.service.name, obj.name, target, window,
                {"fail": "failed requests", "succeed": "successful requests",
                 "complete_within": "requests within " + str(target.within)}[target.outcome],
                "no data", unit="%", goal=magnitude(target.value), comparator=target.comparator)
    counted = from_counts(ctx, "requests") or (
        target.outcome == "complete_within" and not ctx.data.has("requests")
        and ctx.data.has("latency_buckets"))
    if counted:
        slow = rule(obj, n.SlowRequestRule)
        table, hits_sql, count_sql, where = request_sums(
            ctx, entry, target, window, failed_sql(),
            slow if isinstance(slow, n.SlowRequestRule) else None)
    else:
        ctx.data.need("requests", why=f'"{obj.name}"')
        if target.outcome == "complete_within":
            ctx.data.need("requests", "latency_ms", f'"{obj.name}"')
            within = target.within
            limit = (within.seconds or 0) * 1000 if isinstance(within, Duration) else Decimal(0)
            hit, base = f"latency_ms <= {limit}", "latency_ms IS NOT NULL"
        elif target.outcome == "fail":
            hit, base = bad_sql(obj, "requests"), "true"
        else:
            hit, base = f"NOT {bad_sql(obj, 'requests')}", "true"
        table, where = "requests", f"{request_where(ctx, entry, window)} AND {base}"
        hits_sql, count_sql = f"count(*) FILTER (WHERE {hit})", "count(*)"
    # Counts give the same numbers as events: the sums of the intervals' counts.
    measured = f"coalesce({hits_sql}, 0), coalesce({count_sql}, 0)" if counted \
        else f"{hits_sql}, {count_sql}"
    per = averaged_per(obj)
    if per is not None:
        cuts = boundaries(window, per)
        # Counted in quarter hours (every zone's offset is a multiple of 15 minutes), or in
        # the part itself when it has a fixed length; then each bucket joins its part.
        size = FIXED_US.get(per, 900_000_000)
        parts: dict[int, list[int]] = {}
        query = (f"SELECT (time - {window.start_us}) // {size}, {measured} FROM {table} "
                 f"WHERE {where} GROUP BY 1")
        if not counted and not portable(ctx):  # raw requests (see onepass)
            sums = Grouped("requests", (("b", f"(time - {window.start_us}) // {size}"),),
                           (("h", hits_sql), ("t", count_sql)), where)
            query = f"SELECT b, h, t FROM {relation(ctx, sums)}"
        for bucket, h, t in ctx.con.execute(query).fetchall():
            part = parts.setdefault(part_of(cuts, window.start_us + int(bucket) * size), [0, 0])
            part[0] += int(h)
            part[1] += int(t)
        shares = [Fraction(h * 100, t) for _, (h, t) in sorted(parts.items()) if t]
        line.details["aggregation"] = f"average of the percentages for each {per}"
        line.details[f"{per}s with requests"] = str(len(shares))
        value = mean(shares)
        return judge(line, value)
    shared = pooled_sums(ctx, entry, target, window) if counted else None
    if shared is None and not counted and not portable(ctx):  # raw requests (see onepass)
        sums = Grouped("requests", (), (("h", hits_sql), ("t", count_sql)), where)
        row = ctx.con.execute(f"SELECT h, t FROM {relation(ctx, sums)}").fetchone()
    else:
        row = shared or ctx.con.execute(f"SELECT {measured} FROM {table} WHERE {where}"
                                        ).fetchone()
    hits, count = (int(row[0]), int(row[1])) if row else (0, 0)
    line.details["aggregation"] = "all requests together"
    line.details["requests"] = str(count)
    line.details["counted"] = str(hits)
    if count == 0:
        return judge(line, None)
    judge(line, Fraction(hits * 100, count))
    goal = Fraction(line.goal or 0)
    if target.comparator in ("at_most", "less_than"):
        line.budget = Budget("requests", goal * count / 100, Fraction(hits))
    else:
        line.budget = Budget("requests", (100 - goal) * count / 100, Fraction(count - hits))
    return line


# ---------------------------------------------------------------- surveys


def nps(ctx: Context, entry: ObjectiveEntry, target: n.NpsTarget, window: Period) -> Line:
    obj = entry.objective
    line = Line(entry.service.name, obj.name, target, window, "net promoter score", "no data",
                goal=magnitude(target.value), comparator=target.comparator)
    ctx.data.need("surveys", "promoter", f'"{obj.name}"')
    row = ctx.con.execute(
        "SELECT count(promoter), count(*) FILTER (WHERE promoter >= 9), "
        "count(*) FILTER (WHERE promoter <= 6) FROM surveys WHERE "
        f"time >= {window.start_us} AND time < {window.end_us} AND "
        f"{service_where(ctx, 'surveys', entry.service.name)}").fetchone()
    count, promoters, detractors = (int(x) for x in row) if row else (0, 0, 0)
    line.details.update({"answers": str(count), "promoters (9-10)": str(promoters),
                         "detractors (0-6)": str(detractors)})
    if count == 0:
        return judge(line, None)
    return judge(line, Fraction((promoters - detractors) * 100, count))


def score_ratio(ctx: Context, entry: ObjectiveEntry, target: n.ScoreRatioTarget,
                window: Period) -> Line:
    obj = entry.objective
    line = Line(entry.service.name, obj.name, target, window, "satisfaction scores", "no data",
                unit="%", goal=magnitude(target.value), comparator=target.comparator)
    ctx.data.need("surveys", "satisfaction", f'"{obj.name}"')
    op = {"at_least": ">=", "at_most": "<=", "more_than": ">", "less_than": "<"}
    score = magnitude(target.score)
    svc = service_where(ctx, "surveys", entry.service.name)
    row = ctx.con.execute(
        f"SELECT count(satisfaction), count(*) FILTER (WHERE satisfaction "
        f"{op[target.score_comparator]} {score}) FROM surveys WHERE time >= {window.start_us} "
        f"AND time < {window.end_us} AND {svc}").fetchone()
    count, hits = (int(row[0]), int(row[1])) if row else (0, 0)
    line.details.update({"answers": str(count), "scores counted": str(hits)})
    return judge(line, Fraction(hits * 100, count) if count else None)

