"""The canonical printer: a :class:`~sladsl.nodes.Document` back to ``.sla`` text.

One ``visit_<NodeClass>`` method per node class. Methods for sentences and their parts return
the sentence's words; methods for blocks write their heading and items through the
:class:`~sladsl.fmt.writer.Writer`. A node class without a method fails loudly, naming it.

The machinery (comments, blocks, the document and its header) is
:class:`~sladsl.fmt.document.DocumentPrinter`; this module holds the sentences.

Where the tree forgets how something was spelt and the spelling carries no meaning ("above"
or "more than", "a minute" or "a period of 1 minute") the printer picks one spelling. Where a
word is not in the tree but is still the author's (the ``probes`` of "computed over all probes
together", a typographic apostrophe) it is read back from the source text.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from .. import nodes as n
from ..quantities import Duration, Quantity
from .document import DocumentPrinter
from .writer import number, ordinal, plural, quantity, quote

_COMPARATORS = {"at_least": "at least", "at_most": "at most", "more_than": "more than",
                "less_than": "less than"}
#: In credit tiers the short forms read better: "below 99.95% and at least 99.0%".
_BOUNDS = {**_COMPARATORS, "more_than": "above", "less_than": "below"}
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_UNIT_WORDS = {"ms": "millisecond"}




class Printer(DocumentPrinter):
    """Prints one document in the canonical layout; see the module docstring."""

    # ---------------------------------------------------------------- the header

    def visit_Term(self, node: n.Term) -> list[str]:
        words = ["effective", node.effective]
        if node.until is not None:
            words += ["until", node.until]
        if node.renewal is not None:
            words[-1] += ","
            words += ["renewing", "for", *self.q(node.renewal)]
        return words

    # ---------------------------------------------------------------- definitions

    def visit_Definitions(self, node: n.Definitions) -> list[str]:
        self.block(node, "definitions", node.items)
        return []

    def visit_TermDefinition(self, node: n.TermDefinition) -> list[str]:
        return [quote(node.name), "means", quote(node.meaning) + "."]

    def visit_AmountDefinition(self, node: n.AmountDefinition) -> list[str]:
        return end([quote(node.name), "is", *self.q(node.value)])

    def visit_CustomerValue(self, node: n.CustomerValue) -> list[str]:
        return [quote(node.name), "is", "given", "per", "customer."]

    def visit_CalendarDefinition(self, node: n.CalendarDefinition) -> list[str]:
        words = [quote(node.name), "are"]
        for i, span in enumerate(node.spans):
            words += (["and"] if i else []) + self.visit(span)
        if node.holidays is not None:
            words[-1] += ","
            words += ["except", "public", "holidays", "in", node.holidays]
        if node.time_zone is not None:
            words[-1] += ","
            words += ["in", "time", "zone", node.time_zone]
        return end(words)

    def visit_HoursSpan(self, node: n.HoursSpan) -> list[str]:
        if (node.first_day, node.last_day) == (0, 6):
            days = ["every", "day"]
        elif node.first_day == node.last_day:
            days = [_DAYS[node.first_day]]
        else:
            days = [_DAYS[node.first_day], "to", _DAYS[node.last_day]]
        return [node.start, "to", node.end + ",", *days]

    def visit_PriorityDefinition(self, node: n.PriorityDefinition) -> list[str]:
        return ["priority", number(node.level), "means", quote(node.meaning) + "."]

    # ---------------------------------------------------------------- services, objectives

    def visit_Service(self, node: n.Service) -> list[str]:
        self.block(node, "service " + quote(node.name), node.items, spaced=True)
        return []

    def visit_Objective(self, node: n.Objective) -> list[str]:
        self.block(node, "objective " + quote(node.name), node.items)
        return []

    def visit_AvailabilityTarget(self, node: n.AvailabilityTarget) -> list[str]:
        return end(["the", "service", "shall", "be", "available", *self.cmp(node.comparator),
                    *self.q(node.value), "of", "the", "time", *self.window(node.window)])

    def visit_PercentileTarget(self, node: n.PercentileTarget) -> list[str]:
        return end(["the", ordinal(node.percentile), "percentile", "of", *node.metric.split(),
                    "shall", "be", *self.cmp(node.comparator), *self.q(node.value),
                    *_of_calendar(node.calendar), *self.window(node.window)])

    def visit_AverageTarget(self, node: n.AverageTarget) -> list[str]:
        return end(["the", "average", *node.metric.split(), "shall", "be",
                    *self.cmp(node.comparator), *self.q(node.value),
                    *_of_calendar(node.calendar), *self.window(node.window)])

    def visit_RequestRatioTarget(self, node: n.RequestRatioTarget) -> list[str]:
        outcome = ["complete", "within", *self.q(node.within)] if node.within is not None \
            else [node.outcome]
        return end([*self.cmp(node.comparator), *self.q(node.value), "of", "requests", "shall",
                    *outcome, *self.window(node.window)])

    def visit_TicketTimeTarget(self, node: n.TicketTimeTarget) -> list[str]:
        words = [*tickets(node.priority), "shall", *self.visit(node.event)]
        if node.any_time:
            words[-1] += ","
            words += ["at", "any", "time"]
        return end(words + self.window(node.window))

    def visit_TicketRatioTarget(self, node: n.TicketRatioTarget) -> list[str]:
        return end([*self.cmp(node.comparator), *self.q(node.value), "of",
                    *tickets(node.priority), "shall", *self.visit(node.event),
                    *self.window(node.window)])

    def visit_TicketEvent(self, node: n.TicketEvent) -> list[str]:
        if node.kind == "first_contact":
            return ["be", "resolved", "on", "first", "contact"]
        head = ["receive", "a", "first", "response"] if node.kind == "first_response" \
            else ["be", "resolved"]
        limit = self.q(node.limit) if node.limit is not None else []
        return [*head, "within", *limit, *_of_calendar(node.calendar)]

    def visit_ClosureRateTarget(self, node: n.ClosureRateTarget) -> list[str]:
        return end(["the", "closure", "rate", "shall", "be", *self.cmp(node.comparator),
                    *self.q(node.value), *self.window(node.window)])

    def visit_NpsTarget(self, node: n.NpsTarget) -> list[str]:
        return end(["the", "net", "promoter", "score", "shall", "be", *self.cmp(node.comparator),
                    *self.q(node.value), *self.window(node.window)])

    def visit_ScoreRatioTarget(self, node: n.ScoreRatioTarget) -> list[str]:
        return end([*self.cmp(node.comparator), *self.q(node.value), "of", "satisfaction",
                    "scores", "shall", "be", *self.cmp(node.score_comparator),
                    *self.q(node.score), *self.window(node.window)])

    def visit_CalendarWindow(self, node: n.CalendarWindow) -> list[str]:
        return ["in", "each", "calendar", node.unit]

    def visit_RollingWindow(self, node: n.RollingWindow) -> list[str]:
        return ["in", "each", "rolling", number(node.days), plural("day", node.days)]

    # ---------------------------------------------------------------- measurement rules

    def visit_PauseRule(self, node: n.PauseRule) -> list[str]:
        return ["time", "waiting", "for", *self.visit(node.party), "is", "left", "out."]

    def visit_SourceRule(self, node: n.SourceRule) -> list[str]:
        return ["availability", "is", "measured", "from", node.source + "."]

    def visit_SliceRule(self, node: n.SliceRule) -> list[str]:
        if node.condition == "share":
            assert node.comparator is not None and node.threshold is not None
            condition = [*self.cmp(node.comparator), *self.q(node.threshold), "of",
                         node.samples, "fail"]
        elif node.condition == "any_probe":
            condition = ["any", "probe", "fails"]
        else:
            condition = ["all", "probes", "fail"]
        return end([*self.slice(node.slice), "counts", "as", "unavailable", "when",
                    *condition])

    def visit_EmptySliceRule(self, node: n.EmptySliceRule) -> list[str]:
        return end([*self.slice(node.slice), "without", node.samples, "counts", "as",
                    node.counts_as])

    def visit_MinimumRunRule(self, node: n.MinimumRunRule) -> list[str]:
        return end(["downtime", "counts", "only", "in", "runs", "of", "at", "least",
                    *self.q(node.length)])

    def visit_ExcludedTimeRule(self, node: n.ExcludedTimeRule) -> list[str]:
        if node.treatment == "available":
            return ["excluded", "time", "counts", "as", "available."]
        return ["excluded", "time", "is", "left", "out", "of", "the", "measurement."]

    def visit_AggregationRule(self, node: n.AggregationRule) -> list[str]:
        if node.method == "pooled":
            return ["the", "percentage", "is", "computed", "over", "all", node.samples,
                    "together."]
        return ["the", "percentage", "is", "the", "average", "of", "the", "percentages", "for",
                "each", f"{_UNIT_WORDS.get(node.per or '', node.per)}."]

    def visit_PercentileMethodRule(self, node: n.PercentileMethodRule) -> list[str]:
        # "nearest rank" is one token of the grammar (one space inside): one word here.
        return ["percentiles", "are", "computed", "by", node.method.replace("_", " ") + "."]

    def visit_IntervalAverageRule(self, node: n.IntervalAverageRule) -> list[str]:
        interval = node.interval
        if isinstance(interval, Duration) and not interval.on_calendar \
                and number(interval.value) == "1":
            each = [_UNIT_WORDS.get(interval.unit, interval.unit)]
        else:
            each = ["interval", "of", *self.q(interval)]
        return end(["availability", "is", *self.q(node.whole), "minus", "the", "average", "of",
                    "the", "error", "rates", "of", "each", *each])

    def visit_MinimumSampleRule(self, node: n.MinimumSampleRule) -> list[str]:
        return ["the", "objective", "applies", "only", "when", "at", "least",
                number(node.count), node.samples, "were", "received."]

    def visit_SlowRequestRule(self, node: n.SlowRequestRule) -> list[str]:
        return end(["a", "request", "counts", "as", "failed", "when", "it", "takes", "longer",
                    "than", *self.q(node.limit)])

    # ---------------------------------------------------------------- responsibilities

    def visit_Responsibilities(self, node: n.Responsibilities) -> list[str]:
        self.block(node, "responsibilities", node.items)
        return []

    def visit_Responsibility(self, node: n.Responsibility) -> list[str]:
        return end([*self.visit(node.party), "shall", *node.action.split(),
                    *self.visit(node.deadline)])

    def visit_Deadline(self, node: n.Deadline) -> list[str]:
        if node.kind in ("before", "by"):
            return [node.kind, node.date or ""]
        if node.kind == "every":
            return ["every", "calendar", node.period or "month"]
        assert node.within is not None
        if node.trigger == "period":
            trigger = ["each", "calendar", node.period or "month"]
        elif node.trigger == "incident":
            priority = ["priority", number(node.priority)] if node.priority is not None else []
            trigger = ["each", *priority, "incident"]
        else:
            trigger = (node.event or "").split()
        return ["within", *self.q(node.within), node.relation or "after", *trigger]

    # ---------------------------------------------------------------- exclusions

    def visit_Exclusions(self, node: n.Exclusions) -> list[str]:
        self.block(node, "exclusions", node.items)
        return []

    def visit_MaintenanceExclusion(self, node: n.MaintenanceExclusion) -> list[str]:
        words = [*([node.kind] if node.kind else []), "maintenance", "announced", "at", "least",
                 *self.q(node.notice), "in", "advance"]
        if node.allowance is not None:
            words[-1] += ","
            words += ["up", "to", *self.q(node.allowance), *self.window(node.allowance_window)]
        return end(words)

    def visit_ForceMajeureExclusion(self, node: n.ForceMajeureExclusion) -> list[str]:
        return ["force", "majeure."]

    def visit_CausedByExclusion(self, node: n.CausedByExclusion) -> list[str]:
        return end(["incidents", "caused", "by", *self.visit(node.party)])

    def visit_LateReportExclusion(self, node: n.LateReportExclusion) -> list[str]:
        return ["incidents", *self.visit(node.party), "did", "not", "report", "on", "time."]

    # ---------------------------------------------------------------- credits

    def visit_Credits(self, node: n.Credits) -> list[str]:
        self.block(node, "service credits", node.items)
        return []

    def visit_TierTable(self, node: n.TierTable) -> list[str]:
        items = by_position([*node.tiers, *node.prose])
        self.block(node, "for " + " ".join(self.visit(node.objective)), items)
        return []

    def visit_Tier(self, node: n.Tier) -> list[str]:
        words: list[str] = []
        for i, bound in enumerate(node.bounds):
            words += (["and"] if i else []) + self.visit(bound)
        words[-1] += ":"
        return end(words + self.visit(node.amount))

    def visit_Bound(self, node: n.Bound) -> list[str]:
        return [*_BOUNDS[node.comparator].split(), *self.q(node.value)]

    def visit_EventCredit(self, node: n.EventCredit) -> list[str]:
        if node.event == "downtime_hour":
            event = ["full", "hour", "of", "downtime"]
        else:
            priority = ["priority", number(node.priority)] if node.priority is not None else []
            event = ["missed", *priority, "ticket"]
        return end([*self.objective_head(node.objective), *self.visit(node.amount), "for",
                    "each", *event])

    def visit_MissedCredit(self, node: n.MissedCredit) -> list[str]:
        return [*self.objective_head(node.objective), *self.visit(node.amount), "when",
                "missed."]

    def visit_CreditCap(self, node: n.CreditCap) -> list[str]:
        return end(["credits", "in", "a", "calendar", node.period, "are", "capped", "at",
                    *self.visit(node.amount)])

    def visit_MinimumCredit(self, node: n.MinimumCredit) -> list[str]:
        return end(["each", "credit", "is", "at", "least", *self.visit(node.amount)])

    def visit_DeMinimis(self, node: n.DeMinimis) -> list[str]:
        if node.inclusive:
            return ["credits", "of", *self.visit(node.amount), "or", "less", "are", "not",
                    node.verb + "."]
        return ["credits", "below", *self.visit(node.amount), "are", "not", node.verb + "."]

    def visit_Forfeiture(self, node: n.Forfeiture) -> list[str]:
        return ["a", "credit", "not", "claimed", "in", "time", "is", "forfeited."]

    def visit_BillingPeriod(self, node: n.BillingPeriod) -> list[str]:
        return ["fees", "are", "billed", "every", "calendar", node.period + "."]

    def visit_Rounding(self, node: n.Rounding) -> list[str]:
        # "half up" is one token of the grammar: one word here.
        return ["credits", "are", "rounded", node.mode.replace("_", " "), "to",
                number(node.places), "decimal", "places."]

    def visit_SoleRemedy(self, node: n.SoleRemedy) -> list[str]:
        party = self.visit(node.party)
        curly = "\N{RIGHT SINGLE QUOTATION MARK}s" in self.text_of(node.span)
        party[-1] += "\N{RIGHT SINGLE QUOTATION MARK}s" if curly else "'s"
        return ["credits", "are", *party, "sole", "and", "exclusive", "remedy."]

    def visit_ClaimDeadline(self, node: n.ClaimDeadline) -> list[str]:
        return [*self.visit(node.party), "must", "claim", "a", "credit", "within",
                *self.q(node.within), "after", "the", "end", "of", "the", "calendar",
                node.period + "."]

    def visit_TerminationRight(self, node: n.TerminationRight) -> list[str]:
        subject = self.visit(node.objective) if node.objective is not None \
            else ["any", "objective"]
        if node.out_of is None:
            streak, count = [number(node.misses), "consecutive"], node.misses
        else:
            streak = [number(node.misses), "of", "any", number(node.out_of), "consecutive"]
            count = node.out_of
        return ["if", *subject, "is", "missed", "in", *streak, "calendar",
                plural(node.period, count) + ",", *self.visit(node.party), "may", "terminate",
                "this", "agreement."]

    def visit_PercentOfFee(self, node: n.PercentOfFee) -> list[str]:
        return [*self.q(node.percent), "of", *self.visit(node.fee)]

    def visit_FeeRef(self, node: n.FeeRef) -> list[str]:
        previous = ["of", "the", "previous", "calendar", node.previous] if node.previous else []
        return ["the", node.name, *previous]

    def visit_FixedAmount(self, node: n.FixedAmount) -> list[str]:
        return self.q(node.value)

    def visit_FeeMultiple(self, node: n.FeeMultiple) -> list[str]:
        return [number(node.multiple), "times", "the", "fees", "paid", "during", "the",
                "downtime"]

    # ---------------------------------------------------------------- reporting, examples

    def visit_Reporting(self, node: n.Reporting) -> list[str]:
        self.block(node, "reporting", node.items)
        return []

    def visit_ReportingClause(self, node: n.ReportingClause) -> list[str]:
        return [*self.visit(node.party), "shall", "report", "every", "calendar", node.period,
                "through", quote(node.channel) + "."]

    def visit_Examples(self, node: n.Examples) -> list[str]:
        self.block(node, "examples", node.items, spaced=True)
        return []

    def visit_Example(self, node: n.Example) -> list[str]:
        self.heading(node, "example " + quote(node.name) + ":")
        self.out.indent()
        lines = by_position([*node.facts, *node.outcomes, *node.prose])
        previous: str | None = None
        for i, item in enumerate(lines):
            if isinstance(item, n.Prose):
                self.write(item)
                previous = None
                continue
            kind = "fact" if isinstance(item, n.Fact) else "outcome"
            keyword = "and" if kind == previous else ("given" if kind == "fact" else "then")
            words = [keyword, *self.visit(item)]
            # The full stop is optional on each line; the last line of a run ends the sentence.
            if i + 1 == len(lines) or isinstance(lines[i + 1], n.Prose):
                words[-1] += "."
            self.statement(item.span.line, item.span.end_line, words)
            previous = kind
        self.out.outdent()
        return []

    def visit_DowntimeFact(self, node: n.DowntimeFact) -> list[str]:
        service = ["of", quote(node.service)] if node.service is not None else []
        return [*self.q(node.downtime), "of", "downtime", *service, "in", node.period]

    def visit_MissedTicketsFact(self, node: n.MissedTicketsFact) -> list[str]:
        priority = ["priority", number(node.priority)] if node.priority is not None else []
        return [number(node.count), "missed", *priority, plural("ticket", node.count), "in",
                node.period]

    def visit_MeasuredFact(self, node: n.MeasuredFact) -> list[str]:
        return ["a", "measured", *self.visit(node.objective), "of", *self.q(node.value), "in",
                node.period]

    def visit_SamplesFact(self, node: n.SamplesFact) -> list[str]:
        return [number(node.count), node.samples, "were", "received", "in", node.period]

    def visit_ValueOutcome(self, node: n.ValueOutcome) -> list[str]:
        return [*self.visit(node.objective), "is", *self.q(node.value)]

    def visit_VerdictOutcome(self, node: n.VerdictOutcome) -> list[str]:
        return [*self.visit(node.objective), "is", node.verdict]

    def visit_CreditOutcome(self, node: n.CreditOutcome) -> list[str]:
        if node.amount is None:
            return [*self.visit(node.party), "receives", "no", "credit"]
        return [*self.visit(node.party), "receives", "a", "credit", "of",
                *self.visit(node.amount)]

    def visit_TerminationOutcome(self, node: n.TerminationOutcome) -> list[str]:
        return [*self.visit(node.party), "may", "terminate", "this", "agreement"]

    # ---------------------------------------------------------------- shared pieces

    def visit_PartyRef(self, node: n.PartyRef) -> list[str]:
        # A name such as "Service Desk Team" is one token (single spaces inside): one word.
        return ["the", node.name] if node.the else [node.name]

    def visit_ObjectiveRef(self, node: n.ObjectiveRef) -> list[str]:
        service = ["of", quote(node.service)] if node.service is not None else []
        return [quote(node.name), *service]

    def objective_head(self, ref: n.ObjectiveRef) -> list[str]:
        words = ["for", *self.visit(ref)]
        words[-1] += ":"
        return words

    def q(self, value: Quantity | None) -> list[str]:
        return quantity(value).split(" ") if value is not None else []

    def cmp(self, comparator: str) -> list[str]:
        return _COMPARATORS[comparator].split()

    def window(self, window: n.Window | None) -> list[str]:
        return self.visit(window) if window is not None else []

    def slice(self, value: Quantity) -> list[str]:
        """``a minute`` for one whole unit, else ``a period of 5 minutes``."""
        if isinstance(value, Duration) and not value.on_calendar and number(value.value) == "1":
            word = _UNIT_WORDS.get(value.unit, value.unit)
            return ["an" if word.startswith("h") else "a", word]
        return ["a", "period", "of", *self.q(value)]


def end(words: list[str]) -> list[str]:
    """Ends a sentence with a full stop."""
    words[-1] += "."
    return words


def tickets(priority: Decimal | None) -> list[str]:
    return ["priority", number(priority), "tickets"] if priority is not None else ["tickets"]


def by_position(items: Sequence[n.Node]) -> list[n.Node]:
    return sorted(items, key=lambda x: (x.span.line, x.span.column))


def _of_calendar(calendar: str | None) -> list[str]:
    """``of Business Hours`` after a limit counted on a calendar."""
    return ["of", calendar] if calendar is not None else []
