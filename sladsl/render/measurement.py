"""The Measurement section: how each objective is measured, in words, defaults included.

Contracts are usually vague about measurement. Ours state, for every objective, the periods
and time zone, and every rule that decides the number: where it comes from, the time slices,
slices without samples, short outages, excluded time, pooling and the percentile method. A
rule the spec states is its own lettered clause (rendered by :mod:`.english`); a rule it does
not state is given here as the default that applies, so nothing is left unsaid.
"""

from __future__ import annotations

from .. import nodes as n
from ..model import ObjectiveEntry, availability_source
from .english import English
from .model import Inlines, Text

_AVAILABILITY_RULES = (n.SourceRule, n.SliceRule, n.EmptySliceRule, n.MinimumRunRule,
                       n.ExcludedTimeRule)


def _has(entry: ObjectiveEntry, cls: type[n.Node]) -> bool:
    return any(isinstance(r, cls) for r in entry.objective.rules)


def _targets(entry: ObjectiveEntry, cls: type[n.Node] | tuple[type[n.Node], ...]) -> bool:
    return any(isinstance(t, cls) for t in entry.objective.targets)


def periods(en: English, entry: ObjectiveEntry) -> Inlines:
    """The opening sentence: which objective, over which periods, in which time zone."""
    windows = _unique([t.window for t in entry.objective.targets if t.window is not None])
    clause = en.index.of(entry.objective)
    head = (Text(f"The {entry.objective.name} objective (clause {clause.number}) is measured "),)
    if not windows and all(isinstance(t, n.TicketTimeTarget) for t in entry.objective.targets):
        return (Text(f"The {entry.objective.name} objective (clause {clause.number}) applies to "
                     f"each ticket on its own, with all times in the {en.spec.time_zone} time "
                     "zone."),)
    if not windows:
        over: Inlines = (Text("over the measurement period"),)
    else:
        over = (Text("separately for "),)
        for i, w in enumerate(windows):
            if i:
                over += (Text(" and for "),)
            over += en.window(w)
    rolling = any(isinstance(w, n.RollingWindow) for w in windows)
    tail = (" (a rolling period ends at the end of each day)" if rolling else "")
    return (*head, *over, Text(f"{tail}, with period boundaries at midnight in the "
                               f"{en.spec.time_zone} time zone, allowing for changes to and "
                               "from daylight saving time."))


def _unique(windows: list[n.Window]) -> list[n.Window]:
    seen: list[tuple[str, str]] = []
    out: list[n.Window] = []
    for w in windows:
        key = ("c", w.unit) if isinstance(w, n.CalendarWindow) else ("r", str(w.days))
        if key not in seen:
            seen.append(key)
            out.append(w)
    return out


def measurement_paragraphs(en: English, entry: ObjectiveEntry) -> list[Inlines]:
    """Sentences for section 4 that are not a rule of the spec: periods and defaults."""
    out: list[Inlines] = [periods(en, entry)]
    if _targets(entry, n.AvailabilityTarget):
        out.extend(_availability(en, entry))
    if _targets(entry, n.PercentileTarget):
        if not _has(entry, n.PercentileMethodRule):
            out.append((Text("As no other method is stated, the nearest-rank method applies: "
                             "of the N values in the period sorted in ascending order, the p-th "
                             "percentile is the value at rank p/100 × N, rounded up to a whole "
                             "rank."),))
    if _targets(entry, n.RequestRatioTarget) and not _has(entry, n.AggregationRule):
        out.append((Text("As no other method is stated, the percentage is computed over all "
                         "requests in the period taken together, not as an average of the "
                         "percentages of shorter periods."),))
    if any(isinstance(t, n.TicketTimeTarget | n.TicketRatioTarget)
           and t.event.kind != "first_contact" for t in entry.objective.targets):
        out.append((Text("A ticket’s time runs from when it is opened until its first response "
                         "or its resolution. A limit stated in business hours or days, or in "
                         "hours of a named calendar, counts only the hours of that calendar, "
                         "skipping nights, weekends and public holidays; any other limit "
                         "counts every hour, 24 hours a day, 7 days a week."),))
    if _targets(entry, n.AverageTarget):
        out.append((Text("The average is the arithmetic mean of all scores received in the "
                         "period, computed exactly."),))
    if _targets(entry, n.NpsTarget):
        out.append((Text("The net promoter score is the percentage of promoters (answers of 9 "
                         "or 10 on a scale of 0 to 10) minus the percentage of detractors "
                         "(answers of 0 to 6), among all answers received in the period."),))
    if _targets(entry, n.ClosureRateTarget):
        out.append((Text("The closure rate is the number of tickets closed in the period as a "
                         "percentage of the number of tickets opened in it."),))
    return out


def _availability(en: English, entry: ObjectiveEntry) -> list[Inlines]:
    rules = entry.objective.rules
    slice_rule = next((r for r in rules if isinstance(r, n.SliceRule)), None)
    source = availability_source(entry.objective)
    out: list[Inlines] = []
    averaged = next((r for r in rules if isinstance(r, n.IntervalAverageRule)), None)
    if averaged is not None:
        if not _has(entry, n.SourceRule):
            out.append((Text(f"As no source is stated, the error rates are measured from the "
                             f"{source}."),))
        out.append((Text("Each interval is aligned on the start of the period, and the "
                         "average weighs each interval by its length, so that a shorter "
                         "interval at the end of the period counts exactly in proportion. "
                         "Availability is computed exactly and compared with the target "
                         "without rounding."),))
        if not _has(entry, n.EmptySliceRule):
            out.append((Text(f"As no other treatment is stated, an interval without any "
                             f"{source} has an error rate of 0%."),))
        if not _has(entry, n.ExcludedTimeRule):
            out.append((Text("As no other treatment is stated, "), *en.excluded_time(),
                        Text(f" counts as Available: {source} in it are not counted, and an "
                             "interval wholly within it has an error rate of 0%.")))
        return out
    if source == "incidents":
        out.append((Text("Availability is the time in the period not covered by a recorded "
                         "incident that made the service unavailable, as a percentage of the "
                         "period. It is computed exactly and compared with the target without "
                         "rounding."),))
        if not _has(entry, n.SourceRule):
            out.append((Text("As no source is stated, availability is measured from the "
                             "recorded incidents."),))
    else:
        samples = slice_rule.samples if slice_rule else source
        slice_name = en.slice_name(slice_rule.slice) if slice_rule else "a minute"
        out.append((Text(f"Availability is the number of Available slices of the period as a "
                         f"percentage of all its slices, where each slice is {slice_name}. It "
                         f"is computed exactly and compared with the target without "
                         f"rounding."),))
        if slice_rule is None:
            out.append((Text(f"As no other rule is stated, a minute counts as Unavailable when "
                             f"all of the {samples} in it fail."),))
        if not _has(entry, n.EmptySliceRule):
            out.append((Text(f"As no other treatment is stated, {slice_name} without any "
                             f"{samples} counts as Available."),))
    unit = "minute"
    if slice_rule is not None:
        unit = en.slice_name(slice_rule.slice).removeprefix("a ").removeprefix("an ")
    if not _has(entry, n.MinimumRunRule):
        what = "period of an incident" if source == "incidents" else f"Unavailable {unit}"
        out.append((Text(f"As no minimum is stated, every {what} counts as downtime, however "
                         "short the outage."),))
    if not _has(entry, n.ExcludedTimeRule):
        out.append((Text("As no other treatment is stated, "), *en.excluded_time(),
                    Text(" counts as Available.")))
    out.append(_averaging(entry))
    return out


def _averaging(entry: ObjectiveEntry) -> Inlines:
    """Availability over the whole period, or the mean of its days' (hours' …) availability."""
    rule = next((r for r in entry.objective.rules if isinstance(r, n.AggregationRule)
                 and r.method == "averaged"), None)
    if rule is None:
        return (Text("As no other method is stated, availability is computed over the whole "
                     "period at once, not as an average of the availability of shorter "
                     "periods."),)
    per = rule.per or "day"
    bounds = {"minute": "counted from the start of the period",
              "hour": "counted from the start of the period",
              "day": "from midnight to midnight", "week": "from Monday to Sunday",
              "month": "calendar months"}.get(per, "")
    return (Text(f"The availability of each {per} ({bounds}) is computed in the same way over "
                 f"that {per} alone; the availability for the period is the arithmetic mean of "
                 f"these percentages, computed exactly. A {per} left entirely out of the "
                 f"measurement has no percentage and is not part of the mean."),)
