"""Parse tree to AST: a Lark transformer with one method per grammar rule.

:class:`Builder` has the rules of clauses (header, definitions, objectives, measurement
rules, responsibilities, exclusions, credits, reporting and examples); the rules of single
values, spans and strings are in :mod:`sladsl.syntax.values`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from lark import Token, Tree
from lark.tree import Meta

from .. import nodes as n
from ..errors import Span
from ..quantities import Duration, parse_decimal, unit_of
from .layout import RawComment
from .values import ValueBuilder, prose_text, unquote

_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class Builder(ValueBuilder):
    """Builds :mod:`sladsl.nodes` from the parse tree of one file."""

    # ---- file and header

    def rule_start(self, meta: Meta, c: list[Any]) -> n.Document:
        agreement, *sections = c
        return n.Document(self.span(meta), agreement, tuple(sections), ())

    def rule_agreement(self, meta: Meta, c: list[Any]) -> n.Agreement:
        title = unquote(c[0])
        items = [x for x in c[1:] if x is not None]
        version = next((x[1] for x in items if isinstance(x, tuple) and x[0] == "version"), None)
        tz = next((x for x in items if isinstance(x, tuple) and x[0] == "tz"), None)
        currency = next((x[1] for x in items if isinstance(x, tuple) and x[0] == "currency"),
                        None)
        review = next((x[1] for x in items if isinstance(x, tuple) and x[0] == "review"), None)
        repeated: list[tuple[str, Span]] = []
        seen: set[str] = set()
        for x in items:
            key = x[0] if isinstance(x, tuple) else ("term" if isinstance(x, n.Term) else "")
            if key in seen:
                words = {"tz": "time zone", "term": "effective"}.get(key, key)
                repeated.append((words, x[-1] if isinstance(x, tuple) else x.span))
            elif key:
                seen.add(key)
        return n.Agreement(
            self.span(meta), title, version,
            tuple(x for x in items if isinstance(x, n.Party)),
            next((x for x in items if isinstance(x, n.Term)), None),
            tz[1] if tz else None, tz[2] if tz else None, currency, review,
            tuple(x for x in items if isinstance(x, n.Prose)),
            tuple(repeated),
        )

    def rule_version(self, meta: Meta, c: list[Any]) -> tuple[str, str, Span]:
        return ("version", unquote(c[0]), self.span(meta))

    def rule_party(self, meta: Meta, c: list[Any]) -> n.Party:
        return n.Party(self.span(meta), str(c[0]), unquote(c[1]), unquote(c[2]))  # type: ignore[arg-type]

    def rule_term(self, meta: Meta, c: list[Any]) -> n.Term:
        return n.Term(self.span(meta), str(c[0]), str(c[1]) if c[1] is not None else None, c[2])

    def rule_time_zone(self, meta: Meta, c: list[Any]) -> tuple[str, str, Span, Span]:
        return ("tz", str(c[0]), self.span(c[0]), self.span(meta))

    def rule_currency(self, meta: Meta, c: list[Any]) -> tuple[str, str, Span]:
        return ("currency", str(c[0]), self.span(meta))

    def rule_review(self, meta: Meta, c: list[Any]) -> tuple[str, str, Span]:
        return ("review", c[0], self.span(meta))

    def rule_cadence(self, meta: Meta, c: list[Any]) -> str:
        return str(c[0])

    def rule_prose(self, meta: Meta, c: list[Any]) -> n.Prose:
        return n.Prose(self.span(meta), prose_text(str(c[0])))

    # ---- definitions

    def rule_definitions(self, meta: Meta, c: list[Any]) -> n.Definitions:
        return n.Definitions(self.span(meta), tuple(c))

    def rule_term_means(self, meta: Meta, c: list[Any]) -> n.TermDefinition:
        return n.TermDefinition(self.span(meta), unquote(c[0]), unquote(c[1]))

    def rule_term_amount(self, meta: Meta, c: list[Any]) -> n.AmountDefinition:
        return n.AmountDefinition(self.span(meta), unquote(c[0]), c[1])

    def rule_term_per_customer(self, meta: Meta, c: list[Any]) -> n.CustomerValue:
        return n.CustomerValue(self.span(meta), unquote(c[0]))

    def rule_calendar(self, meta: Meta, c: list[Any]) -> n.CalendarDefinition:
        name = unquote(c[0])
        spans = tuple(x for x in c[1:] if isinstance(x, n.HoursSpan))
        holidays, zone = c[-2], c[-1]
        return n.CalendarDefinition(self.span(meta), name, spans, holidays, zone)

    def rule_hours_span(self, meta: Meta, c: list[Any]) -> n.HoursSpan:
        first, last = c[2]
        return n.HoursSpan(self.span(meta), str(c[0]), str(c[1]), first, last)

    def rule_day_range(self, meta: Meta, c: list[Any]) -> tuple[int, int]:
        first = _DAYS.index(str(c[0]))
        return (first, _DAYS.index(str(c[1])) if c[1] is not None else first)

    def rule_every_day(self, meta: Meta, c: list[Any]) -> tuple[int, int]:
        return (0, 6)

    def rule_holidays(self, meta: Meta, c: list[Any]) -> str:
        return str(c[0])

    def rule_calendar_zone(self, meta: Meta, c: list[Any]) -> str:
        return str(c[0])

    def rule_priority_def(self, meta: Meta, c: list[Any]) -> n.PriorityDefinition:
        return n.PriorityDefinition(self.span(meta), parse_decimal(c[0]), unquote(c[1]))

    # ---- services, objectives, targets

    def rule_service(self, meta: Meta, c: list[Any]) -> n.Service:
        items = tuple(c[1:])
        return n.Service(self.span(meta), unquote(c[0]), self.span(c[0]),
                         tuple(x for x in items if isinstance(x, n.Objective)), items)

    def rule_objective(self, meta: Meta, c: list[Any]) -> n.Objective:
        items = tuple(c[1:])
        targets = tuple(x for x in items if isinstance(x, n.Target))
        prose = tuple(x for x in items if isinstance(x, n.Prose))
        rules = tuple(x for x in items if not isinstance(x, n.Target | n.Prose))
        return n.Objective(self.span(meta), unquote(c[0]), self.span(c[0]), targets,
                           rules, prose, items)

    def rule_availability(self, meta: Meta, c: list[Any]) -> n.AvailabilityTarget:
        return n.AvailabilityTarget(self.span(meta), c[0], c[1], c[2])

    def rule_percentile_target(self, meta: Meta, c: list[Any]) -> n.PercentileTarget:
        ordinal = str(c[0]).rstrip("stndrh")
        value, calendar = c[3]
        return n.PercentileTarget(self.span(meta), Decimal(ordinal), c[1], c[2], value, c[4],
                                  calendar)

    def rule_average_target(self, meta: Meta, c: list[Any]) -> n.AverageTarget:
        value, calendar = c[2]
        return n.AverageTarget(self.span(meta), c[0], c[1], value, c[3], calendar)

    def rule_request_ratio(self, meta: Meta, c: list[Any]) -> n.RequestRatioTarget:
        outcome, within = c[2]
        return n.RequestRatioTarget(self.span(meta), c[0], c[1], outcome, within, c[3])

    def rule_fail(self, meta: Meta, c: list[Any]) -> tuple[str, None]:
        return ("fail", None)

    def rule_succeed(self, meta: Meta, c: list[Any]) -> tuple[str, None]:
        return ("succeed", None)

    def rule_complete_within(self, meta: Meta, c: list[Any]) -> tuple[str, Any]:
        return ("complete_within", c[0])

    def rule_ticket_time(self, meta: Meta, c: list[Any]) -> n.TicketTimeTarget:
        return n.TicketTimeTarget(self.span(meta), c[0], c[1], c[2] is not None, c[3])

    def rule_ticket_ratio(self, meta: Meta, c: list[Any]) -> n.TicketRatioTarget:
        return n.TicketRatioTarget(self.span(meta), c[0], c[1], c[2], c[3], c[4])

    def rule_ticket_set(self, meta: Meta, c: list[Any]) -> Decimal | None:
        return parse_decimal(c[0]) if c[0] is not None else None

    def rule_first_response(self, meta: Meta, c: list[Any]) -> n.TicketEvent:
        limit, calendar = c[0]
        return n.TicketEvent(self.span(meta), "first_response", limit, calendar)

    def rule_resolved(self, meta: Meta, c: list[Any]) -> n.TicketEvent:
        limit, calendar = c[0]
        return n.TicketEvent(self.span(meta), "resolved", limit, calendar)

    def rule_first_contact(self, meta: Meta, c: list[Any]) -> n.TicketEvent:
        return n.TicketEvent(self.span(meta), "first_contact", None, None)

    def rule_limit(self, meta: Meta, c: list[Any]) -> tuple[Any, str | None]:
        return (c[0], str(c[1]) if c[1] is not None else None)

    def rule_anytime(self, meta: Meta, c: list[Any]) -> bool:
        return True

    def rule_closure_rate(self, meta: Meta, c: list[Any]) -> n.ClosureRateTarget:
        return n.ClosureRateTarget(self.span(meta), c[0], c[1], c[2])

    def rule_nps(self, meta: Meta, c: list[Any]) -> n.NpsTarget:
        return n.NpsTarget(self.span(meta), c[0], c[1], c[2])

    def rule_score_ratio(self, meta: Meta, c: list[Any]) -> n.ScoreRatioTarget:
        return n.ScoreRatioTarget(self.span(meta), c[0], c[1], c[2], c[3], c[4])

    def rule_response_time(self, meta: Meta, c: list[Any]) -> str:
        return "response time"

    def rule_turnaround_time(self, meta: Meta, c: list[Any]) -> str:
        return "turnaround time"

    def rule_resolution_time(self, meta: Meta, c: list[Any]) -> str:
        return "resolution time"

    def rule_satisfaction_score(self, meta: Meta, c: list[Any]) -> str:
        return "satisfaction score"

    def rule_calendar_window(self, meta: Meta, c: list[Any]) -> n.CalendarWindow:
        return n.CalendarWindow(self.span(meta), c[0])

    def rule_rolling_window(self, meta: Meta, c: list[Any]) -> n.RollingWindow:
        return n.RollingWindow(self.span(meta), parse_decimal(c[0]))

    # ---- measurement rules

    def rule_source_rule(self, meta: Meta, c: list[Any]) -> n.SourceRule:
        return n.SourceRule(self.span(meta), str(c[0]))  # type: ignore[arg-type]

    def rule_slice_rule(self, meta: Meta, c: list[Any]) -> n.SliceRule:
        kind, comparator, threshold, samples = c[1]
        return n.SliceRule(self.span(meta), c[0], kind, comparator, threshold, samples)

    def rule_unit_slice(self, meta: Meta, c: list[Any]) -> Duration:
        return Duration(Decimal(1), unit_of(str(c[0])))

    def rule_sized_slice(self, meta: Meta, c: list[Any]) -> Any:
        return c[0]

    rule_unit_interval = rule_unit_slice  # "each minute" and "each interval of 5 minutes"
    rule_sized_interval = rule_sized_slice

    def rule_share_fails(self, meta: Meta, c: list[Any]) -> tuple[str, Any, Any, str]:
        return ("share", c[0], c[1], str(c[2]))

    def rule_any_probe_fails(self, meta: Meta, c: list[Any]) -> tuple[str, None, None, str]:
        return ("any_probe", None, None, "probes")

    def rule_all_probes_fail(self, meta: Meta, c: list[Any]) -> tuple[str, None, None, str]:
        return ("all_probes", None, None, "probes")

    def rule_empty_slice_rule(self, meta: Meta, c: list[Any]) -> n.EmptySliceRule:
        return n.EmptySliceRule(self.span(meta), c[0], str(c[1]), str(c[2]))  # type: ignore[arg-type]

    def rule_min_run_rule(self, meta: Meta, c: list[Any]) -> n.MinimumRunRule:
        return n.MinimumRunRule(self.span(meta), c[0])

    def rule_excluded_available(self, meta: Meta, c: list[Any]) -> n.ExcludedTimeRule:
        return n.ExcludedTimeRule(self.span(meta), "available")

    def rule_excluded_left_out(self, meta: Meta, c: list[Any]) -> n.ExcludedTimeRule:
        return n.ExcludedTimeRule(self.span(meta), "left_out")

    def rule_pooled(self, meta: Meta, c: list[Any]) -> n.AggregationRule:
        return n.AggregationRule(self.span(meta), "pooled", None,
                                 "probes" if str(c[0]) == "probes" else "requests")

    def rule_averaged(self, meta: Meta, c: list[Any]) -> n.AggregationRule:
        return n.AggregationRule(self.span(meta), "averaged", unit_of(str(c[0])))

    def rule_percentile_method(self, meta: Meta, c: list[Any]) -> n.PercentileMethodRule:
        if str(c[0]).startswith("nearest"):
            return n.PercentileMethodRule(self.span(meta), "nearest_rank")
        return n.PercentileMethodRule(self.span(meta), "linear_interpolation")

    def rule_percentile_buckets(self, meta: Meta, c: list[Any]) -> n.PercentileMethodRule:
        if str(c[0]).startswith("nearest"):
            return n.PercentileMethodRule(self.span(meta), "nearest_rank_within_histogram_buckets")
        return n.PercentileMethodRule(self.span(meta),
                                      "linear_interpolation_within_histogram_buckets")

    def rule_pause_rule(self, meta: Meta, c: list[Any]) -> n.PauseRule:
        return n.PauseRule(self.span(meta), c[0])

    def rule_interval_average_rule(self, meta: Meta, c: list[Any]) -> n.IntervalAverageRule:
        return n.IntervalAverageRule(self.span(meta), c[0], c[1])

    def rule_minimum_sample_rule(self, meta: Meta, c: list[Any]) -> n.MinimumSampleRule:
        return n.MinimumSampleRule(self.span(meta), parse_decimal(c[0]), str(c[1]))  # type: ignore[arg-type]

    def rule_slow_request_rule(self, meta: Meta, c: list[Any]) -> n.SlowRequestRule:
        return n.SlowRequestRule(self.span(meta), c[0])

    # ---- responsibilities

    def rule_responsibilities(self, meta: Meta, c: list[Any]) -> n.Responsibilities:
        return n.Responsibilities(self.span(meta), tuple(c))

    def rule_responsibility(self, meta: Meta, c: list[Any]) -> n.Responsibility:
        return n.Responsibility(self.span(meta), c[0], c[1], c[2])

    def rule_action(self, meta: Meta, c: list[Any]) -> str:
        return " ".join(str(w) for w in c)

    def rule_before_date(self, meta: Meta, c: list[Any]) -> n.Deadline:
        return n.Deadline(self.span(meta), "before", date=str(c[0]))

    def rule_by_date(self, meta: Meta, c: list[Any]) -> n.Deadline:
        return n.Deadline(self.span(meta), "by", date=str(c[0]))

    def _within(self, meta: Meta, c: list[Any], relation: str) -> n.Deadline:
        quantity, trigger = c
        return n.Deadline(self.span(meta), "within", within=quantity,
                          relation=relation,  # type: ignore[arg-type]
                          trigger=trigger["kind"], period=trigger.get("period"),
                          priority=trigger.get("priority"), event=trigger.get("event"))

    def rule_within_after(self, meta: Meta, c: list[Any]) -> n.Deadline:
        return self._within(meta, c, "after")

    def rule_within_of(self, meta: Meta, c: list[Any]) -> n.Deadline:
        return self._within(meta, c, "of")

    def rule_every(self, meta: Meta, c: list[Any]) -> n.Deadline:
        return n.Deadline(self.span(meta), "every", period=c[0])

    def rule_each_period(self, meta: Meta, c: list[Any]) -> dict[str, Any]:
        return {"kind": "period", "period": c[0]}

    def rule_each_incident(self, meta: Meta, c: list[Any]) -> dict[str, Any]:
        priority = parse_decimal(c[0]) if c[0] is not None else None
        return {"kind": "incident", "priority": priority}

    def rule_event_words(self, meta: Meta, c: list[Any]) -> dict[str, Any]:
        return {"kind": "event", "event": " ".join(str(w) for w in c)}

    # ---- exclusions

    def rule_exclusions(self, meta: Meta, c: list[Any]) -> n.Exclusions:
        return n.Exclusions(self.span(meta), tuple(c))

    def rule_maintenance(self, meta: Meta, c: list[Any]) -> n.MaintenanceExclusion:
        kind = str(c[0]) if c[0] is not None else None
        allowance, window = c[2] if c[2] is not None else (None, None)
        return n.MaintenanceExclusion(self.span(meta), kind, c[1], allowance, window)

    def rule_allowance(self, meta: Meta, c: list[Any]) -> tuple[Any, Any]:
        return (c[0], c[1])

    def rule_force_majeure(self, meta: Meta, c: list[Any]) -> n.ForceMajeureExclusion:
        return n.ForceMajeureExclusion(self.span(meta))

    def rule_caused_by(self, meta: Meta, c: list[Any]) -> n.CausedByExclusion:
        return n.CausedByExclusion(self.span(meta), c[0])

    def rule_late_report(self, meta: Meta, c: list[Any]) -> n.LateReportExclusion:
        return n.LateReportExclusion(self.span(meta), c[0])

    # ---- credits

    def rule_credits(self, meta: Meta, c: list[Any]) -> n.Credits:
        return n.Credits(self.span(meta), tuple(c))

    def rule_tier_table(self, meta: Meta, c: list[Any]) -> n.TierTable:
        items = c[1:]
        return n.TierTable(self.span(meta), c[0], tuple(x for x in items if isinstance(x, n.Tier)),
                           tuple(x for x in items if isinstance(x, n.Prose)))

    def rule_tier(self, meta: Meta, c: list[Any]) -> n.Tier:
        bounds = tuple(b for b in c[:2] if b is not None)
        return n.Tier(self.span(meta), bounds, c[2])

    def rule_bound(self, meta: Meta, c: list[Any]) -> n.Bound:
        return n.Bound(self.span(meta), c[0], c[1])

    def rule_event_credit(self, meta: Meta, c: list[Any]) -> n.EventCredit:
        event, priority = c[2]
        return n.EventCredit(self.span(meta), c[0], c[1], event, priority)

    def rule_missed_ticket(self, meta: Meta, c: list[Any]) -> tuple[str, Decimal | None]:
        return ("missed_ticket", parse_decimal(c[0]) if c[0] is not None else None)

    def rule_downtime_hour(self, meta: Meta, c: list[Any]) -> tuple[str, None]:
        return ("downtime_hour", None)

    def rule_missed_credit(self, meta: Meta, c: list[Any]) -> n.MissedCredit:
        return n.MissedCredit(self.span(meta), c[0], c[1])

    def rule_cap(self, meta: Meta, c: list[Any]) -> n.CreditCap:
        return n.CreditCap(self.span(meta), c[0], c[1])

    def rule_minimum_credit(self, meta: Meta, c: list[Any]) -> n.MinimumCredit:
        return n.MinimumCredit(self.span(meta), c[0])

    def rule_de_minimis(self, meta: Meta, c: list[Any]) -> n.DeMinimis:
        return n.DeMinimis(self.span(meta), c[0], False, str(c[1]))  # type: ignore[arg-type]

    def rule_de_minimis_inclusive(self, meta: Meta, c: list[Any]) -> n.DeMinimis:
        return n.DeMinimis(self.span(meta), c[0], True, str(c[1]))  # type: ignore[arg-type]

    def rule_forfeiture(self, meta: Meta, c: list[Any]) -> n.Forfeiture:
        return n.Forfeiture(self.span(meta))

    def rule_billing(self, meta: Meta, c: list[Any]) -> n.BillingPeriod:
        return n.BillingPeriod(self.span(meta), c[0])

    def rule_rounding(self, meta: Meta, c: list[Any]) -> n.Rounding:
        mode = "_".join(str(c[0]).split())
        return n.Rounding(self.span(meta), mode, parse_decimal(c[1]))  # type: ignore[arg-type]

    def rule_sole_remedy(self, meta: Meta, c: list[Any]) -> n.SoleRemedy:
        return n.SoleRemedy(self.span(meta), c[0])

    def rule_claim(self, meta: Meta, c: list[Any]) -> n.ClaimDeadline:
        return n.ClaimDeadline(self.span(meta), c[0], c[1], c[2])

    def rule_termination(self, meta: Meta, c: list[Any]) -> n.TerminationRight:
        misses, out_of = c[1]
        return n.TerminationRight(self.span(meta), c[0], misses, out_of, c[2], c[3])

    def rule_any_objective(self, meta: Meta, c: list[Any]) -> None:
        return None

    def rule_miss_subject(self, meta: Meta, c: list[Any]) -> n.ObjectiveRef:
        return c[0]  # type: ignore[no-any-return]

    def rule_consecutive(self, meta: Meta, c: list[Any]) -> tuple[Decimal, None]:
        return (parse_decimal(c[0]), None)

    def rule_m_of_n(self, meta: Meta, c: list[Any]) -> tuple[Decimal, Decimal]:
        return (parse_decimal(c[0]), parse_decimal(c[1]))

    def rule_percent_of_fee(self, meta: Meta, c: list[Any]) -> n.PercentOfFee:
        return n.PercentOfFee(self.span(meta), c[0], c[1])

    def rule_fixed_amount(self, meta: Meta, c: list[Any]) -> n.FixedAmount:
        return n.FixedAmount(self.span(meta), c[0])

    def rule_fee_multiple(self, meta: Meta, c: list[Any]) -> n.FeeMultiple:
        return n.FeeMultiple(self.span(meta), parse_decimal(c[0]))

    def rule_fee_ref(self, meta: Meta, c: list[Any]) -> n.FeeRef:
        return n.FeeRef(self.span(meta), str(c[0]), c[1])

    def rule_previous(self, meta: Meta, c: list[Any]) -> str:
        return str(c[0])

    # ---- reporting, examples

    def rule_reporting(self, meta: Meta, c: list[Any]) -> n.Reporting:
        return n.Reporting(self.span(meta), tuple(c))

    def rule_report(self, meta: Meta, c: list[Any]) -> n.ReportingClause:
        return n.ReportingClause(self.span(meta), c[0], c[1], unquote(c[2]))

    def rule_examples(self, meta: Meta, c: list[Any]) -> n.Examples:
        return n.Examples(self.span(meta), tuple(c))

    def rule_example(self, meta: Meta, c: list[Any]) -> n.Example:
        lines = c[1:]
        facts = tuple(x for x in lines if isinstance(x, n.Fact))
        outcomes = tuple(x for x in lines if isinstance(x, n.Outcome))
        prose = tuple(x for x in lines if isinstance(x, n.Prose))
        return n.Example(self.span(meta), unquote(c[0]), facts, outcomes, prose)

    def rule_given(self, meta: Meta, c: list[Any]) -> Any:
        return c[0]

    rule_then = rule_given
    rule_and_also = rule_given

    def rule_downtime_fact(self, meta: Meta, c: list[Any]) -> n.DowntimeFact:
        service = unquote(c[1]) if c[1] is not None else None
        return n.DowntimeFact(self.span(meta), c[0], service, str(c[2]))

    def rule_missed_fact(self, meta: Meta, c: list[Any]) -> n.MissedTicketsFact:
        priority = parse_decimal(c[1]) if c[1] is not None else None
        return n.MissedTicketsFact(self.span(meta), parse_decimal(c[0]), priority, str(c[-1]))

    def rule_measured_fact(self, meta: Meta, c: list[Any]) -> n.MeasuredFact:
        return n.MeasuredFact(self.span(meta), c[0], c[1], str(c[2]))

    def rule_samples_fact(self, meta: Meta, c: list[Any]) -> n.SamplesFact:
        return n.SamplesFact(self.span(meta), parse_decimal(c[0]), str(c[1]), str(c[2]))  # type: ignore[arg-type]

    def rule_measured_ref(self, meta: Meta, c: list[Any]) -> n.ObjectiveRef:
        return n.ObjectiveRef(self.span(meta), unquote(c[0]),
                              unquote(c[1]) if c[1] is not None else None)

    def rule_value_outcome(self, meta: Meta, c: list[Any]) -> n.ValueOutcome:
        return n.ValueOutcome(self.span(meta), c[0], c[1])

    def rule_verdict_outcome(self, meta: Meta, c: list[Any]) -> n.VerdictOutcome:
        return n.VerdictOutcome(self.span(meta), c[0], str(c[1]))  # type: ignore[arg-type]

    def rule_not_assessed_outcome(self, meta: Meta, c: list[Any]) -> n.VerdictOutcome:
        return n.VerdictOutcome(self.span(meta), c[0], "not assessed")

    def rule_credit_outcome(self, meta: Meta, c: list[Any]) -> n.CreditOutcome:
        return n.CreditOutcome(self.span(meta), c[0], c[1])

    def rule_no_credit_outcome(self, meta: Meta, c: list[Any]) -> n.CreditOutcome:
        return n.CreditOutcome(self.span(meta), c[0], None)

    def rule_termination_outcome(self, meta: Meta, c: list[Any]) -> n.TerminationOutcome:
        return n.TerminationOutcome(self.span(meta), c[0])


def build(tree: Tree[Token], comments: list[RawComment], file: str) -> n.Document:
    """The :class:`~sladsl.nodes.Document` for a parse tree and the comments of its file."""
    doc: n.Document = Builder(file).transform(tree)
    kept = tuple(
        n.Comment(Span(file, c.line, c.column, c.line, c.column + len(c.text)), c.text)
        for c in comments
    )
    return n.Document(doc.span, doc.agreement, doc.sections, kept)
