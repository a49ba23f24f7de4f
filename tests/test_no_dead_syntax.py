"""No dead syntax: every field of the AST that a sentence sets makes a difference somewhere.

For each node class (:func:`sladsl.nodes.concrete_node_classes`) and each of its dataclass
fields, :data:`CASES` holds a change to a spec in ``specs/`` that sets that field to another
value, and the effect the change must have:

* ``EVAL``: the evaluation on the spec's sample data (``sladsl.samples``, its bad month)
  gives other numbers: a measured value, verdict, budget, credit amount, claim deadline,
  duty status or termination history (labels and clause numbers do not count);
* ``EXAMPLE``: the spec's worked examples give another result;
* ``TEXT``: the rendered contract reads differently, and the case says why the checker
  rightly ignores it (a party's name, a version, a reporting channel …);
* ``FORMATTED``: only for comments, which the contract leaves out: ``sladsl fmt`` keeps them;
* ``REFUSED``: the changed spec is refused by ``validate`` with an error.

A field without a case fails the test, so a new sentence cannot land without one. Fields that
only hold other nodes (``items``, ``targets`` …) or source positions are containers: each node
inside has cases of its own.

That the test would notice a rule being ignored is checked too: for every measurement rule
with an ``EVAL`` case, the evaluator is made to skip rules of that class and the case must
then fail (``test_ignoring_a_rule_is_noticed``).
"""

from __future__ import annotations

import dataclasses
import re
import typing
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest

import sladsl
import sladsl.nodes as n
from sladsl.errors import Span
from sladsl.evaluate.engine import Engine
from sladsl.evaluate.periods import parse_period, zone
from sladsl.evaluate.report import build
from sladsl.examples.worked import run_examples
from sladsl.fmt.command import format_text
from sladsl.model import Spec
from sladsl.render import render
from sladsl.samples import generate, sample_months

SPECS = Path(__file__).parent.parent / "specs"
EVAL, EXAMPLE, TEXT, REFUSED = "evaluation", "worked examples", "contract text", "refused"
FORMATTED = "formatted source"


@dataclass(frozen=True)
class Case:
    field: str  # "Class.field"
    spec: str  # a file in specs/ without .sla
    old: str
    new: str
    effect: str
    why: str = ""  # for TEXT: why the checker rightly ignores the field
    pre: tuple[tuple[str, str], ...] = ()  # changes made to the base spec first
    drop: tuple[str, ...] = ()  # kinds of sample data left out
    files: tuple[tuple[str, str], ...] = ()  # data files written over the sample data
    month: str = "bad"  # the sample month evaluated: "good" or "bad"


def C(field: str, spec: str, old: str, new: str, effect: str, why: str = "",
      pre: tuple[tuple[str, str], ...] = (), drop: tuple[str, ...] = (),
      files: tuple[tuple[str, str], ...] = (), month: str = "bad") -> Case:
    return Case(field, spec, old, new, effect, why, pre, drop, files, month)


#: Requests where the sample data is too even to tell rules apart (September 2026, London).
SAAS_REQUESTS = ("requests.parquet", "")
SAAS_REQUESTS_CSV = ("requests.csv", "time,status,latency_ms,service\n"
                     "2026-09-01 10:00:00,200,900,Query API\n"
                     "2026-09-01 11:00:00,200,100,Query API\n"
                     "2026-09-01 11:01:00,200,100,Query API\n"
                     "2026-09-01 12:00:00,503,100,Query API\n"
                     "2026-09-01 12:00:10,200,100,Query API\n"
                     "2026-09-01 12:00:20,200,100,Query API\n"
                     "2026-09-01 12:00:30,200,100,Query API\n"
                     "2026-09-01 12:00:40,200,100,Query API\n"
                     "2026-09-01 12:00:50,200,100,Query API\n"
                     "2026-09-01 12:00:55,200,100,Query API\n"
                     "2026-09-01 12:00:56,200,100,Query API\n"
                     "2026-09-01 12:00:57,200,100,Query API\n"
                     "2026-09-01 12:00:58,200,100,Query API\n"
                     "2026-09-01 13:00:00,503,100,Query API\n"
                     "2026-09-01 13:00:10,503,100,Query API\n"
                     "2026-09-01 13:00:20,200,100,Query API\n"
                     "2026-09-02 10:00:00,200,5000,Ingestion API\n"
                     "2026-09-02 11:00:01,200,15000,Ingestion API\n")
DESK_PAUSES = ("ticket_pauses.csv", "ticket_id,start,end\n"
               "T0041,2026-06-02T11:00:00+02:00,2026-06-02T17:00:00+02:00\n")
DESK_PROBES = (("probes.parquet", ""), ("probes.csv", "time,up,service\n"
                "2026-06-03 10:00:00,false,Self-Service Portal\n"
                "2026-06-03 10:05:00,true,Self-Service Portal\n"
                "2026-06-03 10:10:00,true,Self-Service Portal\n"))
PORTAL_TIERS = ('  for "Portal Availability":\n    below 99.5% and at least 98%: EUR 750.\n'
                '    below 98%: EUR 1,500.\n    """\n    Portal credits are fixed amounts '
                'because the portal is not charged separately.\n    """\n', "")
SUPPORT_FEE = ('  "Business Hours" are', '  "Support Fee" is EUR 1,000.\n  "Business Hours" are')


CLOUD, DESK, NET, CX, BPO, SAAS = ("cloud-platform", "service-desk", "telecom-network",
                                   "customer-experience", "bpo-claims", "saas-analytics")
STORE = "object-storage"

NOT_MEASURED = "a term of the agreement that no measurement reads"

CASES = [
    # ---- header and definitions
    C("Agreement.title", CLOUD, 'agreement "Acme Cloud Platform Service Level Agreement"',
      'agreement "Acme Cloud SLA"', TEXT, "the agreement's name"),
    C("Agreement.version", CLOUD, 'version "2.1"', 'version "2.2"', TEXT, "a label"),
    C("Agreement.term", CLOUD, "  effective 2026-01-01 until 2026-04-30, renewing for 12 months\n",
      "", EVAL, pre=(("until 2026-12-31", "until 2026-04-30"),)),
    C("Agreement.time_zone", CLOUD, "time zone Europe/London", "time zone Pacific/Auckland",
      EVAL),
    C("Agreement.currency", CLOUD, "currency EUR", "currency USD", REFUSED),
    C("Agreement.review", CLOUD, "reviewed every quarter", "reviewed every month", TEXT,
      "a promise to meet, reported by no data file"),
    C("Agreement.repeated", CLOUD, "  currency EUR\n", "  currency EUR\n  currency EUR\n",
      REFUSED),
    C("Party.role", CLOUD, 'provider "Acme Cloud Ltd."', 'customer "Acme Cloud Ltd."', REFUSED),
    C("Party.name", CLOUD, 'provider "Acme Cloud Ltd."', 'provider "Acme Cloud plc"', TEXT,
      "the legal name of a party"),
    C("Party.called", CLOUD, 'called "the Customer"', 'called "the Client"', REFUSED),
    C("Term.effective", CLOUD, "effective 2026-01-01", "effective 2026-06-20", EVAL),
    C("Term.until", CLOUD, "until 2026-12-31", "until 2026-04-30", EVAL),
    C("Term.renewal", CLOUD, "renewing for 12 months", "renewing for 24 months", TEXT,
      NOT_MEASURED),
    C("TermDefinition.name", CLOUD, '"Monthly Fee" means', '"Monthly Charge" means', TEXT,
      "a defined term the contract's words use; only amounts are measured"),
    C("TermDefinition.meaning", CLOUD, '"the fees payable by the Customer for a calendar month"',
      '"the fees invoiced for a calendar month"', TEXT, "words for the lawyer"),
    C("AmountDefinition.name", CLOUD, '"Monthly Fee" is', '"Monthly Charge" is', EVAL,
      drop=("fees",)),
    C("AmountDefinition.value", CLOUD, "EUR 12,000.", "EUR 24,000.", EVAL, drop=("fees",)),
    # The customers file's column of that name gives the value (tests/test_portfolio.py); the
    # worked examples price credits on a stand-in for it.
    C("CustomerValue.name", CLOUD, '"Monthly Fee" is given', '"Monthly Charge" is given', EXAMPLE,
      pre=(('"Monthly Fee" is EUR 12,000.', '"Monthly Fee" is given per customer.'),)),
    C("CalendarDefinition.name", CLOUD, '"Business Hours" are', '"Office Hours" are', REFUSED),
    C("CalendarDefinition.spans", CLOUD, "09:00 to 17:00, Monday to Friday,",
      "09:00 to 17:00, Monday to Friday and 10:00 to 14:00, Saturday,", EVAL),
    C("CalendarDefinition.holidays", DESK, "Monday to Friday, except public holidays in DE-BY, in",
      "Monday to Friday, in", EVAL),
    C("CalendarDefinition.time_zone", CLOUD, "except public holidays in GB.",
      "except public holidays in GB, in time zone America/New_York.", EVAL),
    C("HoursSpan.start", CLOUD, "09:00 to 17:00", "11:00 to 17:00", EVAL),
    C("HoursSpan.end", CLOUD, "09:00 to 17:00", "09:00 to 11:00", EVAL),
    C("HoursSpan.first_day", CLOUD, "Monday to Friday", "Thursday to Friday", EVAL),
    C("HoursSpan.last_day", CLOUD, "Monday to Friday", "Monday to Tuesday", EVAL),
    C("PriorityDefinition.level", CLOUD, "priority 3 means", "priority 4 means", REFUSED),
    C("PriorityDefinition.meaning", CLOUD, '"a minor function is impaired"',
      '"a cosmetic fault"', TEXT, "the ticket data carries the priority itself"),
    C("Prose.text", CLOUD, "deliver for the Acme Cloud Platform", "deliver for the platform",
      TEXT, "prose is for people"),
    C("Comment.text", CLOUD, "# short blips are not outages", "# blips are not outages",
      FORMATTED, "comments are for people: the formatter keeps them, the contract leaves them "
      "out"),
    # ---- objectives
    C("Service.name", CLOUD, 'service "Compute API":', 'service "Compute":', EVAL),
    C("Objective.name", CLOUD, 'objective "Latency":', 'objective "Speed":', REFUSED),
    C("AvailabilityTarget.comparator", DESK, "available at least 99.5%",
      "available at most 99.5%", EVAL, pre=(PORTAL_TIERS,)),
    C("AvailabilityTarget.value", DESK, "available at least 99.5%", "available at least 50%",
      EVAL, pre=(PORTAL_TIERS,)),
    C("AvailabilityTarget.window", CLOUD, "99.95% of the time in each calendar month.",
      "99.95% of the time in each rolling 7 days.", EVAL),
    C("CalendarWindow.unit", CLOUD, "99.95% of the time in each calendar month.",
      "99.95% of the time in each calendar week.", EVAL),
    C("RollingWindow.days", CLOUD, "in each rolling 30 days", "in each rolling 3 days", EVAL),
    C("PercentileTarget.percentile", CLOUD, "the 95th percentile", "the 50th percentile", EVAL),
    C("PercentileTarget.metric", BPO, "the 90th percentile of turnaround time",
      "the 90th percentile of resolution time", EVAL),
    C("PercentileTarget.comparator", CLOUD, "response time shall be at most 300 ms",
      "response time shall be at least 300 ms", EVAL),
    C("PercentileTarget.value", CLOUD, "response time shall be at most 300 ms",
      "response time shall be at most 30,000 ms", EVAL),
    C("PercentileTarget.window", CLOUD, "at most 300 ms\n      in each calendar month.",
      "at most 300 ms\n      in each calendar week.", EVAL),
    C("PercentileTarget.calendar", DESK, "at most 32 hours of Business Hours",
      "at most 32 hours of Night Hours", EVAL,
      pre=(("resolution time shall be at most 4 business days",
            "resolution time shall be at most 32 hours of Business Hours"),
           ('  priority 1 means "a critical',
            '  "Night Hours" are 00:00 to 08:00, every day.\n  priority 1 means "a critical'),
           ("at most 12 business hours", "at most 12 hours of Business Hours"),
           ("within 1 business day.", "within 8 hours of Business Hours."),
           ("within 3 business days in", "within 30 hours of Business Hours in"),
           ("within 5 business days in", "within 50 hours of Business Hours in"),
           ("within 20 business days in", "within 200 hours of Business Hours in"))),
    C("AverageTarget.metric", BPO, "the average turnaround time", "the average resolution time",
      EVAL),
    C("AverageTarget.comparator", DESK, "the average resolution time shall be at most",
      "the average resolution time shall be at least", EVAL),
    C("AverageTarget.value", DESK, "at most 12 business hours", "at most 1 business hour", EVAL),
    C("AverageTarget.window", DESK, "at most 12 business hours in each calendar month",
      "at most 12 business hours in each calendar week", EVAL),
    C("AverageTarget.calendar", DESK, "at most 12 hours of Business Hours",
      "at most 12 hours of Night Hours", EVAL,
      pre=(("at most 12 business hours", "at most 12 hours of Business Hours"),
           ('  priority 1 means "a critical',
            '  "Night Hours" are 00:00 to 08:00, every day.\n  priority 1 means "a critical'),
           ("resolution time shall be at most 4 business days",
            "resolution time shall be at most 32 hours of Business Hours"),
           ("within 1 business day.", "within 8 hours of Business Hours."),
           ("within 3 business days in", "within 30 hours of Business Hours in"),
           ("within 5 business days in", "within 50 hours of Business Hours in"),
           ("within 20 business days in", "within 200 hours of Business Hours in"))),
    C("RequestRatioTarget.comparator", CLOUD, "at most 0.1% of requests shall fail",
      "at least 0.1% of requests shall fail", EVAL),
    C("RequestRatioTarget.value", CLOUD, "at most 0.1% of requests shall fail",
      "at most 90% of requests shall fail", EVAL),
    C("RequestRatioTarget.outcome", CLOUD, "at most 0.1% of requests shall fail",
      "at most 0.1% of requests shall succeed", EVAL),
    C("RequestRatioTarget.within", SAAS, "shall complete within 800 ms",
      "shall complete within 80 ms", EVAL),
    C("RequestRatioTarget.window", CLOUD, "shall fail in each rolling 30 days",
      "shall fail in each calendar week", EVAL),
    C("TicketTimeTarget.priority", CLOUD, "priority 1 tickets shall receive",
      "tickets shall receive", EVAL),
    C("TicketTimeTarget.event", CLOUD, "priority 1 tickets shall receive a first response "
      "within 15 minutes", "priority 1 tickets shall be resolved within 15 minutes", EVAL),
    C("TicketTimeTarget.any_time", CLOUD, "within 4 hours of Business Hours.",
      "within 4 hours of Business Hours, at any time.", EVAL),
    C("TicketTimeTarget.window", DESK, "tickets shall be resolved within 20 business days in "
      "each calendar month.", "tickets shall be resolved within 20 business days in each "
      "calendar year.", EVAL),
    C("TicketEvent.kind", CLOUD, "priority 1 tickets shall receive a first response within "
      "15 minutes", "priority 1 tickets shall be resolved within 15 minutes", EVAL),
    C("TicketEvent.limit", CLOUD, "first response within 15 minutes",
      "first response within 15 hours", EVAL),
    C("TicketEvent.calendar", CLOUD, "within 4 hours of Business Hours.", "within 4 hours.",
      EVAL),
    C("TicketRatioTarget.comparator", CLOUD, "at least 95% of priority 1 tickets",
      "at most 95% of priority 1 tickets", EVAL),
    C("TicketRatioTarget.value", CLOUD, "at least 95% of priority 1 tickets",
      "at least 5% of priority 1 tickets", EVAL),
    C("TicketRatioTarget.priority", CLOUD, "at least 95% of priority 1 tickets",
      "at least 95% of priority 3 tickets", EVAL),
    C("TicketRatioTarget.event", CLOUD, "priority 1 tickets shall be resolved within 4 hours",
      "priority 1 tickets shall receive a first response within 4 hours", EVAL),
    C("TicketRatioTarget.window", CLOUD, "resolved within 4 hours in each calendar month",
      "resolved within 4 hours in each calendar quarter", EVAL),
    C("ClosureRateTarget.comparator", DESK, "the closure rate shall be at least 95%",
      "the closure rate shall be at most 95%", EVAL),
    C("ClosureRateTarget.value", DESK, "the closure rate shall be at least 95%",
      "the closure rate shall be at least 5%", EVAL),
    C("ClosureRateTarget.window", DESK, "at least 95% in each calendar month.",
      "at least 95% in each calendar week.", EVAL),
    C("NpsTarget.comparator", CLOUD, "the net promoter score shall be at least 30",
      "the net promoter score shall be at most 30", EVAL),
    C("NpsTarget.value", CLOUD, "the net promoter score shall be at least 30",
      "the net promoter score shall be at least -90", EVAL),
    C("NpsTarget.window", CX, "more than 40 in each calendar quarter",
      "more than 40 in each calendar month", EVAL),
    C("ScoreRatioTarget.comparator", CX, "at least 85% of satisfaction scores",
      "at most 85% of satisfaction scores", EVAL),
    C("ScoreRatioTarget.value", CX, "at least 85% of satisfaction scores",
      "at least 5% of satisfaction scores", EVAL),
    C("ScoreRatioTarget.score_comparator", CX, "satisfaction scores shall be at least 4 out of 5",
      "satisfaction scores shall be at most 4 out of 5", EVAL),
    C("ScoreRatioTarget.score", CX, "satisfaction scores shall be at least 4 out of 5",
      "satisfaction scores shall be at least 1 out of 5", EVAL),
    C("ScoreRatioTarget.window", CX, "at least 4 out of 5 in each calendar quarter",
      "at least 4 out of 5 in each calendar month", EVAL),
    # ---- measurement rules
    C("SourceRule.source", CLOUD, "availability is measured from requests.",
      "availability is measured from incidents.", EVAL,
      pre=(("    a minute counts as unavailable when more than 5% of requests fail.\n", ""),
           ("    a minute without requests counts as available.\n", ""))),
    C("SliceRule.slice", CLOUD, "a minute counts as unavailable when more than 5%",
      "an hour counts as unavailable when more than 5%", EVAL,
      pre=(("    a minute without requests counts as available.\n", ""),)),
    C("SliceRule.condition", DESK, "when more than 50% of probes fail.",
      "when any probe fails.", EVAL, files=DESK_PROBES),
    C("SliceRule.comparator", SAAS, "when more than 10% of requests fail",
      "when at least 10% of requests fail", EVAL, files=(SAAS_REQUESTS,)),
    C("SliceRule.threshold", SAAS, "when more than 10% of requests fail",
      "when more than 70% of requests fail", EVAL, files=(SAAS_REQUESTS,)),
    C("SliceRule.samples", CLOUD, "when more than 5% of requests fail",
      "when more than 5% of probes fail", REFUSED),
    C("EmptySliceRule.slice", CLOUD, "a minute without requests counts as available.",
      "an hour without requests counts as available.", EVAL,
      pre=(("    a minute counts as unavailable when more than 5% of requests fail.\n", ""),)),
    C("EmptySliceRule.samples", CLOUD, "a minute without requests counts as available.",
      "a minute without probes counts as available.", REFUSED),
    C("EmptySliceRule.counts_as", CLOUD, "a minute without requests counts as available.",
      "a minute without requests counts as unavailable.", EVAL),
    C("MinimumRunRule.length", CLOUD, "runs of at least 5 minutes", "runs of at least 1 minute",
      EVAL),
    C("ExcludedTimeRule.treatment", SAAS, "out at 10 s\n    excluded time is left out of the "
      "measurement.", "out at 10 s\n    excluded time counts as available.", EVAL),
    C("AggregationRule.method", CLOUD, "the percentage is computed over all requests together.",
      "the percentage is the average of the percentages for each day.", EVAL),
    C("AggregationRule.per", SAAS, "the percentage is the average of the percentages for each "
      "day.", "the percentage is the average of the percentages for each hour.", EVAL,
      files=(SAAS_REQUESTS,)),
    C("AggregationRule.samples", CLOUD, "computed over all requests together.",
      "computed over all probes together.", REFUSED),
    C("PercentileMethodRule.method", SAAS, "percentiles are computed by linear interpolation.",
      "percentiles are computed by nearest rank.", EVAL, files=(SAAS_REQUESTS,)),
    C("SlowRequestRule.limit", SAAS, "a request counts as failed when it takes longer than 10 "
      "seconds.  # SDK", "a request counts as failed when it takes longer than 1 second.  # SDK",
      EVAL, files=(SAAS_REQUESTS,)),
    C("PauseRule.party", DESK, "time waiting for the Client is left out.",
      "time waiting for the Supplier is left out.", REFUSED),
    C("PauseRule.*", DESK, "    time waiting for the Client is left out.\n", "", EVAL,
      files=(DESK_PAUSES,)),
    # the sentence itself, where the spec says what the default would be otherwise
    C("SourceRule.*", CLOUD, "    availability is measured from requests.\n", "", EVAL,
      pre=(("    a minute counts as unavailable when more than 5% of requests fail.\n", ""),
           ("    a minute without requests counts as available.\n", ""))),
    C("SliceRule.*", SAAS, "    a minute counts as unavailable when more than 10% of requests "
      "fail.\n", "", EVAL, files=(SAAS_REQUESTS,)),
    C("EmptySliceRule.*", SAAS, "    a minute without requests counts as excluded.\n", "", EVAL,
      files=(SAAS_REQUESTS,)),
    C("MinimumRunRule.*", CLOUD, "    downtime counts only in runs of at least 5 minutes.  # "
      "short blips are not outages\n", "", EVAL),
    C("ExcludedTimeRule.*", SAAS, "out at 10 s\n    excluded time is left out of the "
      "measurement.\n", "out at 10 s\n", EVAL),
    C("AggregationRule.*", SAAS, "    the percentage is the average of the percentages for each "
      "day.\n", "", EVAL, files=(SAAS_REQUESTS,)),
    C("PercentileMethodRule.*", SAAS, "    percentiles are computed by linear interpolation.\n",
      "", EVAL, files=(SAAS_REQUESTS,)),
    C("SlowRequestRule.*", SAAS, "    a request counts as failed when it takes longer than 10 "
      "seconds.  # SDK clients time out at 10 s\n", "", EVAL, files=(SAAS_REQUESTS,)),
    # published-style terms (specs/object-storage.sla)
    C("IntervalAverageRule.*", STORE, "    availability is 100% minus the average of the error "
      "rates of each interval of 5 minutes.\n", "", EVAL),
    C("IntervalAverageRule.interval", STORE, "each interval of 5 minutes.\n    # a request",
      "each interval of 60 minutes.\n    # a request", EVAL,
      pre=(("    a period of 5 minutes without requests counts as available.\n", ""),)),
    C("IntervalAverageRule.whole", STORE, "availability is 100% minus the average of the error "
      "rates of each interval", "availability is 99% minus the average of the error rates of "
      "each interval", REFUSED),
    C("MinimumSampleRule.*", STORE, "    the objective applies only when at least 20 responses "
      "were received.\n", "", EXAMPLE),
    C("MinimumSampleRule.count", STORE, "at least 20 responses were received.",
      "at least 19 responses were received.", EXAMPLE),
    C("MinimumSampleRule.samples", STORE, "at least 10 tickets were received.",
      "at least 10 responses were received.", REFUSED),
    C("BillingPeriod.period", STORE, "fees are billed every calendar quarter.",
      "fees are billed every calendar month.", EVAL),
    C("DeMinimis.inclusive", STORE, "credits of USD 25 or less are not issued.",
      "credits below USD 25 are not issued.", EXAMPLE),
    C("DeMinimis.verb", STORE, "credits of USD 25 or less are not issued.",
      "credits of USD 25 or less are not paid.", TEXT, "two words for the same rule"),
    C("Forfeiture.*", STORE, "  a credit not claimed in time is forfeited.\n", "", EXAMPLE),
    C("SamplesFact.count", STORE, "and 19 responses were received in Q2 2026",
      "and 25 responses were received in Q2 2026", EXAMPLE),
    C("SamplesFact.samples", STORE, "and 9 tickets were received in Q3 2026",
      "and 9 responses were received in Q3 2026", EXAMPLE),
    C("SamplesFact.period", STORE, "and 19 responses were received in Q2 2026",
      "and 19 responses were received in Q3 2026", EXAMPLE),
    # ---- responsibilities
    C("Responsibility.party", CLOUD, "the Customer shall name a technical contact",
      "the Provider shall name a technical contact", EVAL),
    C("Responsibility.action", CLOUD, "shall publish a service report within",
      "shall publish a status report within", EVAL),
    C("Responsibility.deadline", CLOUD, "shall name a technical contact before 2026-01-15.",
      "shall name a technical contact within 5 days after each calendar month.", EVAL),
    C("Deadline.kind", CLOUD, "shall name a technical contact before 2026-01-15.",
      "shall name a technical contact by 2026-01-15.", EVAL),
    C("Deadline.date", CLOUD, "technical contact before 2026-01-15.",
      "technical contact before 2026-12-15.", EVAL),
    C("Deadline.within", CLOUD, "within 5 business days after each calendar month.",
      "within 15 business days after each calendar month.", EVAL),
    C("Deadline.relation", CLOUD, "within 24 hours of discovering it.",
      "within 24 hours after discovering it.", TEXT,
      "'after' and 'of' an event mean the same time"),
    C("Deadline.trigger", CLOUD, "within 5 business days after each calendar month.",
      "within 5 business days after each priority 1 incident.", EVAL),
    C("Deadline.period", CLOUD, "within 5 business days after each calendar month.",
      "within 5 business days after each calendar week.", EVAL),
    C("Deadline.priority", CLOUD, "after each priority 1 incident.",
      "after each incident.", EVAL, files=(("incidents.csv", "id,start,end,priority,service\n"
                                            "INC-11,2026-06-06 14:00:00,2026-06-06 14:40:00,P1,"
                                            "Compute API\nINC-12,2026-06-08 14:00:00,2026-06-08 "
                                            "14:40:00,P2,Compute API\n"),)),
    C("Deadline.event", CLOUD, "within 24 hours of discovering it.",
      "within 24 hours of noticing it.", TEXT, "free words naming the event; its time comes "
      "from the data (an incident's discovered_at)"),
    C("PartyRef.name", CLOUD, "incidents caused by the Customer.",
      "incidents caused by the Provider.", EVAL, month="good"),
    C("PartyRef.the", CLOUD, "incidents caused by the Customer.",
      "incidents caused by Customer.", TEXT, "'the' is a word of the sentence, not a party"),
    # ---- exclusions
    C("MaintenanceExclusion.kind", CLOUD, "scheduled maintenance announced",
      "emergency maintenance announced", EVAL, month="good"),
    C("MaintenanceExclusion.notice", CLOUD, "announced at least 72 hours in advance",
      "announced at least 1 hour in advance", EVAL),
    C("MaintenanceExclusion.allowance", CLOUD, "in advance, up to 4 hours in each",
      "in advance, up to 1 minute in each", EVAL, month="good"),
    C("MaintenanceExclusion.allowance_window", CLOUD, "up to 1 minute in each calendar month.",
      "up to 1 minute in each calendar year.", EVAL, month="good",
      pre=(("up to 4 hours in each calendar month.", "up to 1 minute in each calendar month."),),
      files=(("maintenance.csv", "id,start,end,announced_at,kind,service\n"
              "MW-A,2026-02-21 02:00:00,2026-02-21 04:00:00,2026-02-01 02:00:00,scheduled,"
              "Compute API\nMW-0,2026-03-21 02:00:00,2026-03-21 04:00:00,2026-03-01 02:00:00,"
              "scheduled,Compute API\n"),)),
    C("CausedByExclusion.party", CLOUD, "incidents caused by the Customer.",
      "incidents caused by the Provider.", EVAL, month="good"),
    C("ForceMajeureExclusion.*", CLOUD, "  force majeure.\n", "", EVAL, month="good",
      files=(("incidents.csv", "id,start,end,cause,service\nI1,2026-03-10 10:00:00,"
              "2026-03-10 11:00:00,force majeure,Compute API\n"),)),
    C("LateReportExclusion.party", CLOUD, "incidents the Customer did not report on time.",
      "incidents the Provider did not report on time.", REFUSED),
    # ---- credits
    C("TierTable.objective", CLOUD, 'for "Monthly Availability":\n',
      'for "Error Rate":\n', REFUSED),
    C("Tier.bounds", CLOUD, "below 95.0%: 50% of the Monthly Fee.",
      "below 95.0% and at least 0%: 50% of the Monthly Fee.", TEXT,
      "a bound that every measured value meets adds nothing"),
    C("Tier.amount", CLOUD, "below 99.95% and at least 99.0%: 10% of the Monthly Fee.",
      "below 99.95% and at least 99.0%: 11% of the Monthly Fee.", EVAL),
    C("Bound.comparator", CLOUD, "below 99.95% and at least 99.0%: 10%",
      "below 99.95% and more than 99.0%: 10%", REFUSED),
    C("Bound.value", CLOUD, "at least 99.0%: 10% of the Monthly Fee.\n    below 99.0%",
      "at least 99.9%: 10% of the Monthly Fee.\n    below 99.9%", EVAL),
    C("EventCredit.objective", CLOUD, 'for "Incident Response": 2%', 'for "Error Rate": 2%',
      REFUSED),
    C("EventCredit.amount", CLOUD, "2% of the Monthly Fee for each missed priority 1 ticket.",
      "3% of the Monthly Fee for each missed priority 1 ticket.", EVAL),
    C("EventCredit.event", NET, "2% of the Monthly Rental for each full hour of downtime.",
      "2% of the Monthly Rental for each missed ticket.", REFUSED),
    C("EventCredit.priority", CLOUD, "for each missed priority 1 ticket.",
      "for each missed ticket.", EVAL),
    C("MissedCredit.objective", CLOUD, 'for "Latency": 5% of the Monthly Fee when missed.',
      'for "Error Rate": 5% of the Monthly Fee when missed.', EVAL),
    C("MissedCredit.amount", CLOUD, 'for "Latency": 5% of the Monthly Fee when missed.',
      'for "Latency": 7% of the Monthly Fee when missed.', EVAL),
    C("PercentOfFee.percent", CLOUD, "below 99.95% and at least 99.0%: 10% of the Monthly Fee.",
      "below 99.95% and at least 99.0%: 11% of the Monthly Fee.", EVAL),
    C("PercentOfFee.fee", CLOUD, "at least 99.0%: 10% of the Monthly Fee.",
      "at least 99.0%: 10% of the Support Fee.", EVAL, pre=(SUPPORT_FEE,), drop=("fees",)),
    C("FeeRef.name", CLOUD, "at least 99.0%: 10% of the Monthly Fee.",
      "at least 99.0%: 10% of the Support Fee.", EVAL, pre=(SUPPORT_FEE,), drop=("fees",)),
    C("FeeRef.previous", SAAS, "below 99.0%: 15% of the Subscription Fee.",
      "below 99.0%: 15% of the Subscription Fee of the previous calendar month.", EVAL,
      files=(("fees.csv", "period,amount\n2026-08,1000\n2026-09,2000\n"),)),
    C("FixedAmount.value", DESK, "below 99.5% and at least 98%: EUR 750.",
      "below 99.5% and at least 98%: EUR 850.", EVAL),
    C("FeeMultiple.multiple", NET, "10 times the fees paid during the downtime",
      "20 times the fees paid during the downtime", EVAL),
    C("CreditCap.period", CX, "credits in a calendar quarter are capped",
      "credits in a calendar month are capped", REFUSED),
    C("CreditCap.amount", CLOUD, "capped at 50% of the Monthly Fee.",
      "capped at 75% of the Monthly Fee.", EVAL,
      pre=(("2% of the Monthly Fee for each missed", "20% of the Monthly Fee for each missed"),)),
    C("MinimumCredit.amount", NET, "each credit is at least GBP 1,000.",
      "each credit is at least GBP 100,000.", EVAL),
    C("DeMinimis.amount", DESK, "credits below EUR 100 are not paid.",
      "credits below EUR 100,000 are not paid.", EVAL),
    C("Rounding.mode", CLOUD, "credits are rounded half up to 2 decimal places.",
      "credits are rounded down to 2 decimal places.", EVAL,
      pre=(("EUR 12,000.", "EUR 12,000.55."),), drop=("fees",)),
    C("Rounding.places", CLOUD, "credits are rounded half up to 2 decimal places.",
      "credits are rounded half up to 0 decimal places.", EVAL,
      pre=(("EUR 12,000.", "EUR 12,000.55."),), drop=("fees",)),
    C("SoleRemedy.party", CLOUD, "credits are the Customer's sole and exclusive remedy.",
      "credits are the Provider's sole and exclusive remedy.", TEXT,
      "a legal consequence outside the measurement"),
    C("ClaimDeadline.party", CLOUD, "the Customer must claim a credit",
      "the Provider must claim a credit", TEXT, "who claims does not move the deadline"),
    C("ClaimDeadline.within", CLOUD, "claim a credit within 30 days after",
      "claim a credit within 60 days after", EVAL),
    C("ClaimDeadline.period", CLOUD, "within 30 days after the end of the calendar month.",
      "within 30 days after the end of the calendar year.", EVAL,
      pre=(("  credits in a calendar month are capped at 50% of the Monthly Fee.\n", ""),)),
    C("TerminationRight.objective", CLOUD, 'if "Monthly Availability" is missed in 3',
      'if "Latency" is missed in 3', EVAL),
    C("TerminationRight.misses", DESK, 'if "Closure Rate" is missed in 3 consecutive',
      'if "Closure Rate" is missed in 1 consecutive', EVAL),
    C("TerminationRight.out_of", DESK, "missed in 2 of any 3 consecutive",
      "missed in 2 of any 6 consecutive", EVAL,
      pre=(("missed in 3 consecutive calendar months", "missed in 2 of any 3 consecutive "
            "calendar months"),)),
    C("TerminationRight.period", DESK, "missed in 3 consecutive calendar months",
      "missed in 3 consecutive calendar quarters", EVAL),
    C("TerminationRight.party", CLOUD, "consecutive calendar months, the Customer may terminate",
      "consecutive calendar months, the Provider may terminate", TEXT,
      "who may terminate does not change whether the right arises"),
    # ---- reporting
    C("ReportingClause.party", CLOUD, "the Provider shall report every calendar month",
      "the Customer shall report every calendar month", TEXT,
      "reports are delivered outside the measured data"),
    C("ReportingClause.period", CLOUD, "shall report every calendar month through",
      "shall report every calendar week through", TEXT,
      "reports are delivered outside the measured data"),
    C("ReportingClause.channel", CLOUD, 'through "the customer portal"',
      'through "e-mail"', TEXT, "reports are delivered outside the measured data"),
    # ---- worked examples
    C("Example.name", CLOUD, 'example "A 45-minute outage in April"',
      'example "An outage in April"', TEXT, "a heading"),
    C("DowntimeFact.downtime", CLOUD, "given 45 minutes of downtime in April 2026",
      "given 50 minutes of downtime in April 2026", EXAMPLE),
    C("DowntimeFact.service", NET, 'given 60 minutes of downtime of "Core Network"',
      'given 60 minutes of downtime of "Access Circuits"', EXAMPLE),
    C("DowntimeFact.period", CLOUD, "given 45 minutes of downtime in April 2026",
      "given 45 minutes of downtime in February 2026", EXAMPLE),
    C("MissedTicketsFact.count", DESK, "given 3 missed priority 1 tickets in May 2026",
      "given 4 missed priority 1 tickets in May 2026", EXAMPLE),
    C("MissedTicketsFact.priority", DESK, "given 3 missed priority 1 tickets in May 2026",
      "given 3 missed priority 2 tickets in May 2026", EXAMPLE),
    C("MissedTicketsFact.period", DESK, "and 4 missed priority 2 tickets in 2026-06",
      "and 4 missed priority 2 tickets in 2026-07", EXAMPLE,
      # 14 × EUR 400 + 4 × EUR 150 = EUR 6,200 in one month is capped at EUR 5,775.
      pre=(("given 2 missed priority 1 tickets in 2026-06",
            "given 14 missed priority 1 tickets in 2026-06"),)),
    C("MeasuredFact.objective", DESK, 'given a measured "Closure Rate" of "Service Desk" of '
      "93.8%", 'given a measured "Resolution" of "Service Desk" of 93.8%', EXAMPLE),
    C("MeasuredFact.value", DESK, 'of "Service Desk" of 93.8% in September 2026',
      'of "Service Desk" of 96% in September 2026', EXAMPLE),
    C("MeasuredFact.period", DESK, 'of 93% in 2026-11', 'of 93% in 2026-12', EXAMPLE),
    C("ObjectiveRef.name", CLOUD, 'then "Monthly Availability" is 99.896%',
      'then "Latency" is 99.896%', EXAMPLE),
    C("ObjectiveRef.service", SAAS, 'then "Availability" of "Ingestion API" is 99.792%',
      'then "Availability" of "Query API" is 99.792%', EXAMPLE),
    C("ValueOutcome.objective", CLOUD, 'then "Monthly Availability" is 99.896%',
      'then "Latency" is 99.896%', EXAMPLE),
    C("ValueOutcome.value", CLOUD, 'then "Monthly Availability" is 99.896%',
      'then "Monthly Availability" is 99.9%', EXAMPLE),
    C("VerdictOutcome.objective", DESK, 'then "First Response" is missed',
      'then "Closure Rate" is missed', EXAMPLE),
    C("VerdictOutcome.verdict", DESK, 'then "First Response" is missed',
      'then "First Response" is met', EXAMPLE),
    C("CreditOutcome.party", CLOUD, "and the Customer receives a credit of 10%",
      "and the Provider receives a credit of 10%", REFUSED),
    C("CreditOutcome.amount", CLOUD, "and the Customer receives a credit of 10%",
      "and the Customer receives a credit of 20%", EXAMPLE),
    C("TerminationOutcome.party", DESK, "then the Client may terminate this agreement.",
      "then the Supplier may terminate this agreement.", REFUSED),
]

#: Fields that hold only other nodes, or where they came from: containers, not choices.
CONTAINERS = {"span", "name_span", "time_zone_span", "items", "prose", "targets", "rules",
              "objectives", "sections", "comments", "agreement", "parties", "tiers",
              "facts", "outcomes"}


def grammar_fields() -> list[str]:
    """``Class.field`` for every field a sentence sets, and ``Class.*`` (the sentence being
    there at all) for a measurement rule or a sentence with no field."""
    rules = typing.get_args(n.MeasurementRule)
    out = []
    for cls in n.concrete_node_classes():
        every = [f.name for f in dataclasses.fields(cls) if f.name != "span"]
        names = [f for f in every if f not in CONTAINERS]
        if cls in rules or not every:
            out.append(f"{cls.__name__}.*")
        out.extend(f"{cls.__name__}.{name}" for name in names)
    return out


# ---------------------------------------------------------------- machinery


@cache
def _base_text(name: str, pre: tuple[tuple[str, str], ...]) -> str:
    text = (SPECS / f"{name}.sla").read_text(encoding="utf-8")
    for old, new in pre:
        text = _replace_once(text, old, new, name)
    return text


def _replace_once(text: str, old: str, new: str, name: str) -> str:
    """``text`` with ``old`` replaced, where a run of spaces inside ``old`` also matches a line
    break and indentation (so that a spec reformatted by ``sladsl fmt`` still matches)."""
    core = old.strip()
    lead, trail = old[:len(old) - len(old.lstrip())], old[len(old.rstrip()):]
    pattern = re.escape(lead) + r"\s+".join(re.escape(w) for w in core.split()) \
        + re.escape(trail)
    found = list(re.finditer(pattern, text))
    assert len(found) == 1, f"{old!r} is not once in {name}.sla"
    return text[:found[0].start()] + new + text[found[0].end():]


_DATA: dict[tuple[Any, ...], tuple[Path, str]] = {}


def _expand(files: tuple[tuple[str, str], ...]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for f in files:
        out.extend([SAAS_REQUESTS, SAAS_REQUESTS_CSV] if f == SAAS_REQUESTS else [f])
    return out


def _data(tmp: Path, case: Case) -> tuple[Path, str]:
    """The sample data of the base spec (generated once per base) and its bad month."""
    key = (case.spec, case.pre, case.drop, case.files, case.month)
    if key not in _DATA:
        spec = sladsl.loads(_base_text(case.spec, case.pre), f"{case.spec}.sla")
        folder = tmp / f"{case.spec}-{len(_DATA)}"
        folder.mkdir()
        for path in generate(spec, folder):
            if path.name.split(".")[0] in case.drop:
                path.unlink()
        for name, content in _expand(case.files):
            if content:
                (folder / name).write_text(content, encoding="utf-8")
            else:
                (folder / name).unlink()
        good, bad = sample_months(spec)
        _DATA[key] = (folder, good if case.month == "good" else bad)
    return _DATA[key]


def _evaluation(text: str, folder: Path, month: str) -> Any:
    """The numbers of an evaluation: no labels, clause numbers or explanations."""
    key = (text, folder, month, Engine.check)
    if key not in _EVALUATIONS:
        spec = sladsl.loads(text, "x.sla")
        _EVALUATIONS[key] = _numbers(build(Engine(spec, folder).run(
            [parse_period(month, zone(spec.time_zone))])))
    return _EVALUATIONS[key]


_EVALUATIONS: dict[tuple[Any, ...], Any] = {}


def _numbers(model: dict[str, Any]) -> Any:
    keep = ("service", "objective", "window", "measured_exact", "target", "comparator",
            "verdict", "budget", "worst", "margin")
    periods = []
    for p in model["periods"]:
        credits = p["credits"]
        periods.append({
            "lines": [{k: ln[k] for k in keep} | {"excluded": [e["minutes"] for e in
                                                             ln["exclusions"]]}
                      for ln in p["lines"]],
            "duties": [(d["party"], d["status"], d["detail"]) for d in p["responsibilities"]],
            "credits": None if credits is None else {
                k: credits[k] for k in ("subtotal", "cap", "capped", "total",
                                        "claim_deadline", "claim_status")}
            | {"lines": [(c["objective"], c["amount"]) for c in credits["lines"]]},
        })
    return periods, [(t["objective"], t["triggered"], t["history"]) for t in model["termination"]]


def _examples(spec: Spec) -> Any:
    return [(r.name, r.passed, r.error, [(c.passed, c.actual) for c in r.checks])
            for r in run_examples(spec)]


def _values(text: str, field: str) -> list[Any]:
    """The values the field has in the spec, in source order."""
    cls_name, name = field.split(".")
    cls = getattr(n, cls_name)
    spec, found = sladsl.analyse(text, "x.sla")
    assert spec is not None, f"not a sentence: {found[0].message}"
    nodes = [node for node in n.walk(spec.document) if type(node) is cls]
    if name == "*":
        return [len(nodes)]
    return [_plain(getattr(node, name)) for node in nodes]


def _plain(value: Any) -> Any:
    """A value with its source positions left out, so only what it says is compared."""
    if isinstance(value, Span):
        return None
    if isinstance(value, n.Node):
        return (type(value).__name__, tuple(_plain(getattr(value, f.name))
                                            for f in dataclasses.fields(value)
                                            if f.name != "span"))
    if isinstance(value, tuple):
        return tuple(_plain(v) for v in value)
    return value


def effect_of(case: Case, tmp: Path) -> str | None:
    """Why the case does not show its effect, or None when it does."""
    base = _base_text(case.spec, case.pre)
    text = _replace_once(base, case.old, case.new, case.spec)
    before, after = _values(base, case.field), _values(text, case.field)
    if before == after:
        return f"the change does not set {case.field}: {before}"
    old_spec = sladsl.loads(base, f"{case.spec}.sla")
    new_spec, found = sladsl.analyse(text, f"{case.spec}.sla")
    errors = [d for d in found if d.severity == "error"]
    if case.effect == REFUSED:
        return None if errors else "the changed spec is accepted"
    if errors or new_spec is None:
        return f"the changed spec is refused: {errors[0].message if errors else '?'}"
    if case.effect == TEXT:
        assert case.why, f"{case.field}: say why the checker ignores it"
        same = render(old_spec, "text") == render(new_spec, "text")
        return "the contract text is the same" if same else None
    if case.effect == FORMATTED:
        assert case.why, f"{case.field}: say why the checker ignores it"
        same = format_text(base) == format_text(text)
        return "the formatted source is the same" if same else None
    if case.effect == EXAMPLE:
        same = _examples(old_spec) == _examples(new_spec)
        return "the worked examples give the same results" if same else None
    folder, month = _data(tmp, case)
    same = _evaluation(base, folder, month) == _evaluation(text, folder, month)
    return f"the evaluation of {month} gives the same numbers" if same else None


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("dead-syntax-data")


# ---------------------------------------------------------------- the tests


def test_every_field_has_a_case() -> None:
    covered = {c.field for c in CASES}
    missing = [f for f in grammar_fields() if f not in covered]
    assert not missing, ("fields a sentence sets with no case showing that they change the "
                         "evaluation or the contract (add them to CASES): " + ", ".join(missing))
    unknown = covered - set(grammar_fields())
    assert not unknown, f"cases for fields that do not exist: {sorted(unknown)}"


@pytest.mark.parametrize("case", CASES, ids=[c.field for c in CASES])
def test_changing_the_field_changes_something(case: Case, data_dir: Path) -> None:
    problem = effect_of(case, data_dir)
    assert problem is None, f"{case.field} ({case.effect}): {problem}"


@contextmanager
def _ignoring(cls: type[n.Node]) -> Iterator[None]:
    """The evaluator with every rule of ``cls`` left out: a rule made to be ignored."""
    original: Callable[..., Any] = Engine.check

    def check(self: Engine, entry: Any, target: n.Node, window: Any) -> Any:
        obj = entry.objective
        stripped = dataclasses.replace(obj, rules=tuple(r for r in obj.rules
                                                        if not isinstance(r, cls)))
        return original(self, dataclasses.replace(entry, objective=stripped), target, window)

    Engine.check = check  # type: ignore[method-assign]
    try:
        yield
    finally:
        Engine.check = original  # type: ignore[method-assign]


RULE_CASES = [c for c in CASES if c.effect == EVAL
              and getattr(n, c.field.split(".")[0]) in typing.get_args(n.MeasurementRule)]


@pytest.mark.parametrize("case", RULE_CASES, ids=[c.field for c in RULE_CASES])
def test_ignoring_a_rule_is_noticed(case: Case, data_dir: Path) -> None:
    cls = getattr(n, case.field.split(".")[0])
    with _ignoring(cls):
        problem = effect_of(case, data_dir)
    assert problem is not None and "same numbers" in problem, (
        f"with {cls.__name__} ignored by the evaluator, the case for {case.field} still "
        "passed: it does not prove the rule is measured")
