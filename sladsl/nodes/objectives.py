"""Services and their objectives: targets and measurement rules."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from ..errors import Span
from ..frozen import node
from ..quantities import Quantity
from .base import (
    Comparator,
    Node,
    PartyRef,
    Prose,
    Window,
)

# ---------------------------------------------------------------- objectives


@node
class AvailabilityTarget(Node):
    """``the service shall be available at least 99.95% of the time in each calendar month``."""

    comparator: Comparator
    value: Quantity
    window: Window | None


@node
class PercentileTarget(Node):
    """``the 95th percentile of response time shall be at most 300 ms …``."""

    percentile: Decimal
    metric: str  # response time | turnaround time | resolution time | satisfaction score
    comparator: Comparator
    value: Quantity
    window: Window | None
    calendar: str | None = None  # "at most 2 days of Business Hours"


@node
class AverageTarget(Node):
    """``the average satisfaction score shall be at least 4.2 out of 5 …``."""

    metric: str
    comparator: Comparator
    value: Quantity
    window: Window | None
    calendar: str | None = None


@node
class RequestRatioTarget(Node):
    """``at most 0.1% of requests shall fail``, ``… shall complete within 500 ms``."""

    comparator: Comparator
    value: Quantity
    outcome: Literal["fail", "succeed", "complete_within"]
    within: Quantity | None
    window: Window | None


@node
class TicketEvent(Node):
    """What must happen to a ticket: first response or resolution within a time, or FCR."""

    kind: Literal["first_response", "resolved", "first_contact"]
    limit: Quantity | None
    calendar: str | None  # "4 hours of Business Hours"


@node
class TicketTimeTarget(Node):
    """``priority 1 tickets shall receive a first response within 15 minutes, at any time``."""

    priority: Decimal | None
    event: TicketEvent
    any_time: bool
    window: Window | None


@node
class TicketRatioTarget(Node):
    """``at least 95% of priority 1 tickets shall be resolved within 4 hours …``."""

    comparator: Comparator
    value: Quantity
    priority: Decimal | None
    event: TicketEvent
    window: Window | None


@node
class ClosureRateTarget(Node):
    """``the closure rate shall be at least 95% in each calendar month``."""

    comparator: Comparator
    value: Quantity
    window: Window | None


@node
class NpsTarget(Node):
    """``the net promoter score shall be at least 30 in each calendar quarter``."""

    comparator: Comparator
    value: Quantity
    window: Window | None


@node
class ScoreRatioTarget(Node):
    """``at least 85% of satisfaction scores shall be at least 4 out of 5 …``."""

    comparator: Comparator
    value: Quantity
    score_comparator: Comparator
    score: Quantity
    window: Window | None


#: Targets on one measured value per period (a percentage, a percentile, an average …).
AggregateTarget = (AvailabilityTarget | PercentileTarget | AverageTarget | RequestRatioTarget
                   | TicketRatioTarget | ClosureRateTarget | NpsTarget | ScoreRatioTarget)
#: Every target sentence; ``TicketTimeTarget`` sets a limit for each ticket instead.
Target = AggregateTarget | TicketTimeTarget


@node
class SourceRule(Node):
    """``availability is measured from probes``."""

    source: Literal["probes", "requests", "incidents"]


@node
class SliceRule(Node):
    """``a minute counts as unavailable when more than 5% of requests fail``."""

    slice: Quantity  # a Duration
    condition: Literal["share", "any_probe", "all_probes"]
    comparator: Comparator | None
    threshold: Quantity | None
    samples: Literal["requests", "probes"]


@node
class EmptySliceRule(Node):
    """``a minute without requests counts as available``."""

    slice: Quantity
    samples: Literal["requests", "probes"]
    counts_as: Literal["available", "unavailable", "excluded"]


@node
class MinimumRunRule(Node):
    """``downtime counts only in runs of at least 5 minutes``."""

    length: Quantity


@node
class ExcludedTimeRule(Node):
    """``excluded time counts as available`` / ``… is left out of the measurement``."""

    treatment: Literal["available", "left_out"]


@node
class AggregationRule(Node):
    """``the percentage is computed over all requests together`` / ``… average … each day``."""

    method: Literal["pooled", "averaged"]
    per: str | None  # the slice unit for averaged: minute, hour, day …
    samples: Literal["requests", "probes"] = "requests"  # what is pooled


#: ``percentiles are computed by linear interpolation within histogram buckets`` (or nearest
#: rank): estimated from cumulative bucket counts (sladsl.evaluate.buckets).
BUCKET_METHODS = ("nearest_rank_within_histogram_buckets",
                  "linear_interpolation_within_histogram_buckets")


@node
class PercentileMethodRule(Node):
    """``percentiles are computed by nearest rank`` (or ``linear interpolation``)."""

    method: Literal["nearest_rank", "linear_interpolation",
                    "nearest_rank_within_histogram_buckets",
                    "linear_interpolation_within_histogram_buckets"]


@node
class SlowRequestRule(Node):
    """``a request counts as failed when it takes longer than 2 seconds``."""

    limit: Quantity


@node
class PauseRule(Node):
    """``time waiting for the Customer is left out``: the ticket clock stops while paused."""

    party: PartyRef


@node
class IntervalAverageRule(Node):
    """``availability is 100% minus the average of the error rates of each interval of
    5 minutes``: the mean of per-interval error rates, not all-or-nothing slices."""

    whole: Quantity  # the 100% the average is taken from
    interval: Quantity  # a Duration


@node
class MinimumSampleRule(Node):
    """``the objective applies only when at least 20 responses were received``."""

    count: Decimal
    samples: Literal["responses", "tickets"]


MeasurementRule = (PauseRule | IntervalAverageRule | MinimumSampleRule | SourceRule | SliceRule
                   | EmptySliceRule | MinimumRunRule | ExcludedTimeRule | AggregationRule
                   | PercentileMethodRule | SlowRequestRule)


@node
class Objective(Node):
    """An ``objective "Name":`` block: its target sentences, measurement rules and prose."""

    name: str
    name_span: Span
    targets: tuple[Target, ...]
    rules: tuple[MeasurementRule, ...]
    prose: tuple[Prose, ...]
    items: tuple[Node, ...]  # everything in source order


@node
class Service(Node):
    """A ``service "Name":`` block."""

    name: str
    name_span: Span
    objectives: tuple[Objective, ...]
    items: tuple[Node, ...]
