"""Availability: the share of a window the service was available, from slices or incidents.

From requests or probes, the window is cut into slices (one minute unless the spec says
otherwise) aligned on the window's start. A slice is unavailable when its samples meet the
spec's condition (``more than 5% of requests fail``; with no rule, when every sample fails).
Slices without samples count as the spec says (available unless it says otherwise).
Consecutive unavailable slices form downtime runs; with ``downtime counts only in runs of at
least 5 minutes`` shorter runs count as available. From incidents, each incident whose
``downtime`` flag is not false is downtime from its start to its end (or the evaluation's end).

Maintenance that does not qualify for exclusion is added to the downtime. Excluded time then
either counts as available (default) or is left out of the measurement, as the spec says:

    availability = (measured time − counted downtime) / measured time

computed exactly as a fraction of microseconds.

The slices of a window are counted for every service at once (one scan of the window's rows,
grouped by service and slice) and kept until each service asks for its own, so twenty probed
services over twelve months cost twelve scans, not 240.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

from .. import nodes as n
from ..model import availability_source
from ..quantities import Count, Duration, Percent, magnitude
from .aggregates import check_slices, from_counts, need_samples, sample_sums, share_sums
from .averaging import availability_parts, boundaries, mean
from .context import ctx_cache, portable, service_filter, service_key, service_where
from .onepass import Grouped, relation
from .periods import Period, from_us
from .results import Budget, Exclusion, Line, judge, shown
from .timeline import clip, merge, minutes, subtract, total

if TYPE_CHECKING:
    import duckdb

    from ..model import ObjectiveEntry, Spec, availability_source
    from .context import Context

_OPS = {"at_least": ">=", "at_most": "<=", "more_than": ">", "less_than": "<"}


def rule(obj: n.Objective, cls: type) -> object | None:
    return next((r for r in obj.rules if isinstance(r, cls)), None)


def averaged_per(obj: n.Objective) -> str | None:
    """The unit of ``the percentage is the average of the percentages for each …``, if said."""
    agg = rule(obj, n.AggregationRule)
    if isinstance(agg, n.AggregationRule) and agg.method == "averaged":
        return agg.per or "day"
    return None


def source_of(obj: n.Objective) -> str:
    """Where availability is measured from (the shared default lives in the model)."""
    return availability_source(obj)


def slow_limit_ms(obj: n.Objective) -> Decimal | None:
    slow = rule(obj, n.SlowRequestRule)
    if isinstance(slow, n.SlowRequestRule) and isinstance(slow.limit, Duration):
        seconds = slow.limit.seconds
        return None if seconds is None else seconds * 1000
    return None


def bad_sql(obj: n.Objective, samples: str) -> str:
    """SQL for a failed sample: a failed request (or one slower than the spec allows)."""
    if samples == "probes":
        return "NOT up"
    slow = slow_limit_ms(obj)
    return "NOT ok" if slow is None else f"(NOT ok OR latency_ms > {slow})"


def availability(ctx: Context, entry: ObjectiveEntry, target: n.AvailabilityTarget,
                 window: Period) -> Line:
    obj = entry.objective
    line = Line(entry.service.name, obj.name, target, window, "availability", "no data",
                unit="%", goal=magnitude(target.value), comparator=target.comparator)
    start, end = window.start_us, window.end_us
    excl = ctx.exclusions.of(entry.service.name).within(start, end)
    excluded = excl.excluded_intervals(start, end)
    source = source_of(obj)
    averaged = rule(obj, n.IntervalAverageRule)
    if isinstance(averaged, n.IntervalAverageRule) and source in ("requests", "probes"):
        from .interval_average import interval_average

        return interval_average(ctx, entry, averaged, source, bad_sql(obj, source), window,
                                line)
    empty_out: list[tuple[int, int]] = []
    min_run = rule(obj, n.MinimumRunRule)
    extra = excl.downtime_intervals(start, end)
    if source in ("requests", "probes") and not (
            isinstance(min_run, n.MinimumRunRule) or extra or excluded or excl.excluded
            or excl.downtime or portable(ctx)
            or _empty_as(obj) != "available" or averaged_per(obj) is not None
            or slice_us(obj) % 1_000_000 or window.length_us % 1_000_000):
        # Nothing to add to, cut from or average the unavailable runs: they are counted,
        # measured and written out where they lie (one row per service, not per run).
        summary, details = _summary(ctx, entry, source, window)
        line.details.update(details)
        return _summarised(ctx, obj, line, window, summary)
    if source in ("requests", "probes"):
        runs, empty_out, details = _slices(ctx, entry, source, window)
        line.details.update(details)
    else:
        runs = _incidents(ctx, entry, window)
        line.details["source"] = "incidents"
    if isinstance(min_run, n.MinimumRunRule) and isinstance(min_run.length, Duration):
        limit = int((min_run.length.seconds or 0) * 1_000_000)
        short = [r for r in runs if r[1] - r[0] < limit]
        line.chart["short"] = short
        line.chart["min_run_us"] = limit
        if short:
            line.details["short runs ignored"] = f"{len(short)} ({_m(total(short))} min)"
        runs = [r for r in runs if r[1] - r[0] >= limit]
    downtime = merge(runs + extra)
    treatment_rule = rule(obj, n.ExcludedTimeRule)
    left_out = isinstance(treatment_rule, n.ExcludedTimeRule) \
        and treatment_rule.treatment == "left_out"
    removed = merge(empty_out + (excluded if left_out else []))
    counted = subtract(subtract(downtime, merge(excluded)), removed)
    measured_us = window.length_us - total(removed)
    down_us = total(counted)
    line.downtime_us = down_us
    line.chart.update(down=counted, excluded=merge(excluded), removed=removed)
    line.details["downtime runs"] = str(len(counted))
    line.period_us = measured_us
    line.details["window"] = f"{window.hours} h"
    line.details["downtime"] = f"{_m(down_us)} min"
    line.details["excluded time"] = (f"{_m(total(excluded))} min "
                                     + ("left out" if left_out else "counted as available"))
    if empty_out:
        line.details["empty slices left out"] = f"{_m(total(empty_out))} min"
    line.exclusions = [e for e in excl.excluded] + [
        Exclusion("counts as downtime: " + e.reason, e.ref, e.minutes, e.clause, e.start_us,
                  e.end_us) for e in excl.downtime]
    if measured_us <= 0:
        line.note = "the whole window was left out of the measurement"
        return judge(line, None)
    value = Fraction(measured_us - down_us, measured_us) * 100
    per = averaged_per(obj)
    if per is not None:
        parts = availability_parts(boundaries(window, per), removed, counted)
        line.details["aggregation"] = f"average of the percentages for each {per}"
        line.details[f"{per}s measured"] = str(len(parts))
        value = mean(parts) or value
    judge(line, value)
    line.budget = Budget("minutes", (100 - Fraction(line.goal or 0)) / 100
                         * Fraction(measured_us, 60_000_000), Fraction(down_us, 60_000_000))
    line.worst = [
        {"start": from_us(a, ctx.tz).isoformat(), "end": from_us(b, ctx.tz).isoformat(),
         "minutes": shown(minutes(b - a), places=2), "ref": _ref_of(a, b, excl.downtime)}
        for a, b in sorted(counted, key=lambda r: (r[0] - r[1], r[0]))[:5]
    ]
    return line


def _summarised(ctx: Context, line_objective: n.Objective, line: Line, window: Period,
                summary: RunSummary) -> Line:
    """Fills an availability line whose unavailable runs are all counted as they are (no
    exclusions, minimum run, empty slices or averaging in the window): the numbers
    :func:`availability` gives, from the runs' count, total, longest five and text."""
    count, down_us, longest, text = summary
    measured_us = window.length_us
    line.downtime_us = down_us
    line.chart.update(down=text, excluded=[], removed=[])
    line.details["downtime runs"] = str(count)
    line.period_us = measured_us
    line.details["window"] = f"{window.hours} h"
    line.details["downtime"] = f"{_m(down_us)} min"
    treatment = rule(line_objective, n.ExcludedTimeRule)
    left_out = isinstance(treatment, n.ExcludedTimeRule) and treatment.treatment == "left_out"
    line.details["excluded time"] = f"{_m(0)} min " + ("left out" if left_out
                                                      else "counted as available")
    line.exclusions = []
    judge(line, Fraction(measured_us - down_us, measured_us) * 100)
    line.budget = Budget("minutes", (100 - Fraction(line.goal or 0)) / 100
                         * Fraction(measured_us, 60_000_000), Fraction(down_us, 60_000_000))
    line.worst = [
        {"start": from_us(a, ctx.tz).isoformat(), "end": from_us(b, ctx.tz).isoformat(),
         "minutes": shown(minutes(b - a), places=2), "ref": "measured"} for a, b in longest]
    return line


def _empty_as(obj: n.Objective) -> str:
    """How the objective counts a slice without samples (available unless it says)."""
    empty_rule = rule(obj, n.EmptySliceRule)
    return empty_rule.counts_as if isinstance(empty_rule, n.EmptySliceRule) else "available"


def _ref_of(a: int, b: int, extra: list[Exclusion]) -> str:
    for e in extra:
        if (e.start_us or 0) < b and (e.end_us or 0) > a:
            return e.ref
    return "measured"


def _m(us: int) -> str:
    return shown(Fraction(us, 60_000_000), places=2)


def _condition(obj: n.Objective) -> str:
    sl = rule(obj, n.SliceRule)
    if not isinstance(sl, n.SliceRule) or sl.condition == "all_probes":
        return "bad = n"
    if sl.condition == "any_probe":
        return "bad > 0"
    op = _OPS[sl.comparator or "more_than"]
    if isinstance(sl.threshold, Percent):
        share = Fraction(sl.threshold.value) / 100
        return f"bad * {share.denominator} {op} n * {share.numerator}"
    if isinstance(sl.threshold, Count):
        return f"bad {op} {int(sl.threshold.value)}"
    return "bad = n"


def slice_us(obj: n.Objective) -> int:
    for r in obj.rules:
        if isinstance(r, n.SliceRule | n.EmptySliceRule) and isinstance(r.slice, Duration):
            seconds = r.slice.seconds
            if seconds:
                return int(seconds * 1_000_000)
    return 60_000_000


#: (source, slice length, failed-sample SQL, unavailable-slice SQL): objectives that agree on
#: these cut a window into the same slices, so their services are counted in one query.
Signature = tuple[str, int, str, str]
#: Per service: unavailable runs and empty gaps (first and last slice index), and
#: (non-empty slices, samples, failed samples, unavailable slices).
SliceCounts = tuple[list[tuple[int, int]], list[tuple[int, int]], tuple[int, int, int, int],
                    "RunSummary"]
#: The unavailable runs of a window, summed up where they lie: how many, their length in
#: microseconds, the five longest (longest first, then earliest) and every run as the text
#: the report's charts carry (see :func:`runs_text`).
RunSummary = tuple[int, int, list[tuple[int, int]], str]
_NO_RUNS: RunSummary = (0, 0, [], "")


def _signature(obj: n.Objective, source: str) -> Signature:
    return source, slice_us(obj), bad_sql(obj, source), _condition(obj)


def _services(ctx: Context, sig: Signature) -> list[str]:
    """The services with an availability objective of this signature (their slices are
    computed together)."""
    names = {e.service.name for e in ctx.spec.objectives
             if any(isinstance(t, n.AvailabilityTarget) for t in e.objective.targets)
             and source_of(e.objective) == sig[0] and _signature(e.objective, sig[0]) == sig}
    return sorted(names)


def _slices(ctx: Context, entry: ObjectiveEntry, source: str, window: Period
            ) -> tuple[list[tuple[int, int]], list[tuple[int, int]], dict[str, str]]:
    obj = entry.objective
    need_samples(ctx, source, why=f'"{obj.name}"')
    if portable(ctx) and not _given(ctx, _signature(obj, source), window, entry.service.name):
        return _slices_reference(ctx, entry, source, window)
    size = slice_us(obj)
    if from_counts(ctx, source):
        slow = rule(obj, n.SlowRequestRule) if source == "requests" else None
        check_slices(ctx, entry, source, size, window, slow if isinstance(slow, n.Node) else None)
    start, end = window.start_us, window.end_us
    count = -(-(end - start) // size)
    empty_rule = rule(obj, n.EmptySliceRule)
    empty_as = empty_rule.counts_as if isinstance(empty_rule, n.EmptySliceRule) else "available"
    counts = _window_slices(ctx, _signature(obj, source), window, entry.service.name)
    bad_rows, gaps, stats, _summary_unused = counts[entry.service.name]

    def slices(rows: list[tuple[int, int]]) -> list[tuple[int, int]]:
        return [(start + a * size, min(end, start + (b + 1) * size)) for a, b in rows]

    bad = slices(bad_rows)
    # Empty slices are the gaps between slices with samples: found from the few non-empty
    # slices rather than by listing every slice of the window.
    empty = slices(gaps)
    down = merge(bad + empty) if empty_as == "unavailable" else bad
    empty_out = empty if empty_as == "excluded" else []
    nonempty, samples, failed, bad_slices = stats
    return down, empty_out, _slice_details(source, count, size, empty_as,
                                           (nonempty, samples, failed, bad_slices))


def _given(ctx: Context, sig: Signature, window: Period, service: str) -> bool:
    """Whether the slice counts of the window were given beforehand (``sladsl portfolio``
    computes every customer's at once, also for the reference statements of another engine;
    nothing else puts them into a portable context's cache)."""
    found = ctx_cache(ctx, "_sladsl_slices").get((sig, window.start_us, window.end_us, False))
    return found is not None and service in found


def _summary(ctx: Context, entry: ObjectiveEntry, source: str, window: Period
             ) -> tuple[RunSummary, dict[str, str]]:
    """The unavailable runs of a window summed up (:data:`RunSummary`), and the details."""
    obj = entry.objective
    need_samples(ctx, source, why=f'"{obj.name}"')
    size = slice_us(obj)
    if from_counts(ctx, source):
        slow = rule(obj, n.SlowRequestRule) if source == "requests" else None
        check_slices(ctx, entry, source, size, window, slow if isinstance(slow, n.Node) else None)
    count = -(-(window.end_us - window.start_us) // size)
    counts = _window_slices(ctx, _signature(obj, source), window, entry.service.name,
                            summaries=True)
    _runs, _gaps, stats, (runs, down_us, longest, text) = counts[entry.service.name]
    start = window.start_us
    return ((runs, down_us, [(start + a, start + b) for a, b in longest], text),
            _slice_details(source, count, size, "available", stats))


def _window_slices(ctx: Context, sig: Signature, window: Period, service: str,
                   summaries: bool = False) -> dict[str, SliceCounts]:
    """Slice counts of one window for every service of the signature, from one scan.

    The rows of the window are read once (the time range first, which DuckDB answers from
    its zone maps) and grouped by stored service value and slice; no row pays for a string
    function. The few stored values are then matched to the services by
    :func:`service_filter`'s rule: a service named by exactly one stored value (or only by rows
    without a service) reads that value's counts; otherwise (``"api"`` and ``"API"``, or rows
    without a service besides its own) its values' counts are added slice by slice.
    """
    cache = ctx_cache(ctx, "_sladsl_slices")
    key = (sig, window.start_us, window.end_us, summaries)
    if key in cache and service in cache[key]:
        cached: dict[str, SliceCounts] = cache[key]
        return cached
    if len(cache) >= 256:  # rolling windows: keep the cache bounded, recomputing is exact
        cache.clear()
    source, size, bad, cond = sig
    start, end = window.start_us, window.end_us
    count = -(-(end - start) // size)
    con = ctx.con
    # Raw events are counted; counts per interval are added up (sladsl.evaluate.aggregates).
    table, samples, failed, where, grouped = sample_sums(ctx, source, bad, size, per_row=True)
    query = (f"SELECT service AS k, (time - {start}) // {size} AS i, {samples} AS n, "
             f"{failed} AS bad FROM {table} WHERE time >= {start} AND time < {end} AND {where}")
    if grouped:
        counted = Grouped(table, (("k", "service"), ("i", f"(time - {start}) // {size}")),
                          (("n", samples), ("bad", failed)),
                          f"time >= {start} AND time < {end} AND {where}")
        con.execute("CREATE OR REPLACE TEMP TABLE sladsl_slices AS SELECT * FROM "
                    + relation(ctx, counted))
        slices = "sladsl_slices"
    else:
        # Counts with one row per service and slice are the slice table already: the
        # statements below read the rows where they lie instead of a grouped copy.
        slices = f"({query})"
    stats = _stats(con, slices, cond)  # stored value → (normalised, totals)
    if source == "requests" and from_counts(ctx, source):
        share_sums(ctx, window, [(raw, norm, f, n) for raw, (norm, (_s, n, f, _b))
                                 in stats.items()])
    names = list(dict.fromkeys([*_services(ctx, sig), service]))
    sources = {name: [raw for raw, (norm, _) in stats.items()
                      if raw is None or norm == service_key(ctx, name)] for name in names}
    single = {name: raws[0] for name, raws in sources.items() if len(raws) == 1}
    result: dict[str, SliceCounts] = {name: ([], [(0, count - 1)], (0, 0, 0, 0), _NO_RUNS)
                                      for name in names}
    gaps = gaps_needed(ctx.spec) and not summaries
    span = (end - start, size) if summaries else None
    by_value = _counts(con, slices, cond, count,
                       {raw: stats[raw][1] for raw in single.values()}, gaps, span)
    for name, raw in single.items():
        result[name] = by_value[raw]
    mixed = [(raw, name) for name, raws in sources.items() if len(raws) > 1 for raw in raws]
    if mixed:
        con.execute("CREATE OR REPLACE TEMP TABLE sladsl_mixed AS SELECT m.name AS k, s.i, "
                    f"sum(s.n) AS n, sum(s.bad) AS bad FROM {slices} s JOIN (SELECT "
                    "CAST(raw AS VARCHAR) AS raw, CAST(name AS VARCHAR) AS name FROM (VALUES "
                    + ", ".join(["(?, ?)"] * len(mixed)) + ") v(raw, name)) m "
                    "ON s.k IS NOT DISTINCT FROM m.raw GROUP BY ALL",
                    [x for pair in mixed for x in pair])
        totals = _stats(con, "sladsl_mixed", cond)
        combined = _counts(con, "sladsl_mixed", cond, count,
                           {name: totals[name][1] for _, name in mixed}, gaps, span)
        result.update({name: counts for name, counts in combined.items() if name is not None})
        con.execute("DROP TABLE sladsl_mixed")
    if grouped:
        con.execute("DROP TABLE sladsl_slices")
    cache[key] = result
    return result


def _stats(con: duckdb.DuckDBPyConnection, table: str, cond: str
           ) -> dict[str | None, tuple[str | None, tuple[int, int, int, int]]]:
    """Per key of a ``(k, i, n, bad)`` slice table: the key normalised as
    :func:`service_filter` does, and (non-empty slices, samples, failed, unavailable slices)."""
    return {k: (norm, (int(a), int(b), int(c), int(d))) for k, norm, a, b, c, d in con.execute(
        "SELECT k, lower(trim(k)), * EXCLUDE (k) FROM (SELECT k, count(*), coalesce(sum(n), 0), "
        f"coalesce(sum(bad), 0), count(*) FILTER (WHERE {cond}) FROM {table} GROUP BY k)"
    ).fetchall()}


def gaps_needed(spec: Spec) -> bool:
    """Whether any availability objective counts empty slices as anything but available (only
    then are the gaps between non-empty slices looked for: they need every slice sorted)."""
    return any(isinstance(r, n.EmptySliceRule) and r.counts_as != "available"
               for e in spec.objectives for r in e.objective.rules)


def _counts(con: duckdb.DuckDBPyConnection, table: str, cond: str, count: int,
            stats: dict[str | None, tuple[int, int, int, int]], gaps_needed: bool = True,
            span: tuple[int, int] | None = None) -> dict[str | None, SliceCounts]:
    """Runs and gaps of the wanted keys of a ``(k, i, n, bad)`` slice table, with their totals
    (``stats``, from :func:`_stats`); with ``span`` (the window's length and the slice's, in
    microseconds), the runs summed up instead (:data:`RunSummary`, offsets from the window's
    start) and no list of them."""
    keys = set(stats)
    runs: dict[str | None, list[tuple[int, int]]] = {k: [] for k in keys}
    gaps: dict[str | None, list[tuple[int, int]]] = {k: [] for k in keys}
    found = ("SELECT k, min(i) AS a, max(i) AS b FROM (SELECT k, i, i - row_number() OVER "
             f"(PARTITION BY k ORDER BY i) AS g FROM {table} WHERE {cond}) GROUP BY k, g")
    if span is not None:
        return _summed(con, found, span, stats)
    for k, a, b in con.execute(found + " ORDER BY 2").fetchall():
        if k in keys:
            runs[k].append((int(a), int(b)))
    # Gaps need the slices in order, so only keys with an empty slice are sorted (a key
    # with a sample in every slice has none). A sentinel past the end makes trailing
    # emptiness a gap.
    partial = [k for k in keys if stats[k][0] < count] if gaps_needed else []
    if partial:
        for k, a, b in con.execute(
                "SELECT k, prev + 1, i - 1 FROM (SELECT k, i, lag(i, 1, -1) OVER "
                "(PARTITION BY k ORDER BY i) AS prev FROM (SELECT k, i FROM "
                f"(SELECT k, i FROM {table} UNION ALL SELECT k, {count} FROM "
                f"(SELECT DISTINCT k FROM {table})) WHERE list_contains(?, k) "
                "OR (k IS NULL AND ?))) WHERE i - prev > 1 ORDER BY 2",
                [[k for k in partial if k is not None], None in partial]).fetchall():
            gaps[k].append((int(a), int(b)))
    return {k: (runs[k], gaps[k], stats[k], _NO_RUNS) for k in keys}


def _summed(con: duckdb.DuckDBPyConnection, found: str, span: tuple[int, int],
            stats: dict[str | None, tuple[int, int, int, int]]
            ) -> dict[str | None, SliceCounts]:
    """Per key, the runs of ``found`` (``k, a, b``: first and last slice of each) summed up
    by one grouped statement: the runs stay in DuckDB, only their summary and text come
    back. (Both lengths are whole seconds: :func:`availability` takes this way only then.)"""
    length, size = span
    run = (f"SELECT k, a * {size} AS o, least({length}, (b + 1) * {size}) - a * {size} AS len "
           f"FROM ({found})")
    out: dict[str | None, SliceCounts] = {k: ([], [], stats[k], _NO_RUNS) for k in stats}
    for k, runs, length_us, offsets, lengths, text in con.execute(
            "SELECT k, count(*), sum(len), list(o ORDER BY len DESC, o)[1:5], "
            "list(len ORDER BY len DESC, o)[1:5], string_agg(CAST(o // 1000000 AS VARCHAR) "
            f"|| '+' || CAST(len // 1000000 AS VARCHAR), ' ' ORDER BY o) FROM ({run}) "
            "GROUP BY k").fetchall():
        if k in out:
            out[k] = ([], [], stats[k], (int(runs), int(length_us),
                                         [(int(o), int(o) + int(n)) for o, n in
                                          zip(offsets, lengths, strict=True)], str(text)))
    return out


def _slices_reference(ctx: Context, entry: ObjectiveEntry, source: str, window: Period
            ) -> tuple[list[tuple[int, int]], list[tuple[int, int]], dict[str, str]]:
    """The reference statements (:func:`~sladsl.evaluate.exclusions.portable`): one service,
    with the per-slice counts in a table ``s`` read three times."""
    obj = entry.objective
    size = slice_us(obj)
    start, end = window.start_us, window.end_us
    count = -(-(end - start) // size)
    empty_rule = rule(obj, n.EmptySliceRule)
    empty_as = empty_rule.counts_as if isinstance(empty_rule, n.EmptySliceRule) else "available"
    table = source
    base = (f"SELECT (time - {start}) // {size} AS i, count(*) AS n, "
            f"count(*) FILTER (WHERE {bad_sql(obj, source)}) AS bad FROM {table} "
            f"WHERE time >= {start} AND time < {end} AND {service_filter(entry.service.name)} "
            "GROUP BY 1")
    # The per-slice counts are computed once and read three times.
    ctx.con.execute(f"CREATE OR REPLACE TEMP TABLE s AS {base}")

    def slices(rows: list[tuple[int, int]]) -> list[tuple[int, int]]:
        return [(start + a * size, min(end, start + (b + 1) * size)) for a, b in rows]

    bad = slices([(int(a), int(b)) for a, b in ctx.con.execute(
        f"SELECT min(i), max(i) FROM (SELECT i, i - row_number() OVER (ORDER BY i) AS g "
        f"FROM s WHERE {_condition(obj)}) GROUP BY g ORDER BY 1").fetchall()])
    # Empty slices are the gaps between slices with samples: found from the few non-empty
    # slices rather than by listing every slice of the window.
    gaps = [(int(a), int(b)) for a, b in ctx.con.execute(
        f"SELECT prev + 1, i - 1 FROM (SELECT i, lag(i, 1, -1) OVER (ORDER BY i) AS prev "
        f"FROM (SELECT i FROM s UNION ALL SELECT {count})) WHERE i - prev > 1 ORDER BY 1"
    ).fetchall()]
    empty = slices(gaps)
    down = merge(bad + empty) if empty_as == "unavailable" else bad
    empty_out = empty if empty_as == "excluded" else []
    stats = ctx.con.execute("SELECT count(*), coalesce(sum(n), 0), "
                            f"coalesce(sum(bad), 0), count(*) FILTER (WHERE {_condition(obj)}) "
                            "FROM s").fetchone()
    assert stats is not None
    nonempty, samples, failed, bad_slices = (int(x) for x in stats)
    return down, empty_out, _slice_details(source, count, size, empty_as,
                                           (nonempty, samples, failed, bad_slices))


def _incidents(ctx: Context, entry: ObjectiveEntry, window: Period) -> list[tuple[int, int]]:
    ctx.data.need("incidents", why=f'"{entry.objective.name}"')
    rows = ctx.con.execute(
        "SELECT start, coalesce(\"end\", ?) FROM incidents WHERE coalesce(downtime, true) "
        f"AND {service_where(ctx, 'incidents', entry.service.name)} AND start < ? "
        "AND coalesce(\"end\", ?) > ? "
        "ORDER BY start", [ctx.last_us, window.end_us, ctx.last_us, window.start_us]).fetchall()
    return merge(clip([(int(a), int(b)) for a, b in rows], window.start_us, window.end_us))


def _slice_details(source: str, count: int, size: int, empty_as: str,
                   stats: tuple[int, int, int, int]) -> dict[str, str]:
    """The report's details of a slice measurement (both query paths give the same)."""
    nonempty, samples, failed, bad_slices = stats
    return {
        "source": source,
        "slices": f"{count} of {shown(Fraction(size, 60_000_000), places=3)} min",
        "empty slices": f"{count - nonempty} (count as {empty_as})",
        "unavailable slices": str(bad_slices + (count - nonempty
                                                if empty_as == "unavailable" else 0)),
        source: str(samples),
        "failed " + source: str(failed),
    }
