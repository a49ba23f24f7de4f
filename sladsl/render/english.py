"""Canonical English for every formal statement, in the register of a contract.

``English(spec).statement(node)`` gives the sentence for one statement as inline content, with
defined terms, parties, priorities, services and objectives as references to the clause that
defines them. Numbers keep their exact digits; money, durations and dates are written for
people ("EUR 12,000.00", "4 business hours", "1 January 2026"). A statement type without a
method here fails loudly, naming the type.
"""

from __future__ import annotations

from decimal import Decimal

from .. import nodes as n
from ..check.tiers import cumulative
from ..clauses import ClauseIndex, clause_index, ordinal
from ..model import Spec
from ..quantities import Count, Duration, Money, Percent, Quantity, Score, magnitude
from .model import Inline, Inlines, Ref, Strong, Text
from .words import (
    _UNIT_WORDS,
    COMPARATORS,
    DAYS,
    MONTHS,
    capitalise,
    day_text,
    duration,
    merge,
    money,
    number,
    period_text,
    sentence,
)

# ---------------------------------------------------------------- the sentences


class English:
    """Canonical English for the statements of one spec."""

    def __init__(self, spec: Spec, index: ClauseIndex | None = None) -> None:
        self.spec = spec
        self.index = index or clause_index(spec)
        self.defined: dict[str, tuple[str, str]] = {}
        for items in (spec.calendars.values(), spec.amounts.values(), spec.per_customer.values(),
                      spec.terms.values()):
            for d in items:  # later kinds win: a "means" definition is the one to link to
                self.defined[d.name.lower()] = (d.name, self.index.of(d).anchor)

    # ---- dispatch

    def statement(self, node: n.Node) -> Inlines:
        """The sentence for one formal statement (or the phrase, for a credit tier)."""
        method = getattr(self, f"visit_{type(node).__name__}", None)
        if method is None:
            raise NotImplementedError(f"no English for a {type(node).__name__} statement")
        result: Inlines = merge(method(node))
        return capitalise(result)

    def plain(self, node: n.Node) -> str:
        return "".join(i.text for i in self.statement(node))

    # ---- references

    def term(self, name: str) -> Inline:
        """A defined term, spelled as defined and linked to its definition."""
        found = self.defined.get(" ".join(name.split()).lower())
        return Ref(found[0], found[1]) if found else Text(name)

    def party(self, ref: n.PartyRef | None = None, role: str = "provider") -> Inlines:
        """``the Provider`` with ``Provider`` linked to the party clause."""
        party = (self.spec.party(ref) if ref is not None
                 else next((p for p in self.spec.agreement.parties if p.role == role), None))
        if party is None:
            text = ref.text if ref is not None else f"the {role.capitalize()}"
            return (Text(text),)
        called = " ".join(party.called.split())
        anchor = self.index.of(party).anchor
        if called.lower().startswith("the "):
            return (Text(called[:4]), Ref(called[4:], anchor))
        return (Ref(called, anchor),)

    def priority(self, level: Decimal | None, plural: bool = False) -> Inlines:
        noun = "tickets" if plural else "ticket"
        if level is None:
            return (Text(noun),)
        definition = self.spec.priorities.get(level)
        label = f"Priority {number(level)}"
        ref: Inline = Ref(label, self.index.of(definition).anchor) if definition else Text(label)
        return (ref, Text(f" {noun}"))

    def service(self, service: n.Service) -> Inlines:
        article = "" if service.name.lower().startswith("the ") else "the "
        return (Text(article), Ref(service.name, self.index.of(service).anchor))

    def objective(self, ref: n.ObjectiveRef) -> Inlines:
        """``the Monthly Availability objective (clause 3.1.1)``."""
        entry = self.spec.objective(ref)
        if entry is None:
            return (Text(f"the {ref.name} objective"),)
        clause = self.index.of(entry.objective)
        return (Text("the "), Ref(entry.objective.name, clause.anchor),
                Text(f" objective (clause {clause.number})"))

    def period(self, unit: str) -> Inline:
        """``Calendar Month``, linked to the clause that defines the calendar periods."""
        return Ref(f"Calendar {unit.capitalize()}", self.index.time.anchor)

    def window(self, window: n.Window | None) -> Inlines:
        if isinstance(window, n.CalendarWindow):
            return (Text("each "), self.period(window.unit))
        if isinstance(window, n.RollingWindow):
            days = "day" if window.days == 1 else "days"
            return (Text(f"each rolling period of {number(window.days)} {days}"),)
        return (Text("the measurement period"),)

    def in_window(self, window: n.Window | None) -> Inlines:
        return (Text(" in "), *self.window(window)) if window is not None else ()

    def quantity(self, q: Quantity) -> Inlines:
        if isinstance(q, Percent):
            return (Text(f"{number(q.value)}%"),)
        if isinstance(q, Money):
            return (Text(money(q)),)
        if isinstance(q, Duration):
            calendar = self.term(q.calendar) if q.calendar else None
            return duration(q, calendar)
        if isinstance(q, Score):
            return (Text(f"{number(q.value)} out of {number(q.scale)}"),)
        assert isinstance(q, Count)
        return (Text(number(q.value)),)

    def compare(self, comparator: str, q: Quantity) -> Inlines:
        return (Text(COMPARATORS[comparator] + " "), *self.quantity(q))

    def amount(self, amount: n.Amount) -> Inlines:
        if isinstance(amount, n.PercentOfFee):
            out: list[Inline] = [*self.quantity(amount.percent), Text(" of the "),
                                 self.term(amount.fee.name)]
            if amount.fee.previous:
                out += [Text(" of the previous "), self.period(amount.fee.previous)]
            return tuple(out)
        if isinstance(amount, n.FixedAmount):
            return self.quantity(amount.value)
        return (Text(f"{number(amount.multiple)} times the fees paid during the downtime"),)

    def bounds(self, bounds: tuple[n.Bound, ...]) -> Inlines:
        """``less than 99.95% but at least 99.0%``: the exact words of a tier's range."""
        out: list[Inline] = []
        for i, b in enumerate(bounds):
            if i:
                out.append(Text(" but "))
            out += self.compare(b.comparator, b.value)
        return tuple(out)

    def owner(self, node: n.Node) -> n.Service | None:
        """The service whose objective holds ``node``."""
        for entry in self.spec.objectives:
            if any(t is node for t in entry.objective.items):
                return entry.service
        return None

    def owner_phrase(self, node: n.Node, joiner: str) -> Inlines:
        service = self.owner(node)
        return (Text(joiner), *self.service(service)) if service else ()

    def provider_ensures(self) -> Inlines:
        return (*self.party(role="provider"), Text(" shall ensure that "))

    # ---- header

    def visit_Party(self, node: n.Party) -> Inlines:
        return (Text(f"The {node.role} is {node.name} (“"), Strong(" ".join(node.called.split())),
                Text("”)."))

    def visit_Term(self, node: n.Term) -> Inlines:
        out: list[Inline] = [Text(f"This Agreement takes effect on {day_text(node.effective)}")]
        if node.until:
            out.append(Text(f" and continues until {day_text(node.until)}"))
        out.append(Text("."))
        if node.renewal is not None:
            out += [Text(" It then renews for successive periods of "),
                    *self.quantity(node.renewal), Text(".")]
        return tuple(out)

    # ---- definitions

    def visit_TermDefinition(self, node: n.TermDefinition) -> Inlines:
        return (Text("“"), Strong(node.name), Text(f"” means {sentence(node.meaning)}"))

    def visit_AmountDefinition(self, node: n.AmountDefinition) -> Inlines:
        return (Text("The "), self.term(node.name), Text(" is "), *self.quantity(node.value),
                Text("."))

    def visit_CustomerValue(self, node: n.CustomerValue) -> Inlines:
        return (Text("The "), self.term(node.name),
                Text(" is given for each customer in their order form."))

    def visit_CalendarDefinition(self, node: n.CalendarDefinition) -> Inlines:
        spans = [f"{s.start} to {s.end}, {day_range(s.first_day, s.last_day)}"
                 for s in node.spans]
        out: list[Inline] = [Text("“"), Strong(node.name),
                             Text(f"” means {' and '.join(spans)}")]
        if node.holidays:
            out.append(Text(f", except public holidays in {node.holidays}"))
        zone = node.time_zone or self.spec.time_zone
        out.append(Text(f", in the {zone} time zone."))
        return tuple(out)

    def visit_PriorityDefinition(self, node: n.PriorityDefinition) -> Inlines:
        return (Text("“"), Strong(f"Priority {number(node.level)}"),
                Text(f"” means {sentence(node.meaning)}"))

    # ---- targets

    def visit_AvailabilityTarget(self, node: n.AvailabilityTarget) -> Inlines:
        entry = next((e for e in self.spec.objectives
                      if any(t is node for t in e.objective.targets)), None)
        available: Inline = (Ref("Available", self.index.measurement(entry.objective).anchor)
                             if entry else Text("Available"))
        of = (Text(" of "), *self.window(node.window)) if node.window else (Text(" of the time"),)
        return (*self.provider_ensures(), *(self.owner_phrase(node, "") or (Text("the service"),)),
                Text(" is "), available, Text(" for "), *self.compare(node.comparator, node.value),
                *of, Text("."))

    def on_calendar(self, node: n.PercentileTarget | n.AverageTarget) -> Inlines:
        """`` of Business Hours`` after a limit counted on a named calendar."""
        calendar = getattr(node, "calendar", None)
        return (Text(" of "), self.term(calendar)) if calendar else ()

    def visit_PercentileTarget(self, node: n.PercentileTarget) -> Inlines:
        return (*self.provider_ensures(),
                Text(f"the {ordinal(node.percentile)} percentile of the {node.metric}s"),
                *self.owner_phrase(node, " of "), Text(" is "),
                *self.compare(node.comparator, node.value), *self.on_calendar(node),
                *self.in_window(node.window), Text("."))

    def visit_AverageTarget(self, node: n.AverageTarget) -> Inlines:
        return (*self.provider_ensures(), Text(f"the average {node.metric}"),
                *self.owner_phrase(node, " of "), Text(" is "),
                *self.compare(node.comparator, node.value), *self.on_calendar(node),
                *self.in_window(node.window), Text("."))

    def visit_RequestRatioTarget(self, node: n.RequestRatioTarget) -> Inlines:
        outcome: Inlines = {"fail": (Text(" fail"),), "succeed": (Text(" succeed"),)}.get(
            node.outcome, (Text(" complete within "),
                           *(self.quantity(node.within) if node.within else ())))
        return (*self.provider_ensures(), *self.compare(node.comparator, node.value),
                Text(" of requests"), *self.owner_phrase(node, " to "), *outcome,
                *self.in_window(node.window), Text("."))

    def ticket_event(self, event: n.TicketEvent, tickets: Inlines, node: n.Node) -> Inlines:
        raised = self.owner_phrase(node, " raised with ")
        limit = self.quantity(event.limit) if event.limit else ()
        if event.calendar and isinstance(event.limit, Duration) and not event.limit.calendar:
            limit = (*limit, Text(" of "), self.term(event.calendar))
        if event.kind == "first_response":
            return (Text("give a first response to "), *tickets, *raised, Text(" within "),
                    *limit)
        if event.kind == "resolved":
            return (Text("resolve "), *tickets, *raised, Text(" within "), *limit)
        return (Text("resolve "), *tickets, *raised, Text(" on first contact"))

    def visit_TicketTimeTarget(self, node: n.TicketTimeTarget) -> Inlines:
        tickets = (Text("each "), *self.priority(node.priority))
        any_time = (Text(", 24 hours a day, 7 days a week"),) if node.any_time else ()
        return (*self.party(role="provider"), Text(" shall "),
                *self.ticket_event(node.event, tickets, node), *any_time,
                *self.in_window(node.window), Text("."))

    def visit_TicketRatioTarget(self, node: n.TicketRatioTarget) -> Inlines:
        tickets = (*self.compare(node.comparator, node.value), Text(" of "),
                   *self.priority(node.priority, plural=True))
        return (*self.party(role="provider"), Text(" shall "),
                *self.ticket_event(node.event, tickets, node), *self.in_window(node.window),
                Text("."))

    def visit_ClosureRateTarget(self, node: n.ClosureRateTarget) -> Inlines:
        return (*self.provider_ensures(), Text("the closure rate"),
                *self.owner_phrase(node, " of "), Text(" is "),
                *self.compare(node.comparator, node.value), *self.in_window(node.window),
                Text("."))

    def visit_NpsTarget(self, node: n.NpsTarget) -> Inlines:
        return (*self.provider_ensures(), Text("the net promoter score"),
                *self.owner_phrase(node, " of "), Text(" is "),
                *self.compare(node.comparator, node.value), *self.in_window(node.window),
                Text("."))

    def visit_ScoreRatioTarget(self, node: n.ScoreRatioTarget) -> Inlines:
        return (*self.provider_ensures(), *self.compare(node.comparator, node.value),
                Text(" of satisfaction scores"), *self.owner_phrase(node, " for "),
                Text(" are "), *self.compare(node.score_comparator, node.score),
                *self.in_window(node.window), Text("."))

    # ---- measurement rules

    def visit_SourceRule(self, node: n.SourceRule) -> Inlines:
        source = {"probes": "the results of availability probes",
                  "requests": "the outcome of the requests received",
                  "incidents": "the start and end of recorded incidents"}[node.source]
        return (Text(f"Availability is measured from {source}."),)

    def slice_name(self, q: Quantity) -> str:
        if isinstance(q, Duration) and q.value == 1:
            unit = _UNIT_WORDS.get(q.unit, q.unit)
            return ("an " if unit[0] in "aeiou" or unit == "hour" else "a ") + unit
        return "a period of " + "".join(i.text for i in self.quantity(q))

    def visit_SliceRule(self, node: n.SliceRule) -> Inlines:
        name = self.slice_name(node.slice)
        if node.condition == "share":
            assert node.comparator is not None and node.threshold is not None
            cond: Inlines = (*self.compare(node.comparator, node.threshold),
                             Text(f" of the {node.samples} in it fail"))
        elif node.condition == "any_probe":
            cond = (Text("any probe in it fails"),)
        else:
            cond = (Text("all probes in it fail"),)
        return (Text(f"{name} counts as Unavailable when "), *cond, Text("."))

    def visit_EmptySliceRule(self, node: n.EmptySliceRule) -> Inlines:
        outcome = {"available": "counts as Available", "unavailable": "counts as Unavailable",
                   "excluded": "is left out of the measurement"}[node.counts_as]
        return (Text(f"{self.slice_name(node.slice)} without any {node.samples} {outcome}."),)

    def visit_MinimumRunRule(self, node: n.MinimumRunRule) -> Inlines:
        return (Text("Unavailable time counts as downtime only in unbroken runs of at least "),
                *self.quantity(node.length), Text("."))

    def excluded_time(self) -> Inlines:
        section = next((s for s in self.index.sections if s.key == "exclusions"), None)
        if section is None:
            return (Text("excluded time"),)
        return (Text("time excluded under "), Ref(f"section {section.number}", section.anchor))

    def visit_ExcludedTimeRule(self, node: n.ExcludedTimeRule) -> Inlines:
        outcome = (" counts as Available" if node.treatment == "available"
                   else " is left out of the measurement")
        return (*self.excluded_time(), Text(outcome + "."))

    def visit_AggregationRule(self, node: n.AggregationRule) -> Inlines:
        if node.method == "pooled":
            return (Text("The percentage is computed over all measurements in the period "
                         "taken together."),)
        return (Text(f"The percentage is the average of the percentages for each "
                     f"{node.per or 'day'} in the period."),)

    def visit_PercentileMethodRule(self, node: n.PercentileMethodRule) -> Inlines:
        # The sentences live beside the defaults the measurement section states.
        from ..model import PERCENTILE_METHODS

        return (Text(PERCENTILE_METHODS[node.method]),)

    def visit_PauseRule(self, node: n.PauseRule) -> Inlines:
        return (Text("Time during which a ticket is waiting for "), *self.party(node.party),
                Text(" is left out of the ticket’s time."))

    def visit_IntervalAverageRule(self, node: n.IntervalAverageRule) -> Inlines:
        q = node.interval
        each = _UNIT_WORDS.get(q.unit, q.unit) if isinstance(q, Duration) and q.value == 1 \
            else "interval of " + "".join(i.text for i in self.quantity(q))
        return (Text(f"Availability is {number(magnitude(node.whole))}% minus the average of "
                     f"the error rates of each {each} of the period, where the error rate of "
                     "an interval is the number of failed requests in it divided by the "
                     "number of requests in it, and an interval without requests has an "
                     "error rate of 0% unless stated otherwise. A shorter interval at the end "
                     "of the period counts in proportion to its length."),)

    def visit_MinimumSampleRule(self, node: n.MinimumSampleRule) -> Inlines:
        what = "survey responses" if node.samples == "responses" else "tickets"
        return (Text(f"The objective applies to a period only if at least "
                     f"{number(node.count)} {what} were received in it; in a period with "
                     "fewer it is not assessed: it is neither met nor missed, no service "
                     "credit is due for it, and the period does not count towards any right "
                     "to terminate."),)

    def visit_SlowRequestRule(self, node: n.SlowRequestRule) -> Inlines:
        return (Text("A request counts as failed when it takes longer than "),
                *self.quantity(node.limit), Text("."))

    # ---- responsibilities and exclusions

    def deadline(self, d: n.Deadline) -> Inlines:
        if d.kind in ("before", "by"):
            return (Text(f" {d.kind} {day_text(d.date or '')}"),)
        if d.kind == "every":
            return (Text(" every "), self.period(d.period or "month"))
        head: list[Inline] = [Text(" within "), *(self.quantity(d.within) if d.within else ()),
                              Text(f" {d.relation or 'after'} ")]
        if d.trigger == "period":
            return (*head, Text("the end of each "), self.period(d.period or "month"))
        if d.trigger == "incident":
            incident = (Text("incident"),) if d.priority is None else (
                *self.priority(d.priority)[:1], Text(" incident"))
            return (*head, Text("each "), *incident)
        return (*head, Text(d.event or ""))

    def visit_Responsibility(self, node: n.Responsibility) -> Inlines:
        return (*self.party(node.party), Text(f" shall {node.action}"),
                *self.deadline(node.deadline), Text("."))

    def visit_MaintenanceExclusion(self, node: n.MaintenanceExclusion) -> Inlines:
        kind = f"{node.kind} maintenance" if node.kind else "Maintenance"
        out: list[Inline] = [Text(f"{kind} is excluded if "), *self.party(role="provider"),
                             Text(" announces it at least "), *self.quantity(node.notice),
                             Text(" in advance")]
        if node.allowance is not None:
            out += [Text(", up to a total of "), *self.quantity(node.allowance),
                    *self.in_window(node.allowance_window),
                    Text("; maintenance beyond that allowance is not excluded")]
        out.append(Text("."))
        return tuple(out)

    def visit_ForceMajeureExclusion(self, node: n.ForceMajeureExclusion) -> Inlines:
        return (Text("Events of force majeure are excluded."),)

    def visit_CausedByExclusion(self, node: n.CausedByExclusion) -> Inlines:
        return (Text("Incidents caused by "), *self.party(node.party), Text(" are excluded."))

    def visit_LateReportExclusion(self, node: n.LateReportExclusion) -> Inlines:
        duty = next((r for r in self.spec.items(n.Responsibilities)
                     if isinstance(r, n.Responsibility) and r.action.startswith("report")
                     and self.spec.party(r.party) is self.spec.party(node.party)), None)
        where: Inlines = ()
        if duty is not None:
            clause = self.index.of(duty)
            where = (Text(" as required by "), Ref(f"clause {clause.number}", clause.anchor))
        return (Text("Incidents that "), *self.party(node.party),
                Text(" did not report on time"), *where, Text(" are excluded."))

    # ---- credits and remedies

    def visit_Tier(self, node: n.Tier) -> Inlines:
        return (*self.bounds(node.bounds), Text(": "), *self.amount(node.amount))

    def visit_TierTable(self, node: n.TierTable) -> Inlines:
        entry = self.spec.objective(node.objective)
        window = (entry.objective.targets[0].window
                  if entry and entry.objective.targets else None)
        if isinstance(window, n.CalendarWindow):
            over: Inlines = (Text("a "), self.period(window.unit))
        elif isinstance(window, n.RollingWindow):
            over = (Text(f"a rolling period of {number(window.days)} days"),)
        else:
            over = (Text("a period"),)
        if cumulative(node):
            return (Text("If the value measured for "), *self.objective(node.objective),
                    Text(" for "), *over, Text(" matches one or more rows below, "),
                    *self.party(role="customer"), Text(" is entitled to the service credit "
                    "of the most severe matching row only; the rows are not added together."))
        return (Text("If the value measured for "), *self.objective(node.objective),
                Text(" for "), *over,
                Text(" falls in a range below, "), *self.party(role="customer"),
                Text(" is entitled to the service credit shown for that range."))

    def visit_EventCredit(self, node: n.EventCredit) -> Inlines:
        if node.event == "missed_ticket":
            each: Inlines = (Text("For each "), *self.priority(node.priority),
                             Text(" that misses "), *self.objective(node.objective))
        else:
            each = (Text("For each full hour of downtime under "),
                    *self.objective(node.objective))
        return (*each, Text(", "), *self.party(role="customer"),
                Text(" is entitled to a service credit of "), *self.amount(node.amount),
                Text("."))

    def visit_MissedCredit(self, node: n.MissedCredit) -> Inlines:
        return (Text("If "), *self.objective(node.objective), Text(" is missed in a period, "),
                *self.party(role="customer"), Text(" is entitled to a service credit of "),
                *self.amount(node.amount), Text("."))

    def visit_CreditCap(self, node: n.CreditCap) -> Inlines:
        return (Text("The service credits for any "), self.period(node.period),
                Text(" shall not exceed "), *self.amount(node.amount), Text(" in total."))

    def visit_MinimumCredit(self, node: n.MinimumCredit) -> Inlines:
        return (Text("Each service credit is at least "), *self.amount(node.amount), Text("."))

    def visit_DeMinimis(self, node: n.DeMinimis) -> Inlines:
        if node.inclusive:
            return (Text("Service credits of "), *self.amount(node.amount),
                    Text(f" or less are not {node.verb}."))
        return (Text("Service credits of less than "), *self.amount(node.amount),
                Text(f" are not {node.verb}."))

    def visit_Forfeiture(self, node: n.Forfeiture) -> Inlines:
        return (Text("A service credit that is not claimed within the time allowed for claims "
                     "is forfeited and is not owed."),)

    def visit_BillingPeriod(self, node: n.BillingPeriod) -> Inlines:
        return (Text("Fees are billed every "), self.period(node.period),
                Text(f", and service credits are computed, capped and claimed for each "
                     f"calendar {node.period} of billing."))

    def visit_Rounding(self, node: n.Rounding) -> Inlines:
        how = {"half_up": "with halves rounded up", "half_even": "with halves rounded to even",
               "down": "always rounding down", "up": "always rounding up"}[node.mode]
        places = "place" if node.places == 1 else "places"
        return (Text(f"Service credits are rounded to {number(node.places)} decimal {places}, "
                     f"{how}."),)

    def visit_SoleRemedy(self, node: n.SoleRemedy) -> Inlines:
        return (Text("Service credits are "), *self.party(node.party),
                Text("’s sole and exclusive remedy for any failure to meet the service levels."))

    def visit_ClaimDeadline(self, node: n.ClaimDeadline) -> Inlines:
        return (*self.party(node.party), Text(" must claim a service credit within "),
                *self.quantity(node.within), Text(" after the end of the "),
                self.period(node.period), Text(" to which it relates."))

    def visit_TerminationRight(self, node: n.TerminationRight) -> Inlines:
        subject = (self.objective(node.objective) if node.objective
                   else (Text("any objective"),))
        streak = (f"{number(node.misses)} consecutive" if node.out_of is None
                  else f"{number(node.misses)} of any {number(node.out_of)} consecutive")
        plural = Ref(f"Calendar {node.period.capitalize()}s", self.index.time.anchor)
        return (Text("If "), *subject, Text(f" is missed in {streak} "), plural, Text(", "),
                *self.party(node.party), Text(" may terminate this Agreement."))

    def visit_ReportingClause(self, node: n.ReportingClause) -> Inlines:
        return (*self.party(node.party), Text(" shall report on the service levels every "),
                self.period(node.period), Text(f" through {node.channel}."))

    # ---- worked examples

    def visit_DowntimeFact(self, node: n.DowntimeFact) -> Inlines:
        service = self.spec.services.get(node.service) if node.service else None
        of = (Text(" of "), *self.service(service)) if service else (
            (Text(f" of the {node.service}"),) if node.service else ())
        return (*self.quantity(node.downtime), Text(" of downtime"), *of,
                Text(f" occur in {period_text(node.period)}."))

    def visit_MissedTicketsFact(self, node: n.MissedTicketsFact) -> Inlines:
        tickets = self.priority(node.priority, plural=node.count != 1)
        verb = "misses" if node.count == 1 else "miss"
        return (Text(f"{number(node.count)} "), *tickets,
                Text(f" {verb} their target in {period_text(node.period)}."))

    def visit_MeasuredFact(self, node: n.MeasuredFact) -> Inlines:
        return (Text("The value measured for "), *self.objective(node.objective),
                Text(f" in {period_text(node.period)} is "), *self.quantity(node.value),
                Text("."))

    def visit_SamplesFact(self, node: n.SamplesFact) -> Inlines:
        what = "survey responses" if node.samples == "responses" else "tickets"
        return (Text(f"{number(node.count)} {what} are received in "
                     f"{period_text(node.period)}."),)

    def visit_ValueOutcome(self, node: n.ValueOutcome) -> Inlines:
        return (Text("The value measured for "), *self.objective(node.objective), Text(" is "),
                *self.quantity(node.value), Text("."))

    def visit_VerdictOutcome(self, node: n.VerdictOutcome) -> Inlines:
        return (*self.objective(node.objective), Text(f" is {node.verdict}."))

    def visit_CreditOutcome(self, node: n.CreditOutcome) -> Inlines:
        if node.amount is None:
            return (*self.party(node.party), Text(" receives no service credit."))
        return (*self.party(node.party), Text(" receives a service credit of "),
                *self.amount(node.amount), Text("."))

    def visit_TerminationOutcome(self, node: n.TerminationOutcome) -> Inlines:
        return (*self.party(node.party), Text(" is entitled to terminate this Agreement."))


def day_range(first: int, last: int) -> str:
    """``Monday to Friday``, ``every day``, ``Saturday``."""
    if first == 0 and last == 6:
        return "every day"
    if first == last:
        return DAYS[first]
    return f"{DAYS[first]} to {DAYS[last]}"


#: The words helpers are re-exported: renderers and tests import them from here.
__all__ = ["COMPARATORS", "DAYS", "MONTHS", "English", "capitalise", "day_range", "day_text",
           "duration", "merge", "money", "number", "period_text", "sentence"]
