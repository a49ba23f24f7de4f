"""Checks of the terms providers publish: interval-average availability, minimum samples,
the billing period and forfeiture (issue 13).

Functions over a :class:`Checker` (:class:`sladsl.check.checker.Checker` is one), like
:func:`sladsl.check.tiers.check_tiers`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from .. import nodes as n
from ..quantities import Duration, Percent, Quantity
from .billing import billing

if TYPE_CHECKING:
    from decimal import Decimal

    from ..errors import Span
    from ..model import Spec


class Checker(Protocol):
    """Where problems are reported, and the single-value checks used here."""

    def error(self, code: str, span: Span, message: str, hint: str) -> None: ...

    def duration(self, q: Quantity, span: Span, what: str, allow_zero: bool = False) -> None: ...

    def positive_int(self, value: Decimal, span: Span, what: str) -> None: ...


def check_sample_rule(checker: Checker, spec: Spec, r: n.IntervalAverageRule | n.MinimumSampleRule,
                      kinds: set[type], rules: tuple[n.MeasurementRule, ...]) -> None:
    """The interval-average formula and the minimum number of samples."""
    if isinstance(r, n.IntervalAverageRule):
        checker.duration(r.interval, r.span, "an interval")
        if not (isinstance(r.whole, Percent) and r.whole.value == 100):
            checker.error("S104", r.span, "availability is 100% minus the average error rate",
                          "availability is 100% minus the average of the error rates of each "
                          "interval of 5 minutes.")
        if n.AvailabilityTarget not in kinds:
            return
        source = next((x.source for x in rules if isinstance(x, n.SourceRule)), None)
        if source == "incidents":
            checker.error("S115", r.span, "error rates need requests or probes, and this "
                          "objective is measured from incidents",
                          "availability is measured from requests.")
        for other in rules:
            if isinstance(other, n.EmptySliceRule) and isinstance(other.slice, Duration) \
                    and isinstance(r.interval, Duration) \
                    and other.slice.seconds != r.interval.seconds:
                checker.error("S104", other.span, "this rule names intervals of another length "
                              f"than the error-rate intervals (line {r.span.line})",
                              "use the same length: a period of 5 minutes without requests "
                              "counts as available.")
            if isinstance(other, n.SliceRule | n.MinimumRunRule | n.AggregationRule):
                checker.error("S115", other.span, "this rule does not apply when availability "
                              f"is the average of interval error rates (line {r.span.line})",
                              "delete it: each interval's error rate counts as measured")
        return
    checker.positive_int(r.count, r.span, "a minimum number of samples")
    survey = {n.NpsTarget, n.ScoreRatioTarget}
    tickets = {n.TicketTimeTarget, n.TicketRatioTarget, n.ClosureRateTarget}
    owner = spec.objective_with_rule(r)
    metrics = {getattr(t, "metric", "") for t in owner.targets} if owner else set()
    fits = (bool(kinds & survey) or "satisfaction score" in metrics) \
        if r.samples == "responses" else \
        bool(kinds & tickets) or bool(metrics & {"resolution time", "turnaround time"})
    if not fits:
        what = "survey responses" if r.samples == "responses" else "tickets"
        checker.error("S115", r.span, f"this objective measures no {what}, so their number "
                      "cannot decide whether it applies", "the objective applies only when at "
                      f"least 20 {r.samples} were received.")


def check_billing(checker: Checker, spec: Spec) -> None:
    """One billing period, stated or unambiguous; forfeiture needs a claim deadline."""
    items = spec.items(n.Credits)
    stated = [x for x in items if isinstance(x, n.BillingPeriod)]
    for extra in stated[1:]:
        checker.error("S101", extra.span, f"the billing period is already stated on line "
                      f"{stated[0].span.line}", "state it once")
    result = billing(spec)
    if result.ambiguous:
        units = sorted({u for u, _, _ in result.evidence})
        span = next((x.span for x in items if isinstance(x, n.TierTable | n.EventCredit
                                                           | n.MissedCredit)),
                    result.evidence[0][2].span)
        checker.error("S130", span, "the billing period of these credits is ambiguous ("
                      + "; ".join(w for _, w, _ in result.evidence) + "), so the fee a credit "
                      "is a share of, and the minutes it is divided by, are unclear",
                      f"state it under service credits: fees are billed every calendar "
                      f"{units[0]}.")
    forfeit = next((x for x in items if isinstance(x, n.Forfeiture)), None)
    if forfeit is not None and not any(isinstance(x, n.ClaimDeadline) for x in items):
        checker.error("S102", forfeit.span, "a credit can be forfeited only after a claim "
                      "deadline, and none is stated", "the Customer must claim a credit "
                      "within 30 days after the end of the calendar month.")
