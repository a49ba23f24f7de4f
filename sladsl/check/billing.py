"""The billing period: the period over which service credits are priced and capped.

One rule, used by the checker, the contract text and the evaluator alike:

1. ``fees are billed every calendar quarter`` states it, and nothing else is read;
2. otherwise it is derived from what prices the credits: the cap's period (``credits in a
   calendar month are capped …``) and the period each fee a credit is a share of names
   (``"Quarterly Fee"``, or a definition that means ``"… for a calendar quarter"``). When
   these agree, that is the billing period; when they disagree, it is *ambiguous* and
   ``validate`` says so (S130);
3. with neither, the claim clause's period decides, else the calendar windows of the
   objectives that carry a credit when they are all of one unit; when they differ and a
   credit is a share of a fee, the billing period is ambiguous too;
4. with nothing to go on, it is a calendar month.

The claim deadline is counted from the end of the claim clause's own period (``within 30
days after the end of the calendar quarter``), whatever the billing period.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import nodes as n
from ..model import Spec
from ..quantities import Money

_WORDS = (("month", r"\bmonth(?:ly|s)?\b"), ("quarter", r"\bquarter(?:ly|s)?\b"),
          ("year", r"\b(?:year(?:ly|s)?|annual(?:ly)?)\b"), ("week", r"\bweek(?:ly|s)?\b"))


@dataclass(frozen=True)
class Billing:
    """The billing period (``None`` when ambiguous), why, and the evidence considered."""

    unit: str | None
    reason: str
    evidence: tuple[tuple[str, str, n.Node], ...] = ()  # (unit, what says so, clause)
    stated: n.BillingPeriod | None = None

    @property
    def ambiguous(self) -> bool:
        return self.unit is None


def period_named(text: str) -> str | None:
    """The one period a fee's name or meaning names (``Quarterly Fee`` → quarter), if one."""
    found = {unit for unit, pattern in _WORDS if re.search(pattern, text, re.IGNORECASE)}
    return found.pop() if len(found) == 1 else None


def fee_period(spec: Spec, name: str) -> tuple[str, n.Node] | None:
    """The period a defined fee is for, from its name, else from what it is said to mean."""
    definition: n.Node | None = (spec.terms.get(name) or spec.amounts.get(name)
                                 or spec.per_customer.get(name))
    if definition is None:
        return None
    unit = period_named(name)
    if unit is None and name in spec.terms:
        unit = period_named(spec.terms[name].meaning)
    return (unit, definition) if unit else None


def _amounts(item: n.Node) -> list[n.Amount]:
    if isinstance(item, n.TierTable):
        return [t.amount for t in item.tiers]
    if isinstance(item, n.EventCredit | n.MissedCredit | n.CreditCap | n.MinimumCredit
                  | n.DeMinimis):
        return [item.amount]
    return []


def fee_names(spec: Spec) -> list[str]:
    """The fees the credits are priced on (``fees paid during the downtime`` uses the first fee
    defined as an amount)."""
    names: list[str] = []
    for item in spec.items(n.Credits):
        for amount in _amounts(item):
            if isinstance(amount, n.PercentOfFee) and amount.fee.previous is None:
                names.append(amount.fee.name)
            elif isinstance(amount, n.FeeMultiple):
                first = next((a.name for a in spec.amounts.values()
                              if isinstance(a.value, Money)), next(iter(spec.per_customer), None))
                if first:
                    names.append(first)
    return list(dict.fromkeys(names))


def billing(spec: Spec) -> Billing:
    """The billing period of ``spec`` by the rule of this module."""
    items = spec.items(n.Credits)
    stated = next((x for x in items if isinstance(x, n.BillingPeriod)), None)
    if stated is not None:
        return Billing(stated.period, f"stated: fees are billed every calendar {stated.period}",
                       ((stated.period, "stated", stated),), stated)
    evidence: list[tuple[str, str, n.Node]] = []
    for item in items:
        if isinstance(item, n.CreditCap):
            evidence.append((item.period, f"the cap is per calendar {item.period}", item))
    for name in fee_names(spec):
        found = fee_period(spec, name)
        if found is not None:
            adjective = "yearly" if found[0] == "year" else found[0] + "ly"
            evidence.append((found[0], f'"{name}" is a {adjective} fee', found[1]))
    units = list(dict.fromkeys(u for u, _, _ in evidence))
    if len(units) == 1:
        return Billing(units[0], "derived: " + "; ".join(w for _, w, _ in evidence),
                       tuple(evidence))
    if len(units) > 1:
        return Billing(None, "ambiguous: " + "; ".join(w for _, w, _ in evidence),
                       tuple(evidence))
    claim = next((x for x in items if isinstance(x, n.ClaimDeadline)), None)
    if claim is not None:
        return Billing(claim.period, f"derived: credits are claimed per {claim.period}",
                       ((claim.period, f"credits are claimed per {claim.period}", claim),))
    windows: list[tuple[str, str, n.Node]] = []
    for entry in spec.objectives:
        if not spec.credit_clauses(entry):
            continue
        for t in entry.objective.targets:
            if isinstance(t.window, n.CalendarWindow):
                windows.append((t.window.unit, f'"{entry.objective.name}" is measured per '
                                f"calendar {t.window.unit}", t))
    units = list(dict.fromkeys(u for u, _, _ in windows))
    if len(units) == 1:
        return Billing(units[0], "derived: every objective with a credit is measured per "
                       f"calendar {units[0]}", tuple(windows))
    if len(units) > 1 and fee_names(spec):
        return Billing(None, "ambiguous: " + "; ".join(w for _, w, _ in windows),
                       tuple(windows))
    return Billing("month", "the default: a calendar month, as nothing else is stated")
