"""Semantic checks: what parses but cannot be right, reported all at once, sorted by position.

Codes: ``S1xx`` are errors (duplicate or unknown names, unit mistakes, values out of range,
invalid dates, zones and holiday regions, broken credit tiers, missing windows); ``W2xx`` are
warnings for what is legal but suspicious. Each diagnostic has a hint with a valid example.
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal

from .. import nodes as n
from ..errors import Diagnostic, Span
from ..model import ObjectiveEntry, Spec, called_key
from ..quantities import Count, Duration, Money, Percent, Quantity
from ..regions import supported, valid_region
from ..syntax.lexer import PATTERNS
from .lookalike import scripts_of, skeletons
from .published import check_billing, check_sample_rule
from .rules import check_aggregation, check_fixed_outcome, check_outcome_party, check_slices
from .tiers import check_tiers
from .values import Checks, known_zones, mean_of, valid_zone

_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
#: Compiled through the lexer's pattern store on first use (see :mod:`sladsl.syntax.lexer`).
_SUSPICIOUS = "[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u200b-\u200d\u2060\ufeff]"


class Checker(Checks):
    """Checks every clause of one :class:`Spec`."""

    def run(self) -> list[Diagnostic]:
        self.text()
        self.names()
        self.header()
        self.definitions()
        self.services()
        self.responsibilities()
        self.exclusions()
        self.credits()
        self.reporting()
        self.examples()
        unique = {(d.sort_key, d.message): d for d in self.out}
        return sorted(unique.values(), key=lambda d: (d.sort_key, d.message))

    # ---- hostile text

    def text(self) -> None:
        """Bidi controls and invisible characters anywhere, comments and prose included: they
        make a clause display differently from what it says (CVE-2021-42574, "Trojan Source")."""
        suspicious = PATTERNS.compile(_SUSPICIOUS)
        for lineno, line in enumerate(self.spec.source.split("\n"), start=1):
            for m in suspicious.finditer(line):
                ch = m.group(0)
                name = unicodedata.name(ch, f"U+{ord(ch):04X}")
                span = Span.point(self.spec.file, lineno, m.start() + 1)
                if ch in _BIDI:
                    self.error("S120", span, f"a bidirectional control character ({name}) can "
                               "make this line display differently from what it says",
                               "delete it; sladsl text needs no direction overrides")
                else:
                    self.error("S121", span, f"an invisible character ({name}) hides here",
                               "delete it")

    def names(self) -> None:
        """Names mixing scripts (a Cyrillic "а" in "Availability") are homoglyph traps."""
        if self.spec.source.isascii():  # one script only: nothing to look for
            return
        named: dict[str, n.Node] = {}
        for node in self.nodes:
            for field_name in ("name", "called", "title", "service"):
                value = getattr(node, field_name, None)
                if not isinstance(value, str):
                    continue
                named.setdefault(value, node)
                if not value.isascii() and len(scripts := scripts_of(value)) > 1:
                    self.error("S122", getattr(node, "name_span", None) or node.span,
                               f"the name \"{value}\" mixes {' and '.join(sorted(scripts))} "
                               "letters, so it can look like another name",
                               "write each name in one script")
        skeleton = skeletons(list(named))
        alike: dict[str, list[str]] = {}
        for value in named:
            alike.setdefault(skeleton[value], []).append(value)
        for value, node in named.items():
            twin = next((o for o in alike[skeleton[value]] if o != value), None)
            if not value.isascii() and twin is not None:
                self.error("S123", getattr(node, "name_span", None) or node.span,
                           f"the name \"{value}\" ({' and '.join(sorted(scripts_of(value)))} "
                           f"letters) looks the same as the name \"{twin}\" but is another "
                           "name, so a reader cannot tell which is meant",
                           f"write it in the letters of \"{twin}\" if it is the same name, or "
                           "give it a name that looks different")

    # ---- header

    def header(self) -> None:
        a = self.spec.agreement
        roles = [p.role for p in a.parties]
        for role in ("provider", "customer"):
            if roles.count(role) == 0:
                self.error("S114", a.span, f"the agreement names no {role}",
                           f'add a line: {role} "Name Ltd." called "the {role.capitalize()}"')
            elif roles.count(role) > 1:
                dup = [p for p in a.parties if p.role == role][1]
                self.error("S101", dup.span, f"the agreement names a second {role}",
                           f"name exactly one {role}")
        called: dict[str, n.Party] = {}
        for p in a.parties:
            key = called_key(p.called)
            if key in called:
                self.error("S101", p.span, f'"{p.called}" already names the {called[key].role}',
                           'give each party its own name: called "the Customer"')
            called[key] = p
            if not p.called.strip() or not p.name.strip():
                self.error("S104", p.span, "a party needs a name and what it is called",
                           'provider "Acme Cloud Ltd." called "the Provider"')
        for what, span in a.repeated:
            self.error("S101", span, f"the agreement's `{what}` is given more than once",
                       f"keep one `{what}` line in the header")
        if a.term is not None:
            start = self.date(a.term.effective, a.term.span, "the effective date")
            end = self.date(a.term.until, a.term.span, "the end date") if a.term.until else None
            if start and end and end < start:
                self.error("S105", a.term.span, "the agreement ends before it takes effect",
                           "effective 2026-01-01 until 2026-12-31")
            if a.term.renewal is not None:
                self.duration(a.term.renewal, a.term.span, "a renewal period")
        else:
            self.warn("W205", a.span, "the agreement has no term",
                      "effective 2026-01-01 until 2026-12-31, renewing for 12 months")
        if a.time_zone is None:
            self.warn("W203", a.span, "the agreement names no time zone; periods are cut in UTC",
                      "time zone Europe/London")
        elif not valid_zone(a.time_zone):
            import difflib  # only on this path: it is slow to import
            near = difflib.get_close_matches(a.time_zone, sorted(known_zones()), n=1, cutoff=0.6)
            self.error("S106", a.time_zone_span or a.span,
                       f"`{a.time_zone}` is not a known time zone" + mean_of(near),
                       "use an IANA zone name such as Europe/London, America/New_York or UTC")

    # ---- definitions

    def definitions(self) -> None:
        seen: dict[tuple[str, str], n.Node] = {}
        for item in self.spec.items(n.Definitions):
            key: tuple[str, str] | None = None
            if isinstance(item, n.TermDefinition):
                key = ("means", item.name)
                if not item.name.strip():
                    self.error("S104", item.span, "a defined term needs a name",
                               '"Monthly Fee" means "…".')
            elif isinstance(item, n.AmountDefinition):
                key = ("is", item.name)
                self.money(item.value, item.span, f'"{item.name}"')
            elif isinstance(item, n.CustomerValue):
                key = ("is", item.name)
                if not item.name.strip():
                    self.error("S104", item.span, "a value given per customer needs a name",
                               '"Monthly Fee" is given per customer.')
            elif isinstance(item, n.CalendarDefinition):
                key = ("calendar", item.name)
                self.calendar(item)
            elif isinstance(item, n.PriorityDefinition):
                key = ("priority", str(item.level))
                self.positive_int(item.level, item.span, "a priority level")
            if key is None:
                continue
            if key in seen:
                what = f"priority {key[1]}" if key[0] == "priority" else f'"{key[1]}"'
                first = seen[key].span.line
                self.error("S101", item.span, f"{what} is already defined on line {first}",
                           "define each term once")
            else:
                seen[key] = item

    def calendar(self, cal: n.CalendarDefinition) -> None:
        for span in cal.spans:
            start = self.time_of_day(span.start, span.span)
            end = self.time_of_day(span.end, span.span)
            if start is not None and end is not None and end <= start:
                self.error("S104", span.span, f"the hours end ({span.end}) before they start "
                           f"({span.start})", "09:00 to 17:00, Monday to Friday")
            if span.last_day < span.first_day:
                self.error("S104", span.span, "the day range runs backwards",
                           "Monday to Friday")
        if cal.holidays is not None and not valid_region(cal.holidays):
            country = cal.holidays.split("-")[0]
            import difflib  # only on this path: it is slow to import
            near = difflib.get_close_matches(country, sorted(supported()), n=1, cutoff=0.5)
            self.error("S107", cal.span, f"no public holiday calendar is known for "
                       f"`{cal.holidays}`" + mean_of(near),
                       "use an ISO 3166 country code, optionally with a subdivision: GB, "
                       "DE-BY, US-CA")
        if cal.time_zone is not None and not valid_zone(cal.time_zone):
            self.error("S106", cal.span, f"`{cal.time_zone}` is not a known time zone",
                       "in time zone Europe/London")

    # ---- services and objectives

    def services(self) -> None:
        seen_services: dict[str, n.Service] = {}
        for service in self.spec.of_type(n.Service):
            if service.name in seen_services:
                self.error("S101", service.name_span, f'service "{service.name}" is already '
                           f"defined on line {seen_services[service.name].span.line}",
                           "give each service its own name, or merge the two blocks")
            seen_services.setdefault(service.name, service)
            seen: dict[str, n.Objective] = {}
            for objective in service.objectives:
                if objective.name in seen:
                    self.error("S101", objective.name_span,
                               f'objective "{objective.name}" is already defined in '
                               f'service "{service.name}" on line {seen[objective.name].span.line}',
                               "give each objective its own name")
                seen.setdefault(objective.name, objective)
                self.objective(ObjectiveEntry(service, objective))
        unqualified: dict[str, list[n.ObjectiveRef]] = {}
        for ref in self.objective_refs():
            if ref.service is None:
                unqualified.setdefault(ref.name, []).append(ref)
        for name, entries in _group(self.spec.objectives).items():
            if len(entries) > 1:
                services = " or ".join(f'"{e.service.name}"' for e in entries)
                for ref in unqualified.get(name, ()):
                    self.error("S102", ref.span, f'"{name}" names objectives in more than '
                               f"one service", f'say which: "{name}" of {services}')

    def objective(self, entry: ObjectiveEntry) -> None:
        o = entry.objective
        if not o.targets:
            self.warn("W204", o.name_span, f'objective "{o.name}" has no formal target; it is '
                      "rendered but not checked", "add a sentence such as: the service shall be "
                      "available at least 99.9% of the time in each calendar month.")
        for t in o.targets:
            self.target(t)
        kinds = {type(t) for t in o.targets}
        for r in o.rules:
            self.rule(r, kinds, o.rules)
            if isinstance(r, n.AggregationRule):
                check_aggregation(self, r, kinds, o)
        if n.AvailabilityTarget in kinds:
            check_slices(self, o)
        if o.targets and not self.spec.credit_clauses(entry) \
                and any(True for _ in self.spec.of_type(n.Credits)):
            # Only an agreement that pays credits at all is missing one here.
            fee = next((name for name, d in self.spec.amounts.items()
                        if isinstance(d.value, Money)), next(iter(self.spec.per_customer), None))
            amount = f"5% of the {fee}" if fee else f"{self.spec.currency or 'EUR'} 500"
            self.warn("W201", o.name_span, f'objective "{o.name}" has no service credit',
                      f'add under service credits: for "{o.name}": {amount} when missed.')

    def target(self, t: n.Target) -> None:
        span = t.span
        window = getattr(t, "window", None)
        if window is None and not isinstance(t, n.TicketTimeTarget):
            self.error("S113", span, "this objective has no measurement window",
                       "end the sentence with `in each calendar month` (or quarter, year, "
                       "or `in each rolling 30 days`)")
        if isinstance(window, n.RollingWindow):
            self.positive_int(window.days, window.span, "a rolling window")
        if isinstance(t, n.AvailabilityTarget | n.RequestRatioTarget | n.ClosureRateTarget
                      | n.TicketRatioTarget | n.ScoreRatioTarget):
            self.percent(t.value, span, "the target")
        if isinstance(t, n.PercentileTarget):
            if not Decimal(0) < t.percentile < Decimal(100):
                self.error("S104", span, f"a percentile must lie between 0 and 100, not "
                           f"{t.percentile}", "the 95th percentile of response time …")
            self.metric_value(t.metric, t.value, span)
        if isinstance(t, n.AverageTarget):
            self.metric_value(t.metric, t.value, span)
        if isinstance(t, n.PercentileTarget | n.AverageTarget):
            self.calendar_use(t.value, t.calendar, span)
        if isinstance(t, n.RequestRatioTarget) and t.within is not None:
            self.duration(t.within, span, "a response time limit")
        if isinstance(t, n.TicketTimeTarget | n.TicketRatioTarget):
            self.priority(t.priority, span)
            self.ticket_event(t.event)
        if isinstance(t, n.NpsTarget):
            if not isinstance(t.value, Count):
                self.unit(t.value, span, "a net promoter score is a plain number from -100 to "
                          "100", "the net promoter score shall be at least 30 in each calendar "
                          "quarter.")
            elif not Decimal(-100) <= t.value.value <= Decimal(100):
                self.error("S104", span, f"a net promoter score lies between -100 and 100, not "
                           f"{t.value.value}", "the net promoter score shall be at least 30 …")
        if isinstance(t, n.ScoreRatioTarget):
            self.score(t.score, span)

    def metric_value(self, metric: str, value: Quantity, span: Span) -> None:
        if metric == "satisfaction score":
            self.score(value, span)
        else:
            self.duration(value, span, f"a {metric}")

    def ticket_event(self, ev: n.TicketEvent) -> None:
        if ev.limit is None:
            return
        self.duration(ev.limit, ev.span, "a ticket time limit")
        self.calendar_use(ev.limit, ev.calendar, ev.span)

    def calendar_use(self, limit: Quantity, calendar: str | None, span: Span) -> None:
        """A named calendar must exist; business units need exactly one, or a name."""
        if calendar is not None:
            if calendar not in self.spec.calendars:
                self.unknown(span, "business-hours calendar", calendar,
                             list(self.spec.calendars), '"Business Hours" are 09:00 to 17:00, '
                             "Monday to Friday.")
        elif isinstance(limit, Duration) and limit.business:
            if not self.spec.calendars:
                self.error("S102", span, "business hours or days need a business-hours "
                           "calendar, and none is defined", 'define one: "Business Hours" are '
                           "09:00 to 17:00, Monday to Friday, except public holidays in GB.")
            elif len(self.spec.calendars) > 1:
                names = ", ".join(self.spec.calendars)
                self.error("S102", span, f"more than one calendar is defined ({names}); say "
                           "which one", f"within 4 hours of {next(iter(self.spec.calendars))}")

    def rule(self, r: n.MeasurementRule, kinds: set[type],
             rules: tuple[n.MeasurementRule, ...] = ()) -> None:
        availability = n.AvailabilityTarget in kinds
        if isinstance(r, n.SliceRule | n.EmptySliceRule | n.MinimumRunRule | n.SourceRule
                      | n.IntervalAverageRule) and not availability:
            self.error("S115", r.span, "this rule applies only to an availability objective",
                       "move it under the objective that says `the service shall be available`")
        if isinstance(r, n.SliceRule):
            self.duration(r.slice, r.span, "a time slice")
            if r.threshold is not None:
                self.percent(r.threshold, r.span, "a slice threshold")
        if isinstance(r, n.EmptySliceRule):
            self.duration(r.slice, r.span, "a time slice")
        if isinstance(r, n.MinimumRunRule):
            self.duration(r.length, r.span, "a minimum downtime run")
        if isinstance(r, n.PauseRule):
            self.party(r.party)
            waiting = self.spec.party(r.party)
            if waiting is not None and waiting.role != "customer":
                self.error("S132", r.party.span, f"the clock stops only while a ticket waits "
                           f"for the customer (the paused time in the ticket data); time waiting "
                           f"for {r.party.text} is the provider's own",
                           "time waiting for the Customer is left out.")
            if not kinds & {n.TicketTimeTarget, n.TicketRatioTarget, n.PercentileTarget,
                            n.AverageTarget}:
                self.warn("W206", r.span, "this objective times no tickets, so pausing the clock "
                          "has no effect", "priority 1 tickets shall be resolved within 4 hours.")
        if isinstance(r, n.SlowRequestRule):
            self.duration(r.limit, r.span, "a request time limit")
        if isinstance(r, n.IntervalAverageRule | n.MinimumSampleRule):
            check_sample_rule(self, self.spec, r, kinds, rules)
        if isinstance(r, n.PercentileMethodRule) and n.PercentileTarget not in kinds:
            self.warn("W206", r.span, "this objective has no percentile, so the method has no "
                      "effect", "the 95th percentile of response time shall be at most 300 ms …")

    # ---- responsibilities, exclusions, reporting

    def responsibilities(self) -> None:
        for item in self.spec.items(n.Responsibilities):
            if isinstance(item, n.Responsibility):
                self.party(item.party)
                d = item.deadline
                if d.date is not None:
                    self.date(d.date, d.span, "the deadline")
                if d.within is not None:
                    self.duration(d.within, d.span, "a deadline")
                    if isinstance(d.within, Duration) and d.within.business \
                            and not self.spec.calendars:
                        self.error("S102", d.span, "business days need a business-hours "
                                   "calendar, and none is defined",
                                   '"Business Hours" are 09:00 to 17:00, Monday to Friday.')
                if d.priority is not None:
                    self.priority(d.priority, d.span)

    def exclusions(self) -> None:
        for item in self.spec.items(n.Exclusions):
            if isinstance(item, n.MaintenanceExclusion):
                self.duration(item.notice, item.span, "a notice period")
                if item.allowance is not None:
                    self.duration(item.allowance, item.span, "a maintenance allowance")
            elif isinstance(item, n.CausedByExclusion):
                self.party(item.party)
            elif isinstance(item, n.LateReportExclusion):
                party = self.party(item.party)
                if party is not None and self.report_duty(party) is None:
                    self.error("S102", item.span, f"no responsibility says when {item.party.text}"
                               " must report incidents", f"add under responsibilities: "
                               f"{item.party.text} shall report each incident within 24 hours "
                               "of discovering it.")

    def report_duty(self, party: n.Party) -> n.Responsibility | None:
        for item in self.spec.items(n.Responsibilities):
            if isinstance(item, n.Responsibility) and self.spec.party(item.party) == party \
                    and item.action.split()[:1] == ["report"] and item.deadline.within:
                return item
        return None

    def reporting(self) -> None:
        for item in self.spec.items(n.Reporting):
            if isinstance(item, n.ReportingClause):
                self.party(item.party)

    # ---- credits

    def credits(self) -> None:
        tables: dict[str, n.TierTable] = {}
        caps: list[n.CreditCap] = []
        for item in self.spec.items(n.Credits):
            if isinstance(item, n.TierTable | n.EventCredit | n.MissedCredit):
                entry = self.objective_ref(item.objective)
                if isinstance(item, n.TierTable):
                    for tier in item.tiers:
                        self.amount(tier.amount)
                    if entry is not None:
                        if entry.key in tables:
                            self.error("S101", item.span, f'"{entry.objective.name}" already '
                                       f"has a credit table on line {tables[entry.key].span.line}",
                                       "merge the tiers into one table")
                        tables[entry.key] = item
                        check_tiers(self, entry, item)
                else:
                    self.amount(item.amount)
                if entry is not None and not entry.objective.targets:
                    self.warn("W202", item.span, f'"{entry.objective.name}" has no formal '
                              "target, so this credit can never be computed",
                              "give the objective a target sentence")
                if isinstance(item, n.EventCredit) and entry is not None:
                    self.event_credit(item, entry)
            elif isinstance(item, n.CreditCap):
                self.amount(item.amount)
                caps.append(item)
            elif isinstance(item, n.MinimumCredit | n.DeMinimis):
                self.amount(item.amount)
            elif isinstance(item, n.Rounding):
                if item.places != item.places.to_integral_value() or not 0 <= item.places <= 6:
                    self.error("S104", item.span, "decimal places must be a whole number from "
                               "0 to 6", "credits are rounded half up to 2 decimal places.")
            elif isinstance(item, n.SoleRemedy | n.ClaimDeadline):
                self.party(item.party)
                if isinstance(item, n.ClaimDeadline):
                    self.duration(item.within, item.span, "a claim period")
            elif isinstance(item, n.TerminationRight):
                self.termination(item)
        check_billing(self, self.spec)
        for cap in caps:
            for table in tables.values():
                for tier in table.tiers:
                    if _amount_greater(tier.amount, cap.amount):
                        self.error("S112", cap.span, f"the cap is below the credit of a single "
                                   f"tier (line {tier.span.line}), so that tier can never be "
                                   "paid in full", "raise the cap or lower the tier")
                        break

    def event_credit(self, item: n.EventCredit, entry: ObjectiveEntry) -> None:
        kinds = {type(t) for t in entry.objective.targets}
        if item.event == "missed_ticket":
            if not kinds & {n.TicketTimeTarget, n.TicketRatioTarget}:
                self.error("S115", item.span, f'"{entry.objective.name}" has no ticket target, '
                           "so no ticket can be missed", 'for "Incident Response": 2% of the '
                           "Monthly Fee for each missed priority 1 ticket.")
            elif item.priority is not None:
                levels = {t.priority for t in entry.objective.targets
                          if isinstance(t, n.TicketTimeTarget | n.TicketRatioTarget)}
                if item.priority not in levels and None not in levels:
                    self.error("S102", item.span, f'"{entry.objective.name}" sets no target for '
                               f"priority {item.priority} tickets", "name a priority the "
                               "objective covers")
        elif n.AvailabilityTarget not in kinds:
            self.error("S115", item.span, f'"{entry.objective.name}" does not measure '
                       "availability, so it has no downtime hours", "use a tier table or a "
                       "credit when missed")

    def termination(self, item: n.TerminationRight) -> None:
        if item.objective is not None:
            self.objective_ref(item.objective)
        self.party(item.party)
        self.positive_int(item.misses, item.span, "a number of missed periods")
        if item.out_of is not None:
            self.positive_int(item.out_of, item.span, "a number of periods")
            if item.misses > item.out_of:
                self.error("S104", item.span, f"{item.misses} misses cannot happen in "
                           f"{item.out_of} periods", "… is missed in 3 of any 12 consecutive "
                           "calendar months …")

    def amount(self, amount: n.Amount) -> None:
        if isinstance(amount, n.PercentOfFee):
            self.percent(amount.percent, amount.span, "a credit", upper=None)
            name = amount.fee.name
            if name not in self.spec.terms and name not in self.spec.amounts \
                    and name not in self.spec.per_customer:
                self.unknown(amount.fee.span, "fee", name,
                             [*self.spec.terms, *self.spec.amounts, *self.spec.per_customer],
                             '"Monthly Fee" means "the fees payable for a calendar month".')
        elif isinstance(amount, n.FixedAmount):
            self.money(amount.value, amount.span, "a credit")
        elif amount.multiple <= 0:
            self.error("S104", amount.span, "a multiple of fees must be positive",
                       "10 times the fees paid during the downtime")

    # ---- examples

    def examples(self) -> None:
        names: dict[str, n.Example] = {}
        for item in self.spec.items(n.Examples):
            if not isinstance(item, n.Example):
                continue
            if item.name in names:
                self.error("S101", item.span, f'example "{item.name}" is already defined on '
                           f"line {names[item.name].span.line}", "give each example its own name")
            names.setdefault(item.name, item)
            if not item.facts:
                self.error("S116", item.span, "a worked example needs at least one `given` line",
                           "given 45 minutes of downtime in April 2026")
            if not item.outcomes:
                self.error("S116", item.span, "a worked example needs at least one `then` line",
                           'then "Monthly Availability" is 99.896%')
            for fact in item.facts:
                self.period(fact.period, fact.span)
                if isinstance(fact, n.DowntimeFact):
                    self.duration(fact.downtime, fact.span, "downtime", allow_zero=True)
                    if fact.service is not None and fact.service not in self.spec.services:
                        self.unknown(fact.span, "service", fact.service, list(self.spec.services),
                                     'given 45 minutes of downtime of "Compute API" in April 2026')
                elif isinstance(fact, n.MissedTicketsFact):
                    self.priority(fact.priority, fact.span)
                elif isinstance(fact, n.SamplesFact):
                    if fact.count < 0 or fact.count != fact.count.to_integral_value():
                        self.error("S104", fact.span, "a number of samples must be a whole "
                                   f"number, not {fact.count}",
                                   "given 12 responses were received in Q1 2026")
                else:
                    self.objective_ref(fact.objective)
            for outcome in item.outcomes:
                if isinstance(outcome, n.ValueOutcome | n.VerdictOutcome):
                    self.objective_ref(outcome.objective)
                elif isinstance(outcome, n.CreditOutcome):
                    self.party(outcome.party)
                    check_outcome_party(self, outcome, {"customer"},
                                        "credits are paid to the customer")
                    if outcome.amount is not None:
                        self.amount(outcome.amount)
                        check_fixed_outcome(self, outcome.amount)
                else:
                    self.party(outcome.party)
                    check_outcome_party(self, outcome, {called_key(t.party.text) for t in
                                                        self.spec.items(n.Credits)
                                                        if isinstance(t, n.TerminationRight)},
                                        "no termination right of the agreement is theirs")


def check(spec: Spec) -> list[Diagnostic]:
    """Every semantic error and warning in ``spec``, sorted by position."""
    return Checker(spec).run()


def _group(entries: list[ObjectiveEntry]) -> dict[str, list[ObjectiveEntry]]:
    out: dict[str, list[ObjectiveEntry]] = {}
    for e in entries:
        out.setdefault(e.objective.name, []).append(e)
    return out


def _amount_greater(a: n.Amount, b: n.Amount) -> bool:
    """Whether credit ``a`` is certainly larger than ``b`` (only comparable forms count)."""
    if isinstance(a, n.PercentOfFee) and isinstance(b, n.PercentOfFee):
        if a.fee.name == b.fee.name and isinstance(a.percent, Percent) \
                and isinstance(b.percent, Percent):
            return a.percent.value > b.percent.value
    if isinstance(a, n.FixedAmount) and isinstance(b, n.FixedAmount):
        if isinstance(a.value, Money) and isinstance(b.value, Money):
            return a.value.currency == b.value.currency and a.value.amount > b.value.amount
    return False


__all__ = ["Checker", "check", "valid_region", "valid_zone"]
