"""Checks of credit tier tables: units, overlaps, gaps, monotony, credits where met.

A tier table is read against its objective's target. ``below 99.95% and at least 99.0%`` is
the interval [99.0, 99.95); the objective is met on [99.95, 100]. Together the tiers and the
met region must cover every value the measurement can take.

Two forms are accepted as written. *Banded*: the rows do not overlap, so a value falls in at
most one. *Cumulative*, as many providers publish them (``less than 99.95%: 10%``, ``less
than 99%: 25%``): every row has one bound, all on the same side, so the rows are nested and
a value can match several; the most severe matching row (the narrowest) applies.
:func:`pick_tier` is that rule, and the evaluator uses it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Protocol

from .. import nodes as n
from ..model import ObjectiveEntry
from ..quantities import UNIT_SECONDS, Count, Duration, Money, Percent, Quantity, Score, magnitude
from .intervals import Interval, first_gap

if TYPE_CHECKING:
    from ..errors import Span


class Checker(Protocol):
    """Where tier problems are reported (:class:`sladsl.check.checker.Checker` is one)."""

    def error(self, code: str, span: Span, message: str, hint: str) -> None: ...


def measured_target(entry: ObjectiveEntry) -> n.AggregateTarget | None:
    """The target whose measured value a tier table is read against (the first aggregate one)."""
    for t in entry.objective.targets:
        if isinstance(t, n.AggregateTarget):
            return t
    return None


def domain_of(q: Quantity) -> Interval:
    """Every value a measurement of this kind can take."""
    if isinstance(q, Percent):
        return Interval(Decimal(0), True, Decimal(100), True)
    if isinstance(q, Score):
        return Interval(Decimal(0), True, q.scale, True)
    if isinstance(q, Count):
        return Interval(Decimal(-100), True, Decimal(100), True)
    return Interval(Decimal(0), True, None, False)


def show(value: Decimal, like: Quantity) -> str:
    """A magnitude written in the unit of ``like`` (``99.5%``, ``450 ms``)."""
    if isinstance(like, Percent):
        return f"{value.normalize():f}%"
    if isinstance(like, Duration) and not like.on_calendar and like.unit in UNIT_SECONDS:
        return f"{(value / UNIT_SECONDS[like.unit]).normalize():f} {like.unit}"
    return f"{value.normalize():f}"


def tier_interval(tier: n.Tier) -> Interval:
    return Interval.from_bounds([(b.comparator, magnitude(b.value)) for b in tier.bounds])


def cumulative(table: n.TierTable) -> bool:
    """Whether the rows are written cumulatively: one bound each, all on the same side (all
    ``less than``/``at most``, or all ``more than``/``at least``), each threshold once."""
    if len(table.tiers) < 2 or any(len(t.bounds) != 1 for t in table.tiers):
        return False
    sides = {t.bounds[0].comparator in ("less_than", "at_most") for t in table.tiers}
    keys = {(t.bounds[0].comparator, magnitude(t.bounds[0].value)) for t in table.tiers}
    return len(sides) == 1 and len(keys) == len(table.tiers)


def _inside(a: Interval, b: Interval) -> bool:
    """Whether every value of ``a`` is in ``b``."""
    return a.intersect(b) == a or a.empty


def pick_tier(table: n.TierTable, matches: list[n.Tier]) -> n.Tier | None:
    """Of the rows a value matches, the one that applies: the only one in a banded table; in a
    cumulative table the most severe, which is the narrowest (inside every other match).
    ``None`` when the matching rows are not nested (overlapping bands)."""
    if len(matches) <= 1:
        return matches[0] if matches else None
    ivs = [(t, tier_interval(t)) for t in matches]
    for t, iv in ivs:
        if all(_inside(iv, other) for _, other in ivs):
            return t
    return None


def interval_words(iv: Interval, like: Quantity) -> str:
    """An interval in tier words: ``below 99.9% and at least 99.0%``."""
    parts = []
    if iv.hi is not None:
        parts.append(("at most " if iv.hi_closed else "below ") + show(iv.hi, like))
    if iv.lo is not None:
        parts.append(("at least " if iv.lo_closed else "above ") + show(iv.lo, like))
    return " and ".join(parts)


def check_tiers(checker: Checker, entry: ObjectiveEntry, table: n.TierTable) -> None:
    target = measured_target(entry)
    if target is None:
        if entry.objective.targets:
            checker.error("S115", table.span, f'"{entry.objective.name}" sets a target for each '
                          "ticket, so it has no single measured value to put in tiers",
                          f'for "{entry.objective.name}": 2% of the Monthly Fee for each missed '
                          "ticket.")
        return
    value = target.value
    good: list[tuple[n.Tier, Interval]] = []
    for tier in table.tiers:
        wrong = [b for b in tier.bounds if type(b.value) is not type(value)]
        if wrong:
            example = "below 99.9%: 10% of the Monthly Fee." if isinstance(value, Percent) \
                else f"above {value}: 5% of the Monthly Fee."
            kind = {Percent: "a percentage", Duration: "a duration", Score: "a score",
                    Count: "a number", Money: "an amount"}[type(value)]
            checker.error("S103", wrong[0].span, f"a credit tier for "
                          f'"{entry.objective.name}" needs {kind} as its threshold, like the '
                          f"objective's target ({value})", example)
            continue
        iv = tier_interval(tier)
        if iv.empty:
            checker.error("S108", tier.span, "this tier's range is empty, so it can never apply",
                          "below 99.95% and at least 99.0%: 10% of the Monthly Fee.")
            continue
        good.append((tier, iv))
    if len(good) != len(table.tiers):
        return
    met = Interval.from_comparator(target.comparator, magnitude(value))
    nested = cumulative(table)
    for i, (tier, iv) in enumerate(good):
        for other, oiv in good[:i]:
            if not nested and iv.overlaps(oiv):
                sample = show(iv.intersect(oiv).sample(), value)
                checker.error("S108", tier.span, f"this tier overlaps the tier on line "
                              f"{other.span.line}: a value of {sample} falls in both",
                              "make the ranges meet without overlapping: `below 99.0%` then "
                              "`at least 99.0%`")
        if iv.overlaps(met):
            sample = show(iv.intersect(met).sample(), value)
            missed = Interval.from_comparator(_negate(target.comparator), magnitude(value))
            fix = iv.intersect(missed)
            hint = (f"on line {tier.span.line}, write `{interval_words(fix, value)}:` so that "
                    f"the tier starts where the target of {value} is missed"
                    if not fix.empty else f"delete line {tier.span.line}: every value it covers "
                    f"meets the target of {value}")
            checker.error("S111", tier.span, f"this tier pays a credit when the objective is met "
                          f"(a value of {sample} meets the target of {value})", hint)
    gap = first_gap([iv for _, iv in good] + [met], domain_of(value))
    if gap is not None and not gap.empty:
        checker.error("S109", table.span, f'the tiers for "{entry.objective.name}" leave a gap: '
                      f"a measured value of {show(gap.sample(), value)} misses the objective but "
                      "falls in no tier", _gap_hint(table, good, gap, value))
    _monotonic(checker, good, higher_is_better=target.comparator in ("at_least", "more_than"))


def _negate(comparator: n.Comparator) -> n.Comparator:
    """The comparator of the values that miss a target."""
    negated: dict[n.Comparator, n.Comparator] = {
        "at_least": "less_than", "more_than": "at_most", "at_most": "more_than",
        "less_than": "at_least"}
    return negated[comparator]


def _gap_hint(table: n.TierTable, good: list[tuple[n.Tier, Interval]], gap: Interval,
              value: Quantity) -> str:
    """The fix for this gap: the row that would fill it, and the neighbouring row that could be
    widened instead."""
    add = f"add the row `{interval_words(gap, value)}: …` to the table on line {table.span.line}"
    for tier, iv in good:
        touches_below = gap.lo is not None and iv.hi == gap.lo
        touches_above = gap.hi is not None and iv.lo == gap.hi
        if len(tier.bounds) == 2 and (touches_below or touches_above):
            wider = Interval(gap.lo if touches_above else iv.lo,
                             gap.lo_closed if touches_above else iv.lo_closed,
                             gap.hi if touches_below else iv.hi,
                             gap.hi_closed if touches_below else iv.hi_closed)
            return (f"{add}, or widen the row on line {tier.span.line} to "
                    f"`{interval_words(wider, value)}`")
        if len(tier.bounds) == 1 and (touches_below or touches_above):
            wider = Interval(gap.lo if touches_above else None, gap.lo_closed and touches_above,
                             gap.hi if touches_below else None, gap.hi_closed and touches_below)
            return (f"{add}, or change the row on line {tier.span.line} to "
                    f"`{interval_words(wider, value)}`")
    return add


def _credit_value(amount: n.Amount) -> tuple[str, Decimal] | None:
    if isinstance(amount, n.PercentOfFee) and isinstance(amount.percent, Percent):
        return (f"fee:{amount.fee.name}:{amount.fee.previous}", amount.percent.value)
    if isinstance(amount, n.FixedAmount) and isinstance(amount.value, Money):
        return (f"money:{amount.value.currency}", amount.value.amount)
    if isinstance(amount, n.FeeMultiple):
        return ("multiple", amount.multiple)
    return None


def _monotonic(checker: Checker, tiers: list[tuple[n.Tier, Interval]],
               higher_is_better: bool) -> None:
    def badness(item: tuple[n.Tier, Interval]) -> Decimal:
        iv = item[1]
        if higher_is_better:
            return -(iv.hi if iv.hi is not None else Decimal("1e30"))
        return iv.lo if iv.lo is not None else Decimal("-1e30")

    ordered = sorted(tiers, key=badness)
    for (better, _), (worse, _) in zip(ordered, ordered[1:], strict=False):
        a, b = _credit_value(better.amount), _credit_value(worse.amount)
        if a is not None and b is not None and a[0] == b[0] and b[1] < a[1]:
            checker.error("S110", worse.span, f"this tier pays less than the tier on line "
                          f"{better.span.line} although the service was worse",
                          "credits should grow as the measured value gets worse")
