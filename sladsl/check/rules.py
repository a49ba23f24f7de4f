"""Checks that a sentence is not dead where it stands: rules the measurement would not use, and
parties that cannot be the ones a sentence names, are refused rather than ignored."""

from __future__ import annotations

from .. import nodes as n
from ..model import AVERAGED_UNITS, availability_source, called_key
from .billing import fee_names
from .values import Checks


def check_slices(checks: Checks, o: n.Objective) -> None:
    """Slice rules that the measurement would not use are refused: under availability
    measured from incidents, on samples the objective does not count, or with a slice
    length other than the one the objective's other slice rule sets."""
    source = next((r.source for r in o.rules if isinstance(r, n.SourceRule)), None)
    first: n.SliceRule | n.EmptySliceRule | None = None
    for r in o.rules:
        if not isinstance(r, n.SliceRule | n.EmptySliceRule):
            continue
        if source == "incidents":
            checks.error("S131", r.span, "availability is measured from incidents here, which "
                       "are not cut into slices, so this rule would have no effect",
                       "availability is measured from requests.")
            continue
        wanted = source or (first.samples if first else r.samples)
        if r.samples != wanted:
            checks.error("S131", r.span, f"this rule counts {r.samples}, but the objective "
                       f"is measured from {wanted}",
                       f"say {wanted} here, or: availability is measured from {r.samples}.")
        if first is not None and r.slice != first.slice:
            checks.error("S131", r.span, f"the slices here are {r.slice}, but line "
                       f"{first.span.line} makes them {first.slice}; an objective has one "
                       "slice length", f"use {first.slice} on both lines")
        first = first or r

def check_aggregation(checks: Checks, r: n.AggregationRule, kinds: set[type], o: n.Objective
                      ) -> None:
    """How a percentage is aggregated: refused where no percentage it could change."""
    if not kinds & {n.RequestRatioTarget, n.AvailabilityTarget}:
        checks.error("S130", r.span, "this objective has no percentage of requests or of "
                   "time to aggregate, so the rule would have no effect",
                   "at most 0.1% of requests shall fail in each calendar month.")
        return
    if r.method == "averaged":
        if r.per not in AVERAGED_UNITS:
            checks.error("S130", r.span, f"a percentage cannot be averaged over each "
                       f"{r.per}", "… the average of the percentages for each "
                       + " / ".join(AVERAGED_UNITS) + ".")
        return
    wanted = availability_source(o) if n.AvailabilityTarget in kinds else "requests"
    if wanted == "incidents":
        checks.error("S130", r.span, "availability measured from incidents has no samples "
                   "to compute the percentage over", "leave the sentence out (the "
                   "percentage is the share of the period without an incident), or say: "
                   "the percentage is the average of the percentages for each day.")
    elif r.samples != wanted:
        checks.error("S130", r.span, f"the percentage cannot be computed over all "
                   f"{r.samples}: this objective counts {wanted}",
                   f"the percentage is computed over all {wanted} together.")



def check_outcome_party(checks: Checks, outcome: n.CreditOutcome | n.TerminationOutcome,
                        allowed: set[str], why: str) -> None:
    """An example's outcome names the party it happens to: a credit goes to the customer,
    a termination right to the party the agreement gives it (a role or a called name)."""
    party = checks.spec.party(outcome.party)
    if party is None or not allowed or party.role in allowed \
            or called_key(party.called) in allowed:
        return  # with no termination right at all, the example itself fails, saying why
    holder = next((p for p in checks.spec.agreement.parties
                   if p.role in allowed or called_key(p.called) in allowed), None)
    checks.error("S132", outcome.party.span, f"{outcome.party.text} cannot be the party "
               f"here: {why}", f"then {holder.called if holder else 'the Customer'} …")


def check_fixed_outcome(checks: Checks, amount: n.Amount) -> None:
    """A worked example cannot state a credit as a sum of money when the credits are shares of
    a value each customer's order form sets: the sum differs from customer to customer."""
    if not isinstance(amount, n.FixedAmount) or not checks.spec.per_customer:
        return
    shared = [name for name in fee_names(checks.spec) if name in checks.spec.per_customer]
    if shared:
        checks.error("S133", amount.span, f"the credit depends on the {shared[0]}, which is "
                     f"given per customer, so no one sum of money is right for every customer",
                     f"state the credit as a share: … receives a credit of 10% of the "
                     f"{shared[0]}")
