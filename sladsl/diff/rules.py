"""Semantic comparison of two versions of an agreement, change by change, with who it favours.

Both specs are cut into *units*: every statement, objective, service and prose block, each
with a key that says what it is about (``("target", "Compute API", "Latency", ...)``). Units
with the same key are paired; the rest were added or removed. A pair whose structures differ
is compared by the rule for its node class, which names the change and says whether it is
*weaker* or *stronger for the customer*, *wording only*, or *neutral*.

The direction of a target comes from its comparator: lowering ``at least 99.95%`` weakens it,
lowering ``at most 300 ms`` strengthens it. Tier tables are compared as the credit each would
pay at every threshold either table names, so moving a boundary is judged by its effect.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from .. import nodes as n
from ..fmt.command import structure
from ..model import Spec
from ..quantities import Duration, Money, Percent, Quantity, magnitude
from .units import Unit, units

Effect = Literal["weaker", "stronger", "wording", "neutral"]
EFFECTS: tuple[Effect, ...] = ("weaker", "stronger", "wording", "neutral")
EFFECT_TEXT = {"weaker": "weaker for the customer", "stronger": "stronger for the customer",
               "wording": "wording only", "neutral": "neutral/other"}
_DAYS = {"week": Decimal(7), "month": Decimal(30), "quarter": Decimal(91), "year": Decimal(365)}


@dataclass(frozen=True, slots=True)
class Change:
    """One difference between the versions and what it means for the customer."""

    effect: Effect
    kind: str  # a stable identifier, e.g. "target-lowered"
    summary: str  # for people: "target lowered from at least 99.95% to at least 99.9%"
    label: str  # what it touches: 'objective "Latency" of "Compute API"'
    old: n.Node | None
    new: n.Node | None


# ---------------------------------------------------------------- comparing


class Comparer:
    """Pairs the units of two specs and classifies every difference."""

    def __init__(self, old: Spec, new: Spec) -> None:
        self.old, self.new = old, new
        self.changes: list[Change] = []

    def compare(self) -> list[Change]:
        self._header()
        old_units, new_units = units(self.old), units(self.new)
        old_by = _group(old_units)
        new_by = _group(new_units)
        gone = {u.key for u in old_units if u.key not in new_by}
        came = {u.key for u in new_units if u.key not in old_by}
        for u in old_units:
            if u.key in gone and not (u.parent and u.parent in gone):
                self.changes.append(self.removed(u))
        for u in new_units:
            if u.key in came and not (u.parent and u.parent in came):
                self.changes.append(self.added(u))
            elif u.key in old_by:
                a = old_by[u.key]
                if structure(a.node) != structure(u.node) and not isinstance(
                        u.node, n.Service | n.Objective):
                    self.changes.extend(self.changed(a, u))
        self._comments()
        return self.changes

    # ---- the parts without units

    def _header(self) -> None:
        a, b = self.old.agreement, self.new.agreement
        for attr, what in (("title", "title"), ("version", "version"),
                           ("time_zone", "time zone"), ("currency", "currency"),
                           ("review", "review cadence")):
            x, y = getattr(a, attr), getattr(b, attr)
            if x != y:
                effect: Effect = "neutral"
                self.changes.append(Change(effect, f"{attr.replace('_', '-')}-changed",
                                           f"{what} changed from {x or 'none'} to {y or 'none'}",
                                           "the agreement header", None, None))

    def _comments(self) -> None:
        a = [c.text.rstrip() for c in self.old.document.comments]
        b = [c.text.rstrip() for c in self.new.document.comments]
        if a != b:
            self.changes.append(Change("wording", "comments-changed",
                                       f"comments changed ({len(a)} before, {len(b)} after)",
                                       "comments", None, None))

    # ---- added and removed

    def added(self, u: Unit) -> Change:
        effect, kind = _presence(u.node, self.new, added=True)
        return Change(effect, f"{kind}-added", f"{_what(u.node)} added", u.label, None, u.node)

    def removed(self, u: Unit) -> Change:
        effect, kind = _presence(u.node, self.old, added=False)
        return Change(effect, f"{kind}-removed", f"{_what(u.node)} removed", u.label, u.node,
                      None)

    # ---- changed

    def changed(self, a: Unit, b: Unit) -> list[Change]:
        rule: Callable[[n.Node, n.Node], list[tuple[Effect, str, str]]] | None = getattr(
            self, "compare_" + type(a.node).__name__, None)
        found = rule(a.node, b.node) if rule is not None else []
        if not found:
            found = [("neutral", "changed", f"{_what(a.node)} changed")]
        return [Change(effect, kind, text, b.label, a.node, b.node)
                for effect, kind, text in found]

    def customer(self, party: n.PartyRef, spec: Spec) -> bool:
        found = spec.party(party)
        return found is not None and found.role == "customer"

    def compare_Prose(self, a: n.Prose, b: n.Prose) -> list[tuple[Effect, str, str]]:
        return [("wording", "prose-reworded", "prose reworded")]

    def compare_TermDefinition(self, a: n.TermDefinition,
                               b: n.TermDefinition) -> list[tuple[Effect, str, str]]:
        return [("wording", "definition-reworded", f'definition of "{a.name}" reworded')]

    def compare_PriorityDefinition(self, a: n.PriorityDefinition,
                                   b: n.PriorityDefinition) -> list[tuple[Effect, str, str]]:
        return [("wording", "definition-reworded", f"definition of priority {a.level} reworded")]

    def compare_CalendarDefinition(self, a: n.CalendarDefinition,
                                   b: n.CalendarDefinition) -> list[tuple[Effect, str, str]]:
        out: list[tuple[Effect, str, str]] = []
        ha, hb = _weekly_minutes(a), _weekly_minutes(b)
        if ha != hb:
            # Fewer business hours stretch every deadline counted in them.
            out.append(("weaker" if hb < ha else "stronger", "hours-" + _less(hb, ha),
                        f'"{a.name}" {_less(hb, ha, "shortened", "lengthened")} from '
                        f"{Decimal(ha) / 60:f} to {Decimal(hb) / 60:f} hours a week"))
        if a.holidays != b.holidays:
            effect: Effect = "weaker" if a.holidays is None else \
                "stronger" if b.holidays is None else "neutral"
            out.append((effect, "holidays-changed", f'public holidays of "{a.name}" changed '
                        f"from {a.holidays or 'none'} to {b.holidays or 'none'}"))
        return out

    def compare_AmountDefinition(self, a: n.AmountDefinition,
                                 b: n.AmountDefinition) -> list[tuple[Effect, str, str]]:
        return [("neutral", "amount-changed", f'"{a.name}" changed from {a.value} to {b.value}')]

    # targets: every target class compares comparator, value, window, and its own extras

    def compare_target(self, a: n.Node, b: n.Node) -> list[tuple[Effect, str, str]]:
        out: list[tuple[Effect, str, str]] = []
        ca, cb = getattr(a, "comparator", None), getattr(b, "comparator", None)
        va, vb = getattr(a, "value", None), getattr(b, "value", None)
        if ca is not None and cb is not None and va is not None and vb is not None \
                and (ca, structure(va)) != (cb, structure(vb)):
            out.append(_target_move(ca, va, cb, vb, "target"))
        if isinstance(a, n.ScoreRatioTarget) and isinstance(b, n.ScoreRatioTarget) \
                and (a.score_comparator, a.score) != (b.score_comparator, b.score):
            out.append(_target_move(a.score_comparator, a.score, b.score_comparator, b.score,
                                    "score threshold"))
        if isinstance(a, n.PercentileTarget) and isinstance(b, n.PercentileTarget) \
                and a.percentile != b.percentile:
            up = b.percentile > a.percentile
            effect: Effect = ("stronger" if up else "weaker") if a.comparator in (
                "at_most", "less_than") else "neutral"
            out.append((effect, "percentile-" + ("raised" if up else "lowered"),
                        f"percentile {'raised' if up else 'lowered'} from {a.percentile} to "
                        f"{b.percentile}"))
        ea, eb = getattr(a, "event", None), getattr(b, "event", None)
        if isinstance(ea, n.TicketEvent) and isinstance(eb, n.TicketEvent) \
                and structure(ea) != structure(eb):
            out.append(_limit_move(ea, eb))
        wa, wb = getattr(a, "within", None), getattr(b, "within", None)
        if wa is not None and wb is not None and structure(wa) != structure(wb):
            out.append(_longer(wa, wb, "time limit", weaker_if_longer=True))
        if isinstance(a, n.TicketTimeTarget) and isinstance(b, n.TicketTimeTarget) \
                and a.any_time != b.any_time:
            out.append(("weaker" if a.any_time else "stronger", "clock-changed",
                        "clock changed from any time to "
                        "the default hours" if a.any_time else "clock changed to any time"))
        out.extend(_window_move(getattr(a, "window", None), getattr(b, "window", None)))
        return out

    compare_AvailabilityTarget = compare_PercentileTarget = compare_AverageTarget = \
        compare_RequestRatioTarget = compare_TicketTimeTarget = compare_TicketRatioTarget = \
        compare_ClosureRateTarget = compare_NpsTarget = compare_ScoreRatioTarget = \
        compare_target

    # measurement rules

    def compare_SliceRule(self, a: n.SliceRule, b: n.SliceRule) -> list[tuple[Effect, str, str]]:
        out: list[tuple[Effect, str, str]] = []
        if a.threshold is not None and b.threshold is not None and a.threshold != b.threshold:
            up = magnitude(b.threshold) > magnitude(a.threshold)
            # A higher failure share before a slice counts as down means less downtime.
            out.append(("weaker" if up else "stronger", "outage-threshold-" + _up(up),
                        f"share of failures before a slice counts as unavailable {_up(up)} "
                        f"from {a.threshold} to {b.threshold}"))
        if a.condition != b.condition:
            order = {"any_probe": 0, "share": 1, "all_probes": 2}
            effect: Effect = "weaker" if order[b.condition] > order[a.condition] else "stronger"
            out.append((effect, "outage-condition-changed", "condition for unavailability "
                        f"changed from {a.condition} to {b.condition}"))
        return out

    def compare_EmptySliceRule(self, a: n.EmptySliceRule,
                               b: n.EmptySliceRule) -> list[tuple[Effect, str, str]]:
        order = {"unavailable": 0, "excluded": 1, "available": 2}
        if a.counts_as == b.counts_as:
            return []
        effect: Effect = "weaker" if order[b.counts_as] > order[a.counts_as] else "stronger"
        return [(effect, "empty-slices-changed", f"slices without samples now count as "
                 f"{b.counts_as} (were {a.counts_as})")]

    def compare_MinimumRunRule(self, a: n.MinimumRunRule,
                               b: n.MinimumRunRule) -> list[tuple[Effect, str, str]]:
        return [_longer(a.length, b.length, "minimum outage length", weaker_if_longer=True)]

    def compare_SlowRequestRule(self, a: n.SlowRequestRule,
                                b: n.SlowRequestRule) -> list[tuple[Effect, str, str]]:
        return [_longer(a.limit, b.limit, "slow-request limit", weaker_if_longer=True)]

    # responsibilities and exclusions

    def compare_Responsibility(self, a: n.Responsibility,
                               b: n.Responsibility) -> list[tuple[Effect, str, str]]:
        da, db = a.deadline, b.deadline
        if da.within is not None and db.within is not None and da.within != db.within:
            longer = _longer(da.within, db.within, "deadline", weaker_if_longer=True)
            if self.customer(a.party, self.old):
                # More time for the customer's own duty is better for the customer.
                flip: dict[str, Effect] = {"weaker": "stronger", "stronger": "weaker"}
                longer = (flip.get(longer[0], longer[0]), longer[1], longer[2])
            return [longer]
        return []

    def compare_MaintenanceExclusion(self, a: n.MaintenanceExclusion,
                                     b: n.MaintenanceExclusion) -> list[tuple[Effect, str, str]]:
        out: list[tuple[Effect, str, str]] = []
        if a.notice != b.notice:
            out.append(_longer(a.notice, b.notice, "maintenance notice", weaker_if_longer=False))
        if a.allowance != b.allowance:
            if a.allowance is None or b.allowance is None:
                unlimited = b.allowance is None
                out.append(("weaker" if unlimited else "stronger",
                            "allowance-" + ("removed" if unlimited else "added"),
                            "maintenance allowance " + ("removed (maintenance is unlimited)"
                                                        if unlimited else f"of {b.allowance} "
                                                        "added")))
            else:
                out.append(_longer(a.allowance, b.allowance, "maintenance allowance",
                                   weaker_if_longer=True))
        wa, wb = a.allowance_window, b.allowance_window
        if a.allowance is not None and b.allowance is not None:
            out.extend((e, k, t.replace("window", "allowance window"))
                       for e, k, t in _window_move(wa, wb, weaker_if_longer=False))
        return out

    # credits

    def compare_TierTable(self, a: n.TierTable, b: n.TierTable) -> list[tuple[Effect, str, str]]:
        out: list[tuple[Effect, str, str]] = []
        if [structure(t) for t in a.tiers] != [structure(t) for t in b.tiers]:
            out.append(_tier_move(a, b))
        if [p.text for p in a.prose] != [p.text for p in b.prose]:
            out.append(("wording", "prose-reworded", "prose in the credit table reworded"))
        return out

    def compare_EventCredit(self, a: n.EventCredit,
                            b: n.EventCredit) -> list[tuple[Effect, str, str]]:
        return [_amount_move(a.amount, b.amount, "credit")]

    def compare_MissedCredit(self, a: n.MissedCredit,
                             b: n.MissedCredit) -> list[tuple[Effect, str, str]]:
        return [_amount_move(a.amount, b.amount, "credit")]

    def compare_CreditCap(self, a: n.CreditCap, b: n.CreditCap) -> list[tuple[Effect, str, str]]:
        out = [_amount_move(a.amount, b.amount, "cap")] if a.amount != b.amount else []
        if a.period != b.period:
            longer = _DAYS[b.period] > _DAYS[a.period]
            out.append(("weaker" if longer else "stronger", "cap-period-changed",
                        f"cap period changed from {a.period} to {b.period}"))
        return out

    def compare_MinimumCredit(self, a: n.MinimumCredit,
                              b: n.MinimumCredit) -> list[tuple[Effect, str, str]]:
        return [_amount_move(a.amount, b.amount, "minimum credit")]

    def compare_DeMinimis(self, a: n.DeMinimis, b: n.DeMinimis) -> list[tuple[Effect, str, str]]:
        out: list[tuple[Effect, str, str]] = []
        if structure(a.amount) != structure(b.amount):
            effect, kind, text = _amount_move(a.amount, b.amount, "de minimis threshold")
            flip: dict[str, Effect] = {"weaker": "stronger", "stronger": "weaker"}
            out.append((flip.get(effect, effect), kind, text))
        if a.inclusive != b.inclusive:  # "or less" also withholds a credit equal to it
            out.append(("weaker" if b.inclusive else "stronger", "de-minimis-inclusive"
                        if b.inclusive else "de-minimis-exclusive", "credits equal to the de "
                        f"minimis threshold are {'no longer' if b.inclusive else 'now'} paid"))
        return out

    def compare_BillingPeriod(self, a: n.BillingPeriod,
                              b: n.BillingPeriod) -> list[tuple[Effect, str, str]]:
        return [("neutral", "billing-period-changed",
                 f"billing period changed from calendar {a.period} to calendar {b.period}")]

    def compare_IntervalAverageRule(self, a: n.IntervalAverageRule,
                                    b: n.IntervalAverageRule) -> list[tuple[Effect, str, str]]:
        return [("neutral", "error-rate-interval-changed", "error-rate interval changed from "
                 f"{a.interval} to {b.interval}")]

    def compare_MinimumSampleRule(self, a: n.MinimumSampleRule,
                                  b: n.MinimumSampleRule) -> list[tuple[Effect, str, str]]:
        if a.samples != b.samples:
            return [("neutral", "minimum-sample-changed", f"minimum counts {b.samples} instead "
                     f"of {a.samples}")]
        up = b.count > a.count  # a higher minimum: the objective applies less often
        return [("weaker" if up else "stronger", "minimum-sample-" + ("raised" if up else "cut"),
                 f"minimum number of {b.samples} {'raised' if up else 'cut'} from {a.count} "
                 f"to {b.count}")]

    def compare_ClaimDeadline(self, a: n.ClaimDeadline,
                              b: n.ClaimDeadline) -> list[tuple[Effect, str, str]]:
        if a.within == b.within:
            return []
        effect, kind, text = _longer(a.within, b.within, "claim deadline", weaker_if_longer=False)
        return [(effect, kind, text)]

    def compare_TerminationRight(self, a: n.TerminationRight,
                                 b: n.TerminationRight) -> list[tuple[Effect, str, str]]:
        out: list[tuple[Effect, str, str]] = []
        if a.misses != b.misses:
            up = b.misses > a.misses
            out.append(("weaker" if up else "stronger", "termination-misses-" + _up(up),
                        f"misses needed to terminate {_up(up)} from {a.misses} to {b.misses}"))
        if a.out_of != b.out_of and a.out_of is not None and b.out_of is not None:
            up = b.out_of > a.out_of
            out.append(("stronger" if up else "weaker", "termination-window-" + _up(up),
                        f"window for the misses {_up(up)} from {a.out_of} to {b.out_of}"))
        return out

    def compare_ReportingClause(self, a: n.ReportingClause,
                                b: n.ReportingClause) -> list[tuple[Effect, str, str]]:
        if a.period != b.period:
            longer = _DAYS[b.period] > _DAYS[a.period]
            return [("weaker" if longer else "stronger", "reporting-period-changed",
                     f"reports every {b.period} instead of every {a.period}")]
        return []

    def compare_Example(self, a: n.Example, b: n.Example) -> list[tuple[Effect, str, str]]:
        return [("neutral", "example-changed", f'worked example "{a.name}" changed')]


def _group(items: list[Unit]) -> dict[tuple[str, ...], Unit]:
    out: dict[tuple[str, ...], Unit] = {}
    for u in items:
        out.setdefault(u.key, u)
    return out


def _what(node: n.Node) -> str:
    words = {"Objective": "objective", "Service": "service", "Prose": "prose",
             "TierTable": "credit tier table", "Example": "worked example"}
    name = type(node).__name__
    if name in words:
        return words[name]
    return "".join(" " + c.lower() if c.isupper() else c for c in name).strip()


def _presence(node: n.Node, spec: Spec, added: bool) -> tuple[Effect, str]:
    """Effect and kind of adding (or removing) ``node``."""
    good: Effect = "stronger" if added else "weaker"
    bad: Effect = "weaker" if added else "stronger"
    if isinstance(node, n.Prose | n.TermDefinition | n.PriorityDefinition):
        return "wording", "prose" if isinstance(node, n.Prose) else "definition"
    if isinstance(node, n.Service | n.Objective | n.Target):
        return good, "objective" if not isinstance(node, n.Service) else "service"
    if isinstance(node, n.Exclusion):
        return bad, "exclusion"
    if isinstance(node, n.MinimumRunRule | n.PauseRule):
        # Both take time out of what counts against the provider.
        return bad, "minimum-outage" if isinstance(node, n.MinimumRunRule) else "clock-pause"
    if isinstance(node, n.SlowRequestRule):
        return good, "slow-request-rule"
    if isinstance(node, n.TierTable | n.EventCredit | n.MissedCredit | n.MinimumCredit):
        return good, "credit"
    if isinstance(node, n.CreditCap | n.DeMinimis):
        return bad, "cap" if isinstance(node, n.CreditCap) else "de-minimis"
    if isinstance(node, n.SoleRemedy):
        return bad, "sole-remedy"
    if isinstance(node, n.ClaimDeadline):
        return bad, "claim-deadline"
    if isinstance(node, n.Forfeiture | n.MinimumSampleRule):
        return bad, "forfeiture" if isinstance(node, n.Forfeiture) else "minimum-sample"
    if isinstance(node, n.TerminationRight):
        customer = _role(node.party, spec) == "customer"
        return (good if customer else bad), "termination-right"
    if isinstance(node, n.Responsibility):
        customer = _role(node.party, spec) == "customer"
        return (bad if customer else good), "responsibility"
    if isinstance(node, n.ReportingClause):
        return good, "reporting"
    return "neutral", _what(node).replace(" ", "-")


def _role(party: n.PartyRef, spec: Spec) -> str | None:
    found = spec.party(party)
    return found.role if found is not None else None


def _up(up: bool) -> str:
    return "raised" if up else "lowered"


def _less(x: object, y: object, less: str = "reduced", more: str = "increased") -> str:
    return less if x < y else more  # type: ignore[operator]


def _comparable(a: Quantity, b: Quantity) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, Money) and isinstance(b, Money):
        return a.currency == b.currency
    if isinstance(a, Duration) and isinstance(b, Duration):
        return a.on_calendar == b.on_calendar and (a.seconds is None) == (b.seconds is None)
    return True


def _target_move(ca: str, va: Quantity, cb: str, vb: Quantity,
                 what: str) -> tuple[Effect, str, str]:
    """A target's comparator or value changed: which way does it move?"""
    text = f"{what} changed from {_cmp(ca)} {va} to {_cmp(cb)} {vb}"
    upward = {"at_least": True, "more_than": True, "at_most": False, "less_than": False}
    if upward[ca] != upward[cb] or not _comparable(va, vb):
        return "neutral", f"{what.replace(' ', '-')}-changed", text
    xa, xb = magnitude(va), magnitude(vb)
    if xa == xb:
        # Same number: only strictness changed ("at least 99%" → "more than 99%").
        stricter = cb in ("more_than", "less_than")
        return ("stronger" if stricter else "weaker"), f"{what.replace(' ', '-')}-changed", text
    raised = xb > xa
    stronger = raised == upward[ca]
    verb = "raised" if raised else "lowered"
    return ("stronger" if stronger else "weaker",
            f"{what.replace(' ', '-')}-{verb}", text.replace("changed", verb, 1))


def _cmp(c: str) -> str:
    return c.replace("_", " ")


def _longer(a: Quantity, b: Quantity, what: str,
            weaker_if_longer: bool) -> tuple[Effect, str, str]:
    kind = what.replace(" ", "-")
    if not _comparable(a, b):
        if isinstance(a, Duration) and isinstance(b, Duration) and a.on_calendar != b.on_calendar:
            # Counting in business hours only makes a limit longer in elapsed time.
            longer = b.on_calendar
        else:
            return "neutral", f"{kind}-changed", f"{what} changed from {a} to {b}"
    else:
        longer = magnitude(b) > magnitude(a)
    verb = "lengthened" if longer else "shortened"
    weaker = longer == weaker_if_longer
    return ("weaker" if weaker else "stronger", f"{kind}-{verb}",
            f"{what} {verb} from {a} to {b}")


def _limit_move(a: n.TicketEvent, b: n.TicketEvent) -> tuple[Effect, str, str]:
    if a.kind != b.kind or a.limit is None or b.limit is None:
        return "neutral", "ticket-event-changed", "what must happen to the ticket changed"
    if a.calendar != b.calendar and structure(a.limit) == structure(b.limit):
        effect: Effect = "weaker" if b.calendar is not None and a.calendar is None else \
            "stronger" if a.calendar is not None and b.calendar is None else "neutral"
        return effect, "clock-changed", (f"time limit now counted in {b.calendar or 'elapsed time'}"
                                         f" (was {a.calendar or 'elapsed time'})")
    what = "response time" if a.kind == "first_response" else "resolution time"
    return _longer(a.limit, b.limit, what, weaker_if_longer=True)


def _window_days(w: n.Window) -> Decimal:
    return _DAYS[w.unit] if isinstance(w, n.CalendarWindow) else w.days


def _window_move(a: n.Window | None, b: n.Window | None,
                 weaker_if_longer: bool = True) -> list[tuple[Effect, str, str]]:
    if structure(a) == structure(b):
        return []
    if a is None or b is None:
        return [("neutral", "window-changed", "measurement window changed")]
    da, db = _window_days(a), _window_days(b)
    if da == db:
        return [("neutral", "window-changed",
                 f"window changed from {_window_text(a)} to {_window_text(b)}")]
    longer = db > da
    verb = "lengthened" if longer else "shortened"
    return [("weaker" if longer == weaker_if_longer else "stronger", f"window-{verb}",
             f"window {verb} from {_window_text(a)} to {_window_text(b)}")]


def _window_text(w: n.Window) -> str:
    return f"each calendar {w.unit}" if isinstance(w, n.CalendarWindow) \
        else f"each rolling {w.days} days"


def _amount_value(amount: n.Amount) -> tuple[str, Decimal] | None:
    if isinstance(amount, n.PercentOfFee) and isinstance(amount.percent, Percent):
        return f"fee:{amount.fee.name}:{amount.fee.previous}", amount.percent.value
    if isinstance(amount, n.FixedAmount) and isinstance(amount.value, Money):
        return f"money:{amount.value.currency}", amount.value.amount
    if isinstance(amount, n.FeeMultiple):
        return "multiple", amount.multiple
    return None


def _amount_text(amount: n.Amount) -> str:
    if isinstance(amount, n.PercentOfFee):
        return f"{amount.percent} of the {amount.fee.name}"
    if isinstance(amount, n.FixedAmount):
        return str(amount.value)
    return f"{amount.multiple} times the fees"


def _amount_move(a: n.Amount, b: n.Amount, what: str) -> tuple[Effect, str, str]:
    """An amount that the customer receives changed (credits, caps, minimums)."""
    va, vb = _amount_value(a), _amount_value(b)
    text = f"{what} changed from {_amount_text(a)} to {_amount_text(b)}"
    kind = what.replace(" ", "-")
    if va is None or vb is None or va[0] != vb[0] or va[1] == vb[1]:
        return "neutral", f"{kind}-changed", text
    up = vb[1] > va[1]
    verb = "raised" if up else "cut"
    return ("stronger" if up else "weaker"), f"{kind}-{verb}", text.replace("changed", verb, 1)


def _tier_credit(table: n.TierTable, x: Decimal) -> tuple[str, Decimal] | None:
    from ..check.tiers import pick_tier, tier_interval

    matches = [t for t in table.tiers if tier_interval(t).contains(x)]
    tier = pick_tier(table, matches) or (matches[0] if matches else None)
    if tier is not None:
        return _amount_value(tier.amount) or ("?", Decimal(0))
    return ("none", Decimal(0))


def _samples(a: n.TierTable, b: n.TierTable) -> Iterator[Decimal]:
    points = sorted({magnitude(bd.value) for t in (*a.tiers, *b.tiers) for bd in t.bounds})
    if not points:
        return
    yield points[0] - 1
    for lo, hi in zip(points, points[1:], strict=False):
        yield lo
        yield (lo + hi) / 2
    yield points[-1]
    yield points[-1] + 1


def _tier_move(a: n.TierTable, b: n.TierTable) -> tuple[Effect, str, str]:
    """Compares what two tier tables pay at every threshold either names, and between."""
    worse = better = False
    for x in _samples(a, b):
        ca, cb = _tier_credit(a, x), _tier_credit(b, x)
        if ca is None or cb is None:
            continue
        if ca[0] != cb[0] and "none" not in (ca[0], cb[0]):
            return "neutral", "tiers-changed", "credit tiers changed to a different kind of amount"
        worse |= cb[1] < ca[1]
        better |= cb[1] > ca[1]
    same_bounds = [[structure(x) for x in t.bounds] for t in a.tiers] == \
        [[structure(x) for x in t.bounds] for t in b.tiers]
    what = "tier credit" if same_bounds else "tier thresholds"
    if worse and not better:
        verb = "cut" if same_bounds else "moved against the customer"
        return "weaker", f"{what.replace(' ', '-')}-{verb.split()[0]}", f"{what} {verb}"
    if better and not worse:
        verb = "raised" if same_bounds else "moved in the customer's favour"
        return "stronger", f"{what.replace(' ', '-')}-{verb.split()[0]}", f"{what} {verb}"
    return "neutral", "tiers-changed", "credit tiers changed (some values pay more, some less)"


def _weekly_minutes(cal: n.CalendarDefinition) -> int:
    total = 0
    for span in cal.spans:
        h1, m1 = (int(x) for x in span.start.split(":"))
        h2, m2 = (int(x) for x in span.end.split(":"))
        days = (span.last_day - span.first_day) % 7 + 1
        total += max(0, (h2 * 60 + m2) - (h1 * 60 + m1)) * days
    return total


def compare(old: Spec, new: Spec) -> list[Change]:
    """Every semantic difference between two versions of an agreement."""
    return Comparer(old, new).compare()
