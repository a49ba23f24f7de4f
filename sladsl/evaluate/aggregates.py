"""Pre-aggregated measurements: requests and probes counted per interval, latency histograms.

Monitoring systems keep counts, not events. Three kinds of data hold them (see
``docs/data-model.md``):

* ``request_counts``: ``time`` (the start of the interval), ``total`` and ``failed`` (or
  ``good``) requests, optional ``service``;
* ``probe_counts``: ``time``, ``checks`` and ``failures``, optional ``service``;
* ``latency_buckets``: ``time``, ``le`` (a bucket's upper bound in seconds, ``+Inf`` for the
  last) and ``count``, the cumulative count of requests at most that fast, as Prometheus's
  histograms export them.

Counts stand in for raw events only where they answer the contract's question exactly: the
interval (stated in the bindings as ``interval = "1m"``, else inferred as the least step
between two times, and checked: every time lies on its grid) must divide each slice and the
windows must start on the grid. Then a slice's samples are the sum of its intervals' counts and
every verdict and number equals the one from raw events. Where the counts cannot answer (a
one-minute slice from five-minute counts, a request slower than a limit, a nearest-rank
percentile), the evaluation stops with an error naming the clause that asks for it.

Raw events win: counts are read only for a kind whose raw file is absent.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .. import nodes as n
from ..errors import Diagnostic, SlaDataError
from .context import ctx_cache
from .data import q

if TYPE_CHECKING:
    from ..model import ObjectiveEntry
    from .context import Context
    from .periods import Period

#: The kind of counts that stands in for each kind of raw events.
COUNTS = {"requests": "request_counts", "probes": "probe_counts"}
_UNITS_US = {"s": 1_000_000, "m": 60_000_000, "h": 3_600_000_000}


def parse_interval(text: str) -> int:
    """``"5m"`` → microseconds (the bindings checked the form)."""
    match = re.fullmatch(r"([1-9][0-9]*)([smh])", text)
    if match is None:
        raise ValueError(f"not an interval: {text!r}")
    return int(match[1]) * _UNITS_US[match[2]]


def describe(us: int) -> str:
    """``300000000`` → ``5m``."""
    for unit in ("h", "m", "s"):
        if us % _UNITS_US[unit] == 0:
            return f"{us // _UNITS_US[unit]}{unit}"
    return f"{us}us"


def from_counts(ctx: Context, source: str) -> bool:
    """Whether ``source`` (requests, probes) is measured from counts: no raw file, a counts
    file."""
    kind = COUNTS.get(source)
    return kind is not None and not ctx.data.has(source) and ctx.data.has(kind)


def need_samples(ctx: Context, source: str, why: str) -> None:
    """The raw events of ``source`` or their counts; a data error naming both if neither."""
    if source in COUNTS and from_counts(ctx, source):
        interval_us(ctx, COUNTS[source])
        return
    ctx.data.need(source, why=why + (f" (or {COUNTS[source]}: counts per interval)"
                                     if source in COUNTS else ""))


def failed_sql() -> str:
    """Failed requests of a ``request_counts`` row (given, or total less good)."""
    return "coalesce(failed, total - good)"


def sample_sums(ctx: Context, source: str, bad: str, size_us: int, per_row: bool = False
                ) -> tuple[str, str, str, str, bool]:
    """(table, samples, failed samples, extra condition, grouped) of a slice query:
    ``count(*)`` over raw events, or sums of the counts (rows with no samples are no samples
    at all). With ``per_row``, counts that hold one row per service and slice (the slice is
    their interval and :func:`one_row_per_interval` proved it) give the row's own counts and
    ``grouped`` is false: the slice query needs no grouping pass."""
    if not from_counts(ctx, source):
        return source, "count(*)", f"count(*) FILTER (WHERE {bad})", "true", True
    kind = COUNTS[source]
    total, failed = ("total", failed_sql()) if source == "requests" else ("checks", "failures")
    if per_row and size_us == interval_us(ctx, kind) and one_row_per_interval(ctx, kind):
        return kind, total, failed, f"{total} > 0", False
    return kind, f"sum({total})", f"sum({failed})", f"{total} > 0", True


def one_row_per_interval(ctx: Context, kind: str) -> bool:
    """Whether every stored service value of ``kind`` has at most one row per interval
    (proved once, when the interval is checked; see :func:`interval_us`)."""
    interval_us(ctx, kind)
    return bool(ctx_cache(ctx, "_sladsl_intervals").get((kind, "single"), False))


#: A bucket's bound as a number, NULL for +Inf. Written with CASE rather than DuckDB's
#: TRY_CAST so that every engine runs it (the bounds were checked when the data was read).
LE_BOUND = ("CASE WHEN lower(trim(le)) IN ('+inf', 'inf') THEN NULL "
            "ELSE CAST(le AS DECIMAL(18,6)) END")


def interval_us(ctx: Context, kind: str) -> int:
    """The interval of a counts kind: stated in the bindings or inferred, and checked (every
    time on its grid, failures not above totals)."""
    cache = ctx_cache(ctx, "_sladsl_intervals")
    if kind in cache:
        found: int = cache[kind]
        return found
    ctx.data.need(kind)
    loaded = ctx.data.loaded[kind]
    stated = ctx.data.bindings.of(kind).interval
    # Checks of the data run where the files were loaded (DuckDB), whatever engine measures.
    con = ctx.data.con
    if kind == "request_counts" and not {"failed", "good"} & loaded.columns:
        raise _data_error(ctx, kind, 1, "request counts need a 'failed' or a 'good' column",
                          "time,total,failed: requests in the interval and how many failed")
    if loaded.rows == 0:  # nothing to infer from or to check (no data)
        iv = parse_interval(stated or "1m")
        cache[kind], cache[kind, "grid"] = iv, 0
        return iv
    # The stored service values, normalised (as context.service_values reads them): how
    # many there are bounds the proof below, and the checkers need them anyway.
    groups = "NULL" if kind == "latency_buckets" else (
        f"(SELECT list([raw, lower(trim(raw))] ORDER BY raw) FROM (SELECT DISTINCT service "
        f"AS raw FROM {q(kind)} WHERE service IS NOT NULL))")
    if stated is not None:
        iv = parse_interval(stated)
        first, last, values = con.execute(  # type: ignore[misc]
            f"SELECT min(time), max(time), {groups} FROM {q(kind)}").fetchone()
    else:
        # The first time comes with the smallest step, from the same distinct times.
        row = con.execute(f"SELECT min(d) FILTER (WHERE d > 0), min(time), max(time), {groups} "
                          f"FROM (SELECT time, time - lag(time) OVER (ORDER BY time) AS d FROM "
                          f"(SELECT DISTINCT time FROM {q(kind)}))").fetchone()
        if row is None or row[0] is None:
            raise _data_error(ctx, kind, 1, "cannot infer the interval of the counts from one "
                              "time", f'state it in the bindings: [{kind}] interval = "1m"')
        iv, first, last, values = int(row[0]), row[1], row[2], row[3]
    total, failed = ("total", failed_sql()) if kind == "request_counts" else \
        ("checks", "failures") if kind == "probe_counts" else ("count", "0")
    odd_le = ("min(_row) FILTER (WHERE TRY_CAST(le AS DECIMAL(18,6)) IS NULL AND "
              "lower(trim(le)) NOT IN ('+inf', 'inf'))") if kind == "latency_buckets" else "NULL"
    # One scan finds the first row off the grid, the first row with impossible counts and
    # the first bucket bound that is not one; for counts (not buckets) it also proves, per
    # stored service value, one row per interval: the rows set one bit per interval of a bit
    # string, and every row set its own bit when as many bits are set as there are rows.
    top = (int(last) - int(first)) // iv
    if values is not None and ctx.con is con:
        ctx_cache(ctx, "_sladsl_service_values")[kind] = [(a, b) for a, b in values]
    prove = values is not None and (top + 1) * (2 * len(values) + 2) <= BIT_BUDGET
    checks = (f"min(_row) FILTER (WHERE (time - {int(first)}) % {iv} <> 0) AS off, "
              f"min(_row) FILTER (WHERE {total} < 0 OR {failed} < 0 OR {failed} > {total}) "
              f"AS bad, {odd_le} AS odd")
    if prove:
        # Whether there is a problem at all (without row numbers, which cost the scan a
        # column); only then is it looked for by row.
        wrong, single = con.execute(
            "SELECT coalesce(bool_or(wrong), false), coalesce(bool_and(c = b), true) FROM "
            f"(SELECT bool_or((time - {int(first)}) % {iv} <> 0 OR {total} < 0 OR {failed} < 0 "
            f"OR {failed} > {total}) AS wrong, count(*) AS c, bit_count(bitstring_agg(CAST("
            f"(time - {int(first)}) // {iv} AS BIGINT), 0, {top})) AS b FROM {q(kind)} "
            "GROUP BY service)").fetchone()  # type: ignore[misc]
        off = bad = odd = None
        if wrong:
            off, bad, odd = con.execute(f"SELECT {checks} FROM {q(kind)}").fetchone()  # type: ignore[misc]
    else:
        off, bad, odd = con.execute(f"SELECT {checks} FROM {q(kind)}").fetchone()  # type: ignore[misc]
        single = False
    if off is not None:
        raise _data_error(ctx, kind, int(off), f"the time is not on the {describe(iv)} "
                          f"grid of the first row{' (inferred)' if stated is None else ''}",
                          "each row counts one interval starting at its time; "
                          f'state the interval in the bindings: [{kind}] interval = "1m"')
    if bad is not None:
        raise _data_error(ctx, kind, int(bad), "counts must not be negative, and failures "
                          "not more than the total", "check the row's counts")
    if odd is not None:
        raise _data_error(ctx, kind, int(odd), "le is neither a number of seconds nor "
                          "+Inf", 'write the bucket bound as Prometheus does: "0.3", "+Inf"')
    cache[kind] = iv
    cache[kind, "grid"] = int(first) % iv
    cache[kind, "single"] = bool(single)
    return iv


#: The most bits a statement may set aside for bit strings of intervals (128 MiB): the proof of
#: one row per interval (a bit per interval and stored service value; past it the slices are
#: grouped, as without the proof), and a portfolio's non-empty slices (sladsl.engines.batch).
BIT_BUDGET = 2**30


def check_slices(ctx: Context, entry: ObjectiveEntry, source: str, size_us: int,
                 window: Period, slow: n.Node | None) -> None:
    """Counts can cut ``window`` into slices of ``size_us`` exactly, or a data error naming the
    clause that asks for more."""
    kind = COUNTS[source]
    iv = interval_us(ctx, kind)
    obj = entry.objective
    if slow is not None:
        raise clause_error(ctx, slow, f"{kind} cannot say which requests were slower than the "
                           "limit this clause counts as failed",
                           "measure from raw requests, or count slow requests as failed in "
                           "the 'failed' column and drop the sentence")
    if size_us % iv:
        node = next((r for r in obj.rules if isinstance(r, n.SliceRule | n.EmptySliceRule)),
                    entry.objective)
        raise clause_error(ctx, node, f"a slice of {describe(size_us)} cannot be cut from "
                           f"{kind} counted per {describe(iv)}",
                           f"export counts per {describe(size_us)} or less (a divisor of it)")
    _check_grid(ctx, kind, window, node=entry.objective)


def _check_grid(ctx: Context, kind: str, window: Period, node: n.Node) -> None:
    iv = interval_us(ctx, kind)
    grid = ctx_cache(ctx, "_sladsl_intervals")[kind, "grid"]
    if window.start_us % iv != grid:
        raise clause_error(ctx, node, f"the window {window} does not start on the "
                           f"{describe(iv)} grid of {kind}",
                           "export counts aligned on the interval (00:00, 00:05, …)")


def request_sums(ctx: Context, entry: ObjectiveEntry, target: n.RequestRatioTarget,
                 window: Period, failed: str, slow: n.Node | None
                 ) -> tuple[str, str, str, str]:
    """(table, hits, total, where) of a request ratio from ``request_counts``, or for
    *complete within* a limit from ``latency_buckets`` (a bucket bound at the limit)."""
    if slow is not None:
        raise clause_error(ctx, slow, "request_counts cannot say which requests were slower "
                           "than the limit this clause counts as failed",
                           "measure from raw requests, or drop the sentence")
    if target.outcome == "complete_within":
        return _bucket_sums(ctx, entry, target, window)
    where = window_where(ctx, "request_counts", entry, window)
    hits = f"sum({failed})" if target.outcome == "fail" else f"sum(total - {failed})"
    return "request_counts", hits, "sum(total)", where


def _bucket_sums(ctx: Context, entry: ObjectiveEntry, target: n.RequestRatioTarget,
                 window: Period) -> tuple[str, str, str, str]:
    """Requests within the limit: the bucket whose bound is the limit, over the ``+Inf``
    bucket (every request), summed over the window's intervals. Exact when every interval
    has that bucket; an error naming the clause otherwise."""
    from ..quantities import Duration

    if not ctx.data.has("latency_buckets"):
        raise clause_error(ctx, target, "request_counts do not say how fast each request was",
                           "add latency_buckets (a histogram with a bucket at the limit), or "
                           "measure from raw requests with a latency_ms column")
    within = target.within
    seconds = within.seconds if isinstance(within, Duration) else None
    if seconds is None:
        raise clause_error(ctx, target, "the limit is not a length of time", "500 ms")
    where = window_where(ctx, "latency_buckets", entry, window)
    bound = f"CAST('{seconds}' AS DECIMAL(18,6))"
    at_bound = f"{LE_BOUND} = {bound}"
    every = "lower(trim(le)) IN ('+inf', 'inf')"
    missing = ctx.con.execute(
        f"SELECT min(r) FROM (SELECT min(_row) AS r, count(*) FILTER (WHERE {at_bound}) AS a, "
        f"count(*) FILTER (WHERE {every}) AS b FROM latency_buckets WHERE {where} "
        "GROUP BY service, time) WHERE a <> b").fetchone()
    if missing is not None and missing[0] is not None:
        raise clause_error(ctx, target, f"latency_buckets has no bucket at {seconds} s (and "
                           f"+Inf) in every interval (row {missing[0]}), so the share within "
                           "the limit cannot be counted",
                           f"export a histogram with a bucket le=\"{seconds}\"")
    return ("latency_buckets", f"sum(count) FILTER (WHERE {at_bound})",
            f"sum(count) FILTER (WHERE {every})", where)


def window_where(ctx: Context, kind: str, entry: ObjectiveEntry, window: Period) -> str:
    """The rows of ``kind`` in the window for the service, without excluded intervals (an
    interval partly in excluded time is an error: counts cannot be split)."""
    from .context import service_where

    iv = interval_us(ctx, kind)
    _check_grid(ctx, kind, window, entry.objective)
    where = (f"time >= {window.start_us} AND time < {window.end_us} AND "
             f"{service_where(ctx, kind, entry.service.name)}")
    for a, b in ctx.exclusions.of(entry.service.name).excluded_intervals(window.start_us,
                                                                         window.end_us):
        part = ctx.con.execute(f"SELECT _row FROM {q(kind)} WHERE {where} AND time < {b} "
                               f"AND time + {iv} > {a} AND NOT (time >= {a} AND time + {iv} "
                               f"<= {b}) ORDER BY _row LIMIT 1").fetchone()
        if part is not None:
            raise _data_error(ctx, kind, int(part[0]),
                              f"the interval is partly in excluded time, which counts per "
                              f"{describe(iv)} cannot split ('{entry.objective.name}')",
                              "export counts per minute, or measure from raw requests")
        where += f" AND NOT (time >= {a} AND time + {iv} <= {b})"
    return where


def pooled_sums(ctx: Context, entry: ObjectiveEntry, target: n.RequestRatioTarget,
                window: Period) -> tuple[int, int] | None:
    """(hits, total) of a pooled request ratio from one grouped scan of the window shared by
    every service (``None`` when the service has excluded time in the window: its own query
    then leaves it out). Rows without a service count for every service, as
    :func:`~sladsl.evaluate.context.service_filter` says."""
    from .context import service_key

    name = entry.service.name
    if target.outcome == "complete_within" or \
            ctx.exclusions.of(name).excluded_intervals(window.start_us, window.end_us):
        return None
    cache = ctx_cache(ctx, "_sladsl_pooled_counts")
    key = (window.start_us, window.end_us)
    if key not in cache:
        if len(cache) >= 256:  # rolling windows: keep the cache bounded
            cache.clear()
        cache[key] = ctx.con.execute(
            f"SELECT service, lower(trim(service)), sum({failed_sql()}), sum(total) FROM "
            f"request_counts WHERE time >= {window.start_us} AND time < {window.end_us} "
            "GROUP BY service").fetchall()
    wanted = service_key(ctx, name)
    failed = total = 0
    for raw, norm, f, t in cache[key]:
        if raw is None or norm == wanted:
            failed, total = failed + int(f), total + int(t)
    return (failed if target.outcome == "fail" else total - failed), total


def share_sums(ctx: Context, window: Period, sums: list[tuple[str | None, str | None, int, int]]
               ) -> None:
    """Keeps the per-service sums of ``request_counts`` in ``window`` that a slice query
    found (stored value, normalised, failed, total) for :func:`pooled_sums`: the same sums
    (rows without requests add nothing, as none of them can have failed), without a scan."""
    cache = ctx_cache(ctx, "_sladsl_pooled_counts")
    key = (window.start_us, window.end_us)
    if key not in cache:
        if len(cache) >= 256:
            cache.clear()
        cache[key] = sums


def clause_error(ctx: Context, node: n.Node, message: str, hint: str) -> SlaDataError:
    """An error at a clause of the spec, naming its number."""
    from ..clauses import clause_index

    clause = clause_index(ctx.spec).get(node)
    where = f"clause {clause.number}: " if clause is not None else ""
    return SlaDataError([Diagnostic("D300", "error", where + message, node.span, hint)])


def _data_error(ctx: Context, kind: str, row: int, message: str, hint: str) -> SlaDataError:
    from ..errors import Span

    loaded = ctx.data.loaded[kind]
    span = Span.point(str(loaded.path), loaded.line(row), 1)
    return SlaDataError([Diagnostic("D200", "error", f"row {row}: {message}", span, hint)])



def check_raw_latency(ctx: Context, target: n.Node, what: str) -> None:
    """Percentiles and averages of response time need raw requests: with only counts or
    buckets, an error naming the clause."""
    if ctx.data.has("requests"):
        return
    for kind in ("latency_buckets", "request_counts"):
        if ctx.data.has(kind):
            says = "how many requests fell in each bucket" if kind == "latency_buckets" \
                else "how many requests there were, not how fast"
            raise clause_error(ctx, target, f"{what} needs every response time; {kind} only "
                               f"says {says}",
                               "measure from raw requests with a latency_ms column, or state "
                               "a target on the share of requests within a bucket's bound")
