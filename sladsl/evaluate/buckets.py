"""Percentiles estimated from histogram buckets, when the agreement says so.

``percentiles are computed by linear interpolation within histogram buckets`` makes a
response-time percentile a number ``latency_buckets`` can give (the contract states the
method; :data:`sladsl.model.PERCENTILE_METHODS`). The buckets of every interval in the window
are added up bound by bound; with N the count of the ``+Inf`` bucket and r = p/100 × N, the
percentile lies in the first bucket whose count reaches r and is

    lower + (upper − lower) × (r − count below) ÷ (count of the bucket − count below)

(the first bucket's lower bound is 0; a rank in the ``+Inf`` bucket gives the highest finite
bound), which is how Prometheus's ``histogram_quantile`` estimates it. *Nearest rank within
histogram buckets* is the upper bound of the first bucket whose count reaches ⌈r⌉ (an upper
estimate). Arithmetic is exact.
"""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

from .aggregates import LE_BOUND, clause_error, window_where

if TYPE_CHECKING:
    from .. import nodes as n
    from ..model import ObjectiveEntry
    from .context import Context
    from .periods import Period


def bucket_percentile(ctx: Context, entry: ObjectiveEntry, target: n.PercentileTarget,
                      window: Period, method: str) -> tuple[Fraction | None, int]:
    """The estimated percentile in milliseconds and the number of requests."""
    if target.metric != "response time":
        raise clause_error(ctx, target, f"histogram buckets hold response times, not the "
                           f"{target.metric}", "use nearest rank or linear interpolation")
    if not ctx.data.has("latency_buckets"):
        raise clause_error(ctx, target, "percentiles estimated from histogram buckets need "
                           "latency_buckets data", "export the histogram's buckets per "
                           "interval: time,le,count (le in seconds, +Inf for the last)")
    where = window_where(ctx, "latency_buckets", entry, window)
    rows = ctx.con.execute(
        f"SELECT {LE_BOUND} AS bound, sum(count) FROM latency_buckets "
        f"WHERE {where} GROUP BY bound ORDER BY bound NULLS LAST").fetchall()
    finite = [(Fraction(Decimal(b)) * 1000, int(c)) for b, c in rows if b is not None]
    total = next((int(c) for b, c in rows if b is None), None)
    if total is None:
        if finite:
            raise clause_error(ctx, target, "latency_buckets has no +Inf bucket (every "
                               "request) in the window", 'add the le="+Inf" bucket')
        return None, 0
    if total == 0:
        return None, 0
    rank = Fraction(target.percentile) / 100 * total
    nearest = method.startswith("nearest")
    if nearest:
        rank = Fraction(max(1, math.ceil(rank)))
    lower, below = Fraction(0), 0
    for upper, count in finite:
        if count >= rank:
            if nearest or count == below:  # (an empty bucket reached exactly: its bound)
                return upper, total
            return lower + (upper - lower) * (rank - below) / (count - below), total
        lower, below = upper, count
    return (finite[-1][0] if finite else None), total
